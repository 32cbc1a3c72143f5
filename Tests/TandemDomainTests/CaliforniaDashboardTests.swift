import TandemDomain
import Testing

/// The Dashboard's five-by-five rules against the tables of `shared/spec/reference/california-rules.md`
/// §1.3–1.8, typed again here by hand rather than read from the implementation.
@Suite struct CaliforniaDashboardTests {
    /// One indicator as the research notes print it.
    struct Expected: Sendable, CustomTestStringConvertible {
        let indicator: DashboardIndicator
        let lowerIsBetter: Bool
        /// The smallest value of Low, Medium, High and Very High.
        let status: [Double]
        /// The smallest value of Declined, Maintained, Increased and Increased Significantly.
        let change: [Double]
        /// Rows best Status first, columns worst Change first, as CDE prints them; "N/A" where the
        /// combination cannot occur.
        let grid: [String]
        /// The Dashboard year whose tables these are.
        var edition: DashboardEdition = .latest

        var testDescription: String { "\(indicator) \(edition.rawValue)" }

        var rows: [StatusLevel] {
            lowerIsBetter ? [.veryLow, .low, .medium, .high, .veryHigh] : [.veryHigh, .high, .medium, .low, .veryLow]
        }

        var columns: [ChangeLevel] {
            let worstFirst: [ChangeLevel] = [.declinedSignificantly, .declined, .maintained, .increased, .increasedSignificantly]
            return lowerIsBetter ? worstFirst.reversed() : worstFirst
        }
    }

    // §1.3: one grid for ELA, Mathematics and both high-school tables.
    static let academic = [
        "Green Green Blue Blue Blue",
        "Green Green Green Green Blue",
        "Yellow Yellow Yellow Green Green",
        "Orange Orange Orange Yellow Yellow",
        "Red Red Red Orange Orange",
    ]
    static let academicChange = [-15.0, -2.9, 3.0, 15.0]

    // §1.4.
    static let graduation = [
        "N/A Blue Blue Blue Blue",
        "Orange Yellow Green Green Blue",
        "Orange Orange Yellow Green Green",
        "Red Orange Orange Yellow Yellow",
        "Red Red Red Red Red",
    ]

    // §1.5 (ELPI), §1.6 (CCI: "same as ELPI").
    static let progress = [
        "Yellow Green Blue Blue Blue",
        "Orange Yellow Green Green Blue",
        "Orange Orange Yellow Green Green",
        "Red Orange Orange Yellow Yellow",
        "Red Red Red Orange Yellow",
    ]

    // §1.7, rows Very Low to Very High, columns Increased Significantly to Declined Significantly.
    static let chronic = [
        "Yellow Green Blue Blue Blue",
        "Orange Yellow Green Green Blue",
        "Orange Orange Yellow Green Green",
        "Red Orange Orange Yellow Yellow",
        "Red Red Red Orange Yellow",
    ]

    // §1.8, same orientation; Low × Increased Significantly is N/A for ED, ES, MS, HS.
    static let suspension = [
        "N/A Green Blue Blue Blue",
        "N/A Yellow Green Green Blue",
        "Orange Orange Yellow Green Green",
        "Red Orange Orange Yellow Yellow",
        "Red Red Red Orange Yellow",
    ]
    // Orange for HD and UD.
    static let suspensionWideLow = [
        "N/A Green Blue Blue Blue",
        "Orange Yellow Green Green Blue",
        "Orange Orange Yellow Green Green",
        "Red Orange Orange Yellow Yellow",
        "Red Red Red Orange Yellow",
    ]

    static let expectations: [Expected] = [
        Expected(
            indicator: .elaDistanceFromStandard,
            lowerIsBetter: false,
            status: [-70.0, -5.0, 10.0, 45.0],
            change: academicChange,
            grid: academic
        ),
        Expected(
            indicator: .mathDistanceFromStandard,
            lowerIsBetter: false,
            status: [-95.0, -25.0, 0.0, 35.0],
            change: academicChange,
            grid: academic
        ),
        Expected(
            indicator: .elaDistanceFromStandardHighSchool,
            lowerIsBetter: false,
            status: [-45.0, 0.0, 30.0, 75.0],
            change: academicChange,
            grid: academic
        ),
        Expected(
            indicator: .mathDistanceFromStandardHighSchool,
            lowerIsBetter: false,
            status: [-115.0, -60.0, 0.0, 25.0],
            change: academicChange,
            grid: academic
        ),
        Expected(
            indicator: .graduationRate,
            lowerIsBetter: false,
            status: [68.0, 80.0, 90.5, 95.0],
            change: [-5.0, -0.9, 1.0, 5.0],
            grid: graduation
        ),
        // Not in the notes: measured on CDE's graddownload2018.txt (DASS schools and county offices),
        // kept for 2023 on until checked.
        Expected(
            indicator: .graduationRateAlternative,
            lowerIsBetter: false,
            status: [67.0, 70.0, 80.0, 90.0],
            change: [-10.0, -2.9, 3.0, 10.0],
            grid: graduation
        ),
        // The 2018 Dashboard, measured on CDE's graddownload2018.txt (§1.4 "Measured against CDE's own
        // published files": Low from 67.0, High from 90.0).
        Expected(
            indicator: .graduationRate,
            lowerIsBetter: false,
            status: [67.0, 80.0, 90.0, 95.0],
            change: [-5.0, -0.9, 1.0, 5.0],
            grid: graduation,
            edition: .fall2018
        ),
        Expected(
            indicator: .graduationRateAlternative,
            lowerIsBetter: false,
            status: [67.0, 70.0, 80.0, 90.0],
            change: [-10.0, -2.9, 3.0, 10.0],
            grid: graduation,
            edition: .fall2018
        ),
        Expected(
            indicator: .englishLearnerProgress,
            lowerIsBetter: false,
            status: [35.0, 45.0, 55.0, 65.0],
            change: [-10.0, -1.9, 2.0, 10.0],
            grid: progress
        ),
        Expected(
            indicator: .collegeCareer,
            lowerIsBetter: false,
            status: [10.0, 35.0, 55.0, 70.0],
            change: [-9.0, -1.9, 2.0, 9.0],
            grid: progress
        ),
        Expected(
            indicator: .chronicAbsenteeism,
            lowerIsBetter: true,
            status: [2.6, 5.1, 10.1, 20.1],
            change: [-2.9, -0.4, 0.5, 3.1],
            grid: chronic
        ),
        Expected(
            indicator: .suspensionElementaryDistrict,
            lowerIsBetter: true,
            status: [0.6, 1.6, 3.1, 6.1],
            change: [-1.9, -0.2, 0.3, 2.1],
            grid: suspension
        ),
        Expected(
            indicator: .suspensionHighSchoolDistrict,
            lowerIsBetter: true,
            status: [1.6, 3.6, 6.1, 9.1],
            change: [-2.9, -0.4, 0.5, 3.1],
            grid: suspensionWideLow
        ),
        Expected(
            indicator: .suspensionUnifiedDistrict,
            lowerIsBetter: true,
            status: [1.1, 2.6, 4.6, 8.1],
            change: [-1.9, -0.2, 0.3, 2.1],
            grid: suspensionWideLow
        ),
        Expected(
            indicator: .suspensionElementarySchool,
            lowerIsBetter: true,
            status: [0.6, 1.1, 3.1, 6.1],
            change: [-0.9, -0.2, 0.3, 2.1],
            grid: suspension
        ),
        Expected(
            indicator: .suspensionMiddleSchool,
            lowerIsBetter: true,
            status: [0.6, 2.1, 8.1, 12.1],
            change: [-2.9, -0.2, 0.3, 4.1],
            grid: suspension
        ),
        Expected(
            indicator: .suspensionHighSchool,
            lowerIsBetter: true,
            status: [0.6, 1.6, 6.1, 10.1],
            change: [-1.9, -0.2, 0.3, 3.1],
            grid: suspension
        ),
    ]

    static let statusByValue: [StatusLevel] = [.veryLow, .low, .medium, .high, .veryHigh]
    static let changeByValue: [ChangeLevel] = [.declinedSignificantly, .declined, .maintained, .increased, .increasedSignificantly]

    @Test func everyIndicatorIsTabulatedHere() {
        let latest = Self.expectations.filter { $0.edition == .latest }
        #expect(Set(latest.map(\.indicator)) == Set(DashboardIndicator.allCases))
        #expect(latest.count == DashboardIndicator.allCases.count)
        // The 2018 edition's own tables are tabulated here too (2022's are the latest, Status only).
        #expect(Set(Self.expectations.map(\.edition)) == [.fall2018, .latest])
    }

    @Test(arguments: expectations)
    func everyCellOfTheGrid(_ expected: Expected) {
        let indicator = expected.indicator
        #expect(indicator.lowerIsBetter == expected.lowerIsBetter)
        #expect(expected.grid.count == 5)
        for (row, status) in zip(expected.grid, expected.rows) {
            let labels = row.split(separator: " ").map(String.init)
            #expect(labels.count == 5)
            for (label, change) in zip(labels, expected.columns) {
                let colour = indicator.colour(status: status, change: change, in: expected.edition)
                #expect(colour?.label ?? "N/A" == label, "\(status.label) × \(change.label)")
            }
        }
    }

    /// The same cells reached from values: a Status at the bottom of each level and a Change at the
    /// bottom of each level, through `performance(current:prior:)`.
    @Test(arguments: expectations)
    func everyCellFromValues(_ expected: Expected) {
        let statusValues = [expected.status[0] - 1] + expected.status
        let changeValues = [expected.change[0] - 1] + expected.change
        for (statusIndex, current) in statusValues.enumerated() {
            for (changeIndex, change) in changeValues.enumerated() {
                let status = Self.statusByValue[statusIndex]
                let changeLevel = Self.changeByValue[changeIndex]
                let performance = expected.indicator.performance(current: current, prior: current - change, in: expected.edition)
                #expect(performance.statusLevel == status, "\(current)")
                #expect(performance.changeLevel == changeLevel, "\(change)")
                let row = expected.rows.firstIndex(of: status)!
                let column = expected.columns.firstIndex(of: changeLevel)!
                let label = expected.grid[row].split(separator: " ")[column]
                #expect(performance.colour?.label ?? "N/A" == String(label), "\(status.label) × \(changeLevel.label)")
            }
        }
    }

    @Test(arguments: expectations)
    func statusCutPoints(_ expected: Expected) {
        let indicator = expected.indicator
        for (index, cut) in expected.status.enumerated() {
            let above = Self.statusByValue[index + 1]
            let below = Self.statusByValue[index]
            #expect(indicator.status(cut, in: expected.edition) == above, "at \(cut)")
            #expect(indicator.status(cut + 0.04, in: expected.edition) == above, "just above \(cut)")
            #expect(indicator.status(cut - 0.04, in: expected.edition) == above, "rounds up onto \(cut)")
            #expect(indicator.status(cut - 0.06, in: expected.edition) == below, "rounds to a tenth below \(cut)")
            #expect(indicator.status(cut - 0.1, in: expected.edition) == below, "a tenth below \(cut)")
            // A half rounds away from zero: onto a positive cut, off a negative (or zero) one.
            #expect(indicator.status(cut - 0.05, in: expected.edition) == (cut > 0 ? above : below), "half below \(cut)")
        }
        #expect(indicator.status(-1_000, in: expected.edition) == .veryLow)
        #expect(indicator.status(1_000, in: expected.edition) == .veryHigh)
    }

    @Test(arguments: expectations)
    func changeCutPoints(_ expected: Expected) {
        let indicator = expected.indicator
        for (index, cut) in expected.change.enumerated() {
            let above = Self.changeByValue[index + 1]
            let below = Self.changeByValue[index]
            #expect(indicator.change(cut, in: expected.edition) == above, "at \(cut)")
            #expect(indicator.change(cut + 0.04, in: expected.edition) == above, "just above \(cut)")
            #expect(indicator.change(cut - 0.04, in: expected.edition) == above, "rounds up onto \(cut)")
            #expect(indicator.change(cut - 0.06, in: expected.edition) == below, "rounds to a tenth below \(cut)")
            #expect(indicator.change(cut - 0.1, in: expected.edition) == below, "a tenth below \(cut)")
            #expect(indicator.change(cut - 0.05, in: expected.edition) == (cut > 0 ? above : below), "half below \(cut)")
        }
        #expect(indicator.change(-1_000, in: expected.edition) == .declinedSignificantly)
        #expect(indicator.change(1_000, in: expected.edition) == .increasedSignificantly)
    }

    /// A check on the transcription: every cell the notes call N/A is one no pair of rates in 0–100%
    /// can reach (prior = current − change).
    @Test(arguments: expectations.filter { $0.grid.contains { $0.contains("N/A") } })
    func cellsThatCannotOccurAreImpossible(_ expected: Expected) {
        func range(_ cuts: [Double], _ index: Int) -> (lowest: Double, highest: Double) {
            (index == 0 ? -.infinity : cuts[index - 1], index == 4 ? .infinity : cuts[index] - 0.1)
        }
        for (row, status) in zip(expected.grid, expected.rows) {
            for (label, change) in zip(row.split(separator: " "), expected.columns) where label == "N/A" {
                let current = range(expected.status, Self.statusByValue.firstIndex(of: status)!)
                let difference = range(expected.change, Self.changeByValue.firstIndex(of: change)!)
                let lowestPrior = max(current.lowest, 0) - difference.highest
                let highestPrior = min(current.highest, 100) - difference.lowest
                #expect(highestPrior < 0 || lowestPrior > 100, "\(status.label) × \(change.label)")
            }
        }
    }

    @Test func statusAndChangeRoundToTheNearestTenthHalvesAwayFromZero() {
        #expect(DashboardIndicator.elaDistanceFromStandard.status(45.0) == .veryHigh)
        #expect(DashboardIndicator.elaDistanceFromStandard.status(44.95) == .veryHigh)
        #expect(DashboardIndicator.elaDistanceFromStandard.status(44.94) == .high)
        #expect(DashboardIndicator.elaDistanceFromStandard.change(-2.95) == .declined)
        #expect(DashboardIndicator.elaDistanceFromStandard.change(-2.94) == .maintained)
        // Every x.x5 from −1999.95 to +2000.05, written as the nearest double, rounds away from zero.
        let wrong = (-20_000...20_000).filter { (k: Int) -> Bool in
            let half = Double(2 * k + 1) / 20
            let awayFromZero = k >= 0 ? k + 1 : k
            return DashboardRounding.tenths(half) != awayFromZero
        }
        #expect(wrong.isEmpty)
        #expect(DashboardRounding.tenths(0.35) == 4)
        #expect(DashboardRounding.tenths(-0.35) == -4)
        #expect(DashboardRounding.tenths(0.3499) == 3)
        #expect(DashboardRounding.tenths(-0.04) == 0)
    }

    @Test func performanceWithoutAPriorYearIsStatusOnly() {
        let performance = DashboardIndicator.elaDistanceFromStandard.performance(current: 12.345, prior: nil)
        #expect(performance.status == 12.3)
        #expect(performance.statusLevel == .high)
        #expect(performance.change == nil)
        #expect(performance.changeLevel == nil)
        #expect(performance.colour == nil)
    }

    @Test func performanceWithAPriorYear() {
        let ela = DashboardIndicator.elaDistanceFromStandard.performance(current: 50.0, prior: 30.0)
        #expect(
            ela
                == DashboardPerformance(
                    status: 50.0,
                    statusLevel: .veryHigh,
                    change: 20.0,
                    changeLevel: .increasedSignificantly,
                    colour: .blue
                )
        )
        // Lower is better: a high absence rate that fell a lot is Yellow; a very high one that rose is Red.
        let fell = DashboardIndicator.chronicAbsenteeism.performance(current: 12.0, prior: 16.0)
        #expect(fell.statusLevel == .high)
        #expect(fell.changeLevel == .declinedSignificantly)
        #expect(fell.colour == .yellow)
        let rose = DashboardIndicator.chronicAbsenteeism.performance(current: 21.0, prior: 17.0)
        #expect(rose.statusLevel == .veryHigh && rose.changeLevel == .increasedSignificantly && rose.colour == .red)
        // A high school district's Low band reaches past its Increased Significantly cut.
        let district = DashboardIndicator.suspensionHighSchoolDistrict.performance(current: 3.5, prior: 0.2)
        #expect(district.statusLevel == .low && district.changeLevel == .increasedSignificantly)
        #expect(district.colour == .orange)
    }

    @Test func changeComesFromTheUnroundedValues() {
        // 5.04 − 2.08 = 2.96 → 3.0, Increased (Green). From the rounded Status values, 5.0 − 2.1 = 2.9
        // would be Maintained (Yellow).
        let performance = DashboardIndicator.elaDistanceFromStandard.performance(current: 5.04, prior: 2.08)
        #expect(performance.status == 5.0)
        #expect(performance.statusLevel == .medium)
        #expect(performance.change == 3.0)
        #expect(performance.changeLevel == .increased)
        #expect(performance.colour == .green)
    }

    @Test func aCellThatCannotOccurHasNoColour() {
        // Very High graduation that declined significantly would need a prior rate above 100%.
        let performance = DashboardIndicator.graduationRate.performance(current: 96.0, prior: 102.0)
        #expect(performance.statusLevel == .veryHigh)
        #expect(performance.changeLevel == .declinedSignificantly)
        #expect(performance.colour == nil)
        #expect(DashboardIndicator.suspensionElementaryDistrict.colour(status: .veryLow, change: .increasedSignificantly) == nil)
    }

    @Test func everyLevelHasAText() {
        #expect(DashboardColour.allCases.map(\.label) == ["Blue", "Green", "Yellow", "Orange", "Red"])
        #expect(DashboardColour.allCases.map(\.rank) == [5, 4, 3, 2, 1])
        #expect(DashboardColour.allCases.filter(\.isLowestTwo) == [.orange, .red])
        #expect(StatusLevel.allCases.map(\.label) == ["Very High", "High", "Medium", "Low", "Very Low"])
        #expect(
            ChangeLevel.allCases.map(\.label)
                == ["Increased Significantly", "Increased", "Maintained", "Declined", "Declined Significantly"]
        )
    }
}
