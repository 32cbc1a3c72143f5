import PropertyBased
import TandemDomain
import Testing

@Suite struct SuppressionTests {
    typealias Cell = SuppressionRule.Cell
    typealias Breakdown = SuppressionRule.Breakdown

    @Test func smallGroupAndTheNextSmallestAreSuppressed() {
        // ALL = 100 = HI 60 + AA 25 + AS 10 + WH 5: WH is primary, AS complementary.
        let cells = [100, 60, 25, 10, 5].map { Cell(numerator: $0 / 2, denominator: $0) }
        let hidden = SuppressionRule().suppressed(cells, breakdowns: [Breakdown(total: 0, parts: [1, 2, 3, 4])])
        #expect(hidden == [false, false, false, true, true])
    }

    @Test func totalOnlyHiddenWhenNothingElseCanBe() {
        // Two parts, one small: hiding the other as well leaves the total as the only shown cell.
        let cells = [30, 25, 5].map { Cell(numerator: 0, denominator: $0) }
        #expect(SuppressionRule().suppressed(cells, breakdowns: [Breakdown(total: 0, parts: [1, 2])]) == [false, true, true])
        // A single part that is small and equal to its total: the total is small too.
        #expect(
            SuppressionRule().suppressed(
                [Cell(numerator: 1, denominator: 4), Cell(numerator: 1, denominator: 4)],
                breakdowns: [Breakdown(total: 0, parts: [1])]
            ) == [true, true]
        )
    }

    @Test func suppressedCellsOfOneStudentEachAreNotLeftAlone() {
        // Two hidden cells of one student each would each be known to be 1 of 1: a third is hidden.
        let cells = [52, 1, 1, 20, 30].map { Cell(numerator: 0, denominator: $0) }
        let hidden = SuppressionRule().suppressed(cells, breakdowns: [Breakdown(total: 0, parts: [1, 2, 3, 4])])
        #expect(hidden == [false, true, true, true, false])
    }

    @Test func zeroCellsAreNeitherShownNorSuppressed() {
        let cells = [40, 0, 40].map { Cell(numerator: 0, denominator: $0) }
        #expect(SuppressionRule().suppressed(cells, breakdowns: [Breakdown(total: 0, parts: [1, 2])]) == [false, false, false])
    }

    /// A district of schools × groups: every school's groups part its ALL (with students in no group as
    /// a remainder), every group's schools part the district's group, the schools part the district.
    struct Table {
        var cells: [Cell] = []
        var breakdowns: [Breakdown] = []

        init(groups table: [[Int]], remainders: [Int]) {
            let groupCount = table.map(\.count).max() ?? 0
            let rows = table.map { $0 + Array(repeating: 0, count: groupCount - $0.count) }
            func add(_ denominator: Int) -> Int {
                cells.append(Cell(numerator: denominator * 2 / 3, denominator: denominator))
                return cells.count - 1
            }
            var schoolGroupCells: [[Int]] = []
            var schoolTotals: [Int] = []
            for (school, row) in rows.enumerated() {
                let total = add(row.reduce(0, +) + remainders[school % remainders.count])
                let parts = row.map(add)
                breakdowns.append(Breakdown(total: total, parts: parts))
                schoolTotals.append(total)
                schoolGroupCells.append(parts)
            }
            let districtTotal = add(schoolTotals.reduce(0) { $0 + cells[$1].denominator })
            breakdowns.append(Breakdown(total: districtTotal, parts: schoolTotals))
            var districtGroups: [Int] = []
            for group in 0..<groupCount {
                let parts = schoolGroupCells.map { $0[group] }
                let total = add(parts.reduce(0) { $0 + cells[$1].denominator })
                breakdowns.append(Breakdown(total: total, parts: parts))
                districtGroups.append(total)
            }
            breakdowns.append(Breakdown(total: districtTotal, parts: districtGroups))
        }
    }

    /// What a reader who sees every shown cell (and knows the size of every remainder) can say about a
    /// hidden part's denominator from one breakdown: the range of values consistent with the total.
    static func possibleDenominators(of part: Int, in breakdown: Breakdown, cells: [Cell], hidden: [Bool]) -> ClosedRange<Int> {
        let shown = breakdown.parts.filter { !hidden[$0] }.reduce(0) { $0 + cells[$1].denominator }
        let remainder = cells[breakdown.total].denominator - breakdown.parts.reduce(0) { $0 + cells[$1].denominator }
        let hiddenParts = breakdown.parts.filter { hidden[$0] && cells[$0].denominator > 0 }
        let hiddenStudents = cells[breakdown.total].denominator - remainder - shown
        // Every other hidden part has at least one student; this one has at least one too.
        return 1...max(1, hiddenStudents - (hiddenParts.count - 1))
    }

    @Test func noSuppressedCellCanBeRecoveredFromAnyBreakdown() async {
        let groups = Gen.int(in: 0...40).array(of: 1...6).array(of: 1...6)
        let remainders = Gen.int(in: 0...4).array(of: 1...3)
        await propertyCheck(count: 400, input: groups, remainders, Gen.int(in: 1...15)) { table, remainders, minimum in
            let district = Table(groups: table, remainders: remainders)
            let rule = SuppressionRule(minimumGroupSize: minimum)
            let hidden = rule.suppressed(district.cells, breakdowns: district.breakdowns)
            for (index, cell) in district.cells.enumerated() {
                // Primary: every small group is hidden; an empty cell is never shown nor marked.
                if cell.denominator > 0 && cell.denominator < minimum { #expect(hidden[index]) }
                if cell.denominator == 0 { #expect(!hidden[index]) }
            }
            for breakdown in district.breakdowns where !hidden[breakdown.total] && district.cells[breakdown.total].denominator > 0 {
                for part in breakdown.parts where hidden[part] {
                    let possible = Self.possibleDenominators(of: part, in: breakdown, cells: district.cells, hidden: hidden)
                    #expect(possible.count >= 2, "cell \(part) of \(district.cells[part].denominator) is recoverable: \(possible)")
                }
            }
        }
    }

    @Test func cellsAreHiddenOnlyWhenTheRuleNeedsIt() async {
        // Nothing is suppressed in a table with no small group.
        await propertyCheck(count: 200, input: Gen.int(in: 11...500).array(of: 1...6).array(of: 1...6)) { table in
            let district = Table(groups: table, remainders: [0])
            #expect(!SuppressionRule().suppressed(district.cells, breakdowns: district.breakdowns).contains(true))
        }
    }
}
