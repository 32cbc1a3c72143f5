import ArgumentParser
import Foundation
import TandemContract
import TandemServices
import TandemStorage

/// `tandem import --district CODE DIR`: load one district's folder of contract files.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a district's student records (a folder of data-contract CSV files).",
        discussion: """
            Everything is checked before anything is written: if any row is wrong, nothing is loaded and \
            every error is listed as file:line: column: message. Exit status: 0 loaded, 1 rejected, 2 usage error.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The district the files are for; every row must name it.")
    var district: String

    @Option(help: "How many errors to list before only counting the rest.")
    var maxErrors = 50

    @Argument(help: "The folder holding schools.csv, students.csv, enrollments.csv and the optional files.")
    var folder: String

    func run() async throws {
        try ImportService.checkFolder(district: district, folder: folder)
        let store = try SQLiteStore(path: database.db)
        let report = try await ImportRunner.load(store: store, district: district, folder: folder)
        ImportRunner.print(report, maxErrors: maxErrors)
        if !report.loaded { throw ExitCode(1) }
    }
}

/// Runs a load with a progress line and prints its one-screen summary; shared by `import` and `demo`.
enum ImportRunner {
    static func load(store: SQLiteStore, district: String, folder: String) async throws -> ImportReport {
        let terminal = Terminal.shared
        let report = try await ImportService(store: store).load(district: district, folder: folder) { event in
            switch event {
            case .reading(let file, let rows): terminal.progress("\(district): reading \(file) \(rows.grouped) rows")
            case .checkingReferences: terminal.progress("\(district): checking schools and students")
            case .writing(let file, let rows, let total): terminal.progress("\(district): writing \(file) \(rows.grouped) of \(total.grouped)")
            }
        }
        terminal.clearProgress()
        return report
    }

    static func print(_ report: ImportReport, maxErrors: Int) {
        let terminal = Terminal.shared
        if !report.loaded {
            terminal.error(
                "Rejected: \(report.district) was not loaded and nothing was written. \(report.errors.total.grouped) error\(report.errors.total == 1 ? "" : "s"):"
            )
            let order = report.files.map(\.fileName)
            for issue in report.errors.sorted(fileOrder: order).prefix(maxErrors) { terminal.error(issue.description) }
            let shown = min(maxErrors, report.errors.kept.count)
            if report.errors.total > shown { terminal.error("… and \((report.errors.total - shown).grouped) more") }
            printWarnings(report)
            return
        }
        let seconds = report.readSeconds + report.writeSeconds
        Swift.print(
            "Loaded \(report.district): \(report.totalRows.grouped) rows in \(seconds.formatted(decimals: 1)) s (checked \(report.readSeconds.formatted(decimals: 1)) s, written \(report.writeSeconds.formatted(decimals: 1)) s)"
        )
        Swift.print("  \(padded("file", 18))\(padded("rows", 12, right: true))  years")
        for file in report.files {
            Swift.print(
                "  \(padded(file.fileName, 18))\(padded(file.rows.grouped, 12, right: true))  \(file.years.isEmpty ? "" : file.years.yearSpan)"
            )
        }
        if report.rowsWithoutEnrollment > 0 {
            Swift.print(
                "  \(report.rowsWithoutEnrollment.grouped) assessment or course rows have no enrollment row for their year: they count at district level only."
            )
        }
        printWarnings(report)
    }

    private static func printWarnings(_ report: ImportReport) {
        guard !report.warnings.isEmpty else { return }
        let terminal = Terminal.shared
        terminal.error("\(report.warnings.total.grouped) warning\(report.warnings.total == 1 ? "" : "s"):")
        for issue in report.warnings.sorted(fileOrder: report.files.map(\.fileName)).prefix(20) { terminal.error("  \(issue)") }
    }
}
