import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import TandemDomain
import TandemServices
import Testing

@testable import TandemWeb

/// Malformed input at every route, in every path parameter and query parameter, signed out and signed
/// in (numbers at the edges of their types as every role): no answer is a 500, and nothing sent comes
/// back unescaped in HTML.
@Suite struct FuzzTests {
    /// Hostile values: long, binary, markup, SQL, paths, broken escapes, odd Unicode.
    static let payloads = [
        String(repeating: "A", count: 10_000),
        "%00%01%FF%FE", "%C0%AF", "%",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        "'%20OR%201%3D1%20--", "1%3B%20DROP%20TABLE%20account", "..%2F..%2Fetc%2Fpasswd", "%E2%80%AE%F0%9F%98%80",
        "-1", "99999999999999999999", "2011.5", "%20", "-9223372036854775808", "9223372036854775807", "%EF%BC%92%EF%BC%90%EF%BC%91%EF%BC%92",
    ]

    /// What must never come back as it was sent.
    static let markers = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]

    /// Numbers at the edges of their types, which a reader converting them could trap on (issue 14's
    /// `year=-9223372036854775808`): sent as every role, signed out included.
    static let numericExtremes: Set<String> = [
        "-1", "99999999999999999999", "2011.5", "-9223372036854775808", "9223372036854775807", "%EF%BC%92%EF%BC%90%EF%BC%91%EF%BC%92",
    ]

    /// Every query parameter a page reads (and one none does).
    static let queryNames = ["year", "group", "start", "indicator", "next", "from", "to", "through", "action", "actor", "before", "x"]

    @Test func noRouteAnswersMalformedInputWithAnErrorOrUnescapedMarkup() async throws {
        let fixture = try await AccessFixture.make()
        let (_, rules) = try await WebApp.router(store: fixture.store, access: fixture.access)
        let session = try await fixture.session("admin")
        var everyone: [AccessService.Session?] = []
        for persona in AccessFixture.personas { everyone.append(try await fixture.session(persona)) }
        let allRoles = everyone
        var requests = 0
        for rule in rules where rule.method == .get {
            var uris: [String] = []
            let segments = rule.path.split(separator: "/").map(String.init)
            for payload in Self.payloads {
                // Each path parameter in turn replaced by the payload, the others by sound samples.
                for (index, segment) in segments.enumerated() where segment.hasPrefix(":") {
                    var parts = try segments.map { try $0.hasPrefix(":") ? #require(RouteRoleTests.samples[$0]) : $0 }
                    parts[index] = payload
                    uris.append("/" + parts.joined(separator: "/"))
                }
                let base = try RouteRoleTests.fill(rule.path)
                uris += Self.queryNames.map { "\(base)?\($0)=\(payload)" }
            }
            let uriList = uris
            requests += try await fixture.withClient { client in
                var sent = 0
                for uri in uriList {
                    let extreme = Self.numericExtremes.contains { uri.hasSuffix("=" + $0) || uri.contains("/" + $0 + "/") || uri.hasSuffix("/" + $0) }
                    for who in extreme ? allRoles : [nil, session] {
                        let answer = try await client.get(uri, as: who)
                        sent += 1
                        #expect(answer.status != .internalServerError, "\(uri.prefix(120)) as \(who?.identity.username ?? "nobody"): 500")
                        for marker in Self.markers { #expect(!answer.body.contains(marker), "\(uri.prefix(120)) reflects \(marker)") }
                    }
                }
                return sent
            }
        }
        #expect(requests > 5000)
    }

    /// A form over the upload limit is refused as too large (413), not as a server error.
    @Test func aFormOverTheLimitIsTooLarge() async throws {
        let fixture = try await AccessFixture.make()
        let body = "username=" + String(repeating: "x", count: 70_000) + "&password=y"
        let answer = try await fixture.withClient { client in
            try await client.send(.post, "/sign-in", as: nil, headers: [.contentType: "application/x-www-form-urlencoded"], body: body)
        }
        #expect(answer.status == .contentTooLarge)
        #expect(answer.body.contains("The form is too large"))
    }

    /// A code in a path is read as the code it encodes: pages percent-encode codes in their links, so a
    /// school `A B` is linked as `A%20B` and must be found as `A B`.
    @Test func pathParametersArePercentDecoded() async throws {
        let fixture = try await AccessFixture.make()
        let (encoded, broken) = try await fixture.withClient { client in
            (try await client.get("/districts/%41AA", as: nil), try await client.get("/districts/%ZZ", as: nil))
        }
        #expect(encoded.status == .ok)
        #expect(broken.status == .badRequest)
    }

    /// Parameters no page reads do not make a new cache entry: the page is the same object either way.
    @Test func junkQueryParametersAreNotPartOfACachedPagesAddress() {
        #expect(Pages.cacheAddress(URI("/?x=1&year=2012&zz=3")) == Pages.cacheAddress(URI("/?year=2012")))
        #expect(Pages.cacheAddress(URI("/?group=HI&year=2012")) == "/?year=2012&group=HI")
        #expect(Pages.cacheAddress(URI("/?year=2011")) != Pages.cacheAddress(URI("/?year=2012")))
    }

    @Test func formsWithMalformedBodiesAreRefusedCleanly() async throws {
        let fixture = try await AccessFixture.make()
        let (_, rules) = try await WebApp.router(store: fixture.store, access: fixture.access)
        let bodies = [
            "%", "a=%ZZ&csrf", "&&&==&", String(repeating: "x=1&", count: 5_000),
            "username=%3Cscript%3Ealert(1)%3C%2Fscript%3E&role=viewer&district=AAA",
            // Extremes in every typed field, a field sent twice, a list sent as a single value.
            "indicator=math_prof_g5&group=ALL&year=-9223372036854775808&base=9223372036854775807&rule=absolute&amount=1e308",
            "indicator=math_prof_g5&year=2012&base=2011&rule=absolute&amount=nan&mode=change",
            "indicator=a&indicator=b", "indicator[]=a&indicator=b", "indicator[0]=a&indicator[5]=b",
            "id=A9&title=x&strategy=S1&due=9999-99-99&status=done", "id=A9&title=x&due=2010-06-30&status=%00",
            "role=%00&username=x", "role=viewer&role=admin",
        ]
        // As every role, so that each form is read by the role allowed to send it (a steward's target
        // form refuses the admin before it reads a field).
        var sessions: [AccessService.Session] = []
        for persona in AccessFixture.personas.compactMap(\.self) { sessions.append(try #require(try await fixture.session(persona))) }
        var readAsBadInput: Set<String> = []
        for rule in rules where rule.method == .post && rule.path != "/sign-out" {
            let uri = try RouteRoleTests.fill(rule.path)
            let allSessions = sessions
            readAsBadInput.formUnion(
                try await fixture.withClient { client in
                    var bad: Set<String> = []
                    for body in bodies {
                        for session in allSessions {
                            let answer = try await client.send(
                                .post,
                                uri,
                                as: session,
                                headers: [.contentType: "application/x-www-form-urlencoded"],
                                body: body + "&csrf=" + session.csrfToken
                            )
                            #expect(answer.status != .internalServerError, "\(rule) with \(body.prefix(40)) as \(session.identity.username): 500")
                            for marker in Self.markers { #expect(!answer.body.contains(marker), "\(rule) reflects \(marker)") }
                            if answer.status == .badRequest { bad.insert(rule.description) }
                        }
                    }
                    return bad
                }
            )
        }
        // The forms were read, not only refused at the door: the target forms by their steward too.
        #expect(readAsBadInput.contains("POST /districts/:district/targets"), "\(readAsBadInput.sorted())")
    }
}
