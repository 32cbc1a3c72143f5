import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// The California School Dashboard view: for the indicators its rules apply to, each district's and
/// student group's Status and Change placed in the state's five colours (always with the colour's name),
/// and the equity view: which groups are in the lowest two colours.
extension Pages {
    func stateDashboard(_ query: Parameters, _ results: ResultsView) async throws -> HTML {
        let year = try year(query, results)
        var model = layout(results, title: "California Dashboard colours")
        model["year"] = schoolYearLabel(year)
        model["years"] = yearOptions(results, selected: year)
        model["minimum"] = StateDashboard.minimumStudents
        model["indicators"] = StateDashboard.mappings.compactMap { mapping -> [String: Any]? in
            guard let indicator = results.indicator(mapping.indicator) else { return nil }
            func place(_ district: DistrictInfo, _ group: StudentGroup) -> StateDashboard.Placement {
                StateDashboard.placement(
                    mapping,
                    current: results.value(mapping.indicator, district: district.code, year: year, group: group),
                    prior: results.value(mapping.indicator, district: district.code, year: year - 1, group: group)
                )
            }
            var equity: [[String: Any]] = []
            let rows = StudentGroup.allCases.compactMap { group -> [String: Any]? in
                let cells = results.districts.map { Self.dashboardCell(place($0, group), measure: indicator.measure) }
                guard cells.contains(where: { $0["empty"] as? Bool != true }) else { return nil }
                return ["group": group.title, "cells": cells]
            }
            for district in results.districts {
                let lowest = StudentGroup.allCases.filter { group in
                    if case .placed(let performance, _) = place(district, group) { return performance.colour?.isLowestTwo == true }
                    return false
                }
                equity.append([
                    "district": district.name, "count": lowest.count,
                    "groups": lowest.isEmpty ? "none" : lowest.map(\.title).joined(separator: "; "),
                ])
            }
            return [
                "id": indicator.id, "name": indicator.name, "note": mapping.note, "sources": mapping.sources, "rows": rows, "equity": equity,
                "districts": results.districts.map(\.name),
            ]
        }
        return try render("state-dashboard", model)
    }

    static func dashboardCell(_ placement: StateDashboard.Placement, measure: Measure) -> [String: Any] {
        switch placement {
        case .none: return ["text": "–", "detail": "no students", "empty": true]
        case .hidden: return ["text": "*", "detail": "hidden: small group"]
        case .tooFew(let n): return ["text": "No colour", "detail": "n = \(n.grouped), fewer than \(StateDashboard.minimumStudents)"]
        case .placed(let performance, let n):
            let change = performance.change.map { measure.difference($0) + ", " + (performance.changeLevel?.label ?? "") } ?? "no prior year"
            return [
                "colour": performance.colour?.rawValue ?? "", "text": performance.colour?.label ?? "Status only",
                "detail": measure.text(performance.status) + " (\(performance.statusLevel.label)); \(change); n = \(n.grouped)",
            ]
        }
    }
}
