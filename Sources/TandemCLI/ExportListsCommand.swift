import ArgumentParser
import Foundation
import TandemDomain
import TandemServices
import TandemStorage

extension ExportCommand {
    /// `tandem export lists --district CODE --out FILE.csv`.
    struct Lists: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lists",
            abstract: "Every student on every list of one district, every year, as CSV (for the district's own staff).",
            discussion: """
                columns list,school_year,district_code,school_code,student_id,grade,reason, one row per student \
                on a list in a year, by list, year, school and student (docs/list-definitions.md). Student-level: \
                a district's own file, never shared.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("The CSV file to write.", valueName: "file"))
        var out: String

        @Option(help: "The district whose lists to write.")
        var district: String

        func run() async throws {
            guard FileManager.default.fileExists(atPath: database.db) else { throw UsageError("no database at \(database.db)") }
            let rows = try await ExportService(store: try SQLiteStore(path: database.db)).exportLists(to: out, district: district)
            print("Wrote \(rows.grouped) list rows of \(district) to \(out) (student-level: for \(district)'s own staff).")
        }
    }
}
