/// The computed results as pages, downloads and the API receive them: what an indicator and a district
/// are called, and each value as one audience may see it (`PublishedValue`, the one gate of `Audience.mayShow`).

/// An indicator of the latest computation, as a reader sees it named.
public struct IndicatorInfo: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    public let grade: Int?
    public let hasCohort: Bool
    public let lowerIsBetter: Bool
    /// A share (shown in percent) or a mean (shown in points).
    public let measure: Measure
    /// The contract's files its values are computed from (`enrollments.csv`, `courses.csv`): a district
    /// that has not loaded them has no value, which the pages explain.
    public let files: [String]

    public init(id: String, name: String, grade: Int?, hasCohort: Bool, lowerIsBetter: Bool, measure: Measure, files: [String] = []) {
        self.id = id
        self.name = name
        self.grade = grade
        self.hasCohort = hasCohort
        self.lowerIsBetter = lowerIsBetter
        self.measure = measure
        self.files = files
    }
}

/// A district with values.
public struct DistrictInfo: Sendable, Hashable, Codable {
    public let code: String
    public let name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// A school with values: its code and name.
public struct SchoolInfo: Sendable, Hashable, Codable {
    public let code: String
    public let name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// One school's value of an indicator, as the reader may see it.
public struct SchoolValue: Sendable, Hashable {
    public let code: String
    public let name: String
    public let value: PublishedValue

    public init(code: String, name: String, value: PublishedValue) {
        self.code = code
        self.name = name
        self.value = value
    }
}

/// A stored value as one audience may see it: counts only when `Audience.mayShow` allows (always for
/// the value's own district, otherwise only when the small-group rule did not suppress it).
public struct PublishedValue: Sendable, Hashable {
    private let numerator: Int
    private let denominator: Int
    /// The small-group rule suppressed this value for partners and the public.
    public let suppressed: Bool
    public let audience: Audience
    /// A share of students (shown in percent) or a mean of points.
    public let measure: Measure

    public init(numerator: Int, denominator: Int, suppressed: Bool, audience: Audience, measure: Measure = .share) {
        self.numerator = numerator
        self.denominator = denominator
        self.suppressed = suppressed
        self.audience = audience
        self.measure = measure
    }

    /// The counts, or `nil` when this audience may not see them.
    public var counts: (numerator: Int, denominator: Int)? {
        audience.mayShow(suppressed: suppressed) ? (numerator, denominator) : nil
    }

    /// The value as shown (a share in percent, a mean in points), or `nil` when this audience may not see it.
    public var shown: Double? { counts.map { measure.shown(numerator: $0.numerator, denominator: $0.denominator) } }

    /// The shown value in words (`53.2%`, `-30.1 points`), or `nil` when this audience may not see it.
    public var text: String? { shown.map(measure.text) }

    /// Shown to its own district although partners see it suppressed: pages mark it so.
    public var isOwnDistrictOnly: Bool { suppressed && audience == .ownDistrict }
}
