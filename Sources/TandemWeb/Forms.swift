import Foundation
import Hummingbird
import TandemDomain

/// The body of a URL-encoded form (`application/x-www-form-urlencoded`), kept as sent: the CSRF check and
/// the handler each decode the fields they need (`decode(_:)`).
struct Form: Sendable {
    let text: String

    init(_ request: Request, context: TandemContext) async throws {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        self.init(String(buffer: body))
    }

    init(_ text: String) {
        self.text = text
    }

    /// The fields as `F`, by Hummingbird's form decoder: a field named twice (other than a list, `name[]`)
    /// or a value that is not of its field's type is an `InputError` naming the field.
    func decode<F: WebForm>(_: F.Type) throws -> F {
        do {
            return try URLEncodedFormDecoder().decode(F.self, from: text)
        } catch let error as URLEncodedFormError {
            throw InputError("the form could not be read (\(error.description.prefix(120)))")
        } catch DecodingError.keyNotFound(let key, _) {
            throw InputError(F.problem(field: key.stringValue, reason: "is missing"))
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context)
        {
            // Hummingbird's decoder names the field for every type but its plain numbers, strings and booleans:
            // fields a reader must be told about by name are of a type of their own (`YearField`, enums).
            guard let field = context.codingPath.first(where: { $0.intValue == nil })?.stringValue else {
                throw InputError("a field of the form \(Self.reason(context.debugDescription))")
            }
            throw InputError(F.problem(field: field, reason: Self.reason(context.debugDescription)))
        }
    }

    /// The decoder's own words for a value that is not of its type, or what Tandem's types said.
    private static func reason(_ description: String) -> String {
        description.hasPrefix("Expected") ? "is not \(description.dropFirst("Expected ".count).lowercased())" : description
    }
}

/// A form a page sends, as a struct of its fields (decoded by `Form.decode`). A form says what a reader
/// should be told when one of its fields cannot be read; other fields get "the field … is not …".
protocol WebForm: Decodable, Sendable {
    /// The message for `field`, given the decoder's `reason` (such as "is missing" or "is not int").
    static func problem(field: String, reason: String) -> String
}

extension WebForm {
    static func problem(field: String, reason: String) -> String { "the field \(field) \(reason)" }
}

/// A school year in a form: the year its spring falls in, ASCII digits, within `plausibleSchoolYears` (so
/// that no arithmetic on it can overflow).
struct YearField: Decodable, Sendable {
    let year: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let year = Int(text), plausibleSchoolYears.contains(year) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "is not a school year")
        }
        self.year = year
    }
}

extension Optional where Wrapped == String {
    /// The value, or `nil` when the field was absent or sent empty (a select's "none" option).
    var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
