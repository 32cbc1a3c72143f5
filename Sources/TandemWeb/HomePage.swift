import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// The partnership home: every indicator as a row, districts as columns — the year's value with its n,
/// the change from the year before, and a sparkline of every year.
extension Pages {
    func home(_ query: Parameters, _ results: ResultsView) async throws -> HTML {
        let view = results.home(year: try year(query, results), group: try group(query))
        let layout = PageLayout(view.frame, title: "Partnership results", navigation: navigation)
        return try render("home", HomePage(view, layout: layout, signedIn: results.identity != nil))
    }

    /// Exactly what the home table shows, as CSV.
    func homeCSV(_ query: Parameters, _ results: ResultsView) async throws -> CSVFile {
        let year = try year(query, results)
        let group = try group(query)
        var rows = [["indicator", "school_year", "district_code", "group", "numerator", "denominator", "rate", "suppressed"]]
        for indicator in results.indicators {
            for district in results.districts {
                let value = results.value(indicator.id, district: district.code, year: year, group: group)
                guard value != nil else { continue }
                rows.append([indicator.id, String(year), district.code, group.rawValue] + Self.csvValue(value))
            }
        }
        return CSVFile(name: "partnership-\(year)-\(group.rawValue).csv", rows: rows)
    }
}

/// The home page: the service's `HomeView` and what only a page adds (the layout, the filters, links,
/// colours and the sparklines).
struct HomePage: Sendable {
    let layout: PageLayout
    let view: HomeView
    let years: [FilterOption]
    let groups: [FilterOption]
    /// The filters as a query string, kept by every link.
    let query: String
    let rows: [Row]
    /// Why there is no row to show, instead of an empty table: nothing public yet (signed out), or
    /// nothing computed.
    let empty: Empty?

    struct Empty: Sendable {
        let signedOut: Bool
    }

    struct Row: Sendable {
        let id: String
        let name: String
        let cells: [Cell]
    }

    struct Cell: Sendable {
        let value: ValueCell
        let change: HomeView.Change?
        /// Inline SVG of the trend.
        let sparkline: String
    }

    init(_ view: HomeView, layout: PageLayout, signedIn: Bool) {
        self.layout = layout.explainingOwnOnly(view.rows.flatMap { $0.cells.map(\.value) })
        self.view = view
        empty = view.rows.isEmpty ? Empty(signedOut: !signedIn) : nil
        years = FilterOption.years(view.years, selected: view.year)
        groups = FilterOption.groups(selected: view.group)
        query = "year=\(view.year)&group=\(view.group.rawValue)"
        let span = view.years.first.map { "\(schoolYearLabel($0)) to \(schoolYearLabel(view.years.last!))" } ?? ""
        rows = view.rows.map { row in
            Row(
                id: row.indicator.id,
                name: row.indicator.name,
                cells: row.cells.enumerated().map { index, cell in
                    Cell(
                        value: cell.value,
                        change: cell.change,
                        sparkline: Chart.sparkline(
                            cell.trend,
                            colour: Chart.colour(index),
                            label: "\(cell.district.name) \(row.indicator.name), \(span)",
                            measure: row.indicator.measure
                        )
                    )
                }
            )
        }
    }
}
