public import TandemDomain

/// Secondary suppression that protects every small group of a slice against every reader, proved by
/// certificates (`docs/suppression.md`, issue 13).
///
/// A small group hidden by the rule is **protected** from a reader when tables the reader cannot tell
/// from the true one give it values as far apart as the `ProtectionLevel` asks. Each such table is
/// exhibited: a `BalancedMove` over hidden cells the reader does not see, checked against every bound and
/// relation the audit's linear program has. A cell certified is protected whatever else the reader
/// combines (the certificates are possible tables, so the reader's feasible interval contains them).
///
/// For each small group, in the slice's order, against the public and then against each principal whose
/// school the public's certificates went through: if no certificate reaches the level, the cheapest move
/// that would (the least cost of shown cells to hide — a district's cells cost more than a school's, its value
/// for all students most — then fewest students in them) is made possible by hiding its
/// shown cells (reason `linkedAudit`). Hiding a cell never undoes a certificate, so one pass suffices
/// (a shown 0% or 100% that gives a small group's result away already is not hidden here: that would take
/// back a result the certificates did not protect). Then the rule's complementary step runs again over
/// every hidden cell, so that no breakdown leaves a cell hidden here alone either; should that hide such a
/// 0% or 100%, the small groups whose results it gave are protected in a further pass. Should the bounded search find no move, the group's
/// place and its group at every place are hidden; a small group even that cannot protect (what pins it is
/// what no suppression hides: which groups are empty, a published 100%, a principal's own school) is
/// reported.
public struct LinkedProtection: Sendable {
    public let level: ProtectionLevel

    public init(level: ProtectionLevel) { self.level = level }

    public struct Outcome: Sendable, Hashable {
        public var reasons: [SuppressionReason]
        /// Small groups some reader can still narrow down, whatever else is hidden.
        public var unprotectable: [Int]
    }

    /// - Parameters:
    ///   - initial: the cells the small-group rule hides.
    ///   - readers: for each reader besides the public, the cells they see unsuppressed.
    ///   - place: each cell's place (row) in the slice. Every place lays out the same groups in the same
    ///     order, and place 0 is the district, each of whose cells is the sum of the other places' (the
    ///     cube's layout: student moves mirror a change at one place at another).
    public func protect(_ table: LinkedTable, initial: [Bool], readers: [[Int]], place: [Int]) -> Outcome {
        var pass = ProtectionPass(table: table, level: level, initial: initial, readers: readers, place: place)
        pass.run()
        let hidden = pass.hidden
        let reasons = table.cells.indices.map { cell -> SuppressionReason in
            guard hidden[cell] else { return .shown }
            if table.cells[cell].denominator == 0 { return .emptyGroup }
            if level.isSensitive(table.cells[cell]) { return .smallGroup }
            return initial[cell] ? .complementary : .linkedAudit
        }
        return Outcome(reasons: reasons, unprotectable: pass.unprotectable.sorted())
    }
}

/// One slice's pass: the hidden cells so far and the searches over them.
struct ProtectionPass {
    let table: LinkedTable
    let level: ProtectionLevel
    private(set) var hidden: [Bool]
    private(set) var unprotectable: Set<Int> = []
    /// For each cell, the readers (indexes into `readers`) who see it.
    private let knownBy: [[Int]]
    private let readers: [[Int]]
    /// For each reader (the public as `nil`), whether they see each cell: made once per reader and slice,
    /// as the searches ask it at every step.
    private var seenBy: [[Bool]?]
    private let place: [Int]
    /// Each place's first cell.
    private let firstCell: [Int]
    /// What hiding each cell costs a reader: a school's value 1, a district's group 2, the district's value
    /// for all its students 8 — the figure every reader looks for first, and the one the state itself
    /// always publishes — so that a protection goes through schools wherever they can carry it.
    private let hidingCost: [Int]
    private var search: MoveSearch
    private let reach: MoveReach
    /// Whether each cell is in a sum of its own place's cells (`ALL` into races; not `SED` or `LTEL`, which
    /// only lie within a whole): a student move can take such a cell along only by balancing that sum.
    private let inPlaceSum: [Bool]
    /// For each group (a cell's position within its place), the places whose cell of it can change, the
    /// most students first: the partners of a student move, the most room first.
    private let partners: [[Int]]
    /// The values each small group is certified to take for the public so far, and the readers who
    /// see some cell of the moves behind them.
    private var publicCertificates: [(CertifiedRange, Set<Int>)?]
    /// The moves behind each small group's public certificate: those a principal cannot see through
    /// certify it for them too, often without a search of their own.
    private var publicMoves: [[BalancedMove]]
    /// The values each small group is certified to take for each principal (reader → cell) from the moves
    /// found for that principal: a student move found for one small group of a place frees its other small
    /// groups too, without a search of their own.
    private var readerCertificates: [[Int: CertifiedRange]]
    /// The cells whose result a shown 0% or 100% gives already, and those shown cells (never hidden
    /// here: hiding one would take back what it gives and leave a result to protect).
    private var implied: [Bool]
    private var anchors: [Bool]

    init(table: LinkedTable, level: ProtectionLevel, initial: [Bool], readers: [[Int]], place: [Int]) {
        self.table = table
        self.level = level
        self.place = place
        var firstCell = Array(repeating: -1, count: (place.max() ?? -1) + 1)
        for (cell, at) in place.enumerated() where firstCell[at] < 0 { firstCell[at] = cell }
        self.firstCell = firstCell
        hidingCost = place.indices.map { cell in place[cell] != 0 ? 1 : cell == firstCell[0] ? 8 : 2 }
        hidden = table.cells.indices.map { initial[$0] && table.cells[$0].denominator > 0 || table.publishedEmptyAsHidden($0) }
        var knownBy = Array(repeating: [Int](), count: table.cells.count)
        for (reader, cells) in readers.enumerated() {
            for cell in cells { knownBy[cell].append(reader) }
        }
        self.knownBy = knownBy
        seenBy = Array(repeating: nil, count: readers.count + 1)
        publicCertificates = Array(repeating: nil, count: table.cells.count)
        publicMoves = Array(repeating: [], count: table.cells.count)
        readerCertificates = Array(repeating: [:], count: readers.count)
        self.readers = readers
        search = MoveSearch(table: table, place: place)
        reach = MoveReach(table: table)
        var inPlaceSum = Array(repeating: false, count: table.cells.count)
        for case .sum(let total, let parts) in table.relations where parts.allSatisfy({ place[$0] == place[total] }) {
            for cell in [total] + parts { inPlaceSum[cell] = true }
        }
        self.inPlaceSum = inPlaceSum
        partners = (0..<(table.cells.count / max(firstCell.count, 1))).map { position -> [Int] in
            let changing = firstCell.indices.filter { table.canChange(firstCell[$0] + position) }
            let students = changing.map { table.cells[firstCell[$0] + position].denominator }
            return changing.indices.sorted { (students[$0], changing[$0]) > (students[$1], changing[$1]) }.map { changing[$0] }
        }
        (implied, anchors) = table.resultsImplied(hidden: hidden)
    }

    mutating func run() {
        let rule = SuppressionRule(minimumGroupSize: level.minimumGroupSize)
        let breakdowns = table.relations.compactMap { relation -> SuppressionRule.Breakdown? in
            guard case .sum(let total, let parts) = relation else { return nil }
            return SuppressionRule.Breakdown(total: total, parts: parts)
        }
        var pending = table.cells.indices.filter { hidden[$0] && level.isSensitive(table.cells[$0]) }
        while !pending.isEmpty {
            for cell in pending { protect(cell) }
            // The rule's promise for every hidden cell, not only the small ones: no breakdown leaves one
            // alone. Should that hide a shown 0% or 100%, the results it gave need protecting after all.
            hidden = rule.suppressed(table.cells, breakdowns: breakdowns, alreadyHidden: hidden)
            for cell in table.cells.indices where table.publishedEmptyAsHidden(cell) { hidden[cell] = true }
            let (now, anchors) = table.resultsImplied(hidden: hidden)
            pending = table.cells.indices.filter { implied[$0] && !now[$0] && level.isSensitive(table.cells[$0]) }
            (implied, self.anchors) = (now, anchors)
        }
    }

    private mutating func protect(_ cell: Int) {
        var (range, throughReaders) = certify(cell, reader: nil)
        if !protects(range, cell) {
            guard let move = protection(of: cell, beyond: range, reader: nil) else { return }
            Self.addReaders(of: move, knownBy: knownBy, to: &throughReaders)
        }
        // The public's certificates hold for every reader who sees none of the cells they change.
        for reader in throughReaders.sorted() where !knownBy[cell].contains(reader) {
            let (range, _) = certify(cell, reader: reader)
            if !protects(range, cell) { _ = protection(of: cell, beyond: range, reader: reader) }
        }
    }

    private func protects(_ range: CertifiedRange, _ cell: Int) -> Bool {
        range.protects(level, measure: table.measure, resultImplied: implied[cell])
    }

    /// Hides what protects the cell from the reader: the cheapest move's shown cells or, failing one,
    /// the cell's place and group; records the cell when even that is not enough.
    private mutating func protection(of cell: Int, beyond range: CertifiedRange, reader: Int?) -> BalancedMove? {
        if let move = cheapestProtection(of: cell, beyond: range, reader: reader) {
            for member in move.cells { hidden[member] = true }
            if reader == nil { record(move, except: -1) }
            return move
        }
        // The cell's place, and its group at every place (the cell at the same position in each place).
        func position(_ cell: Int) -> Int { cell - firstCell[place[cell]] }
        let seen = seen(by: reader)
        for other in table.cells.indices where table.cells[other].denominator > 0 && !anchors[other] && !seen[other] {
            if place[other] == place[cell] || position(other) == position(cell) { hidden[other] = true }
        }
        if !protects(certify(cell, reader: reader).0, cell) { unprotectable.insert(cell) }
        return nil
    }

    /// Moves of whole students between places: a change at the cell's place that balances the place's
    /// own relations (one student's groups: `ALL`, a race, a gender, an EL status…), mirrored at another
    /// place so that the district's sums hold — a student of another school moved here, or one more
    /// student in the district. Such moves are long (ten cells and more) where the search above runs out
    /// of budget: a small school whose every cell is hidden, whose results can only change with its
    /// `ALL`.
    ///
    /// `wide`: more kinds of student (three choices at each step, ten in all, rather than two and six), for
    /// a partner whose students differ from the place's most common ones — slower, so tried last.
    private mutating func profileMoves(through cell: Int, allowed: (Int) -> Bool, partnerCount: Int, wide: Bool = false) -> [BalancedMove] {
        let kinds = wide ? 10 : 6
        let home = place[cell]
        let table = table
        let place = place
        var vectors: [BalancedMove] = []
        // The cell alone, with the groups that hold it (LTEL within EL within ALL…), with the groups that
        // hold all its students (every EL long-term), and with both.
        let (wholes, fullParts) = (reach.wholes(of: cell), reach.fullParts(of: cell))
        let seedings = [[], wholes, fullParts, wholes + fullParts].reduce(into: [[Int]]()) { if !$0.contains($1) { $0.append($1) } }
        for seeds in seedings where vectors.count < kinds && seeds.allSatisfy({ table.canChange($0) && allowed($0) }) {
            search.withinPlace = true
            search.stepBudget = 300
            search.breadth = wide ? 3 : 2
            search.moves(
                through: cell,
                alsoThrough: seeds,
                allowed: { place[$0] == home && table.canChange($0) && allowed($0) },
                cost: { _ in 0 },
                costLimit: { 0 },
                visit: { move in
                    if !vectors.contains(where: { $0.cells.sorted() == move.cells.sorted() }) { vectors.append(move) }
                    return vectors.count >= kinds
                }
            )
            search.withinPlace = false
        }
        guard !vectors.isEmpty else { return [] }
        // The district (place 0) changes with a school; a school against another, or with the district.
        var moves: [BalancedMove] = []
        for partner in partners[cell - firstCell[home]] where partner != home {
            let sign = (home == 0 || partner == 0) ? 1 : -1
            for vector in vectors {
                let mirrored = vector.cells.map { $0 - firstCell[home] + firstCell[partner] }
                guard mirrored.allSatisfy({ table.canChange($0) && allowed($0) }) else { continue }
                var move = BalancedMove(cells: vector.cells + mirrored, coefficients: vector.coefficients + vector.coefficients.map { $0 * sign })
                moves.append(move)
                // A student who leaves the partner, where all of a group's students are in a subgroup that is
                // in no sum of the place (every student SED), is in that subgroup too: it moves with them.
                for (index, whole) in mirrored.enumerated() {
                    for part in reach.fullParts(of: whole) where !inPlaceSum[part] {
                        let homePart = part - firstCell[partner] + firstCell[home]
                        guard !move.cells.contains(part), table.canChange(homePart), allowed(homePart), allowed(part) else { continue }
                        move.cells += [homePart, part]
                        move.coefficients += [vector.coefficients[index], vector.coefficients[index] * sign]
                    }
                }
                if move.cells.count > 2 * vector.cells.count { moves.append(move) }
            }
            if moves.count >= partnerCount * vectors.count { break }
        }
        return moves
    }

    /// Adds the readers who see some cell of a move (without an array of them per move: this runs for
    /// every move found).
    private static func addReaders(of move: BalancedMove, knownBy: [[Int]], to readers: inout Set<Int>) {
        for cell in move.cells {
            for reader in knownBy[cell] { readers.insert(reader) }
        }
    }

    /// Which cells a reader (nil: the public) sees unsuppressed.
    private mutating func seen(by reader: Int?) -> [Bool] {
        if let mask = seenBy[reader.map { $0 + 1 } ?? 0] { return mask }
        var mask = Array(repeating: false, count: table.cells.count)
        if let reader { for cell in readers[reader] { mask[cell] = true } }
        seenBy[reader.map { $0 + 1 } ?? 0] = mask
        return mask
    }

    /// The values a reader cannot rule out for a cell, from moves over cells hidden from them, and the
    /// readers who see some cell those moves change.
    private mutating func certify(_ cell: Int, reader: Int?) -> (CertifiedRange, Set<Int>) {
        // The public's certificates found for other cells already count for this one.
        let knownBy = knownBy
        var (range, through) = publicCertificates[cell] ?? (CertifiedRange(table.cells[cell]), [])
        if let reader {
            range = CertifiedRange(table.cells[cell])
            through = []
            let seen = seen(by: reader)
            for move in publicMoves[cell] where !move.cells.contains(where: { seen[$0] }) {
                _ = range.widen(by: move, of: cell, reach: reach)
            }
            if let certified = readerCertificates[reader][cell] { range.include(certified) }
        }
        let (level, measure, implied) = (level, table.measure, implied[cell])
        guard !range.protects(level, measure: measure, resultImplied: implied) else { return (range, through) }
        let hidden = hidden
        let reach = reach
        var found: [BalancedMove] = []
        /// Widens the range with a move (keeping the move, and who sees through it); whether it protects now.
        func take(_ move: BalancedMove) -> Bool {
            if range.widen(by: move, of: cell, reach: reach) {
                Self.addReaders(of: move, knownBy: knownBy, to: &through)
                found.append(move)
            }
            return range.protects(level, measure: measure, resultImplied: implied)
        }
        let seen = seen(by: reader)
        let allowed = { (other: Int) in hidden[other] && !seen[other] }
        func studentMoves(wide: Bool = false) {
            for move in profileMoves(through: cell, allowed: allowed, partnerCount: 8, wide: wide) where take(move) { break }
        }
        // Where the cell's whole place is hidden, whole students moved in or out free it most often: those first.
        let placeHidden = hidden[firstCell[place[cell]]]
        if placeHidden { studentMoves() }
        if !range.protects(level, measure: measure, resultImplied: implied) {
            search.stepBudget = 200
            search.breadth = 3
            search.moves(through: cell, allowed: allowed, cost: { _ in 0 }, costLimit: { 0 }, visit: { move in take(move) })
        }
        if !placeHidden && !range.protects(level, measure: measure, resultImplied: implied) { studentMoves() }
        if !range.protects(level, measure: measure, resultImplied: implied) { studentMoves(wide: true) }
        if let reader {
            readerCertificates[reader][cell] = range
            for move in found { record(move, except: cell, for: reader) }
        } else {
            publicCertificates[cell] = (range, through)
            publicMoves[cell] += found
            for move in found { record(move, except: cell) }
        }
        return (range, through)
    }

    /// Widens, with a move a principal cannot see through, the values certified for them of the other small
    /// groups it changes.
    private mutating func record(_ move: BalancedMove, except cell: Int, for reader: Int) {
        for other in move.cells where other != cell && level.isSensitive(table.cells[other]) {
            var range = readerCertificates[reader][other] ?? CertifiedRange(table.cells[other])
            if range.widen(by: move, of: other, reach: reach) { readerCertificates[reader][other] = range }
        }
    }

    /// Widens, with a move the public cannot see through, the certified values of the other small
    /// groups it changes (so they need no search of their own).
    private mutating func record(_ move: BalancedMove, except cell: Int) {
        for other in move.cells where other != cell && level.isSensitive(table.cells[other]) {
            var (range, through) = publicCertificates[other] ?? (CertifiedRange(table.cells[other]), [])
            if range.widen(by: move, of: other, reach: reach) {
                Self.addReaders(of: move, knownBy: knownBy, to: &through)
                publicMoves[other].append(move)
            }
            publicCertificates[other] = (range, through)
        }
    }

    /// The move that, with what is certified already, protects the cell at the least cost: the least
    /// `hidingCost` of the shown cells to hide, then the fewest students in them.
    private mutating func cheapestProtection(of cell: Int, beyond range: CertifiedRange, reader: Int?) -> BalancedMove? {
        var best: (cost: Int, students: Int, move: BalancedMove)?
        let hidden = hidden
        let reach = reach
        let (level, measure, cells, implied, anchors, hidingCost) = (level, table.measure, table.cells, implied[cell], anchors, hidingCost)
        let seen = seen(by: reader)
        /// A move's price: the cost of its shown cells, then the students in them.
        func price(_ move: BalancedMove) -> (cost: Int, students: Int) {
            let shown = move.cells.filter { !hidden[$0] }
            return (shown.reduce(0) { $0 + hidingCost[$1] }, shown.reduce(0) { $0 + cells[$1].denominator })
        }
        search.stepBudget = 1000
        search.breadth = 4
        search.moves(
            through: cell,
            allowed: { !anchors[$0] && !seen[$0] },
            cost: { hidden[$0] ? 0 : hidingCost[$0] },
            costLimit: { best?.cost ?? Int.max / 2 },
            visit: { move in
                var widened = range
                _ = widened.widen(by: move, of: cell, reach: reach)
                guard widened.protects(level, measure: measure, resultImplied: implied) else { return false }
                let (cost, students) = price(move)
                if best == nil || (cost, students) < (best!.cost, best!.students) {
                    best = (cost, students, move)
                }
                return false
            }
        )
        // Whole students moved, where the search's moves cost more than two school cells or found nothing.
        if let best, best.cost <= 2 { return best.move }
        for move in profileMoves(through: cell, allowed: { !anchors[$0] && !seen[$0] }, partnerCount: 24, wide: true) {
            let (cost, students) = price(move)
            guard best == nil || (cost, students) < (best!.cost, best!.students) else { continue }
            var widened = range
            _ = widened.widen(by: move, of: cell, reach: reach)
            if widened.protects(level, measure: measure, resultImplied: implied) { best = (cost, students, move) }
        }
        return best?.move
    }
}
