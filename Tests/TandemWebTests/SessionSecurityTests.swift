import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import TandemDomain
import TandemPorts
@_spi(Testing) import TandemStorage
import TandemWeb
import Testing

@testable import TandemServices

/// Signing in and staying signed in safely: cookie flags, no session fixation, CSRF on every form,
/// lockout, the password hash, the audit log, and the headers every response carries.
@Suite struct SessionSecurityTests {
    /// Signs in through the form as a browser would: the form page, then the POST with its token.
    static func signIn(
        _ client: AccessFixture.Client,
        username: String,
        password: String = AccessFixture.password,
        extraCookies: [String] = [],
        host: String = "tandem.example.org",
        proto: String? = nil,
        next: String = "/account"
    ) async throws -> AccessFixture.Client.Answer {
        var headers: HTTPFields = [HTTPField.Name("Host")!: host]
        if let proto { headers[HTTPField.Name("X-Forwarded-Proto")!] = proto }
        let form = try await client.get("/sign-in", as: nil, headers: headers)
        let token = try #require(form.body.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1).description
        #expect(form.cookies.contains { $0.hasPrefix("tandem_csrf=\(token);") })
        return try await client.post(
            "/sign-in",
            as: nil,
            fields: [("username", username), ("password", password), ("next", next)],
            csrf: token,
            cookies: ["tandem_csrf=\(token)"] + extraCookies,
            headers: headers
        )
    }

    static func sessionToken(_ answer: AccessFixture.Client.Answer) -> String? {
        answer.cookies.first { $0.hasPrefix("tandem_session=") }?.firstMatch(of: /tandem_session=([^;]*)/).map { String($0.1) }
    }

    @Test func signingInSetsASecureHttpOnlyStrictCookieAndGoesBack() async throws {
        let fixture = try await AccessFixture.make()
        let answer = try await fixture.withClient { try await Self.signIn($0, username: "aaa.leader") }
        #expect(answer.status == .seeOther)
        #expect(answer.headers[.location] == "/account")
        let cookie = try #require(answer.cookies.first { $0.hasPrefix("tandem_session=") })
        for flag in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] { #expect(cookie.contains(flag), "\(cookie) lacks \(flag)") }
        // Plain HTTP to a loopback address (the demo in a local browser): not `Secure`, which some
        // browsers would drop there; through an HTTPS proxy on loopback it is `Secure` again.
        let (local, proxied) = try await fixture.withClient { client in
            (
                try await Self.signIn(client, username: "aaa.leader", host: "127.0.0.1:8080"),
                try await Self.signIn(client, username: "aaa.leader", host: "localhost:8080", proto: "https")
            )
        }
        let localCookie = try #require(local.cookies.first { $0.hasPrefix("tandem_session=") })
        #expect(!localCookie.contains("Secure") && localCookie.contains("HttpOnly") && localCookie.contains("SameSite=Strict"))
        #expect(try #require(proxied.cookies.first { $0.hasPrefix("tandem_session=") }).contains("Secure"))
        let token = try #require(Self.sessionToken(answer))
        #expect(token.count >= 43)  // 256 bits in base64url
        #expect(try await fixture.access.session(token: token)?.identity.username == "aaa.leader")
        // Only the token's hash is stored.
        let stored = try await fixture.store.database.read { try String.fetchAll($0, sql: "SELECT token_hash FROM session") }
        #expect(!stored.contains(token) && stored.allSatisfy { $0.count == 64 })
    }

    @Test func aSessionTokenPlantedBeforeSignInIsNeverAdopted() async throws {
        let fixture = try await AccessFixture.make()
        let earlier = try #require(try await fixture.session("aaa.leader"))
        let (planted, reused) = try await fixture.withClient { client in
            (
                try await Self.signIn(client, username: "aaa.leader", extraCookies: ["tandem_session=attacker-chosen-token"]),
                try await Self.signIn(client, username: "aaa.leader", extraCookies: ["tandem_session=\(earlier.token)"])
            )
        }
        let fresh = try #require(Self.sessionToken(planted))
        #expect(fresh != "attacker-chosen-token")
        #expect(try await fixture.access.session(token: "attacker-chosen-token") == nil)
        // Signing in over an existing session ends it and starts a new one.
        #expect(Self.sessionToken(reused) != earlier.token)
        #expect(try await fixture.access.session(token: earlier.token) == nil)
    }

    /// A form's `Origin` must be this site exactly: scheme, host and port.
    @Test(
        arguments: [
            ("http://tandem.example.org", nil, true), ("http://tandem.example.org:80", nil, true), ("HTTP://Tandem.Example.org", nil, true),
            ("https://tandem.example.org", "https", true), ("https://tandem.example.org", nil, false), ("http://tandem.example.org:8443", nil, false),
            ("http://tandem.example.org.evil.example", nil, false), ("http://evil.example", nil, false), ("null", nil, false),
        ] as [(String, String?, Bool)]
    )
    func aFormsOriginMustBeThisSiteBySchemeHostAndPort(origin: String, proto: String?, accepted: Bool) async throws {
        let fixture = try await AccessFixture.make()
        var fields: HTTPFields = [HTTPField.Name("Host")!: "tandem.example.org", .origin: origin]
        if let proto { fields[HTTPField.Name("X-Forwarded-Proto")!] = proto }
        let headers = fields
        let session = try await fixture.session("admin")
        let answer = try await fixture.withClient { client in
            try await client.post("/admin/public", as: session, fields: [("indicator[]", "ap_pass")], headers: headers)
        }
        #expect((answer.status == .ok) == accepted, "\(origin): \(answer.status)")
    }

    @Test func everyFormRefusesAMissingWrongOrForeignToken() async throws {
        let fixture = try await AccessFixture.make()
        let (_, rules) = try await WebApp.router(store: fixture.store, access: fixture.access)
        let forms = rules.filter { $0.method == .post }
        #expect(forms.count >= 5)
        for rule in forms {
            let uri = try RouteRoleTests.fill(rule.path)
            let session = try await fixture.session("admin")
            let (missing, wrong, foreign, signedOut) = try await fixture.withClient { client in
                (
                    try await client.send(.post, uri, as: session, headers: [.contentType: "application/x-www-form-urlencoded"], body: "a=b"),
                    try await client.post(uri, as: session, csrf: "not-the-token"),
                    try await client.post(uri, as: session, headers: [.origin: "https://evil.example"]),
                    try await client.post(uri, as: nil, csrf: "forged", cookies: ["tandem_csrf=other"])
                )
            }
            for (what, answer) in [("missing", missing), ("wrong", wrong), ("foreign origin", foreign), ("signed out, mismatched", signedOut)] {
                #expect(answer.status == .forbidden, "\(rule) with a \(what) token: \(answer.status)")
            }
            // The session survives a refused form (the sign-out form did nothing).
            #expect(try await fixture.access.session(token: session!.token) != nil)
        }
    }

    /// `next` leads only to a path on this site: a tab, a newline, a backslash, a wide space or a second
    /// slash would let a browser's URL parser read another host (`/\t/evil.example` is `//evil.example`).
    @Test(arguments: [
        "/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/\\evil.example", "//evil.example", "/\u{3000}/evil.example",
        "https://evil.example", "/\u{7F}/evil.example", "/ /evil.example", "evil.example",
    ])
    func signingInNeverRedirectsOffTheSite(next: String) async throws {
        let fixture = try await AccessFixture.make()
        let answer = try await fixture.withClient { try await Self.signIn($0, username: "aaa.viewer", next: next) }
        #expect(answer.status == .seeOther)
        #expect(answer.headers[.location] == "/")
    }

    /// Twenty wrong passwords at once are counted before any is checked: exactly `lockoutThreshold` of them
    /// reach bcrypt (each audited "wrong password"), the rest meet the lock; a right password sent in the
    /// same burst is one of the counted attempts or meets the lock, never a free extra guess.
    @Test func aBurstOfSignInsGetsNoMoreChecksThanTheThreshold() async throws {
        let fixture = try await AccessFixture.make()
        let access = AccessService(store: fixture.store, passwordCost: 4, signInQueue: 20)  // none turned away
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for attempt in 0..<20 {
                group.addTask {
                    let password = attempt == 10 ? AccessFixture.password : "wrong password!"
                    if case .signedIn = try await access.signIn(username: "aaa.viewer", password: password) { return true }
                    return false
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        let events = try await access.auditLog(for: Identity(username: "a", role: .partnershipAdmin, district: nil))
            .filter { $0.actor == "aaa.viewer" }
        let checkedWrong = events.filter { $0.subject == "wrong password" }.count
        let signedIn = results.filter { $0 }.count
        // Between two right passwords (or from the start) at most `lockoutThreshold` passwords are checked.
        #expect(checkedWrong + signedIn <= AccessService.lockoutThreshold * (signedIn + 1))
        if signedIn == 0 {
            // The right password met the lock: exactly the threshold of guesses were checked, all wrong.
            #expect(checkedWrong == AccessService.lockoutThreshold)
            #expect(events.filter { $0.subject == "account locked" }.count == 20 - AccessService.lockoutThreshold)
        }
        #expect(events.count(where: { $0.action == .signInFailed }) + signedIn == 20)
    }

    /// Beyond the bcrypt gate's queue a sign-in is answered `.busy` at once, with nothing checked, counted
    /// or audited: every attempt is either busy or audited, and the account's count of failures is the
    /// number of passwords actually checked. (Which attempts are turned away depends on the machine; the
    /// gate itself is tested on its own in `WorkGateTests`.)
    @Test func aSignInTurnedAwayIsNeitherCheckedNorCounted() async throws {
        let store = try await WebTests.makeFixture()
        let access = AccessService(store: store, passwordCost: 6, signInQueue: 0)
        try await access.addAccount(Identity(username: "x", role: .viewer, district: "AAA"), password: AccessFixture.password, by: .operator("t"))
        let attempts = 4 * ProcessInfo.processInfo.activeProcessorCount + 8
        let outcomes = try await withThrowingTaskGroup(of: AccessService.SignIn.self) { group in
            for _ in 0..<attempts { group.addTask { try await access.signIn(username: "x", password: "wrong password!") } }
            return try await group.reduce(into: [AccessService.SignIn]()) { $0.append($1) }
        }
        let busy = outcomes.filter { if case .busy = $0 { true } else { false } }.count
        let events = try await access.auditLog(for: Identity(username: "a", role: .partnershipAdmin, district: nil)).filter { $0.actor == "x" }
        #expect(busy + events.count(where: { $0.action == .signInFailed }) == attempts)
        let failures = try #require(try await store.read { try $0.account(username: "x") }).failedSignIns
        #expect(failures == events.count(where: { $0.subject == "wrong password" }))
    }

    /// Timing must not tell a known name from an unknown one, nor a locked, disabled or over-long attempt
    /// from a wrong password: each costs exactly one bcrypt check at the same cost (measuring time here
    /// would make a flaky test; counting the checks is exact).
    @Test func everyAnswerToASignInCostsExactlyOneCheck() async throws {
        let clock = TestClock()
        let fixture = try await AccessFixture.make(clock: { clock.now })
        let access = fixture.access
        try await access.addAccount(Identity(username: "gone", role: .viewer, district: "AAA"), password: AccessFixture.password, by: .operator("t"))
        try await access.setDisabled("gone", true, by: .operator("t"))
        let attempts: [(String, String)] =
            [
                ("nobody", "wrong password!"), ("gone", AccessFixture.password), ("aaa.viewer", String(repeating: "x", count: 73)),
            ] + Array(repeating: ("aaa.viewer", "wrong password!"), count: AccessService.lockoutThreshold) + [
                ("aaa.viewer", AccessFixture.password)  // locked by now
            ]
        for (name, password) in attempts {
            let before = access.bcryptChecks.load(ordering: .relaxed)
            guard case .refused = try await access.signIn(username: name, password: password) else {
                Issue.record("\(name) was not refused")
                continue
            }
            #expect(access.bcryptChecks.load(ordering: .relaxed) - before == 1, "\(name)")
        }
        let before = access.bcryptChecks.load(ordering: .relaxed)
        clock.advance(seconds: 3600)
        guard case .signedIn = try await access.signIn(username: "aaa.viewer", password: AccessFixture.password) else {
            Issue.record("not signed in after the lock")
            return
        }
        #expect(access.bcryptChecks.load(ordering: .relaxed) - before == 1)
    }

    @Test func repeatedFailuresLockTheAccountForAWhile() async throws {
        let clock = TestClock()
        let fixture = try await AccessFixture.make(clock: { clock.now })
        let access = fixture.access
        for _ in 1..<AccessService.lockoutThreshold {
            guard case .refused = try await access.signIn(username: "aaa.viewer", password: "wrong password!") else {
                Issue.record("signed in")
                return
            }
        }
        // Four failures: still open.
        guard case .signedIn = try await access.signIn(username: "aaa.viewer", password: AccessFixture.password) else {
            Issue.record("locked early")
            return
        }
        for _ in 1...AccessService.lockoutThreshold { _ = try await access.signIn(username: "aaa.viewer", password: "wrong password!") }
        // Five in a row: locked for a minute, even with the right password.
        guard case .refused = try await access.signIn(username: "aaa.viewer", password: AccessFixture.password) else {
            Issue.record("not locked")
            return
        }
        clock.advance(seconds: 59)
        guard case .refused = try await access.signIn(username: "aaa.viewer", password: AccessFixture.password) else {
            Issue.record("unlocked early")
            return
        }
        clock.advance(seconds: 2)
        guard case .signedIn = try await access.signIn(username: "aaa.viewer", password: AccessFixture.password) else {
            Issue.record("still locked")
            return
        }
        let events = try await access.auditLog(for: Identity(username: "a", role: .partnershipAdmin, district: nil))
        #expect(events.contains { $0.action.rawValue == "account-locked" && $0.actor == "aaa.viewer" && $0.subject.contains("locked for 1 min") })
        #expect(events.filter { $0.action.rawValue == "sign-in-failed" && $0.actor == "aaa.viewer" }.count == 4 + 5 + 2)
        // Each further failure in a row doubles the lock: the sixth locks for two minutes.
        for _ in 1...AccessService.lockoutThreshold { _ = try await access.signIn(username: "aaa.viewer", password: "wrong password!") }
        clock.advance(seconds: 61)
        _ = try await access.signIn(username: "aaa.viewer", password: "wrong password!")
        clock.advance(seconds: 61)
        guard case .refused = try await access.signIn(username: "aaa.viewer", password: AccessFixture.password) else {
            Issue.record("lock did not double")
            return
        }
        clock.advance(seconds: 60)
        guard case .signedIn = try await access.signIn(username: "aaa.viewer", password: AccessFixture.password) else {
            Issue.record("locked too long")
            return
        }
    }

    @Test func passwordsAreStoredAsBcryptAtCost12ByDefault() async throws {
        let store = try SQLiteStore()
        let access = AccessService(store: store)
        try await access.addAccount(
            Identity(username: "someone", role: .partnershipAdmin, district: nil),
            password: "a long enough password",
            by: .operator("test")
        )
        let account = try #require(try await store.read { try $0.account(username: "someone") })
        #expect(account.passwordHash.hasPrefix("$2b$12$"))
        #expect(account.passwordHash.count == 60)
        #expect(!account.passwordHash.contains("a long enough password"))
        await #expect(throws: InputError("a password has at least 12 characters")) {
            try await access.resetPassword("someone", password: "short", by: .operator("test"))
        }
        await #expect(throws: InputError.self) {
            try await access.resetPassword("someone", password: String(repeating: "x", count: 73), by: .operator("test"))
        }
    }

    @Test func disablingAnAccountEndsItsSessionsAndStewardsStayInTheirDistrict() async throws {
        let fixture = try await AccessFixture.make()
        let session = try #require(try await fixture.session("bbb.leader"))
        let steward = try #require(try await fixture.session("aaa.steward")).identity
        await #expect(throws: AccessError.self) { try await fixture.access.setDisabled("bbb.leader", true, by: .account(steward)) }
        await #expect(throws: AccessError.self) {
            try await fixture.access.addAccount(Identity(username: "x", role: .districtLeader, district: "BBB"), by: .account(steward))
        }
        await #expect(throws: AccessError.self) {
            try await fixture.access.addAccount(Identity(username: "y", role: .partnershipAdmin, district: nil), by: .account(steward))
        }
        #expect(try await fixture.access.session(token: session.token) != nil)
        try await fixture.access.setDisabled("bbb.leader", true, by: .operator("test"))
        #expect(try await fixture.access.session(token: session.token) == nil)
        guard case .refused = try await fixture.access.signIn(username: "bbb.leader", password: AccessFixture.password) else {
            Issue.record("a disabled account signed in")
            return
        }
    }

    @Test func theAuditLogRecordsAndCannotBeChanged() async throws {
        let fixture = try await AccessFixture.make()
        _ = try await fixture.session("aaa.leader")
        _ = try await fixture.access.signIn(username: "aaa.leader", password: "not the password")
        let steward = try #require(try await fixture.session("aaa.steward")).identity
        let mine = try await fixture.access.auditLog(for: steward)
        #expect(mine.contains { $0.action.rawValue == "sign-in" && $0.actor == "aaa.leader" })
        #expect(mine.contains { $0.action.rawValue == "sign-in-failed" && $0.actor == "aaa.leader" && $0.subject == "wrong password" })
        #expect(mine.contains { $0.action.rawValue == "account-added" && $0.subject == "aaa.leader as district-leader" })
        #expect(mine.contains { $0.action.rawValue == "records-imported" })
        // A steward reads their own district's events only.
        #expect(mine.allSatisfy { $0.district == "AAA" })
        await #expect(throws: AccessError.self) {
            try await fixture.access.auditLog(for: Identity(username: "l", role: .districtLeader, district: "AAA"))
        }
        // Append-only, whatever the application tries.
        #expect(throws: DatabaseError.self) { try fixture.store.database.write { try $0.execute(sql: "UPDATE audit_event SET actor = 'x'") } }
        #expect(throws: DatabaseError.self) { try fixture.store.database.write { try $0.execute(sql: "DELETE FROM audit_event") } }
        // REPLACE deletes the old row without a DELETE trigger: an insert naming an existing id is refused.
        #expect(throws: DatabaseError.self) {
            try fixture.store.database.write {
                try $0.execute(
                    sql: "REPLACE INTO audit_event (id, at, actor, action, subject) SELECT id, at, 'x', action, subject FROM audit_event LIMIT 1"
                )
            }
        }
        #expect(try await fixture.store.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_event WHERE actor = 'x'") } == 0)
    }

    /// A typed name at a failed sign-in may be anything: the log keeps 64 characters of it, not 60 KB.
    @Test func theAuditLogKeepsNoMoreThanAShortNameOfAFailedSignIn() async throws {
        let fixture = try await AccessFixture.make()
        _ = try await fixture.access.signIn(username: String(repeating: "n", count: 60_000), password: "wrong password!")
        let events = try await fixture.access.auditLog(for: Identity(username: "a", role: .partnershipAdmin, district: nil))
        let failed = try #require(events.first { $0.action == .signInFailed })
        #expect(failed.actor.count == AuditEvent.maximumActorLength && failed.actor.hasSuffix("…"))
    }

    @Test(arguments: ["/", "/indicators/math_prof_g5", "/no/such/page", "/assets/tandem.css", "/sign-in", "/admin/audit", "/?year=abc"])
    func everyResponseCarriesTheSecurityHeaders(uri: String) async throws {
        let fixture = try await AccessFixture.make()
        let answer = try await fixture.withClient { try await $0.get(uri, as: nil) }
        #expect(answer.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
        #expect(answer.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
        #expect(answer.headers[.xContentTypeOptions] == "nosniff")
        #expect(answer.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
        #expect(!answer.body.contains("style=\""), "inline styles would be blocked by the policy")
    }

    /// A request for a name the server does not answer to (a DNS-rebinding page's own name) gets 421 and
    /// nothing else; the server's own names, with or without a port, are served.
    @Test func aRequestForAnotherHostNameIsRefused() async throws {
        let fixture = try await AccessFixture.make()
        let answers = try await fixture.withClient { client in
            try await [
                "evil.example", "evil.example:8080", "tandem.example.org.evil.example", "tandem.example.org:443", "localhost:8080", "[::1]:8080",
            ]
            .asyncMap { try await client.get("/", as: nil, headers: [HTTPField.Name("Host")!: $0]).status }
        }
        #expect(answers == [.init(code: 421), .init(code: 421), .init(code: 421), .ok, .ok, .ok])
        let hosts = AllowedHosts.listening(on: "127.0.0.1")
        #expect(hosts.allows("LOCALHOST:8080") && hosts.allows("127.0.0.1") && !hosts.allows("[::1") && !hosts.allows("127.0.0.2:8080"))
    }
}

extension Array where Element: Sendable {
    /// One after another, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
