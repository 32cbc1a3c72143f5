public import TandemDomain

/// Secondary suppression that passes an audit of the whole slice: every hidden cell keeps a feasible
/// interval as wide as the `ProtectionLevel` asks, against the public and against each reader who sees
/// some cells unsuppressed (a principal their own school), whatever relations between the published
/// cells they combine.
///
/// Starting from the small-group rule's cells, it audits each connected group of hidden cells with linear
/// programming and, while some hidden cell is exposed, hides one more cell beside it: the shown cell with
/// the fewest students among those that share a relation with it (so as to lose as little information as
/// it can; ties by position, so the choice is deterministic). Exposed cells whose relations already got
/// a new hidden cell wait for the next audit. Hiding a cell only widens every other
/// cell's interval, so the audits already passed stay passed; new hidden cells are audited in turn.
public struct LinkedSuppression: Sendable {
    public let level: ProtectionLevel

    public init(level: ProtectionLevel) { self.level = level }

    public struct Outcome: Sendable, Hashable {
        public var reasons: [SuppressionReason]
        /// Hidden cells no further suppression could protect (none in a well-formed slice).
        public var unprotectable: [Int]
    }

    /// - Parameters:
    ///   - initial: the cells the small-group rule hides.
    ///   - readers: for each reader besides the public, the cells they see unsuppressed.
    public func suppress(_ table: LinkedTable, initial: [Bool], readers: [[Int]]) -> Outcome {
        var hidden = zip(initial, table.cells).map { $0 && $1.denominator > 0 }
        var audit = SliceAudit(table: table, level: level)
        var unprotectable: Set<Int> = []
        var changed = true
        while changed {
            changed = false
            for known in [[]] + readers where known.isEmpty || known.contains(where: { hidden[$0] }) {
                let knownSet = Set(known)
                while true {
                    var added = false
                    for component in audit.components(hidden: hidden, known: knownSet) {
                        // One complement for each exposed cell whose relations got none yet in this pass
                        // (one new hidden cell often frees several exposed cells beside it).
                        var widened: Set<Int> = []
                        for exposed in audit.exposedCells(component) where !unprotectable.contains(exposed) {
                            guard widened.isDisjoint(with: audit.relationsByCell[exposed]) else { continue }
                            if let cell = audit.complement(for: exposed, in: component, hidden: hidden, known: knownSet) {
                                hidden[cell] = true
                                added = true
                                widened.formUnion(audit.relationsByCell[cell])
                            } else {
                                unprotectable.insert(exposed)
                            }
                        }
                    }
                    guard added else { break }
                    changed = true
                }
            }
        }
        let reasons = table.cells.indices.map { cell -> SuppressionReason in
            guard hidden[cell] else { return .shown }
            if level.isSensitive(table.cells[cell]) { return .smallGroup }
            return initial[cell] ? .complementary : .linkedAudit
        }
        return Outcome(reasons: reasons, unprotectable: unprotectable.sorted())
    }

    /// The full audit of one reader's view: every hidden cell they cannot see, with its intervals.
    public func exposures(_ table: LinkedTable, hidden: [Bool], known: [Int] = []) -> [Exposure] {
        let audit = SliceAudit(table: table, level: level)
        return audit.components(hidden: hidden, known: Set(known)).flatMap { component in
            ComponentProgram(table: table, members: component.members, relations: component.relations)
                .exposures(of: component.members, level: level)
        }
        .sorted { $0.cell < $1.cell }
    }
}

/// One slice's audits, remembered by the hidden cells they covered (a group of hidden cells gives the
/// same program whichever reader it is audited for).
struct SliceAudit {
    struct Component: Hashable {
        var members: [Int]
        var relations: [Int]
    }

    let table: LinkedTable
    let level: ProtectionLevel
    let relationsByCell: [[Int]]
    private var exposed: [[Int]: [Int]] = [:]

    init(table: LinkedTable, level: ProtectionLevel) {
        self.table = table
        self.level = level
        relationsByCell = table.relationsByCell()
    }

    /// The connected groups of cells hidden from this reader, linked by the relations they share.
    func components(hidden: [Bool], known: Set<Int>) -> [Component] {
        let isUnknown = table.cells.indices.map { hidden[$0] && !known.contains($0) }
        var parent = Array(table.cells.indices)
        func root(_ cell: Int) -> Int {
            var cell = cell
            while parent[cell] != cell {
                parent[cell] = parent[parent[cell]]
                cell = parent[cell]
            }
            return cell
        }
        for relation in table.relations {
            let unknown = relation.cells.filter { isUnknown[$0] }
            for cell in unknown.dropFirst() { parent[root(cell)] = root(unknown[0]) }
        }
        var members: [Int: [Int]] = [:]
        for cell in table.cells.indices where isUnknown[cell] { members[root(cell), default: []].append(cell) }
        return members.values.sorted { $0[0] < $1[0] }.map { cells in
            let relations = Set(cells.flatMap { relationsByCell[$0] })
            return Component(members: cells, relations: relations.sorted())
        }
    }

    /// The members a reader could narrow down too far.
    mutating func exposedCells(_ component: Component) -> [Int] {
        if let known = exposed[component.members] { return known }
        // Only small groups need protecting: a group without one needs no program at all.
        let sensitive = component.members.filter { level.isSensitive(table.cells[$0]) }
        guard !sensitive.isEmpty else { return [] }
        let program = ComponentProgram(table: table, members: component.members, relations: component.relations)
        let cells = program.unprotected(of: sensitive, level: level)
        exposed[component.members] = cells
        return cells
    }

    /// The shown cell to hide next for an exposed one: among the cells sharing a relation with it (or,
    /// failing those, with its group), the one with the fewest students that this reader does not know.
    func complement(for cell: Int, in component: Component, hidden: [Bool], known: Set<Int>) -> Int? {
        func best(_ relations: [Int]) -> Int? {
            relations.flatMap { table.relations[$0].cells }
                .filter { !hidden[$0] && !known.contains($0) && table.cells[$0].denominator > 0 }
                .min { (table.cells[$0].denominator, $0) < (table.cells[$1].denominator, $1) }
        }
        return best(relationsByCell[cell]) ?? best(component.relations)
    }
}
