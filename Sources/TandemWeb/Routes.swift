import Foundation
import HTTPTypes
import Hummingbird
import TandemDomain
import TandemServices

/// One route and what it needs of the person asking.
public struct RouteRule: Sendable, Hashable, CustomStringConvertible {
    public let method: HTTPRequest.Method
    public let path: String
    public let requirement: Requirement

    public var description: String { "\(method) \(path)" }
}

/// The only way a route gets into the router: each declares its `Requirement`, and this type checks it
/// (and, on every POST, the form's CSRF token) before the handler runs. Nothing is checked per handler.
/// `rules` lists every route, so a test can walk them all.
///
/// `@unchecked Sendable` is safe: routes are added once, by the one task that builds the router before the
/// server starts; afterwards `rules` is only read and the router is Hummingbird's (itself `Sendable`).
final class Routes: @unchecked Sendable {
    private let router: Router<TandemContext>
    private(set) var rules: [RouteRule] = []

    init(router: Router<TandemContext>) { self.router = router }

    /// A page or download.
    func get(_ path: String, _ requirement: Requirement,
             use handler: @escaping @Sendable (Request, TandemContext) async throws -> some ResponseGenerator) {
        rules.append(RouteRule(method: .get, path: path, requirement: requirement))
        router.get(RouterPath(path)) { request, context in
            try Self.check(requirement, request, context)
            return try await Self.respond(try await handler(request, context), request, context)
        }
    }

    /// A student-level page or download: it declares `Requirement.studentRecords`, and its handler gets
    /// the person's `StudentRecordsGate`, which checks their district and schools and audits each read.
    /// There is no other way for a route to reach student records.
    func students(_ path: String, access: AccessService,
                  use handler: @escaping @Sendable (Request, TandemContext, StudentRecordsGate) async throws -> some ResponseGenerator) {
        get(path, .studentRecords) { request, context in
            guard let identity = context.identity else { throw HTTPError(.forbidden) }
            return try await handler(request, context, access.studentRecords(for: identity))
        }
    }

    /// A form: the handler gets the form's fields once its CSRF token has matched.
    func post(_ path: String, _ requirement: Requirement,
              use handler: @escaping @Sendable (Request, TandemContext, Form) async throws -> some ResponseGenerator) {
        rules.append(RouteRule(method: .post, path: path, requirement: requirement))
        router.post(RouterPath(path)) { request, context in
            try Self.check(requirement, request, context)
            let form = try await Form(request, context: context)
            try CSRF.check(form, request, context, signInForm: requirement == .anyone)
            return try await Self.respond(try await handler(request, context, form), request, context)
        }
    }

    /// The response; a page gets this request's account bar in its header.
    static func respond(_ result: some ResponseGenerator, _ request: Request, _ context: TandemContext) async throws -> Response {
        if let page = result as? HTML { return page.personalised(context, path: request.uri.description) }
        return try result.response(from: request, context: context)
    }

    /// Signed out where an account is needed: a page asks to sign in first (and comes back); anything
    /// else is refused. Signed in without the role: 403.
    static func check(_ requirement: Requirement, _ request: Request, _ context: TandemContext) throws {
        guard !requirement.isMet(by: context.identity) else { return }
        guard let identity = context.identity else {
            if request.method == .get { throw SignInFirst(next: request.uri.description) }
            throw HTTPError(.forbidden, message: "Sign in first.")
        }
        throw HTTPError(.forbidden, message: "Your account (\(identity.role.title)) cannot open this page.")
    }
}

/// Thrown by `Routes.check` for a signed-out visitor on a page that needs an account; `ErrorPageMiddleware`
/// answers it with a redirect to the sign-in page.
struct SignInFirst: Error {
    let next: String
}

/// Cross-site request forgery protection: every form carries a token that a page of this site put there
/// and that a page of another site cannot know: the session's token when signed in. The sign-in form,
/// which a visitor sends before having a session, may instead carry the token of the `tandem_csrf`
/// cookie its page set (double submit; the cookie is scoped to `/sign-in`). Cookies are also
/// `SameSite=Strict`, and a request whose `Origin` is another site is refused outright.
enum CSRF {
    static let cookie = "tandem_csrf"

    static func check(_ form: Form, _ request: Request, _ context: TandemContext, signInForm: Bool) throws {
        if let origin = request.headers[.origin], let host = request.hostAndPort,
           URL(string: origin)?.host.map({ host == $0 || host.hasPrefix($0 + ":") }) != true {
            throw HTTPError(.forbidden, message: "This form was sent from another site.")
        }
        let expected = [context.session?.csrfToken, signInForm ? request.cookies[cookie]?.value : nil].compactMap { $0 }
        guard let sent = form["csrf"], expected.contains(where: { AccessService.constantTimeEqual(sent, $0) }) else {
            throw HTTPError(.forbidden, message: "This form has expired or did not come from Tandem: open the page again and resend it.")
        }
    }
}

/// The fields of a URL-encoded form (`application/x-www-form-urlencoded`), each name with its values in
/// order (check boxes repeat a name).
struct Form: Sendable {
    private(set) var fields: [String: [String]] = [:]

    init(_ request: Request, context: TandemContext) async throws {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        self.init(String(buffer: body))
    }

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            fields[name, default: []].append(parts.count > 1 ? Self.decode(parts[1]) ?? "" : "")
        }
    }

    /// The first value of a field.
    subscript(name: String) -> String? { fields[name]?.first }

    func all(_ name: String) -> [String] { fields[name] ?? [] }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

extension Request {
    /// The host (and port) the browser asked for: HTTP/1's `Host` header when it is still a header,
    /// else the request's authority (where the server puts it).
    var hostAndPort: String? { headers[HTTPField.Name("Host")!] ?? head.authority }
}
