import GRDB
import TandemDomain
import TandemPorts

/// One transaction of `SQLiteStore`: the port's reads and writes as SQL on one connection.
/// The methods live in extensions by concern (`SQLiteTransaction+Accounts.swift`, …).
struct SQLiteTransaction: StoreWriter {
    let db: Database

    /// A stored code that must be one of `Value`'s cases, or an `UnknownStoredValue` error.
    func known<Value: RawRepresentable>(_ raw: String, _ table: String, _ column: String) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else { throw UnknownStoredValue(table: table, column: column, value: raw) }
        return value
    }
}

// MARK: - Settings

extension SQLiteTransaction {
    func setting(_ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM metadata WHERE key = ?", arguments: [key])
    }

    func setSetting(_ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO metadata (key, value) VALUES (?, ?)", arguments: [key, value])
    }
}

// MARK: - Framework and audit log

extension SQLiteTransaction {
    func latestFramework() throws -> StoredFramework? {
        try Row.fetchOne(db, sql: "SELECT document, saved_at, saved_by FROM framework_version ORDER BY id DESC LIMIT 1").map {
            StoredFramework(document: $0[0], savedAt: $0[1], savedBy: $0[2])
        }
    }

    func saveFramework(document: String, by actor: String, at: String) throws {
        try db.execute(sql: "INSERT INTO framework_version (saved_at, saved_by, document) VALUES (?, ?, ?)", arguments: [at, actor, document])
    }

    func appendAudit(_ event: AuditEvent) throws {
        try db.execute(
            sql: "INSERT INTO audit_event (at, actor, action, district_code, subject, student_count) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [event.at, event.actor, event.action.rawValue, event.district, event.subject, event.studentCount]
        )
    }

    func auditEvents(district: String?, query: AuditQuery) throws -> [AuditEvent] {
        var (conditions, arguments) = Self.auditFilter(district: district, query: query)
        if let before = query.before {
            conditions.append("id < ?")
            arguments += [before]
        }
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT * FROM audit_event\(Self.whereClause(conditions)) ORDER BY id DESC LIMIT ?",
            arguments: StatementArguments(arguments + [query.limit])
        )
        return try rows.map {
            AuditEvent(
                id: $0["id"],
                at: $0["at"],
                actor: $0["actor"],
                action: try known($0["action"], "audit_event", "action"),
                district: $0["district_code"],
                subject: $0["subject"],
                studentCount: $0["student_count"]
            )
        }
    }

    func auditTallies(district: String?, query: AuditQuery, actions: [AuditAction], minimum: Int) throws -> [AuditTally] {
        guard !actions.isEmpty else { return [] }
        var (conditions, arguments) = Self.auditFilter(district: district, query: query)
        conditions.append("action IN (\(actions.map { _ in "?" }.joined(separator: ", ")))")
        arguments += actions.map(\.rawValue)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT action, actor, COUNT(*) AS count, MIN(at) AS first, MAX(at) AS last FROM audit_event\(Self.whereClause(conditions))
                GROUP BY action, actor HAVING COUNT(*) >= ? ORDER BY count DESC, actor, action LIMIT 50
                """,
            arguments: StatementArguments(arguments + [minimum])
        )
        return try rows.map {
            AuditTally(
                action: try known($0["action"], "audit_event", "action"),
                actor: $0["actor"],
                count: $0["count"],
                first: $0["first"],
                last: $0["last"]
            )
        }
    }

    /// The query's filters (not its page) as SQL conditions. Timestamps are ISO 8601 in UTC, so a day is
    /// their first ten characters.
    private static func auditFilter(district: String?, query: AuditQuery) -> ([String], [any DatabaseValueConvertible]) {
        let filters: [(condition: String, value: String?)] = [
            ("district_code = ?", district), ("action = ?", query.action?.rawValue), ("actor = ?", query.actor),
            ("substr(at, 1, 10) >= ?", query.from?.description), ("substr(at, 1, 10) <= ?", query.through?.description),
        ]
        let set = filters.compactMap { filter in filter.value.map { (filter.condition, $0) } }
        return (set.map(\.0), set.map(\.1))
    }

    private static func whereClause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }
}
