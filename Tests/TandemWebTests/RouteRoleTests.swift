import Foundation
import Hummingbird
import HummingbirdTesting
import TandemDomain
import TandemServices
import TandemWeb
import Testing

/// The route-by-role matrix: every route the app registers, asked by a signed-out visitor and by each
/// role, must allow exactly whom this table (the README's "Who sees what") says. A route added without a
/// row here fails, and so does a row for a route that no longer exists.
@Suite struct RouteRoleTests {
    static let everyone: Set<String> = ["public", "partnership-admin", "data-steward", "district-leader", "strand-lead", "principal", "viewer"]
    static let signedIn = everyone.subtracting(["public"])

    /// Who may use each route (by persona: `public` or a role).
    static let expected: [String: Set<String>] = [
        "GET /": everyone,
        "GET /indicators/:id": everyone,
        "GET /districts/:district": everyone,
        "GET /districts/:district/schools/:school": everyone,
        "GET /cohorts": everyone,
        "GET /partnership.csv": everyone,
        "GET /indicators/:id/:chart": everyone,
        "GET /assets/tandem.css": everyone,
        "GET /districts/:district/schools/:school/students": ["data-steward", "district-leader", "strand-lead", "principal"],
        "GET /districts/:district/schools/:school/students.csv": ["data-steward", "district-leader", "strand-lead", "principal"],
        "GET /state-dashboard": everyone,
        "GET /progress": everyone,
        "GET /progress/districts/:district": everyone,
        "GET /progress/districts/:district/schools/:school": everyone,
        "GET /framework": everyone,
        "GET /framework.json": everyone,
        "POST /framework": ["partnership-admin"],
        "POST /framework/actions": ["partnership-admin"],
        "POST /framework/goals": ["partnership-admin"],
        "POST /framework/strategies": ["partnership-admin"],
        "POST /framework/actions/:id": ["partnership-admin"],
        "GET /districts/:district/targets": ["data-steward"],
        "POST /districts/:district/targets": ["data-steward"],
        "POST /districts/:district/targets/remove": ["data-steward"],
        "POST /districts/:district/targets/cascade": ["data-steward"],
        "GET /districts/:district/targets/history": signedIn,
        "GET /sign-in": everyone,
        "POST /sign-in": everyone,
        "POST /sign-out": signedIn,
        "GET /account": signedIn,
        "GET /admin/accounts": ["partnership-admin", "data-steward"],
        "POST /admin/accounts": ["partnership-admin", "data-steward"],
        "POST /admin/accounts/:username/:action": ["partnership-admin", "data-steward"],
        "GET /admin/audit": ["partnership-admin", "data-steward"],
        "GET /admin/data": ["partnership-admin", "data-steward"],
        "GET /admin/public": ["partnership-admin"],
        "POST /admin/public": ["partnership-admin"],
    ]

    /// What each path parameter is filled with.
    static let samples = [
        ":id": "math_prof_g5", ":chart": "trend.csv", ":district": "AAA", ":school": "1", ":username": "nobody", ":action": "disable",
    ]

    /// Harmless form fields per POST route: the request must get past the access check, not change much.
    static let forms: [String: [(String, String)]] = [
        "/sign-in": [("username", "nobody"), ("password", "wrong password")],
        "/admin/public": [("indicator[]", "math_prof_g5"), ("indicator[]", "ap_pass")],
    ]

    @Test func everyRouteAllowsExactlyTheRolesOfTheTable() async throws {
        let fixture = try await AccessFixture.make()
        let (_, rules) = try await WebApp.router(store: fixture.store, access: fixture.access)
        #expect(Set(rules.map(\.description)) == Set(Self.expected.keys), "the route table and this test's table differ")
        for rule in rules {
            let allowed = try #require(Self.expected[rule.description], "\(rule) has no row: add it to the README's table and here")
            let uri = try Self.fill(rule.path)
            for persona in AccessFixture.personas {
                let session = try await fixture.session(persona)
                let name = session?.identity.role.rawValue ?? "public"
                let answer = try await fixture.withClient { client in
                    if rule.method == .post {
                        // The sign-in form's CSRF cookie, for a signed-out visitor.
                        return try await client.post(
                            uri,
                            as: session,
                            fields: Self.forms[rule.path] ?? [],
                            csrf: session?.csrfToken ?? "t",
                            cookies: session == nil ? ["tandem_csrf=t"] : []
                        )
                    }
                    return try await client.get(uri, as: session)
                }
                let refused = answer.status == .forbidden || (answer.status == .seeOther && answer.headers[.location]?.hasPrefix("/sign-in") == true)
                #expect(refused == !allowed.contains(name), "\(rule) as \(name): \(answer.status)")
                #expect(answer.status != .internalServerError, "\(rule) as \(name)")
            }
        }
    }

    @Test func theNavigationIsTheSectionsLinksEachOpenToAnyone() async throws {
        let fixture = try await AccessFixture.make()
        let (_, rules) = try await WebApp.router(store: fixture.store, access: fixture.access)
        let links = WebApp.navigation
        #expect(links.map(\.path) == ["/", "/cohorts", "/progress", "/state-dashboard", "/framework"])
        for link in links {
            #expect(rules.contains { $0.method == .get && $0.path == link.path && $0.requirement == .anyone }, "\(link.path)")
        }
        let home = try await fixture.withClient { try await $0.get("/", as: nil) }
        #expect(
            home.body.contains("<nav aria-label=\"Main\">" + links.map { "<a href=\"\($0.path)\">\($0.title)</a>" }.joined(separator: " ") + "</nav>")
        )
    }

    @Test func aSignedOutVisitorIsAskedToSignInAndComesBack() async throws {
        let fixture = try await AccessFixture.make()
        let answer = try await fixture.withClient { try await $0.get("/admin/audit?x=1", as: nil) }
        #expect(answer.status == .seeOther)
        #expect(answer.headers[.location] == "/sign-in?next=%2Fadmin%2Faudit%3Fx%3D1")
    }

    static func fill(_ path: String) throws -> String {
        try path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            guard segment.hasPrefix(":") else { return String(segment) }
            return try #require(samples[String(segment)], "no sample for \(segment)")
        }.joined(separator: "/")
    }
}
