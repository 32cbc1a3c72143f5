import Foundation
public import Hummingbird
public import Logging
import Mustache
import TandemContract
import TandemDomain
public import TandemPorts
public import TandemServices

/// The web app: server-rendered pages over the stored indicator values, each for the audience of the
/// person asking (`ResultsView`), a CSV download of what each chart shows, and the account pages.
public enum WebApp {
    /// The application, ready to run (`runService()`) or to test.
    /// `onServerRunning` hears the bound port (useful with port 0, which picks a free one).
    public static func make(
        store: any TandemStore,
        access: AccessService? = nil,
        host: String = "127.0.0.1",
        port: Int = 8080,
        allowedHosts: AllowedHosts? = nil,
        logger: Logger = Logger(label: "tandem.web"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        let (router, _) = try await router(
            store: store,
            access: access ?? AccessService(store: store),
            allowedHosts: allowedHosts ?? .listening(on: host)
        )
        var quietLogger = logger
        quietLogger.logLevel = max(logger.logLevel, .info)
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "Tandem"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: quietLogger
        )
    }

    /// The sections of the site, in the order of the main navigation.
    static let sections: [any WebSection] = [
        ResultsSection(), CohortsSection(), ProgressSection(), StateDashboardSection(), FrameworkSection(),
        PlacesSection(), StudentsSection(), AccountSection(), AdminSection(), AssetsSection(),
    ]

    /// The main navigation: the sections' links, in order.
    public static var navigation: [NavigationLink] { sections.flatMap(\.navigation) }

    /// The router and every route's rule. Each section registers its routes with what they require
    /// (`SectionRoutes`); `AccessPolicyMiddleware` checks every request against those rules in one place.
    /// With `allowedHosts`, a request for another name is refused before anything else.
    public static func router(
        store: any TandemStore,
        access: AccessService,
        allowedHosts: AllowedHosts? = nil
    ) async throws -> (Router<TandemContext>, [RouteRule]) {
        let targets = TargetService(store: store)
        let pages = try await Pages(dashboard: DashboardService(store: store), targets: targets, navigation: navigation)
        let site = Site(
            pages: pages,
            access: access,
            targets: targets,
            frameworks: FrameworkService(store: store),
            dataStatus: DataStatusService(store: store)
        )
        let routes = SectionRoutes(access: access)
        for section in sections { section.register(on: routes, site: site) }

        let router = Router(context: TandemContext.self, options: .autoGenerateHeadEndpoints)
        if let allowedHosts { router.add(middleware: AllowedHostsMiddleware(hosts: allowedHosts)) }
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: SessionMiddleware(access: access))
        router.add(middleware: ErrorPageMiddleware(pages: pages))
        router.add(middleware: AccessPolicyMiddleware(policy: AccessPolicy(routes.rules), access: access))
        router.addRoutes(routes.collection)
        return (router, routes.rules)
    }
}

/// An HTML page (Hummingbird has no HTML response type).
struct HTML: ResponseGenerator {
    var body: String
    var status: HTTPResponse.Status = .ok

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// A CSV download, named so a browser saves it.
struct CSVFile: ResponseGenerator {
    var name: String
    var rows: [[String]]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let text = CSVWriter.text(rows)
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}

/// A file: shipped with the app (cached for an hour), or made from what is stored (`cacheControl`
/// `no-cache`: a browser asks again each time, so an edit shows at once).
struct Asset: ResponseGenerator {
    var body: String
    var contentType: String
    var cacheControl = "max-age=3600"

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .ok, headers: [.contentType: contentType, .cacheControl: cacheControl], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Turns every error into a page: 404 and 400 say what was not found or not understood, 403 what the
/// account may not do; a signed-out visitor on a page that needs an account is sent to sign in; anything
/// else is a plain 500 page (the details go to the log, never to the response).
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    let pages: Pages

    func handle(_ request: Request, context: TandemContext, next: (Request, TandemContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let signIn as SignInFirst {
            return Response(status: .seeOther, headers: [.location: "/sign-in?next=\(Pages.queryValue(signIn.next))"])
        } catch let refusal as any Refusal {
            // A service refused: not valid (400) or not allowed (403), with its message.
            return try pages.error(status: refusal.status, message: refusal.description).personalised(context, path: request.uri.path)
        } catch let error as any HTTPResponseError where error.status.kind == .clientError {
            // Ours (`HTTPError` with a message) and Hummingbird's own, such as a body over the upload limit (413).
            let message = (error as? HTTPError)?.body ?? Self.defaultMessage(error.status)
            return try pages.error(status: error.status, message: message).personalised(context, path: request.uri.path)
        } catch {
            context.logger.error("request failed", metadata: ["path": .string(request.uri.path), "error": .string("\(error)")])
            return try pages.error(status: .internalServerError, message: "Something went wrong on our side.").response(from: request)
        }
    }

    static func defaultMessage(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "There is no page at this address."
        case .forbidden: "Your account cannot do this."
        case .contentTooLarge: "The form is too large (at most 64 KB)."
        default: "The request could not be understood."
        }
    }
}
