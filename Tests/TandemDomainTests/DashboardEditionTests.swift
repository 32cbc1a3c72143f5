import TandemDomain
import Testing

/// The Dashboard's rules by year and the 2018 group rules measured on CDE's graddownload2018.txt, at
/// every boundary: 11 students for a Status, 30 (an LEA's foster youth and homeless 15) in both years
/// for a colour, the safety net under 150, a missing prior year.
@Suite struct DashboardEditionTests {
    static let graduation = DashboardIndicator.graduationRate

    /// A rate of `percent` over `students`.
    static func value(_ percent: Double, _ students: Int) -> DashboardValue { DashboardValue(value: percent, students: students) }

    static func place(
        _ current: DashboardValue,
        _ prior: DashboardValue?,
        fosterOrHomeless: Bool = false,
        _ indicator: DashboardIndicator = graduation
    ) -> DashboardPlacement? {
        indicator.placement(current: current, prior: prior, fosterOrHomelessOfLEA: fosterOrHomeless, in: .fall2018)
    }

    @Test func eachSchoolYearUsesTheRulesOfTheDashboardThatReportedIt() {
        #expect(DashboardEdition(schoolYearEnding: 2011) == .fall2018)
        #expect(DashboardEdition(schoolYearEnding: 2018) == .fall2018)
        #expect(DashboardEdition(schoolYearEnding: 2021) == .fall2018)
        #expect(DashboardEdition(schoolYearEnding: 2022) == .fall2022)
        #expect(DashboardEdition(schoolYearEnding: 2023) == .fall2023)
        #expect(DashboardEdition(schoolYearEnding: 2030) == .fall2023)
        // The graduation cut points CDE changed: 2018 Low from 67.0 and High from 90.0, later 68.0 and 90.5.
        #expect(Self.graduation.status(67.0, in: .fall2018) == .low)
        #expect(Self.graduation.status(67.0, in: .fall2023) == .veryLow)
        #expect(Self.graduation.status(90.0, in: .fall2018) == .high)
        #expect(Self.graduation.status(90.0, in: .fall2023) == .medium)
        // Tables 2018 did not change are the latest ones.
        #expect(DashboardIndicator.elaDistanceFromStandard.status(-5.0, in: .fall2018) == .medium)
        #expect(DashboardIndicator.elaDistanceFromStandard.status(-5.1, in: .fall2018) == .low)
    }

    @Test func aStatusFromElevenStudents() {
        #expect(Self.place(Self.value(80, 10), nil) == nil)
        let eleven = Self.place(Self.value(9.0 / 11 * 100, 11), nil)
        #expect(eleven?.performance.status == 81.8 && eleven?.performance.statusLevel == .medium)
        #expect(eleven?.performance.colour == nil && eleven?.noColour == .noPriorYear)
    }

    @Test func aChangeOnlyWhenThePriorYearHadElevenStudents() {
        // 85.0 now, 75.0 before over 10 students: no Change at all.
        let tenBefore = Self.place(Self.value(85, 200), Self.value(75, 10))
        #expect(tenBefore?.performance.change == nil && tenBefore?.performance.changeLevel == nil && tenBefore?.noColour == .noPriorYear)
        // Over 11: +10.0, but the prior year is under 30, so no colour.
        let elevenBefore = Self.place(Self.value(85, 200), Self.value(75, 11))
        #expect(elevenBefore?.performance.change == 10.0 && elevenBefore?.performance.changeLevel == .increasedSignificantly)
        #expect(elevenBefore?.performance.colour == nil && elevenBefore?.noColour == .tooFewStudentsPriorYear(minimum: 30))
    }

    @Test func aColourOnlyWhenBothYearsHaveThirty() {
        // 85.0 (Medium), +2.0 (Increased) → Green, with 30 in both years.
        #expect(Self.place(Self.value(85, 30), Self.value(83, 30))?.performance.colour == .green)
        #expect(Self.place(Self.value(85, 29), Self.value(83, 30))?.noColour == .tooFewStudents(minimum: 30))
        #expect(Self.place(Self.value(85, 29), Self.value(83, 30))?.performance.changeLevel == .increased)
        #expect(Self.place(Self.value(85, 30), Self.value(83, 29))?.noColour == .tooFewStudentsPriorYear(minimum: 30))
        #expect(Self.place(Self.value(85, 30), Self.value(83, 29))?.performance.colour == nil)
    }

    @Test func anLEAsFosterAndHomelessGroupsFromFifteen() {
        let fifteen = Self.place(Self.value(85, 15), Self.value(83, 15), fosterOrHomeless: true)
        #expect(fifteen?.performance.colour == .green && fifteen?.noColour == nil)
        #expect(Self.place(Self.value(85, 14), Self.value(83, 15), fosterOrHomeless: true)?.noColour == .tooFewStudents(minimum: 15))
        #expect(Self.place(Self.value(85, 15), Self.value(83, 14), fosterOrHomeless: true)?.noColour == .tooFewStudentsPriorYear(minimum: 15))
        // Any other group (or a school's foster youth) needs 30.
        #expect(Self.place(Self.value(85, 15), Self.value(83, 15))?.performance.colour == nil)
    }

    @Test func theSafetyNetFoldsTheChangeUnderOneHundredFifty() {
        // 91.0 (High), from 80.0: +11.0. 149 students: Increased, High × Increased = Green;
        // 150: Increased Significantly, High × Increased Significantly = Blue.
        let small = Self.place(Self.value(91, 149), Self.value(80, 149))
        #expect(small?.safetyNet == true && small?.performance.changeLevel == .increased && small?.performance.colour == .green)
        let large = Self.place(Self.value(91, 150), Self.value(80, 150))
        #expect(large?.safetyNet == false && large?.performance.changeLevel == .increasedSignificantly && large?.performance.colour == .blue)
        // Downwards: 91.0 from 97.0 (−6.0). 149: Declined, High × Declined = Yellow; 150: Declined
        // Significantly, Orange.
        #expect(Self.place(Self.value(91, 149), Self.value(97, 149))?.performance.colour == .yellow)
        #expect(Self.place(Self.value(91, 150), Self.value(97, 150))?.performance.colour == .orange)
        // The 2023 rules have no safety net (the later small-group grids are not modelled).
        let later = Self.graduation.placement(
            current: Self.value(91, 149),
            prior: Self.value(80, 149),
            fosterOrHomelessOfLEA: false,
            in: .fall2023
        )
        #expect(later?.safetyNet == false && later?.performance.changeLevel == .increasedSignificantly)
    }

    @Test func dassSchoolsAndCountyOfficesHaveTheirOwnTable() {
        let alternative = DashboardIndicator.graduationRateAlternative
        // 70.0 is Medium for a DASS school, Low elsewhere; +2.9 Maintained there, Increased elsewhere.
        let dass = Self.place(Self.value(70, 200), Self.value(67.1, 200), alternative)
        #expect(dass?.performance.statusLevel == .medium && dass?.performance.changeLevel == .maintained && dass?.performance.colour == .yellow)
        let ordinary = Self.place(Self.value(70, 200), Self.value(67.1, 200))
        #expect(ordinary?.performance.statusLevel == .low && ordinary?.performance.changeLevel == .increased)
        #expect(ordinary?.performance.colour == .yellow)
    }

    /// 2022: Status only for every indicator (no Change, no colour), on the latest cut points; English
    /// learner progress had no colour before 2023.
    @Test func statusOnlyYearsGiveNoChangeAndNoColour() {
        for indicator in DashboardIndicator.allCases {
            let placed = indicator.placement(current: Self.value(50, 1000), prior: Self.value(40, 1000), fosterOrHomelessOfLEA: false, in: .fall2022)
            #expect(placed?.noColour == .statusOnlyYear && placed?.performance.change == nil && placed?.performance.colour == nil, "\(indicator)")
            #expect(placed?.performance.statusLevel == indicator.status(50), "\(indicator)")
        }
        let elpi2018 = DashboardIndicator.englishLearnerProgress.placement(
            current: Self.value(50, 1000),
            prior: Self.value(40, 1000),
            fosterOrHomelessOfLEA: false,
            in: .fall2018
        )
        #expect(elpi2018?.noColour == .statusOnlyYear && elpi2018?.performance.colour == nil && elpi2018?.performance.statusLevel == .medium)
        let elpi2023 = DashboardIndicator.englishLearnerProgress.placement(
            current: Self.value(50, 1000),
            prior: Self.value(40, 1000),
            fosterOrHomelessOfLEA: false,
            in: .fall2023
        )
        // Medium, +10.0 Increased Significantly: Green.
        #expect(elpi2023?.noColour == nil && elpi2023?.performance.colour == .green)
        // The ELA table of 2018 is the latest one, with colours.
        #expect(
            DashboardIndicator.elaDistanceFromStandard.placement(
                current: Self.value(0, 100),
                prior: Self.value(-5, 100),
                fosterOrHomelessOfLEA: false,
                in: .fall2018
            )?.performance.colour == .green
        )
    }

    @Test func onlyTheMeasuredTablesSayTheyWereChecked() {
        #expect(Self.graduation.checkedAgainst(in: .fall2018)?.colouredRows == 9_167)
        #expect(DashboardIndicator.graduationRateAlternative.checkedAgainst(in: .fall2018)?.colouredRows == 1_495)
        #expect(Self.graduation.checkedAgainst(in: .fall2023) == nil)
        #expect(DashboardIndicator.graduationRateAlternative.checkedAgainst(in: .fall2023) == nil)
        #expect(DashboardIndicator.englishLearnerProgress.checkedAgainst(in: .fall2018) == nil)
    }
}
