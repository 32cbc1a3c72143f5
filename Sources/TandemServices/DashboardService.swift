import Foundation
import GRDB
import Synchronization
import TandemDomain
import TandemStorage

/// What the dashboards read: the stored indicator values as the partnership audience may see them. Every
/// count passes through the stored small-group flags (`PublishedValue`); nothing is computed per request.
///
/// The district-level values of the latest computation are held in memory (a few thousand values) and
/// reloaded when a new computation is stored; school-level values are read by primary key.
public final class DashboardService: Sendable {
    public let store: TandemStore
    private let cache = SnapshotCache()

    public init(store: TandemStore) { self.store = store }

    /// The latest computation's district-level values, or `nil` before any computation.
    public func snapshot() throws -> DashboardSnapshot? {
        try store.writer.read { try snapshot($0) }
    }

    func snapshot(_ db: Database) throws -> DashboardSnapshot? {
        guard let id = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM indicator_computation") else { return nil }
        if let cached = cache.snapshot, cached.computationID == id { return cached }
        let snapshot = try DashboardSnapshot(db, computationID: id)
        cache.snapshot = snapshot
        return snapshot
    }

    /// Every school's value of an indicator for one district, year and group, in school-code order.
    func schoolValues(indicator: String, district: String, year: Int, group: StudentGroup) throws -> [(code: String, name: String, value: StoredValue)] {
        try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT v.school_code, COALESCE(s.school_name, v.school_code), v.numerator, v.denominator, v.suppressed
                FROM indicator_value v
                LEFT JOIN school s ON s.district_code = v.district_code AND s.school_code = v.school_code
                WHERE v.indicator = ? AND v.district_code = ? AND v.school_year = ? AND v.school_code <> '' AND v.student_group = ?
                ORDER BY v.school_code
                """, arguments: [indicator, district, year, group.rawValue]).map {
                (code: $0[0], name: $0[1], value: StoredValue(numerator: $0[2], denominator: $0[3], suppressed: $0[4]))
            }
        }
    }

    /// Every value of one place (a school, or the district with `school` nil) for one group:
    /// indicator → year → value.
    func placeValues(district: String, school: String?, group: StudentGroup) throws -> [String: [Int: StoredValue]] {
        try store.writer.read { db in
            var values: [String: [Int: StoredValue]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT indicator, school_year, numerator, denominator, suppressed FROM indicator_value
                WHERE district_code = ? AND school_code = ? AND student_group = ?
                """, arguments: [district, school ?? "", group.rawValue]) {
                values[row[0], default: [:]][row[1]] = StoredValue(numerator: row[2], denominator: row[3], suppressed: row[4])
            }
            return values
        }
    }

    /// A district's schools that have values: code and name, in code order.
    func schools(district: String) throws -> [(code: String, name: String)] {
        try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT v.school_code, COALESCE(s.school_name, v.school_code) FROM indicator_value v
                LEFT JOIN school s ON s.district_code = v.district_code AND s.school_code = v.school_code
                WHERE v.district_code = ? AND v.school_code <> '' AND v.student_group = 'ALL' ORDER BY 1
                """, arguments: [district]).map { ($0[0], $0[1]) }
        }
    }

    /// A matched cohort's district-level series: the year measured → value.
    func cohortSeries(indicator: String, district: String, startYear: Int, group: StudentGroup) throws -> [Int: StoredValue] {
        try store.writer.read { db in
            var series: [Int: StoredValue] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT school_year, numerator, denominator, suppressed FROM cohort_value
                WHERE indicator = ? AND district_code = ? AND start_year = ? AND school_code = '' AND student_group = ?
                """, arguments: [indicator, district, startYear, group.rawValue]) {
                series[row[0]] = StoredValue(numerator: row[1], denominator: row[2], suppressed: row[3])
            }
            return series
        }
    }
}

/// The latest computation's indicators, districts, years and district-level values.
public struct DashboardSnapshot: Sendable {
    public let computationID: Int64
    public let computedAt: String
    public let definitionVersion: String
    public let minimumGroupSize: Int
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

    init(_ db: Database, computationID: Int64) throws {
        self.computationID = computationID
        let computation = try Row.fetchOne(db, sql: "SELECT computed_at, definition_version, minimum_group_size FROM indicator_computation WHERE id = ?",
                                           arguments: [computationID])!
        computedAt = computation[0]
        definitionVersion = computation[1]
        minimumGroupSize = computation[2]
        isSynthetic = try String.fetchOne(db, sql: "SELECT value FROM metadata WHERE key = 'demo'") != nil
        indicators = try Row.fetchAll(db, sql: "SELECT id, name, grade, has_cohort, lower_is_better, measure FROM indicator_definition ORDER BY position").map {
            IndicatorInfo(id: $0[0], name: $0[1], grade: $0[2], hasCohort: $0[3], lowerIsBetter: $0[4], measure: Measure(rawValue: $0[5]) ?? .share)
        }
        districts = try Row.fetchAll(db, sql: """
            SELECT DISTINCT v.district_code, COALESCE(d.name, v.district_code) FROM indicator_value v
            LEFT JOIN district d ON d.code = v.district_code WHERE v.school_code = '' AND v.student_group = 'ALL' ORDER BY 1
            """).map { DistrictInfo(code: $0[0], name: $0[1]) }
        var values: [Key: StoredValue] = [:]
        var years = Set<Int>()
        for row in try Row.fetchAll(db, sql: """
            SELECT indicator, district_code, school_year, student_group, numerator, denominator, suppressed
            FROM indicator_value WHERE school_code = ''
            """) {
            let year: Int = row[2]
            years.insert(year)
            values[Key(indicator: row[0], district: row[1], year: year, group: row[3])] =
                StoredValue(numerator: row[4], denominator: row[5], suppressed: row[6])
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

public struct IndicatorInfo: Sendable, Hashable {
    public let id: String
    public let name: String
    public let grade: Int?
    public let hasCohort: Bool
    public let lowerIsBetter: Bool
    /// A share (shown in percent) or a mean (shown in points).
    public let measure: Measure
}

public struct DistrictInfo: Sendable, Hashable {
    public let code: String
    public let name: String
}

public struct SchoolValue: Sendable, Hashable {
    public let code: String
    public let name: String
    public let value: PublishedValue

    init(code: String, name: String, value: PublishedValue) {
        self.code = code
        self.name = name
        self.value = value
    }
}

/// A value as stored: its counts and its small-group flag. Never leaves this module: what pages get is a
/// `PublishedValue`, made for one audience.
struct StoredValue: Sendable, Hashable {
    let numerator: Int
    let denominator: Int
    let suppressed: Bool

    func published(for audience: Audience, measure: Measure) -> PublishedValue {
        PublishedValue(numerator: numerator, denominator: denominator, suppressed: suppressed, audience: audience, measure: measure)
    }
}

/// A stored value as one audience may see it: counts only when `Audience.mayShow` allows (always for
/// the value's own district, otherwise only when the small-group rule did not suppress it).
public struct PublishedValue: Sendable, Hashable {
    private let numerator: Int
    private let denominator: Int
    /// The small-group rule suppressed this value for partners and the public.
    public let suppressed: Bool
    public let audience: Audience
    /// A share of students (shown in percent) or a mean of points.
    public let measure: Measure

    public init(numerator: Int, denominator: Int, suppressed: Bool, audience: Audience, measure: Measure = .share) {
        self.numerator = numerator
        self.denominator = denominator
        self.suppressed = suppressed
        self.audience = audience
        self.measure = measure
    }

    /// The counts, or `nil` when this audience may not see them.
    public var counts: (numerator: Int, denominator: Int)? {
        audience.mayShow(suppressed: suppressed) ? (numerator, denominator) : nil
    }

    /// The value as shown (a share in percent, a mean in points), or `nil` when this audience may not see it.
    public var shown: Double? { counts.map { measure.shown(numerator: $0.numerator, denominator: $0.denominator) } }

    /// The shown value in words (`53.2%`, `-30.1 points`), or `nil` when this audience may not see it.
    public var text: String? { shown.map(measure.text) }

    /// Shown to its own district although partners see it suppressed: pages mark it so.
    public var isOwnDistrictOnly: Bool { suppressed && audience == .ownDistrict }
}

/// The snapshot of the latest computation, shared by every request.
private final class SnapshotCache: Sendable {
    private let stored = Mutex<DashboardSnapshot?>(nil)

    var snapshot: DashboardSnapshot? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
