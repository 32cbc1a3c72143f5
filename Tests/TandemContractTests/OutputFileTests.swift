import Foundation
import TandemContract
import TandemDomain
import Testing

/// A file written whole or not at all: only a regular file (or nothing) is ever replaced, by rename; a
/// failure leaves the destination as it was and no temporary file; a full disk is an error, not a trap.
@Suite struct OutputFileTests {
    /// A fresh folder of its own.
    private func scratchFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("output-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }

    private func write(_ path: String, rows: Int = 1) async throws -> Int {
        try await OutputFile.writeCSV(to: path, header: ["a"]) { writer in
            for row in 0..<rows {
                writer.field(row)
                writer.endRow()
            }
        }
    }

    private func contents(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test func aFileIsWrittenOrReplacedWholeWithNothingLeftBeside() async throws {
        let folder = try scratchFolder()
        let path = folder + "/out.csv"
        #expect(try await write(path, rows: 2) == 2)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a\n0\n1\n")
        #expect(try await write(path, rows: 1) == 1)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a\n0\n")
        #expect(try contents(folder) == ["out.csv"])
    }

    @Test func aFolderIsRefusedAndKeptWithWhatIsInIt() async throws {
        let folder = try scratchFolder()
        let target = folder + "/results"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: target + "/precious.txt"))
        await #expect(throws: InputError("\(target) is a folder: give the name of a file to write")) { try await write(target) }
        #expect(try contents(target) == ["precious.txt"])
        #expect(try contents(folder) == ["results"])
    }

    @Test func aLinkAFifoAndADeviceAreRefusedUntouched() async throws {
        let folder = try scratchFolder()
        let real = folder + "/real.csv"
        try Data("before".utf8).write(to: URL(fileURLWithPath: real))
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.csv", withDestinationPath: real)
        #expect(mkfifo(folder + "/pipe", 0o600) == 0)
        for path in [folder + "/link.csv", folder + "/pipe", "/dev/null"] {
            await #expect(throws: InputError.self) { try await write(path) }
        }
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "before")
        #expect(try contents(folder) == ["link.csv", "pipe", "real.csv"])
    }

    @Test func aMissingFolderIsSaidSo() async throws {
        let folder = try scratchFolder()
        await #expect(throws: InputError("\(folder)/nope/out.csv: there is no folder \(folder)/nope")) {
            try await write(folder + "/nope/out.csv")
        }
    }

    @Test func aFailureLeavesTheOldFileAndNoTemporaryOne() async throws {
        struct Stop: Error {}
        let folder = try scratchFolder()
        let path = folder + "/out.csv"
        try Data("before".utf8).write(to: URL(fileURLWithPath: path))
        await #expect(throws: Stop.self) {
            try await OutputFile.writeCSV(to: path, header: ["a"]) { writer in
                writer.field("half")
                writer.endRow()
                throw Stop()
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "before")
        #expect(try contents(folder) == ["out.csv"])
    }

    /// `/dev/full` answers every write with ENOSPC, as a full disk does.
    @Test func aFullDiskIsAnErrorAtCloseNotATrap() throws {
        let writer = try CSVWriter(path: "/dev/full", header: ["a"])
        for row in 0..<300_000 {  // more than the 1 MiB buffer, so a write happens before close
            writer.field(row)
            writer.endRow()
        }
        #expect(throws: OutputFile.Problem.self) { try writer.close() }
        do { try writer.close() } catch { Issue.record("a second close is a no-op, yet it threw \(error)") }
    }
}
