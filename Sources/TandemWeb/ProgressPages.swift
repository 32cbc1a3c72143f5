import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// The partnership's framework and the districts' targets: the stakeholder summary of progress toward
/// the goals, a district's (or school's) targets with their status, the targets form of a district's
/// data steward, and the framework page. Statuses come from `ResultsView`, so a reader who may not see
/// a value sees "no data" for it, never a status that hints at it.
struct ProgressPages: Sendable {
    let pages: Pages
    let frameworks: FrameworkService
    let targets: TargetService

    // MARK: - The stakeholder summary

    /// Per goal, each indicator's current district-level all-students target in each district (one whose
    /// target year is the latest computed year or later: a target that ended years ago would read as news),
    /// judged in the latest year with a value. Prints on its own (print stylesheet), suppressed as the
    /// reader's audience.
    func summary(_ results: ResultsView) async throws -> HTML {
        guard let framework = try await frameworks.current() else {
            throw HTTPError(.notFound, message: "The partnership has no framework yet: the partnership admin imports it on the framework page.")
        }
        var stored: [StoredTarget] = []
        for district in results.districts { stored += try await targets.targets(district: district.code) }
        let view = try await results.progressSummary(framework, targets: stored)
        return try pages.render(
            "progress",
            ProgressSummaryPage(
                layout: PageLayout(view.frame, title: "Progress toward the goals", navigation: pages.navigation),
                view: view
            )
        )
    }

    // MARK: - A district's targets (the superintendent's evaluation page)

    func district(_ code: String, school: String?, _ results: ResultsView) async throws -> HTML {
        guard let district = results.district(code) else { throw HTTPError(.notFound, message: "There is no district \"\(code)\".") }
        var place: SchoolInfo?
        if let school {
            guard let found = try await results.schools(district: code).first(where: { $0.code == school }) else {
                throw HTTPError(.notFound, message: "\(district.name) has no school \"\(school)\" with values.")
            }
            place = found
        }
        let view = try await results.districtProgress(district, school: place, targets: try await targets.targets(district: code))
        return try pages.render(
            "district-progress",
            DistrictProgressPage(
                layout: PageLayout(view.frame, title: view.heading, navigation: pages.navigation),
                view: view,
                rows: view.rows.map { TargetLine(target: $0, district: district.code) }
            )
        )
    }
}

/// The stakeholder summary page: the view and the layout (whose district key gives the columns).
struct ProgressSummaryPage: Sendable {
    let layout: PageLayout
    let view: ProgressSummaryView
}

/// The superintendent's page of a district's targets.
struct DistrictProgressPage: Sendable {
    let layout: PageLayout
    let view: DistrictProgressView
    let rows: [TargetLine]
    let count: Int
    let hasOffTrack: Bool

    init(layout: PageLayout, view: DistrictProgressView, rows: [TargetLine]) {
        self.layout = layout
        self.view = view
        self.rows = rows
        count = rows.count
        hasOffTrack = !view.offTrack.isEmpty
    }
}

/// A row of a targets table with the link to its history (`{{#target}}` holds the row's data).
struct TargetLine: Sendable {
    let target: TargetRow
    let historyHref: String

    init(target: TargetRow, district: String) {
        self.target = target
        historyHref =
            "/districts/\(Pages.path(district))/targets/history?indicator=\(Pages.queryValue(target.indicatorID))"
            + "&school=\(Pages.queryValue(target.school ?? ""))&group=\(target.groupID)&year=\(target.targetYear)"
    }
}
