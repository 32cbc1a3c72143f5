public import ArgumentParser
import Foundation
import TandemDomain
import TandemServices

/// `tandem`: the root command. Each subcommand is one type in its own file.
public struct TandemCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "The data and collaboration platform for school districts that improve together.",
        subcommands: [
            DemoCommand.self, ImportCommand.self, ComputeCommand.self, ExportCommand.self, ServeCommand.self, UsersCommand.self,
            FrameworkCommand.self,
            PublicCommand.self, TemplateCommand.self, ConvertCommand.self, StateFilesCommand.self, BenchCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line and exits with the data contract's statuses: 0 done, 1 rejected input,
    /// 2 usage error (swift-argument-parser's own usage errors included, which it would give 64).
    public static func run(arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            return report(error)
        }
    }

    static func report(_ error: Error) -> Int32 {
        if let usage = error as? UsageError {
            Terminal.shared.error("error: \(usage.description)")
            return 2
        }
        if let refusal = error as? any Refusal {
            Terminal.shared.error("error: \(refusal.description)")
            return 2
        }
        let code = exitCode(for: error)
        if code == .success {
            print(fullMessage(for: error))
            return 0
        }
        let message = fullMessage(for: error)
        if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
        if code == .validationFailure { return 2 }
        return code.rawValue
    }
}

/// Options every subcommand that touches the database takes.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file.")
    var db: String = "./tandem.sqlite"
}
