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

    func auditEvents(district: String?, limit: Int) throws -> [AuditEvent] {
        let rows: [Row]
        if let district {
            rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM audit_event WHERE district_code = ? ORDER BY id DESC LIMIT ?",
                arguments: [district, limit]
            )
        } else {
            rows = try Row.fetchAll(db, sql: "SELECT * FROM audit_event ORDER BY id DESC LIMIT ?", arguments: [limit])
        }
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
}
