import ArgumentParser
import Foundation
import TandemContract
import TandemDemo
import TandemDomain
import TandemServices
import TandemStorage

/// `tandem bench …`: speed measurements that print figures (never a timed test).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Tandem's speed on the demo partnership.",
        subcommands: [Import.self, Compute.self]
    )

    /// `tandem bench import`: generate the demo, load both districts into a fresh database with every
    /// check on, and compare with the `sqlite3` shell's `.import` of the same files (no checks at all).
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Time the load of the demo (rows/s per file and in total, peak memory) against sqlite3 .import."
        )

        @Option(help: "Reuse (or keep) the generated demo in this folder instead of a temporary one.")
        var data: String?

        @Option(help: "The sqlite3 shell to compare with.")
        var sqlite3 = "/usr/bin/sqlite3"

        func run() async throws {
            let fileManager = FileManager.default
            let scratch = fileManager.temporaryDirectory.appendingPathComponent("tandem-bench-\(ProcessInfo.processInfo.processIdentifier)").path
            try fileManager.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            defer { try? fileManager.removeItem(atPath: scratch) }
            let folder = data ?? (scratch as NSString).appendingPathComponent("demo")
            if !fileManager.fileExists(atPath: (folder as NSString).appendingPathComponent("LBUSD/students.csv")) {
                let started = ContinuousClock.now
                let summaries = try await DemoGenerator().generate(into: folder)
                let rows = summaries.reduce(0) { $0 + $1.rows.values.reduce(0, +) }
                print("generated \(rows.grouped) rows in \((ContinuousClock.now - started).seconds.formatted(decimals: 2)) s")
            }

            let store = try SQLiteStore(path: (scratch as NSString).appendingPathComponent("bench.sqlite"))
            print("\nTandem import (every check on), machine with \(ProcessInfo.processInfo.activeProcessorCount) cores")
            print(
                "  \(padded("district/file", 26))\(padded("rows", 12, right: true))\(padded("check s", 9, right: true))\(padded("write s", 9, right: true))\(padded("rows/s", 12, right: true))"
            )
            var totalRows = 0
            var totalSeconds = 0.0
            for district in DemoGenerator.districts {
                let report = try await ImportService(store: store).load(
                    district: district,
                    folder: (folder as NSString).appendingPathComponent(district)
                )
                guard report.loaded else { throw ValidationError("the demo did not load: \(report.errors.kept.prefix(3))") }
                for file in report.files {
                    let seconds = file.checkSeconds + file.writeSeconds
                    print(
                        "  \(padded("\(district)/\(file.fileName)", 26))\(padded(file.rows.grouped, 12, right: true))\(padded(file.checkSeconds.formatted(decimals: 2), 9, right: true))\(padded(file.writeSeconds.formatted(decimals: 2), 9, right: true))\(padded(Int(Double(file.rows) / max(seconds, 1e-9)).grouped, 12, right: true))"
                    )
                }
                let seconds = report.readSeconds + report.writeSeconds
                print(
                    "  \(padded("\(district) references", 26))\(padded("", 12))\(padded(report.referenceSeconds.formatted(decimals: 2), 9, right: true))"
                )
                print(
                    "  \(padded("\(district) (wall)", 26))\(padded(report.totalRows.grouped, 12, right: true))\(padded(report.readSeconds.formatted(decimals: 2), 9, right: true))\(padded(report.writeSeconds.formatted(decimals: 2), 9, right: true))\(padded(Int(Double(report.totalRows) / seconds).grouped, 12, right: true))"
                )
                totalRows += report.totalRows
                totalSeconds += seconds
            }
            let tandemRate = Double(totalRows) / totalSeconds
            print(
                "  \(padded("total", 26))\(padded(totalRows.grouped, 12, right: true))\(padded(totalSeconds.formatted(decimals: 2) + " s", 18, right: true))\(padded(Int(tandemRate).grouped, 12, right: true))"
            )
            print("  peak memory (resident): \(peakMemoryMiB()) MiB")

            guard fileManager.isExecutableFile(atPath: sqlite3) else {
                print("\n\(sqlite3) not found: no comparison (apt-get install sqlite3)")
                return
            }
            let seconds = try sqliteImport(folder: folder, database: (scratch as NSString).appendingPathComponent("plain.sqlite"))
            let rate = Double(totalRows) / seconds
            print("\nsqlite3 .import of the same files (no checks, text columns): \(seconds.formatted(decimals: 2)) s, \(Int(rate).grouped) rows/s")
            print("Tandem takes \((totalSeconds / seconds).formatted(decimals: 2))× the time of sqlite3 .import")
        }

        /// Loads every file with the sqlite3 shell into untyped tables, in one transaction, and times it.
        private func sqliteImport(folder: String, database: String) throws -> Double {
            var script = "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\nBEGIN;\n"
            for district in DemoGenerator.districts {
                for file in ["schools", "students", "enrollments", "assessments", "courses", "outcomes"] {
                    script += ".import --csv --skip 1 \((folder as NSString).appendingPathComponent("\(district)/\(file).csv")) \(file)\n"
                }
            }
            script += "COMMIT;\n"
            let schema = ["schools": 6, "students": 6, "enrollments": 12, "assessments": 11, "courses": 14, "outcomes": 6]
                .map { name, columns in "CREATE TABLE \(name) (\((1...columns).map { "c\($0)" }.joined(separator: ", ")));" }
                .joined(separator: "\n")
            try run([database, schema])
            let started = ContinuousClock.now
            try run([database], input: script)
            return (ContinuousClock.now - started).seconds
        }

        private func run(_ arguments: [String], input: String? = nil) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: sqlite3)
            process.arguments = arguments
            let pipe = Pipe()
            if input != nil { process.standardInput = pipe }
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            if let input {
                pipe.fileHandleForWriting.write(Data(input.utf8))
                try pipe.fileHandleForWriting.close()
            }
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw ValidationError("sqlite3 failed with status \(process.terminationStatus)") }
        }
    }
}

/// The process's peak resident memory in MiB: `VmHWM` from `/proc/self/status`. (`getrusage`'s maxrss
/// would not do for a spawned child: Linux carries the parent's peak into it across the exec.)
func peakMemoryMiB() -> Int {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
    {
        return kilobytes / 1024
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) / 1024
}
