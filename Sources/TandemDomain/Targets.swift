/// Targets a district sets itself, and how a value is judged against one.
///
/// A target belongs to a district, an indicator, a place (the district, or one of its schools), a
/// student group and a target year, and counts from a base year. Its rule says what value is wanted in
/// the target year; between the base year and the target year the wanted path is a straight line (the
/// interim trajectory), so every year in between can be judged too.
///
/// Values are compared as they are shown, rounded to a tenth: rates in percent, means in points.
public struct Target: Sendable, Hashable {
    public var district: String
    public var indicator: String
    /// A school code, or `nil` for the district as a whole.
    public var school: String?
    public var group: StudentGroup
    /// The school year by which the rule is to be met (the year the spring falls in: 2012 = 2011–12).
    public var year: Int
    /// The school year whose value the target counts from.
    public var baseYear: Int
    public var rule: TargetRule
    /// Whether a lower value is better (for instance the share of long-term English learners).
    public var lowerIsBetter: Bool
    /// What the indicator's values are (percent, or points from the standard): the unit of the rule's amounts.
    public var measure: Measure

    public init(
        district: String,
        indicator: String,
        school: String? = nil,
        group: StudentGroup = .all,
        year: Int,
        baseYear: Int,
        rule: TargetRule,
        lowerIsBetter: Bool = false,
        measure: Measure = .share
    ) {
        self.district = district
        self.indicator = indicator
        self.school = school
        self.group = group
        self.year = year
        self.baseYear = baseYear
        self.rule = rule
        self.lowerIsBetter = lowerIsBetter
        self.measure = measure
    }

    /// What is wrong with the target as entered, or `nil`: the target year must come after the base year,
    /// an absolute rate lie in 0–100 (a mean distance from standard within ±500 points), a gap be closed for a group other than all students, by a fraction
    /// in (0, 1].
    public var problem: String? {
        guard year > baseYear else { return "the target year must come after the base year" }
        switch rule {
        case .absolute(let value):
            switch measure {
            case .share: guard (0...100).contains(value) else { return "a target rate is between 0 and 100 percent" }
            case .points: guard (-500...500).contains(value) else { return "a target distance from standard is between -500 and 500 points" }
            case .count: guard (0...10_000_000).contains(value) else { return "a target number of students is between 0 and 10,000,000" }
            }
        case .annualGain(let points):
            guard points.isFinite, abs(points) <= 100, points != 0 else { return "a yearly gain is a number of points, not 0, at most 100" }
        case .closeGap(let fraction):
            guard group != .all else { return "a gap to all students is closed by a student group, not by all students" }
            guard fraction > 0, fraction <= 1 else { return "the share of the gap to close is more than 0 and at most 1 (a third: 0.333)" }
        }
        return nil
    }
}

/// What a target asks for.
public enum TargetRule: Sendable, Hashable {
    /// Reach this value (a rate in percent, or a mean in points) by the target year.
    case absolute(value: Double)
    /// Gain this many points a year from the base year's value (negative: fall, for lower-is-better).
    case annualGain(points: Double)
    /// Close this fraction of the group's gap to all students (as it was in the base year) by the target year.
    case closeGap(fraction: Double)

    /// The rule in words, shown next to every status.
    public func description(baseYear: Int, year: Int, lowerIsBetter: Bool, measure: Measure = .share) -> String {
        let span = "from \(schoolYearLabel(baseYear)) to \(schoolYearLabel(year))"
        switch self {
        case .absolute(let value):
            return
                "\(lowerIsBetter ? "at most" : "at least") \(measure.text(value)) by \(schoolYearLabel(year)), on a straight line from \(schoolYearLabel(baseYear))"
        case .annualGain(let points): return "\(points > 0 ? "+" : "")\(Measure.tenth(points)) points a year \(span)"
        case .closeGap(let fraction): return "close \(Self.fraction(fraction)) of the gap to all students \(span)"
        }
    }

    static func fraction(_ value: Double) -> String {
        if abs(value - 1.0 / 3) < 0.001 { return "a third" }
        if abs(value - 0.5) < 0.001 { return "half" }
        if abs(value - 1) < 0.001 { return "all" }
        return "\(Measure.tenth(value * 100))%"
    }
}

/// How a value stands against its target.
public enum TargetStatus: String, Sendable, Hashable, CaseIterable {
    /// At or past the target value.
    case met
    /// Not yet at the target, but at or past the straight line from the base year to the target.
    case onTrack = "on-track"
    /// Behind the line (or, in the target year, short of the target).
    case offTrack = "off-track"
    /// The value (or the base-year value it is measured from) is missing, or hidden from this reader.
    case noData = "no-data"

    public var label: String {
        switch self {
        case .met: "Met"
        case .onTrack: "On track"
        case .offTrack: "Off track"
        case .noData: "No data"
        }
    }
}

/// A judgement of one year's value against a target: the status, and the numbers behind it.
public struct TargetJudgement: Sendable, Hashable {
    public var status: TargetStatus
    /// What the target asks of the measured quantity by the target year (a rate, or for a gap target the gap).
    public var wanted: Double?
    /// Where the straight line from the base year stands in the judged year.
    public var trajectory: Double?
    /// The measured quantity in the judged year (the rate, or the gap in points).
    public var measured: Double?
}

extension Target {
    /// Judges the value of `year` (as shown: a percent or points; `nil` when missing or hidden). `base` is the base year's
    /// value; for a gap target `allStudents` gives the all-students rate of the base year and of `year`.
    public func judge(
        year judged: Int,
        value: Double?,
        base: Double?,
        allStudents: (base: Double?, judged: Double?) = (nil, nil)
    ) -> TargetJudgement {
        guard judged > baseYear, judged <= year else { return TargetJudgement(status: .noData) }
        let progress = Double(judged - baseYear) / Double(year - baseYear)
        switch rule {
        case .absolute(let target):
            guard let value, let base else { return TargetJudgement(status: .noData, wanted: target) }
            return Self.compare(measured: value, start: base, wanted: target, progress: progress, lowerIsBetter: lowerIsBetter, final: judged == year)
        case .annualGain(let points):
            guard let value, let base else { return TargetJudgement(status: .noData) }
            let wanted = base + points * Double(year - baseYear)
            return Self.compare(measured: value, start: base, wanted: wanted, progress: progress, lowerIsBetter: points < 0, final: judged == year)
        case .closeGap(let fraction):
            guard let value, let base, let allBase = allStudents.base, let allNow = allStudents.judged else {
                return TargetJudgement(status: .noData)
            }
            // The gap is measured so that a positive gap is the group behind all students.
            let sign = lowerIsBetter ? -1.0 : 1.0
            let startGap = sign * (allBase - base)
            let gap = sign * (allNow - value)
            let wanted = startGap > 0 ? startGap * (1 - fraction) : startGap
            return Self.compare(measured: gap, start: startGap, wanted: wanted, progress: progress, lowerIsBetter: true, final: judged == year)
        }
    }

    /// Met at or past `wanted`; on track at or past the line from `start` to `wanted`; else off track
    /// (and in the final year, short of `wanted` is off track). Compared in tenths, as shown.
    static func compare(measured: Double, start: Double, wanted: Double, progress: Double, lowerIsBetter: Bool, final: Bool) -> TargetJudgement {
        let line = start + (wanted - start) * progress
        func atLeast(_ a: Double, _ b: Double) -> Bool {
            lowerIsBetter ? Measure.tenths(a) <= Measure.tenths(b) : Measure.tenths(a) >= Measure.tenths(b)
        }
        let status: TargetStatus = atLeast(measured, wanted) ? .met : (!final && atLeast(measured, line) ? .onTrack : .offTrack)
        return TargetJudgement(status: status, wanted: wanted, trajectory: line, measured: measured)
    }

    /// The target a school gets when the district's is cascaded: the same rule from the school's own
    /// base-year value (an absolute rate stays the same rate; a yearly gain stays the same gain; a share
    /// of a gap stays the same share of the school's own gap).
    public func cascaded(to school: String) -> Target {
        var copy = self
        copy.school = school
        return copy
    }
}

/// A stored target: the `Target`, who set it and when, and whether the cascade made it.
public struct StoredTarget: Sendable, Hashable {
    public var target: Target
    public var cascaded: Bool
    public var setBy: String
    public var setAt: String

    public init(target: Target, cascaded: Bool, setBy: String, setAt: String) {
        self.target = target
        self.cascaded = cascaded
        self.setBy = setBy
        self.setAt = setAt
    }
}

/// One line of a target's history: who changed it when, and the rule before and after.
public struct TargetChange: Sendable, Hashable, Codable {
    public var at: String
    public var actor: String
    /// `set`, `changed`, `cascaded` or `removed`.
    public var change: String
    public var before: String?
    public var after: String?

    public init(at: String, actor: String, change: String, before: String?, after: String?) {
        self.at = at
        self.actor = actor
        self.change = change
        self.before = before
        self.after = after
    }
}
