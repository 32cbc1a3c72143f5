import Foundation
import Hummingbird
import Logging
import TandemDomain
import TandemServices

/// Every route's `Requirement`, by method and path pattern: the web app's whole access policy, built from
/// what the sections registered (`SectionRoutes`). A future API registers its routes into the same table.
struct AccessPolicy: Sendable {
    private let requirements: [String: Requirement]

    init(_ rules: [RouteRule]) {
        requirements = Dictionary(rules.map { (Self.key($0.method, RouterPath($0.path).description), $0.requirement) }) { first, _ in first }
    }

    /// The requirement of a matched endpoint (HEAD is answered as GET).
    func requirement(_ method: HTTPRequest.Method, endpoint: String) -> Requirement? {
        requirements[Self.key(method == .head ? .get : method, endpoint)]
    }

    private static func key(_ method: HTTPRequest.Method, _ endpoint: String) -> String { "\(method) \(endpoint)" }
}

/// The one place a request's access is decided, after the router has matched its route and before the
/// handler runs: the route's requirement against the person asking (`Requirement.isMet`), and on every
/// POST the form's CSRF token. A matched route without a rule is refused (fail closed).
///
/// Signed out where an account is needed: a page asks to sign in first (and comes back); anything else
/// is refused. Signed in without the role: 403.
struct AccessPolicyMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    let policy: AccessPolicy
    /// Records refused asks for student-level records.
    let access: AccessService

    func handle(_ request: Request, context: TandemContext, next: (Request, TandemContext) async throws -> Response) async throws -> Response {
        // Hummingbird names the matched route's pattern before running the middleware of its endpoint.
        guard let endpoint = context.endpointPath else { return try await next(request, context) }
        guard let requirement = policy.requirement(request.method, endpoint: endpoint) else {
            context.logger.error("a route has no access rule", metadata: ["route": .string("\(request.method) \(endpoint)")])
            throw HTTPError(.internalServerError)
        }
        if requirement == .studentRecords, let identity = context.identity, !requirement.isMet(by: identity) {
            // Signed in, and refused below: a refused ask for student records is audited.
            try await access.recordRefusedStudentRecords(identity, district: context.parameters.get("district"), what: request.uri.path)
        }
        try Self.check(requirement, request, context)
        guard request.method == .post else { return try await next(request, context) }
        var context = context
        let form = try await Form(request, context: context)
        try CSRF.check(form, request, context, signInForm: requirement == .anyone)
        context.form = form
        return try await next(request, context)
    }

    static func check(_ requirement: Requirement, _ request: Request, _ context: TandemContext) throws {
        guard !requirement.isMet(by: context.identity) else { return }
        guard let identity = context.identity else {
            if request.method == .get || request.method == .head { throw SignInFirst(next: request.uri.description) }
            throw HTTPError(.forbidden, message: "Sign in first.")
        }
        throw HTTPError(.forbidden, message: "Your account (\(identity.role.title)) cannot open this page.")
    }
}
