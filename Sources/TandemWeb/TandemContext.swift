import Foundation
import HTTPTypes
public import Hummingbird
public import TandemDomain
public import TandemServices

/// Each request's context: Hummingbird's own, plus the session `SessionMiddleware` found for it.
public struct TandemContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in session, or `nil` for a signed-out visitor.
    public var session: AccessService.Session?
    /// A POST's fields, once `AccessPolicyMiddleware` has read them and checked their CSRF token.
    var form: Form?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        session = nil
        form = nil
    }

    /// Who is asking: `nil` is a signed-out visitor (the public audience).
    public var identity: Identity? { session?.identity }

    /// A path parameter as the code it names: pages percent-encode codes in their links (`A%20B` for the
    /// school `A B`), and the router hands the segment over as sent. Not valid percent-encoding → 400.
    func parameter(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        guard let decoded = raw.removingPercentEncoding else {
            throw HTTPError(.badRequest, message: "The address is not valid: its \(name) is not properly encoded.")
        }
        return decoded
    }

    /// Forms are small: a larger body is refused before it is read.
    public var maxUploadSize: Int { 64 * 1024 }
}

/// Finds the session of the request's `tandem_session` cookie. An unknown, expired or disabled
/// session is simply no session: the visitor is signed out.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    static let cookie = "tandem_session"
    let access: AccessService

    func handle(_ request: Request, context: TandemContext, next: (Request, TandemContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[Self.cookie]?.value {
            context.session = try await access.session(token: token)
        }
        return try await next(request, context)
    }
}

/// The headers every response carries: no script at all, styles and images from this site only, no
/// framing, no sniffing, no referrer leaving the site, and no caching of anything a signed-in person saw.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }
    static var frameOptions: HTTPField.Name { HTTPField.Name("X-Frame-Options")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.referrerPolicy] = "same-origin"
        response.headers[Self.frameOptions] = "DENY"
        if request.cookies[SessionMiddleware.cookie] != nil || response.headers[.setCookie] != nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
