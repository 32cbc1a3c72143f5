import TandemDisclosure
import TandemDomain
import Testing

@testable import TandemEngine

/// The engine's linked protection on tables small enough to follow by hand, each checked by the exact
/// audit (`LinkedAudit`, linear programming): the chain the issue found in the demo (FUSD `ap_pass`
/// 2021–22), where the small-group rule alone let a partner work out a hidden school's English learners,
/// and a principal who knows their own school.
@Suite struct LinkedProtectionTests {
    typealias Cell = SuppressionRule.Cell
    let level = ProtectionLevel(minimumGroupSize: 11)

    /// The chain, in miniature: a district's EVER_EL by school, two schools hidden; one hidden
    /// school's EL and RFEP are shown, so its EVER_EL is their sum and the other hidden school's is the
    /// district less everything else — "0 of 1". The small-group rule alone leaves it exposed; the linked
    /// protection hides more until nothing is.
    @Test func theEverELChainIsExposedByTheRuleAloneAndProtectedAfterwards() {
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
        let audit = LinkedAudit(level: level)
        #expect(ruleAlone[cell(5, 0)] && ruleAlone[cell(4, 0)] && !ruleAlone[cell(4, 1)] && !ruleAlone[cell(4, 2)])
        #expect(!audit.unprotected(table, hidden: ruleAlone).isEmpty)

        let outcome = LinkedProtection(level: level).protect(table, initial: ruleAlone, readers: [], place: cells.indices.map { $0 / 3 })
        #expect(outcome.unprotectable.isEmpty)
        let hidden = outcome.reasons.map(\.isSuppressed)
        #expect(audit.unprotected(table, hidden: hidden).isEmpty)
        #expect(audit.exposures(table, hidden: hidden).allSatisfy { $0.isProtected })
        #expect(outcome.reasons[cell(5, 1)] == .smallGroup)
        #expect(outcome.reasons.contains(.linkedAudit))
        // Nothing the rule hid is shown again.
        #expect(zip(ruleAlone, hidden).allSatisfy { !$0 || $1 })
    }

    /// A principal sees their own school unsuppressed; against them too every other hidden cell must hold.
    @Test func aPrincipalsOwnSchoolDoesNotPinTheOtherSchools() {
        // District = A + B + C for one group; B and C small; each school's principal knows their school.
        let cells = [
            Cell(numerator: 30, denominator: 60), Cell(numerator: 20, denominator: 45), Cell(numerator: 4, denominator: 8),
            Cell(numerator: 6, denominator: 7),
        ]
        let table = LinkedTable(cells: cells, relations: [.sum(total: 0, parts: [1, 2, 3])], measure: .share)
        let protection = LinkedProtection(level: level)
        let audit = LinkedAudit(level: level)
        let initial = [false, false, true, true]
        let publicOnly = protection.protect(table, initial: initial, readers: [], place: [0, 1, 2, 3])
        #expect(publicOnly.reasons.map(\.isSuppressed) == initial, "B and C hide each other from the public")
        #expect(audit.unprotected(table, hidden: initial).isEmpty)

        // Against the principal of B (who knows B), C alone would be the district less A and B.
        #expect(!audit.unprotected(table, hidden: initial, known: [2]).isEmpty)
        let readers = [[1], [2], [3]]
        let withPrincipals = protection.protect(table, initial: initial, readers: readers, place: [0, 1, 2, 3])
        let hidden = withPrincipals.reasons.map(\.isSuppressed)
        for known in readers {
            #expect(audit.unprotected(table, hidden: hidden, known: known).isEmpty, "a reader who knows cells \(known) learns too much")
        }
        #expect(hidden[1] && !hidden[0], "A, the smaller shown cell beside C, is hidden; the district stays shown")
        #expect(withPrincipals.reasons[1] == .linkedAudit)
    }

    /// Attribute disclosure: when the shown parts hold every success of the total, the hidden parts
    /// passed none; the protection hides a part with successes so that a hidden small group's could be
    /// anything from none to several.
    @Test func hiddenPartsThatMustAllBeNoneGetACompanionWithSuccesses() {
        // District 40 (3 passed) = A 29 (3) + B 5 (0) + C 6 (0).
        let cells = [
            Cell(numerator: 3, denominator: 40), Cell(numerator: 3, denominator: 29), Cell(numerator: 0, denominator: 5),
            Cell(numerator: 0, denominator: 6),
        ]
        let table = LinkedTable(cells: cells, relations: [.sum(total: 0, parts: [1, 2, 3])], measure: .share)
        let initial = [false, false, true, true]
        let audit = LinkedAudit(level: level)
        #expect(audit.exposures(table, hidden: initial).allSatisfy { $0.numerator == Interval(lower: 0, upper: 0) })
        let hidden = LinkedProtection(level: level).protect(table, initial: initial, readers: [], place: [0, 1, 2, 3]).reasons.map(\.isSuppressed)
        #expect(audit.unprotected(table, hidden: hidden).isEmpty)
        #expect(audit.exposures(table, hidden: hidden).filter { level.isSensitive(cells[$0.cell]) }.allSatisfy { $0.numerator.upper >= 2 })
    }

    /// A mean's points are free, so only its students need a certificate.
    @Test func aMeanIsProtectedByItsStudentsAlone() {
        let table = LinkedTable(
            cells: [Cell(numerator: -300, denominator: 30), Cell(numerator: -40, denominator: 4), Cell(numerator: -260, denominator: 6)],
            relations: [.sum(total: 0, parts: [1, 2])],
            measure: .points
        )
        let outcome = LinkedProtection(level: level).protect(table, initial: [false, true, true], readers: [], place: [0, 1, 2])
        #expect(outcome.reasons == [.shown, .smallGroup, .smallGroup])
        #expect(LinkedAudit(level: level).unprotected(table, hidden: [false, true, true]).isEmpty)
    }
}
