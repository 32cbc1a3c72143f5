import Foundation
import TandemContract
public import TandemDomain
import TandemEngine
public import TandemPorts

/// `tandem compute`: reads every district's records into columns, computes the whole cube from the
/// indicator definitions, applies the small-group rule and stores the values.
public struct ComputeService: Sendable {
    let store: any TandemStore

    public init(store: any TandemStore) { self.store = store }

    /// The partnership's minimum group size: the stored setting, else 11.
    public static let minimumGroupSizeKey = "partnership.minimum_group_size"

    public func minimumGroupSize() async throws -> Int {
        try await store.read { try $0.setting(Self.minimumGroupSizeKey) }.flatMap(Int.init) ?? SuppressionRule().minimumGroupSize
    }

    /// Whether the stored values are missing, from other definitions, or older than the latest load.
    public func isStale(definitionVersion: String) async throws -> Bool {
        try await store.read { db in
            guard let latest = try db.latestComputation() else { return true }
            let latestImport = try db.latestImportID()
            return latest.definitionVersion != definitionVersion || latest.latestImportID != latestImport
        }
    }

    /// The latest computation, if any.
    public func latestComputation() async throws -> Computation? {
        try await store.read { try $0.latestComputation() }
    }

    /// What a computation did and how long each part took.
    public struct Report: Sendable {
        public var computation: Computation
        public var districts: Int
        public var records: Int
        public var indicators: Int
        public var values: Int
        public var cohortValues: Int
        /// Cells hidden from partners and the public, cube and cohorts, for each reason.
        public var hidden: [SuppressionReason: Int]
        /// Values hidden (empty groups published as hidden are not values: `hidden[.emptyGroup]` counts them).
        public var suppressed: Int { hidden.filter { $0.key != .emptyGroup }.values.reduce(0, +) }
        /// Small groups hidden that some reader can still narrow down whatever else is hidden (pinned by
        /// what that reader may see: a district value at 0% or 100%, their own school, the students no school lists).
        public var unprotectable: Int
        /// Hidden values as a share of all values, in percent: the information the suppression costs.
        public var hiddenShare: Double { values + cohortValues == 0 ? 0 : 100 * Double(suppressed) / Double(values + cohortValues) }
        public var loadSeconds: Double
        public var cubeSeconds: Double
        public var suppressionSeconds: Double
        /// Students on the lists (every list, district and year), and the seconds the lists took.
        public var listMembers: Int
        /// List counts with students (year × district × place × group), and how many of them are hidden from
        /// partners (small groups and those protecting them).
        public var listCounts: Int
        public var listCountsHidden: Int
        /// Small list counts some reader can still narrow down, as `unprotectable` for the values.
        public var listCountsUnprotectable: Int
        public var listSeconds: Double
        public var storeSeconds: Double
        /// The years each indicator has a value in each district, and why one has none.
        public var coverage: Coverage
    }

    /// Computes and stores the cube with the partnership's test catalog. `minimumGroupSize`, when given,
    /// becomes the partnership's setting.
    @discardableResult
    public func run(
        library: IndicatorLibrary,
        minimumGroupSize: Int? = nil,
        progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> Report {
        if let minimumGroupSize {
            guard minimumGroupSize >= 1 else { throw InputError("the minimum group size must be at least 1") }
            try await store.write { try $0.setSetting(Self.minimumGroupSizeKey, String(minimumGroupSize)) }
        }
        let rule = SuppressionRule(minimumGroupSize: try await self.minimumGroupSize())
        let catalog = try await partnershipCatalog()

        let latestImportID = try await store.read { try $0.latestImportID() }
        let loadStart = ContinuousClock.now
        let districts = try await store.readRecords { progress?("reading \($0)") }
        let loadSeconds = (ContinuousClock.now - loadStart).seconds

        progress?("computing \(library.indicators.count) indicators")
        let cubeStart = ContinuousClock.now
        let cube = try await offThePool { IndicatorEngine(library: library, catalog: catalog).compute(districts) }
        let cubeSeconds = (ContinuousClock.now - cubeStart).seconds

        progress?("applying the small-group rule and protecting linked cells")
        let suppressionStart = ContinuousClock.now
        let (reasons, cohortReasons) = try await offThePool {
            let suppression = CubeSuppression(rule: rule, measures: Dictionary(library.indicators.map { ($0.id, $0.measure) }) { first, _ in first })
            return suppression.reasons(cube)
        }
        let unprotectable = (reasons + cohortReasons).reduce(0) { $0 + $1.unprotectable }
        let suppressionSeconds = (ContinuousClock.now - suppressionStart).seconds

        progress?("computing the student lists")
        let listStart = ContinuousClock.now
        let lists = try await partnershipLists(districts: districts.map(\.districtCode))
        let (listMembers, listCounts, listCountSuppression) = try await offThePool {
            let engine = ListEngine(catalog: catalog)
            let members = engine.members(of: lists.lists, in: districts)
            let counts = zip(districts, members).flatMap { records, members in
                engine.counts(of: lists.lists[records.districtCode] ?? [], members: members, in: records)
            }
            // The counts leave the district (a partner sees how many, never who): the same rule and protection
            // as the indicators', a count measured in students.
            let measures = Dictionary(counts.map { ($0.indicator, Measure.count) }) { first, _ in first }
            let suppressed = CubeSuppression(rule: rule, measures: measures).reasons(counts)
            let stored = zip(districts, members).flatMap { records, members in
                let definitions = lists.lists[records.districtCode] ?? []
                return members.map {
                    StoredListMember(
                        list: definitions[$0.list].id,
                        district: records.districtCode,
                        year: $0.year,
                        school: records.schoolCodes[Int($0.school)],
                        studentID: records.studentIDs[Int($0.student)],
                        grade: Int($0.grade),
                        reason: $0.reason
                    )
                }
            }
            return (stored, counts, suppressed)
        }
        let listSeconds = (ContinuousClock.now - listStart).seconds

        let coverage = Coverage(cube: cube, districts: districts, library: library)
        progress?("storing values")
        let storeStart = ContinuousClock.now
        let computation = try await store.replaceResults(
            ComputedResults(
                cube: cube,
                reasons: reasons.map(\.reasons),
                cohortReasons: cohortReasons.map(\.reasons),
                library: library,
                minimumGroupSize: rule.minimumGroupSize,
                latestImportID: latestImportID,
                seconds: loadSeconds + cubeSeconds + suppressionSeconds,
                computedAt: Timestamp.now(),
                coverage: coverage.rows,
                listMembers: listMembers,
                listCounts: listCounts,
                listCountReasons: listCountSuppression.map(\.reasons)
            )
        )
        let storeSeconds = (ContinuousClock.now - storeStart).seconds

        let valueCount = cube.blocks.reduce(0) { $0 + $1.denominators.count { $0 > 0 } }
        let cohortValues = cube.cohorts.reduce(0) { $0 + $1.denominators.count { $0 > 0 } }
        var hidden: [SuppressionReason: Int] = [:]
        for block in reasons + cohortReasons {
            for reason in block.reasons where reason.isSuppressed { hidden[reason, default: 0] += 1 }
        }
        let records = districts.reduce(0) {
            $0 + $1.enrollments.count + $1.assessments.count + $1.courses.count + $1.outcomes.count + $1.studentCount
        }
        return Report(
            computation: computation,
            districts: districts.count,
            records: records,
            indicators: library.indicators.count,
            values: valueCount,
            cohortValues: cohortValues,
            hidden: hidden,
            unprotectable: unprotectable,
            loadSeconds: loadSeconds,
            cubeSeconds: cubeSeconds,
            suppressionSeconds: suppressionSeconds,
            listMembers: listMembers.count,
            listCounts: listCounts.reduce(0) { $0 + $1.denominators.count { $0 > 0 } },
            listCountsHidden: listCountSuppression.reduce(0) { $0 + $1.reasons.count { $0.isSuppressed && $0 != .emptyGroup } },
            listCountsUnprotectable: listCountSuppression.reduce(0) { $0 + $1.unprotectable },
            listSeconds: listSeconds,
            storeSeconds: storeSeconds,
            coverage: coverage
        )
    }
}
