import Foundation

// Reading a definition file with `Codable`: private `Decodable` structs give the file its shape, and every
// decoding error becomes a `DefinitionFileProblem` named by its coding path (`population.where`), with the
// message the file's `FieldMessages` give that field. Checks a type cannot express (a known value, a
// range, a rule that depends on another field) are made after decoding, with the same messages.

extension DefinitionFileProblem {
    /// The problem a decoding error (or a `FieldRefusal`) describes. The field is the error's coding path
    /// below `entryPath` (the entry's own place in the file), dotted, without list positions: a problem in
    /// the third grade of `grades` is in `grades`.
    init(decoding error: any Error, file: String, entry: String?, entryPath: [any CodingKey] = [], messages: FieldMessages) {
        let path: [any CodingKey]
        var message: String?
        switch error {
        case let refusal as FieldRefusal:
            (path, message) = (refusal.codingPath, refusal.message)
        case DecodingError.keyNotFound(let key, let context):
            path = context.codingPath + [key]
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            path = context.codingPath
        case DecodingError.dataCorrupted(let context):
            path = context.codingPath
        default:
            (path, message) = ([], "\(error)")
        }
        let field = path.dropFirst(entryPath.count).filter { !$0.isListPosition }.map(\.stringValue)
        guard !field.isEmpty else {
            // No field: the root is not an object, or not JSON at all (`JSONDecoder` says both with an empty path).
            self.init(
                file: file,
                entry: entry,
                field: entry == nil ? "(file)" : "(entry)",
                message: message ?? (entry == nil ? "not a JSON object" : "must be an object")
            )
            return
        }
        self.init(
            file: file,
            entry: entry,
            field: field.joined(separator: "."),
            message: message ?? messages[field] ?? Self.fallbackMessage(error)
        )
    }

    /// A message for a field no table names (every field of the shipped formats has one).
    private static func fallbackMessage(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound: "is required"
        case DecodingError.typeMismatch(let type, _), DecodingError.valueNotFound(let type, _):
            switch type {
            case is String.Type: "must be text"
            case is Bool.Type: "must be true or false"
            case is Double.Type, is Int.Type: "must be a number"
            default: "\(type)".hasPrefix("Array") ? "must be a list" : "must be an object"
            }
        case DecodingError.dataCorrupted(let context): context.debugDescription
        default: "\(error)"
        }
    }
}

/// What each field of a definition file must hold, said once: a decoding error at a field (the wrong kind
/// of value) and a value the reader refuses after decoding are reported with the same message. Fields are
/// dotted paths below the entry (`numerator.exists.years`); a `*` segment stands for any key (a subject, an
/// area).
struct FieldMessages: ExpressibleByDictionaryLiteral, Sendable {
    private let patterns: [(segments: [String], message: String)]

    init(dictionaryLiteral elements: (String, String)...) {
        patterns = elements.map { (segments: $0.0.split(separator: ".", omittingEmptySubsequences: false).map(String.init), message: $0.1) }
    }

    /// The message for a field (an exact pattern before one with `*`).
    subscript(field: [String]) -> String? {
        let matching = patterns.filter { pattern in
            pattern.segments.count == field.count && zip(pattern.segments, field).allSatisfy { $0 == "*" || $0 == $1 }
        }
        return (matching.first { !$0.segments.contains("*") } ?? matching.first)?.message
    }

    subscript(field: String) -> String? { self[field.split(separator: ".", omittingEmptySubsequences: false).map(String.init)] }
}

/// A value the decoder read but the file format does not accept, at `codingPath`. Without a message, the
/// field's message from the file's `FieldMessages` is used.
struct FieldRefusal: Error {
    let codingPath: [any CodingKey]
    let message: String?

    init(at codingPath: [any CodingKey], _ message: String? = nil) {
        self.codingPath = codingPath
        self.message = message
    }
}

/// A key of a JSON object whose keys are not known in advance.
struct AnyCodingKey: CodingKey, ExpressibleByStringLiteral {
    let stringValue: String
    let intValue: Int? = nil

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(stringLiteral value: String) { stringValue = value }
}

extension CodingKey {
    /// Whether the key is a position in a list rather than a key of an object. `JSONDecoder` gives a
    /// position both an `intValue` and the `stringValue` "Index 2"; an object's key `"3"` has the
    /// `intValue` 3 too, but its `stringValue` is "3".
    var isListPosition: Bool { intValue.map { "\($0)" != stringValue } ?? false }
}

extension Decoder {
    /// Refuses an object holding a key `Keys` does not list (the first one in sorted order), so that a
    /// misspelt field is an error rather than silently left out.
    func refuseUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type, message: String) throws {
        let container = try self.container(keyedBy: AnyCodingKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        if let unknown = container.allKeys.map(\.stringValue).filter({ !known.contains($0) }).sorted().first {
            throw FieldRefusal(at: codingPath + [AnyCodingKey(stringValue: unknown)], message)
        }
    }
}

/// One entry of a definition file's list (an indicator, a test), decoded on its own: a problem in it is
/// reported in file order and named by the entry's id, which is read first and on its own for that.
struct Listed<Entry: Decodable>: Decodable {
    /// The entry's `id`, when it has a text one.
    let id: String?
    /// Where the entry is in the file, to name its problems' fields from it.
    let codingPath: [any CodingKey]
    let entry: Result<Entry, any Error>

    init(from decoder: any Decoder) throws {
        // An entry that is not an object is a problem of the list (thrown), not of the entry.
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        let id = (try? container.decodeIfPresent(String.self, forKey: "id")) ?? nil
        self.id = id?.isEmpty == false ? id : nil
        codingPath = decoder.codingPath
        entry = Result { try Entry(from: decoder) }
    }
}
