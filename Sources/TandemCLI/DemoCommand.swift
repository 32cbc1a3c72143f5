import ArgumentParser
import Foundation
import TandemDemo
import TandemDomain
import TandemServices
import TandemStorage

/// `tandem demo`: the calibrated two-district demo partnership.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate the synthetic FUSD–LBUSD partnership, load it and check it against the published figures.",
        subcommands: [Run.self, Generate.self, Check.self],
        defaultSubcommand: Run.self
    )

    /// `tandem demo` (no subcommand): generate into a temporary folder if the database lacks the demo,
    /// load both districts, and print what was loaded and how it compares with the published figures.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Generate (if needed), load and check the demo.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Seed of the synthetic records.")
        var seed: UInt64 = DemoGenerator.defaultSeed

        @Flag(help: "Generate and load again even if the database already holds this demo.")
        var force = false

        @Flag(help: "Stop after the check instead of serving the dashboards.")
        var noServe = false

        @OptionGroup var server: ServerOptions

        func run() async throws {
            let store = try SQLiteStore(path: database.db)
            let service = DemoService(store: store)
            if !force, try await service.isLoaded(seed: seed) {
                print("The demo (seed \(seed)) is already loaded in \(database.db).")
            } else {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-demo-\(ProcessInfo.processInfo.processIdentifier)")
                    .path
                defer { try? FileManager.default.removeItem(atPath: folder) }
                print("Generating the synthetic FUSD and LBUSD records (2005–06 to 2010–11 calibrated, 2014–15 to 2023–24 for the Dashboard era)…")
                let started = Date()
                let summaries = try await generateDemo(seed: seed, into: folder)
                let rows = summaries.reduce(0) { $0 + $1.rows.values.reduce(0, +) }
                print("Generated \(rows.grouped) rows in \(Date().timeIntervalSince(started).formatted(decimals: 1)) s.")
                for summary in summaries {
                    let report = try await ImportRunner.load(store: store, district: summary.district, folder: summary.folder)
                    ImportRunner.print(report, maxErrors: 20)
                    guard report.loaded else { throw ExitCode(1) }
                }
                try await service.markLoaded(seed: seed)
            }
            let library = try await ComputeService(store: store).replaceDefinitions(indicators: [try DemoGenerator.indicatorDefinitions])
            let stale = try await ComputeService(store: store).isStale(definitionVersion: library.version)
            if force || stale {
                print("\nComputing the indicators…")
                try await ComputeRunner.compute(store: store, library: library)
            }
            try await CheckPrinter.printCalibration(store: store)
            print("\nThe records are synthetic: invented students, calibrated to published district figures.")
            let accounts = try await service.ensureAccounts(access: AccessService(store: store))
            try await service.ensureFrameworkAndTargets()
            print("\nDemo accounts (password for each: \(accounts.password)):")
            for identity in accounts.identities {
                let scope = [identity.district, identity.schools.isEmpty ? nil : "school " + identity.schools.sorted().joined(separator: ", ")]
                print("  \(padded(identity.username, 16))\(identity.role.title)\(scope.compactMap { $0 }.map { ", " + $0 }.joined())")
            }
            if !noServe { try await server.serve(store: store) }
        }
    }

    /// `tandem demo generate DIR`: write the demo's CSV files, one folder per district.
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write the demo districts' CSV files into DIR/FUSD and DIR/LBUSD."
        )

        @Option(help: "Seed of the synthetic records.")
        var seed: UInt64 = DemoGenerator.defaultSeed

        @Argument(help: "The folder to write into.")
        var folder: String

        func run() async throws {
            let started = Date()
            let summaries = try await generateDemo(seed: seed, into: folder)
            for summary in summaries {
                print("\(summary.district) → \(summary.folder)")
                for (file, rows) in summary.rows.sorted(by: { $0.key < $1.key }) {
                    print("  \(padded(file, 18))\(padded(rows.grouped, 12, right: true))")
                }
            }
            print("Done in \(Date().timeIntervalSince(started).formatted(decimals: 1)) s.")
        }
    }

    /// `tandem demo check`: measure the loaded demo against every published figure.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Compare the loaded demo with the published figures.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let store = try SQLiteStore(path: database.db)
            let failures = try await CheckPrinter.printCalibration(store: store)
            if failures > 0 { throw ExitCode(1) }
        }
    }
}

enum CheckPrinter {
    @discardableResult
    static func printCalibration(store: SQLiteStore) async throws -> Int {
        guard try await ComputeService(store: store).latestComputation() != nil else {
            throw UsageError("no indicator values are stored: run `tandem demo` (or `tandem compute`) first")
        }
        let results = try await ComputedCalibration(store: store).run()
        print("\nPublished figures, reproduced by the computed indicators:")
        print(
            "  \(padded("district", 9))\(padded("year", 9))\(padded("figure", 52))\(padded("published", 11, right: true))\(padded("measured", 11, right: true))"
        )
        for result in results {
            let figure = result.figure
            let published = figure.decimals == nil ? Int(figure.value).grouped : figure.value.formatted(decimals: figure.decimals ?? 1)
            let measured = figure.decimals == nil ? Int(result.measured).grouped : result.measured.formatted(decimals: (figure.decimals ?? 1) + 1)
            let detail = result.detail.isEmpty ? "" : "  (\(result.detail))"
            print(
                "  \(padded(figure.district, 9))\(padded(schoolYearLabel(figure.year), 9))\(padded(figure.measure.description, 52))\(padded(published, 11, right: true))\(padded(measured, 11, right: true))  \(result.passed ? "ok" : "DIFFERS")\(detail)"
            )
        }
        let failures = results.filter { !$0.passed }.count
        print(failures == 0 ? "All \(results.count) figures reproduced." : "\(failures) of \(results.count) figures differ.")
        return failures
    }
}

/// Generates the demo with a progress line on a terminal.
func generateDemo(seed: UInt64, into folder: String) async throws -> [DemoGenerator.DistrictSummary] {
    let summaries = try await DemoGenerator(seed: seed).generate(into: folder) { district, year in
        Terminal.shared.progress("generating \(district) \(schoolYearLabel(year))")
    }
    Terminal.shared.clearProgress()
    return summaries
}
