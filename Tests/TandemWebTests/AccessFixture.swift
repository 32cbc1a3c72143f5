import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TandemDomain
import TandemServices
import TandemStorage
import TandemWeb

/// The web fixture (`WebTests.makeFixture`, districts AAA and BBB) with one account per role, and a way
/// to make requests as any of them. bcrypt runs at its lowest cost here: the cost itself is tested once.
struct AccessFixture {
    let store: SQLiteStore
    let access: AccessService

    static let password = "correct horse battery"

    /// One account per role; the principal leads AAA's school 1.
    static let accounts: [Identity] = [
        Identity(username: "admin", role: .partnershipAdmin, district: nil),
        Identity(username: "aaa.steward", role: .dataSteward, district: "AAA"),
        Identity(username: "aaa.leader", role: .districtLeader, district: "AAA"),
        Identity(username: "aaa.strand", role: .strandLead, district: "AAA"),
        Identity(username: "aaa.principal", role: .principal, district: "AAA", schools: ["1"]),
        Identity(username: "aaa.viewer", role: .viewer, district: "AAA"),
        Identity(username: "bbb.steward", role: .dataSteward, district: "BBB"),
        Identity(username: "bbb.leader", role: .districtLeader, district: "BBB"),
        Identity(username: "bbb.principal", role: .principal, district: "BBB", schools: ["1"]),
    ]

    /// A username per role (nil: signed out), for walking every role.
    static let personas: [String?] = [nil, "admin", "aaa.steward", "aaa.leader", "aaa.strand", "aaa.principal", "aaa.viewer"]

    static func make(clock: @escaping @Sendable () -> Date = { Date() }) async throws -> AccessFixture {
        let store = try await WebTests.makeFixture()
        let access = AccessService(store: store, passwordCost: 4, clock: clock)
        for identity in accounts { try await access.addAccount(identity, password: password, by: .operator("test")) }
        return AccessFixture(store: store, access: access)
    }

    /// A fresh session for `username` (nil: none).
    func session(_ username: String?) async throws -> AccessService.Session? {
        guard let username else { return nil }
        guard case .signedIn(let session) = try await access.signIn(username: username, password: Self.password) else {
            throw HTTPError(.unauthorized, message: "\(username) could not sign in")
        }
        return session
    }

    /// Runs `body` with a client of the app on this fixture.
    func withClient<T: Sendable>(_ body: @escaping @Sendable (Client) async throws -> T) async throws -> T {
        var logger = Logger(label: "tandem.test")
        logger.logLevel = .warning
        // As a server behind a proxy that serves it as tandem.example.org (the name the tests send).
        let app = try await WebApp.make(
            store: store,
            access: access,
            allowedHosts: .listening(on: "127.0.0.1", extra: ["tandem.example.org"]),
            logger: logger
        )
        return try await app.test(.router) { client in try await body(Client(client: client)) }
    }

    /// Requests as a session (or signed out).
    struct Client: Sendable {
        let client: any TestClientProtocol

        struct Answer: Sendable {
            let status: HTTPResponse.Status
            let body: String
            let headers: HTTPFields

            /// Every `Set-Cookie` header.
            var cookies: [String] { headers[values: .setCookie] }
        }

        func get(_ uri: String, as session: AccessService.Session?, headers: HTTPFields = [:]) async throws -> Answer {
            try await send(.get, uri, as: session, headers: headers)
        }

        /// A form POST; `csrf` defaults to the session's token.
        func post(
            _ uri: String,
            as session: AccessService.Session?,
            fields: [(String, String)] = [],
            csrf: String? = nil,
            cookies: [String] = [],
            headers: HTTPFields = [:]
        ) async throws -> Answer {
            var all = fields
            if let token = csrf ?? session?.csrfToken { all.append(("csrf", token)) }
            let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
            var headers = headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            return try await send(.post, uri, as: session, headers: headers, cookies: cookies, body: body)
        }

        func send(
            _ method: HTTPRequest.Method,
            _ uri: String,
            as session: AccessService.Session?,
            headers: HTTPFields = [:],
            cookies: [String] = [],
            body: String? = nil
        ) async throws -> Answer {
            var headers = headers
            let jar = (session.map { ["tandem_session=\($0.token)"] } ?? []) + cookies
            if !jar.isEmpty { headers[.cookie] = jar.joined(separator: "; ") }
            return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
                Answer(status: response.status, body: String(buffer: response.body), headers: response.headers)
            }
        }

        static func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
    }
}

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)

    var now: Date { lock.withLock { current } }

    func advance(seconds: Double) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}
