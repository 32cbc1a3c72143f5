import ArgumentParser
import Foundation
import TandemContract

/// `tandem template DIR`: an empty district folder to fill in.
struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write the data contract's files, headers only, and a README of what each column takes.",
        discussion: "Nothing already in the folder is replaced: a file of the same name there is a usage error."
    )

    @Argument(help: "The folder to write into (created when missing).")
    var folder: String

    func run() async throws {
        let files =
            ContractTemplate.headers.map { (name: $0.file, text: $0.header.joined(separator: ",") + "\n") }
            + [(name: "README.md", text: ContractTemplate.readme)]
        let paths = files.map { (folder as NSString).appendingPathComponent($0.name) }
        // Refuse before writing anything: a district's own files must never be replaced by empty ones.
        for path in paths where FileManager.default.fileExists(atPath: path) {
            throw UsageError("\(path) is there already: the template writes only new files")
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (file, path) in zip(files, paths) {
                guard FileManager.default.createFile(atPath: path, contents: Data(file.text.utf8)) else {
                    throw UsageError("cannot write \(path)")
                }
            }
        } catch let error as UsageError {
            throw error
        } catch {
            throw UsageError("cannot write into \(folder): \(error.localizedDescription)")
        }
        print("Wrote the data contract's \(ContractTemplate.headers.count) files (headers only) and README.md to \(folder).")
    }
}
