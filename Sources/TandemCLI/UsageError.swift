import TandemDomain

/// The command line or what it names is wrong (a missing file, contradicting options): exit status 2.
/// A service's `Refusal` (an invalid input, an action not allowed) is reported the same way.
struct UsageError: Error, CustomStringConvertible, Sendable {
    let description: String
    init(_ description: String) { self.description = description }
}
