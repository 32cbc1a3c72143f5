/// An RFC 4180 CSV reader over bytes already in memory.
///
/// A non-copyable struct rather than a class: its state is then checked for exclusive access at compile
/// time, not on every byte at run time.
///
/// It is written for speed on files of millions of rows: fields are handed out as byte ranges into
/// the file buffer (no `String` per field), and only a field with doubled quotes is copied, unescaped,
/// into a scratch buffer. A leading UTF-8 BOM is skipped; CRLF and LF both end a record; blank lines
/// are ignored. Line numbers are physical lines (the header is line 1), so a quoted field that holds
/// a newline makes the next record start one line further on, as an editor would show it.
public struct CSVParser: ~Copyable {
    /// A malformed record (an unterminated quote, a stray quote): the line and what is wrong.
    public struct SyntaxError: Error, Equatable, Sendable {
        public let line: Int
        public let message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int
    private var line = 1
    /// Unescaped copies of fields that held doubled quotes, for the current record only.
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCount = 0
    private var scratchCapacity = 4096
    /// Field boundaries of the current record: `(start, end)` into `bytes`, or for fields that had to be
    /// unescaped, into `scratch` with the start stored as `-(offset + 1)`.
    private var fieldStarts: [Int] = []
    private var fieldEnds: [Int] = []

    /// The line on which the record just read starts.
    public private(set) var recordLine = 1

    /// The caller keeps `bytes` alive and unchanged while the parser is in use.
    public init(bytes: UnsafeBufferPointer<UInt8>) {
        self.init(bytes: bytes, firstLine: 1, skipByteOrderMark: true)
    }

    /// A parser for a piece of a larger file that starts at a record boundary on line `firstLine`.
    public init(bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, skipByteOrderMark: Bool) {
        self.bytes = bytes
        let hasBOM = skipByteOrderMark && bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        self.position = hasBOM ? 3 : 0
        self.line = firstLine
        scratch = .allocate(capacity: scratchCapacity)
        fieldStarts.reserveCapacity(32)
        fieldEnds.reserveCapacity(32)
    }

    deinit { scratch.deallocate() }

    /// Where the next record starts: a byte offset and its line.
    public var offset: Int { position }
    public var currentLine: Int { line }

    /// The number of fields in the record just read.
    public var fieldCount: Int { fieldStarts.count }

    /// The bytes of field `index` of the record just read, trimmed of surrounding spaces and tabs. Valid
    /// until the next call to `nextRecord()`.
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        var start = fieldStarts[index]
        var end = fieldEnds[index]
        let base: UnsafePointer<UInt8>
        if start < 0 {
            start = -(start + 1)
            base = UnsafePointer(scratch)
        } else {
            base = bytes.baseAddress!
        }
        while start < end, base[start] == 0x20 || base[start] == 0x09 { start += 1 }
        while end > start, base[end - 1] == 0x20 || base[end - 1] == 0x09 { end -= 1 }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// Reads the next record; `false` at the end of the input.
    public mutating func nextRecord() throws -> Bool {
        fieldStarts.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        scratchCount = 0
        let count = bytes.count
        // Skip blank lines between records.
        while position < count, bytes[position] == 0x0A || bytes[position] == 0x0D {
            if bytes[position] == 0x0A { line += 1 }
            position += 1
        }
        guard position < count else { return false }
        recordLine = line
        while true {
            if position < count, bytes[position] == 0x22 {
                try readQuotedField()
            } else {
                try readPlainField()
            }
            guard position < count else { return true }
            let terminator = bytes[position]
            position += 1
            if terminator == 0x2C { continue }  // ","
            if terminator == 0x0D, position < count, bytes[position] == 0x0A { position += 1 }
            line += 1
            return true
        }
    }

    private mutating func readPlainField() throws {
        // Locals, not stored properties, in the hot loop: no exclusivity checks per byte.
        let bytes = self.bytes
        let start = position
        let count = bytes.count
        var index = start
        while index < count {
            let byte = bytes[index]
            if byte == 0x2C || byte == 0x0A || byte == 0x0D { break }
            if byte == 0x22 {
                throw SyntaxError(line: line, message: "a quote inside an unquoted field (quote the whole field and double the quote)")
            }
            index += 1
        }
        position = index
        fieldStarts.append(start)
        fieldEnds.append(index)
    }

    private mutating func readQuotedField() throws {
        let openingLine = line
        position += 1  // opening quote
        let start = position
        let count = bytes.count
        var hasEscapes = false
        var closed = false
        while position < count {
            let byte = bytes[position]
            if byte == 0x22 {
                if position + 1 < count, bytes[position + 1] == 0x22 {
                    hasEscapes = true
                    position += 2
                    continue
                }
                closed = true
                break
            }
            if byte == 0x0A { line += 1 }
            position += 1
        }
        guard closed else {
            throw SyntaxError(line: openingLine, message: "a quoted field is never closed")
        }
        let end = position
        position += 1  // closing quote
        // Spaces may follow the closing quote; anything else before the separator is malformed.
        while position < count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
        if position < count, bytes[position] != 0x2C, bytes[position] != 0x0A, bytes[position] != 0x0D {
            throw SyntaxError(line: line, message: "unexpected text after a closing quote")
        }
        guard hasEscapes else {
            fieldStarts.append(start)
            fieldEnds.append(end)
            return
        }
        reserveScratch(end - start)
        let offset = scratchCount
        var index = start
        while index < end {
            scratch[scratchCount] = bytes[index]
            scratchCount += 1
            index += bytes[index] == 0x22 ? 2 : 1
        }
        fieldStarts.append(-(offset + 1))
        fieldEnds.append(scratchCount)
    }

    /// Grows the scratch buffer. Only between records would moving it be safe, so a record's fields
    /// are all copied before any is read: growth happens while reading, before `field(_:)` is called.
    private mutating func reserveScratch(_ extra: Int) {
        guard scratchCount + extra > scratchCapacity else { return }
        let newCapacity = max(scratchCapacity * 2, scratchCount + extra)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: scratch, count: scratchCount)
        scratch.deallocate()
        scratch = grown
        scratchCapacity = newCapacity
    }
}
