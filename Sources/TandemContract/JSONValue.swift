import Foundation
import TandemDomain

/// Any JSON value, for the parts of a definition file whose shape depends on something else in it: a
/// filter's conditions depend on the kind of records filtered, and a grade is a number or a code.
enum JSONValue: Decodable, Hashable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // `JSONDecoder` reads neither a number as a `Bool` nor a boolean as a `Double`, so the order only
        // has to try the scalars before the containers.
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let list = try? container.decode([JSONValue].self) {
            self = .array(list)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    var bool: Bool? { if case .bool(let flag) = self { flag } else { nil } }
    var number: Double? { if case .number(let number) = self { number } else { nil } }
    /// A whole number (`8` or `8.0`).
    var int: Int? { number.flatMap { Int(exactly: $0) } }
    var string: String? { if case .string(let text) = self { text } else { nil } }
    var object: [String: JSONValue]? { if case .object(let table) = self { table } else { nil } }

    /// The value as a message quotes it: text as it is, whole numbers without a fraction.
    var description: String {
        switch self {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .number(let number): number.plain
        case .string(let text): text
        case .array(let list): "[\(list.map(\.description).joined(separator: ", "))]"
        case .object(let table): "{\(table.keys.sorted().map { "\($0): \(table[$0]!)" }.joined(separator: ", "))}"
        }
    }
}

/// A whole number in a definition file (`1`, `1.0`). Read as a `Double` and checked here because
/// `JSONDecoder` (swift-foundation, Swift 6.3) reports a fraction where it expects an `Int` as "not valid
/// JSON" with an empty coding path, which would lose the field.
struct WholeNumber: Decodable, Sendable {
    let value: Int

    init(from decoder: any Decoder) throws {
        let number = try decoder.singleValueContainer().decode(Double.self)
        guard let value = Int(exactly: number) else {
            throw DecodingError.typeMismatch(Int.self, .init(codingPath: decoder.codingPath, debugDescription: "\(number) is not a whole number"))
        }
        self.value = value
    }
}
