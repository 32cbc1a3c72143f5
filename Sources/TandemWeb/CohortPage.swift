import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// The cohort page: pick a grade-based indicator (and so a grade) and a starting year; follow those
/// students across the later years in each district.
extension Pages {
    func cohorts(_ query: Parameters) throws -> HTML {
        let snapshot = try snapshot()
        let followable = snapshot.indicators.filter { $0.hasCohort && $0.grade != nil }
        guard let first = followable.first else { throw HTTPError(.notFound, message: "No indicator here can be followed as a cohort.") }
        let chosen = try query["indicator"].map { try indicator(String($0), snapshot) } ?? first
        guard chosen.hasCohort, let grade = chosen.grade else { throw HTTPError(.notFound, message: "\(chosen.name) has no matched cohorts.") }
        let start = query["start"] == nil ? snapshot.years.first! : try year(query, snapshot, name: "start")
        var model = layout(snapshot, title: "Cohorts")
        model["id"] = chosen.id
        model["indicators"] = followable.map { ["value": $0.id, "label": $0.name, "selected": $0.id == chosen.id] }
        var cohort = try cohortModel(snapshot, chosen, grade: grade, start: start, year: snapshot.years.last!, group: .all)
        cohort["indicatorValue"] = chosen.id
        model["cohort"] = cohort
        return try render("cohorts", model)
    }
}
