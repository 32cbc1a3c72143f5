/// The published figures the demo partnership reproduces (`shared/spec/seed-calibration.md`), as data:
/// the generator aims at them and the calibration check measures the loaded records against them.
public struct PublishedFigure: Sendable, Hashable {
    /// What is measured; each has one SQL definition in the calibration check.
    public enum Measure: Sendable, Hashable, CustomStringConvertible {
        /// Enrollment rows in the year.
        case enrollment
        /// Share of the year's enrollment in a student group (`SED`, `EL`, a race code), in percent.
        case groupShare(String)
        /// A common indicator's district-wide `ALL` rate, in percent.
        case rate(String)
        /// Grade-8 CST Algebra 1 takers, and those of them proficient.
        case algebraTested, algebraProficient
        /// The matched cohort of grade-5 students of a year, followed: percent proficient in CST math.
        case matchedCohortMath(grade: Int, startYear: Int)
        /// Students proficient on any CST in the year with a GPA below 2.0, in grades 9–12 or 6–8.
        case proficientButFailing(highSchool: Bool)
        /// Change in an indicator's rate from the year before, in percentage points.
        case rateChange(String)

        public var description: String {
            switch self {
            case .enrollment: "total enrollment"
            case .groupShare(let group): "\(group) share of enrollment"
            case .rate(let indicator): indicator
            case .algebraTested: "grade-8 Algebra 1 tested"
            case .algebraProficient: "grade-8 Algebra 1 proficient"
            case .matchedCohortMath(let grade, let year): "grade-\(grade) cohort of \(year), math proficient"
            case .proficientButFailing(let high): "proficient with GPA < 2.0, \(high ? "grades 9–12" : "grades 6–8")"
            case .rateChange(let indicator): "\(indicator) change from the year before"
            }
        }
    }

    public let district: String
    public let year: Int
    public let measure: Measure
    /// A count, or a percentage (56.0 for 56%).
    public let value: Double
    /// Decimal places the figure is published with; `nil` for a count, which must match exactly.
    public let decimals: Int?
    /// For "about" figures (the stories): how far off, in points, still tells the same story.
    public let tolerance: Double?

    init(_ district: String, _ year: Int, _ measure: Measure, _ value: Double, decimals: Int? = 0, tolerance: Double? = nil) {
        self.district = district
        self.year = year
        self.measure = measure
        self.value = value
        self.decimals = decimals
        self.tolerance = tolerance
    }

    /// Whether a measured value reproduces the figure: the same count, the same rounded rate, or within
    /// the story's tolerance.
    public func isReproduced(by measured: Double) -> Bool {
        if let tolerance { return abs(measured - value) <= tolerance }
        guard let decimals else { return measured == value }
        let scale = Double([1, 10, 100][decimals])
        return (measured * scale).rounded(.toNearestOrAwayFromZero) == (value * scale).rounded()
    }
}

public enum PublishedFigures {
    public static let all: [PublishedFigure] = demographics + achievement + algebraCounts + stories

    static let demographics: [PublishedFigure] = {
        var figures: [PublishedFigure] = []
        func add(_ district: String, _ year: Int, enrollment: Int, decimals: Int, _ shares: [(String, Double)]) {
            figures.append(PublishedFigure(district, year, .enrollment, Double(enrollment), decimals: nil))
            for (group, share) in shares { figures.append(PublishedFigure(district, year, .groupShare(group), share, decimals: decimals)) }
        }
        add(
            "FUSD",
            2009,
            enrollment: 76_621,
            decimals: 1,
            [("SED", 80.4), ("HI", 60.1), ("AA", 10.7), ("WH", 13.9), ("AS", 13.4), ("FI", 0.4), ("PI", 0.4), ("AI", 0.7), ("EL", 26.0)]
        )
        add(
            "LBUSD",
            2009,
            enrollment: 87_509,
            decimals: 1,
            [("SED", 68.3), ("HI", 51.6), ("AA", 17.1), ("WH", 16.1), ("AS", 8.1), ("FI", 3.7), ("PI", 1.9), ("AI", 0.2), ("EL", 23.7)]
        )
        add(
            "FUSD",
            2011,
            enrollment: 74_831,
            decimals: 0,
            [("SED", 82), ("HI", 62), ("AA", 10), ("WH", 13), ("AS", 12), ("FI", 0), ("PI", 0), ("AI", 0), ("EL", 24)]
        )
        add(
            "LBUSD",
            2011,
            enrollment: 84_816,
            decimals: 0,
            [("SED", 70), ("HI", 53), ("AA", 16), ("WH", 15), ("AS", 8), ("FI", 4), ("PI", 2), ("AI", 0), ("EL", 23)]
        )
        return figures
    }()

    static let achievement: [PublishedFigure] = {
        let table: [(String, String, [Double], Int)] = [
            ("math_prof_g3", "FUSD", [41, 43, 49, 59], 0),
            ("math_prof_g5", "FUSD", [33, 31, 40, 48], 0),
            ("cahsee_math_first_pass", "FUSD", [63, 69, 71, 71], 0),
            ("grad_rate_4yr", "FUSD", [75.5, 79, 75.5, 71.1], 1),
            ("alg1_g8_participation", "FUSD", [36, 28, 27, 25], 0),
            ("alg1_g8_proficiency", "FUSD", [38, 43, 55, 59], 0),
            ("math_prof_g3", "LBUSD", [57, 62, 68, 69], 0),
            ("math_prof_g5", "LBUSD", [53, 56, 60, 63], 0),
            ("cahsee_math_first_pass", "LBUSD", [71, 74, 78, 79], 0),
            ("grad_rate_4yr", "LBUSD", [84.7, 79, 82.4, 79], 1),
            ("alg1_g8_participation", "LBUSD", [31, 31, 32, 38], 0),
            ("alg1_g8_proficiency", "LBUSD", [67, 68, 66, 69], 0),
        ]
        return table.flatMap { indicator, district, values, decimals in
            values.enumerated().map { offset, value in
                // "79%" among one-decimal graduation rates is published to a whole percent.
                let places = decimals == 1 && value == value.rounded() ? 0 : decimals
                return PublishedFigure(district, 2006 + offset, .rate(indicator), value, decimals: places)
            }
        }
    }()

    static let algebraCounts: [PublishedFigure] = {
        let tested: [String: [Int]] = ["FUSD": [2032, 1637, 1479, 1398, 2055, 2274], "LBUSD": [2193, 2225, 2235, 2574, 2990, 3613]]
        let proficient: [String: [Int]] = ["FUSD": [772, 704, 813, 825, 1048, 864], "LBUSD": [1469, 1513, 1475, 1776, 2063, 2312]]
        return ["FUSD", "LBUSD"].flatMap { district in
            (0..<6).flatMap { offset in
                [
                    PublishedFigure(district, 2006 + offset, .algebraTested, Double(tested[district]![offset]), decimals: nil),
                    PublishedFigure(district, 2006 + offset, .algebraProficient, Double(proficient[district]![offset]), decimals: nil),
                ]
            }
        }
    }()

    static let stories: [PublishedFigure] = [
        // Cohort dip: LBUSD grade 5 in 2005–06, 53% proficient in math; the same students in 2008–09, 38%.
        PublishedFigure("LBUSD", 2006, .matchedCohortMath(grade: 5, startYear: 2006), 53),
        PublishedFigure("LBUSD", 2009, .matchedCohortMath(grade: 5, startYear: 2006), 38),
        // Algebra placement: FUSD from 2009–10 (participation up about 13 points, proficiency 59% → 51%),
        // LBUSD from 2010–11 (participation up about 10 points, proficiency 69% → 64%).
        PublishedFigure("FUSD", 2010, .rateChange("alg1_g8_participation"), 13, tolerance: 2),
        PublishedFigure("FUSD", 2010, .rate("alg1_g8_proficiency"), 51),
        PublishedFigure("LBUSD", 2010, .rate("alg1_g8_proficiency"), 69),
        PublishedFigure("LBUSD", 2011, .rateChange("alg1_g8_participation"), 10, tolerance: 2),
        PublishedFigure("LBUSD", 2011, .rate("alg1_g8_proficiency"), 64),
        // Project 980/340: FUSD 2008–09, proficient or advanced on the CST with a GPA below 2.0.
        PublishedFigure("FUSD", 2009, .proficientButFailing(highSchool: true), 980, decimals: nil),
        PublishedFigure("FUSD", 2009, .proficientButFailing(highSchool: false), 340, decimals: nil),
    ]
}
