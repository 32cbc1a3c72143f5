import ArgumentParser
import Foundation
import TandemContract
import TandemDomain
import TandemServices
import TandemStorage

/// `tandem import --district CODE DIR`: load one district's folder of contract files.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a district's student records (a folder of data-contract CSV files).",
        discussion: """
            Everything is checked before anything is written: if any row is wrong, nothing is loaded and \
            every error is listed as file:line: column: message. With --check the files are checked against \
            what is stored and nothing is written (no database is created). Exit status: 0 loaded (or checked \
            without error), 1 rejected, 2 usage error.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The district the files are for; every row must name it.")
    var district: String

    @Option(help: "How many errors to list before only counting the rest.")
    var maxErrors = 50

    @Flag(help: "Check every file (against what is stored) and write nothing.")
    var check = false

    @Option(help: ArgumentHelp("When rows are wrong, write each file's wrong rows here, with a tandem_error column.", valueName: "folder"))
    var rejects: String?

    @Argument(help: "The folder holding schools.csv, students.csv, enrollments.csv and the optional files.")
    var folder: String

    func run() async throws {
        try ImportService.checkFolder(district: district, folder: folder)
        guard maxErrors >= 0 else { throw UsageError("--max-errors must be 0 or more") }
        let store = try check ? SQLiteStore(checkingAgainst: database.db) : SQLiteStore(path: database.db)
        let report = try await ImportRunner.load(store: store, district: district, folder: folder, write: !check, keepErrors: maxErrors)
        ImportRunner.print(report, maxErrors: maxErrors)
        guard report.errors.isEmpty else {
            if let rejects {
                for (file, rows) in try await RejectedRows.write(report.errors, folder: folder, to: rejects) {
                    Terminal.shared.error(
                        "Wrote \(rows.grouped) rejected row\(rows == 1 ? "" : "s") of \(file) to \((rejects as NSString).appendingPathComponent(file))"
                    )
                }
            }
            throw ExitCode(1)
        }
    }
}

/// Runs a load with a progress line and prints its one-screen summary; shared by `import` and `demo`.
enum ImportRunner {
    static func load(store: SQLiteStore, district: String, folder: String, write: Bool = true, keepErrors: Int = 50) async throws -> ImportReport {
        let terminal = Terminal.shared
        var service = ImportService(store: store)
        service.errorCap = max(service.errorCap, keepErrors)
        let report = try await service.load(district: district, folder: folder, write: write) { event in
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
        if !report.errors.isEmpty {
            let count = "\(report.errors.total.grouped) error\(report.errors.total == 1 ? "" : "s")"
            terminal.error(
                report.checkedOnly
                    ? "Checked \(report.district): \(count) (nothing was written):"
                    : "Rejected: \(report.district) was not loaded and nothing was written. \(count):"
            )
            // What is wrong how often first (one problem on every row is one line here), then where.
            let kinds = report.errors.kinds
            if kinds.count > 1 || report.errors.total > 1 {
                for (kind, count) in kinds.prefix(10) { terminal.error("  \(count.grouped) × \(kind)") }
                if kinds.count > 10 { terminal.error("  … and \(kinds.count - 10) more kinds") }
            }
            let order = report.files.map(\.fileName)
            for issue in report.errors.sorted(fileOrder: order).prefix(maxErrors) { terminal.error(issue.description) }
            let shown = min(maxErrors, report.errors.kept.count)
            if report.errors.total > shown {
                terminal.error("(showing \(shown.grouped) of \(report.errors.total.grouped); --max-errors N shows more)")
            }
            printWarnings(report)
            return
        }
        if report.checkedOnly {
            Swift.print(
                "Checked \(report.district): \(report.totalRows.grouped) rows in \(report.readSeconds.formatted(decimals: 1)) s, no errors. Nothing was written: run without --check to load."
            )
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
                "  \(report.rowsWithoutEnrollment.grouped) assessment or course rows have no enrollment row for their year: they count at district level only (in no school)."
            )
            for file in Set(report.withoutEnrollment.map(\.file)).sorted() {
                let places = report.withoutEnrollment.filter { $0.file == file }
                let shown = places.prefix(12).map {
                    "\($0.year)\($0.grade.map { " grade " + (Grade($0)?.code ?? String($0)) } ?? "") \($0.rows.grouped)"
                }
                Swift.print(
                    "    \(file): \(shown.joined(separator: ", "))\(places.count > shown.count ? ", … (\(places.count - shown.count) more)" : "")"
                )
            }
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
