/// What an indicator's value is, and so how it is shown and charted.
///
/// Every value is stored as a numerator over a denominator of students. For most indicators the
/// numerator counts students (a share, shown in percent); for the Academic indicator it adds up each
/// student's points from the standard (a mean, shown in points, below zero when students are on the
/// whole below the standard); an indicator whose numerator takes every unit (`{ "where": {} }`, such as
/// an enrollment count) is a count of students, which a percent (always 100%) would hide.
public enum Measure: String, Sendable, Hashable, CaseIterable, Codable {
    /// A share of students: numerator students of denominator students, shown in percent.
    case share
    /// A mean of scale-score points per student: numerator points over denominator students.
    case points
    /// A number of students: every unit is in the numerator, so the value is the denominator.
    case count

    /// The value as shown: percent for a share, points for a mean.
    public func shown(numerator: Int, denominator: Int) -> Double {
        switch self {
        case .share: 100 * Double(numerator) / Double(denominator)
        case .points: Double(numerator) / Double(denominator)
        case .count: Double(denominator)
        }
    }

    /// A shown value in words, to a tenth: `53.2%`, `-30.1 points`.
    public func text(_ shown: Double) -> String {
        switch self {
        case .share: "\(Self.tenth(shown))%"
        case .points: "\(Self.tenth(shown)) points"
        case .count: "\(Self.whole(shown)) students"
        }
    }

    /// A difference between two shown values (a change, a gap): `+3.2 pts`, `-12.0 points`.
    public func difference(_ value: Double) -> String {
        "\(value > 0 ? "+" : "")\(self == .count ? Self.whole(value) : Self.tenth(value)) \(differenceUnit)"
    }

    /// The unit of a difference: percentage points (`pts`) for a share, scale-score `points` for a mean,
    /// `students` for a count.
    public var differenceUnit: String {
        switch self {
        case .share: "pts"
        case .points: "points"
        case .count: "students"
        }
    }

    /// What a value is measured in, in words: `percent`, `points from the standard`, `students`.
    public var unitName: String {
        switch self {
        case .share: "percent"
        case .points: "points from the standard"
        case .count: "students"
        }
    }

    /// A whole number with thousands separators: `2,274`, `-12`.
    public static func whole(_ value: Double) -> String { Int(value.rounded(.toNearestOrAwayFromZero)).grouped }

    /// A value in whole tenths, rounded half away from zero (CDE's "standard rounding"): how values are
    /// shown, and so compared, on every page and by every target and Dashboard rule. The value is first
    /// snapped to a millionth of a tenth, so that binary noise in a decimal such as 0.35 (stored as
    /// 0.34999…) cannot move it off its half.
    public static func tenths(_ value: Double) -> Int {
        let snapped = (value * 10_000_000).rounded() / 1_000_000
        return Int(snapped.rounded(.toNearestOrAwayFromZero))
    }

    /// A value rounded half away from zero to a tenth, written with a point: `-30.1`, `0.0`.
    public static func tenth(_ value: Double) -> String {
        let tenths = Self.tenths(value)
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
