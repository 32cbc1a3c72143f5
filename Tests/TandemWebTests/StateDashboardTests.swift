import Foundation
import HTTPTypes
import TandemDomain
import TandemServices
import Testing

/// The state Dashboard view's placement of a value: the state's table with the colour's name, no colour
/// under 30 students, nothing from a value the reader may not see.
@Suite struct StateDashboardTests {
    static let graduation = StateDashboard.mappings.first { $0.indicator == "grad_rate_4yr" }!

    static func value(_ numerator: Int, _ denominator: Int, suppressed: Bool = false, audience: Audience = .partnership) -> PublishedValue {
        PublishedValue(numerator: numerator, denominator: denominator, suppressed: suppressed, audience: audience)
    }

    @Test func aValueIsPlacedByStatusAndChange() {
        // 735 of 1,000 = 73.5% (Low); 71.2% the year before: +2.3 (Increased) → Yellow.
        guard
            case .placed(let performance, let n, _) = StateDashboard.placement(
                Self.graduation,
                year: 2024,
                group: .all,
                current: Self.value(735, 1000),
                prior: Self.value(712, 1000)
            )
        else {
            Issue.record("not placed")
            return
        }
        #expect(n == 1000)
        #expect(performance.statusLevel == .low && performance.changeLevel == .increased && performance.colour == .yellow)
        // 96% cannot have declined significantly into Very High on the graduation table: Status only where the cell cannot occur.
        guard
            case .placed(let high, _, _) = StateDashboard.placement(
                Self.graduation,
                year: 2024,
                group: .all,
                current: Self.value(960, 1000),
                prior: nil
            )
        else { return }
        #expect(high.colour == nil && high.statusLevel == .veryHigh)
    }

    /// The Academic indicator is a mean in points: −30,000 points over 1,000 students is −30.0 (Low), up from
    /// −35.0 (+5.0, Increased) → Yellow; the grade-11 ELA value uses the high-school cut points (−30.0 is Low there too,
    /// −40.0 Low but −50.0 Very Low).
    @Test func distanceFromStandardIsPlacedInPoints() {
        let ela = StateDashboard.mappings.first { $0.indicator == "ela_dfs" }!
        let highSchool = StateDashboard.mappings.first { $0.indicator == "ela_dfs_g11" }!
        func mean(_ points: Int, _ students: Int) -> PublishedValue {
            PublishedValue(numerator: points, denominator: students, suppressed: false, audience: .partnership, measure: .points)
        }
        guard
            case .placed(let performance, let n, _) = StateDashboard.placement(
                ela,
                year: 2024,
                group: .all,
                current: mean(-30_000, 1_000),
                prior: mean(-35_000, 1_000)
            )
        else {
            Issue.record("not placed")
            return
        }
        #expect(n == 1_000 && performance.status == -30.0)
        #expect(performance.statusLevel == .low && performance.changeLevel == .increased && performance.colour == .yellow)
        guard
            case .placed(let eleventh, _, _) = StateDashboard.placement(
                highSchool,
                year: 2024,
                group: .all,
                current: mean(-50_000, 1_000),
                prior: mean(-50_000, 1_000)
            )
        else {
            Issue.record("not placed")
            return
        }
        #expect(eleventh.statusLevel == .veryLow && eleventh.colour == .red)
        #expect(Set(StateDashboard.mappings.map(\.indicator)).isSuperset(of: ["ela_dfs", "math_dfs", "ela_dfs_g11", "math_dfs_g11"]))
    }

    @Test func smallHiddenOrMissingValuesGetNoColour() {
        guard case .tooFew(29) = StateDashboard.placement(Self.graduation, year: 2024, group: .all, current: Self.value(20, 29), prior: nil) else {
            Issue.record("29 students were coloured")
            return
        }
        guard
            case .hidden = StateDashboard.placement(Self.graduation, year: 2024, group: .all, current: Self.value(5, 8, suppressed: true), prior: nil)
        else {
            Issue.record("a hidden value was placed")
            return
        }
        guard case .none = StateDashboard.placement(Self.graduation, year: 2024, group: .all, current: nil, prior: nil) else {
            Issue.record("placed nothing")
            return
        }
        // A prior year hidden from the reader gives Status only, never a Change computed from it.
        guard
            case .placed(let performance, _, _) = StateDashboard.placement(
                Self.graduation,
                year: 2024,
                group: .all,
                current: Self.value(80, 100),
                prior: Self.value(9, 10, suppressed: true)
            )
        else { return }
        #expect(performance.change == nil && performance.colour == nil)
    }

    /// The 2017–18 page places graduation with the 2018 Dashboard's rules, measured on CDE's file: 67.0% is
    /// Low there (Very Low from 2023), a Status from 11 students, a colour only when the year before had 30
    /// (an LEA's foster youth from 15), and under 150 students the safety net folds the change.
    @Test func eachYearIsPlacedWithItsDashboardsRules() {
        func place(_ year: Int, _ group: StudentGroup, _ current: PublishedValue, _ prior: PublishedValue?) -> StateDashboard.Placement {
            StateDashboard.placement(Self.graduation, year: year, group: group, current: current, prior: prior)
        }
        guard case .placed(let in2018, _, nil) = place(2018, .all, Self.value(670, 1000), Self.value(670, 1000)),
            case .placed(let in2024, _, nil) = place(2024, .all, Self.value(670, 1000), Self.value(670, 1000))
        else {
            Issue.record("not placed")
            return
        }
        #expect(in2018.statusLevel == .low && in2018.colour == .orange)
        #expect(in2024.statusLevel == .veryLow && in2024.colour == .red)
        guard case .placed(let eleven, 11, .noPriorYear) = place(2018, .all, Self.value(9, 11), nil) else {
            Issue.record("11 students were not given a Status in 2018")
            return
        }
        #expect(eleven.colour == nil)
        guard case .placed(_, 100, .tooFewStudentsPriorYear(minimum: 30)) = place(2018, .all, Self.value(85, 100), Self.value(20, 25)) else {
            Issue.record("coloured over a prior year of 25")
            return
        }
        guard case .placed(let foster, 20, nil) = place(2018, .foster, Self.value(17, 20), Self.value(16, 20)) else {
            Issue.record("an LEA's foster youth of 20 were not coloured in 2018")
            return
        }
        // 85.0 from 80.0 (+5.0, Increased Significantly) folded under 150 to Increased: Medium × Increased is Green.
        #expect(foster.changeLevel == .increased && foster.colour == .green)
        guard case .tooFew(20) = place(2024, .foster, Self.value(17, 20), Self.value(16, 20)) else {
            Issue.record("the 2018 rules were used for 2023–24")
            return
        }
        #expect(
            Self.graduation.sources(year: 2018)
                == "Cut points, colours and small-group rules checked against CDE's published 2018 colours (9,167 rows)."
        )
        #expect(Self.graduation.sources(year: 2024).hasPrefix("Cut points and colours from a secondary transcription"))
    }

    @Test func thePageRendersForAnyone() async throws {
        let fixture = try await AccessFixture.make()
        let answer = try await fixture.withClient { try await $0.get("/state-dashboard?year=2011", as: nil) }
        #expect(answer.status == .ok)
        #expect(answer.body.contains("California Dashboard colours, 2010–11"))
    }
}
