// The California School Dashboard's "five-by-five" colour rules (2019 and 2023 onward): each state
// indicator places a current value (**Status**) in one of five levels and its difference from the prior
// year (**Change**) in one of five levels, and a five-by-five table maps the pair to one of five
// performance colours, Blue (best) to Red (worst).
//
// Research notes: `shared/spec/reference/california-rules.md`, section 1. Each table below says where
// it was checked and how sure we are, with the marks of those notes:
// **[P]** checked against a CDE page, **[S]** only against a secondary transcription, **[U]** unverified.
// The secondary source is `opensacorg/app-capanel-web`, files `backend/app/ingest/dashboard_reference.py`
// and `backend/app/service/color_calculator.py` (two transcriptions in one project, which agree with
// each other; its authors say the first reproduces every 2024–25 published classification; the second
// has no suspension tables).
// The CDE five-by-five pages (https://cde.ca.gov/ta/ac/cm/fivebyfivecolortables23.asp, …19.asp, …18.asp,
// …/fivebyfivecolortables.asp for 2017) hold every table, but the copies we could search held only the
// opening of each page, which reaches the chronic absenteeism and first suspension tables and no further.
//
// The rules are kept by Dashboard year (`DashboardEdition`): CDE changed cut points between years. The
// 2018 graduation tables, and the small-group rules around them (who gets a Status, a colour, the
// "safety net" under 150 students), were measured on CDE's own published file `graddownload2018.txt`
// and agree with every one of its 31,447 rows (`tandem state-files check`); see `DashboardEdition.swift`.
//
// Not modelled here: the reduced grids CDE applies to fewer than 150 students from 2019 on (not
// published as tables, [S]); the spring-2017 and fall-2017 Dashboards; the Science indicator
// (method [U]); hand-set colours (`dataerrorflag`); which student groups get no colour.

/// A performance level. Colour must never be the only signal, so each has a text label and a rank.
public enum DashboardColour: String, CaseIterable, Hashable, Sendable {
    case blue, green, yellow, orange, red

    /// "Blue" … "Red", as the Dashboard writes them.
    public var label: String {
        switch self {
        case .blue: "Blue"
        case .green: "Green"
        case .yellow: "Yellow"
        case .orange: "Orange"
        case .red: "Red"
        }
    }

    /// 5 for Blue (highest) down to 1 for Red (lowest).
    public var rank: Int {
        switch self {
        case .blue: 5
        case .green: 4
        case .yellow: 3
        case .orange: 2
        case .red: 1
        }
    }

    /// Orange or Red: the two levels the Equity Report counts student groups in.
    public var isLowestTwo: Bool { rank <= 2 }
}

/// Where the current value stands. Named by value, not by merit: for chronic absenteeism and
/// suspension "Very Low" is the best level.
public enum StatusLevel: CaseIterable, Hashable, Sendable {
    case veryHigh, high, medium, low, veryLow

    public var label: String {
        switch self {
        case .veryHigh: "Very High"
        case .high: "High"
        case .medium: "Medium"
        case .low: "Low"
        case .veryLow: "Very Low"
        }
    }

    /// Lowest value first, the order cut points are written in.
    static let byValue: [StatusLevel] = [.veryLow, .low, .medium, .high, .veryHigh]
}

/// How far the value moved from the prior year. Named by direction, not by merit: for chronic
/// absenteeism and suspension "Declined Significantly" is the best level.
public enum ChangeLevel: CaseIterable, Hashable, Sendable {
    case increasedSignificantly, increased, maintained, declined, declinedSignificantly

    public var label: String {
        switch self {
        case .increasedSignificantly: "Increased Significantly"
        case .increased: "Increased"
        case .maintained: "Maintained"
        case .declined: "Declined"
        case .declinedSignificantly: "Declined Significantly"
        }
    }

    /// Lowest value first, the order cut points are written in.
    static let byValue: [ChangeLevel] = [.declinedSignificantly, .declined, .maintained, .increased, .increasedSignificantly]
}

/// CDE's "standard rounding" of Status and Change: to the nearest tenth, halves away from zero.
public enum DashboardRounding {
    /// The value in whole tenths (44.95 → 450, −2.95 → −30), by `Measure.tenths`, the one rounding of
    /// every value shown. Requires a finite value of a Dashboard's size (DFS points and percentages are
    /// in the hundreds; anything past a billion is a bug upstream).
    public static func tenths(_ value: Double) -> Int {
        precondition(value.isFinite && abs(value) < 1e9, "a Dashboard value must be a finite number of ordinary size")
        return Measure.tenths(value)
    }
}

/// One indicator's placement: Status always; Change and colour when there is a prior year.
public struct DashboardPerformance: Hashable, Sendable {
    /// The current value rounded to a tenth, as displayed.
    public let status: Double
    public let statusLevel: StatusLevel
    /// Current minus prior, computed on the unrounded values and then rounded to a tenth.
    public let change: Double?
    public let changeLevel: ChangeLevel?
    /// `nil` without a prior year (as on the 2022 Dashboard, Status only) or for a cell the table
    /// marks as one that cannot occur.
    public let colour: DashboardColour?

    public init(
        status: Double,
        statusLevel: StatusLevel,
        change: Double?,
        changeLevel: ChangeLevel?,
        colour: DashboardColour?
    ) {
        self.status = status
        self.statusLevel = statusLevel
        self.change = change
        self.changeLevel = changeLevel
        self.colour = colour
    }
}

/// A state indicator with its own cut points and colour table. Academic indicators are in Distance
/// from Standard (DFS) points: the mean of each student's Smarter Balanced scale score minus the lowest
/// Level 3 ("Standard Met") score for their grade and subject. Every other indicator is a rate in
/// percent (0–100), and its Change is in percentage points.
public enum DashboardIndicator: CaseIterable, Hashable, Sendable {
    /// ELA, grades 3–8 (the default table).
    /// Status cut points [P]: CDE placement report, spring 2017,
    /// http://www6.cde.ca.gov/californiamodel/grid?indicator=ela&year=2017s&cdcode=&scode=0119610&reporttype=sgroups
    /// ("45 or more points above; 10 points above to less than 45 points above; 5 points below to less
    /// than 10 points above; more than 5 points below to 70 points below; more than 70 points below").
    /// Change cut points and colours [P] as quoted in the research notes from the fall-2017 report
    /// (…grid?indicator=ela&year=2017f&cdcode=&scode=6015465…); that page was not in the stored copies
    /// we could open, so this session saw them only in the [S] transcription, which agrees.
    case elaDistanceFromStandard
    /// Mathematics, grades 3–8. Status cut points [S] (both app-capanel-web files; no CDE page seen).
    /// Change cut points and colours: as ELA, [S] for Mathematics specifically.
    case mathDistanceFromStandard
    /// ELA for entities judged on grade 11 (`hscutpoints` = Y in the 2023+ files).
    /// Status cut points [S] (both app-capanel-web files; no CDE page seen). Change and colours as ELA [S].
    case elaDistanceFromStandardHighSchool
    /// Mathematics for entities judged on grade 11 (`hscutpoints` = Y).
    /// Status cut points [S] (both app-capanel-web files; no CDE page seen). Change and colours as ELA [S].
    case mathDistanceFromStandardHighSchool
    /// Graduation rate, percent. 2023 on: the combined four- and five-year rate; cut points and colours
    /// [S] (both app-capanel-web files); the stored CDE pages stop before this table. 2018: the four-year
    /// rate, cut points and colours measured on CDE's `graddownload2018.txt` (every row agrees).
    case graduationRate
    /// Graduation rate of Dashboard Alternative School Status (DASS) schools and county offices of
    /// education, whose cut points differ (`dass_flag` or `coe_flag` = Y in the files). 2018: measured on
    /// `graddownload2018.txt` (every row agrees). 2023 on: [U], the 2018 table kept until checked.
    case graduationRateAlternative
    /// English Learner Progress Indicator (ELPAC-based, 2019+): percent of ELs who gained an ELPI level
    /// or stayed at level 4. Cut points and colours [S] (both app-capanel-web files).
    case englishLearnerProgress
    /// College/Career Indicator: percent of the four-year cohort "Prepared". Cut points [S] (both
    /// app-capanel-web files); colours [S], the ELPI table, in both files.
    case collegeCareer
    /// Chronic absenteeism, grades K–8, percent; lower is better. Cut points and colours [P]:
    /// https://cde.ca.gov/Ta/ac/cm/fivebyfivecolortables23.asp (every range and all 25 cells, seen), and
    /// the 2024 placement report …/californiamodel/grid?indicator=chron&year=2024&cdcode=&scode=0139105 .
    /// The 2019 page (…19.asp) has the same cells and cuts ("by greater than 3.0%"); the 2017 and 2018
    /// pages put +3.0 itself in Increased Significantly ("by 3.0% or more").
    case chronicAbsenteeism
    /// Suspension, elementary school district (file `type` ED), percent; lower is better. Cut points
    /// [P] and the Very Low, Low and Medium rows [P]: the 2017 CDE page
    /// https://www.cde.ca.gov/ta/ac/cm/fivebyfivecolortables.asp (the stored copy stops inside the High
    /// row); High and Very High rows [S]. The 2019 page has the same opening cells.
    case suspensionElementaryDistrict
    /// Suspension, high school district (`type` HD). Cut points and colours [S].
    case suspensionHighSchoolDistrict
    /// Suspension, unified district and K–12 school (`type` UD). Cut points and colours [S].
    case suspensionUnifiedDistrict
    /// Suspension, elementary school (`type` ES). Cut points and colours [S].
    case suspensionElementarySchool
    /// Suspension, middle school (`type` MS). Cut points and colours [S].
    case suspensionMiddleSchool
    /// Suspension, high school (`type` HS). Cut points [P]: 2024 placement report
    /// https://www6.cde.ca.gov/californiamodel/grid?indicator=susp&year=2024&cdcode=&scode=0139212&reporttype=sgroups ;
    /// colours [S], of which Very High × Declined (Orange) is seen on that report.
    case suspensionHighSchool

    /// Whether the whole table (cut points and colours) of the latest edition was checked against CDE
    /// pages — the [P] marks above; every other table rests, at least in part, on the secondary
    /// transcription [S]. An edition's table checked against a CDE file says so in `checkedAgainst(in:)`.
    public var checkedAgainstCDE: Bool {
        switch self {
        case .elaDistanceFromStandard, .chronicAbsenteeism: true
        default: false
        }
    }

    /// The CDE file an edition's table (cut points, colours and small-group rules) was checked against
    /// row by row, with how many coloured rows agreed; `nil` when it was not.
    public func checkedAgainst(in edition: DashboardEdition) -> DashboardFileCheck? {
        rules(in: edition).checked
    }

    /// For chronic absenteeism and suspension a low rate is good: Very Low status and Declined
    /// Significantly change are the best cells.
    public var lowerIsBetter: Bool { rules(in: .latest).lowerIsBetter }

    /// Who gets a Status, a Change and a colour in an edition.
    public func groups(in edition: DashboardEdition) -> DashboardGroupRules { rules(in: edition).groups }

    /// The Status level of a current value (DFS points or percent), after rounding to a tenth.
    public func status(_ value: Double, in edition: DashboardEdition = .latest) -> StatusLevel {
        StatusLevel.byValue[rules(in: edition).status.band(DashboardRounding.tenths(value))]
    }

    /// The Change level of a difference (current minus prior, unrounded), after rounding to a tenth.
    public func change(_ value: Double, in edition: DashboardEdition = .latest) -> ChangeLevel {
        ChangeLevel.byValue[rules(in: edition).change.band(DashboardRounding.tenths(value))]
    }

    /// The colour of a cell, or `nil` where the table says the combination cannot occur.
    public func colour(status: StatusLevel, change: ChangeLevel, in edition: DashboardEdition = .latest) -> DashboardColour? {
        rules(in: edition).colour(status: status, change: change)
    }

    /// Status, and when there is a prior year Change and colour. Change comes from the unrounded
    /// values, as CDE computes it: never from the rounded Status values. No group-size rules: see
    /// `placement(current:prior:fosterOrHomelessOfLEA:in:)` for those.
    public func performance(current: Double, prior: Double?, in edition: DashboardEdition = .latest) -> DashboardPerformance {
        let rules = rules(in: edition)
        let statusTenths = DashboardRounding.tenths(current)
        let statusLevel = StatusLevel.byValue[rules.status.band(statusTenths)]
        guard let prior else {
            return DashboardPerformance(
                status: Double(statusTenths) / 10,
                statusLevel: statusLevel,
                change: nil,
                changeLevel: nil,
                colour: nil
            )
        }
        let changeTenths = DashboardRounding.tenths(current - prior)
        let changeLevel = ChangeLevel.byValue[rules.change.band(changeTenths)]
        return DashboardPerformance(
            status: Double(statusTenths) / 10,
            statusLevel: statusLevel,
            change: Double(changeTenths) / 10,
            changeLevel: changeLevel,
            colour: rules.colour(status: statusLevel, change: changeLevel)
        )
    }
}

// MARK: - The tables

/// Four cut points in whole tenths, lowest first. Each is the smallest value of the next level up:
/// for Status, Low, Medium, High and Very High; for Change, Declined, Maintained, Increased and
/// Increased Significantly. CDE publishes ranges ("−5.0 to +9.9"); on tenths the two say the same.
struct CutPoints: Hashable, Sendable {
    let tenths: [Int]

    init(_ low: Double, _ medium: Double, _ high: Double, _ veryHigh: Double) {
        tenths = [low, medium, high, veryHigh].map(DashboardRounding.tenths)
    }

    /// 0 (the lowest level) to 4 (the highest): how many cut points a rounded value reaches.
    func band(_ value: Int) -> Int { tenths.count { value >= $0 } }

    /// Change in DFS points, ELA and Mathematics, both tables (fall 2017 onward).
    static let academicChange = CutPoints(-15.0, -2.9, 3.0, 15.0)
}

/// One indicator's cut points and colour table.
struct DashboardRules: Sendable {
    let lowerIsBetter: Bool
    let status: CutPoints
    let change: CutPoints
    /// As CDE prints it: rows best Status first (Very High, or Very Low when lower is better),
    /// columns worst Change first (Declined Significantly, or Increased Significantly).
    let table: [[DashboardColour?]]
    /// Who gets a Status and a colour, and the small-group rules.
    var groups: DashboardGroupRules = .notChecked
    /// The CDE file the whole table was checked against, row by row.
    var checked: DashboardFileCheck? = nil
    /// Whether the year gave the indicator a Change and a colour at all, or its Status only.
    var colours = true

    /// The same table in a Status-only year.
    var statusOnly: DashboardRules {
        var rules = unchecked
        rules.colours = false
        return rules
    }

    /// The same table with its check removed: a later year that kept it without being checked again.
    var unchecked: DashboardRules {
        DashboardRules(lowerIsBetter: lowerIsBetter, status: status, change: change, table: table)
    }

    func colour(status: StatusLevel, change: ChangeLevel) -> DashboardColour? {
        let rows = lowerIsBetter ? StatusLevel.byValue : StatusLevel.byValue.reversed()
        let columns = lowerIsBetter ? ChangeLevel.byValue.reversed() : ChangeLevel.byValue
        return table[rows.firstIndex(of: status)!][columns.firstIndex(of: change)!]
    }
}

/// The colour tables, shared where CDE shares them.
enum ColourTables {
    /// ELA and Mathematics, both cut-point tables. [P] for ELA (fall 2017, as quoted in the research
    /// notes), [S] for the rest.
    static let academic: [[DashboardColour?]] = [
        [.green, .green, .blue, .blue, .blue],  // Very High
        [.green, .green, .green, .green, .blue],  // High
        [.yellow, .yellow, .yellow, .green, .green],  // Medium
        [.orange, .orange, .orange, .yellow, .yellow],  // Low
        [.red, .red, .red, .orange, .orange],  // Very Low
    ]

    /// Graduation rate [S]. Very High × Declined Significantly cannot occur: it needs a prior rate
    /// above 100%.
    static let graduation: [[DashboardColour?]] = [
        [nil, .blue, .blue, .blue, .blue],  // Very High
        [.orange, .yellow, .green, .green, .blue],  // High
        [.orange, .orange, .yellow, .green, .green],  // Medium
        [.red, .orange, .orange, .yellow, .yellow],  // Low
        [.red, .red, .red, .red, .red],  // Very Low
    ]

    /// ELPI and CCI [S], and chronic absenteeism [P] (fivebyfivecolortables23.asp), whose rows run
    /// Very Low to Very High and columns Increased Significantly to Declined Significantly.
    static let progress: [[DashboardColour?]] = [
        [.yellow, .green, .blue, .blue, .blue],
        [.orange, .yellow, .green, .green, .blue],
        [.orange, .orange, .yellow, .green, .green],
        [.red, .orange, .orange, .yellow, .yellow],
        [.red, .red, .red, .orange, .yellow],
    ]

    /// Suspension, rows Very Low to Very High, columns Increased Significantly to Declined
    /// Significantly. Very Low × Increased Significantly cannot occur (it needs a negative prior
    /// rate); Low × Increased Significantly cannot occur either except for high school and unified
    /// districts, whose Low band reaches past their Increased Significantly cut, where it is Orange.
    static func suspension(lowIncreasedSignificantly: DashboardColour?) -> [[DashboardColour?]] {
        [
            [nil, .green, .blue, .blue, .blue],  // Very Low
            [lowIncreasedSignificantly, .yellow, .green, .green, .blue],  // Low
            [.orange, .orange, .yellow, .green, .green],  // Medium
            [.red, .orange, .orange, .yellow, .yellow],  // High
            [.red, .red, .red, .orange, .yellow],  // Very High
        ]
    }
}

extension DashboardIndicator {
    /// The rules of an edition: the tables CDE changed for that Dashboard year, the latest ones otherwise.
    func rules(in edition: DashboardEdition) -> DashboardRules {
        switch edition {
        case .fall2018: DashboardRules.fall2018[self] ?? latestRules
        case .fall2022: latestRules.statusOnly
        case .fall2023: latestRules
        }
    }

    /// The 2023-onward tables. Status cut points are the smallest value of Low, Medium, High and Very
    /// High; change cut points the smallest of Declined, Maintained, Increased and Increased Significantly.
    var latestRules: DashboardRules {
        switch self {
        case .elaDistanceFromStandard:
            // Very High ≥ +45.0, High +10.0…+44.9, Medium −5.0…+9.9, Low −70.0…−5.1, Very Low ≤ −70.1.
            DashboardRules(
                lowerIsBetter: false,
                status: CutPoints(-70.0, -5.0, 10.0, 45.0),
                change: .academicChange,
                table: ColourTables.academic
            )
        case .mathDistanceFromStandard:
            // Very High ≥ +35.0, High 0.0…+34.9, Medium −25.0…−0.1, Low −95.0…−25.1, Very Low ≤ −95.1.
            DashboardRules(
                lowerIsBetter: false,
                status: CutPoints(-95.0, -25.0, 0.0, 35.0),
                change: .academicChange,
                table: ColourTables.academic
            )
        case .elaDistanceFromStandardHighSchool:
            // Very High ≥ +75.0, High +30.0…+74.9, Medium 0.0…+29.9, Low −45.0…−0.1, Very Low ≤ −45.1.
            DashboardRules(
                lowerIsBetter: false,
                status: CutPoints(-45.0, 0.0, 30.0, 75.0),
                change: .academicChange,
                table: ColourTables.academic
            )
        case .mathDistanceFromStandardHighSchool:
            // Very High ≥ +25.0, High 0.0…+24.9, Medium −60.0…−0.1, Low −115.0…−60.1, Very Low ≤ −115.1.
            DashboardRules(
                lowerIsBetter: false,
                status: CutPoints(-115.0, -60.0, 0.0, 25.0),
                change: .academicChange,
                table: ColourTables.academic
            )
        case .graduationRate:
            // Status ≥95.0 / 90.5–94.9 / 80.0–90.4 / 68.0–79.9 / ≤67.9;
            // change ≥+5.0 / +1.0…+4.9 / −0.9…+0.9 / −5.0…−1.0 / ≤−5.1.
            DashboardRules(
                lowerIsBetter: false,
                status: CutPoints(68.0, 80.0, 90.5, 95.0),
                change: CutPoints(-5.0, -0.9, 1.0, 5.0),
                table: ColourTables.graduation
            )
        case .graduationRateAlternative:
            // [U] for 2023 on: no table seen; the 2018 one (measured) is kept until checked.
            DashboardRules.fall2018[.graduationRateAlternative]!.unchecked
        case .englishLearnerProgress:
            // Status ≥65.0 / 55.0–64.9 / 45.0–54.9 / 35.0–44.9 / ≤34.9;
            // change ≥+10.0 / +2.0…+9.9 / −1.9…+1.9 / −10.0…−2.0 / ≤−10.1.
            DashboardRules(
                lowerIsBetter: false,
                status: CutPoints(35.0, 45.0, 55.0, 65.0),
                change: CutPoints(-10.0, -1.9, 2.0, 10.0),
                table: ColourTables.progress
            )
        case .collegeCareer:
            // Status ≥70.0 / 55.0–69.9 / 35.0–54.9 / 10.0–34.9 / ≤9.9;
            // change ≥+9.0 / +2.0…+8.9 / −1.9…+1.9 / −9.0…−2.0 / ≤−9.1.
            DashboardRules(
                lowerIsBetter: false,
                status: CutPoints(10.0, 35.0, 55.0, 70.0),
                change: CutPoints(-9.0, -1.9, 2.0, 9.0),
                table: ColourTables.progress
            )
        case .chronicAbsenteeism:
            // Status ≤2.5 / 2.6–5.0 / 5.1–10.0 / 10.1–20.0 / ≥20.1;
            // change ≥+3.1 / +0.5…+3.0 / −0.4…+0.4 / −0.5…−2.9 / ≤−3.0.
            DashboardRules(
                lowerIsBetter: true,
                status: CutPoints(2.6, 5.1, 10.1, 20.1),
                change: CutPoints(-2.9, -0.4, 0.5, 3.1),
                table: ColourTables.progress
            )
        case .suspensionElementaryDistrict:
            // Status ≤0.5 / 0.6–1.5 / 1.6–3.0 / 3.1–6.0 / ≥6.1; change ≥+2.1 / +0.3…+2.0 / ±0.2 / −0.3…−1.9 / ≤−2.0.
            DashboardRules(
                lowerIsBetter: true,
                status: CutPoints(0.6, 1.6, 3.1, 6.1),
                change: CutPoints(-1.9, -0.2, 0.3, 2.1),
                table: ColourTables.suspension(lowIncreasedSignificantly: nil)
            )
        case .suspensionHighSchoolDistrict:
            // Status ≤1.5 / 1.6–3.5 / 3.6–6.0 / 6.1–9.0 / ≥9.1; change ≥+3.1 / +0.5…+3.0 / ±0.4 / −0.5…−2.9 / ≤−3.0.
            DashboardRules(
                lowerIsBetter: true,
                status: CutPoints(1.6, 3.6, 6.1, 9.1),
                change: CutPoints(-2.9, -0.4, 0.5, 3.1),
                table: ColourTables.suspension(lowIncreasedSignificantly: .orange)
            )
        case .suspensionUnifiedDistrict:
            // Status ≤1.0 / 1.1–2.5 / 2.6–4.5 / 4.6–8.0 / ≥8.1; change ≥+2.1 / +0.3…+2.0 / ±0.2 / −0.3…−1.9 / ≤−2.0.
            DashboardRules(
                lowerIsBetter: true,
                status: CutPoints(1.1, 2.6, 4.6, 8.1),
                change: CutPoints(-1.9, -0.2, 0.3, 2.1),
                table: ColourTables.suspension(lowIncreasedSignificantly: .orange)
            )
        case .suspensionElementarySchool:
            // Status ≤0.5 / 0.6–1.0 / 1.1–3.0 / 3.1–6.0 / ≥6.1; change ≥+2.1 / +0.3…+2.0 / ±0.2 / −0.3…−0.9 / ≤−1.0.
            DashboardRules(
                lowerIsBetter: true,
                status: CutPoints(0.6, 1.1, 3.1, 6.1),
                change: CutPoints(-0.9, -0.2, 0.3, 2.1),
                table: ColourTables.suspension(lowIncreasedSignificantly: nil)
            )
        case .suspensionMiddleSchool:
            // Status ≤0.5 / 0.6–2.0 / 2.1–8.0 / 8.1–12.0 / ≥12.1; change ≥+4.1 / +0.3…+4.0 / ±0.2 / −0.3…−2.9 / ≤−3.0.
            DashboardRules(
                lowerIsBetter: true,
                status: CutPoints(0.6, 2.1, 8.1, 12.1),
                change: CutPoints(-2.9, -0.2, 0.3, 4.1),
                table: ColourTables.suspension(lowIncreasedSignificantly: nil)
            )
        case .suspensionHighSchool:
            // Status ≤0.5 / 0.6–1.5 / 1.6–6.0 / 6.1–10.0 / ≥10.1; change ≥+3.1 / +0.3…+3.0 / ±0.2 / −0.3…−1.9 / ≤−2.0.
            DashboardRules(
                lowerIsBetter: true,
                status: CutPoints(0.6, 1.6, 6.1, 10.1),
                change: CutPoints(-1.9, -0.2, 0.3, 3.1),
                table: ColourTables.suspension(lowIncreasedSignificantly: nil)
            )
        }
    }
}
