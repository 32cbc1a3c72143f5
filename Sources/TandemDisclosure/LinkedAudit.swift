public import TandemDomain

/// The exact audit of a slice as a reader sees it: for every hidden cell the reader cannot see, its
/// feasible interval (denominator, numerator and, for a share, rate) given everything published and the
/// cells the reader knows, by linear programming over each connected group of hidden cells. A small
/// group is protected when its intervals are as wide as the `ProtectionLevel` asks — its result only
/// where a shown 0% or 100% does not already give it (`LinkedTable.resultsImplied`).
///
/// `tandem compute` protects slices with certificates (`LinkedProtection`, in the engine), which need no
/// solver; this audit is the independent check of that protection (the tests run it on random districts
/// and compare it in turn with SciPy's HiGHS).
public struct LinkedAudit: Sendable {
    public let level: ProtectionLevel

    public init(level: ProtectionLevel) { self.level = level }

    /// The full audit of one reader's view: every hidden cell they cannot see, with its intervals.
    public func exposures(_ table: LinkedTable, hidden: [Bool], known: [Int] = []) -> [Exposure] {
        let audit = SliceAudit(table: table, level: level)
        let implied = table.resultsImplied(hidden: hidden).implied
        return audit.components(hidden: hidden, known: Set(known)).flatMap { component in
            ComponentProgram(table: table, members: component.members, relations: component.relations)
                .exposures(of: component.members, level: level, resultsImplied: implied)
        }
        .sorted { $0.cell < $1.cell }
    }

    /// The small groups a reader could narrow down too far: the cells `exposures` would call unprotected,
    /// found with fewer solves (a group of hidden cells without a small group needs no program at all).
    public func unprotected(_ table: LinkedTable, hidden: [Bool], known: [Int] = []) -> [Int] {
        let audit = SliceAudit(table: table, level: level)
        let implied = table.resultsImplied(hidden: hidden).implied
        return audit.components(hidden: hidden, known: Set(known)).flatMap { component -> [Int] in
            let sensitive = component.members.filter { level.isSensitive(table.cells[$0]) }
            guard !sensitive.isEmpty else { return [] }
            return ComponentProgram(table: table, members: component.members, relations: component.relations)
                .unprotected(of: sensitive, level: level, resultsImplied: implied)
        }
        .sorted()
    }
}

/// The hidden cells of a slice grouped by the relations they share: each group is one program.
struct SliceAudit {
    struct Component: Hashable {
        var members: [Int]
        var relations: [Int]
    }

    let table: LinkedTable
    let level: ProtectionLevel
    let relationsByCell: [[Int]]

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
}
