import TandemDomain

/// Checks one cell's bytes and appends its value; returns an error message instead when the cell is bad.
/// Builders are per file and per thread; `truncate` takes back a row that turned out to be bad.
protocol ColumnBuilder: AnyObject {
    /// Appends the value of a non-empty cell, or returns why it cannot be.
    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> String?
    func appendMissing()
    func truncate(to rows: Int)
    func finish() -> ColumnValues
}

func makeBuilder(_ kind: ColumnKind, expectedRows: Int) -> any ColumnBuilder {
    switch kind {
    case .text(let defaultValue): TextBuilder(defaultValue: defaultValue, expectedRows: expectedRows)
    case .date: DateBuilder(expectedRows: expectedRows)
    case .code(let allowed): CodeBuilder(allowed: allowed, expectedRows: expectedRows)
    case .grade: GradeBuilder(expectedRows: expectedRows)
    case .integer(let range): IntegerBuilder(range: range, expectedRows: expectedRows)
    case .number: NumberBuilder(expectedRows: expectedRows)
    case .boolean(let defaultValue, let allowsUnknown):
        BooleanBuilder(defaultValue: defaultValue, allowsUnknown: allowsUnknown, expectedRows: expectedRows)
    }
}

/// The cell as text for a message, shortened and quoted.
func quoted(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let text = String(decoding: bytes.prefix(40), as: UTF8.self)
    return "\"\(text)\(bytes.count > 40 ? "…" : "")\""
}

final class TextBuilder: ColumnBuilder {
    private var column = TextColumn()
    private let defaultValue: [UInt8]

    init(defaultValue: String?, expectedRows: Int) {
        self.defaultValue = Array((defaultValue ?? "").utf8)
        column.reserve(rows: expectedRows, bytes: expectedRows * 8)
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        column.append(bytes)
        return nil
    }

    func appendMissing() { column.append(defaultValue) }
    func truncate(to rows: Int) { column.truncate(to: rows) }
    func finish() -> ColumnValues { .text(column) }
}

final class DateBuilder: ColumnBuilder {
    private var column = TextColumn()

    init(expectedRows: Int) { column.reserve(rows: expectedRows, bytes: expectedRows * 4) }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard Day(isoBytes: bytes) != nil else {
            return "\(quoted(bytes)) is not a valid date (YYYY-MM-DD)"
        }
        column.append(bytes)
        return nil
    }

    func appendMissing() { column.append(EmptyCollection()) }
    func truncate(to rows: Int) { column.truncate(to: rows) }
    func finish() -> ColumnValues { .text(column) }
}

final class CodeBuilder: ColumnBuilder {
    private var indexes: [UInt8] = []
    private let allowed: [String]
    private let upperAllowed: [[UInt8]]

    init(allowed: [String], expectedRows: Int) {
        self.allowed = allowed
        self.upperAllowed = allowed.map { Array($0.uppercased().utf8) }
        indexes.reserveCapacity(expectedRows)
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        candidates: for (index, candidate) in upperAllowed.enumerated() where candidate.count == bytes.count {
            for position in 0..<bytes.count {
                var byte = bytes[position]
                if byte >= 0x61, byte <= 0x7A { byte -= 0x20 }
                if byte != candidate[position] { continue candidates }
            }
            indexes.append(UInt8(index + 1))
            return nil
        }
        return "unknown code \(quoted(bytes)) (expected one of \(allowed.joined(separator: ", ")))"
    }

    func appendMissing() { indexes.append(0) }
    func truncate(to rows: Int) { indexes.removeLast(indexes.count - rows) }
    func finish() -> ColumnValues { .code(indexes: indexes, allowed: allowed) }
}

/// Parses an optionally signed decimal integer of at most nine digits.
func parseInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard !bytes.isEmpty, bytes.count <= 10 else { return nil }
    var index = 0
    var negative = false
    if bytes[0] == 0x2D || bytes[0] == 0x2B {
        negative = bytes[0] == 0x2D
        index = 1
    }
    guard index < bytes.count else { return nil }
    var result = 0
    while index < bytes.count {
        let digit = Int(bytes[index]) &- 48
        guard digit >= 0, digit <= 9 else { return nil }
        result = result * 10 + digit
        index += 1
    }
    return negative ? -result : result
}

final class GradeBuilder: ColumnBuilder {
    private var values: [Int32] = []

    init(expectedRows: Int) { values.reserveCapacity(expectedRows) }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.count <= 2, let number = parseInteger(bytes), (1...12).contains(number),
            bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        {
            values.append(Int32(number))
            return nil
        }
        if let grade = Grade(code: String(decoding: bytes, as: UTF8.self)) {
            values.append(Int32(grade.value))
            return nil
        }
        return "unknown grade \(quoted(bytes)) (expected TK, KN, K or 1–12)"
    }

    func appendMissing() { values.append(ColumnValues.missingInteger) }
    func truncate(to rows: Int) { values.removeLast(values.count - rows) }
    func finish() -> ColumnValues { .integer(values) }
}

final class IntegerBuilder: ColumnBuilder {
    private var values: [Int32] = []
    private let range: ClosedRange<Int>

    init(range: ClosedRange<Int>, expectedRows: Int) {
        self.range = range
        values.reserveCapacity(expectedRows)
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let number = parseInteger(bytes) else { return "\(quoted(bytes)) is not a whole number" }
        guard range.contains(number) else {
            return "\(number) is outside the allowed range \(range.lowerBound)–\(range.upperBound)"
        }
        values.append(Int32(number))
        return nil
    }

    func appendMissing() { values.append(ColumnValues.missingInteger) }
    func truncate(to rows: Int) { values.removeLast(values.count - rows) }
    func finish() -> ColumnValues { .integer(values) }
}

final class NumberBuilder: ColumnBuilder {
    private var values: [Double] = []

    init(expectedRows: Int) { values.reserveCapacity(expectedRows) }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let number = parseNumber(bytes) else { return "\(quoted(bytes)) is not a number" }
        values.append(number)
        return nil
    }

    func appendMissing() { values.append(.nan) }
    func truncate(to rows: Int) { values.removeLast(values.count - rows) }
    func finish() -> ColumnValues { .number(values) }
}

/// A plain decimal (`-12`, `350`, `3.25`, `.5`) on the fast path; anything else goes through the
/// standard library's parser, and only finite results are numbers.
public func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    var index = 0
    var negative = false
    if let first = bytes.first, first == 0x2D || first == 0x2B {
        negative = first == 0x2D
        index = 1
    }
    var mantissa: Int64 = 0
    var digits = 0
    var fractionDigits = 0
    var seenPoint = false
    while index < bytes.count {
        let byte = bytes[index]
        if byte == 0x2E, !seenPoint {
            seenPoint = true
        } else if byte >= 0x30, byte <= 0x39, digits < 15 {
            mantissa = mantissa * 10 + Int64(byte - 0x30)
            digits += 1
            if seenPoint { fractionDigits += 1 }
        } else {
            guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
            return value
        }
        index += 1
    }
    guard digits > 0 else { return nil }
    var value = Double(mantissa)
    if fractionDigits > 0 { value /= powersOfTen[fractionDigits] }
    return negative ? -value : value
}

private let powersOfTen: [Double] = (0...15).map { exponent in
    (0..<exponent).reduce(1.0) { value, _ in value * 10 }
}

final class BooleanBuilder: ColumnBuilder {
    private var values: [Int32] = []
    private let defaultValue: Int32
    private let allowsUnknown: Bool

    init(defaultValue: Bool?, allowsUnknown: Bool, expectedRows: Int) {
        self.defaultValue = defaultValue.map { $0 ? 1 : 0 } ?? ColumnValues.missingInteger
        self.allowsUnknown = allowsUnknown
        values.reserveCapacity(expectedRows)
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.count == 1 {
            switch bytes[0] {
            case 0x59, 0x79, 0x31:
                values.append(1)
                return nil  // Y y 1
            case 0x4E, 0x6E, 0x30:
                values.append(0)
                return nil  // N n 0
            default: break
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if let value = ContractBoolean.parse(text) {
            values.append(value ? 1 : 0)
            return nil
        }
        if allowsUnknown, ContractBoolean.isUnknown(text) {
            values.append(ColumnValues.missingInteger)
            return nil
        }
        return "\(quoted(bytes)) is not a boolean (Y/N, true/false, 1/0\(allowsUnknown ? ", or U for unknown" : ""))"
    }

    func appendMissing() { values.append(defaultValue) }
    func truncate(to rows: Int) { values.removeLast(values.count - rows) }
    func finish() -> ColumnValues { .integer(values) }
}

extension ColumnSpec {
    /// Why one value is not one this column takes, by the importer's own cell rules (its column builder and
    /// the field cap), or `nil`: for adapters that write contract files, so that what they write imports.
    public func problem(with value: String) -> String? {
        var value = value
        guard value.utf8.count <= ContractFileReader.maximumFieldBytes else {
            return "holds \(value.utf8.count) bytes; a value of the contract holds at most \(ContractFileReader.maximumFieldBytes)"
        }
        let builder = makeBuilder(kind, expectedRows: 1)
        return value.withUTF8 { builder.append($0) }
    }
}
