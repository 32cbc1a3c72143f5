import Foundation
public import HTTPTypes
import Hummingbird
public import TandemDomain
import TandemServices

/// One route and what it needs of the person asking.
public struct RouteRule: Sendable, Hashable, CustomStringConvertible {
    public let method: HTTPRequest.Method
    public let path: String
    public let requirement: Requirement

    public var description: String { "\(method) \(path)" }
}

/// Thrown by `AccessPolicyMiddleware` for a signed-out visitor on a page that needs an account; `ErrorPageMiddleware`
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

    /// Every form's token field; the form's own fields are decoded by its handler.
    private struct CSRFField: WebForm {
        let csrf: String?
    }

    static func check(_ form: Form, _ request: Request, _ context: TandemContext, signInForm: Bool) throws {
        if let origin = request.headers[.origin], !sameOrigin(origin, request) {
            throw HTTPError(.forbidden, message: "This form was sent from another site.")
        }
        let expected = [context.session?.csrfToken, signInForm ? request.cookies[cookie]?.value : nil].compactMap { $0 }
        guard let sent = try form.decode(CSRFField.self).csrf, expected.contains(where: { AccessService.constantTimeEqual(sent, $0) }) else {
            throw HTTPError(.forbidden, message: "This form has expired or did not come from Tandem: open the page again and resend it.")
        }
    }
}

extension CSRF {
    /// Whether a form's `Origin` is this site: the same scheme (`https` when the proxy says so with
    /// `X-Forwarded-Proto`, else `http`), host and port (a scheme's default port written or not).
    static func sameOrigin(_ origin: String, _ request: Request) -> Bool {
        guard let url = URLComponents(string: origin), let scheme = url.scheme?.lowercased(), var host = url.host?.lowercased(),
            let requested = request.hostAndPort?.lowercased()
        else { return false }
        let requestScheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https" ? "https" : "http"
        let defaultPort = requestScheme == "https" ? 443 : 80
        if host.contains(":"), !host.hasPrefix("[") { host = "[\(host)]" }  // an IPv6 literal, as a Host header writes it
        let originAuthority = url.port.map { $0 == defaultPort ? host : "\(host):\($0)" } ?? host
        let requestAuthority = requested.hasSuffix(":\(defaultPort)") ? String(requested.dropLast(":\(defaultPort)".count)) : requested
        return scheme == requestScheme && originAuthority == requestAuthority
    }
}

extension Request {
    /// The host (and port) the browser asked for: HTTP/1's `Host` header when it is still a header,
    /// else the request's authority (where the server puts it).
    var hostAndPort: String? { headers[HTTPField.Name("Host")!] ?? head.authority }

    /// The name the browser asked for, without a port (an IPv6 address without its brackets).
    var hostName: String? { hostAndPort.flatMap(hostName(ofAuthority:)) }
}

/// The name in an authority (`name`, `name:port`, `[v6]:port`), as written; `nil` for an unclosed `[`.
func hostName(ofAuthority authority: String) -> String? {
    if authority.hasPrefix("[") {
        guard let close = authority.firstIndex(of: "]") else { return nil }
        return String(authority[authority.index(after: authority.startIndex)..<close])
    }
    return String(authority[..<(authority.lastIndex(of: ":") ?? authority.endIndex)])
}
