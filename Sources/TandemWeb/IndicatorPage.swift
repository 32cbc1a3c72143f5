import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// One indicator: its trend per district, the student-group gaps, the schools, and — for a grade-based
/// indicator — a matched cohort beside the cross-sectional line.
extension Pages {
    func indicator(_ id: String, _ query: Parameters, _ results: ResultsView) async throws -> HTML {
        let indicator = try indicator(id, results)
        let year = try year(query, results, indicator: indicator.id)
        let group = try group(query)
        let start = try query["start"] == nil ? nil : self.year(query, results, name: "start")
        let view = try await results.indicatorView(indicator, year: year, group: group, cohortStart: start)
        return try render("indicator", IndicatorPage(view, layout: PageLayout(view.frame, title: indicator.name, navigation: navigation)))
    }

    /// What each chart of the indicator page shows, as CSV: `trend.csv`, `groups.csv`, `schools.csv`, `cohort.csv`.
    func indicatorCSV(_ id: String, chart: String, _ query: Parameters, _ results: ResultsView) async throws -> CSVFile {
        let indicator = try indicator(id, results)
        let header = ["indicator", "school_year", "district_code", "school_code", "group", "numerator", "denominator", "rate", "suppressed"]
        var rows = [header]
        switch chart {
        case "trend.csv":
            let group = try group(query)
            for district in results.districts {
                for year in results.years {
                    guard let value = results.value(indicator.id, district: district.code, year: year, group: group) else { continue }
                    rows.append([indicator.id, String(year), district.code, "", group.rawValue] + Self.csvValue(value))
                }
            }
        case "groups.csv":
            let year = try year(query, results, indicator: indicator.id)
            for district in results.districts {
                for group in StudentGroup.allCases {
                    guard let value = results.value(indicator.id, district: district.code, year: year, group: group) else { continue }
                    rows.append([indicator.id, String(year), district.code, "", group.rawValue] + Self.csvValue(value))
                }
            }
        case "schools.csv":
            let year = try year(query, results, indicator: indicator.id)
            let group = try group(query)
            for district in results.districts {
                for school in try await results.schoolValues(indicator: indicator.id, district: district.code, year: year, group: group) {
                    rows.append([indicator.id, String(year), district.code, school.code, group.rawValue] + Self.csvValue(school.value))
                }
            }
        case "cohort.csv":
            guard indicator.hasCohort else { throw HTTPError(.notFound, message: "\(indicator.name) has no matched cohorts.") }
            let start = try year(query, results, name: "start")
            rows = [["indicator", "start_year", "school_year", "district_code", "group", "numerator", "denominator", "rate", "suppressed"]]
            for district in results.districts {
                for group in [StudentGroup.all, .englishLearner, .everEnglishLearner] {
                    let series = try await results.cohortSeries(indicator: indicator.id, district: district.code, startYear: start, group: group)
                    for year in series.keys.sorted() {
                        rows.append([indicator.id, String(start), String(year), district.code, group.rawValue] + Self.csvValue(series[year]))
                    }
                }
            }
        default:
            throw HTTPError(.notFound, message: "There is no download \"\(chart)\".")
        }
        return CSVFile(name: "\(indicator.id)-\(chart)", rows: rows)
    }
}
