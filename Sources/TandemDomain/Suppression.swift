/// The small-group rule: the one function every view, report, export and API answer that leaves a
/// district passes its counts through (`shared/spec/indicators.md`, "Small groups").
///
/// - **Primary suppression**: a cell whose denominator is below the partnership's minimum group size
///   (default 11) is not shown.
/// - **Complementary suppression**: in a breakdown whose total is shown (ALL and its race groups; a
///   district and its schools), a suppressed part must not be recoverable by subtracting the shown parts
///   from the total. So while a breakdown's suppressed parts are fewer than two, or their combined
///   denominator would pin each of them (as many students as cells), the next-smallest shown part is
///   suppressed too (and the total, if no part is left).
///
/// The rule assumes the worst reader: one who knows every shown cell and the exact size of any part of a
/// total that is not itself a group (for example students with race not reported). It guarantees that no
/// suppressed cell's numerator and denominator can be worked out from the cells of any one breakdown.
public struct SuppressionRule: Hashable, Sendable {
    public var minimumGroupSize: Int

    public init(minimumGroupSize: Int = 11) {
        precondition(minimumGroupSize >= 1, "the minimum group size must be at least 1")
        self.minimumGroupSize = minimumGroupSize
    }

    /// A count behind a rate: how many of how many.
    public struct Cell: Hashable, Sendable {
        public var numerator: Int
        public var denominator: Int

        public init(numerator: Int, denominator: Int) {
            self.numerator = numerator
            self.denominator = denominator
        }
    }

    /// A total and the cells that part it: indexes into the list of cells. Parts need not cover the whole
    /// total; each cell may appear in several breakdowns (a district's SED cell is a part of the district's
    /// groups and the total of its schools' SED cells).
    public struct Breakdown: Hashable, Sendable {
        public var total: Int
        public var parts: [Int]

        public init(total: Int, parts: [Int]) {
            self.total = total
            self.parts = parts
        }
    }

    /// Whether a cell is a small group: some students, fewer than the minimum.
    public func isSmall(_ cell: Cell) -> Bool { cell.denominator > 0 && cell.denominator < minimumGroupSize }

    /// Which cells must be suppressed (`true`), given every breakdown they take part in. Cells with a zero
    /// denominator are never shown and never suppressed. `alreadyHidden` adds cells hidden for another
    /// reason, which the complementary step then protects like small ones.
    public func suppressed(_ cells: [Cell], breakdowns: [Breakdown], alreadyHidden: [Bool]? = nil) -> [Bool] {
        var hidden = cells.indices.map { isSmall(cells[$0]) || (cells[$0].denominator > 0 && alreadyHidden?[$0] == true) }
        var changed = true
        while changed {
            changed = false
            for breakdown in breakdowns where !hidden[breakdown.total] && cells[breakdown.total].denominator > 0 {
                let suppressedParts = breakdown.parts.filter { hidden[$0] }
                guard !suppressedParts.isEmpty else { continue }
                let students = suppressedParts.reduce(0) { $0 + cells[$1].denominator }
                if suppressedParts.count >= 2 && students > suppressedParts.count { continue }
                let next = breakdown.parts
                    .filter { !hidden[$0] && cells[$0].denominator > 0 }
                    .min { (cells[$0].denominator, $0) < (cells[$1].denominator, $1) }
                hidden[next ?? breakdown.total] = true
                changed = true
            }
        }
        return hidden
    }
}

/// Why a cell is not shown to partners and the public; stored with each value.
public enum SuppressionReason: UInt8, Sendable, Hashable, CaseIterable {
    case shown = 0
    /// Fewer students than the minimum group size.
    case smallGroup = 1
    /// Hidden by the small-group rule so that no single breakdown gives a small group away.
    case complementary = 2
    /// Hidden because the audit of the whole slice found a small group a reader could still work out.
    case linkedAudit = 3
    /// No students: published as hidden, like its place's small groups, so that which groups of a place
    /// are empty gives none of them away (`docs/suppression.md`, "Empty groups"). Its own district sees
    /// it as no value.
    case emptyGroup = 4

    public var isSuppressed: Bool { self != .shown }
}
