// The Dashboard's rules by year. CDE changed cut points between Dashboard years (the graduation Status
// cut points of 2018 are not those of 2023), so each table belongs to an edition and a page of school
// year Y uses the edition of the Dashboard that reported Y.
//
// The 2018 graduation rules below were measured on CDE's own published download
// `graddownload2018.txt` (shared/data/cde-dashboard; California Department of Education, 2018
// Dashboard, every LEA, school and student group), not copied from a transcription: every one of its
// 31,447 rows gets the status level, change level and colour CDE published (`tandem state-files check`).
// Where the file leaves a boundary between two published values, the round figure is taken and the
// gap is said below.

/// A Dashboard year: the fall release whose data are the school year ending that year (the 2018
/// Dashboard reports the class of 2018, school year 2017–18).
public enum DashboardEdition: Int, CaseIterable, Comparable, Hashable, Sendable {
    /// The fall 2018 Dashboard, measured on CDE's 2018 files. Also used for the school years before
    /// it (there was no Dashboard before 2017) and up to 2021–22, for which no table or file has been
    /// checked: the 2018 tables are the nearest measured ones.
    case fall2018 = 2018
    /// The 2022 Dashboard, the first after COVID (none in 2020 or 2021): Status only, no Change and no
    /// colours, as Assembly Bill 130 required ([P] https://cde.ca.gov/ta/aC/cm/perfcutscores22.asp); the
    /// Status cut points are the latest tables'.
    case fall2022 = 2022
    /// 2023 onward: the secondary transcription's tables (see `CaliforniaDashboard.swift`).
    case fall2023 = 2023

    public static let latest = fall2023

    /// The edition that places the values of the school year ending `year`.
    public init(schoolYearEnding year: Int) {
        self =
            switch year {
            case ..<2022: .fall2018
            case 2022: .fall2022
            default: .fall2023
            }
    }

    public static func < (lhs: DashboardEdition, rhs: DashboardEdition) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Who gets a Status and a colour, and what small groups get instead.
public struct DashboardGroupRules: Hashable, Sendable {
    /// The fewest students whose Status (and Status level) is shown; with at least as many in the prior
    /// year, the Change too.
    public let statusMinimum: Int
    /// The fewest students, in the current year and (when `priorYearMinimum`) in the prior year, for a
    /// colour.
    public let colourMinimum: Int
    /// The same for an LEA's foster youth and homeless groups.
    public let fosterAndHomelessLEAColourMinimum: Int
    /// Whether the prior year must reach the colour minimum too.
    public let priorYearMinimum: Bool
    /// Fewer current students than this: the Change levels fold into three (Declined Significantly
    /// into Declined, Increased Significantly into Increased) before the colour is read.
    public let safetyNetBelow: Int?

    /// Tables whose group rules were never checked: Status and colour from 30 students in the current
    /// year ([P] for the 30, https://www.cde.ca.gov/ta/ac/cm/suspindicator24.asp), nothing else.
    static let notChecked = DashboardGroupRules(
        statusMinimum: 30,
        colourMinimum: 30,
        fosterAndHomelessLEAColourMinimum: 30,
        priorYearMinimum: false,
        safetyNetBelow: nil
    )

    /// The 2018 graduation indicator, measured on `graddownload2018.txt`:
    /// - a Status and its level for every row with 11 students or more, none below (and below 11 the
    ///   file blanks the numerator); a Change for every row whose prior year had 11 or more;
    /// - a colour only when both years had 30 students or more; for the foster youth (FOS) and homeless
    ///   (HOM) groups of an LEA (`rtype` D) from 15 — 91 LEA rows of those groups with 15–29 students
    ///   are coloured (7 with exactly 15), none with 14 or fewer, and 70 school rows of those groups with
    ///   15–29 students (and 30 or more the year before) are not;
    /// - the file's `safetynet` flag is Y exactly when the current denominator is under 150, and then
    ///   no row has Declined or Increased Significantly: they fold into Declined and Increased, and the
    ///   ordinary grid gives the colour (every one of the 6,520 coloured safety-net rows agrees).
    static let graduation2018 = DashboardGroupRules(
        statusMinimum: 11,
        colourMinimum: 30,
        fosterAndHomelessLEAColourMinimum: 15,
        priorYearMinimum: true,
        safetyNetBelow: 150
    )
}

/// A CDE file a table was checked against row by row.
public struct DashboardFileCheck: Hashable, Sendable {
    /// The file's name as CDE publishes it.
    public let file: String
    /// The Dashboard year of the file.
    public let year: Int
    /// How many rows with a published colour agreed (all of them, or the table would not be marked).
    public let colouredRows: Int
}

/// A group's value and how many students it counts.
public struct DashboardValue: Hashable, Sendable {
    /// Percent, or DFS points.
    public let value: Double
    public let students: Int

    public init(value: Double, students: Int) {
        self.value = value
        self.students = students
    }
}

/// Why a placed group has no colour.
public enum DashboardNoColour: Hashable, Sendable {
    /// No prior year (or none shown): Status only.
    case noPriorYear
    /// A Status-only year for the indicator: no Change and no colour.
    case statusOnlyYear
    /// Fewer current students than the colour minimum.
    case tooFewStudents(minimum: Int)
    /// Fewer students in the prior year than the colour minimum.
    case tooFewStudentsPriorYear(minimum: Int)
    /// A cell the table says cannot occur.
    case cannotOccur
}

/// A group as a Dashboard places it: the performance, whether the safety net folded its Change, and
/// why it has no colour when it has none.
public struct DashboardPlacement: Hashable, Sendable {
    public let performance: DashboardPerformance
    public let safetyNet: Bool
    public let noColour: DashboardNoColour?
}

extension DashboardRules {
    /// The tables the 2018 Dashboard had of its own; every other indicator uses the latest table.
    static let fall2018: [DashboardIndicator: DashboardRules] = [
        // Measured on graddownload2018.txt, 25,852 school and 5,581 LEA rows outside DASS and county
        // offices: Very Low up to 66.9 and Low from 67.0, Medium from 80.0, High from 90.0 (89.9 is
        // Medium, 90.0 High), Very High from 95.0 — not the 68.0 and 90.5 of the later tables.
        // Change: Declined Significantly to −5.1, Declined from −5.0, Maintained −0.9…+0.9, Increased
        // from 1.0, Increased Significantly from 5.0 (as the later table). Colours: the same grid.
        .graduationRate: DashboardRules(
            lowerIsBetter: false,
            status: CutPoints(67.0, 80.0, 90.0, 95.0),
            change: CutPoints(-5.0, -0.9, 1.0, 5.0),
            table: ColourTables.graduation,
            groups: .graduation2018,
            checked: DashboardFileCheck(file: "graddownload2018.txt", year: 2018, colouredRows: 9_167)
        ),
        // Measured on the same file's DASS schools (`dass_flag` Y, 3,045 rows with a level) and county
        // offices (`coe_flag` Y, 247): Low from 67.0 (highest Very Low 66.7), Medium from 70.0, High
        // from 80.0 (highest Medium 79.7), Very High from 90.0. Change: Maintained −2.9…+2.9, Increased
        // from 3.0, Declined from −3.0; Increased Significantly from 10.0 (the file has 9.9 Increased and
        // 10.1 Increased Significantly) and Declined Significantly to −10.1 (−9.8 Declined, −10.4
        // Declined Significantly). Colours: the same grid.
        .graduationRateAlternative: DashboardRules(
            lowerIsBetter: false,
            status: CutPoints(67.0, 70.0, 80.0, 90.0),
            change: CutPoints(-10.0, -2.9, 3.0, 10.0),
            table: ColourTables.graduation,
            groups: .graduation2018,
            checked: DashboardFileCheck(file: "graddownload2018.txt", year: 2018, colouredRows: 1_495)
        ),
        // The English Learner Progress Indicator on ELPAC had no colour before 2023: 2018 (its first
        // ELPAC year) published only the level counts (elpidownload2018.txt: no status, levels or
        // colours; [P] the file), 2019 the Status only, and "Change and color were first reported in
        // 2023" ([P] https://cde.ca.gov/TA/ac/cm/dashboardelp.asp, research notes §1.5).
        .englishLearnerProgress: DashboardIndicator.englishLearnerProgress.latestRules.statusOnly,
    ]
}

extension DashboardIndicator {
    /// A group's placement under an edition's group rules: `nil` when it has fewer students than a
    /// Status is shown for; otherwise Status, Change when the prior year is there and large enough,
    /// the safety net's folding of the Change, and the colour when both years have the students for
    /// one. `fosterOrHomelessOfLEA`: the group is an LEA's foster youth or homeless students, whose
    /// colour minimum may be lower.
    ///
    /// ```swift
    /// // 2018: 75 of 100 graduated (75.0%, Low), 70 of 100 the year before (+5.0): under 150 students
    /// // the safety net folds Increased Significantly into Increased, and Low × Increased is Yellow.
    /// let placed = DashboardIndicator.graduationRate.placement(
    ///     current: DashboardValue(value: 75, students: 100), prior: DashboardValue(value: 70, students: 100),
    ///     fosterOrHomelessOfLEA: false, in: .fall2018)
    /// ```
    public func placement(
        current: DashboardValue,
        prior: DashboardValue?,
        fosterOrHomelessOfLEA: Bool,
        in edition: DashboardEdition
    ) -> DashboardPlacement? {
        let rules = rules(in: edition)
        let groups = rules.groups
        guard current.students >= groups.statusMinimum else { return nil }
        guard rules.colours else {
            return DashboardPlacement(
                performance: performance(current: current.value, prior: nil, in: edition),
                safetyNet: false,
                noColour: .statusOnlyYear
            )
        }
        let prior = prior.flatMap { $0.students >= groups.statusMinimum ? $0 : nil }
        let plain = performance(current: current.value, prior: prior?.value, in: edition)
        guard let prior, let changeLevel = plain.changeLevel else {
            return DashboardPlacement(performance: plain, safetyNet: false, noColour: .noPriorYear)
        }
        let safetyNet = groups.safetyNetBelow.map { current.students < $0 } ?? false
        let folded: ChangeLevel =
            switch changeLevel {
            case .declinedSignificantly where safetyNet: .declined
            case .increasedSignificantly where safetyNet: .increased
            default: changeLevel
            }
        let minimum = fosterOrHomelessOfLEA ? groups.fosterAndHomelessLEAColourMinimum : groups.colourMinimum
        let noColour: DashboardNoColour?
        let colour = rules.colour(status: plain.statusLevel, change: folded)
        if current.students < minimum {
            noColour = .tooFewStudents(minimum: minimum)
        } else if groups.priorYearMinimum && prior.students < minimum {
            noColour = .tooFewStudentsPriorYear(minimum: minimum)
        } else {
            noColour = colour == nil ? .cannotOccur : nil
        }
        return DashboardPlacement(
            performance: DashboardPerformance(
                status: plain.status,
                statusLevel: plain.statusLevel,
                change: plain.change,
                changeLevel: folded,
                colour: noColour == nil ? colour : nil
            ),
            safetyNet: safetyNet,
            noColour: noColour
        )
    }
}
