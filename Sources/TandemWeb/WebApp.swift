import Foundation
import Hummingbird
import Logging
import Mustache
import TandemDomain
import TandemServices
import TandemStorage

/// The web app: server-rendered pages over the stored indicator values, for the partnership audience
/// (every count has passed the small-group rule), and a CSV download of what each chart shows.
public enum WebApp {
    /// The application, ready to run (`runService()`) or to test.
    /// `onServerRunning` hears the bound port (useful with port 0, which picks a free one).
    public static func make(store: TandemStore, host: String = "127.0.0.1", port: Int = 8080,
                            logger: Logger = Logger(label: "tandem.web"),
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws -> some ApplicationProtocol {
        let pages = try await Pages(dashboard: DashboardService(store: store))
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: ErrorPageMiddleware(pages: pages))
        router.get("/") { request, _ in try pages.cached(request.uri.description) { try pages.home(request.uri.queryParameters) } }
        router.get("/indicators/:id") { request, context in
            try pages.cached(request.uri.description) { try pages.indicator(try context.parameters.require("id"), request.uri.queryParameters) }
        }
        router.get("/districts/:district") { request, context in
            try pages.cached(request.uri.description) { try pages.district(try context.parameters.require("district"), request.uri.queryParameters) }
        }
        router.get("/districts/:district/schools/:school") { request, context in
            try pages.cached(request.uri.description) {
                try pages.school(try context.parameters.require("school"), district: try context.parameters.require("district"), request.uri.queryParameters)
            }
        }
        router.get("/cohorts") { request, _ in try pages.cached(request.uri.description) { try pages.cohorts(request.uri.queryParameters) } }
        router.get("/partnership.csv") { request, _ in try pages.homeCSV(request.uri.queryParameters) }
        router.get("/indicators/:id/:chart") { request, context in
            try pages.indicatorCSV(try context.parameters.require("id"), chart: try context.parameters.require("chart"), request.uri.queryParameters)
        }
        router.get("/assets/tandem.css") { _, _ in Asset(body: Pages.stylesheet, contentType: "text/css; charset=utf-8") }
        var quietLogger = logger
        quietLogger.logLevel = .info
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Tandem"),
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
                           logger: quietLogger)
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
        let text = rows.map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\n") + "\n"
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func field(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}

/// A file shipped with the app.
struct Asset: ResponseGenerator {
    var body: String
    var contentType: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .ok, headers: [.contentType: contentType, .cacheControl: "max-age=3600"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Turns every error into a page: 404 and 400 say what was not found or not understood; anything else is a
/// plain 500 page (the details go to the log, never to the response).
struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let pages: Pages

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .badRequest {
            let message = error.body ?? (error.status == .notFound ? "There is no page at this address." : "The request could not be understood.")
            return try pages.error(status: error.status, message: message).response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["path": .string(request.uri.path), "error": .string("\(error)")])
            return try pages.error(status: .internalServerError, message: "Something went wrong on our side.").response(from: request, context: context)
        }
    }
}
