import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// The cohort page: pick a grade-based indicator (and so a grade) and a starting year; follow those
/// students across the later years in each district.
extension Pages {
    func cohorts(_ query: Parameters, _ results: ResultsView) async throws -> HTML {
        let followable = results.indicators.filter { $0.hasCohort && $0.grade != nil }
        guard let first = followable.first else { throw HTTPError(.notFound, message: "No indicator here can be followed as a cohort.") }
        let chosen = try query["indicator"].map { try indicator(String($0), results) } ?? first
        guard chosen.hasCohort, let grade = chosen.grade else { throw HTTPError(.notFound, message: "\(chosen.name) has no matched cohorts.") }
        let start = query["start"] == nil ? results.years.first! : try year(query, results, name: "start")
        var model = layout(results, title: "Cohorts")
        model["id"] = chosen.id
        model["indicators"] = followable.map { ["value": $0.id, "label": $0.name, "selected": $0.id == chosen.id] }
        var cohort = try await cohortModel(results, chosen, grade: grade, start: start, year: results.years.last!, group: .all)
        cohort["indicatorValue"] = chosen.id
        model["cohort"] = cohort
        return try render("cohorts", model)
    }
}
