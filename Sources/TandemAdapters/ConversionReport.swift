import TandemDomain

/// What a conversion wrote, and everything it could not map: an adapter never loses a value silently.
///
/// Three lists. *Unmapped values*: per output file and column, each source value that has no contract
/// value, how often it occurred, the first line it was seen on, and what was written instead (`NR`, an
/// empty cell, or nothing because the row was dropped). *Dropped rows*: per output file, why, how many,
/// and the first. *Notes*: what the source does not say at all (an unknown written for every row) and
/// source data that has no place in the contract.
public struct ConversionReport: Sendable {
    /// A source value with no contract value.
    public struct Unmapped: Sendable, Equatable {
        /// The contract file and column the value was meant for (`enrollments.csv`, `grade`).
        public let file: String
        public let column: String
        public let value: String
        public internal(set) var count: Int
        /// The first place it was seen.
        public let example: SourceLine
        /// What was written instead: `row dropped`, `left empty`, `written as NR`, ….
        public let outcome: String
    }

    /// Rows of one contract file left out, for one reason.
    public struct Dropped: Sendable, Equatable {
        public let file: String
        public let reason: String
        public internal(set) var count: Int
        public let example: SourceLine
    }

    /// One district folder written (or to be written): its code, name and rows per file.
    public struct District: Sendable, Equatable {
        public let code: String
        public let name: String?
        public internal(set) var rows: [(file: String, rows: Int)]

        public static func == (lhs: District, rhs: District) -> Bool {
            lhs.code == rhs.code && lhs.name == rhs.name && lhs.rows.map(\.file) == rhs.rows.map(\.file)
                && lhs.rows.map(\.rows) == rhs.rows.map(\.rows)
        }

        public func rows(in file: String) -> Int { rows.first { $0.file == file }?.rows ?? 0 }
    }

    public internal(set) var unmapped: [Unmapped] = []
    public internal(set) var dropped: [Dropped] = []
    public internal(set) var notes: [String] = []
    public internal(set) var districts: [District] = []
    /// How often each value was written, per `district file column` (`255903 enrollments.csv sed` → `Y`: 51,
    /// `N`: 576, `U`: 229), for the columns where an unknown can be written.
    public internal(set) var tallies: [String: [String: Int]] = [:]

    private var unmappedIndex: [String: Int] = [:]
    private var droppedIndex: [String: Int] = [:]

    public init() {}

    /// Counts one unmapped value; `example` is only evaluated for the first of its kind (finding a line
    /// can mean searching a file).
    mutating func unmapped(file: String, column: String, value: String, outcome: String, example: @autoclosure () -> SourceLine) {
        let key = "\(file)\u{1F}\(column)\u{1F}\(value)"
        if let index = unmappedIndex[key] {
            unmapped[index].count += 1
            return
        }
        unmappedIndex[key] = unmapped.count
        unmapped.append(Unmapped(file: file, column: column, value: value, count: 1, example: example(), outcome: outcome))
    }

    mutating func dropped(file: String, reason: String, example: @autoclosure () -> SourceLine) {
        let key = "\(file)\u{1F}\(reason)"
        if let index = droppedIndex[key] {
            dropped[index].count += 1
            return
        }
        droppedIndex[key] = dropped.count
        dropped.append(Dropped(file: file, reason: reason, count: 1, example: example()))
    }

    mutating func note(_ text: String) { notes.append(text) }

    mutating func tally(district: String, file: String, column: String, value: String) {
        tallies["\(district) \(file) \(column)", default: [:]][value, default: 0] += 1
    }

    mutating func wrote(_ district: District) { districts.append(district) }

    /// The unmapped values of one column, for tests and summaries.
    public func unmapped(file: String, column: String) -> [Unmapped] {
        unmapped.filter { $0.file == file && $0.column == column }
    }

    public var droppedRows: Int { dropped.reduce(0) { $0 + $1.count } }

    /// The report as the command prints it.
    public var text: String {
        var lines: [String] = []
        for district in districts {
            let name = district.name.map { " (\($0))" } ?? ""
            let files = district.rows.map { "\($0.file) \($0.rows.grouped)" }.joined(separator: ", ")
            lines.append("\(district.code)\(name): \(files)")
            for (key, counts) in tallies.sorted(by: { $0.key < $1.key }) where key.hasPrefix("\(district.code) ") {
                let values = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.grouped)" }.joined(separator: ", ")
                lines.append("  \(key.dropFirst(district.code.count + 1)): \(values)")
            }
        }
        if unmapped.isEmpty {
            lines.append("Every source value was mapped.")
        } else {
            let total = unmapped.reduce(0) { $0 + $1.count }
            lines.append("Could not map \(total.grouped) value\(total == 1 ? "" : "s") (\(unmapped.count) distinct):")
            for item in unmapped.sorted(by: { ($0.file, $0.column, -$0.count) < ($1.file, $1.column, -$1.count) }) {
                lines.append("  \(item.file) \(item.column): \"\(item.value)\" × \(item.count.grouped), \(item.outcome); first at \(item.example)")
            }
        }
        if dropped.isEmpty {
            lines.append("No row was dropped.")
        } else {
            lines.append("Dropped \(droppedRows.grouped) row\(droppedRows == 1 ? "" : "s"):")
            for item in dropped.sorted(by: { ($0.file, -$0.count) < ($1.file, -$1.count) }) {
                lines.append("  \(item.file): \(item.count.grouped) × \(item.reason); first at \(item.example)")
            }
        }
        if !notes.isEmpty {
            lines.append("Notes:")
            lines.append(contentsOf: notes.map { "  \($0)" })
        }
        return lines.joined(separator: "\n")
    }
}
