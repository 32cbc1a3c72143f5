import Foundation
import Hummingbird
import Logging
import Mustache
import TandemDomain
import TandemServices
import TandemPorts

/// The web app: server-rendered pages over the stored indicator values, each for the audience of the
/// person asking (`ResultsView`), a CSV download of what each chart shows, and the account pages.
public enum WebApp {
    /// The application, ready to run (`runService()`) or to test.
    /// `onServerRunning` hears the bound port (useful with port 0, which picks a free one).
    public static func make(store: any TandemStore, access: AccessService? = nil, host: String = "127.0.0.1", port: Int = 8080,
                            logger: Logger = Logger(label: "tandem.web"),
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws -> some ApplicationProtocol {
        let (router, _) = try await router(store: store, access: access ?? AccessService(store: store))
        var quietLogger = logger
        quietLogger.logLevel = max(logger.logLevel, .info)
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Tandem"),
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
                           logger: quietLogger)
    }

    /// The router and every route's rule. Each route says what it needs (`Requirement`); `Routes` checks it
    /// in one place, so the table below is the whole access policy of the web app.
    public static func router(store: any TandemStore, access: AccessService) async throws -> (Router<TandemContext>, [RouteRule]) {
        let targets = TargetService(store: store)
        let pages = try await Pages(dashboard: DashboardService(store: store), targets: targets)
        let accounts = AccountPages(pages: pages, access: access)
        let progress = ProgressPages(pages: pages, frameworks: FrameworkService(store: store), targets: targets)
        let router = Router(context: TandemContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: SessionMiddleware(access: access))
        router.add(middleware: ErrorPageMiddleware(pages: pages))
        let routes = Routes(router: router)

        // Results: anyone; what each person sees is decided by `ResultsView` (their audience).
        routes.get("/", .anyone) { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri.description, results) { try await pages.home(request.uri.queryParameters, results) }
        }
        routes.get("/indicators/:id", .anyone) { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri.description, results) {
                try await pages.indicator(try context.parameters.require("id"), request.uri.queryParameters, results)
            }
        }
        routes.get("/districts/:district", .anyone) { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri.description, results) {
                try await pages.district(try context.parameters.require("district"), request.uri.queryParameters, results)
            }
        }
        routes.get("/districts/:district/schools/:school", .anyone) { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri.description, results) {
                try await pages.school(try context.parameters.require("school"), district: try context.parameters.require("district"),
                                 request.uri.queryParameters, results)
            }
        }
        routes.get("/cohorts", .anyone) { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri.description, results) { try await pages.cohorts(request.uri.queryParameters, results) }
        }
        routes.get("/partnership.csv", .anyone) { request, context in
            try await pages.homeCSV(request.uri.queryParameters, try await pages.results(for: context.identity))
        }
        routes.get("/indicators/:id/:chart", .anyone) { request, context in
            try await pages.indicatorCSV(try context.parameters.require("id"), chart: try context.parameters.require("chart"),
                                   request.uri.queryParameters, try await pages.results(for: context.identity))
        }
        routes.get("/assets/tandem.css", .anyone) { _, _ in Asset(body: Pages.stylesheet, contentType: "text/css; charset=utf-8") }

        // The framework and the targets: anyone reads them (each status as their audience may see its value);
        // the partnership admin edits the framework, a district's data steward its targets.
        routes.get("/state-dashboard", .anyone) { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri.description, results) { try await pages.stateDashboard(request.uri.queryParameters, results) }
        }
        routes.get("/progress", .anyone) { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri.description, results) { try await progress.summary(results) }
        }
        routes.get("/progress/districts/:district", .anyone) { _, context in
            try await progress.district(try context.parameters.require("district"), school: nil, try await pages.results(for: context.identity))
        }
        routes.get("/progress/districts/:district/schools/:school", .anyone) { _, context in
            try await progress.district(try context.parameters.require("district"), school: try context.parameters.require("school"),
                                  try await pages.results(for: context.identity))
        }
        routes.get("/framework", .anyone) { _, context in try await progress.framework(try await pages.results(for: context.identity), session: context.session) }
        routes.get("/framework.json", .anyone) { _, _ in try await progress.frameworkFile() }
        routes.post("/framework", .editFramework) { _, context, form in try await progress.importFramework(try context.requireSession(), form) }
        routes.post("/framework/goals", .editFramework) { _, context, form in try await progress.saveGoal(try context.requireSession(), form) }
        routes.post("/framework/strategies", .editFramework) { _, context, form in try await progress.saveStrategy(try context.requireSession(), form) }
        routes.post("/framework/actions", .editFramework) { _, context, form in try await progress.saveAction(try context.requireSession(), id: nil, form) }
        routes.post("/framework/actions/:id", .editFramework) { _, context, form in
            try await progress.saveAction(try context.requireSession(), id: try context.parameters.require("id"), form)
        }
        routes.get("/districts/:district/targets", .setTargets) { _, context in
            try await progress.targetsForm(try context.parameters.require("district"), try context.requireSession())
        }
        routes.post("/districts/:district/targets", .setTargets) { _, context, form in
            try await progress.saveTarget(try context.parameters.require("district"), try context.requireSession(), form)
        }
        routes.post("/districts/:district/targets/remove", .setTargets) { _, context, form in
            try await progress.removeOrCascade(try context.parameters.require("district"), try context.requireSession(), form, cascade: false)
        }
        routes.post("/districts/:district/targets/cascade", .setTargets) { _, context, form in
            try await progress.removeOrCascade(try context.parameters.require("district"), try context.requireSession(), form, cascade: true)
        }
        routes.get("/districts/:district/targets/history", .signedIn) { request, context in
            try await progress.history(try context.parameters.require("district"), query: request.uri.query ?? "", try await pages.results(for: context.identity))
        }

        // Student-level: a school's roster, for its own district's staff (a principal: their schools). Audited.
        routes.students("/districts/:district/schools/:school/students", access: access) { request, context, gate in
            try await accounts.roster(gate, district: try context.parameters.require("district"), school: try context.parameters.require("school"),
                                request.uri.queryParameters)
        }
        routes.students("/districts/:district/schools/:school/students.csv", access: access) { request, context, gate in
            try await accounts.rosterCSV(gate, district: try context.parameters.require("district"), school: try context.parameters.require("school"),
                                   request.uri.queryParameters)
        }

        // Signing in and out, and one's own account.
        routes.get("/sign-in", .anyone) { request, _ in try accounts.signInForm(request) }
        routes.post("/sign-in", .anyone) { request, context, form in try await accounts.signIn(request, context, form) }
        routes.post("/sign-out", .signedIn) { request, context, _ in try await accounts.signOut(request, context) }
        routes.get("/account", .signedIn) { _, context in try await accounts.account(context) }

        // Administration: scope inside a role (which district's accounts) is checked by `AccessService`.
        routes.get("/admin/accounts", .manageAccounts) { _, context in try await accounts.accounts(context) }
        routes.post("/admin/accounts", .manageAccounts) { _, context, form in try await accounts.addAccount(context, form) }
        routes.post("/admin/accounts/:username/:action", .manageAccounts) { _, context, _ in
            try await accounts.changeAccount(context, username: try context.parameters.require("username"), action: try context.parameters.require("action"))
        }
        routes.get("/admin/audit", .readAuditLog) { _, context in try await accounts.auditLog(context) }
        routes.get("/admin/public", .managePartnership) { _, context in try await accounts.publicIndicators(context) }
        routes.post("/admin/public", .managePartnership) { _, context, form in try await accounts.setPublicIndicators(context, form) }
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
        } catch let error as HTTPError where [.notFound, .badRequest, .forbidden, .contentTooLarge].contains(error.status) {
            let message = error.body ?? Self.defaultMessage(error.status)
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
        case .contentTooLarge: "The form is too large."
        default: "The request could not be understood."
        }
    }
}
