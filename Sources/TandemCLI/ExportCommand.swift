import ArgumentParser
import Foundation
import TandemDomain
import TandemServices
import TandemStorage

/// `tandem export`: stable files for other tools.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write stored values in a stable format.",
        subcommands: [Indicators.self]
    )

    /// `tandem export indicators --out FILE.csv [--audience district|partnership|public]`.
    struct Indicators: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "indicators",
            abstract: "Every computed indicator value as CSV (the format at the end of indicators.md).",
            discussion: """
                partnership and public exports blank the counts and rate of every cell the small-group rule \
                suppresses, and a public export holds only the indicators the partnership marked public \
                (`tandem public`); a district export holds one district's values, unsuppressed, for its own staff.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("The CSV file to write.", valueName: "file"))
        var out: String

        @Option(help: "Who the file is for: district, partnership or public.")
        var audience: ExportAudience = .partnership

        @Option(help: "The district whose staff a district export is for (needed when several are stored).")
        var district: String?

        func run() async throws {
            guard FileManager.default.fileExists(atPath: database.db) else { throw UsageError("no database at \(database.db)") }
            let store = try SQLiteStore(path: database.db)
            let rows = try await ExportService(store: store).exportIndicators(to: out, audience: audience.audience, district: district)
            print("Wrote \(rows.grouped) values to \(out) (audience: \(audience.rawValue)).")
        }
    }
}

/// The audiences as the command line names them (`district` is the domain's own-district audience).
enum ExportAudience: String, CaseIterable, ExpressibleByArgument {
    case district, partnership, `public`

    var audience: Audience {
        switch self {
        case .district: .ownDistrict
        case .partnership: .partnership
        case .public: .public
        }
    }
}
