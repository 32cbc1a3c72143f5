import Foundation
public import Hummingbird

/// The names the server answers to. A page on another site can point its own name at this server's
/// address (DNS rebinding) and have a visitor's browser read the answers; such a request carries that
/// other name as its Host, so any Host not listed is answered 421 Misdirected Request and nothing else.
/// A request without a Host passes (HTTP/1.0 and the in-process test client; a browser always sends one).
public struct AllowedHosts: Sendable, Hashable {
    /// Lower-cased names without a port (an IPv6 address without its brackets).
    public let names: Set<String>

    public init(names: some Sequence<String>) {
        self.names = Set(names.map { $0.lowercased() })
    }

    static let loopbackNames = ["localhost", "127.0.0.1", "::1"]

    /// For a server listening on `host`: that name, `extra` (the names a proxy or the public use), and, on a
    /// loopback address, localhost's names; on every address (`0.0.0.0`, `::`), also this machine's name.
    public static func listening(on host: String, extra: [String] = []) -> AllowedHosts {
        var names = [host] + extra
        let everyAddress = host == "0.0.0.0" || host == "::"
        if everyAddress || loopbackNames.contains(host.lowercased()) { names += loopbackNames }
        if everyAddress { names.append(ProcessInfo.processInfo.hostName) }
        return AllowedHosts(names: names)
    }

    /// Whether a request's Host (`name`, `name:port`, `[v6]:port`) is one of the names.
    public func allows(_ authority: String) -> Bool {
        hostName(ofAuthority: authority).map { names.contains($0.lowercased()) } ?? false
    }
}

/// Refuses a request whose Host is not one of the server's names (`AllowedHosts`).
struct AllowedHostsMiddleware<Context: RequestContext>: RouterMiddleware {
    let hosts: AllowedHosts

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let authority = request.hostAndPort, !hosts.allows(authority) {
            throw HTTPError(.init(code: 421, reasonPhrase: "Misdirected Request"), message: "This server does not answer to that name.")
        }
        return try await next(request, context)
    }
}
