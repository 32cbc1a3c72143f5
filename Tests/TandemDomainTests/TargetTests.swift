import TandemDomain
import Testing

/// Target statuses: each state and its boundaries, the growth arithmetic, gap targets, the cascade rule,
/// and what makes a target invalid. Years: base 2009, target 2012, so 2010 is a third of the way.
@Suite struct TargetTests {
    static func absolute(_ percent: Double, lowerIsBetter: Bool = false) -> Target {
        Target(district: "D", indicator: "i", year: 2012, baseYear: 2009, rule: .absolute(value: percent), lowerIsBetter: lowerIsBetter)
    }

    @Test(arguments: [
        // From 40 toward 55: the line is at 45 in 2010, 50 in 2011, 55 in 2012.
        (2010, 55.0, TargetStatus.met), (2010, 54.9, .onTrack), (2010, 45.0, .onTrack), (2010, 44.9, .offTrack),
        (2011, 50.0, .onTrack), (2011, 49.96, .onTrack), (2011, 49.94, .offTrack),
        (2012, 55.0, .met), (2012, 54.96, .met), (2012, 54.9, .offTrack),
    ])
    func anAbsoluteTargetIsJudgedAgainstTheStraightLine(year: Int, value: Double, expected: TargetStatus) {
        let judgement = Self.absolute(55).judge(year: year, value: value, base: 40)
        #expect(judgement.status == expected, "\(year): \(value)")
        #expect(judgement.wanted == 55)
    }

    @Test func missingValuesAndYearsOutsideTheTargetAreNoData() {
        let target = Self.absolute(55)
        #expect(target.judge(year: 2010, value: nil, base: 40).status == .noData)
        #expect(target.judge(year: 2010, value: 50, base: nil).status == .noData)
        #expect(target.judge(year: 2009, value: 50, base: 40).status == .noData)
        #expect(target.judge(year: 2013, value: 50, base: 40).status == .noData)
    }

    @Test func aLowerIsBetterTargetReadsTheOtherWayUp() {
        // The share of long-term English learners, from 20 down to 11: the line is at 17 in 2010.
        let target = Self.absolute(11, lowerIsBetter: true)
        #expect(target.judge(year: 2010, value: 11, base: 20).status == .met)
        #expect(target.judge(year: 2010, value: 17, base: 20).status == .onTrack)
        #expect(target.judge(year: 2010, value: 17.1, base: 20).status == .offTrack)
        #expect(target.judge(year: 2012, value: 11.1, base: 20).status == .offTrack)
    }

    @Test func aYearlyGainAddsItsPointsEachYear() {
        let target = Target(district: "D", indicator: "i", year: 2012, baseYear: 2009, rule: .annualGain(points: 3))
        // 40 + 3 × 3 = 49 wanted by 2012; the line stands at 43 in 2010 and 46 in 2011.
        let judgement = target.judge(year: 2011, value: 46, base: 40)
        #expect(judgement.wanted == 49)
        #expect(judgement.trajectory == 46)
        #expect(judgement.status == .onTrack)
        #expect(target.judge(year: 2011, value: 45.9, base: 40).status == .offTrack)
        #expect(target.judge(year: 2010, value: 49, base: 40).status == .met)
        // A negative gain is a fall: lower is better.
        let fall = Target(district: "D", indicator: "i", year: 2012, baseYear: 2009, rule: .annualGain(points: -2))
        #expect(fall.judge(year: 2010, value: 18, base: 20).status == .onTrack)
        #expect(fall.judge(year: 2010, value: 18.1, base: 20).status == .offTrack)
        #expect(fall.judge(year: 2012, value: 14, base: 20).status == .met)
    }

    @Test func closingAThirdOfTheGapInThreeYears() {
        let target = Target(district: "D", indicator: "i", group: .englishLearner, year: 2012, baseYear: 2009, rule: .closeGap(fraction: 1.0 / 3))
        // All students 60, English learners 30: a gap of 30, to be 20 by 2012; the line is at 26.7 in 2010.
        let onTrack = target.judge(year: 2010, value: 35, base: 30, allStudents: (60, 61.7))
        #expect(onTrack.measured == 26.700000000000003 || onTrack.measured == 26.7)
        #expect(onTrack.status == .onTrack)
        #expect(target.judge(year: 2010, value: 35, base: 30, allStudents: (60, 61.8)).status == .offTrack)
        #expect(target.judge(year: 2012, value: 45, base: 30, allStudents: (60, 65)).status == .met)
        #expect(target.judge(year: 2012, value: 44.9, base: 30, allStudents: (60, 65)).status == .offTrack)
        // All students' value is needed too.
        #expect(target.judge(year: 2010, value: 35, base: 30, allStudents: (60, nil)).status == .noData)
        // A group already at or above all students keeps its gap closed.
        #expect(target.judge(year: 2011, value: 62, base: 61, allStudents: (60, 61)).status == .met)
        #expect(target.judge(year: 2011, value: 59, base: 61, allStudents: (60, 61)).status == .offTrack)
    }

    @Test func aCascadedTargetIsTheSameRuleAtTheSchool() {
        let district = Target(district: "D", indicator: "i", group: .hispanic, year: 2012, baseYear: 2009, rule: .annualGain(points: 2))
        let school = district.cascaded(to: "101")
        #expect(school.school == "101")
        #expect(school.rule == district.rule && school.year == 2012 && school.baseYear == 2009 && school.group == .hispanic)
        // Judged from the school's own base value: 30 → 36 wanted.
        #expect(school.judge(year: 2012, value: 36, base: 30).status == .met)
    }

    @Test func invalidTargetsSayWhy() {
        #expect(
            Target(district: "D", indicator: "i", year: 2009, baseYear: 2009, rule: .absolute(value: 50)).problem
                == "the target year must come after the base year"
        )
        #expect(Self.absolute(101).problem == "a target rate is between 0 and 100 percent")
        #expect(Self.absolute(-1).problem != nil)
        #expect(Target(district: "D", indicator: "i", year: 2012, baseYear: 2009, rule: .annualGain(points: 0)).problem != nil)
        #expect(
            Target(district: "D", indicator: "i", year: 2012, baseYear: 2009, rule: .closeGap(fraction: 0.5)).problem
                == "a gap to all students is closed by a student group, not by all students"
        )
        #expect(
            Target(district: "D", indicator: "i", group: .englishLearner, year: 2012, baseYear: 2009, rule: .closeGap(fraction: 1.5)).problem != nil
        )
        #expect(Self.absolute(55).problem == nil)
    }

    @Test func rulesReadAsSentences() {
        #expect(
            TargetRule.absolute(value: 55).description(baseYear: 2009, year: 2012, lowerIsBetter: false)
                == "at least 55.0% by 2011–12, on a straight line from 2008–09"
        )
        #expect(
            TargetRule.annualGain(points: 2.5).description(baseYear: 2009, year: 2012, lowerIsBetter: false)
                == "+2.5 points a year from 2008–09 to 2011–12"
        )
        #expect(
            TargetRule.closeGap(fraction: 1.0 / 3).description(baseYear: 2009, year: 2012, lowerIsBetter: false)
                == "close a third of the gap to all students from 2008–09 to 2011–12"
        )
        #expect(TargetRule.absolute(value: 10).description(baseYear: 2009, year: 2012, lowerIsBetter: true).hasPrefix("at most 10.0%"))
        #expect(
            TargetRule.absolute(value: -20).description(baseYear: 2019, year: 2023, lowerIsBetter: false, measure: .points)
                == "at least -20.0 points by 2022–23, on a straight line from 2018–19"
        )
    }

    /// A distance from standard is a mean in points: below zero is a valid target, and it is judged the same way.
    @Test func aPointsTargetMayBeBelowZero() {
        let target = Target(district: "D", indicator: "ela_dfs", year: 2023, baseYear: 2019, rule: .absolute(value: -20), measure: .points)
        #expect(target.problem == nil)
        var tooFar = target
        tooFar.rule = .absolute(value: -501)
        #expect(tooFar.problem == "a target distance from standard is between -500 and 500 points")
        #expect(Self.absolute(-20).problem == "a target rate is between 0 and 100 percent")
        // From -40 to -20 over four years: the line stands at -35 after one year.
        #expect(target.judge(year: 2020, value: -35.0, base: -40).status == .onTrack)
        #expect(target.judge(year: 2020, value: -35.1, base: -40).status == .offTrack)
        #expect(target.judge(year: 2021, value: -19.96, base: -40).status == .met)
    }

    @Test func valuesAreShownToATenthHalfAwayFromZero() {
        #expect(Measure.share.text(52.25) == "52.3%")
        #expect(Measure.share.text(0) == "0.0%")
        #expect(Measure.points.text(-30.25) == "-30.3 points")
        #expect(Measure.points.text(-0.04) == "0.0 points")
        #expect(Measure.share.difference(3.21) == "+3.2 pts")
        #expect(Measure.points.difference(-12) == "-12.0 points")
        #expect(Measure.share.shown(numerator: 1, denominator: 8) == 12.5)
        #expect(Measure.points.shown(numerator: -61, denominator: 2) == -30.5)
    }

    @Test func aNumeratorThatTakesEveryUnitIsACountOfStudentsNotAHundredPercent() {
        let enrollment = IndicatorDefinition(
            id: "enrollment",
            name: "Enrollment",
            population: Population(records: .enrollments),
            numerator: .recordMatches(RecordFilter())
        )
        #expect(enrollment.measure == .count)
        let someone = IndicatorDefinition(
            id: "grade_12",
            name: "Grade 12",
            population: Population(records: .enrollments),
            numerator: .recordMatches(RecordFilter(["grade": .integers(12...12)]))
        )
        #expect(someone.measure == .share)
        #expect(Measure.count.shown(numerator: 2274, denominator: 2274) == 2274)
        #expect(Measure.count.text(2274) == "2,274 students")
        #expect(Measure.count.difference(-12) == "-12 students")
        #expect(Measure.count.difference(1500) == "+1,500 students")
        let target = Target(district: "D", indicator: "enrollment", year: 2023, baseYear: 2019, rule: .absolute(value: 2500), measure: .count)
        #expect(target.problem == nil)
        #expect(
            Target(district: "D", indicator: "enrollment", year: 2023, baseYear: 2019, rule: .absolute(value: -1), measure: .count).problem != nil
        )
    }

    @Test func pagesTargetsAndTheDashboardRoundAlike() {
        // One rounding: a decimal half stored just below itself in binary still rounds away from zero.
        #expect(Measure.points.text(1.15) == "1.2 points")  // 1.15 × 10 is 11.499999999999998 in binary
        #expect(Measure.share.text(-2.15) == "-2.2%")
        for value in [0.35, -0.35, 1.15, -2.15, 44.95, -2.95, 0.3499, -0.04, 99.95] {
            #expect(Measure.tenths(value) == DashboardRounding.tenths(value), "\(value)")
        }
    }

    @Test func distanceFromStandardIsTheScaleScoreMinusTheLevelThreeMinimum() {
        let caaspp = TestDefinition(
            id: "CAASPP",
            name: "CAASPP",
            proficiency: .levelAtLeast(3),
            standardMet: ["ela": [3: 2432], "MATH": [11: 2628]]
        )
        #expect(caaspp.distanceFromStandard(subject: "ELA", grade: 3, scaleScore: 2400) == -32)
        #expect(caaspp.distanceFromStandard(subject: "ela", grade: 3, scaleScore: 2432.5) == 1)
        #expect(caaspp.distanceFromStandard(subject: "MATH", grade: 11, scaleScore: 2627.5) == -1)
        #expect(caaspp.distanceFromStandard(subject: "ELA", grade: 4, scaleScore: 2500) == nil)
        #expect(caaspp.distanceFromStandard(subject: "ELA", grade: 3, scaleScore: nil) == nil)
        #expect(caaspp.distanceFromStandard(subject: "ELA", grade: nil, scaleScore: 2500) == nil)
        #expect(caaspp.distanceFromStandard(subject: "ELA", grade: 3, scaleScore: .nan) == nil)
    }
}
