import ArgumentParser
import Foundation
import TandemContract
import TandemDomain
import TandemPorts
import TandemServices
import TandemStorage

/// `tandem compute`: the whole indicator cube from the stored records, stored for pages and exports.
struct ComputeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute",
        abstract: "Compute every indicator for every year, district, school and student group, and store the values.",
        discussion: """
            The built-in MOU library (docs/indicator-definitions.md) is always computed. --indicators sets the \
            partnership's own definitions (an indicator with a built-in id replaces it) and --tests its own \
            test catalog (a test with a built-in id replaces it: levels, the proficient level, standard_met; \
            docs/test-catalog.md): both are kept in the database and used by every later computation until \
            replaced (--built-in-only drops them); so are each district's parameters for the student lists \
            (--list-parameters, docs/list-definitions.md). A definition naming a test the catalog does not hold is an \
            error. The minimum group size is the partnership's setting: give it once and it is remembered.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(
        name: .customLong("indicators"),
        help: ArgumentHelp("The partnership's indicator definition file (repeatable; replaces the stored ones).", valueName: "file")
    )
    var indicatorFiles: [String] = []

    @Option(
        name: .customLong("tests"),
        help: ArgumentHelp("The partnership's test catalog file (repeatable; replaces the stored ones).", valueName: "file")
    )
    var testFiles: [String] = []

    @Option(
        name: .customLong("list-parameters"),
        help: ArgumentHelp("Each district's parameters for the student lists (repeatable; replaces the stored ones).", valueName: "file")
    )
    var listParameterFiles: [String] = []

    @Flag(help: "Drop the partnership's stored definitions, tests and list parameters: compute the built-in ones only.")
    var builtInOnly = false

    @Option(help: "The partnership's minimum group size for anything shown outside a district (default: the stored setting, else 11).")
    var minimumGroupSize: Int?

    @Flag(help: "List the years each indicator has a value in each district (without it, only the indicators with none).")
    var coverage = false

    func run() async throws {
        guard (indicatorFiles.isEmpty && testFiles.isEmpty && listParameterFiles.isEmpty) || !builtInOnly else {
            let given = !indicatorFiles.isEmpty ? "indicators" : !testFiles.isEmpty ? "tests" : "list-parameters"
            throw UsageError("--\(given) and --built-in-only contradict each other")
        }
        let files = try ComputeService.readDefinitionFiles(indicatorFiles)
        let tests = try ComputeService.readDefinitionFiles(testFiles, what: "test catalog")
        // A bad file is rejected before the database is touched (whether a definition's tests are in the
        // catalog also depends on the stored tests, so that is checked once the database is open).
        for file in files { _ = try IndicatorLibraryFile.read(file.data, file: file.file) }
        _ = try ComputeService.catalog(extra: tests)
        let listParameters = try ComputeService.readDefinitionFiles(listParameterFiles, what: "list parameters")
        _ = try ComputeService.listParameters(listParameters)
        let store = try SQLiteStore(path: database.db)
        let service = ComputeService(store: store)
        if builtInOnly {
            try await service.replaceDefinitions(indicators: [], tests: [], listParameters: [])
        } else if !files.isEmpty || !tests.isEmpty || !listParameters.isEmpty {
            func given(_ files: [(data: Data, file: String)]) -> [(data: Data, file: String)]? { files.isEmpty ? nil : files }
            try await service.replaceDefinitions(indicators: given(files), tests: given(tests), listParameters: given(listParameters))
        }
        try await ComputeRunner.compute(
            store: store,
            library: try await service.partnershipLibrary(),
            minimumGroupSize: minimumGroupSize,
            everyIndicator: coverage
        )
    }
}

/// Runs a computation with a progress line and prints its summary (shared with `tandem demo`).
enum ComputeRunner {
    @discardableResult
    static func compute(
        store: SQLiteStore,
        library: IndicatorLibrary,
        minimumGroupSize: Int? = nil,
        everyIndicator: Bool = false
    ) async throws -> ComputeService.Report {
        let report = try await ComputeService(store: store).run(library: library, minimumGroupSize: minimumGroupSize) { step in
            Terminal.shared.progress(step)
        }
        Terminal.shared.clearProgress()
        func hidden(_ reason: SuppressionReason) -> String { (report.hidden[reason] ?? 0).grouped }
        let total = report.loadSeconds + report.cubeSeconds + report.suppressionSeconds + report.listSeconds + report.storeSeconds
        print(
            """
            Computed \(report.indicators) indicators (\(report.computation.definitionVersion)) over \(report.districts) districts: \
            \(report.values.grouped) values and \(report.cohortValues.grouped) matched-cohort values \
            (\(report.suppressed.grouped) suppressed outside their district at minimum group size \(report.computation.minimumGroupSize)); \
            \(report.listMembers.grouped) students on the student lists (docs/list-definitions.md), every year, \
            counted in \(report.listCounts.grouped) list counts (\(report.listCountsHidden.grouped) hidden outside their district, \
            \(report.listCountsUnprotectable.grouped) small ones no suppression protects).
              hidden: \(hidden(.smallGroup)) small groups · \(hidden(.complementary)) to protect them within a breakdown · \
            \(hidden(.linkedAudit)) to protect them across breakdowns (\(report.hiddenShare.formatted(decimals: 1))% of values hidden), \
            and \(hidden(.emptyGroup)) empty groups of their places shown as hidden; \
            \(report.unprotectable.grouped) small groups no suppression protects from every reader (docs/suppression.md, "Limits")
              read \(report.records.grouped) records \(report.loadSeconds.formatted(decimals: 2)) s · cube \(report.cubeSeconds.formatted(decimals: 2)) s · \
            suppression \(report.suppressionSeconds.formatted(decimals: 2)) s · lists \(report.listSeconds.formatted(decimals: 2)) s · store \(report.storeSeconds.formatted(decimals: 2)) s · \
            total \(total.formatted(decimals: 2)) s
              \(Int(Double(report.values + report.cohortValues) / report.cubeSeconds).grouped) values/s in the cube; \
            \(Int(Double(report.records) / report.loadSeconds).grouped) records/s read; peak memory \(peakMemoryMiB().grouped) MiB
            """
        )
        printCoverage(report.coverage, everyIndicator: everyIndicator)
        return report
    }

    /// Per district, how many indicators have values and why each that has none has none (with
    /// `everyIndicator`, each indicator's years too).
    static func printCoverage(_ coverage: Coverage, everyIndicator: Bool) {
        let width = (coverage.rows.map(\.indicator.count).max() ?? 0) + 2
        for district in Set(coverage.rows.map(\.district)).sorted() {
            let rows = coverage.rows.filter { $0.district == district }
            let measured = rows.count { !$0.years.isEmpty }
            print(
                "  \(district): \(measured) of \(rows.count) indicators have values\(measured == rows.count || everyIndicator ? "" : "; none for:")"
            )
            for row in rows where everyIndicator || row.why != nil {
                print("    \(padded(row.indicator, width))\(row.why.map { "none: \($0)" } ?? row.years.yearSpan)")
            }
        }
    }
}
