import ArgumentParser
import Foundation
import TandemContract
import TandemDomain

/// `tandem state-files`: the state's own published Dashboard files.
struct StateFilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state-files",
        abstract: "Work with the California Dashboard files CDE publishes.",
        subcommands: [Check.self]
    )

    /// `tandem state-files check FILE…`: Tandem's Dashboard rules against CDE's published placements.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Recompute every row's status level, change level and colour of CDE Dashboard downloads with Tandem's rules and compare.",
            discussion: """
                Reads CDE's Dashboard download files in their published layout (tab-separated, Latin-1; the indicator is read \
                from the header: the graduation rate file, or the 2018 ELPAC level file, which has no colours to check). \
                Reports per indicator table the rows, and the agreement of status level, change level and colour, listing \
                the first \(StateFilesCheck.listed) disagreeing rows; the last line is `colours: A of N rows agree` over every \
                row with a colour on either side. Exit status 0 when everything agrees, 1 when a row disagrees or a file is \
                malformed, 2 on a usage error (a missing file).
                """
        )

        @Argument(help: "CDE Dashboard download files (e.g. graddownload2018.txt).")
        var files: [String]

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("name at least one Dashboard download file") }
        }

        func run() async throws {
            // Every file must be there before anything is checked: a mistyped name is a usage error.
            for path in files where !FileManager.default.isReadableFile(atPath: path) {
                throw UsageError("cannot read \(path)")
            }
            var failed = false
            var agree = 0
            var compared = 0
            for path in files {
                guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
                let report: StateFilesCheck.FileReport
                do {
                    report = StateFilesCheck.check(try DashboardDownloadFile.read([UInt8](data), name: (path as NSString).lastPathComponent))
                } catch {
                    Terminal.shared.error("error: \(error.description)")
                    failed = true
                    continue
                }
                for line in report.lines { print(line) }
                failed = failed || !report.agrees
                agree += report.colours.agree
                compared += report.colours.compared
            }
            print("colours: \(agree.grouped) of \(compared.grouped) rows agree")
            if failed { throw ExitCode(1) }
        }
    }
}
