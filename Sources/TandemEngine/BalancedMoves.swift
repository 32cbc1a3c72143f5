import TandemDomain

/// A change to some cells of a slice that keeps every sum relation true. Added to the true table (to the
/// denominators, the numerators or both, times a step) it gives another table that agrees with every
/// cell it does not touch; while the changed counts stay possible (d ≥ 1, or d ≥ 0 where empty groups are
/// published as hidden; 0 ≤ n ≤ d; parts within their wholes) a reader who sees none of the touched cells
/// cannot tell it from the true one. So each such table is a *certificate*: the value a hidden cell takes
/// there is one the reader cannot rule out.
struct BalancedMove {
    var cells: [Int]
    var coefficients: [Int]
}

/// The values one hidden cell is known to be able to take, widened by each certificate found: its
/// counts' hull and its rate's. Every point in it comes from a possible table, and the feasible tables
/// form a convex set, so the reader's true interval is at least this wide.
struct CertifiedRange: Equatable {
    var denominator: ClosedRange<Double>
    var numerator: ClosedRange<Double>
    var rate: ClosedRange<Double>

    init(_ cell: SuppressionRule.Cell) {
        let d = Double(cell.denominator)
        let n = Double(cell.numerator)
        denominator = d...d
        numerator = n...n
        rate = (n / d)...(n / d)
    }

    mutating func include(denominator d: Double, numerator n: Double) {
        denominator = min(denominator.lowerBound, d)...max(denominator.upperBound, d)
        numerator = min(numerator.lowerBound, n)...max(numerator.upperBound, n)
        guard d > 0 else { return }  // a group without students has no rate
        let r = n / d
        rate = min(rate.lowerBound, r)...max(rate.upperBound, r)
    }

    /// Takes in the values another certificate gives the same cell: every value between is possible too.
    mutating func include(_ other: CertifiedRange) {
        denominator = min(denominator.lowerBound, other.denominator.lowerBound)...max(denominator.upperBound, other.denominator.upperBound)
        numerator = min(numerator.lowerBound, other.numerator.lowerBound)...max(numerator.upperBound, other.numerator.upperBound)
        rate = min(rate.lowerBound, other.rate.lowerBound)...max(rate.upperBound, other.rate.upperBound)
    }

    /// Takes in the values a move certifies for `cell`; whether that widened anything.
    mutating func widen(by move: BalancedMove, of cell: Int, reach: MoveReach) -> Bool {
        let before = self
        reach.points(of: move, for: cell) { include(denominator: $0, numerator: $1) }
        return self != before
    }

    /// Whether the level holds: whole numbers of students and (for a share) of successes enough, and a
    /// rate span. A mean's points have no bounds, so any change of its students frees them too; a result
    /// a shown 0% or 100% already gives (`resultImplied`) cannot be protected, only its students.
    func protects(_ level: ProtectionLevel, measure: Measure, resultImplied: Bool) -> Bool {
        guard Self.wholeNumbers(in: denominator) >= level.studentValues else { return false }
        guard measure == .share, !resultImplied else { return true }
        return Self.wholeNumbers(in: numerator) >= level.successValues && rate.upperBound - rate.lowerBound >= level.rateSpan - 1e-9
    }

    /// The whole numbers a range holds, as the audit counts them: a move may stop between two (a step of
    /// one half where it changes another cell by two), and [0.5, 2.5] is two values, not three.
    static func wholeNumbers(in range: ClosedRange<Double>) -> Int {
        Int((range.upperBound + 1e-6).rounded(.down) - (range.lowerBound - 1e-6).rounded(.up)) + 1
    }
}

/// Depth-first search for balanced moves through one cell, over the cells a caller allows to change.
///
/// Each step takes the smallest sum relation the move leaves unbalanced and tries the few best cells of
/// it to balance it (already-hidden cells before shown ones; then cells that leave the fewest relations
/// open, at a place the move already touches, with the most room); a relation with no such cell ends
/// that branch. The search is bounded (cells per move, steps in all), so it may miss a move: a cell it
/// cannot certify is treated as exposed and protected further, which costs information, never safety.
struct MoveSearch {
    let table: LinkedTable
    /// Each cell's sum relations, with its sign in each (+1 the total, −1 a part).
    /// (Flat, as every list below: the search reads them millions of times, and a list per cell cost a
    /// retain and a release at each read.)
    private let sums: FlatLists<(relation: Int, sign: Int)>
    /// Each sum relation's cells, the total first (empty for a subset relation).
    private let members: FlatLists<Int>
    /// Whether each sum relation's cells are all at one place.
    private let isWithinPlace: [Bool]
    /// Each cell's place (its row of the slice): a move kept to few places has the most room.
    private let place: [Int]
    /// Each cell's counts, and whether it can change at all (`LinkedTable.canChange`), read here at every
    /// step rather than through the table.
    private let counts: [SuppressionRule.Cell]
    private let changeable: [Bool]

    var maximumCells = 12
    /// Balance only the relations within one place (a district's groups into its schools are left to
    /// the caller, who mirrors the change at another place: `profileMoves`).
    var withinPlace = false
    /// Candidates tried per step, at most 4 (`scratchStride`).
    var breadth = 3
    var stepBudget = 400

    private var coefficient: [Int]
    private var residual: [Int]
    /// The relations whose residual is not 0, and where each stands in that list.
    private var open: [Int] = []
    private var openPosition: [Int]
    private var support: [Int] = []
    private var steps = 0
    /// The candidates of each depth of the search (`explore`), `scratchStride` places per depth.
    private var scratchKeys: [ScratchKey]
    private var scratchCells: [Int]

    init(table: LinkedTable, place: [Int]) {
        self.table = table
        self.place = place
        counts = table.cells
        changeable = table.cells.indices.map(table.canChange)
        var sums = Array(repeating: [(relation: Int, sign: Int)](), count: table.cells.count)
        var members = Array(repeating: [Int](), count: table.relations.count)
        for (index, relation) in table.relations.enumerated() {
            guard case .sum(let total, let parts) = relation else { continue }
            members[index] = [total] + parts
            sums[total].append((index, 1))
            for part in parts { sums[part].append((index, -1)) }
        }
        self.sums = FlatLists(sums)
        self.members = FlatLists(members)
        isWithinPlace = members.map { cells in cells.allSatisfy { place[$0] == place[cells[0]] } }
        coefficient = Array(repeating: 0, count: table.cells.count)
        residual = Array(repeating: 0, count: table.relations.count)
        openPosition = Array(repeating: -1, count: table.relations.count)
        scratchKeys = Array(repeating: (0, 0, 0, 0, 0, 0), count: 16 * Self.scratchStride)
        scratchCells = Array(repeating: 0, count: 16 * Self.scratchStride)
    }

    /// Calls `visit` with balanced moves through `cell` (coefficient +1 there, and on `alsoThrough`) over
    /// cells `allowed` lets change, shortest first (a move may come again at a greater depth); `visit`
    /// returns true to stop. `cost` is what changing a cell costs (0 for a cell already hidden); branches
    /// costing more than `costLimit` are not explored.
    mutating func moves(
        through cell: Int,
        alsoThrough: [Int] = [],
        allowed: (Int) -> Bool,
        cost: (Int) -> Int,
        costLimit: () -> Int,
        visit: (BalancedMove) -> Bool
    ) {
        steps = 0
        for seed in alsoThrough { assign(seed, 1) }
        defer { for _ in alsoThrough { unassignLast() } }
        let widest = maximumCells
        defer { maximumCells = widest }
        // Iterative deepening: the short moves (four cells for two groups at two places) first, so that a
        // deep branch cannot spend the budget before they are tried.
        for cells in [2, 4, 6, 9, widest] where cells <= widest {
            maximumCells = cells
            assign(cell, 1)
            let stop = explore(allowed: allowed, cost: cost, spent: cost(cell), costLimit: costLimit, visit: visit)
            unassign(cell)
            if stop { return }
        }
    }

    /// Adds a cell to the move, keeping each relation's imbalance (total minus parts) and the list of
    /// unbalanced relations up to date.
    private mutating func assign(_ cell: Int, _ value: Int) {
        coefficient[cell] = value
        support.append(cell)
        for index in sums.indices(cell) {
            let (relation, sign) = sums.elements[index]
            shift(relation, by: sign * value)
        }
    }

    private mutating func unassignLast() {
        unassign(support[support.count - 1])
    }

    /// Takes the last cell added back out of the move.
    private mutating func unassign(_ cell: Int) {
        for index in sums.indices(cell) {
            let (relation, sign) = sums.elements[index]
            shift(relation, by: -sign * coefficient[cell])
        }
        coefficient[cell] = 0
        support.removeLast()
    }

    private mutating func shift(_ relation: Int, by amount: Int) {
        let before = residual[relation]
        residual[relation] += amount
        if before == 0, residual[relation] != 0 {
            openPosition[relation] = open.count
            open.append(relation)
        } else if before != 0, residual[relation] == 0 {
            let position = openPosition[relation]
            let last = open.removeLast()
            if last != relation {
                open[position] = last
                openPosition[last] = position
            }
        }
    }

    private mutating func explore(
        allowed: (Int) -> Bool,
        cost: (Int) -> Int,
        spent: Int,
        costLimit: () -> Int,
        visit: (BalancedMove) -> Bool
    ) -> Bool {
        steps += 1
        if steps > stepBudget { return true }
        // The smallest unbalanced relation: fewest cells to try.
        var chosen: Int?
        for relation in open where !withinPlace || isWithinPlace[relation] {
            if chosen == nil || (members.count(relation), relation) < (members.count(chosen!), chosen!) { chosen = relation }
        }
        guard let relation = chosen else {
            return visit(BalancedMove(cells: support, coefficients: support.map { coefficient[$0] }))
        }
        guard support.count < maximumCells else { return false }
        let imbalance = residual[relation]
        let total = members.elements[members.indices(relation).lowerBound]
        // The best few free cells (cost 0: hidden already) and the best few costly ones, kept apart so
        // that many small free cells cannot crowd out the one shown cell with room to move. Within each:
        // cells that leave the fewest relations unbalanced (one that also balances another relation
        // closes a cycle), at a place the move already touches; free cells with the most students (the
        // most room), costly ones with room for two successes and two failures, then the fewest students
        // (the least information lost). Kept in this depth's part of the scratch lists: the search runs
        // millions of steps, and arrays made per step cost much of its time.
        let base = support.count * Self.scratchStride
        let costlyBase = base + breadth
        var freeCount = 0
        var costlyCount = 0
        for member in members.indices(relation) {
            let cell = members.elements[member]
            guard coefficient[cell] == 0, changeable[cell], allowed(cell) else { continue }
            let cellCost = cost(cell)
            guard spent + cellCost <= costLimit() else { continue }
            let value = cell == total ? -imbalance : imbalance
            var opened = 0
            for index in sums.indices(cell) {
                let (other, sign) = sums.elements[index]
                guard other != relation, !withinPlace || isWithinPlace[other] else { continue }
                let before = residual[other]
                let after = before + sign * value
                if before == 0 { opened += 1 } else if after == 0 { opened -= 1 }
            }
            let nearby = support.contains { place[$0] == place[cell] } ? 0 : 1
            let counts = self.counts[cell]
            let cramped = min(counts.numerator, counts.denominator - counts.numerator) < 2 ? 1 : 0
            if cellCost == 0 {
                keepBest((opened, nearby, -counts.denominator, cell, 0, 0), cell, at: base, count: &freeCount)
            } else {
                keepBest((cellCost, opened, nearby, cramped, counts.denominator, cell), cell, at: costlyBase, count: &costlyCount)
            }
        }
        let chosenCount = freeCount + costlyCount
        func candidate(_ index: Int) -> Int { scratchCells[index < freeCount ? base + index : costlyBase + index - freeCount] }
        // The total too, whatever it costs: it has the room the small parts lack (a district's group
        // for a school's, a place's ALL for its groups).
        let totalToo =
            coefficient[total] == 0 && changeable[total] && allowed(total) && spent + cost(total) <= costLimit()
            && !(0..<chosenCount).contains { candidate($0) == total }
        for index in 0..<(chosenCount + (totalToo ? 1 : 0)) {
            let cell = index < chosenCount ? candidate(index) : total
            // Balance the relation: a total takes minus the imbalance, a part takes it.
            assign(cell, cell == total ? -imbalance : imbalance)
            let stop = explore(allowed: allowed, cost: cost, spent: spent + cost(cell), costLimit: costLimit, visit: visit)
            unassign(cell)
            if stop { return true }
        }
        return false
    }

    /// A candidate's sort key: a free cell's four fields then zeros, a costly cell's six.
    private typealias ScratchKey = (Int, Int, Int, Int, Int, Int)

    /// Room per depth in the scratch lists: `breadth` free cells and `breadth` costly ones.
    private static let scratchStride = 8

    /// Inserts a cell into the short list at `start` kept sorted by key, dropping the last beyond `breadth`.
    private mutating func keepBest(_ key: ScratchKey, _ cell: Int, at start: Int, count: inout Int) {
        var index = 0
        while index < count, !(key < scratchKeys[start + index]) { index += 1 }
        guard index < breadth else { return }
        var last = min(count, breadth - 1)
        while last > index {
            scratchKeys[start + last] = scratchKeys[start + last - 1]
            scratchCells[start + last] = scratchCells[start + last - 1]
            last -= 1
        }
        scratchKeys[start + index] = key
        scratchCells[start + index] = cell
        count = min(count + 1, breadth)
    }
}

/// Lists of lists in two flat arrays: list `i` is `elements[indices(i)]`.
struct FlatLists<Element> {
    let elements: [Element]
    private let starts: [Int]

    init(_ lists: [[Element]]) {
        elements = lists.flatMap { $0 }
        var starts = [0]
        for list in lists { starts.append(starts[starts.count - 1] + list.count) }
        self.starts = starts
    }

    func indices(_ list: Int) -> Range<Int> { starts[list]..<starts[list + 1] }

    func count(_ list: Int) -> Int { starts[list + 1] - starts[list] }
}

/// How far a move can go before some changed count becomes impossible, and so which values of one cell
/// it certifies.
struct MoveReach {
    let table: LinkedTable
    /// Each cell's subset relations.
    private let subsets: [[Int]]
    /// The same, as (part, whole) pairs in flat lists, with each cell's counts and fewest students: what
    /// `points` reads for every move found, without touching the table's relations.
    private let subsetPairs: FlatLists<(part: Int, whole: Int)>
    private let counts: [SuppressionRule.Cell]
    private let fewest: [Int]
    private let isShare: Bool
    private let wholesOfCell: [[Int]]
    private let fullPartsOfCell: [[Int]]

    init(table: LinkedTable) {
        self.table = table
        var subsets = Array(repeating: [Int](), count: table.cells.count)
        var subsetPairs = Array(repeating: [(part: Int, whole: Int)](), count: table.cells.count)
        for (index, relation) in table.relations.enumerated() {
            if case .subset(let part, let whole) = relation {
                subsets[part].append(index)
                subsets[whole].append(index)
                subsetPairs[part].append((part, whole))
                subsetPairs[whole].append((part, whole))
            }
        }
        self.subsets = subsets
        self.subsetPairs = FlatLists(subsetPairs)
        counts = table.cells
        fewest = table.cells.indices.map(table.fewestStudents)
        isShare = table.measure == .share
        wholesOfCell = Self.closure(of: table, subsets: subsets, upward: true)
        fullPartsOfCell = Self.closure(of: table, subsets: subsets, upward: false)
    }

    /// The cells that hold every student of a cell through subset relations (`EL` for `LTEL`), nearest
    /// first.
    func wholes(of cell: Int) -> [Int] { wholesOfCell[cell] }

    /// The parts (through subset relations) that hold every student of a cell — `LTEL` for an `EL` whose
    /// English learners are all long-term — nearest first: a student moved in or out of the cell must be
    /// one of theirs too, or the part would outgrow its whole.
    func fullParts(of cell: Int) -> [Int] { fullPartsOfCell[cell] }

    /// Both, for every cell at once (the searches ask for them again and again).
    private static func closure(of table: LinkedTable, subsets: [[Int]], upward: Bool) -> [[Int]] {
        table.cells.indices.map { cell in
            var found: [Int] = []
            var frontier = [cell]
            while let next = frontier.popLast() {
                for relation in subsets[next] {
                    guard case .subset(let part, let whole) = table.relations[relation] else { continue }
                    let (from, to) = upward ? (part, whole) : (whole, part)
                    guard from == next, !found.contains(to) else { continue }
                    if !upward && table.cells[part].denominator != table.cells[whole].denominator { continue }
                    found.append(to)
                    frontier.append(to)
                }
            }
            return found
        }
    }

    /// The tables a move reaches for one cell: in four directions (denominators alone, numerators alone,
    /// both together and against each other), as far as every changed count stays possible, the cell's
    /// values at both ends, each handed to `each`. (Called for every move the searches find: nothing here
    /// allocates.)
    func points(of move: BalancedMove, for cell: Int, _ each: (_ denominator: Double, _ numerator: Double) -> Void) {
        guard let position = move.cells.firstIndex(of: cell) else { return }
        let share = isShare
        let u = SIMD4<Double>(1, 0, 1, 1)
        let v = SIMD4<Double>(0, 1, 1, -1)
        var low = SIMD4<Double>(repeating: -1e6)
        var high = SIMD4<Double>(repeating: 1e6)
        forEachConstraint(of: move) { constant, perDenominator, perNumerator in
            let slope = u * perDenominator + v * perNumerator
            for k in 0..<4 {
                if slope[k] > 0 {
                    low[k] = max(low[k], -constant / slope[k])
                } else if slope[k] < 0 {
                    high[k] = min(high[k], constant / -slope[k])
                }
            }
        }
        let own = Double(move.coefficients[position])
        let d = Double(counts[cell].denominator)
        let n = Double(counts[cell].numerator)
        for k in 0..<(share ? 4 : 1) where low[k] <= high[k] {
            each(d + low[k] * u[k] * own, n + low[k] * v[k] * own)
            each(d + high[k] * u[k] * own, n + high[k] * v[k] * own)
        }
    }

    /// The conditions a changed table must meet, as `constant + a·perDenominator + b·perNumerator ≥ 0`
    /// for a step of `a` in the denominators and `b` in the numerators: the same bounds and subset rows
    /// as the audit's linear program (`ComponentProgram`), for the cells the move changes.
    private func forEachConstraint(of move: BalancedMove, _ row: (Double, Double, Double) -> Void) {
        let share = isShare
        // Moves are a few cells long: a search of the list beats hashing.
        func m(_ cell: Int) -> Double { move.cells.firstIndex(of: cell).map { Double(move.coefficients[$0]) } ?? 0 }
        func d(_ cell: Int) -> Double { Double(counts[cell].denominator) }
        func n(_ cell: Int) -> Double { Double(counts[cell].numerator) }
        for (index, cell) in move.cells.enumerated() {
            let step = Double(move.coefficients[index])
            row(d(cell) - Double(fewest[cell]), step, 0)  // d ≥ 1 (≥ 0 for a group that may be empty)
            if share {
                row(n(cell), 0, step)  // n ≥ 0
                row(d(cell) - n(cell), step, -step)  // n ≤ d
            }
            for pair in subsetPairs.indices(cell) {
                let (part, whole) = subsetPairs.elements[pair]
                // Each subset row once: from the first of its two cells the move changes.
                let other = cell == part ? whole : part
                if let otherIndex = move.cells.firstIndex(of: other), otherIndex < index { continue }
                row(d(whole) - d(part), m(whole) - m(part), 0)
                if share {
                    row(n(whole) - n(part), 0, m(whole) - m(part))
                    // The whole without the part: no more successes than students.
                    let rest = (d(whole) - d(part)) - (n(whole) - n(part))
                    row(rest, m(whole) - m(part), -(m(whole) - m(part)))
                }
            }
        }
    }
}
