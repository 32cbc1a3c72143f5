public import TandemDomain

/// Which of the partnership's indicators the California School Dashboard's colour rules are applied to,
/// and how close each is to the state's own measure.
public enum StateDashboard {
    public struct Mapping: Sendable {
        public let indicator: String
        public let dashboard: DashboardIndicator
        /// How the partnership's indicator differs from the state's, shown on the page.
        public let note: String

        /// How sure the cut points and colours are (`DashboardIndicator.checkedAgainstCDE`), shown on the page.
        public var sources: String {
            dashboard.checkedAgainstCDE
                ? "Cut points and colours checked against CDE placement reports."
                : "Cut points and colours from a secondary transcription of the state's tables, not yet checked against a CDE page: confirm before relying on them."
        }
    }

    public static let mappings = [
        Mapping(
            indicator: "ela_dfs",
            dashboard: .elaDistanceFromStandard,
            note:
                "Mean distance from the Level 3 minimum of every CAASPP ELA taker in grades 3–8. The state counts only continuously enrolled students, adds the lowest score for each missing taker under 95% participation, and puts reclassified students of the last four years in the EL group."
        ),
        Mapping(
            indicator: "math_dfs",
            dashboard: .mathDistanceFromStandard,
            note: "Mean distance from the Level 3 minimum of every CAASPP math taker in grades 3–8; the same differences as ELA."
        ),
        Mapping(
            indicator: "ela_dfs_g11",
            dashboard: .elaDistanceFromStandardHighSchool,
            note: "Grade 11 ELA, placed with the high-school status cut points the state has used since 2023 for entities judged on grade 11."
        ),
        Mapping(
            indicator: "math_dfs_g11",
            dashboard: .mathDistanceFromStandardHighSchool,
            note: "Grade 11 math, placed with the high-school status cut points the state has used since 2023 for entities judged on grade 11."
        ),
        Mapping(
            indicator: "grad_rate_4yr",
            dashboard: .graduationRate,
            note: "The state's Graduation Rate indicator combines four- and five-year graduates; this is the four-year cohort rate."
        ),
        Mapping(
            indicator: "el_annual_progress",
            dashboard: .englishLearnerProgress,
            note:
                "The state's ELPI counts ELPAC takers who rose an ELPI level or stayed at level 4; this counts English learners who rose a level on the year's language test."
        ),
    ]

    /// The Dashboard's own minimum: a group with fewer students in the current year gets no colour.
    public static let minimumStudents = 30

    /// The placement of a value against the year before, or why there is none.
    public static func placement(_ mapping: Mapping, current: PublishedValue?, prior: PublishedValue?) -> Placement {
        guard let current, let counts = current.counts, let shown = current.shown else {
            return current == nil ? .none : .hidden
        }
        guard counts.denominator >= minimumStudents else { return .tooFew(counts.denominator) }
        return .placed(mapping.dashboard.performance(current: shown, prior: prior?.shown), n: counts.denominator)
    }

    public enum Placement: Sendable {
        /// No value this year.
        case none
        /// The value is hidden from this reader by the small-group rule.
        case hidden
        /// Fewer students than the Dashboard colours.
        case tooFew(Int)
        case placed(DashboardPerformance, n: Int)
    }
}
