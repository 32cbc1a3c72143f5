import Foundation
import HTTPTypes
import TandemDomain
import TandemServices
import TandemStorage
import Testing

/// Typed view models: what a service builds is what the page shows, and it survives JSON unchanged (an
/// API can send it as it is).
@Suite struct ViewModelTests {
    @Test func theHomeViewIsWhatThePageShowsAndSurvivesJSON() async throws {
        let store = try await WebTests.fixture.value
        let results = try #require(try await DashboardService(store: store).view(for: nil))
        let year = try #require(results.years.last)
        let view = results.home(year: year, group: .all)
        #expect(view.rows.map(\.indicator.id) == results.indicators.map(\.id))
        #expect(view.rows.allSatisfy { $0.cells.map(\.district) == results.districts })
        #expect(view.rows.allSatisfy { $0.cells.allSatisfy { $0.trend.count == results.years.count } })

        let back = try JSONDecoder().decode(HomeView.self, from: try JSONEncoder().encode(view))
        #expect(back.rows.flatMap(\.cells).map(\.value) == view.rows.flatMap(\.cells).map(\.value))
        #expect(back.group == .all && back.year == year && back.frame == view.frame)

        let (status, page, _) = try await fetch("/?year=\(year)")
        #expect(status == .ok)
        for cell in view.rows.flatMap(\.cells) {
            #expect(page.contains("title=\"\(cell.value.detail)\">\(cell.value.rate)</span>"), "\(cell.district.code): \(cell.value.rate)")
            if let n = cell.value.n { #expect(page.contains("n = \(n)")) }
        }
        #expect(page.contains("<h1>Partnership results, \(view.yearLabel)</h1>"))
    }

    @Test func thePlaceViewIsWhatTheDistrictPageShowsAndSurvivesJSON() async throws {
        let store = try await WebTests.fixture.value
        let results = try #require(try await DashboardService(store: store).view(for: nil))
        let district = try #require(results.districts.first)
        let view = try await results.place(district: district, school: nil, group: .all, years: results.years, targets: [])
        #expect(!view.rows.isEmpty)
        #expect(view.rows.allSatisfy { $0.cells.map(\.year) == results.years && $0.trend.count == results.years.count })
        #expect(view.schools == (try await results.schools(district: district.code)))

        let back = try JSONDecoder().decode(PlaceView.self, from: try JSONEncoder().encode(view))
        #expect(back.rows.flatMap(\.cells).map(\.value) == view.rows.flatMap(\.cells).map(\.value))
        #expect(back.district == district && back.school == nil && back.yearLabels == view.yearLabels)

        let (status, page, _) = try await fetch("/districts/\(district.code)")
        #expect(status == .ok)
        for cell in view.rows.flatMap(\.cells) {
            #expect(page.contains(">\(cell.value.rate)<span class=\"n\">\(cell.value.detail)</span>"), "\(cell.year): \(cell.value.rate)")
        }
        for school in view.schools { #expect(page.contains(">\(school.name)</a></li>")) }
    }

    @Test func theIndicatorViewCarriesTheGapsAndTheCohort() async throws {
        let store = try await WebTests.fixture.value
        let results = try #require(try await DashboardService(store: store).view(for: nil))
        let indicator = try #require(results.indicator("math_prof_g5"))
        let year = try #require(results.years.last)
        let view = try await results.indicatorView(indicator, year: year, group: .all, cohortStart: nil)
        let all = try #require(view.groups.first { $0.group == .all })
        for row in view.groups where row.group != .all {
            for (cell, allCell) in zip(row.cells, all.cells) {
                if let shown = cell.value.shown, let allShown = allCell.value.shown {
                    #expect(cell.gap == indicator.measure.difference(shown - allShown))
                } else {
                    #expect(cell.gap == nil)
                }
            }
        }
        #expect(view.groups.flatMap(\.cells).contains { $0.gap != nil })  // the fixture has groups to compare
        #expect(view.trend.lines.map(\.district) == results.districts)  // ALL has no partner line
        let cohort = try #require(view.cohort)
        #expect(cohort.start == results.years.first && cohort.districts.map(\.district) == results.districts)

        let back = try JSONDecoder().decode(IndicatorView.self, from: try JSONEncoder().encode(view))
        #expect(back.groups.flatMap(\.cells).map(\.gap) == view.groups.flatMap(\.cells).map(\.gap))
        #expect(back.cohort?.districts.flatMap(\.followed) == cohort.districts.flatMap(\.followed))

        let (status, page, _) = try await fetch("/indicators/math_prof_g5?year=\(year)")
        #expect(status == .ok)
        for gap in view.groups.flatMap(\.cells).compactMap(\.gap) { #expect(page.contains("<span class=\"gap\">(\(gap))</span>")) }
        #expect(ResultsView.sibling("math_prof_g5", grade: 5, offset: 1) == "math_prof_g6")
        #expect(ResultsView.sibling("ap_pass", grade: 11, offset: 1) == nil)
        #expect(ResultsView.englishLearnerPartner(.longTermEnglishLearner) == .everEnglishLearner)
    }

    @Test func theStateDashboardViewIsWhatThePageShowsAndSurvivesJSON() async throws {
        let store = try await WebTests.fixture.value
        let results = try #require(try await DashboardService(store: store).view(for: nil))
        let year = try #require(results.years.last)
        let view = results.stateDashboard(year: year)
        #expect(view.indicators.allSatisfy { $0.rows.allSatisfy { $0.cells.count == results.districts.count } })
        #expect(view.indicators.allSatisfy { $0.equity.map(\.district) == results.districts })
        let back = try JSONDecoder().decode(StateDashboardView.self, from: try JSONEncoder().encode(view))
        #expect(back.indicators.flatMap(\.rows).flatMap(\.cells).map(\.detail) == view.indicators.flatMap(\.rows).flatMap(\.cells).map(\.detail))
        let (status, page, _) = try await fetch("/state-dashboard?year=\(year)")
        #expect(status == .ok)
        for cell in view.indicators.flatMap(\.rows).flatMap(\.cells) {
            #expect(page.contains("<span class=\"colour colour-\(cell.colour)\">\(cell.text)</span><span class=\"n\">"))
        }
    }
}
