import ArgumentParser
import Foundation
import TandemAdapters
import TandemDomain

/// `tandem convert edfi|csv`: another layout into contract folders, one per district, `OUT/<district_code>/`.
struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert Ed-Fi interchange XML or CSV extracts (with a mapping file) into data-contract folders.",
        discussion: """
            Writes one folder per district, OUT/<district_code>/, to load with tandem import --district CODE. \
            Prints what it wrote and every source value it could not map (with its count and first line) and \
            every row it dropped, with why. Nothing is half-written: the folders are written aside and moved \
            into place only when complete, and a district folder already there is refused unless --force. \
            Exit status: 0 converted, 1 the input cannot be converted (nothing written), 2 usage error.
            """,
        subcommands: [EdFi.self, CSV.self]
    )

    struct Output: ParsableArguments {
        @Flag(help: "Replace district folders already in OUT.")
        var force = false

        @Argument(help: "The folder to write the district folders into (created when missing).")
        var output: String
    }

    struct EdFi: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edfi",
            abstract: "Ed-Fi Data Standard 4 interchange XML files → one contract folder per LocalEducationAgency.",
            discussion: "Reads every .xml file in DIR. See docs/adapters.md for how descriptors map."
        )

        @Option(
            help: ArgumentHelp(
                "The census day, MM-DD: of several school associations in a year, the one covering it is the enrollment.",
                valueName: "MM-DD"
            )
        )
        var censusDate = "10-01"

        @Argument(help: "The folder of interchange files.")
        var input: String

        @OptionGroup var output: Output

        func run() async throws {
            var adapter = EdFiAdapter()
            let parts = censusDate.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, Day(year: 2000, month: parts[0], day: parts[1]) != nil else {
                throw UsageError("--census-date must be MM-DD, e.g. 10-01")
            }
            (adapter.censusMonth, adapter.censusDay) = (parts[0], parts[1])
            try checkInput(input)
            try ConvertCommand.finish(output) { try adapter.convert(folder: input) }
        }
    }

    struct CSV: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "csv",
            abstract: "CSV extracts → a contract folder, by a mapping file.",
            discussion: "The mapping file's format is in docs/adapters.md; docs/examples/sdp-college-going.mapping.json is one."
        )

        @Option(help: ArgumentHelp("The mapping file (JSON).", valueName: "MAP.json"))
        var mapping: String

        @Argument(help: "The folder holding the source files the mapping names.")
        var input: String

        @OptionGroup var output: Output

        func run() async throws {
            let mapping: CSVMapping
            do { mapping = try CSVMapping.read(path: self.mapping) } catch let problem as MappingProblem { throw UsageError(problem.description) }
            try checkInput(input)
            try ConvertCommand.finish(output) { try CSVMappingAdapter(mapping: mapping).convert(folder: input) }
        }
    }

    /// Converts, writes and prints the report; an input problem is exit status 1 with nothing written.
    static func finish(_ output: Output, _ convert: () throws -> (rows: ContractRows, report: ConversionReport)) throws {
        do {
            var (rows, report) = try convert()
            let folders = try ContractFolderWriter.write(rows, to: output.output, replace: output.force, report: &report)
            print(report.text)
            print("Wrote \(folders.joined(separator: ", ")). Load with: tandem import --district CODE FOLDER")
        } catch let error as ConversionError {
            Terminal.shared.error("error: \(error.description)")
            Terminal.shared.error("Nothing was written.")
            throw ExitCode(1)
        } catch let problem as OutputFolderProblem {
            throw UsageError(problem.description)
        }
    }
}

private func checkInput(_ folder: String) throws {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
        throw UsageError("\(folder) is not a folder")
    }
}
