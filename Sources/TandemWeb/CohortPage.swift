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
        let start = query["start"] == nil ? results.years.first! : try year(query, results, name: "start")
        guard let cohort = try await results.cohortView(chosen, start: start) else {
            throw HTTPError(.notFound, message: "\(chosen.name) has no matched cohorts.")
        }
        let section = CohortSection(cohort, districts: results.districts, year: results.years.last!, group: .all, indicatorField: chosen.id)
        let page = CohortsPage(
            layout: PageLayout(results.frame, title: "Cohorts", navigation: navigation).explainingOwnOnly(section.rows.flatMap(\.cells)),
            indicators: followable.map { FilterOption(value: $0.id, label: $0.name, selected: $0.id == chosen.id) },
            cohort: section
        )
        return try render("cohorts", page)
    }
}

/// The cohort page: the indicators that can be followed and the chosen one's cohort.
struct CohortsPage: Sendable {
    let layout: PageLayout
    let indicators: [FilterOption]
    let cohort: CohortSection
}
