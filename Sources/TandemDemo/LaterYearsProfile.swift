import TandemDomain

/// What the generator steers toward after the calibrated years: the school years 2011–12 to 2023–24, of
/// which 2014–15 onward (the California School Dashboard era, CAASPP and ELPAC) are written.
///
/// Nothing here is a published figure. The values are plausible, chosen near the two districts' public
/// trends (enrollment falling, Latino and SED shares rising, fewer English learners, the 2020–22 dip in
/// test results), and the records are not calibrated to them: they are levels the simulation leans on.
struct LaterYearsProfile: Sendable {
    /// Years simulated after the calibrated ones. 2011–12 to 2013–14 run (students age, move, take courses,
    /// graduate) but are not written: the district's extract starts with 2014–15, the first CAASPP year.
    static let simulated = 2012...2024
    static let written = 2015...2024
    /// Spring 2020: no state tests (school closures; CAASPP and ELPAC were suspended).
    static let untested: Set<Int> = [2020]
    /// Spring 2021: CAASPP taken by few (districts could give local assessments instead, and testing
    /// was remote); the summative ELPAC was required but not everyone sat it.
    static let sparselyTested: Set<Int> = [2021]
    /// The first ninth-grade class scheduled into the A–G sequence whatever its plans (`onAGPathway`).
    static let agSequenceForAllFrom = 2016
    /// The annual CELDT was given in the fall through 2016–17; the summative ELPAC from spring 2018.
    static let lastCELDTYear = 2017
    /// From the 2018–19 administration, reclassification needs summative ELPAC level 4 (SBE, January 2019):
    /// from the census of 2019–20, whose newly reclassified students were judged on spring 2019's results.
    static let elpacReclassificationFrom = 2019
    /// Transitional kindergarten as a share of a grade's weight, by year: the pre-2022 TK (late birthdays)
    /// and then universal TK phasing in.
    static func transitionalKindergartenWeight(_ year: Int) -> Double {
        switch year {
        case ...2022: 1.2
        case 2023: 2.3
        default: 3.4
        }
    }

    /// Census-day enrollment in anchor years (the gap years run from the last calibrated year's).
    var enrollment: [Int: Int]
    /// Race/ethnicity, SED and EL shares (percent) in anchor years.
    let raceShares: [Int: [RaceEthnicity: Double]]
    let sedShares: [Int: Double]
    let elShares: [Int: Double]
    /// Share of CAASPP takers meeting or exceeding the standard (level 3 or 4), across grades, by year.
    let elaMet: [Int: Double]
    let mathMet: [Int: Double]
    /// Four-year graduation rates in anchor cohort years (below the share of a cohort still enrolled as
    /// seniors, so that some seniors do not graduate).
    let graduationRates: [Int: Double]
    /// Share of graduates reported A–G complete where the transcript starts after grade 9.
    let reportedAGRate: Double
    /// Share of grade-8 students in Algebra 1 (accelerated; most take Common Core Math 8).
    let grade8AlgebraShare: Double

    /// Grade offsets from the across-grades rate: math falls through the grades, ELA is highest in grade 11.
    static let elaGradeOffset = [3: -0.03, 4: -0.02, 5: 0.0, 6: -0.02, 7: 0.0, 8: -0.01, 11: 0.08]
    static let mathGradeOffset = [3: 0.07, 4: 0.03, 5: -0.01, 6: -0.01, 7: -0.01, 8: -0.03, 11: -0.06]

    /// The planned share meeting the standard in a CAASPP cell.
    func metRate(_ subject: String, grade: Int, _ year: Int) -> Double {
        let rate =
            subject == "ELA"
            ? LaterYearsProfile.piecewise(elaMet, year) + (LaterYearsProfile.elaGradeOffset[grade] ?? 0)
            : LaterYearsProfile.piecewise(mathMet, year) + (LaterYearsProfile.mathGradeOffset[grade] ?? 0)
        return min(0.9, max(0.05, rate))
    }

    func graduationRate(_ cohort: Int) -> Double { LaterYearsProfile.piecewise(graduationRates, cohort) }

    /// The value in `year` along straight lines between the anchors; flat beyond the first and last.
    static func piecewise(_ anchors: [Int: Double], _ year: Int) -> Double {
        let keys = anchors.keys.sorted()
        guard let first = keys.first, let last = keys.last else { return 0 }
        if year <= first { return anchors[first]! }
        if year >= last { return anchors[last]! }
        let upper = keys.first { $0 >= year }!
        let lower = keys.last { $0 <= year }!
        guard upper != lower else { return anchors[lower]! }
        return anchors[lower]! + (anchors[upper]! - anchors[lower]!) * Double(year - lower) / Double(upper - lower)
    }

    static let fresno = LaterYearsProfile(
        enrollment: [2015: 73_400, 2020: 73_300, 2022: 71_400, 2024: 70_700],
        raceShares: [
            2015: [
                .hispanic: 66.5, .africanAmerican: 8.8, .white: 10.0, .asian: 11.5, .filipino: 0.4,
                .pacificIslander: 0.3, .americanIndian: 0.5, .twoOrMore: 1.6, .notReported: 0.4,
            ],
            2024: [
                .hispanic: 69.5, .africanAmerican: 7.5, .white: 8.5, .asian: 10.5, .filipino: 0.4,
                .pacificIslander: 0.3, .americanIndian: 0.4, .twoOrMore: 2.3, .notReported: 0.6,
            ],
        ],
        sedShares: [2015: 86.0, 2024: 88.0],
        elShares: [2015: 22.5, 2024: 19.5],
        elaMet: [2015: 0.29, 2019: 0.38, 2021: 0.35, 2022: 0.34, 2024: 0.36],
        mathMet: [2015: 0.22, 2019: 0.29, 2021: 0.24, 2022: 0.23, 2024: 0.26],
        graduationRates: [2012: 0.76, 2015: 0.79, 2019: 0.84, 2022: 0.83, 2024: 0.845],
        reportedAGRate: 0.45,
        grade8AlgebraShare: 0.16
    )

    static let longBeach = LaterYearsProfile(
        enrollment: [2015: 79_700, 2020: 71_700, 2022: 67_500, 2024: 64_800],
        raceShares: [
            2015: [
                .hispanic: 56.0, .africanAmerican: 13.6, .white: 13.4, .asian: 7.5, .filipino: 3.5,
                .pacificIslander: 1.5, .americanIndian: 0.2, .twoOrMore: 3.6, .notReported: 0.7,
            ],
            2024: [
                .hispanic: 57.5, .africanAmerican: 11.8, .white: 12.5, .asian: 7.6, .filipino: 3.0,
                .pacificIslander: 1.3, .americanIndian: 0.2, .twoOrMore: 5.2, .notReported: 0.9,
            ],
        ],
        sedShares: [2015: 69.0, 2024: 67.0],
        elShares: [2015: 21.0, 2024: 15.0],
        elaMet: [2015: 0.44, 2019: 0.50, 2021: 0.47, 2022: 0.46, 2024: 0.47],
        mathMet: [2015: 0.33, 2019: 0.39, 2021: 0.33, 2022: 0.33, 2024: 0.35],
        graduationRates: [2012: 0.81, 2015: 0.82, 2019: 0.845, 2022: 0.835, 2024: 0.85],
        reportedAGRate: 0.55,
        grade8AlgebraShare: 0.2
    )
}
