import Crypto
public import Foundation
import HummingbirdBcrypt
import Synchronization
public import TandemDomain
public import TandemPorts

/// Who is asking a service to act: a signed-in account (held to its role and scope), or the operator at
/// the command line (who has the database file, so is trusted with every action, and is named in the
/// audit log by their login).
public enum Caller: Sendable {
    case account(Identity)
    case `operator`(String)

    /// The name the audit log records.
    public var name: String {
        switch self {
        case .account(let identity): identity.username
        case .operator(let login): "\(login) (command line)"
        }
    }

    /// The operator as the process's login.
    public static var commandLine: Caller { .operator(ProcessInfo.processInfo.environment["USER"] ?? "unknown") }
}

/// Accounts, passwords, sessions, the public indicators and the audit log.
///
/// Passwords are hashed with bcrypt (`passwordCost`, 12 by default: about a quarter of a second here, and
/// 2^12 rounds for anyone who steals the table). Session tokens are 256 random bits; only their SHA-256
/// is stored. After `lockoutThreshold` failed sign-ins in a row an account is locked for a minute, then
/// twice as long after each further failure, up to an hour.
public final class AccessService: Sendable {
    let store: any TandemStore
    public let passwordCost: UInt8
    private let clock: @Sendable () -> Date

    public static let sessionSeconds: Int64 = 8 * 3600
    public static let lockoutThreshold = 5
    public static let maximumLockSeconds: Int64 = 3600
    public static let minimumPasswordLength = 12
    /// bcrypt reads only the first 72 bytes of a password: a longer one is refused, not silently cut.
    public static let maximumPasswordBytes = 72

    /// Bounds the bcrypt work of sign-ins (`signIn`).
    let signInGate: WorkGate
    /// How many passwords were checked with bcrypt (tests show every answer costs exactly one).
    let bcryptChecks = Atomic<Int>(0)

    /// `signInQueue`: how many sign-ins may wait for a bcrypt check beyond the one per core running.
    public init(
        store: any TandemStore,
        passwordCost: UInt8 = 12,
        signInQueue: Int = 16,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.passwordCost = passwordCost
        self.clock = clock
        signInGate = WorkGate(width: max(1, ProcessInfo.processInfo.activeProcessorCount), queueLength: signInQueue)
    }

    var now: Int64 { Int64(clock().timeIntervalSince1970) }
    var timestamp: String { Timestamp.string(clock()) }

    // MARK: - Accounts

    public func accountCount() async throws -> Int { try await store.read { try $0.accountCount() } }

    /// The districts with records, by code: where accounts can belong.
    public func districtCodes() async throws -> [String] {
        try await store.read { try $0.districtCodes() }
    }

    /// Adds an account; the password it was given (generated when `password` is nil).
    @discardableResult
    public func addAccount(_ identity: Identity, password: String? = nil, by caller: Caller) async throws -> String {
        if let problem = identity.scopeProblem { throw InputError(problem) }
        guard Self.isValidUsername(identity.username) else {
            throw InputError("a username is 1 to 64 letters, digits, '.', '-', '_' or '@'")
        }
        if case .account(let asker) = caller, !asker.mayGrant(identity.role, district: identity.district) {
            throw AccessError.notAllowed(
                "\(asker.username) may not add a \(identity.role.rawValue) account\(identity.district.map { " in \($0)" } ?? "")"
            )
        }
        let password = try password.map(Self.checked) ?? Self.generatedPassword()
        let hash = try await hash(password)
        let timestamp = self.timestamp
        try await store.write { db in
            if let district = identity.district {
                let districts = try db.districtCodes()
                if !districts.isEmpty && !districts.contains(district) {
                    throw InputError("there is no district \(district) (load its records first)")
                }
            }
            guard try db.account(username: identity.username) == nil else {
                throw InputError("the username \(identity.username) is taken")
            }
            try db.insertAccount(identity, passwordHash: hash, createdAt: timestamp)
            try db.appendAudit(
                AuditEvent(
                    at: timestamp,
                    actor: caller.name,
                    action: .accountAdded,
                    district: identity.district,
                    subject: "\(identity.username) as \(identity.role.rawValue)" + Self.schoolsNote(identity)
                )
            )
        }
        return password
    }

    /// The accounts `caller` may see: every account for the admin and the operator, a steward's district's.
    public func accounts(for caller: Caller) async throws -> [AccountSummary] {
        let district: String?
        switch caller {
        case .operator: district = nil
        case .account(let asker):
            guard asker.mayManageAccounts(of: asker.district) || asker.role == .partnershipAdmin else {
                throw AccessError.notAllowed("\(asker.username) may not list accounts")
            }
            district = asker.role == .partnershipAdmin ? nil : asker.district
        }
        let now = self.now
        return try await store.read { try $0.accounts(district: district) }.map { AccountSummary($0, now: now) }
    }

    /// Disables (or enables again) an account; a disabled account is signed out everywhere at once.
    public func setDisabled(_ username: String, _ disabled: Bool, by caller: Caller) async throws {
        try await changeAccount(username, by: caller) { db, account in
            try db.setDisabled(accountID: account.id, disabled)
            if disabled { try db.deleteSessions(accountID: account.id) }
            return (disabled ? .accountDisabled : .accountEnabled, account.identity.username)
        }
    }

    /// Sets a new password (generated when `password` is nil), unlocks the account and signs it out
    /// everywhere; the new password.
    @discardableResult
    public func resetPassword(_ username: String, password: String? = nil, by caller: Caller) async throws -> String {
        let password = try password.map(Self.checked) ?? Self.generatedPassword()
        let hash = try await hash(password)
        try await changeAccount(username, by: caller) { db, account in
            try db.setPasswordHash(accountID: account.id, hash)
            try db.deleteSessions(accountID: account.id)
            return (.passwordReset, account.identity.username)
        }
        return password
    }

    private func changeAccount(
        _ username: String,
        by caller: Caller,
        _ change: @escaping @Sendable (any StoreWriter, Account) throws -> (AuditAction, String)
    ) async throws {
        let timestamp = self.timestamp
        try await store.write { db in
            guard let account = try db.account(username: username) else {
                throw InputError("there is no account \(username)")
            }
            if case .account(let asker) = caller, !asker.mayManageAccounts(of: account.identity.district) {
                throw AccessError.notAllowed("\(asker.username) may not change the account \(username)")
            }
            let (action, subject) = try change(db, account)
            try db.appendAudit(AuditEvent(at: timestamp, actor: caller.name, action: action, district: account.identity.district, subject: subject))
        }
    }

    // MARK: - Signing in

    public enum SignIn: Sendable {
        case signedIn(Session)
        /// Wrong username or password, locked, or disabled: the visitor is not told which.
        case refused
        /// Too many sign-ins are being checked at once: nothing was checked or counted; try again shortly.
        case busy
    }

    /// A signed-in browser: the token goes in its cookie; the CSRF token in every form it is sent.
    public struct Session: Sendable, Hashable {
        public let token: String
        public let csrfToken: String
        public let identity: Identity
    }

    /// What the first step of a sign-in found, in the same write transaction that counted it.
    private enum Attempt: Sendable {
        case noSuchAccount
        case refusedUnchecked(Account, reason: String)
        /// Counted as a failure before the check (`failures` in a row with this one); `lockedUntil` is the
        /// lock this attempt set should it fail.
        case counted(Account, failures: Int, lockedUntil: Int64?)
    }

    /// Checks a username and password. Every attempt is audited; the `lockoutThreshold`-th failure in a
    /// row locks the account.
    ///
    /// An attempt is counted as a failure, and the lock set when it reaches the threshold, in one write
    /// transaction *before* bcrypt runs, so however many arrive at once no more than `lockoutThreshold`
    /// passwords are ever checked before the lock; only a right password clears the count. Every answer
    /// costs exactly one bcrypt check at the service's cost (an unknown name, a locked or disabled account
    /// and an over-long password are checked against a dummy hash), so timing does not tell them apart.
    /// At most `signInGate.width` checks run at once, off the cooperative pool, with a short queue behind
    /// them; beyond it the answer is `.busy` at once.
    public func signIn(username: String, password: String) async throws -> SignIn {
        do {
            return try await signInGate.run { try await self.checkSignIn(username: username, password: password) }
        } catch is WorkGate.Full {
            return .busy
        }
    }

    private func checkSignIn(username: String, password: String) async throws -> SignIn {
        let now = self.now
        let timestamp = self.timestamp
        let attempt = try await store.write { db -> Attempt in
            guard let account = try db.account(username: username) else { return .noSuchAccount }
            if account.disabled { return .refusedUnchecked(account, reason: "account disabled") }
            if let lockedUntil = account.lockedUntil, lockedUntil > now { return .refusedUnchecked(account, reason: "account locked") }
            let failures = account.failedSignIns + 1
            let lockedUntil = failures >= Self.lockoutThreshold ? now + Self.lockSeconds(failures: failures) : nil
            try db.setSignInFailures(accountID: account.id, failures: failures, lockedUntil: lockedUntil)
            return .counted(account, failures: failures, lockedUntil: lockedUntil)
        }
        guard case .counted(let account, let failures, let lockedUntil) = attempt else {
            _ = try await verify(password, hash: DummyHash.hash(cost: passwordCost))
            switch attempt {
            case .refusedUnchecked(let account, let reason):
                try await audit(.signInFailed, actor: username, district: account.identity.district, subject: reason)
            default:
                try await audit(.signInFailed, actor: username, district: nil, subject: "no such account")
            }
            return .refused
        }
        let checkable = password.utf8.count <= Self.maximumPasswordBytes
        let matches = try await verify(checkable ? password : "", hash: checkable ? account.passwordHash : DummyHash.hash(cost: passwordCost))
        guard matches, checkable else {
            try await store.write { db in
                try db.appendAudit(
                    AuditEvent(at: timestamp, actor: username, action: .signInFailed, district: account.identity.district, subject: "wrong password")
                )
                if let lockedUntil {
                    let minutes = (lockedUntil - now) / 60
                    try db.appendAudit(
                        AuditEvent(
                            at: timestamp,
                            actor: username,
                            action: .accountLocked,
                            district: account.identity.district,
                            subject: "\(failures) failed sign-ins; locked for \(minutes) min"
                        )
                    )
                }
            }
            return .refused
        }
        let session = Session(token: Self.randomToken(), csrfToken: Self.randomToken(), identity: account.identity)
        try await store.write { db in
            try db.deleteExpiredSessions(now: now)
            try db.insertSession(
                tokenHash: Self.hash(session.token),
                accountID: account.id,
                csrfToken: session.csrfToken,
                expiresAt: now + Self.sessionSeconds
            )
            try db.setSignInFailures(accountID: account.id, failures: 0, lockedUntil: nil)
            try db.appendAudit(AuditEvent(at: timestamp, actor: username, action: .signIn, district: account.identity.district, subject: "web"))
        }
        return .signedIn(session)
    }

    /// A minute at the threshold, doubling with each further failure in a row, up to `maximumLockSeconds`.
    static func lockSeconds(failures: Int) -> Int64 {
        min(Self.maximumLockSeconds, 60 << Int64(min(failures - Self.lockoutThreshold, 10)))
    }

    /// The live session of a cookie's token, or `nil` (unknown, expired, or its account disabled).
    public func session(token: String) async throws -> Session? {
        guard !token.isEmpty, token.utf8.count <= 128 else { return nil }
        let now = self.now
        return try await store.read { db in
            try db.session(tokenHash: Self.hash(token), now: now).map {
                Session(token: token, csrfToken: $0.csrfToken, identity: $0.account.identity)
            }
        }
    }

    public func signOut(_ session: Session) async throws {
        let timestamp = self.timestamp
        try await store.write { db in
            try db.deleteSession(tokenHash: Self.hash(session.token))
            try db.appendAudit(
                AuditEvent(
                    at: timestamp,
                    actor: session.identity.username,
                    action: .signOut,
                    district: session.identity.district,
                    subject: "web"
                )
            )
        }
    }

    // MARK: - Public indicators and the audit log

    /// The indicators signed-out visitors may see.
    public func publicIndicators() async throws -> Set<String> {
        try await store.read { try $0.publicIndicators() }
    }

    public func setPublicIndicators(_ indicators: Set<String>, by caller: Caller) async throws {
        if case .account(let asker) = caller, !Requirement.managePartnership.isMet(by: asker) {
            throw AccessError.notAllowed("\(asker.username) may not decide what is public")
        }
        let timestamp = self.timestamp
        try await store.write { db in
            let before = try db.publicIndicators()
            guard before != indicators else { return }
            try db.replacePublicIndicators(indicators, by: caller.name, at: timestamp)
            let added = indicators.subtracting(before).sorted()
            let removed = before.subtracting(indicators).sorted()
            try db.appendAudit(
                AuditEvent(
                    at: timestamp,
                    actor: caller.name,
                    action: .publicIndicatorsChanged,
                    district: nil,
                    subject: "public: +\(added.joined(separator: " +")) -\(removed.joined(separator: " -"))"
                )
            )
        }
    }

    /// The latest audit events `identity` may read: every district's for the admin, their district's for
    /// a steward.
    public func auditLog(for identity: Identity, limit: Int = 500) async throws -> [AuditEvent] {
        try await auditLog(for: identity, query: AuditQuery(limit: limit)).events
    }

    /// One page of the audit events `identity` may read that match the query, whether older ones match
    /// too, and the repeated refusals among all that match.
    public struct AuditLogPage: Sendable {
        public var events: [AuditEvent]
        public var hasOlder: Bool
        public var repeatedRefusals: [AuditTally]
    }

    public func auditLog(for identity: Identity, query: AuditQuery) async throws -> AuditLogPage {
        guard Requirement.readAuditLog.isMet(by: identity) else { throw AccessError.notAllowed("\(identity.username) may not read the audit log") }
        // One more than the page, to know whether older events match.
        let oneMore = {
            var asked = query
            asked.limit += 1
            return asked
        }()
        let (events, tallies) = try await store.read {
            (
                try $0.auditEvents(district: identity.auditScope, query: oneMore),
                try $0.auditTallies(district: identity.auditScope, query: query, actions: AuditQuery.refusals, minimum: 2)
            )
        }
        return AuditLogPage(events: Array(events.prefix(query.limit)), hasOlder: events.count > query.limit, repeatedRefusals: tallies)
    }

    func audit(_ action: AuditAction, actor: String, district: String?, subject: String) async throws {
        let event = AuditEvent(at: timestamp, actor: actor, action: action, district: district, subject: subject)
        try await store.write { try $0.appendAudit(event) }
    }

    /// bcrypt at the service's cost, off the cooperative pool.
    private func hash(_ password: String) async throws -> String {
        let cost = passwordCost
        return try await offThePool { Bcrypt.hash(password, cost: cost) }
    }

    private func verify(_ password: String, hash: String) async throws -> Bool {
        bcryptChecks.add(1, ordering: .relaxed)
        return try await offThePool { Bcrypt.verify(password, hash: hash) }
    }

    // MARK: - Helpers

    static func isValidUsername(_ name: String) -> Bool {
        (1...64).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-@".contains($0)) }
    }

    /// The password, if it is long enough and within what bcrypt reads.
    static func checked(_ password: String) throws -> String {
        guard password.count >= minimumPasswordLength else {
            throw InputError("a password has at least \(minimumPasswordLength) characters")
        }
        guard password.utf8.count <= maximumPasswordBytes else {
            throw InputError("a password has at most \(maximumPasswordBytes) bytes (bcrypt reads no further)")
        }
        return password
    }

    /// 20 characters from an alphabet without look-alikes: about 112 bits.
    public static func generatedPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// 256 random bits, base64url without padding.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares two secrets in time that does not depend on where they first differ.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func schoolsNote(_ identity: Identity) -> String {
        identity.schools.isEmpty ? "" : " (schools \(identity.schools.sorted().joined(separator: ", ")))"
    }
}

/// An account as the accounts page lists it: who, and the state of its sign-in (never its password hash).
public struct AccountSummary: Sendable, Hashable {
    public let identity: Identity
    public let disabled: Bool
    /// Locked now after too many failed sign-ins.
    public let locked: Bool
    public let createdAt: String

    init(_ account: Account, now: Int64) {
        identity = account.identity
        disabled = account.disabled
        locked = account.lockedUntil.map { $0 > now } == true
        createdAt = account.createdAt
    }
}

/// One dummy bcrypt hash per cost, made on first use.
private enum DummyHash {
    private static let hashes = Mutex<[UInt8: String]>([:])

    static func hash(cost: UInt8) -> String {
        hashes.withLock { hashes in
            if let hash = hashes[cost] { return hash }
            let hash = Bcrypt.hash(AccessService.randomToken(), cost: cost)
            hashes[cost] = hash
            return hash
        }
    }
}
