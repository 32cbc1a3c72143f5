public import TandemDomain

/// Everything the services change, inside one write transaction (`TandemStore.write`): what is read in
/// the same transaction sees what was written before it.
public protocol StoreWriter: StoreReader, AccountsWriting, TargetsWriting, FrameworkWriting, AuditWriting, SettingsWriting {}

public protocol AccountsWriting {
    /// Stores a new account; its id. The username must not be taken (check with `account(username:)`).
    @discardableResult
    func insertAccount(_ identity: Identity, passwordHash: String, createdAt: String) throws -> Int64
    /// A new password hash; clears failures and any lock.
    func setPasswordHash(accountID: Int64, _ hash: String) throws
    func setDisabled(accountID: Int64, _ disabled: Bool) throws
    func setSignInFailures(accountID: Int64, failures: Int, lockedUntil: Int64?) throws
    func insertSession(tokenHash: String, accountID: Int64, csrfToken: String, expiresAt: Int64) throws
    func deleteSession(tokenHash: String) throws
    /// Signs an account out everywhere.
    func deleteSessions(accountID: Int64) throws
    func deleteExpiredSessions(now: Int64) throws
    func replacePublicIndicators(_ indicators: Set<String>, by actor: String, at: String) throws
}

public protocol TargetsWriting {
    /// Stores the target (replacing one with the same key) and appends `change` to its history.
    func saveTarget(_ target: Target, cascaded: Bool, change: TargetChange) throws
    /// Removes the target and appends `change` to its history.
    func deleteTarget(_ target: Target, change: TargetChange) throws
}

public protocol FrameworkWriting {
    /// Saves a new version of the framework document; every version is kept.
    func saveFramework(document: String, by actor: String, at: String) throws
}

public protocol AuditWriting {
    /// Appends to the audit log, which nothing can change or remove.
    func appendAudit(_ event: AuditEvent) throws
}

public protocol SettingsWriting {
    func setSetting(_ key: String, _ value: String) throws
}
