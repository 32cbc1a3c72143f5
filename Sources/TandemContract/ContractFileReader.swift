import Foundation
import Synchronization
import TandemDomain

/// Reads one contract file from bytes: checks the encoding, matches the header, checks every cell and
/// every key, and returns the rows in columnar form with every error and warning found.
///
/// It does not look outside the file: references to other files (a school or student that does not
/// exist) are checked by the load, which sees all files and what is already stored.
public struct ContractFileReader: Sendable {
    public let spec: ContractFile
    /// The district the load is for; a row naming another district is an error.
    public let district: String
    /// Called now and then with the number of rows read so far.
    public var progress: (@Sendable (Int) -> Void)?
    /// Files larger than two pieces are split into pieces of about this many bytes, checked in parallel.
    public var pieceSize = 8 << 20

    /// The longest value any column takes. The contract's longest values are names and course titles; a
    /// field of megabytes is a broken file (a quote never closed) or an attack, and would be stored and
    /// shown as it is.
    public static let maximumFieldBytes = 1_000

    public init(spec: ContractFile, district: String, progress: (@Sendable (Int) -> Void)? = nil) {
        self.spec = spec
        self.district = district
        self.progress = progress
    }

    public struct Result: Sendable {
        /// The rows, when the file could be read at all (its header usable).
        public var file: ParsedFile?
        public var errors = IssueLog()
        public var warnings = IssueLog()
    }

    public func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        var result = Result()
        let name = spec.fileName
        if let invalid = UTF8Check.firstInvalidByte(bytes) {
            result.errors.add(
                ImportIssue(
                    file: name,
                    line: invalid.line,
                    column: "(file)",
                    message:
                        "not valid UTF-8 (byte 0x\(String(invalid.byte, radix: 16, uppercase: true)) at character \(invalid.column)); save the file as UTF-8"
                )
            )
            return result
        }
        var parser = CSVParser(bytes: bytes)
        do {
            guard try parser.nextRecord() else {
                result.errors.add(ImportIssue(file: name, line: 1, column: "(file)", message: "the file is empty: the first line must be the header"))
                return result
            }
            guard let mapping = matchHeader(parser, into: &result) else { return result }
            let headerCount = parser.fieldCount
            let pieces = Self.pieces(of: bytes, from: parser.offset, line: parser.currentLine, pieceSize: pieceSize)
            let chunks = readPieces(pieces, of: bytes, mapping: mapping, headerCount: headerCount)
            var columns: [[ColumnValues]] = Array(repeating: [], count: spec.columns.count)
            var lines: [Int32] = []
            var failed = false
            for chunk in chunks {
                result.errors.merge(chunk.errors)
                failed = failed || chunk.syntaxFailed
                if chunk.syntaxFailed { continue }
                for index in columns.indices { columns[index].append(chunk.columns[index]) }
                lines += chunk.lines
            }
            if !failed { result.file = finish(columns.map(ColumnValues.concatenate), lines: lines, errors: &result.errors) }
        } catch let error as CSVParser.SyntaxError {
            result.errors.add(ImportIssue(file: name, line: error.line, column: "(record)", message: error.message))
        } catch {
            result.errors.add(ImportIssue(file: name, line: 0, column: "(file)", message: "\(error)"))
        }
        return result
    }

    /// A stretch of the file that starts and ends on record boundaries.
    struct Piece: Sendable {
        let start: Int
        let end: Int
        let line: Int
    }

    /// Splits the rows of a large file into pieces to check in parallel. A newline ends a record only
    /// outside quotes, which an even count of quote characters since the header tells (a doubled quote
    /// counts twice), so one quick pass finds safe boundaries and their line numbers.
    static func pieces(of bytes: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, pieceSize: Int) -> [Piece] {
        let remaining = bytes.count - start
        guard remaining > 2 * pieceSize else { return [Piece(start: start, end: bytes.count, line: line)] }
        var pieces: [Piece] = []
        var pieceStart = start
        var pieceLine = line
        var currentLine = line
        var quotes = 0
        var index = start
        var target = start + pieceSize
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                quotes += 1
            } else if byte == 0x0A {
                currentLine += 1
                if index >= target, quotes & 1 == 0, bytes.count - index > pieceSize / 2 {
                    pieces.append(Piece(start: pieceStart, end: index + 1, line: pieceLine))
                    pieceStart = index + 1
                    pieceLine = currentLine
                    target = index + pieceSize
                }
            }
            index += 1
        }
        pieces.append(Piece(start: pieceStart, end: bytes.count, line: pieceLine))
        return pieces
    }

    /// What one piece of the file held.
    struct Chunk: Sendable {
        var columns: [ColumnValues] = []
        var lines: [Int32] = []
        var errors = IssueLog()
        var syntaxFailed = false
    }

    /// Reads the pieces on every core; the chunks come back in file order.
    private func readPieces(_ pieces: [Piece], of bytes: UnsafeBufferPointer<UInt8>, mapping: [Int?], headerCount: Int) -> [Chunk] {
        // Each piece writes only its own slot, and the buffers outlive the parallel loop.
        nonisolated(unsafe) let results = UnsafeMutableBufferPointer<Chunk>.allocate(capacity: pieces.count)
        nonisolated(unsafe) let bytes = bytes
        results.initialize(repeating: Chunk())
        defer { results.deallocate() }
        let rowsRead = RowCounter()
        let name = spec.fileName
        let work: @Sendable (Int) -> Void = { index in
            let piece = pieces[index]
            let slice = UnsafeBufferPointer(rebasing: bytes[piece.start..<piece.end])
            var parser = CSVParser(bytes: slice, firstLine: piece.line, skipByteOrderMark: false)
            var chunk = Chunk()
            do {
                (chunk.columns, chunk.lines) = try readRows(
                    &parser,
                    mapping: mapping,
                    headerCount: headerCount,
                    expectedRows: estimateRows(slice),
                    errors: &chunk.errors,
                    counter: rowsRead
                )
            } catch let error as CSVParser.SyntaxError {
                chunk.errors.add(ImportIssue(file: name, line: error.line, column: "(record)", message: error.message))
                chunk.syntaxFailed = true
            } catch {
                chunk.syntaxFailed = true
            }
            results[index] = chunk
        }
        if pieces.count == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: pieces.count, execute: work) }
        progress?(rowsRead.value.load(ordering: .relaxed))
        return Array(results)
    }

    /// For each spec column, the header position it is read from (`nil` when the file lacks it).
    private func matchHeader(_ parser: borrowing CSVParser, into result: inout Result) -> [Int?]? {
        let name = spec.fileName
        var positions: [String: Int] = [:]
        for index in 0..<parser.fieldCount {
            let header = String(decoding: parser.field(index), as: UTF8.self).lowercased()
            if header.isEmpty {
                result.errors.add(ImportIssue(file: name, line: 1, column: "(header)", message: "column \(index + 1) has no name"))
            } else if positions[header] != nil {
                result.errors.add(ImportIssue(file: name, line: 1, column: header, message: "the column appears twice in the header"))
            } else {
                positions[header] = index
            }
        }
        let known = Set(spec.columns.map(\.name))
        let unknown = positions.filter { !known.contains($0.key) }.sorted { $0.value < $1.value }
        for (header, _) in unknown {
            result.warnings.add(ImportIssue(file: name, line: 1, column: header, message: "unknown column, its values are ignored"))
        }
        for column in spec.columns where column.required && positions[column.name] == nil {
            result.errors.add(ImportIssue(file: name, line: 1, column: column.name, message: "required column is missing from the header"))
        }
        guard result.errors.isEmpty else { return nil }
        return spec.columns.map { positions[$0.name] }
    }

    private func estimateRows(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // One line in the first 64 KiB tells the typical row length well enough to size the arrays.
        let sample = min(bytes.count, 65_536)
        var newlines = 0
        for index in 0..<sample where bytes[index] == 0x0A { newlines += 1 }
        guard newlines > 1 else { return 16 }
        return Int(Double(bytes.count) / (Double(sample) / Double(newlines)) * 1.05) + 16
    }

    private func readRows(
        _ parser: inout CSVParser,
        mapping: [Int?],
        headerCount: Int,
        expectedRows: Int,
        errors: inout IssueLog,
        counter: RowCounter
    ) throws -> ([ColumnValues], [Int32]) {
        let name = spec.fileName
        let builders = spec.columns.map { makeBuilder($0.kind, expectedRows: expectedRows) }
        let districtColumn = spec.columnIndex("district_code")!
        let districtBytes = Array(district.utf8)
        var lines: [Int32] = []
        lines.reserveCapacity(expectedRows)
        var rows = 0

        while try parser.nextRecord() {
            let line = parser.recordLine
            if parser.fieldCount != headerCount {
                errors.add(
                    ImportIssue(
                        file: name,
                        line: line,
                        column: "(record)",
                        message: "has \(parser.fieldCount) fields, the header has \(headerCount)"
                    )
                )
                continue
            }
            var rowIsGood = true
            for (index, column) in spec.columns.enumerated() {
                guard let position = mapping[index] else {
                    builders[index].appendMissing()
                    continue
                }
                let cell = parser.field(position)
                if cell.isEmpty {
                    if column.required {
                        errors.add(ImportIssue(file: name, line: line, column: column.name, message: "a value is required"))
                        rowIsGood = false
                    }
                    builders[index].appendMissing()
                    continue
                }
                if cell.count > Self.maximumFieldBytes {
                    errors.add(
                        ImportIssue(
                            file: name,
                            line: line,
                            column: column.name,
                            message: "holds \(cell.count) bytes; a value of the contract holds at most \(Self.maximumFieldBytes)"
                        )
                    )
                    rowIsGood = false
                    builders[index].appendMissing()
                    continue
                }
                if index == districtColumn, !cell.elementsEqual(districtBytes) {
                    errors.add(
                        ImportIssue(
                            file: name,
                            line: line,
                            column: column.name,
                            message: "\(quoted(cell)) is not the district being loaded (\(district))"
                        )
                    )
                    rowIsGood = false
                }
                if let message = builders[index].append(cell) {
                    errors.add(ImportIssue(file: name, line: line, column: column.name, message: message))
                    rowIsGood = false
                    builders[index].appendMissing()
                }
            }
            if rowIsGood {
                lines.append(Int32(line))
                rows += 1
            } else {
                for builder in builders { builder.truncate(to: rows) }
            }
            if rows & 0x3FFFF == 0, rows > 0 {
                let total = counter.value.add(0x40000, ordering: .relaxed).newValue
                progress?(total)
            }
        }
        counter.value.add(rows & 0x3FFFF, ordering: .relaxed)
        return (builders.map { $0.finish() }, lines)
    }

    /// The whole file's rows: its years, and every duplicate key reported.
    private func finish(_ columns: [ColumnValues], lines: [Int32], errors: inout IssueLog) -> ParsedFile {
        var years: [Int] = []
        if let yearColumn = spec.yearColumn, case .integer(let values) = columns[spec.columnIndex(yearColumn)!] {
            years = Set(values).map(Int.init).sorted()
        }
        let file = ParsedFile(spec: spec, rowCount: lines.count, lines: lines, columns: columns, years: years)
        KeyCheck.findDuplicates(in: file) { issue in errors.add(issue) }
        return file
    }
}

/// Rows read so far across the pieces of a file, for progress.
final class RowCounter: Sendable {
    let value = Atomic<Int>(0)
}
