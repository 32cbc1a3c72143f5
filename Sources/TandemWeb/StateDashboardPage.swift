import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// The California School Dashboard view (`StateDashboardView`): each district's and group's colour, and
/// the equity view.
extension Pages {
    func stateDashboard(_ query: Parameters, _ results: ResultsView) async throws -> HTML {
        let view = results.stateDashboard(year: try year(query, results))
        return try render(
            "state-dashboard",
            StateDashboardPage(
                layout: PageLayout(view.frame, title: "California Dashboard colours", navigation: navigation),
                view: view,
                years: FilterOption.years(view.frame.years, selected: view.year)
            )
        )
    }
}

/// The state Dashboard page: the view, the layout and the year filter.
struct StateDashboardPage: Sendable {
    let layout: PageLayout
    let view: StateDashboardView
    let years: [FilterOption]
}
