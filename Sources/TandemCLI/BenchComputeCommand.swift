import ArgumentParser
import Foundation
import TandemContract
import TandemDemo
import TandemDomain
import TandemServices
import TandemStorage

extension BenchCommand {
    /// `tandem bench compute --students N`: a synthetic partnership of N students per district (the demo
    /// generator, scaled), loaded, then computed by a child `tandem compute` (which reports its own peak
    /// memory); then the same cube by DuckDB SQL over the same CSV files, when DuckDB is installed.
    struct Compute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compute",
            abstract: "Time reading the records into memory and computing the whole cube, against DuckDB SQL."
        )

        @Option(help: "Enrolled students per district and year (the demo districts have about 80,000).")
        var students: Int = 1_000_000

        @Option(help: "Keep (or reuse) the generated files and the loaded database in this folder.")
        var data: String?

        @Option(help: "The DuckDB comparison script (run with python3; skipped when DuckDB is not installed).")
        var duckdbScript = "bench/duckdb_cube.py"

        func run() async throws {
            guard students >= 1_000 else { throw ValidationError("--students must be at least 1000") }
            let fileManager = FileManager.default
            let scratch = fileManager.temporaryDirectory.appendingPathComponent("tandem-bench-compute-\(ProcessInfo.processInfo.processIdentifier)")
                .path
            let folder = data ?? scratch
            try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { if data == nil { try? fileManager.removeItem(atPath: scratch) } }
            let csv = (folder as NSString).appendingPathComponent("csv-\(students)")
            let database = (folder as NSString).appendingPathComponent("bench-\(students).sqlite")

            print(
                "Synthetic partnership: \(students.grouped) students per district and year, 2 districts, 6 years; \(ProcessInfo.processInfo.activeProcessorCount) cores"
            )
            if !fileManager.fileExists(atPath: (csv as NSString).appendingPathComponent("LBUSD/outcomes.csv")) {
                let started = ContinuousClock.now
                // The six calibrated years only, so figures stay comparable with earlier runs and DuckDB's.
                let summaries = try await DemoGenerator(studentsPerDistrict: students, includesLaterYears: false).generate(into: csv) {
                    district,
                    year in
                    Terminal.shared.progress("generating \(district) \(schoolYearLabel(year))")
                }
                Terminal.shared.clearProgress()
                let rows = summaries.reduce(0) { $0 + $1.rows.values.reduce(0, +) }
                print("  generated \(rows.grouped) rows in \((ContinuousClock.now - started).seconds.formatted(decimals: 1)) s")
                try? fileManager.removeItem(atPath: database)
            }
            if !fileManager.fileExists(atPath: database) {
                let started = ContinuousClock.now
                let store = try SQLiteStore(path: database)
                for district in DemoGenerator.districts {
                    let report = try await ImportService(store: store).load(
                        district: district,
                        folder: (csv as NSString).appendingPathComponent(district)
                    ) { _ in }
                    guard report.loaded else { throw ValidationError("the synthetic \(district) did not load: \(report.errors.kept.prefix(3))") }
                }
                try await store.close()
                print("  imported in \((ContinuousClock.now - started).seconds.formatted(decimals: 1)) s")
            }

            print("\nTandem (tandem compute, a child process):")
            // The child reports its own peak memory: a spawned child's rusage starts from its parent's.
            let output = try runChild(CommandLine.arguments[0], ["compute", "--db", database])
            print(output.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))

            print("\nDuckDB (a GROUPING SETS query per indicator over the same CSV files):")
            guard fileManager.fileExists(atPath: duckdbScript) else {
                print("  \(duckdbScript) not found (run from the package folder)")
                return
            }
            do {
                let duck = try runChild("/usr/bin/env", ["python3", duckdbScript, csv])
                print(duck.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            } catch {
                print("  not run: \(error) (pip install duckdb)")
            }
        }

        /// Runs a program to the end and returns its standard output.
        private func runChild(_ program: String, _ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ValidationError(
                    "\((program as NSString).lastPathComponent) \(arguments.first ?? "") exited with status \(process.terminationStatus)"
                )
            }
            return String(decoding: output, as: UTF8.self)
        }
    }
}
