import TandemDomain

/// A change to some cells of a slice that keeps every sum relation true. Added to the true table (to the
/// denominators, the numerators or both, times a step) it gives another table that agrees with every
/// cell it does not touch; while the changed counts stay possible (d ≥ 1, 0 ≤ n ≤ d, parts within their
/// wholes) a reader who sees none of the touched cells cannot tell it from the true one. So each such
/// table is a *certificate*: the value a hidden cell takes there is one the reader cannot rule out.
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
        let r = n / d
        rate = min(rate.lowerBound, r)...max(rate.upperBound, r)
    }

    /// Takes in the values a move certifies for `cell`; whether that widened anything.
    mutating func widen(by move: BalancedMove, of cell: Int, reach: MoveReach) -> Bool {
        let before = self
        for point in reach.points(of: move, for: cell) { include(denominator: point.denominator, numerator: point.numerator) }
        return self != before
    }

    /// Whether the level holds: whole numbers of students and (for a share) of successes enough, and a
    /// rate span. A mean's points have no bounds, so any change of its students frees them too; a result
    /// a shown 0% or 100% already gives (`resultImplied`) cannot be protected, only its students.
    func protects(_ level: ProtectionLevel, measure: Measure, resultImplied: Bool) -> Bool {
        guard denominator.upperBound - denominator.lowerBound >= Double(level.studentValues - 1) - 1e-9 else { return false }
        guard measure == .share, !resultImplied else { return true }
        return numerator.upperBound - numerator.lowerBound >= Double(level.successValues - 1) - 1e-9
            && rate.upperBound - rate.lowerBound >= level.rateSpan - 1e-9
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
    private let sums: [[(relation: Int, sign: Int)]]
    /// Each sum relation's cells, the total first (empty for a subset relation).
    private let members: [[Int]]
    /// Whether each sum relation's cells are all at one place.
    private let isWithinPlace: [Bool]
    /// Each cell's place (its row of the slice): a move kept to few places has the most room.
    private let place: [Int]

    var maximumCells = 12
    /// Balance only the relations within one place (a district's groups into its schools are left to
    /// the caller, who mirrors the change at another place: `profileMoves`).
    var withinPlace = false
    var breadth = 3
    var stepBudget = 400

    private var coefficient: [Int]
    private var residual: [Int]
    /// The relations whose residual is not 0, and where each stands in that list.
    private var open: [Int] = []
    private var openPosition: [Int]
    private var support: [Int] = []
    private var steps = 0

    init(table: LinkedTable, place: [Int]) {
        self.table = table
        self.place = place
        var sums = Array(repeating: [(relation: Int, sign: Int)](), count: table.cells.count)
        var members = Array(repeating: [Int](), count: table.relations.count)
        for (index, relation) in table.relations.enumerated() {
            guard case .sum(let total, let parts) = relation else { continue }
            members[index] = [total] + parts
            sums[total].append((index, 1))
            for part in parts { sums[part].append((index, -1)) }
        }
        self.sums = sums
        self.members = members
        isWithinPlace = members.map { cells in cells.allSatisfy { place[$0] == place[cells[0]] } }
        coefficient = Array(repeating: 0, count: table.cells.count)
        residual = Array(repeating: 0, count: table.relations.count)
        openPosition = Array(repeating: -1, count: table.relations.count)
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
        for (relation, sign) in sums[cell] { shift(relation, by: sign * value) }
    }

    private mutating func unassignLast() {
        unassign(support[support.count - 1])
    }

    /// Takes the last cell added back out of the move.
    private mutating func unassign(_ cell: Int) {
        for (relation, sign) in sums[cell] { shift(relation, by: -sign * coefficient[cell]) }
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
            if chosen == nil || (members[relation].count, relation) < (members[chosen!].count, chosen!) { chosen = relation }
        }
        guard let relation = chosen else {
            return visit(BalancedMove(cells: support, coefficients: support.map { coefficient[$0] }))
        }
        guard support.count < maximumCells else { return false }
        let imbalance = residual[relation]
        let total = members[relation][0]
        let usedPlaces = support.map { place[$0] }
        // The best few free cells (cost 0: hidden already) and the best few costly ones, kept apart so
        // that many small free cells cannot crowd out the one shown cell with room to move. Within each:
        // cells that leave the fewest relations unbalanced (one that also balances another relation
        // closes a cycle), at a place the move already touches; free cells with the most students (the
        // most room), costly ones with room for two successes and two failures, then the fewest students
        // (the least information lost).
        var free: [(key: (Int, Int, Int, Int), cell: Int)] = []
        var costly: [(key: (Int, Int, Int, Int, Int, Int), cell: Int)] = []
        for cell in members[relation] where coefficient[cell] == 0 && table.cells[cell].denominator > 0 && allowed(cell) {
            let cellCost = cost(cell)
            guard spent + cellCost <= costLimit() else { continue }
            let value = cell == total ? -imbalance : imbalance
            var opened = 0
            for (other, sign) in sums[cell] where other != relation && (!withinPlace || isWithinPlace[other]) {
                let before = residual[other]
                let after = before + sign * value
                if before == 0 { opened += 1 } else if after == 0 { opened -= 1 }
            }
            let nearby = usedPlaces.contains(place[cell]) ? 0 : 1
            let counts = table.cells[cell]
            let cramped = min(counts.numerator, counts.denominator - counts.numerator) < 2 ? 1 : 0
            if cellCost == 0 {
                keepBest(&free, ((opened, nearby, -counts.denominator, cell), cell), breadth, by: { $0.key < $1.key })
            } else {
                keepBest(&costly, ((cellCost, opened, nearby, cramped, counts.denominator, cell), cell), breadth, by: { $0.key < $1.key })
            }
        }
        var candidates = free.map(\.cell) + costly.map(\.cell)
        // The total too, whatever it costs: it has the room the small parts lack (a district's group
        // for a school's, a place's ALL for its groups).
        if !candidates.contains(total), coefficient[total] == 0, table.cells[total].denominator > 0, allowed(total),
            spent + cost(total) <= costLimit()
        {
            candidates.append(total)
        }
        for cell in candidates {
            // Balance the relation: a total takes minus the imbalance, a part takes it.
            assign(cell, cell == total ? -imbalance : imbalance)
            let stop = explore(allowed: allowed, cost: cost, spent: spent + cost(cell), costLimit: costLimit, visit: visit)
            unassign(cell)
            if stop { return true }
        }
        return false
    }
}

/// Inserts an element into a short list kept sorted, dropping the last beyond `limit`.
private func keepBest<Element>(_ list: inout [Element], _ element: Element, _ limit: Int, by less: (Element, Element) -> Bool) {
    let index = list.firstIndex { less(element, $0) } ?? list.endIndex
    guard index < limit else { return }
    list.insert(element, at: index)
    if list.count > limit { list.removeLast() }
}

/// How far a move can go before some changed count becomes impossible, and so which values of one cell
/// it certifies.
struct MoveReach {
    let table: LinkedTable
    /// Each cell's subset relations.
    private let subsets: [[Int]]

    init(table: LinkedTable) {
        self.table = table
        var subsets = Array(repeating: [Int](), count: table.cells.count)
        for (index, relation) in table.relations.enumerated() {
            if case .subset(let part, let whole) = relation {
                subsets[part].append(index)
                subsets[whole].append(index)
            }
        }
        self.subsets = subsets
    }

    /// The cells that hold every student of a cell through subset relations (`EL` for `LTEL`), nearest
    /// first.
    func wholes(of cell: Int) -> [Int] {
        var wholes: [Int] = []
        var frontier = [cell]
        while let next = frontier.popLast() {
            for relation in subsets[next] {
                if case .subset(let part, let whole) = table.relations[relation], part == next, !wholes.contains(whole) {
                    wholes.append(whole)
                    frontier.append(whole)
                }
            }
        }
        return wholes
    }

    /// The tables a move reaches for one cell: in four directions (denominators alone, numerators alone,
    /// both together and against each other), as far as every changed count stays possible, the cell's
    /// values at both ends.
    func points(of move: BalancedMove, for cell: Int) -> [(denominator: Double, numerator: Double)] {
        guard let position = move.cells.firstIndex(of: cell) else { return [] }
        let constraints = constraints(of: move)
        let share = table.measure == .share
        let directions: [(Double, Double)] = share ? [(1, 0), (0, 1), (1, 1), (1, -1)] : [(1, 0)]
        let own = Double(move.coefficients[position])
        let d = Double(table.cells[cell].denominator)
        let n = Double(table.cells[cell].numerator)
        var points: [(Double, Double)] = []
        for (u, v) in directions {
            var low = -1e6
            var high = 1e6
            for (constant, perDenominator, perNumerator) in constraints {
                let slope = u * perDenominator + v * perNumerator
                if slope > 0 {
                    low = max(low, -constant / slope)
                } else if slope < 0 {
                    high = min(high, constant / -slope)
                }
            }
            guard low <= high else { continue }
            for t in [low, high] { points.append((d + t * u * own, n + t * v * own)) }
        }
        return points
    }

    /// The conditions a changed table must meet, as `constant + a·perDenominator + b·perNumerator ≥ 0`
    /// for a step of `a` in the denominators and `b` in the numerators: the same bounds and subset rows
    /// as the audit's linear program (`ComponentProgram`), for the cells the move changes.
    private func constraints(of move: BalancedMove) -> [(Double, Double, Double)] {
        let share = table.measure == .share
        // Moves are a few cells long: a search of the list beats hashing.
        func m(_ cell: Int) -> Double { move.cells.firstIndex(of: cell).map { Double(move.coefficients[$0]) } ?? 0 }
        func d(_ cell: Int) -> Double { Double(table.cells[cell].denominator) }
        func n(_ cell: Int) -> Double { Double(table.cells[cell].numerator) }
        var rows: [(Double, Double, Double)] = []
        for cell in move.cells {
            rows.append((d(cell) - 1, m(cell), 0))  // d ≥ 1
            if share {
                rows.append((n(cell), 0, m(cell)))  // n ≥ 0
                rows.append((d(cell) - n(cell), m(cell), -m(cell)))  // n ≤ d
            }
        }
        var seen: Set<Int> = []
        for cell in move.cells {
            for relation in subsets[cell] where seen.insert(relation).inserted {
                guard case .subset(let part, let whole) = table.relations[relation] else { continue }
                rows.append((d(whole) - d(part), m(whole) - m(part), 0))
                if share {
                    rows.append((n(whole) - n(part), 0, m(whole) - m(part)))
                    // The whole without the part: no more successes than students.
                    let rest = (d(whole) - d(part)) - (n(whole) - n(part))
                    rows.append((rest, m(whole) - m(part), -(m(whole) - m(part))))
                }
            }
        }
        return rows
    }
}
