import Hummingbird
import TandemDomain
import TandemServices

/// Where a section adds its routes: a Hummingbird `RouteCollection`, and beside it the rule of each route
/// (method, path, `Requirement`). The rules become the `AccessPolicy` that `AccessPolicyMiddleware`
/// enforces for every request, in one place; handlers check nothing themselves. Handlers of routes that
/// need an account are handed the session; a student-level route is handed the `StudentRecordsGate`.
final class SectionRoutes {
    let collection = RouteCollection(context: TandemContext.self)
    private(set) var rules: [RouteRule] = []
    private let access: AccessService

    init(access: AccessService) { self.access = access }

    /// A page or download anyone may ask for (what they see is still decided by their audience).
    func get(
        _ path: String,
        _ requirement: Requirement = .anyone,
        use handler: @escaping @Sendable (Request, TandemContext) async throws -> some ResponseGenerator
    ) {
        add(.get, path, requirement) { request, context in try await handler(request, context) }
    }

    /// A page or download that needs an account: the handler gets its session.
    func get(
        _ path: String,
        _ requirement: Requirement,
        use handler: @escaping @Sendable (Request, TandemContext, AccessService.Session) async throws -> some ResponseGenerator
    ) {
        add(.get, path, requirement) { request, context in try await handler(request, context, try Self.session(context)) }
    }

    /// A form anyone may send (the sign-in form): the handler gets its fields once the CSRF token matched.
    func post(
        _ path: String,
        _ requirement: Requirement = .anyone,
        use handler: @escaping @Sendable (Request, TandemContext, Form) async throws -> some ResponseGenerator
    ) {
        add(.post, path, requirement) { request, context in try await handler(request, context, try Self.form(context)) }
    }

    /// A form that needs an account: the handler gets the session and the fields.
    func post(
        _ path: String,
        _ requirement: Requirement,
        use handler: @escaping @Sendable (Request, TandemContext, AccessService.Session, Form) async throws -> some ResponseGenerator
    ) {
        add(.post, path, requirement) { request, context in
            try await handler(request, context, try Self.session(context), try Self.form(context))
        }
    }

    /// A student-level page or download: it requires `Requirement.studentRecords`, and its handler gets the
    /// person's `StudentRecordsGate`, which checks their district and schools and audits each read. There
    /// is no other way for a route to reach student records.
    func students(
        _ path: String,
        use handler: @escaping @Sendable (Request, TandemContext, StudentRecordsGate) async throws -> some ResponseGenerator
    ) {
        let access = self.access
        add(.get, path, .studentRecords) { request, context in
            try await handler(request, context, access.studentRecords(for: try Self.session(context).identity))
        }
    }

    private func add(
        _ method: HTTPRequest.Method,
        _ path: String,
        _ requirement: Requirement,
        _ handler: @escaping @Sendable (Request, TandemContext) async throws -> some ResponseGenerator
    ) {
        rules.append(RouteRule(method: method, path: path, requirement: requirement))
        collection.on(RouterPath(path), method: method) { request, context in
            try await Self.respond(try await handler(request, context), request, context)
        }
    }

    /// The response; a page gets this request's account bar in its header.
    static func respond(_ result: some ResponseGenerator, _ request: Request, _ context: TandemContext) async throws -> Response {
        if let page = result as? HTML { return page.personalised(context, path: request.uri.description) }
        return try result.response(from: request, context: context)
    }

    /// The session `AccessPolicyMiddleware` found the requirement met with.
    private static func session(_ context: TandemContext) throws -> AccessService.Session {
        guard let session = context.session else { throw HTTPError(.forbidden, message: "Sign in first.") }
        return session
    }

    /// The fields `AccessPolicyMiddleware` read and checked.
    private static func form(_ context: TandemContext) throws -> Form {
        guard let form = context.form else { throw HTTPError(.badRequest) }
        return form
    }
}
