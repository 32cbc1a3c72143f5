import ArgumentParser
import Foundation
import TandemDomain
import TandemServices
import TandemStorage

/// `tandem framework`: the partnership's framework as a file, so a partnership can version its agreement.
struct FrameworkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framework",
        abstract: "Import or export the partnership's framework (goals, strategies, action steps, indicators).",
        subcommands: [Import.self, Export.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the framework with a tandem-framework file (every version is kept).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The framework file (JSON).") var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw UsageError("cannot read \(file)") }
            let framework = try FrameworkService.decode(data, file: file)
            do {
                try await FrameworkService(store: try SQLiteStore(path: database.db)).save(framework, by: .commandLine)
            } catch let error as InputError {
                throw UsageError("\(file): \(error.description)")
            }
            print("Imported \(framework.goals.count) goals, \(framework.strategies.count) strategies and \(framework.actions.count) action steps.")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the current framework to a file.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The file to write.") var file: String

        func run() async throws {
            guard let framework = try await FrameworkService(store: try SQLiteStore(path: database.db)).current() else {
                throw UsageError("the partnership has no framework yet (tandem framework import FILE)")
            }
            try FrameworkService.encode(framework).write(to: URL(fileURLWithPath: file), options: .atomic)
            print("Wrote the framework to \(file).")
        }
    }
}
