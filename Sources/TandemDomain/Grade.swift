/// A grade level as the data contract writes it: `TK` (−1), `KN`/`K` (0), `1`…`12`.
///
/// Stored as a small integer so that "grade 8" and "grades 10–12" are plain comparisons.
public struct Grade: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Int8

    public static let transitionalKindergarten = Grade(uncheckedValue: -1)
    public static let kindergarten = Grade(uncheckedValue: 0)
    /// Every grade the contract knows, TK through 12, in order.
    public static let all: [Grade] = (-1...12).map { Grade(uncheckedValue: Int8($0)) }

    /// A grade from its integer value (−1 for TK, 0 for kindergarten); `nil` outside −1…12.
    public init?(_ value: Int) {
        guard (-1...12).contains(value) else { return nil }
        self.value = Int8(value)
    }

    init(uncheckedValue: Int8) { self.value = uncheckedValue }

    /// Parses the contract's spelling: `TK`, `KN`, `K`, `1`…`12` with an optional leading zero
    /// (`08`). Case-insensitive; surrounding spaces are the caller's business.
    public init?(code: some StringProtocol) {
        switch code.uppercased() {
        case "TK": self = .transitionalKindergarten
        case "KN", "K": self = .kindergarten
        default:
            guard code.count <= 2, code.allSatisfy(\.isASCII), let number = Int(code),
                (1...12).contains(number)
            else { return nil }
            self.value = Int8(number)
        }
    }

    /// The contract's canonical spelling (`TK`, `KN`, `1`…`12`).
    public var code: String {
        switch value {
        case -1: "TK"
        case 0: "KN"
        default: String(value)
        }
    }

    public var description: String { code }

    public static func < (lhs: Grade, rhs: Grade) -> Bool { lhs.value < rhs.value }
}
