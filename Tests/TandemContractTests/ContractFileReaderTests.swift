import TandemContract
import Testing

@Suite struct ContractFileReaderTests {
    /// A courses file whose titles hold commas, quotes and line breaks, so piece boundaries must respect quotes.
    static let courses: String = {
        var text = "district_code,student_id,school_year,school_code,term,course_code,course_title,grade_level,mark\n"
        for row in 0..<400 {
            let title = row % 3 == 0 ? "\"Art, \"\"Studio\"\"\nsection \(row)\"" : "Course \(row)"
            text += "D,S\(row),2011,100,S1,C\(row),\(title),\(9 + row % 4),\(row % 5 == 0 ? "C-" : "B")\n"
        }
        return text
    }()

    func read(_ text: String, pieceSize: Int) -> ContractFileReader.Result {
        var reader = ContractFileReader(spec: DataContract.courses, district: "D")
        reader.pieceSize = pieceSize
        return Array(text.utf8).withUnsafeBufferPointer { reader.read($0) }
    }

    @Test func piecesReadInParallelGiveTheSameRowsAndLines() throws {
        let whole = read(Self.courses, pieceSize: 1 << 30)
        let pieces = read(Self.courses, pieceSize: 200)
        #expect(whole.errors.isEmpty && pieces.errors.isEmpty)
        let a = try #require(whole.file)
        let b = try #require(pieces.file)
        #expect(a.rowCount == 400 && b.rowCount == 400)
        #expect(a.lines == b.lines)
        // Row 399 starts after the header, 399 rows and the 133 line breaks inside earlier titles.
        #expect(a.lines.last == 534)
        for row in [0, 3, 131, 399] {
            #expect(a.text("course_title", row: row) == b.text("course_title", row: row))
        }
        #expect(b.text("course_title", row: 3) == "Art, \"Studio\"\nsection 3")
    }

    @Test func errorsInEveryPieceAreReportedWithTheirLines() {
        var text = Self.courses
        text += "D,S900,2011,100,S9,C900,Bad term,9,B\n"
        text += "D,S901,2011,100,S1,C901,Bad grade,13,B\n"
        let result = read(text, pieceSize: 200)
        #expect(
            result.errors.kept.map(\.description) == [
                "courses.csv:536: term: unknown code \"S9\" (expected one of S1, S2, FY, T1, T2, T3, Q1, Q2, Q3, Q4, SUM)",
                "courses.csv:537: grade_level: unknown grade \"13\" (expected TK, KN, K or 1–12)",
            ]
        )
    }

    /// The log counts every issue by its kind (file, column, message without the values it quotes), so
    /// a report can say what is wrong how often, however many issues it keeps in full.
    @Test func issuesAreTalliedByKind() {
        var text = Self.courses
        for row in 0..<30 { text += "D,X\(row),2011,100,S9,C\(row),Bad term,9,B\n" }
        text += "E,S999,2011,100,S1,C999,Other district,9,B\n"
        var log = IssueLog(cap: 5)
        log.merge(read(text, pieceSize: 200).errors)
        #expect(log.total == 31 && log.kept.count == 5)
        #expect(log.kinds.map(\.count) == [30, 1])
        #expect(log.kinds.first?.kind == "courses.csv term: unknown code \"…\" (expected one of S1, S2, FY, T1, T2, T3, Q1, Q2, Q3, Q4, SUM)")
        #expect(log.kinds.last?.kind == "courses.csv district_code: \"…\" is not the district being loaded (D)")
    }

    /// A value is printed in an error as text a terminal cannot act on, and cut: an escape sequence in a
    /// file must not recolour the terminal, and a huge value must not become a huge line.
    @Test func errorsShowValuesEscapedAndCut() {
        var text = Self.courses
        text += "D,S900,2011,100,S1,C900,Bad,\u{1B}[31m9,B\n"
        text += "D,S901,2011,100,\(String(repeating: "Q", count: 900)),C901,Long,9,B\n"
        text += "D,S902,2011,100,S1,C902,\(String(repeating: "T", count: 300_000)),9,B\n"
        let errors = read(text, pieceSize: 200).errors.kept.map(\.description)
        #expect(errors.count == 3)
        // No field is longer than the contract's longest value allows.
        #expect(errors.last == "courses.csv:538: course_title: holds 300000 bytes; a value of the contract holds at most 1000")
        let cut = errors[1]
        #expect(errors.allSatisfy { !$0.unicodeScalars.contains { $0.value < 0x20 } })
        #expect(errors.first?.contains("\\u{1B}[31m9") == true)
        #expect(cut.count < 200 && cut.contains("QQQ…\""))
        // And whatever a message holds, an issue keeps no more than 1,000 characters of it.
        let huge = ImportIssue(file: "a.csv", line: 2, column: "x", message: "bad value \"\(String(repeating: "Q", count: 5000))\"")
        #expect(huge.description.count < 1100 && huge.description.hasSuffix("… (4012 more characters)"))
    }
}
