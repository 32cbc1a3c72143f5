import Foundation
import Hummingbird
import HummingbirdCore
import Mustache
import Synchronization
import TandemDomain
import TandemServices

/// Builds each page's view model from the dashboard service and renders it with the Mustache templates
/// in `Templates/`. Charts are SVG strings made by `Chart`; every number shown comes from a `ResultsView`
/// for the person asking, so it has passed `Audience.mayShow` for its audience.
struct Pages: Sendable {
    let dashboard: DashboardService
    let targets: TargetService
    let templates: MustacheLibrary
    /// The main navigation, from the registered sections (`WebSection.navigation`).
    let navigation: [NavigationLink]
    let cache = RenderedPages()

    init(dashboard: DashboardService, targets: TargetService, navigation: [NavigationLink]) async throws {
        self.dashboard = dashboard
        self.targets = targets
        self.navigation = navigation
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw HTTPError(.internalServerError, message: "templates missing from the installation")
        }
        templates = try await MustacheLibrary(directory: folder)
    }

    static let stylesheet: String = {
        guard let url = Bundle.module.url(forResource: "tandem", withExtension: "css", subdirectory: "Assets"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }()

    /// Renders a typed page (its template renders the header and footer inside `{{#layout}}`).
    func render<Page: Sendable>(_ template: String, _ page: Page, status: HTTPResponse.Status = .ok) throws -> HTML {
        guard let html = templates.render(page, withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "template \(template) missing")
        }
        return HTML(body: html, status: status)
    }

    /// A page rendered once per computation, audience and address: the stored values change only when a
    /// new computation is stored, so until then the same request from the same audience makes the same page.
    func cached(_ uri: URI, _ results: ResultsView, _ render: @escaping @Sendable () async throws -> HTML) async throws -> HTML {
        try await cache.page("\(results.cacheKey) \(Self.cacheAddress(uri))", render: render)
    }

    /// The query parameters a page reads. Nothing else changes a page, so nothing else is in its cache key:
    /// junk parameters would otherwise make every request a miss (and a new entry).
    static let pageParameters = ["year", "group", "start", "from", "to", "indicator"]

    /// A page's address as its cache knows it: the path and the parameters pages read, in a fixed order.
    static func cacheAddress(_ uri: URI) -> String {
        let query = uri.queryParameters
        let known = pageParameters.compactMap { name in query[name[...]].map { "\(name)=\($0)" } }
        return uri.path + (known.isEmpty ? "" : "?" + known.joined(separator: "&"))
    }

    func error(status: HTTPResponse.Status, message: String) throws -> HTML {
        try render("error", ErrorPage(title: "\(status.code) \(status.reasonPhrase)", message: message), status: status)
    }

    /// The results as `identity` may see them, or a page explaining that nothing is computed yet.
    func results(for identity: Identity?) async throws -> ResultsView {
        guard let results = try await dashboard.view(for: identity) else {
            throw HTTPError(.notFound, message: "No indicator values are stored yet: load the districts' records and run `tandem compute`.")
        }
        return results
    }

    // MARK: - Query parameters

    /// `year`: one of the computed years (default: the latest). Not a number → 400; unknown → 404.
    /// `indicator`: the page is one indicator's, so without a `year` it opens on that indicator's latest
    /// year with a value, not the partnership's (which may hold none of it).
    func year(_ query: Parameters, _ results: ResultsView, name: String = "year", indicator: String? = nil) throws -> Int {
        guard let text = query[name[...]] else {
            let years = indicator.map { results.yearsWithValues($0, group: .all) } ?? results.years
            guard let latest = years.last else { throw HTTPError(.notFound, message: "No values are stored.") }
            return latest
        }
        guard let year = Int(text) else { throw HTTPError(.badRequest, message: "The \(name) must be a school year such as 2009.") }
        guard results.years.contains(year) else { throw HTTPError(.notFound, message: "There are no values for \(year).") }
        return year
    }

    /// `group`: a student-group id (default `ALL`); unknown → 404.
    func group(_ query: Parameters) throws -> StudentGroup {
        guard let text = query["group"] else { return .all }
        guard let group = StudentGroup(rawValue: String(text).uppercased()) else {
            throw HTTPError(.notFound, message: "There is no student group \"\(text)\".")
        }
        return group
    }

    func indicator(_ id: String, _ results: ResultsView) throws -> IndicatorInfo {
        guard let indicator = results.indicator(id) else {
            // A signed-out visitor asking for one the partnership keeps to itself is asked to sign in
            // (and comes back here), not told it does not exist.
            if results.isForThePartnershipOnly(id) { throw SignInFirst(next: "/indicators/\(id)") }
            throw HTTPError(.notFound, message: "There is no indicator \"\(id)\".")
        }
        return indicator
    }

    // MARK: - Shared pieces

    /// A value's CSV fields: numerator, denominator, rate, suppressed (hidden counts left empty).
    static func csvValue(_ value: PublishedValue?) -> [String] {
        guard let value else { return ["", "", "", "N"] }
        guard let counts = value.counts else { return ["", "", "", "Y"] }
        return [String(counts.numerator), String(counts.denominator), ExportService.rate(counts.numerator, counts.denominator), "N"]
    }
}

/// Rendered pages by computation and address, bounded: when full it starts again (pages are cheap to
/// render once; the bound keeps odd query strings from growing memory without limit).
///
/// A page is rendered once even when many requests for it arrive together: rendering awaits the store, so
/// without this every request that arrived during the first render would render it too (with 50
/// connections on a cold page, 50 renders queued on the database's readers, p99 near a second).
final class RenderedPages: Sendable {
    static let capacity = 512

    private struct State {
        var pages: [String: HTML] = [:]
        /// Renders under way; later requests for the same page wait for the same render.
        var rendering: [String: Task<HTML, any Error>] = [:]
    }

    private let state = Mutex(State())

    private enum Lookup {
        case rendered(HTML)
        case rendering(Task<HTML, any Error>)
    }

    func page(_ key: String, render: @escaping @Sendable () async throws -> HTML) async throws -> HTML {
        let lookup = state.withLock { state -> Lookup in
            if let page = state.pages[key] { return .rendered(page) }
            if let running = state.rendering[key] { return .rendering(running) }
            let task = Task { try await render() }
            state.rendering[key] = task
            return .rendering(task)
        }
        let task: Task<HTML, any Error>
        switch lookup {
        case .rendered(let page): return page
        case .rendering(let running): task = running
        }
        do {
            let page = try await task.value
            state.withLock { state in
                state.rendering[key] = nil
                if state.pages.count >= Self.capacity { state.pages.removeAll(keepingCapacity: true) }
                state.pages[key] = page
            }
            return page
        } catch {
            state.withLock { $0.rendering[key] = nil }
            throw error
        }
    }
}

/// The error page (`error.mustache`, standalone: no header, so it renders whatever went wrong).
struct ErrorPage: Sendable {
    let title: String
    let message: String
}
