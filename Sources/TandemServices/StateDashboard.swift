public import TandemDomain

/// Which of the partnership's indicators the California School Dashboard's colour rules are applied to,
/// and how close each is to the state's own measure.
public enum StateDashboard {
    public struct Mapping: Sendable {
        public let indicator: String
        public let dashboard: DashboardIndicator
        /// How the partnership's indicator differs from the state's, shown on the page.
        public let note: String

        /// How sure the cut points and colours of the school year ending `year` are, shown on the page:
        /// checked against CDE's published colours row by row, against CDE pages, or neither.
        public func sources(year: Int) -> String {
            let edition = DashboardEdition(schoolYearEnding: year)
            if let check = dashboard.checkedAgainst(in: edition) {
                return
                    "Cut points, colours and small-group rules checked against CDE's published \(check.year) colours (\(check.colouredRows.grouped) rows)."
            }
            return dashboard.checkedAgainstCDE
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

    /// The Dashboard's own minimum: a group with fewer students in the current year gets no colour
    /// (an LEA's foster youth and homeless groups, from 15 in the 2018 rules).
    public static let minimumStudents = 30

    /// Which Dashboard's rules place the school year ending `year`, said on the page.
    public static func rulesText(year: Int) -> String {
        switch DashboardEdition(schoolYearEnding: year) {
        case .fall2018:
            (year < 2018
                ? "there was no Dashboard before 2017: the 2018 rules, the earliest Tandem holds"
                : year > 2018 ? "the 2018 rules: those of 2019–2022 are not yet checked" : "the 2018 rules")
                + "; for graduation a Status from 11 students, a colour only when both years have 30 (an LEA's foster youth and homeless students 15), and under 150 students the change levels fold into three; English learner progress Status only (its first colours were in 2023)"
        case .fall2022: "the 2022 Dashboard's: Status only, no Change and no colours, the first Dashboard after COVID"
        case .fall2023: "the rules of 2023 on"
        }
    }

    /// The placement of a value against the year before, or why there is none, by the rules of the
    /// Dashboard that reported the school year ending `year` (a district is an LEA).
    public static func placement(_ mapping: Mapping, year: Int, group: StudentGroup, current: PublishedValue?, prior: PublishedValue?) -> Placement {
        guard let current, let counts = current.counts, let shown = current.shown else {
            return current == nil ? .none : .hidden
        }
        let edition = DashboardEdition(schoolYearEnding: year)
        let fosterOrHomeless = group == .foster || group == .homeless
        let priorValue = prior.flatMap { value in
            value.shown.flatMap { shown in value.counts.map { DashboardValue(value: shown, students: $0.denominator) } }
        }
        guard
            let placed = mapping.dashboard.placement(
                current: DashboardValue(value: shown, students: counts.denominator),
                prior: priorValue,
                fosterOrHomelessOfLEA: fosterOrHomeless,
                in: edition
            )
        else { return .tooFew(counts.denominator) }
        return .placed(placed.performance, n: counts.denominator, noColour: placed.noColour)
    }

    public enum Placement: Sendable {
        /// No value this year.
        case none
        /// The value is hidden from this reader by the small-group rule.
        case hidden
        /// Fewer students than the Dashboard shows a Status for.
        case tooFew(Int)
        /// Placed; `noColour` says why a placement without a colour has none.
        case placed(DashboardPerformance, n: Int, noColour: DashboardNoColour?)
    }
}
