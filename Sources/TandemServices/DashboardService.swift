import Synchronization
public import TandemDomain
public import TandemPorts

/// What the dashboards read: the stored indicator values as the partnership audience may see them. Every
/// count passes through the stored small-group flags (`PublishedValue`); nothing is computed per request.
///
/// The district-level values of the latest computation are held in memory (a few thousand values) and
/// reloaded when a new computation is stored; school-level values are read by primary key.
public final class DashboardService: Sendable {
    let store: any TandemStore
    private let cache = Mutex<DashboardSnapshot?>(nil)

    public init(store: any TandemStore) { self.store = store }

    /// The snapshot as of `db`'s transaction: the cached one while it is still the latest computation.
    func snapshot(_ db: any StoreReader) throws -> DashboardSnapshot? {
        guard let computation = try db.latestComputation() else { return nil }
        if let cached = cache.withLock({ $0 }), cached.computationID == computation.id { return cached }
        let snapshot = try DashboardSnapshot(db, computation: computation)
        cache.withLock { $0 = snapshot }
        return snapshot
    }
}

/// The latest computation's indicators, districts, years and district-level values.
public struct DashboardSnapshot: Sendable {
    public let computationID: Int64
    public let computedAt: String
    public let definitionVersion: String
    public let minimumGroupSize: Int
    /// The latest load the values reflect.
    public let latestImportID: Int64
    /// The database holds the synthetic demo: every page says so.
    public let isSynthetic: Bool
    public let indicators: [IndicatorInfo]
    public let districts: [DistrictInfo]
    public let years: [Int]
    private let values: [Key: StoredValue]

    struct Key: Hashable {
        let indicator: String
        let district: String
        let year: Int
        let group: String
    }

    init(_ db: any StoreReader, computation: Computation) throws {
        computationID = computation.id
        computedAt = computation.computedAt
        definitionVersion = computation.definitionVersion
        minimumGroupSize = computation.minimumGroupSize
        latestImportID = computation.latestImportID
        isSynthetic = try db.setting(DemoService.key) != nil
        indicators = try db.indicatorInfos()
        districts = try db.districtsWithValues()
        var values: [Key: StoredValue] = [:]
        var years = Set<Int>()
        for stored in try db.districtLevelValues() {
            years.insert(stored.year)
            values[Key(indicator: stored.indicator, district: stored.district, year: stored.year, group: stored.group)] = stored.value
        }
        self.values = values
        self.years = years.sorted()
    }

    /// A district-level value as stored, if one was computed.
    func stored(_ indicator: String, district: String, year: Int, group: StudentGroup = .all) -> StoredValue? {
        values[Key(indicator: indicator, district: district, year: year, group: group.rawValue)]
    }

    public func indicator(_ id: String) -> IndicatorInfo? { indicators.first { $0.id == id } }

    public func district(_ code: String) -> DistrictInfo? { districts.first { $0.code == code } }
}

extension StoredValue {
    /// The value as `audience` may see it: the one place a stored value becomes a published one. An empty
    /// group published as hidden (`SuppressionReason.emptyGroup`) is hidden from those who may not see it
    /// and no value at all to those who may: they see it is empty.
    func published(for audience: Audience, measure: Measure) -> PublishedValue? {
        if isEmptyGroup && audience.mayShow(suppressed: suppressed) { return nil }
        return PublishedValue(numerator: numerator, denominator: denominator, suppressed: suppressed, audience: audience, measure: measure)
    }
}
