public import Foundation
public import TandemDomain
public import TandemPorts

/// The partnership's framework: read, saved (every version kept, the latest current), and written to or
/// read from a file (`tandem-framework` JSON, format 1) so a partnership can version its agreement.
public struct FrameworkService: Sendable {
    let store: any TandemStore
    private let clock: @Sendable () -> Date

    public init(store: any TandemStore, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// The current framework, or `nil` if none was saved yet.
    public func current() async throws -> Framework? {
        guard let latest = try await store.read({ try $0.latestFramework() }) else { return nil }
        return try Self.decode(Data(latest.document.utf8), file: "stored framework")
    }

    /// Saves a new version after checking it against the partnership's indicators; every problem is
    /// reported at once and nothing is saved when there is one.
    public func save(_ framework: Framework, by caller: Caller) async throws {
        if case .account(let identity) = caller, !Requirement.editFramework.isMet(by: identity) {
            throw AccessError.notAllowed("\(identity.username) may not edit the framework")
        }
        let document = String(decoding: try Self.encode(framework), as: UTF8.self)
        let timestamp = Timestamp.string(clock())
        try await store.write { db in
            let known = Set(try db.indicatorInfos().map(\.id))
            let problems = framework.problems(knownIndicators: known)
            guard problems.isEmpty else { throw InputError(problems.joined(separator: "; ")) }
            try db.saveFramework(document: document, by: caller.name, at: timestamp)
        }
    }

    // MARK: - The file format

    static let format = "tandem-framework"

    private struct File: Codable {
        var format: String
        var format_version: Int
        var framework: Framework
    }

    public static func encode(_ framework: Framework) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(File(format: format, format_version: 1, framework: framework))
    }

    /// Reads a framework file; errors name the file and say what is wrong.
    public static func decode(_ data: Data, file: String) throws -> Framework {
        let parsed: File
        do {
            parsed = try JSONDecoder().decode(File.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw InputError("\(file): \(path(context.codingPath + [key])): is required")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw InputError("\(file): \(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw InputError("\(file): \(context.codingPath.isEmpty ? "not JSON" : path(context.codingPath)): \(context.debugDescription)")
        }
        guard parsed.format == format, parsed.format_version == 1 else {
            throw InputError("\(file): not a \(format) file of format_version 1")
        }
        return parsed.framework
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }
}
