import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// One district or one school: every indicator over the years, for a student group, with links down to
/// the district's schools.
extension Pages {
    func district(_ code: String, _ query: Parameters, _ results: ResultsView) async throws -> HTML {
        guard let district = results.district(code) else { throw HTTPError(.notFound, message: "There is no district \"\(code)\".") }
        return try await place(district, school: nil, query, results)
    }

    func school(_ code: String, district districtCode: String, _ query: Parameters, _ results: ResultsView) async throws -> HTML {
        guard let district = results.district(districtCode) else {
            throw HTTPError(.notFound, message: "There is no district \"\(districtCode)\".")
        }
        guard let school = try await results.schools(district: district.code).first(where: { $0.code == code }) else {
            throw HTTPError(.notFound, message: "\(district.name) has no school \"\(code)\" with values.")
        }
        return try await place(district, school: school, query, results)
    }

    private func place(_ district: DistrictInfo, school: SchoolInfo?, _ query: Parameters, _ results: ResultsView) async throws -> HTML {
        let group = try group(query)
        let years = try yearRange(query, results)
        let view = try await results.place(
            district: district,
            school: school,
            group: group,
            years: years,
            targets: try await targets.targets(district: district.code)
        )
        let title = school.map { "\($0.name), \(district.name)" } ?? district.name
        return try render("place", PlacePage(view, layout: PageLayout(view.frame, title: title, navigation: navigation), results: results))
    }

    /// `from` and `to`: the first and last school year the table shows (default: the latest year and the
    /// `recentYearsShown - 1` before it, so sixteen years of columns do not run off a laptop's screen; the
    /// reader widens with `from`).
    func yearRange(_ query: Parameters, _ results: ResultsView) throws -> [Int] {
        let last = try year(query, results, name: "to")
        let first =
            query["from"] == nil
            ? Self.firstRecentYear(of: results.years, through: last)
            : try year(query, results, name: "from")
        guard first <= last else { throw HTTPError(.badRequest, message: "The first year shown must not come after the last.") }
        return results.years.filter { (first...last).contains($0) }
    }

    /// The year columns a district or school page opens on.
    static let recentYearsShown = 6

    /// The first of the `recentYearsShown` latest of `years` up to `last` (`last` itself when none is before it).
    static func firstRecentYear(of years: [Int], through last: Int) -> Int {
        years.filter { $0 <= last }.suffix(recentYearsShown).first ?? last
    }

    /// A path segment, percent-encoded (codes are opaque strings).
    static func path(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? segment
    }

    /// Text as one value of a query string (everything but letters and digits encoded).
    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}

/// The district or school page: the service's `PlaceView` and what only a page adds (layout, filters,
/// links, the sparklines).
struct PlacePage: Sendable {
    let layout: PageLayout
    let view: PlaceView
    let heading: String
    let district: String
    /// The district's page, from a school's.
    let districtHref: String?
    /// The school's roster, for those who may see its students.
    let studentsHref: String?
    let groups: [FilterOption]
    let fromYears: [FilterOption]
    let toYears: [FilterOption]
    let rows: [Row]
    let progressHref: String
    let hasSchools: Bool
    let schools: [Link]

    struct Row: Sendable {
        let id: String
        let name: String
        let cells: [PlaceView.Cell]
        let sparkline: String
    }

    struct Link: Sendable {
        let name: String
        let href: String
    }

    init(_ view: PlaceView, layout: PageLayout, results: ResultsView) {
        self.layout = layout.explainingOwnOnly(view.rows.flatMap { $0.cells.map(\.value) })
        self.view = view
        let district = view.district
        let districtPath = Pages.path(view.district.code)
        heading = layout.title
        self.district = district.name
        let query = "group=\(view.group.rawValue)&from=\(view.years.first ?? 0)&to=\(view.years.last ?? 0)"
        districtHref = view.school == nil ? nil : "/districts/\(districtPath)?\(query)"
        studentsHref = view.school.flatMap { school in
            results.identity?.maySeeStudents(district: district.code, school: school.code) == true
                ? "/districts/\(districtPath)/schools/\(Pages.path(school.code))/students" : nil
        }
        groups = FilterOption.groups(selected: view.group)
        fromYears = FilterOption.years(results.years, selected: view.years.first ?? 0).reversed()
        toYears = FilterOption.years(results.years, selected: view.years.last ?? 0)
        let colour = Chart.colour(view.frame.districts.firstIndex(of: district) ?? 0)
        rows = view.rows.map { row in
            Row(
                id: row.indicator.id,
                name: row.indicator.name,
                cells: row.cells,
                sparkline: Chart.sparkline(
                    row.trend,
                    colour: colour,
                    label: "\(layout.title): \(row.indicator.name) by year",
                    measure: row.indicator.measure
                )
            )
        }
        progressHref = "/progress/districts/\(districtPath)" + (view.school.map { "/schools/\(Pages.path($0.code))" } ?? "")
        hasSchools = !view.schools.isEmpty
        schools = view.schools.map { Link(name: $0.name, href: "/districts/\(districtPath)/schools/\(Pages.path($0.code))?\(query)") }
    }
}
