import TandemContract
import Testing

@Suite struct CSVParserTests {
    func records(_ text: String) throws -> [(Int, [String])] {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            var parser = CSVParser(bytes: buffer)
            var records: [(Int, [String])] = []
            while try parser.nextRecord() {
                records.append((parser.recordLine, (0..<parser.fieldCount).map { String(decoding: parser.field($0), as: UTF8.self) }))
            }
            return records
        }
    }

    @Test func plainQuotedEscapedAndEmptyFields() throws {
        let parsed = try records("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n,,\n")
        #expect(parsed.map(\.1) == [["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["", "", ""]])
    }

    @Test func lineNumbersCountPhysicalLines() throws {
        let parsed = try records("h1,h2\r\n\"two\nlines\",x\r\n\r\nlast,y")
        #expect(parsed.map(\.0) == [1, 2, 5])
        #expect(parsed[1].1 == ["two\nlines", "x"])
    }

    @Test func byteOrderMarkIsSkippedAndSpacesTrimmed() throws {
        let parsed = try records("\u{FEFF}id , name\n 7 ,  Ada  \n")
        #expect(parsed.map(\.1) == [["id", "name"], ["7", "Ada"]])
    }

    @Test func strayQuoteIsAnError() throws {
        #expect(throws: CSVParser.SyntaxError(line: 2, message: "a quote inside an unquoted field (quote the whole field and double the quote)")) {
            _ = try records("a,b\n5\" ruler,x\n")
        }
        #expect(throws: CSVParser.SyntaxError(line: 1, message: "unexpected text after a closing quote")) {
            _ = try records("\"a\"b,c\n")
        }
    }

    @Test func utf8CheckFindsTheFirstBadByte() {
        let bytes: [UInt8] = Array("ok\nnaïve ".utf8) + [0xFF] + Array(" end".utf8)
        let invalid = bytes.withUnsafeBufferPointer { UTF8Check.firstInvalidByte($0) }
        #expect(invalid == UTF8Check.InvalidByte(byte: 0xFF, line: 2, column: 7))
        let good = Array("héllo wörld, 日本".utf8)
        #expect(good.withUnsafeBufferPointer { UTF8Check.firstInvalidByte($0) } == nil)
        let overlong: [UInt8] = [0x41, 0xC0, 0x80]
        #expect(overlong.withUnsafeBufferPointer { UTF8Check.firstInvalidByte($0) }?.column == 2)
    }

    @Test func numbersParseFastAndExactly() {
        func number(_ text: String) -> Double? { Array(text.utf8).withUnsafeBufferPointer { parseNumber($0) } }
        #expect(number("350") == 350)
        #expect(number("-12.25") == -12.25)
        #expect(number(".5") == 0.5)
        #expect(number("1e3") == 1000)
        #expect(number("abc") == nil)
        #expect(number("nan") == nil)
        #expect(number(".") == nil)
    }
}
