import Foundation
import Testing
import TandemDomain
import TandemServices

/// The state Dashboard view's placement of a value: the state's table with the colour's name, no colour
/// under 30 students, nothing from a value the reader may not see.
@Suite struct StateDashboardTests {
    static let graduation = StateDashboard.mappings.first { $0.indicator == "grad_rate_4yr" }!

    static func value(_ numerator: Int, _ denominator: Int, suppressed: Bool = false, audience: Audience = .partnership) -> PublishedValue {
        PublishedValue(numerator: numerator, denominator: denominator, suppressed: suppressed, audience: audience)
    }

    @Test func aValueIsPlacedByStatusAndChange() {
        // 735 of 1,000 = 73.5% (Low); 71.2% the year before: +2.3 (Increased) → Yellow.
        guard case .placed(let performance, let n) = StateDashboard.placement(Self.graduation, current: Self.value(735, 1000),
                                                                              prior: Self.value(712, 1000)) else {
            Issue.record("not placed"); return
        }
        #expect(n == 1000)
        #expect(performance.statusLevel == .low && performance.changeLevel == .increased && performance.colour == .yellow)
        // 96% cannot have declined significantly into Very High on the graduation table: Status only where the cell cannot occur.
        guard case .placed(let high, _) = StateDashboard.placement(Self.graduation, current: Self.value(960, 1000), prior: nil) else { return }
        #expect(high.colour == nil && high.statusLevel == .veryHigh)
    }

    @Test func smallHiddenOrMissingValuesGetNoColour() {
        guard case .tooFew(29) = StateDashboard.placement(Self.graduation, current: Self.value(20, 29), prior: nil) else {
            Issue.record("29 students were coloured"); return
        }
        guard case .hidden = StateDashboard.placement(Self.graduation, current: Self.value(5, 8, suppressed: true), prior: nil) else {
            Issue.record("a hidden value was placed"); return
        }
        guard case .none = StateDashboard.placement(Self.graduation, current: nil, prior: nil) else { Issue.record("placed nothing"); return }
        // A prior year hidden from the reader gives Status only, never a Change computed from it.
        guard case .placed(let performance, _) = StateDashboard.placement(Self.graduation, current: Self.value(80, 100),
                                                                           prior: Self.value(9, 10, suppressed: true)) else { return }
        #expect(performance.change == nil && performance.colour == nil)
    }

    @Test func thePageRendersForAnyone() async throws {
        let fixture = try await AccessFixture.make()
        let answer = try await fixture.withClient { try await $0.get("/state-dashboard?year=2011", as: nil) }
        #expect(answer.status == .ok)
        #expect(answer.body.contains("California Dashboard colours, 2010–11"))
    }
}
