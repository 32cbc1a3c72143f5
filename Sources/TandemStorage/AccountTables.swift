import GRDB
import TandemDomain

/// A stored account: who it is (`identity`) and the state of its sign-in.
public struct Account: Sendable, Hashable {
    public var id: Int64
    public var identity: Identity
    /// bcrypt (`$2b$…`): salt and cost are inside the string.
    public var passwordHash: String
    public var disabled: Bool
    /// Failed sign-ins since the last successful one.
    public var failedSignIns: Int
    /// Unix seconds until which sign-in is refused, if locked.
    public var lockedUntil: Int64?
    public var createdAt: String

    init(_ row: Row) {
        id = row["id"]
        let schools: String = row["schools"]
        identity = Identity(username: row["username"], role: Role(rawValue: row["role"]) ?? .viewer, district: row["district_code"],
                            schools: Set(schools.split(separator: ",").map(String.init)))
        passwordHash = row["password_hash"]
        disabled = row["disabled"]
        failedSignIns = row["failed_sign_ins"]
        lockedUntil = row["locked_until"]
        createdAt = row["created_at"]
    }
}

/// The `account` table. Usernames are unique without regard to case.
public enum AccountTable {
    public static func count(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account") ?? 0
    }

    /// Adds an account; its id. A taken username is a `DatabaseError` with `SQLITE_CONSTRAINT`.
    @discardableResult
    public static func insert(_ db: Database, identity: Identity, passwordHash: String, createdAt: String) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO account (username, role, district_code, schools, password_hash, disabled, failed_sign_ins, locked_until, created_at)
            VALUES (?, ?, ?, ?, ?, 0, 0, NULL, ?)
            """, arguments: [identity.username, identity.role.rawValue, identity.district,
                             identity.schools.sorted().joined(separator: ","), passwordHash, createdAt])
        return db.lastInsertedRowID
    }

    public static func find(_ db: Database, username: String) throws -> Account? {
        try Row.fetchOne(db, sql: "SELECT * FROM account WHERE username = ?", arguments: [username]).map(Account.init)
    }

    public static func find(_ db: Database, id: Int64) throws -> Account? {
        try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [id]).map(Account.init)
    }

    /// Every account of `district` (every account at all when `nil`), by username.
    public static func all(_ db: Database, district: String?) throws -> [Account] {
        if let district {
            return try Row.fetchAll(db, sql: "SELECT * FROM account WHERE district_code = ? ORDER BY username", arguments: [district]).map(Account.init)
        }
        return try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY username").map(Account.init)
    }

    public static func setPasswordHash(_ db: Database, id: Int64, _ hash: String) throws {
        try db.execute(sql: "UPDATE account SET password_hash = ?, failed_sign_ins = 0, locked_until = NULL WHERE id = ?", arguments: [hash, id])
    }

    public static func setDisabled(_ db: Database, id: Int64, _ disabled: Bool) throws {
        try db.execute(sql: "UPDATE account SET disabled = ? WHERE id = ?", arguments: [disabled, id])
    }

    public static func setSignInFailures(_ db: Database, id: Int64, failures: Int, lockedUntil: Int64?) throws {
        try db.execute(sql: "UPDATE account SET failed_sign_ins = ?, locked_until = ? WHERE id = ?", arguments: [failures, lockedUntil, id])
    }
}

/// The `session` table: one row per signed-in browser, found by the SHA-256 of its cookie's token.
public enum SessionTable {
    public static func insert(_ db: Database, tokenHash: String, accountID: Int64, csrfToken: String, expiresAt: Int64) throws {
        try db.execute(sql: "INSERT INTO session (token_hash, account_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
                       arguments: [tokenHash, accountID, csrfToken, expiresAt])
    }

    /// The live session with this token hash, with its account, unless it expired or the account is disabled.
    public static func find(_ db: Database, tokenHash: String, now: Int64) throws -> (account: Account, csrfToken: String)? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT a.*, s.csrf_token AS session_csrf FROM session s JOIN account a ON a.id = s.account_id
            WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled = 0
            """, arguments: [tokenHash, now]) else { return nil }
        return (Account(row), row["session_csrf"])
    }

    public static func delete(_ db: Database, tokenHash: String) throws {
        try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [tokenHash])
    }

    /// Signs an account out everywhere (after a password reset or when it is disabled).
    public static func deleteAll(_ db: Database, accountID: Int64) throws {
        try db.execute(sql: "DELETE FROM session WHERE account_id = ?", arguments: [accountID])
    }

    public static func deleteExpired(_ db: Database, now: Int64) throws {
        try db.execute(sql: "DELETE FROM session WHERE expires_at <= ?", arguments: [now])
    }
}

/// What an audit event records.
public enum AuditAction: String, Sendable, CaseIterable {
    case signIn = "sign-in"
    case signInFailed = "sign-in-failed"
    case signOut = "sign-out"
    case accountLocked = "account-locked"
    case accountAdded = "account-added"
    case accountDisabled = "account-disabled"
    case accountEnabled = "account-enabled"
    case passwordReset = "password-reset"
    case recordsImported = "records-imported"
    case publicIndicatorsChanged = "public-indicators-changed"
    case targetChanged = "target-changed"
    case studentRecordsViewed = "student-records-viewed"
}

/// One line of the audit log: who did what, when, to which district, and how many students it showed.
public struct AuditEvent: Sendable, Hashable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var district: String?
    public var subject: String
    public var studentCount: Int?
}

/// The `audit_event` table. Append-only: triggers refuse every UPDATE and DELETE.
public enum AuditLogTable {
    public static func append(_ db: Database, at: String, actor: String, action: AuditAction, district: String?,
                              subject: String, studentCount: Int? = nil) throws {
        try db.execute(sql: "INSERT INTO audit_event (at, actor, action, district_code, subject, student_count) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [at, actor, action.rawValue, district, subject, studentCount])
    }

    /// The latest events of `district` (of every district and none when `nil`), newest first.
    public static func latest(_ db: Database, district: String?, limit: Int) throws -> [AuditEvent] {
        let rows: [Row]
        if let district {
            rows = try Row.fetchAll(db, sql: "SELECT * FROM audit_event WHERE district_code = ? ORDER BY id DESC LIMIT ?", arguments: [district, limit])
        } else {
            rows = try Row.fetchAll(db, sql: "SELECT * FROM audit_event ORDER BY id DESC LIMIT ?", arguments: [limit])
        }
        return rows.map {
            AuditEvent(id: $0["id"], at: $0["at"], actor: $0["actor"], action: $0["action"], district: $0["district_code"],
                       subject: $0["subject"], studentCount: $0["student_count"])
        }
    }
}

/// The `public_indicator` table: the indicators the partnership shows to signed-out visitors.
public enum PublicIndicatorTable {
    public static func all(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT indicator FROM public_indicator"))
    }

    public static func replace(_ db: Database, with indicators: Set<String>, by actor: String, at: String) throws {
        try db.execute(sql: "DELETE FROM public_indicator")
        for indicator in indicators.sorted() {
            try db.execute(sql: "INSERT INTO public_indicator (indicator, marked_by, marked_at) VALUES (?, ?, ?)", arguments: [indicator, actor, at])
        }
    }
}
