import Foundation
import Hummingbird
import Mustache
import TandemDomain
import TandemServices

/// Builds each page's view model from the dashboard service and renders it with the Mustache templates
/// in `Templates/`. Charts are SVG strings made by `Chart`; every number shown has passed the stored
/// small-group flags (`PublishedValue`).
struct Pages: Sendable {
    let dashboard: DashboardService
    let templates: MustacheLibrary
    let cache = RenderedPages()

    init(dashboard: DashboardService) async throws {
        self.dashboard = dashboard
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw HTTPError(.internalServerError, message: "templates missing from the installation")
        }
        templates = try await MustacheLibrary(directory: folder)
    }

    static let stylesheet: String = {
        guard let url = Bundle.module.url(forResource: "tandem", withExtension: "css", subdirectory: "Assets"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()

    func render(_ template: String, _ model: [String: Any], status: HTTPResponse.Status = .ok) throws -> HTML {
        guard let html = templates.render(model, withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "template \(template) missing")
        }
        return HTML(body: html, status: status)
    }

    /// A page rendered once per computation and address: the stored values change only when a new
    /// computation is stored, so until then the same request always makes the same page.
    func cached(_ address: String, _ render: () throws -> HTML) throws -> HTML {
        let key = "\(try snapshot().computationID) \(address)"
        if let page = cache[key] { return page }
        let page = try render()
        cache[key] = page
        return page
    }

    func error(status: HTTPResponse.Status, message: String) throws -> HTML {
        try render("error", ["title": "\(status.code) \(status.reasonPhrase)", "message": message], status: status)
    }

    /// The snapshot, or a page explaining that nothing is computed yet.
    func snapshot() throws -> DashboardSnapshot {
        guard let snapshot = try dashboard.snapshot() else {
            throw HTTPError(.notFound, message: "No indicator values are stored yet: load the districts' records and run `tandem compute`.")
        }
        return snapshot
    }

    // MARK: - Query parameters

    /// `year`: one of the computed years (default: the latest). Not a number → 400; unknown → 404.
    func year(_ query: Parameters, _ snapshot: DashboardSnapshot, name: String = "year") throws -> Int {
        guard let text = query[name[...]] else {
            guard let latest = snapshot.years.last else { throw HTTPError(.notFound, message: "No values are stored.") }
            return latest
        }
        guard let year = Int(text) else { throw HTTPError(.badRequest, message: "The \(name) must be a school year such as 2009.") }
        guard snapshot.years.contains(year) else { throw HTTPError(.notFound, message: "There are no values for \(year).") }
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

    func indicator(_ id: String, _ snapshot: DashboardSnapshot) throws -> IndicatorInfo {
        guard let indicator = snapshot.indicator(id) else { throw HTTPError(.notFound, message: "There is no indicator \"\(id)\".") }
        return indicator
    }

    // MARK: - Shared pieces

    func layout(_ snapshot: DashboardSnapshot, title: String) -> [String: Any] {
        [
            "title": title,
            "synthetic": snapshot.isSynthetic,
            "computedAt": snapshot.computedAt,
            "definitionVersion": snapshot.definitionVersion,
            "minimumGroupSize": snapshot.minimumGroupSize,
            "districtKey": snapshot.districts.enumerated().map { ["name": $1.name, "colour": Chart.colour($0)] },
        ]
    }

    func yearOptions(_ snapshot: DashboardSnapshot, selected: Int) -> [[String: Any]] {
        snapshot.years.reversed().map { ["value": $0, "label": schoolYearLabel($0), "selected": $0 == selected] }
    }

    func groupOptions(selected: StudentGroup) -> [[String: Any]] {
        StudentGroup.allCases.map { ["value": $0.rawValue, "label": Labels.group($0), "selected": $0 == selected] }
    }

    /// A value as shown in a table cell: the rate with its counts, or why it is not shown.
    static func cell(_ value: PublishedValue?, minimumGroupSize: Int) -> [String: Any] {
        guard let value else { return ["rate": "–", "detail": "no students", "missing": true] }
        guard let counts = value.counts, let percent = value.percent else {
            return ["rate": "*", "detail": "fewer than \(minimumGroupSize) students, or would reveal a small group", "missing": true]
        }
        return ["rate": Chart.formatPercent(percent), "detail": "\(counts.numerator.grouped) of \(counts.denominator.grouped)",
                "n": counts.denominator.grouped, "missing": false]
    }

    /// What a chart point's `<title>` says of its counts (the table cell's detail).
    static func note(_ value: PublishedValue?, minimumGroupSize: Int) -> String {
        cell(value, minimumGroupSize: minimumGroupSize)["detail"] as! String
    }

    static func csvValue(_ value: PublishedValue?) -> [String] {
        guard let value else { return ["", "", "", "N"] }
        guard let counts = value.counts else { return ["", "", "", "Y"] }
        return [String(counts.numerator), String(counts.denominator), ExportService.rate(counts.numerator, counts.denominator), "N"]
    }
}

/// Rendered pages by computation and address, bounded: when full it starts again (pages are cheap to
/// render once; the bound keeps odd query strings from growing memory without limit).
final class RenderedPages: @unchecked Sendable {
    static let capacity = 512
    private let lock = NSLock()
    private var pages: [String: HTML] = [:]

    subscript(key: String) -> HTML? {
        get { lock.withLock { pages[key] } }
        set {
            lock.withLock {
                if pages.count >= Self.capacity { pages.removeAll(keepingCapacity: true) }
                pages[key] = newValue
            }
        }
    }
}
