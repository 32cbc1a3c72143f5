import Foundation
import TandemContract
import Testing

/// The CSV writer: RFC 4180 quoting only where a field needs it, LF line ends, empty fields for missing
/// values, and every byte on disk once the writer is closed.
@Suite struct CSVWriterTests {
    /// A fresh path in a folder of its own.
    private func scratchPath(_ name: String = "out.csv") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("csv-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    /// What a writer with `header` and the rows `write` adds leaves in its file once closed.
    private func written(header: [String], _ write: (CSVWriter) -> Void) throws -> String {
        let path = try scratchPath()
        let writer = try CSVWriter(path: path, header: header)
        write(writer)
        try writer.close()
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func headerIsTheFirstLine() throws {
        #expect(try written(header: ["student_id", "school_year"]) { _ in } == "student_id,school_year\n")
        #expect(try written(header: ["a", "b,c"]) { _ in } == "a,\"b,c\"\n")
    }

    @Test func plainFieldsAreNotQuoted() throws {
        let text = try written(header: ["a", "b", "c"]) { writer in
            writer.field("CST")
            writer.field("two words")
            writer.field("é ü 中")
            writer.endRow()
        }
        #expect(text == "a,b,c\nCST,two words,é ü 中\n")
    }

    @Test(arguments: [
        ("x,y", "\"x,y\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"", "\"\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("carriage\rreturn", "\"carriage\rreturn\""),
        ("crlf\r\nend", "\"crlf\r\nend\""),
    ])
    func commaQuoteAndLineBreaksAreQuoted(field: String, expected: String) throws {
        let text = try written(header: ["v"]) { writer in
            writer.field(field)
            writer.endRow()
        }
        #expect(text == "v\n\(expected)\n")
    }

    @Test func missingValuesAreEmptyFields() throws {
        let text = try written(header: ["a", "b", "c", "d", "e", "f"]) { writer in
            writer.field(nil as String?)
            writer.field(nil as Int?)
            writer.field(nil as Bool?)
            writer.empty()
            writer.field("")
            writer.field("last")
            writer.endRow()
            for _ in 0..<6 { writer.empty() }
            writer.endRow()
        }
        #expect(text == "a,b,c,d,e,f\n,,,,,last\n,,,,,\n")
    }

    @Test func numbersAndFlags() throws {
        let text = try written(header: ["n"]) { writer in
            for number in [0, 7, -5, 2011, 1_000_000, Int.max, Int.min] {
                writer.field(number)
                writer.endRow()
            }
            writer.field(Optional(42))
            writer.field(true)
            writer.field(false)
            writer.field(Optional(true))
            writer.endRow()
        }
        #expect(text == "n\n0\n7\n-5\n2011\n1000000\n9223372036854775807\n-9223372036854775808\n42,Y,N,Y\n")
    }

    @Test func rowsCountsDataRowsOnly() throws {
        let path = try scratchPath()
        let writer = try CSVWriter(path: path, header: ["a"])
        #expect(writer.rows == 0)
        for row in 0..<3 {
            writer.field(row)
            writer.endRow()
        }
        #expect(writer.rows == 3)
        try writer.close()
    }

    /// More than the writer's 1 MiB buffer: the rows flushed on the way and the rest flushed by `close()`
    /// make the whole file, in order.
    @Test func closeLeavesEveryRowOnDisk() throws {
        let path = try scratchPath()
        let writer = try CSVWriter(path: path, header: ["id", "name", "score"])
        var expected = "id,name,score\n"
        for row in 0..<60_000 {
            let name = row.isMultiple(of: 7) ? "Lee, \"Sam\"" : "student \(row)"
            writer.field("S\(row)")
            writer.field(name)
            writer.field(row * 3 - 90_000)
            writer.endRow()
            expected += "S\(row),\(row.isMultiple(of: 7) ? "\"Lee, \"\"Sam\"\"\"" : name),\(row * 3 - 90_000)\n"
        }
        #expect(expected.utf8.count > 1 << 20)
        try writer.close()
        #expect(writer.rows == 60_000)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
    }

    /// A writer replaces what was at its path: nothing of a longer earlier file is left at the end.
    @Test func aWriterReplacesAnExistingFile() throws {
        let path = try scratchPath()
        try Data(String(repeating: "old line\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        let writer = try CSVWriter(path: path, header: ["new"])
        writer.field(1)
        writer.endRow()
        try writer.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n1\n")
    }

    @Test func aPathThatCannotBeCreatedThrows() throws {
        let path = try scratchPath("no-such-folder/out.csv")
        #expect(throws: (any Error).self) { _ = try CSVWriter(path: path, header: ["a"]) }
    }

    /// What the writer writes, the contract's reader reads back field for field (fields without
    /// surrounding spaces, which the reader trims).
    @Test func theParserReadsBackWhatTheWriterWrote() throws {
        let rows = [
            ["plain", "x,y", "say \"hi\"", "two\nlines", "cr\rlf\r\n", "", "12", "-3"],
            ["", "", "", "", "", "", "", "last"],
        ]
        let text = try written(header: (1...8).map { "c\($0)" }) { writer in
            for row in rows {
                for field in row { writer.field(field) }
                writer.endRow()
            }
        }
        let bytes = Array(text.utf8)
        let parsed = try bytes.withUnsafeBufferPointer { buffer in
            var parser = CSVParser(bytes: buffer)
            var records: [[String]] = []
            while try parser.nextRecord() {
                records.append((0..<parser.fieldCount).map { String(decoding: parser.field($0), as: UTF8.self) })
            }
            return records
        }
        #expect(parsed == [(1...8).map { "c\($0)" }] + rows)
    }
}

@Suite struct CSVTextTests {
    @Test func aDownloadIsQuotedByTheFileRule() {
        // The web's downloads are made in memory with the writer's own rule: a carriage return quotes too.
        #expect(CSVWriter.text([["a,b", "c\rd", "e\"f", "g\nh", "plain", ""]]) == "\"a,b\",\"c\rd\",\"e\"\"f\",\"g\nh\",plain,\n")
        #expect(CSVWriter.text([["x", "y"], ["1", "2"]]) == "x,y\n1,2\n")
        #expect(CSVWriter.text([]) == "")
    }
}
