import Testing
import TandemDomain

/// Target statuses: each state and its boundaries, the growth arithmetic, gap targets, the cascade rule,
/// and what makes a target invalid. Years: base 2009, target 2012, so 2010 is a third of the way.
@Suite struct TargetTests {
    static func absolute(_ percent: Double, lowerIsBetter: Bool = false) -> Target {
        Target(district: "D", indicator: "i", year: 2012, baseYear: 2009, rule: .absolute(percent: percent), lowerIsBetter: lowerIsBetter)
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
        #expect(Target(district: "D", indicator: "i", year: 2009, baseYear: 2009, rule: .absolute(percent: 50)).problem
                == "the target year must come after the base year")
        #expect(Self.absolute(101).problem == "a target rate is between 0 and 100 percent")
        #expect(Self.absolute(-1).problem != nil)
        #expect(Target(district: "D", indicator: "i", year: 2012, baseYear: 2009, rule: .annualGain(points: 0)).problem != nil)
        #expect(Target(district: "D", indicator: "i", year: 2012, baseYear: 2009, rule: .closeGap(fraction: 0.5)).problem
                == "a gap to all students is closed by a student group, not by all students")
        #expect(Target(district: "D", indicator: "i", group: .englishLearner, year: 2012, baseYear: 2009, rule: .closeGap(fraction: 1.5)).problem != nil)
        #expect(Self.absolute(55).problem == nil)
    }

    @Test func rulesReadAsSentences() {
        #expect(TargetRule.absolute(percent: 55).description(baseYear: 2009, year: 2012, lowerIsBetter: false)
                == "at least 55.0% by 2011–12, on a straight line from 2008–09")
        #expect(TargetRule.annualGain(points: 2.5).description(baseYear: 2009, year: 2012, lowerIsBetter: false)
                == "+2.5 points a year from 2008–09 to 2011–12")
        #expect(TargetRule.closeGap(fraction: 1.0 / 3).description(baseYear: 2009, year: 2012, lowerIsBetter: false)
                == "close a third of the gap to all students from 2008–09 to 2011–12")
        #expect(TargetRule.absolute(percent: 10).description(baseYear: 2009, year: 2012, lowerIsBetter: true).hasPrefix("at most 10.0%"))
    }
}
