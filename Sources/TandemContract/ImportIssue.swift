/// One problem found in a load, reported as `file:line: column: message`.
public struct ImportIssue: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    /// The column the problem is in; `(record)` for a whole row, `(file)` for the whole file.
    public let column: String
    public let message: String

    public init(file: String, line: Int, column: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line): \(column): \(message)" }
}

/// Issues of one kind (errors or warnings), keeping the first `cap` in full and counting the rest, so a
/// file in which every one of five million rows is wrong does not hold five million messages.
public struct IssueLog: Sendable {
    public private(set) var kept: [ImportIssue] = []
    public private(set) var total = 0
    public let cap: Int

    public init(cap: Int = 1000) { self.cap = cap }

    public var isEmpty: Bool { total == 0 }

    public mutating func add(_ issue: ImportIssue) {
        total += 1
        if kept.count < cap { kept.append(issue) }
    }

    public mutating func merge(_ other: IssueLog) {
        for issue in other.kept { add(issue) }
        total += other.total - other.kept.count
    }

    /// Kept issues in file order, then line order.
    public func sorted(fileOrder: [String]) -> [ImportIssue] {
        kept.sorted {
            let a = fileOrder.firstIndex(of: $0.file) ?? Int.max
            let b = fileOrder.firstIndex(of: $1.file) ?? Int.max
            return (a, $0.line) < (b, $1.line)
        }
    }
}
