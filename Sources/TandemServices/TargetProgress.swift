public import TandemDomain
import TandemPorts

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
    public func progress(of targets: [StoredTarget]) async throws -> [TargetProgress] {
        // Every school value the targets need (their group's and all students'), read in one transaction
        // before judging: one consistent state and one trip to the store, however many schools (the judging is pure).
        let places = Set(
            targets.flatMap { stored -> [SchoolPlace] in
                guard let school = stored.target.school else { return [] }
                return [stored.target.group, .all].map { SchoolPlace(district: stored.target.district, school: school, group: $0) }
            }
        )
        let stored =
            places.isEmpty
            ? [:]
            : try await dashboard.store.read { db in
                try Dictionary(
                    uniqueKeysWithValues: places.map { ($0, try db.placeValues(district: $0.district, school: $0.school, group: $0.group)) }
                )
            }
        let schoolValues = Dictionary(uniqueKeysWithValues: stored.map { ($0, published($1, district: $0.district, school: $0.school)) })
        func value(_ target: Target, group: StudentGroup, year: Int) -> PublishedValue? {
            guard let school = target.school else { return self.value(target.indicator, district: target.district, year: year, group: group) }
            return schoolValues[SchoolPlace(district: target.district, school: school, group: group)]?[target.indicator]?[year]
        }
        return targets.map { stored in
            let target = stored.target
            let base = value(target, group: target.group, year: target.baseYear)
            let allBase = target.group == .all ? base : value(target, group: .all, year: target.baseYear)
            let years = self.years.filter { $0 > target.baseYear && $0 <= target.year }.map { year in
                let current = value(target, group: target.group, year: year)
                let allNow = target.group == .all ? current : value(target, group: .all, year: year)
                let judgement = target.judge(
                    year: year,
                    value: current?.shown,
                    base: base?.shown,
                    allStudents: (allBase?.shown, allNow?.shown)
                )
                return TargetProgress.Year(year: year, value: current, judgement: judgement)
            }
            return TargetProgress(stored: stored, rule: TargetService.ruleText(target), base: base, years: years)
        }
    }
}

/// A school and a student group whose values a target is judged on.
private struct SchoolPlace: Hashable, Sendable {
    let district: String
    let school: String
    let group: StudentGroup
}
