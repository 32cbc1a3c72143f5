import GRDB
import TandemDomain
import TandemPorts

/// The `account`, `session` and `public_indicator` tables. Usernames are unique without regard to case;
/// a session is found by the SHA-256 of its cookie's token.
extension SQLiteTransaction {
    func accountCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account") ?? 0
    }

    func insertAccount(_ identity: Identity, passwordHash: String, createdAt: String) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO account (username, role, district_code, password_hash, disabled, failed_sign_ins, locked_until, created_at)
                VALUES (?, ?, ?, ?, 0, 0, NULL, ?)
                """,
            arguments: [identity.username, identity.role.rawValue, identity.district, passwordHash, createdAt]
        )
        let id = db.lastInsertedRowID
        for school in identity.schools.sorted() {
            try db.execute(sql: "INSERT INTO account_school (account_id, school_code) VALUES (?, ?)", arguments: [id, school])
        }
        return id
    }

    func account(username: String) throws -> Account? {
        try Row.fetchOne(db, sql: "SELECT * FROM account WHERE username = ?", arguments: [username]).map(account)
    }

    func accounts(district: String?) throws -> [Account] {
        if let district {
            return try Row.fetchAll(db, sql: "SELECT * FROM account WHERE district_code = ? ORDER BY username", arguments: [district]).map(account)
        }
        return try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY username").map(account)
    }

    func setPasswordHash(accountID: Int64, _ hash: String) throws {
        try db.execute(
            sql: "UPDATE account SET password_hash = ?, failed_sign_ins = 0, locked_until = NULL WHERE id = ?",
            arguments: [hash, accountID]
        )
    }

    func setDisabled(accountID: Int64, _ disabled: Bool) throws {
        try db.execute(sql: "UPDATE account SET disabled = ? WHERE id = ?", arguments: [disabled, accountID])
    }

    func setSignInFailures(accountID: Int64, failures: Int, lockedUntil: Int64?) throws {
        try db.execute(sql: "UPDATE account SET failed_sign_ins = ?, locked_until = ? WHERE id = ?", arguments: [failures, lockedUntil, accountID])
    }

    func insertSession(tokenHash: String, accountID: Int64, csrfToken: String, expiresAt: Int64) throws {
        try db.execute(
            sql: "INSERT INTO session (token_hash, account_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
            arguments: [tokenHash, accountID, csrfToken, expiresAt]
        )
    }

    func session(tokenHash: String, now: Int64) throws -> StoredSession? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT a.*, s.csrf_token AS session_csrf FROM session s JOIN account a ON a.id = s.account_id
                    WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled = 0
                    """,
                arguments: [tokenHash, now]
            )
        else { return nil }
        return StoredSession(account: try account(row), csrfToken: row["session_csrf"])
    }

    func deleteSession(tokenHash: String) throws {
        try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [tokenHash])
    }

    func deleteSessions(accountID: Int64) throws {
        try db.execute(sql: "DELETE FROM session WHERE account_id = ?", arguments: [accountID])
    }

    func deleteExpiredSessions(now: Int64) throws {
        try db.execute(sql: "DELETE FROM session WHERE expires_at <= ?", arguments: [now])
    }

    func publicIndicators() throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT indicator FROM public_indicator"))
    }

    func replacePublicIndicators(_ indicators: Set<String>, by actor: String, at: String) throws {
        try db.execute(sql: "DELETE FROM public_indicator")
        for indicator in indicators.sorted() {
            try db.execute(sql: "INSERT INTO public_indicator (indicator, marked_by, marked_at) VALUES (?, ?, ?)", arguments: [indicator, actor, at])
        }
    }

    /// An `account` row with its schools. A role the application does not know is an error, never a weaker
    /// or stronger role.
    private func account(_ row: Row) throws -> Account {
        let id: Int64 = row["id"]
        let identity = Identity(
            username: row["username"],
            role: try known(row["role"], "account", "role"),
            district: row["district_code"],
            schools: try String.fetchSet(db, sql: "SELECT school_code FROM account_school WHERE account_id = ?", arguments: [id])
        )
        return Account(
            id: id,
            identity: identity,
            passwordHash: row["password_hash"],
            disabled: row["disabled"],
            failedSignIns: row["failed_sign_ins"],
            lockedUntil: row["locked_until"],
            createdAt: row["created_at"]
        )
    }
}
