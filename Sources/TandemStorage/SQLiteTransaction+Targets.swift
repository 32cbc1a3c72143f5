import GRDB
import TandemDomain
import TandemPorts

/// The `target` and `target_change` tables (the history is append-only: triggers refuse changes).
extension SQLiteTransaction {
    private static let keyColumns = "district_code = ? AND indicator = ? AND school_code = ? AND student_group = ? AND target_year = ?"

    private static func key(_ target: Target) -> StatementArguments {
        [target.district, target.indicator, target.school ?? "", target.group.rawValue, target.year]
    }

    private static func ruleColumns(_ rule: TargetRule) -> (String, Double) {
        switch rule {
        case .absolute(let value): ("absolute", value)
        case .annualGain(let points): ("annual-gain", points)
        case .closeGap(let fraction): ("close-gap", fraction)
        }
    }

    func target(sameKeyAs target: Target) throws -> StoredTarget? {
        try Row.fetchOne(db, sql: "SELECT * FROM target WHERE \(Self.keyColumns)", arguments: Self.key(target)).map(storedTarget)
    }

    func targets(district: String) throws -> [StoredTarget] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM target WHERE district_code = ? ORDER BY school_code <> '', school_code, indicator, student_group, target_year
                """,
            arguments: [district]
        ).map(storedTarget)
    }

    func saveTarget(_ target: Target, cascaded: Bool, change: TargetChange) throws {
        let (rule, amount) = Self.ruleColumns(target.rule)
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO target (district_code, indicator, school_code, student_group, target_year, base_year, rule, amount,
                                               lower_is_better, measure, cascaded, set_by, set_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: Self.key(target) + [
                target.baseYear, rule, amount, target.lowerIsBetter, target.measure.rawValue, cascaded,
                change.actor, change.at,
            ]
        )
        try appendChange(target, change)
    }

    func deleteTarget(_ target: Target, change: TargetChange) throws {
        try db.execute(sql: "DELETE FROM target WHERE \(Self.keyColumns)", arguments: Self.key(target))
        try appendChange(target, change)
    }

    func targetHistory(of target: Target) throws -> [TargetChange] {
        try Row.fetchAll(
            db,
            sql: "SELECT at, actor, change, before, after FROM target_change WHERE \(Self.keyColumns) ORDER BY id",
            arguments: Self.key(target)
        ).map {
            TargetChange(at: $0["at"], actor: $0["actor"], change: $0["change"], before: $0["before"], after: $0["after"])
        }
    }

    private func appendChange(_ target: Target, _ change: TargetChange) throws {
        try db.execute(
            sql: """
                INSERT INTO target_change (at, actor, change, district_code, indicator, school_code, student_group, target_year, before, after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [change.at, change.actor, change.change] + Self.key(target) + [change.before, change.after]
        )
    }

    /// A `target` row; a rule, group or measure the application does not know is an error.
    private func storedTarget(_ row: Row) throws -> StoredTarget {
        let school: String = row["school_code"]
        let amount: Double = row["amount"]
        let rule: TargetRule =
            switch row["rule"] as String {
            case "absolute": .absolute(value: amount)
            case "annual-gain": .annualGain(points: amount)
            case "close-gap": .closeGap(fraction: amount)
            case let other: throw UnknownStoredValue(table: "target", column: "rule", value: other)
            }
        let target = Target(
            district: row["district_code"],
            indicator: row["indicator"],
            school: school.isEmpty ? nil : school,
            group: try known(row["student_group"], "target", "student_group"),
            year: row["target_year"],
            baseYear: row["base_year"],
            rule: rule,
            lowerIsBetter: row["lower_is_better"],
            measure: try known(row["measure"], "target", "measure")
        )
        return StoredTarget(target: target, cascaded: row["cascaded"], setBy: row["set_by"], setAt: row["set_at"])
    }
}
