public import TandemDomain

/// One target and how it stands, as one reader may see it: a row of a district's targets table (the
/// superintendent's page and the steward's form).
public struct TargetRow: Codable, Sendable {
    /// The indicator's name, and its id.
    public let indicator: String
    public let indicatorID: String
    /// `District` or `School 101`.
    public let place: String
    /// The school's code; `nil` for the district as a whole.
    public let school: String?
    public let group: String
    public let groupID: String
    public let targetYear: Int
    public let baseYear: Int
    /// The target year's label.
    public let by: String
    /// The rule in words.
    public let rule: String
    /// The base year's value as shown.
    public let base: String
    /// The value wanted, the straight line and the value measured in the latest judged year (a gap for a gap target).
    public let wanted: String
    public let line: String
    public let measured: String
    public let cascaded: Bool
    public let setBy: String
    /// The latest judged year's status, value and year.
    public let status: String
    public let statusLabel: String
    public let value: String
    public let detail: String
    public let year: String?
    /// Runs to the latest computed year or beyond (an ended target is history).
    public let isCurrent: Bool
    public let years: [YearStatus]

    public struct YearStatus: Codable, Sendable {
        public let year: String
        public let status: String
        public let statusLabel: String
        /// The value's counts in words.
        public let value: String
        public let line: String
    }
}

/// The stakeholder summary: per goal of the framework, each indicator's current district-level
/// all-students target in each district, judged in the latest year with a value.
public struct ProgressSummaryView: Codable, Sendable {
    public let frame: ResultsFrame
    public let purpose: String
    public let goals: [Goal]
    public let statusRules: [String]

    public struct Goal: Codable, Sendable {
        public let id: String
        public let title: String
        public let rows: [Row]
        public let hasRows: Bool
    }

    public struct Row: Codable, Sendable {
        public let id: String
        public let name: String
        /// One per district.
        public let cells: [Cell]
    }

    /// A district's standing on an indicator: its current target's status, or its latest value alone.
    public struct Cell: Codable, Sendable {
        public let hasTarget: Bool
        public let status: String?
        public let statusLabel: String?
        public let rule: String?
        public let value: String
        public let detail: String?
        public let year: String?
    }
}

/// A district's (or school's) targets with their status: the superintendent's evaluation page.
public struct DistrictProgressView: Codable, Sendable {
    public let frame: ResultsFrame
    public let district: DistrictInfo
    public let school: SchoolInfo?
    public let heading: String
    public let rows: [TargetRow]
    /// Current targets that are off track now.
    public let offTrack: [TargetRow]
    public let latestYear: String
    public let statusRules: [String]
    /// The reader sets this district's targets.
    public let mayEdit: Bool
}

extension ResultsView {
    /// How a status is decided, in words for every page that shows one.
    public static let statusRules = [
        "Met: the latest value is at or past the target value.",
        "On track: not there yet, but at or past the straight line from the base year's value to the target in the target year.",
        "Off track: behind that line (in the target year: short of the target).",
        "No data: the value, or the base year's value, is missing or hidden from you by the small-group rule.",
        "Values are compared as shown, rounded to a tenth (percent, or points from the standard). For a gap target the gap to all students is what is judged.",
    ]

    /// A current target runs to the latest computed year or beyond; one that ended earlier is history.
    public func isCurrent(_ target: Target) -> Bool {
        target.year >= years.last ?? .max
    }

    /// The stakeholder summary of `framework`'s goals, from every district's stored targets.
    public func progressSummary(_ framework: Framework, targets: [StoredTarget]) async throws -> ProgressSummaryView {
        let progress = try await self.progress(
            of: targets.filter {
                $0.target.school == nil && $0.target.group == .all && isCurrent($0.target) && indicator($0.target.indicator) != nil
            }
        )
        let goals = framework.goals.map { goal in
            let rows = goal.indicators.compactMap { id -> ProgressSummaryView.Row? in
                guard let indicator = indicator(id) else { return nil }
                let cells = districts.map { district -> ProgressSummaryView.Cell in
                    let mine = progress.filter { $0.target.indicator == id && $0.target.district == district.code }
                    guard let latest = mine.max(by: { $0.target.year < $1.target.year }) else {
                        let value = latestValue(id, district.code)
                        return ProgressSummaryView.Cell(
                            hasTarget: false,
                            status: nil,
                            statusLabel: nil,
                            rule: nil,
                            value: value?.text ?? "–",
                            detail: nil,
                            year: value.map { schoolYearLabel($0.year) }
                        )
                    }
                    let status = latest.current?.judgement.status ?? .noData
                    let shown = ValueCell(latest.current?.value, minimumGroupSize: minimumGroupSize)
                    return ProgressSummaryView.Cell(
                        hasTarget: true,
                        status: status.rawValue,
                        statusLabel: status.label,
                        rule: latest.rule,
                        value: shown.rate,
                        detail: shown.detail,
                        year: latest.current.map { schoolYearLabel($0.year) }
                    )
                }
                return ProgressSummaryView.Row(id: id, name: indicator.name, cells: cells)
            }
            return ProgressSummaryView.Goal(id: goal.id, title: goal.title, rows: rows, hasRows: !rows.isEmpty)
        }
        return ProgressSummaryView(frame: frame, purpose: framework.purpose, goals: goals, statusRules: Self.statusRules)
    }

    /// A district's targets (`school`: one school's) with their status; `targets` are the district's stored targets.
    public func districtProgress(_ district: DistrictInfo, school: SchoolInfo?, targets: [StoredTarget]) async throws -> DistrictProgressView {
        var stored = targets.filter { indicator($0.target.indicator) != nil }
        var heading = "\(district.name): targets and progress"
        if let school {
            stored = stored.filter { $0.target.school == school.code }
            heading = "\(school.name), \(district.name): targets and progress"
        }
        let rows = try await targetRows(stored)
        return DistrictProgressView(
            frame: frame,
            district: district,
            school: school,
            heading: heading,
            rows: rows,
            // What is off track now: current targets only (an ended target's final status stays in the table).
            offTrack: rows.filter { $0.isCurrent && $0.status == TargetStatus.offTrack.rawValue },
            latestYear: years.last.map(schoolYearLabel) ?? "",
            statusRules: Self.statusRules,
            mayEdit: identity?.maySetTargets(of: district.code) == true
        )
    }

    /// Each target as a row of a targets table.
    public func targetRows(_ targets: [StoredTarget]) async throws -> [TargetRow] {
        try await progress(of: targets).map(targetRow)
    }

    private func targetRow(_ progress: TargetProgress) -> TargetRow {
        let target = progress.target
        let isGap = if case .closeGap = target.rule { true } else { false }
        func number(_ value: Double?) -> String {
            value.map { isGap ? "\(Measure.tenth($0)) \(target.measure.differenceUnit) gap" : target.measure.text($0) } ?? "–"
        }
        let current = progress.current
        let status = current?.judgement.status ?? .noData
        let shown = ValueCell(current?.value, minimumGroupSize: minimumGroupSize)
        return TargetRow(
            indicator: indicator(target.indicator)?.name ?? target.indicator,
            indicatorID: target.indicator,
            place: target.school.map { "School \($0)" } ?? "District",
            school: target.school,
            group: target.group.title,
            groupID: target.group.rawValue,
            targetYear: target.year,
            baseYear: target.baseYear,
            by: schoolYearLabel(target.year),
            rule: progress.rule,
            base: ValueCell(progress.base, minimumGroupSize: minimumGroupSize).rate,
            wanted: number(current?.judgement.wanted),
            line: number(current?.judgement.trajectory),
            measured: number(current?.judgement.measured),
            cascaded: progress.stored.cascaded,
            setBy: progress.stored.setBy,
            status: status.rawValue,
            statusLabel: status.label,
            value: shown.rate,
            detail: shown.detail,
            year: current.map { schoolYearLabel($0.year) },
            isCurrent: isCurrent(target),
            years: progress.years.map { year in
                TargetRow.YearStatus(
                    year: schoolYearLabel(year.year),
                    status: year.judgement.status.rawValue,
                    statusLabel: year.judgement.status.label,
                    value: ValueCell(year.value, minimumGroupSize: minimumGroupSize).detail,
                    line: number(year.judgement.trajectory)
                )
            }
        )
    }

    /// The latest year's value this reader may see, and its year (Algebra 1 in grade 8 ends with the CST).
    func latestValue(_ indicator: String, _ district: String) -> (text: String, year: Int)? {
        for year in years.reversed() {
            if let text = value(indicator, district: district, year: year)?.text { return (text, year) }
        }
        return nil
    }
}
