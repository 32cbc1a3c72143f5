import Foundation

/// What is wrong with a definition file the partnership supplies (the test catalog, indicator
/// definitions): the file, the entry (`test CST`, `indicator ela_prof_g3`), the field and the message.
public struct DefinitionFileProblem: Error, Equatable, CustomStringConvertible, Sendable {
    public let file: String
    /// The kind of entry and its id, or `nil` for the file as a whole.
    public let entry: String?
    public let field: String
    public let message: String

    public init(file: String, entry: String?, field: String, message: String) {
        self.file = file
        self.entry = entry
        self.field = field
        self.message = message
    }

    public var description: String { "\(file): \(entry.map { "\($0): " } ?? "")\(field): \(message)" }

    /// The contents of a definition file that ships with Tandem (`Resources/`).
    static func builtInFile(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
            throw DefinitionFileProblem(file: "\(name).json", entry: nil, field: "(file)", message: "missing from the installation")
        }
        return try Data(contentsOf: url)
    }
}
