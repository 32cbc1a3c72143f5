/// Validated values of one column of a loaded file, held compactly: one array per column, no object
/// per row. Missing values are `nil` through the accessors.
public enum ColumnValues: Sendable {
    /// Text bytes back to back in `arena`; row `i` spans `ends[i-1]..<ends[i]`; an empty span is missing.
    case text(TextColumn)
    /// Whole numbers (grades, years, levels, booleans as 1/0); `Int32.min` is missing.
    case integer([Int32])
    /// Decimal numbers; NaN is missing.
    case number([Double])
    /// Codes as an index into `allowed` plus one; 0 is missing.
    case code(indexes: [UInt8], allowed: [String])

    public static let missingInteger = Int32.min

    /// The rows of `parts` (columns of the same kind) one after another.
    static func concatenate(_ parts: [ColumnValues]) -> ColumnValues {
        guard parts.count > 1, let first = parts.first else { return parts[0] }
        switch first {
        case .text:
            var merged = TextColumn()
            merged.reserve(
                rows: parts.reduce(0) { $0 + $1.rowCount },
                bytes: parts.reduce(0) { total, part in
                    if case .text(let text) = part { return total + text.arena.count }
                    return total
                }
            )
            for case .text(let text) in parts { merged.append(contentsOf: text) }
            return .text(merged)
        case .integer:
            var merged: [Int32] = []
            for case .integer(let values) in parts { merged += values }
            return .integer(merged)
        case .number:
            var merged: [Double] = []
            for case .number(let values) in parts { merged += values }
            return .number(merged)
        case .code(_, let allowed):
            var merged: [UInt8] = []
            for case .code(let indexes, _) in parts { merged += indexes }
            return .code(indexes: merged, allowed: allowed)
        }
    }

    var rowCount: Int {
        switch self {
        case .text(let text): text.count
        case .integer(let values): values.count
        case .number(let values): values.count
        case .code(let indexes, _): indexes.count
        }
    }
}

/// Variable-length text for many rows in one byte arena.
public struct TextColumn: Sendable {
    public private(set) var arena: [UInt8] = []
    public private(set) var ends: [UInt32] = []

    public init() {}

    public var count: Int { ends.count }

    public mutating func reserve(rows: Int, bytes: Int) {
        ends.reserveCapacity(rows)
        arena.reserveCapacity(bytes)
    }

    /// Appends every row of `other`.
    mutating func append(contentsOf other: TextColumn) {
        let base = UInt32(arena.count)
        arena += other.arena
        ends += other.ends.map { $0 + base }
    }

    public mutating func append(_ bytes: some Collection<UInt8>) {
        arena.append(contentsOf: bytes)
        ends.append(UInt32(arena.count))
    }

    /// Keeps only the first `rows` rows.
    mutating func truncate(to rows: Int) {
        guard rows < count else { return }
        let keepBytes = rows == 0 ? 0 : Int(ends[rows - 1])
        ends.removeLast(ends.count - rows)
        arena.removeLast(arena.count - keepBytes)
    }

    public func range(_ row: Int) -> Range<Int> {
        (row == 0 ? 0 : Int(ends[row - 1]))..<Int(ends[row])
    }

    public func string(_ row: Int) -> String? {
        let span = range(row)
        guard !span.isEmpty else { return nil }
        return String(decoding: arena[span], as: UTF8.self)
    }
}

/// One validated contract file: every column of the spec (absent optional columns are all missing),
/// the source line of every row, and the distinct years it holds.
public struct ParsedFile: Sendable {
    public let spec: ContractFile
    public let rowCount: Int
    /// The physical line each row started on, for error reports made after parsing.
    public let lines: [Int32]
    /// One entry per `spec.columns`, in the same order.
    public let columns: [ColumnValues]
    /// Distinct values of the spec's year column, sorted; empty for schools and students.
    public let years: [Int]

    public func column(_ name: String) -> ColumnValues {
        columns[spec.columnIndex(name)!]
    }

    /// The text of a text column at a row, for references and messages.
    public func text(_ name: String, row: Int) -> String? {
        guard case .text(let column) = column(name) else { return nil }
        return column.string(row)
    }
}
