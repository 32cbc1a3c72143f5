/// One slice of counts as a reader of everything Tandem publishes sees it: cells (a numerator over a
/// denominator) and every relation between them that a reader can write down.
///
/// The reader is assumed to know each relation exactly: for a sum, also the size of any remainder that is
/// not itself published (students whose race is not reported, or enrolled in no listed school). That is the
/// worst reader, so protection against them holds for every real one.
public struct LinkedTable: Sendable {
    public enum Relation: Sendable, Hashable {
        /// The total's students are the parts' students and a remainder of known size: numerators and
        /// denominators both add up.
        case sum(total: Int, parts: [Int])
        /// Every student of the part is a student of the whole (long-term ELs among ELs, a group among all
        /// students): the part's numerator and denominator are at most the whole's, and so is what is left.
        case subset(part: Int, whole: Int)

        public var cells: [Int] {
            switch self {
            case .sum(let total, let parts): [total] + parts
            case .subset(let part, let whole): [part, whole]
            }
        }
    }

    public let cells: [SuppressionRule.Cell]
    public let relations: [Relation]
    /// A share's numerator counts students (0 ≤ n ≤ d); a mean's adds points and may be any number.
    public let measure: Measure
    /// Whether each cell, when hidden, could be a group without students: its place publishes its empty
    /// groups as hidden too (`SuppressionReason.emptyGroup`), so a reader knows only that it has none or
    /// more. Elsewhere a hidden cell has at least one student (an empty group is shown as empty).
    public let mayBeEmpty: [Bool]

    public init(cells: [SuppressionRule.Cell], relations: [Relation], measure: Measure, mayBeEmpty: [Bool]? = nil) {
        self.cells = cells
        self.relations = relations
        self.measure = measure
        self.mayBeEmpty = mayBeEmpty ?? Array(repeating: false, count: cells.count)
    }

    /// The fewest students a reader knows a hidden cell has: none where its place hides empty groups.
    @inlinable
    public func fewestStudents(_ cell: Int) -> Int { mayBeEmpty[cell] ? 0 : 1 }

    /// Whether a cell is an empty group its place publishes as hidden.
    @inlinable
    public func publishedEmptyAsHidden(_ cell: Int) -> Bool { mayBeEmpty[cell] && cells[cell].denominator == 0 }

    /// Whether a cell can take part in a table the reader cannot tell from the true one: it has students,
    /// or it is an empty group published as hidden.
    @inlinable
    public func canChange(_ cell: Int) -> Bool { cells[cell].denominator > 0 || mayBeEmpty[cell] }

    /// The relations each cell takes part in.
    public func relationsByCell() -> [[Int]] {
        var byCell = Array(repeating: [Int](), count: cells.count)
        for (index, relation) in relations.enumerated() {
            for cell in relation.cells { byCell[cell].append(index) }
        }
        return byCell
    }
}

/// How wide the feasible interval of a hidden cell must be before it counts as protected
/// (documented with its reasons in `docs/suppression.md`).
public struct ProtectionLevel: Sendable, Hashable {
    /// Cells with fewer students are sensitive (the small-group rule's minimum).
    public var minimumGroupSize: Int
    /// A sensitive cell's number of students could be any of at least this many whole numbers.
    public var studentValues: Int
    /// Its number of successes could be any of at least this many (2: not pinned).
    public var successValues: Int
    /// A sensitive share could be anywhere in a span at least this wide (0.2 is 20 percentage points).
    public var rateSpan: Double

    public init(minimumGroupSize: Int, studentValues: Int = 3, successValues: Int = 2, rateSpan: Double = 0.2) {
        self.minimumGroupSize = minimumGroupSize
        self.studentValues = studentValues
        self.successValues = successValues
        self.rateSpan = rateSpan
    }

    /// Whether a cell's own result is what the rule protects (fewer students than the minimum), rather
    /// than a larger cell hidden to protect one.
    public func isSensitive(_ cell: SuppressionRule.Cell) -> Bool {
        SuppressionRule(minimumGroupSize: minimumGroupSize).isSmall(cell)
    }
}

extension LinkedTable {
    /// The cells whose result every reader has already, from a shown cell that holds all their students
    /// at 0% or 100% (a school's `LTEL` when its `EL` is shown at 0%: every long-term EL's result is
    /// published by that 0%), with the shown cells that give them. Nothing hidden can protect such a
    /// result; only its number of students. A share only: a mean has no extremes.
    public func resultsImplied(hidden: [Bool]) -> (implied: [Bool], anchors: [Bool]) {
        var implied = Array(repeating: false, count: cells.count)
        var anchors = Array(repeating: false, count: cells.count)
        guard measure == .share else { return (implied, anchors) }
        var containers = Array(repeating: [Int](), count: cells.count)
        for relation in relations {
            switch relation {
            case .sum(let total, let parts): for part in parts { containers[part].append(total) }
            case .subset(let part, let whole): containers[part].append(whole)
            }
        }
        func extreme(_ cell: Int) -> Bool {
            let counts = cells[cell]
            return !hidden[cell] && counts.denominator > 0 && (counts.numerator == 0 || counts.numerator == counts.denominator)
        }
        // A hidden container implied at an extreme passes it on: repeat until nothing changes.
        var changed = true
        while changed {
            changed = false
            for cell in cells.indices where !implied[cell] {
                let givers = containers[cell].filter { extreme($0) || implied[$0] }
                guard !givers.isEmpty else { continue }
                implied[cell] = true
                for giver in givers where extreme(giver) { anchors[giver] = true }
                changed = true
            }
        }
        return (implied, anchors)
    }
}
