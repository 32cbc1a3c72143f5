import GRDB
import TandemDomain

/// A stored target: the domain's `Target`, who set it and when, and whether the cascade made it.
public struct StoredTarget: Sendable, Hashable {
    public var target: Target
    public var cascaded: Bool
    public var setBy: String
    public var setAt: String

    init(_ row: Row) {
        let school: String = row["school_code"]
        let amount: Double = row["amount"]
        let rule: TargetRule = switch row["rule"] as String {
        case "annual-gain": .annualGain(points: amount)
        case "close-gap": .closeGap(fraction: amount)
        default: .absolute(value: amount)
        }
        target = Target(district: row["district_code"], indicator: row["indicator"], school: school.isEmpty ? nil : school,
                        group: StudentGroup(rawValue: row["student_group"]) ?? .all, year: row["target_year"], baseYear: row["base_year"],
                        rule: rule, lowerIsBetter: row["lower_is_better"], measure: Measure(rawValue: row["measure"]) ?? .share)
        cascaded = row["cascaded"]
        setBy = row["set_by"]
        setAt = row["set_at"]
    }
}

/// One line of a target's history.
public struct TargetChange: Sendable, Hashable {
    public var at: String
    public var actor: String
    public var change: String
    public var before: String?
    public var after: String?
}

/// The `target` and `target_change` tables.
public enum TargetTable {
    static func ruleColumns(_ rule: TargetRule) -> (String, Double) {
        switch rule {
        case .absolute(let value): ("absolute", value)
        case .annualGain(let points): ("annual-gain", points)
        case .closeGap(let fraction): ("close-gap", fraction)
        }
    }

    static let keyColumns = "district_code = ? AND indicator = ? AND school_code = ? AND student_group = ? AND target_year = ?"

    static func key(_ target: Target) -> StatementArguments {
        [target.district, target.indicator, target.school ?? "", target.group.rawValue, target.year]
    }

    /// The target with the same key (district, indicator, place, group, year), if one is stored.
    public static func find(_ db: Database, sameKeyAs target: Target) throws -> StoredTarget? {
        try Row.fetchOne(db, sql: "SELECT * FROM target WHERE \(keyColumns)", arguments: key(target)).map(StoredTarget.init)
    }

    /// Every target of a district (district-level first, then schools), by indicator, group and year.
    public static func all(_ db: Database, district: String) throws -> [StoredTarget] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM target WHERE district_code = ? ORDER BY school_code <> '', school_code, indicator, student_group, target_year
            """, arguments: [district]).map(StoredTarget.init)
    }

    /// Stores the target (replacing one with the same key) and appends the change to its history.
    public static func save(_ db: Database, _ target: Target, cascaded: Bool, by actor: String, at: String,
                            change: String, before: String?, after: String) throws {
        let (rule, amount) = ruleColumns(target.rule)
        try db.execute(sql: """
            INSERT OR REPLACE INTO target (district_code, indicator, school_code, student_group, target_year, base_year, rule, amount,
                                           lower_is_better, measure, cascaded, set_by, set_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: key(target) + [target.baseYear, rule, amount, target.lowerIsBetter, target.measure.rawValue, cascaded, actor, at])
        try appendChange(db, target, by: actor, at: at, change: change, before: before, after: after)
    }

    public static func delete(_ db: Database, _ target: Target, by actor: String, at: String, before: String) throws {
        try db.execute(sql: "DELETE FROM target WHERE \(keyColumns)", arguments: key(target))
        try appendChange(db, target, by: actor, at: at, change: "removed", before: before, after: nil)
    }

    static func appendChange(_ db: Database, _ target: Target, by actor: String, at: String, change: String, before: String?, after: String?) throws {
        try db.execute(sql: """
            INSERT INTO target_change (at, actor, change, district_code, indicator, school_code, student_group, target_year, before, after)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [at, actor, change] + key(target) + [before, after])
    }

    /// A target's history, oldest first.
    public static func history(_ db: Database, of target: Target) throws -> [TargetChange] {
        try Row.fetchAll(db, sql: "SELECT at, actor, change, before, after FROM target_change WHERE \(keyColumns) ORDER BY id",
                         arguments: key(target)).map {
            TargetChange(at: $0["at"], actor: $0["actor"], change: $0["change"], before: $0["before"], after: $0["after"])
        }
    }
}

/// The `framework_version` table: the latest row is the partnership's current framework.
public enum FrameworkTable {
    public static func latest(_ db: Database) throws -> (document: String, savedAt: String, savedBy: String)? {
        try Row.fetchOne(db, sql: "SELECT document, saved_at, saved_by FROM framework_version ORDER BY id DESC LIMIT 1").map { ($0[0], $0[1], $0[2]) }
    }

    public static func save(_ db: Database, document: String, by actor: String, at: String) throws {
        try db.execute(sql: "INSERT INTO framework_version (saved_at, saved_by, document) VALUES (?, ?, ?)", arguments: [at, actor, document])
    }
}
