/// One problem found in a load, reported as `file:line: column: message`.
public struct ImportIssue: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    /// The column the problem is in; `(record)` for a whole row, `(file)` for the whole file.
    public let column: String
    public let message: String

    public init(file: String, line: Int, column: String, message: String) {
        self.file = Self.printable(file, limit: 200)
        self.line = line
        self.column = Self.printable(column, limit: 100)
        self.message = Self.printable(message, limit: 1000)
    }

    /// What a file put in a message, made safe for a terminal and a log: control characters (an escape
    /// sequence would recolour or rewrite the terminal) written as `\u{1B}`, and at most `limit`
    /// characters (a value of 256 MB once became a line of that size), the rest counted.
    static func printable(_ text: String, limit: Int) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                return result + "… (\(text.unicodeScalars.count - count) more characters)"
            }
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            result += isControl ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
            count += 1
        }
        return result
    }

    public var description: String { "\(file):\(line): \(column): \(message)" }
}

/// Issues of one kind (errors or warnings), keeping the first `cap` in full and counting the rest, so a
/// file in which every one of five million rows is wrong does not hold five million messages. Every issue
/// is also tallied by its kind — file, column and message with the values taken out — so that a report
/// can begin with what is wrong how often ("2,162 × enrollments.csv school_code: a value is required").
public struct IssueLog: Sendable {
    public private(set) var kept: [ImportIssue] = []
    public private(set) var total = 0
    public let cap: Int
    /// The kinds seen, in order, with how many of each, and each kind's number.
    private var kindNames: [String] = []
    private var kindCounts: [Int] = []
    private var kindNumbers: [String: Int] = [:]
    /// Every issue's line and kind, by file, kept however many issues there are (eight bytes each), so
    /// that the rejected rows can be written out whole (`RejectedRows`).
    private var located: [String: [(line: Int32, kind: Int32)]] = [:]

    /// Kinds counted apart; issues of any further kind are counted together.
    static let kindCap = 100
    static let otherKinds = "(problems of other kinds)"

    public init(cap: Int = 1000) { self.cap = cap }

    public var isEmpty: Bool { total == 0 }

    public mutating func add(_ issue: ImportIssue) {
        total += 1
        if kept.count < cap { kept.append(issue) }
        let kind = number(of: Self.kind(of: issue))
        kindCounts[kind] += 1
        if issue.line > 0 { located[issue.file, default: []].append((Int32(clamping: issue.line), Int32(kind))) }
    }

    public mutating func merge(_ other: IssueLog) {
        for issue in other.kept where kept.count < cap { kept.append(issue) }
        total += other.total
        let renumbered = other.kindNames.map { number(of: $0) }
        for (kind, count) in other.kindCounts.enumerated() { kindCounts[renumbered[kind]] += count }
        for (file, lines) in other.located {
            located[file, default: []] += lines.map { ($0.line, Int32(renumbered[Int($0.kind)])) }
        }
    }

    /// Each kind of issue with how many there are, the most frequent first.
    public var kinds: [(kind: String, count: Int)] {
        zip(kindNames, kindCounts).map { (kind: $0, count: $1) }.sorted { ($1.count, $0.kind) < ($0.count, $1.kind) }
    }

    /// The lines of `file` with issues, in order, each with what is wrong on it: an index into `messages`
    /// (its kinds, without the file's name; shared, so a million bad rows hold a few strings, not a million).
    public func problemLines(in file: String) -> (lines: [(line: Int, message: Int)], messages: [String]) {
        let entries = (located[file] ?? []).sorted { ($0.line, $0.kind) < ($1.line, $1.kind) }
        var lines: [(line: Int, message: Int)] = []
        var messages: [String] = []
        var messageNumbers: [[Int32]: Int] = [:]
        var index = 0
        while index < entries.count {
            let line = entries[index].line
            var kinds: [Int32] = []
            while index < entries.count, entries[index].line == line {
                if kinds.last != entries[index].kind { kinds.append(entries[index].kind) }
                index += 1
            }
            let number =
                messageNumbers[kinds]
                ?? {
                    let text = kinds.map { kind -> String in
                        let name = kindNames[Int(kind)]
                        return name.hasPrefix(file + " ") ? String(name.dropFirst(file.count + 1)) : name
                    }
                    messages.append(text.joined(separator: "; "))
                    messageNumbers[kinds] = messages.count - 1
                    return messages.count - 1
                }()
            lines.append((Int(line), number))
        }
        return (lines, messages)
    }

    /// The files with issues on some line.
    public var filesWithProblems: [String] { located.keys.sorted() }

    private mutating func number(of kind: String) -> Int {
        if let number = kindNumbers[kind] { return number }
        let name = kindNames.count < Self.kindCap ? kind : Self.otherKinds
        if let number = kindNumbers[name] { return number }
        kindNumbers[name] = kindNames.count
        kindNames.append(name)
        kindCounts.append(0)
        return kindNames.count - 1
    }

    /// `enrollments.csv school_code: "…" is not the district being loaded (TEST)`: the issue without its
    /// line, and without the values it quotes, which differ from row to row.
    static func kind(of issue: ImportIssue) -> String {
        var message = ""
        var quoted = false
        for character in issue.message {
            if character == "\"" {
                if !quoted { message += "\"…\"" }
                quoted.toggle()
            } else if !quoted {
                message.append(character)
            }
        }
        return "\(issue.file) \(issue.column): \(message)"
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

/// A log prints as its counts and first issues, never as every located line it keeps (a test failure on a
/// rejected load of a million rows once printed them all).
extension IssueLog: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "IssueLog(total: \(total), kinds: \(kinds.prefix(5).map { "\($0.count) × \($0.kind)" }), first: \(kept.prefix(5).map(\.description)))"
    }

    public var debugDescription: String { description }
}
