import TandemDomain

/// Reads one contract file from bytes: checks the encoding, matches the header, checks every cell and
/// every key, and returns the rows in columnar form with every error and warning found.
///
/// It does not look outside the file: references to other files (a school or student that does not
/// exist) are checked by the load, which sees all files and what is already stored.
public struct ContractFileReader {
    public let spec: ContractFile
    /// The district the load is for; a row naming another district is an error.
    public let district: String
    /// Called now and then with the number of rows read so far.
    public var progress: (@Sendable (Int) -> Void)?

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
            result.errors.add(ImportIssue(
                file: name, line: invalid.line, column: "(file)",
                message: "not valid UTF-8 (byte 0x\(String(invalid.byte, radix: 16, uppercase: true)) at character \(invalid.column)); save the file as UTF-8"))
            return result
        }
        var parser = CSVParser(bytes: bytes)
        do {
            guard try parser.nextRecord() else {
                result.errors.add(ImportIssue(file: name, line: 1, column: "(file)", message: "the file is empty: the first line must be the header"))
                return result
            }
            guard let mapping = matchHeader(parser, into: &result) else { return result }
            result.file = try readRows(&parser, mapping: mapping, expectedRows: estimateRows(bytes), into: &result)
        } catch let error as CSVParser.SyntaxError {
            result.errors.add(ImportIssue(file: name, line: error.line, column: "(record)", message: error.message))
            result.file = nil
        } catch {
            result.errors.add(ImportIssue(file: name, line: 0, column: "(file)", message: "\(error)"))
        }
        return result
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

    private func readRows(_ parser: inout CSVParser, mapping: [Int?], expectedRows: Int, into result: inout Result) throws -> ParsedFile {
        let name = spec.fileName
        let builders = spec.columns.map { makeBuilder($0.kind, expectedRows: expectedRows) }
        let districtColumn = spec.columnIndex("district_code")!
        let districtBytes = Array(district.utf8)
        let headerCount = parser.fieldCount
        var lines: [Int32] = []
        lines.reserveCapacity(expectedRows)
        var rows = 0

        while try parser.nextRecord() {
            let line = parser.recordLine
            if parser.fieldCount != headerCount {
                result.errors.add(ImportIssue(file: name, line: line, column: "(record)",
                                              message: "has \(parser.fieldCount) fields, the header has \(headerCount)"))
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
                        result.errors.add(ImportIssue(file: name, line: line, column: column.name, message: "a value is required"))
                        rowIsGood = false
                    }
                    builders[index].appendMissing()
                    continue
                }
                if index == districtColumn, !cell.elementsEqual(districtBytes) {
                    result.errors.add(ImportIssue(file: name, line: line, column: column.name,
                                                  message: "\(quoted(cell)) is not the district being loaded (\(district))"))
                    rowIsGood = false
                }
                if let message = builders[index].append(cell) {
                    result.errors.add(ImportIssue(file: name, line: line, column: column.name, message: message))
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
            if rows & 0x3FFFF == 0, rows > 0 { progress?(rows) }
        }
        progress?(rows)
        let columns = builders.map { $0.finish() }
        var years: [Int] = []
        if let yearColumn = spec.yearColumn, case .integer(let values) = columns[spec.columnIndex(yearColumn)!] {
            years = Set(values).map(Int.init).sorted()
        }
        let file = ParsedFile(spec: spec, rowCount: rows, lines: lines, columns: columns, years: years)
        KeyCheck.findDuplicates(in: file) { issue in result.errors.add(issue) }
        return file
    }
}
