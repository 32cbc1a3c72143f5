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
        subcommands: [Indicators.self, Cohorts.self, Lists.self, ListCounts.self]
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

        @OptionGroup var options: ExportOptions

        func run() async throws {
            let rows = try await ExportService(store: options.store()).exportIndicators(
                to: options.out,
                audience: options.audience.audience,
                district: options.district
            )
            print("Wrote \(rows.grouped) values to \(options.out) (audience: \(options.audience.rawValue)).")
        }
    }

    /// `tandem export cohorts --out FILE.csv [--audience district|partnership|public]`.
    struct Cohorts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cohorts",
            abstract: "Every computed matched-cohort value as CSV (the indicator export's columns, start_year after indicator).",
            discussion: """
                a row is the students of the indicator's grade in start_year, measured in school_year wherever \
                they are in the district; each audience sees what it sees in the indicator export.
                """
        )

        @OptionGroup var options: ExportOptions

        func run() async throws {
            let rows = try await ExportService(store: options.store()).exportCohorts(
                to: options.out,
                audience: options.audience.audience,
                district: options.district
            )
            print("Wrote \(rows.grouped) matched-cohort values to \(options.out) (audience: \(options.audience.rawValue)).")
        }
    }
}

extension ExportCommand {
    /// `tandem export list-counts --out FILE.csv [--audience district|partnership]`.
    struct ListCounts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list-counts",
            abstract: "How many students each student list holds, by year, school and group, as CSV.",
            discussion: """
                columns list,school_year,district_code,school_code,group,students,suppressed; a partnership export \
                blanks every count the small-group rule hides, as the indicator export does; a district export \
                holds one district's counts, unsuppressed. There is no public export of the lists.
                """
        )

        @OptionGroup var options: ExportOptions

        func run() async throws {
            let rows = try await ExportService(store: options.store()).exportListCounts(
                to: options.out,
                audience: options.audience.audience,
                district: options.district
            )
            print("Wrote \(rows.grouped) list counts to \(options.out) (audience: \(options.audience.rawValue)).")
        }
    }
}

/// What every export asks: the database, the file, and who it is for.
struct ExportOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The CSV file to write.", valueName: "file"))
    var out: String

    @Option(help: "Who the file is for: district, partnership or public.")
    var audience: ExportAudience = .partnership

    @Option(help: "The district whose staff a district export is for (needed when several are stored).")
    var district: String?

    func store() throws -> SQLiteStore {
        guard FileManager.default.fileExists(atPath: database.db) else { throw UsageError("no database at \(database.db)") }
        return try SQLiteStore(path: database.db)
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
