import TandemDomain

/// The least and greatest value a reader can give a hidden quantity; `upper` may be infinite.
public struct Interval: Sendable, Hashable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// How many whole numbers lie in the interval (with a little room for the solver's rounding).
    var wholeNumbers: Double {
        guard upper.isFinite else { return .infinity }
        return (upper + 1e-6).rounded(.down) - (lower - 1e-6).rounded(.up) + 1
    }

    public var width: Double { upper - lower }
}

/// What a reader can work out about one hidden cell from everything else they know.
public struct Exposure: Sendable, Hashable {
    public let cell: Int
    public let denominator: Interval
    public let numerator: Interval
    /// For a share: a span the rate can certainly take (the audit stops widening it once it is wide
    /// enough, so the true span may be wider). `nil` for a mean.
    public let rate: Interval?
    public let isProtected: Bool
}

/// The linear program of one connected group of hidden cells (cells that share a relation): a column for
/// each hidden denominator and numerator, a row for each relation with the known cells moved to the
/// right-hand side. Its solutions are exactly the tables a reader cannot tell from the true one.
struct ComponentProgram {
    /// One linear row over cells' counts: `Σ coefficient·count (= or ≤) bound`.
    struct Row {
        var terms: [(cell: Int, numerator: Bool, coefficient: Double)]
        var relation: LinearProgram.Relation
        var bound: Double
    }

    let table: LinkedTable
    let members: [Int]
    private let column: [Int: Int]
    private(set) var rows: [Row] = []

    init(table: LinkedTable, members: [Int], relations: [Int]) {
        self.table = table
        self.members = members
        column = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1, $0) })
        for relation in relations {
            for row in Self.rows(of: table.relations[relation], measure: table.measure) {
                rows.append(moveKnownToBound(row))
            }
        }
    }

    /// The rows a relation gives, over every cell it names, with their true bounds.
    static func rows(of relation: LinkedTable.Relation, measure: Measure) -> [Row] {
        switch relation {
        case .sum(let total, let parts):
            // Σ parts − total = −remainder, the same for numerators and denominators (points add up too).
            return [false, true].map { numerator in
                Row(terms: [(total, numerator, -1)] + parts.map { ($0, numerator, 1) }, relation: .equal, bound: .nan)
            }
        case .subset(let part, let whole):
            var rows = [Row(terms: [(part, false, 1), (whole, false, -1)], relation: .atMost, bound: 0)]
            if measure == .share {
                rows.append(Row(terms: [(part, true, 1), (whole, true, -1)], relation: .atMost, bound: 0))
                // Those left (the whole without the part) cannot have more successes than students.
                rows.append(Row(terms: [(whole, true, 1), (part, true, -1), (whole, false, -1), (part, false, 1)], relation: .atMost, bound: 0))
            }
            return rows
        }
    }

    private func trueCount(_ cell: Int, numerator: Bool) -> Double {
        Double(numerator ? table.cells[cell].numerator : table.cells[cell].denominator)
    }

    /// Keeps the hidden cells' terms; the known cells' true counts move into the bound. An equality's
    /// bound is what its hidden terms add up to in the true table (so the reader's remainder is exact).
    private func moveKnownToBound(_ row: Row) -> Row {
        let hidden = row.terms.filter { column[$0.cell] != nil }
        let bound: Double
        if row.relation == .equal {
            bound = hidden.reduce(0) { $0 + $1.coefficient * trueCount($1.cell, numerator: $1.numerator) }
        } else {
            let known = row.terms.filter { column[$0.cell] == nil }
            bound = row.bound - known.reduce(0) { $0 + $1.coefficient * trueCount($1.cell, numerator: $1.numerator) }
        }
        return Row(terms: hidden, relation: row.relation, bound: bound)
    }

    private func columnIndex(_ cell: Int, numerator: Bool) -> Int { 2 * column[cell]! + (numerator ? 1 : 0) }

    /// The program over the hidden counts: denominators at least 1 (a hidden cell has students: cells
    /// without any are shown as empty) or at least 0 where the place publishes its empty groups as hidden
    /// (`LinkedTable.mayBeEmpty`), a share's numerator between 0 and its denominator.
    func program() -> LinearProgram {
        let program = LinearProgram()
        for cell in members {
            program.addColumn(.init(lower: Double(table.fewestStudents(cell)), upper: nil))
            program.addColumn(table.measure == .share ? .init(lower: 0, upper: nil) : .init(lower: nil, upper: nil))
        }
        addRows(to: program, scale: nil)
        return program
    }

    private func addRows(to program: LinearProgram, scale: Int?) {
        for row in rows where !row.terms.isEmpty {
            var terms = row.terms.map { (column: columnIndex($0.cell, numerator: $0.numerator), coefficient: $0.coefficient) }
            if let scale { terms.append((scale, -row.bound)) }
            program.addRow(terms, row.relation, scale == nil ? row.bound : 0)
        }
        if table.measure == .share {
            for index in members.indices {
                // n ≤ d, which scaling by t leaves as it is.
                program.addRow([(2 * index + 1, 1), (2 * index, -1)], .atMost, 0)
            }
        }
    }

    /// The program of a share's exact span, by the Charnes–Cooper transformation: with t = 1/d and
    /// y = t·x, the ratio n/d of one cell is the linear objective y_n over the rows scaled by t. Built
    /// once per group; its last row, `y_d = 1`, names the cell (`rateInterval(of:in:certified:)`).
    func rateProgram() -> LinearProgram {
        let program = LinearProgram()
        for _ in members {
            program.addColumn(.init(lower: 0, upper: nil))  // y_d = t·d, held at least t by a row below
            program.addColumn(.init(lower: 0, upper: nil))  // y_n = t·n
        }
        let scale = program.addColumn(.init(lower: 0, upper: nil))
        addRows(to: program, scale: scale)
        for (index, cell) in members.enumerated() where table.fewestStudents(cell) == 1 {
            program.addRow([(2 * index, -1), (scale, 1)], .atMost, 0)  // d ≥ 1
        }
        program.addRow([(0, 1)], .equal, 1)  // t = 1/d for the cell asked about
        return program
    }

    /// The least and greatest share of one hidden cell, exactly. `certified` is what is already known to
    /// be possible, the answer should the solver fail.
    func rateInterval(of cell: Int, in program: LinearProgram, certified: Interval) -> Interval {
        program.replaceTerms(ofRow: program.rowCount - 1, [(columnIndex(cell, numerator: false), 1)])
        let objective = [(column: columnIndex(cell, numerator: true), coefficient: 1.0)]
        guard case .optimal(let lower, _) = program.optimize(objective, maximize: false),
            case .optimal(let upper, _) = program.optimize(objective, maximize: true)
        else { return certified }
        return Interval(lower: lower, upper: upper)
    }

    /// Which of `cells` (members of this group) a reader could narrow down too far, solving as little as
    /// it can: six solves over all of them at once (their counts and rates pushed down and up together)
    /// give feasible tables, and a cell whose values across those tables already span what the level asks
    /// is protected — the feasible set is convex, so every value between is feasible too. Only the cells
    /// left get their exact intervals, so the answer is the same as `exposures(of:level:)` would give.
    func unprotected(of cells: [Int], level: ProtectionLevel, resultsImplied: [Bool]) -> [Int] {
        let program = program()
        var points: [[Double]] = [truthPoint]
        var objectives = [false, true].map { numerator in
            cells.map { (column: columnIndex($0, numerator: numerator), coefficient: 1.0) }
        }
        if table.measure == .share {
            // Σ (n − r·d) over the cells, r each one's true rate: every rate up (or down) from the truth.
            objectives.append(
                cells.flatMap { cell in
                    let truth = table.cells[cell]
                    let rate = Double(truth.numerator) / Double(truth.denominator)
                    return [
                        (column: columnIndex(cell, numerator: true), coefficient: 1.0),
                        (column: columnIndex(cell, numerator: false), coefficient: -rate),
                    ]
                }
            )
        }
        for objective in objectives {
            for maximize in [false, true] {
                if case .optimal(_, let point) = program.optimize(objective, maximize: maximize) { points.append(point) }
            }
        }
        let uncertain = cells.filter { !isCertified($0, by: points, level: level, resultImplied: resultsImplied[$0]) }
        return exposures(of: uncertain, level: level, resultsImplied: resultsImplied, program: program).filter { !$0.isProtected }.map(\.cell)
    }

    /// The true table as a point of the program.
    private var truthPoint: [Double] {
        members.flatMap { [trueCount($0, numerator: false), trueCount($0, numerator: true)] }
    }

    /// Whether feasible tables already show `cell` protected.
    private func isCertified(_ cell: Int, by points: [[Double]], level: ProtectionLevel, resultImplied: Bool) -> Bool {
        guard level.isSensitive(table.cells[cell]) else { return true }
        let denominators = points.map { $0[columnIndex(cell, numerator: false)] }
        let numerators = points.map { $0[columnIndex(cell, numerator: true)] }
        func span(_ values: [Double]) -> Interval { Interval(lower: values.min()!, upper: values.max()!) }
        guard span(denominators).wholeNumbers >= Double(level.studentValues) else { return false }
        if resultImplied { return true }
        guard span(numerators).wholeNumbers >= Double(level.successValues) else { return false }
        guard table.measure == .share else { return true }
        // A table where the group has no students gives it no rate.
        let rates = zip(numerators, denominators).filter { $1 > 1e-9 }.map { $0 / $1 }
        return span(rates).width >= level.rateSpan - 1e-9
    }

    /// What the reader can work out about each of `cells` (members of this group), exactly, and whether it
    /// is protected. A cell whose result a shown 0% or 100% already gives (`resultsImplied`) needs only
    /// its number of students protected.
    func exposures(of cells: [Int], level: ProtectionLevel, resultsImplied: [Bool], program: LinearProgram? = nil) -> [Exposure] {
        let program = program ?? self.program()
        var rateProgram: LinearProgram?
        return cells.map { cell in
            let truth = table.cells[cell]
            let sensitive = level.isSensitive(truth)
            // Points where the reader's tables put this cell, to certify a span of rates.
            // (An empty group published as hidden has no rate of its own: only tables that give it students.)
            var rates = truth.denominator > 0 ? [Double(truth.numerator) / Double(truth.denominator)] : []
            func interval(numerator: Bool) -> Interval {
                let objective = [(column: columnIndex(cell, numerator: numerator), coefficient: 1.0)]
                var bounds: [Double] = []
                for maximize in [false, true] {
                    switch program.optimize(objective, maximize: maximize) {
                    case .optimal(let value, let point):
                        bounds.append(value)
                        let students = point[columnIndex(cell, numerator: false)]
                        if students > 1e-9 { rates.append(point[columnIndex(cell, numerator: true)] / students) }
                    case .unbounded: bounds.append(maximize ? .infinity : -.infinity)
                    case .infeasible: bounds.append(trueCount(cell, numerator: numerator))  // cannot happen: the truth is feasible
                    }
                }
                return Interval(lower: bounds[0], upper: bounds[1])
            }
            let denominator = interval(numerator: false)
            let numerator = interval(numerator: true)
            let studentsHold = denominator.wholeNumbers >= Double(level.studentValues)
            let countsHold = studentsHold && numerator.wholeNumbers >= Double(level.successValues)
            var rate: Interval?
            if table.measure == .share {
                rate = rates.isEmpty ? nil : Interval(lower: rates.min()!, upper: rates.max()!)
                // The exact span only where it decides: a small group whose counts hold and whose
                // certified span is short of the level.
                if sensitive && countsHold && rate!.width < level.rateSpan {  // (a small group has students: `rates` is not empty)
                    if rateProgram == nil { rateProgram = self.rateProgram() }
                    rate = rateInterval(of: cell, in: rateProgram!, certified: rate!)
                }
            }
            // A larger cell hidden to protect others may be pinned: its own students are not a small
            // group, and what it lets a reader subtract is already in every other cell's interval.
            let resultHolds = resultsImplied[cell] || (countsHold && rate.map { $0.width >= level.rateSpan - 1e-9 } ?? true)
            let isProtected = !sensitive || (studentsHold && resultHolds)
            return Exposure(cell: cell, denominator: denominator, numerator: numerator, rate: rate, isProtected: isProtected)
        }
    }
}
