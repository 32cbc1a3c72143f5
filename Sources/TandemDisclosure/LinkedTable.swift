public import TandemDomain

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

        var cells: [Int] {
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

    public init(cells: [SuppressionRule.Cell], relations: [Relation], measure: Measure) {
        self.cells = cells
        self.relations = relations
        self.measure = measure
    }

    /// The relations each cell takes part in.
    func relationsByCell() -> [[Int]] {
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
    /// A sensitive cell's numerator and denominator could each be any of at least this many whole numbers.
    public var countValues: Int
    /// A sensitive share could be anywhere in a span at least this wide (0.2 is 20 percentage points).
    public var rateSpan: Double

    public init(minimumGroupSize: Int, countValues: Int = 3, rateSpan: Double = 0.2) {
        self.minimumGroupSize = minimumGroupSize
        self.countValues = countValues
        self.rateSpan = rateSpan
    }

    /// Whether a cell's own result is what the rule protects (fewer students than the minimum), rather
    /// than a larger cell hidden to protect one.
    public func isSensitive(_ cell: SuppressionRule.Cell) -> Bool {
        cell.denominator > 0 && cell.denominator < minimumGroupSize
    }
}
