public import Foundation
public import TandemContract

/// `tandem import --rejects DIR`: each file's rejected rows, whole, with a `tandem_error` column saying
/// what is wrong with each — so an analyst fixes them in a spreadsheet, puts them back and loads again.
public enum RejectedRows {
    /// Writes, for each file of `folder` with a problem on some row, `folder`'s rows that have one into a
    /// file of the same name in `directory` (created when missing; a file there of that name is replaced).
    /// Returns the rows written per file. A file that cannot be parsed to the end (a quote never closed)
    /// gives the rows before that point.
    public static func write(_ errors: IssueLog, folder: String, to directory: String) async throws -> [(file: String, rows: Int)] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var written: [(file: String, rows: Int)] = []
        for file in errors.filesWithProblems {
            let source = (folder as NSString).appendingPathComponent(file)
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: source), options: .alwaysMapped) else { continue }
            let (lines, messages) = errors.problemLines(in: file)
            guard let header = data.withUnsafeBytes({ Self.header($0.bindMemory(to: UInt8.self)) }) else { continue }
            let rows = try await OutputFile.writeCSV(to: (directory as NSString).appendingPathComponent(file), header: header + ["tandem_error"]) {
                writer in
                data.withUnsafeBytes { raw in
                    var parser = CSVParser(bytes: raw.bindMemory(to: UInt8.self))
                    var next = 0
                    // The header, then each record whose first line has problems.
                    guard (try? parser.nextRecord()) == true else { return }
                    while next < lines.count, (try? parser.nextRecord()) == true {
                        while next < lines.count, lines[next].line < parser.recordLine { next += 1 }
                        guard next < lines.count, lines[next].line == parser.recordLine else { continue }
                        for index in 0..<parser.fieldCount { writer.field(String(decoding: parser.field(index), as: UTF8.self)) }
                        writer.field(messages[lines[next].message])
                        writer.endRow()
                        next += 1
                    }
                }
            }
            written.append((file, rows))
        }
        return written
    }

    private static func header(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        var parser = CSVParser(bytes: bytes)
        guard (try? parser.nextRecord()) == true else { return nil }
        return (0..<parser.fieldCount).map { String(decoding: parser.field($0), as: UTF8.self) }
    }
}
