/// Why a request was refused, in words for the person who made it. Two kinds, told apart by their
/// type: what was asked is not valid (`InputError`), or the person may not do it (`AccessError`).
/// Interfaces choose how to answer each (the web: 400 or 403 with the message; the command line: exit 2).
public protocol Refusal: Error, CustomStringConvertible, Sendable {}

/// What was asked is not valid: a field, a file, a target or an account that breaks a rule. (Not
/// ArgumentParser's `ValidationError`, which is about the command line itself.)
public struct InputError: Refusal, Equatable {
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// The person asking may not do this.
public struct AccessError: Refusal, Equatable {
    public let description: String

    public init(_ description: String) { self.description = description }

    public static func notAllowed(_ description: String) -> AccessError { AccessError(description) }
}
