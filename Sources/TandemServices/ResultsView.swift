public import TandemDomain
import TandemPorts

extension DashboardService {
    /// The latest computation as `identity` may see it (`nil`: a signed-out visitor), or `nil` before
    /// any computation.
    public func view(for identity: Identity?) async throws -> ResultsView? {
        // One read transaction per request: the latest computation, what is public, the stamp of the
        // targets and framework, and whether records were loaded after the values were computed.
        let found = try await store.read { db -> (DashboardSnapshot, Set<String>?, Int, Bool)? in
            guard let snapshot = try self.snapshot(db) else { return nil }
            return (
                snapshot, identity == nil ? try db.publicIndicators() : nil, try db.targetsAndFrameworkStamp(),
                try db.latestImportID() != snapshot.latestImportID
            )
        }
        guard let (snapshot, publicIndicators, targetsStamp, predates) = found else { return nil }
        return ResultsView(
            dashboard: self,
            snapshot: snapshot,
            identity: identity,
            publicIndicators: publicIndicators,
            targetsStamp: targetsStamp,
            valuesPredateLatestLoad: predates
        )
    }
}

/// The stored results as one person sees them: every value comes out as a `PublishedValue` for its
/// audience (`Optional<Identity>.audience`), and a signed-out visitor sees only the indicators the
/// partnership marked public. Pages, downloads and the API read results through this type only.
public struct ResultsView: Sendable {
    let dashboard: DashboardService
    let snapshot: DashboardSnapshot
    public let identity: Identity?
    /// The public indicators, for a signed-out visitor; `nil` when signed in (every indicator).
    let publicIndicators: Set<String>?
    /// Changes whenever a target or the framework does: pages showing statuses are cached per stamp.
    let targetsStamp: Int
    /// Records were loaded after the values were computed (`tandem compute` has not run since): every page
    /// says its values do not include them yet.
    public let valuesPredateLatestLoad: Bool

    public var computationID: Int64 { snapshot.computationID }
    public var computedAt: String { snapshot.computedAt }
    public var definitionVersion: String { snapshot.definitionVersion }
    public var minimumGroupSize: Int { snapshot.minimumGroupSize }
    public var isSynthetic: Bool { snapshot.isSynthetic }
    public var districts: [DistrictInfo] { snapshot.districts }
    public var years: [Int] { snapshot.years }

    /// The indicators this person may see, in the library's order.
    public var indicators: [IndicatorInfo] {
        guard let publicIndicators else { return snapshot.indicators }
        return snapshot.indicators.filter { publicIndicators.contains($0.id) }
    }

    /// Two people with the same key see the same pages (for a page cache).
    public var cacheKey: String {
        "\(snapshot.computationID) \(targetsStamp) \(valuesPredateLatestLoad) \(identity.audienceKey) \(publicIndicators.map { $0.sorted().joined(separator: ",") } ?? "")"
    }

    public func indicator(_ id: String) -> IndicatorInfo? { indicators.first { $0.id == id } }

    /// Whether `id` is an indicator that signing in would show: computed, but not made public.
    public func isForThePartnershipOnly(_ id: String) -> Bool {
        publicIndicators.map { !$0.contains(id) && snapshot.indicators.contains { $0.id == id } } ?? false
    }

    public func district(_ code: String) -> DistrictInfo? { snapshot.district(code) }

    /// A district-level value, if one was computed.
    public func value(_ indicator: String, district: String, year: Int, group: StudentGroup = .all) -> PublishedValue? {
        guard let info = self.indicator(indicator) else { return nil }
        return snapshot.stored(indicator, district: district, year: year, group: group)?
            .published(for: identity.audience(district: district, school: nil), measure: info.measure)
    }

    /// Every school's value of an indicator for one district, year and group, in school-code order.
    public func schoolValues(indicator: String, district: String, year: Int, group: StudentGroup) async throws -> [SchoolValue] {
        guard let info = self.indicator(indicator) else { return [] }
        let identity = self.identity
        return try await dashboard.store.read { try $0.schoolValues(indicator: indicator, district: district, year: year, group: group) }
            .compactMap { stored in
                stored.value.published(for: identity.audience(district: district, school: stored.school.code), measure: info.measure).map {
                    SchoolValue(code: stored.school.code, name: stored.school.name, value: $0)
                }
            }
    }

    /// Every visible value of one place (a school, or the district with `school` nil) for one group:
    /// indicator → year → value.
    public func placeValues(district: String, school: String?, group: StudentGroup) async throws -> [String: [Int: PublishedValue]] {
        published(
            try await dashboard.store.read { try $0.placeValues(district: district, school: school, group: group) },
            district: district,
            school: school
        )
    }

    /// A place's stored values (indicator → year) as this reader may see them, for the indicators they may see.
    func published(_ values: [String: [Int: StoredValue]], district: String, school: String?) -> [String: [Int: PublishedValue]] {
        let audience = identity.audience(district: district, school: school)
        var visible: [String: [Int: PublishedValue]] = [:]
        for (id, years) in values {
            guard let info = indicator(id) else { continue }
            visible[id] = years.compactMapValues { $0.published(for: audience, measure: info.measure) }
        }
        return visible
    }

    /// A district's schools that have values: code and name, in code order.
    public func schools(district: String) async throws -> [SchoolInfo] {
        try await dashboard.store.read { try $0.schoolsWithValues(district: district, indicator: nil, group: .all) }
    }

    /// A matched cohort's district-level series: the year measured → value.
    public func cohortSeries(indicator: String, district: String, startYear: Int, group: StudentGroup) async throws -> [Int: PublishedValue] {
        guard let info = self.indicator(indicator) else { return [:] }
        let audience = identity.audience(district: district, school: nil)
        return try await dashboard.store.read { try $0.cohortSeries(indicator: indicator, district: district, startYear: startYear, group: group) }
            .compactMapValues { $0.published(for: audience, measure: info.measure) }
    }
}
