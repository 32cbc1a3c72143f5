import TandemDomain
import TandemStorage

/// A target and how each year since its base year stands against it, as one reader may see it: a value
/// hidden from the reader (a partner's small group) is "no data", never a status that would hint at it.
public struct TargetProgress: Sendable {
    public struct Year: Sendable {
        public let year: Int
        public let value: PublishedValue?
        public let judgement: TargetJudgement
    }

    public let stored: StoredTarget
    /// The rule in words, shown next to every status.
    public let rule: String
    public let base: PublishedValue?
    /// Every computed year after the base year, up to the target year.
    public let years: [Year]

    public var target: Target { stored.target }

    /// The latest judged year: the status a dashboard shows now.
    public var current: Year? { years.last }
}

extension ResultsView {
    /// The progress of each target (district-level values from the snapshot, school values read once per
    /// school and group).
    public func progress(of targets: [StoredTarget]) throws -> [TargetProgress] {
        var schoolValues: [String: [String: [Int: PublishedValue]]] = [:]
        func value(_ target: Target, group: StudentGroup, year: Int) throws -> PublishedValue? {
            guard let school = target.school else { return self.value(target.indicator, district: target.district, year: year, group: group) }
            let key = "\(school)\u{0}\(group.rawValue)"
            if schoolValues[key] == nil { schoolValues[key] = try placeValues(district: target.district, school: school, group: group) }
            return schoolValues[key]?[target.indicator]?[year]
        }
        return try targets.map { stored in
            let target = stored.target
            let base = try value(target, group: target.group, year: target.baseYear)
            let allBase = target.group == .all ? base : try value(target, group: .all, year: target.baseYear)
            let years = try self.years.filter { $0 > target.baseYear && $0 <= target.year }.map { year in
                let current = try value(target, group: target.group, year: year)
                let allNow = target.group == .all ? current : try value(target, group: .all, year: year)
                let judgement = target.judge(year: year, value: current?.shown, base: base?.shown,
                                             allStudents: (allBase?.shown, allNow?.shown))
                return TargetProgress.Year(year: year, value: current, judgement: judgement)
            }
            return TargetProgress(stored: stored, rule: TargetService.ruleText(target), base: base, years: years)
        }
    }
}
