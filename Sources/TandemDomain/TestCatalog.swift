/// Which tests the partnership knows and what counts as proficient on each: data, not code
/// (`shared/spec/data-contract.md`, "The test catalog"). The built-in catalog ships as a file
/// (`Sources/TandemContract/Resources/test-catalog.json`); a partnership can extend it.
public struct TestCatalog: Hashable, Sendable {
    public private(set) var tests: [String: TestDefinition]

    public init(_ tests: [TestDefinition]) {
        self.tests = Dictionary(tests.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    }

    public subscript(test: String) -> TestDefinition? { tests[test.uppercased()] }

    /// A catalog with `other`'s definitions added, replacing any with the same id.
    public func merging(_ other: TestCatalog) -> TestCatalog {
        TestCatalog(Array(tests.values) + Array(other.tests.values))
    }
}

public struct TestDefinition: Hashable, Sendable {
    /// The id results name in `assessments.csv` (`CST`, `CAASPP`, `BENCH-MATH`), upper-case.
    public let id: String
    public let name: String
    /// Level numbers and their names (CST 1 Far Below Basic … 5 Advanced); empty for pass/fail tests.
    public let levels: [Int: String]
    public let proficiency: ProficiencyRule
    /// The lowest scale score that meets the standard, by subject (upper-cased) and grade tested: the
    /// CAASPP Level 3 minimums. Distance from standard is measured from it; empty when the test has none.
    public let standardMet: [String: [Int: Double]]
    /// The range scale scores fall in, when the catalog says (CST 150–600): a result outside it is an error.
    public let scale: ClosedRange<Double>?

    public init(
        id: String,
        name: String,
        levels: [Int: String] = [:],
        proficiency: ProficiencyRule,
        standardMet: [String: [Int: Double]] = [:],
        scale: ClosedRange<Double>? = nil
    ) {
        self.id = id.uppercased()
        self.name = name
        self.levels = levels
        self.proficiency = proficiency
        self.standardMet = Dictionary(standardMet.map { ($0.key.uppercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.scale = scale
    }

    /// A result's distance from the standard in whole scale-score points (the scale score minus the
    /// lowest score meeting the standard in its subject and grade, rounded half away from zero); `nil`
    /// when the result has no scale score or the catalog no standard for its subject and grade.
    public func distanceFromStandard(subject: String, grade: Int?, scaleScore: Double?) -> Int? {
        guard let grade, let scaleScore, scaleScore.isFinite, let standard = standardMet[subject.uppercased()]?[grade] else { return nil }
        return Int((scaleScore - standard).rounded(.toNearestOrAwayFromZero))
    }

    /// Whether a result is proficient; `nil` when the rule cannot tell (participation-only tests, or the
    /// value the rule reads is missing).
    public func isProficient(level: Int?, scaleScore: Double?) -> Bool? {
        switch proficiency {
        case .levelAtLeast(let minimum): level.map { $0 >= minimum }
        case .scaleScoreAtLeast(let minimum): scaleScore.map { $0 >= minimum }
        case .participationOnly: nil
        }
    }
}

/// How a test's result is judged proficient.
public enum ProficiencyRule: Hashable, Sendable {
    /// Performance level at or above (CST level ≥ 4, CAASPP ≥ 3, AP ≥ 3).
    case levelAtLeast(Int)
    /// Scale score at or above (CAHSEE ≥ 350).
    case scaleScoreAtLeast(Double)
    /// Only taking the test counts (SAT, ACT).
    case participationOnly
}
