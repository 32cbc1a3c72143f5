import TandemDomain
import Testing

@testable import TandemDisclosure

/// The audit's intervals on tables small enough to count by hand (the chain the issue found in the demo
/// is in `TandemEngineTests/LinkedProtectionTests`, with the protection the engine applies).
@Suite struct LinkedAuditTests {
    typealias Cell = SuppressionRule.Cell
    let level = ProtectionLevel(minimumGroupSize: 11)

    /// A total of 20 students (5 passed) shown, its two parts hidden: a part can hold 1 to 19 of the
    /// students and 0 to 5 of those who passed, so its rate could be anything from 0% to 100%.
    @Test func twoHiddenPartsOfAShownTotalCanEachBeAlmostAnything() {
        let table = LinkedTable(
            cells: [Cell(numerator: 5, denominator: 20), Cell(numerator: 3, denominator: 8), Cell(numerator: 2, denominator: 12)],
            relations: [.sum(total: 0, parts: [1, 2])],
            measure: .share
        )
        let exposures = LinkedAudit(level: level).exposures(table, hidden: [false, true, true])
        #expect(exposures.map(\.cell) == [1, 2])
        let first = exposures[0]
        #expect(first.denominator == Interval(lower: 1, upper: 19))
        #expect(first.numerator == Interval(lower: 0, upper: 5))
        #expect(first.rate.map { $0.width >= 0.2 } == true)
        #expect(exposures.allSatisfy { $0.isProtected })
    }

    /// One hidden part of a shown total is the total less the other parts: pinned.
    @Test func aLoneHiddenPartIsPinned() {
        let table = LinkedTable(
            cells: [Cell(numerator: 5, denominator: 20), Cell(numerator: 3, denominator: 8), Cell(numerator: 2, denominator: 12)],
            relations: [.sum(total: 0, parts: [1, 2])],
            measure: .share
        )
        let exposure = LinkedAudit(level: level).exposures(table, hidden: [false, true, false])[0]
        #expect(exposure.denominator == Interval(lower: 8, upper: 8))
        #expect(exposure.numerator == Interval(lower: 3, upper: 3))
        #expect(!exposure.isProtected)
    }

    /// Attribute disclosure: the shown part holds every success of the total, so every hidden part passed
    /// none, whatever its size — exposed. When the total itself says 0%, the hidden parts' results are
    /// what is published already: only their numbers of students need protecting (the issue's "unless
    /// the shown total already says 0% or 100%").
    @Test func hiddenPartsForcedToNoneAreExposedUnlessTheTotalSaysNone() {
        func table(passed: Int) -> LinkedTable {
            LinkedTable(
                cells: [
                    Cell(numerator: passed, denominator: 40), Cell(numerator: 0, denominator: 5), Cell(numerator: 0, denominator: 6),
                    Cell(numerator: passed, denominator: 29),
                ],
                relations: [.sum(total: 0, parts: [1, 2, 3])],
                measure: .share
            )
        }
        let hidden = [false, true, true, false]
        let forced = LinkedAudit(level: level).exposures(table(passed: 3), hidden: hidden)
        #expect(forced.allSatisfy { $0.numerator == Interval(lower: 0, upper: 0) })
        #expect(forced.allSatisfy { !$0.isProtected })

        let none = LinkedAudit(level: level).exposures(table(passed: 0), hidden: hidden)
        #expect(none.allSatisfy { $0.numerator == Interval(lower: 0, upper: 0) })
        #expect(table(passed: 0).resultsImplied(hidden: hidden).implied == [false, true, true, true])
        #expect(none.allSatisfy { $0.isProtected })
    }

    /// A mean's numerator (points) may be negative: only the equalities bound it.
    @Test func aMeansNumeratorIsBoundedOnlyByTheRelations() {
        let table = LinkedTable(
            cells: [Cell(numerator: -300, denominator: 30), Cell(numerator: -40, denominator: 4), Cell(numerator: -260, denominator: 26)],
            relations: [.sum(total: 0, parts: [1, 2])],
            measure: .points
        )
        let exposures = LinkedAudit(level: level).exposures(table, hidden: [false, true, true])
        #expect(exposures[0].numerator.lower == -.infinity && exposures[0].numerator.upper == .infinity)
        #expect(exposures[0].rate == nil)
        #expect(exposures[0].isProtected)
    }
}
