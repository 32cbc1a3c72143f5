import TandemDomain
import Testing

@testable import TandemDisclosure

/// The audit's intervals on tables small enough to count by hand, and the secondary suppression on the
/// chain the issue found in the demo (FUSD `ap_pass` 2021–22), where the small-group rule alone let a
/// partner work out a hidden school's English learners.
@Suite struct LinkedSuppressionTests {
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
        let exposures = LinkedSuppression(level: level).exposures(table, hidden: [false, true, true])
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
        let exposure = LinkedSuppression(level: level).exposures(table, hidden: [false, true, false])[0]
        #expect(exposure.denominator == Interval(lower: 8, upper: 8))
        #expect(exposure.numerator == Interval(lower: 3, upper: 3))
        #expect(!exposure.isProtected)
    }

    /// Attribute disclosure: the total passed none, so every hidden part passed none, whatever its size.
    @Test func aTotalOfNoneMakesEveryPartNoneAndTheAuditSaysSo() {
        let table = LinkedTable(
            cells: [
                Cell(numerator: 0, denominator: 40), Cell(numerator: 0, denominator: 5), Cell(numerator: 0, denominator: 6),
                Cell(numerator: 0, denominator: 29),
            ],
            relations: [.sum(total: 0, parts: [1, 2, 3])],
            measure: .share
        )
        let exposures = LinkedSuppression(level: level).exposures(table, hidden: [false, true, true, false])
        #expect(exposures.allSatisfy { $0.numerator == Interval(lower: 0, upper: 0) })
        #expect(exposures.allSatisfy { !$0.isProtected })
    }

    /// The chain, in miniature: a district's EVER_EL by school, two schools hidden; one hidden
    /// school's EL and RFEP are shown, so its EVER_EL is their sum and the other hidden school's is the
    /// district less everything else — "0 of 1". The small-group rule alone leaves it exposed; the linked
    /// suppression hides more until nothing is.
    @Test func theEverELChainIsExposedByTheRuleAloneAndProtectedAfterTheAudit() {
        // Places: the district, schools A, D, E, B (the 402) and C (501). Groups: EVER_EL, EL, RFEP.
        // The rule hides C's small cells, then B's EVER_EL beside them, D's EL (the smallest EL, first of
        // a tie), D's RFEP, E's RFEP and E's EL; B's EL and RFEP stay shown, so B's EVER_EL is their sum.
        let counts: [[(Int, Int)]] = [
            [(139, 352), (63, 166), (76, 186)],  // district
            [(110, 230), (50, 118), (60, 112)],  // A
            [(11, 51), (5, 11), (6, 40)],  // D
            [(5, 37), (3, 25), (2, 12)],  // E
            [(13, 33), (5, 11), (8, 22)],  // B
            [(0, 1), (0, 1), (0, 0)],  // C: one English learner, who did not pass
        ]
        let cells = counts.flatMap { $0.map { Cell(numerator: $0.0, denominator: $0.1) } }
        func cell(_ place: Int, _ group: Int) -> Int { place * 3 + group }
        var relations: [LinkedTable.Relation] = (0..<6).map { .sum(total: cell($0, 0), parts: [cell($0, 1), cell($0, 2)]) }
        relations += (0..<3).map { group in .sum(total: cell(0, group), parts: [1, 2, 3, 4, 5].map { cell($0, group) }) }
        let table = LinkedTable(cells: cells, relations: relations, measure: .share)
        let breakdowns = relations.map {
            guard case .sum(let total, let parts) = $0 else { fatalError() }
            return SuppressionRule.Breakdown(total: total, parts: parts)
        }
        let ruleAlone = SuppressionRule(minimumGroupSize: 11).suppressed(cells, breakdowns: breakdowns)
        let suppression = LinkedSuppression(level: level)
        #expect(ruleAlone[cell(5, 0)] && ruleAlone[cell(4, 0)] && !ruleAlone[cell(4, 1)] && !ruleAlone[cell(4, 2)])
        #expect(suppression.exposures(table, hidden: ruleAlone).contains { !$0.isProtected })

        let outcome = suppression.suppress(table, initial: ruleAlone, readers: [])
        #expect(outcome.unprotectable.isEmpty)
        let hidden = outcome.reasons.map(\.isSuppressed)
        #expect(suppression.exposures(table, hidden: hidden).allSatisfy { $0.isProtected })
        #expect(outcome.reasons[cell(5, 1)] == .smallGroup)
        #expect(outcome.reasons.contains(.linkedAudit))
        // Nothing the rule hid is shown again.
        #expect(zip(ruleAlone, hidden).allSatisfy { !$0 || $1 })
    }

    /// A principal sees their own school unsuppressed; against them too every other hidden cell must hold.
    @Test func aPrincipalsOwnSchoolDoesNotPinTheOtherSchools() {
        // District = A + B + C for one group; B and C small; A's principal knows A.
        let cells = [
            Cell(numerator: 30, denominator: 60), Cell(numerator: 20, denominator: 45), Cell(numerator: 4, denominator: 8),
            Cell(numerator: 6, denominator: 7),
        ]
        let table = LinkedTable(cells: cells, relations: [.sum(total: 0, parts: [1, 2, 3])], measure: .share)
        let suppression = LinkedSuppression(level: level)
        let publicOnly = suppression.suppress(table, initial: [false, false, true, true], readers: [])
        #expect(suppression.exposures(table, hidden: publicOnly.reasons.map(\.isSuppressed)).allSatisfy { $0.isProtected })

        // Against the principal of B (who knows B), C alone would be the district less A and B.
        let withPrincipals = suppression.suppress(table, initial: [false, false, true, true], readers: [[1], [2], [3]])
        let hidden = withPrincipals.reasons.map(\.isSuppressed)
        for known in [[1], [2], [3]] {
            let protected = suppression.exposures(table, hidden: hidden, known: known).allSatisfy { $0.isProtected }
            #expect(protected, "a reader who knows cells \(known) learns too much")
        }
        #expect(hidden[1] && !hidden[0], "A, the smaller shown cell beside C, is hidden; the district stays shown")
    }

    /// A mean's numerator (points) may be negative: only the equalities bound it.
    @Test func aMeansNumeratorIsBoundedOnlyByTheRelations() {
        let table = LinkedTable(
            cells: [Cell(numerator: -300, denominator: 30), Cell(numerator: -40, denominator: 4), Cell(numerator: -260, denominator: 26)],
            relations: [.sum(total: 0, parts: [1, 2])],
            measure: .points
        )
        let exposures = LinkedSuppression(level: level).exposures(table, hidden: [false, true, true])
        #expect(exposures[0].numerator.lower == -.infinity && exposures[0].numerator.upper == .infinity)
        #expect(exposures[0].rate == nil)
        #expect(exposures[0].isProtected)
    }
}
