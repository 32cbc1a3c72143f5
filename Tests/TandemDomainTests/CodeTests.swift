import TandemDomain
import Testing

@Suite struct CodeTests {
    @Test func gradesParseTheContractSpellings() {
        #expect(Grade(code: "TK")?.value == -1)
        #expect(Grade(code: "KN")?.value == 0)
        #expect(Grade(code: "k")?.value == 0)
        #expect(Grade(code: "08")?.value == 8)
        #expect(Grade(code: "12")?.value == 12)
        #expect(Grade(code: "13") == nil)
        #expect(Grade(code: "0") == nil)
        #expect(Grade(code: "PK") == nil)
        #expect(Grade.all.map(\.code).first == "TK")
    }

    @Test func daysAreCalendarChecked() {
        #expect(Day(iso: "2010-13-01") == nil)
        #expect(Day(iso: "2011-02-29") == nil)
        #expect(Day(iso: "2012-02-29")?.iso == "2012-02-29")
        #expect(Day(iso: "2010-1-01") == nil)
        #expect(Day(iso: "2011-03-01")!.ordinal - Day(iso: "2011-02-28")!.ordinal == 1)
    }

    @Test func marksAndTermsFollowTheIndicatorRules() {
        #expect(Mark.c.countsForAG)
        #expect(Mark.cPlus.countsForAG)
        #expect(!Mark.cMinus.countsForAG)
        #expect(!Mark.pass.countsForAG)
        #expect(Mark.aMinus.gradePoints == 4)
        #expect(Mark.dPlus.gradePoints == 1)
        #expect(Mark.withdrawn.gradePoints == nil)
        #expect(Term.fullYear.twelfthsOfYear == 12)
        #expect(Term.t2.twelfthsOfYear == 4)
        #expect(Term.q3.twelfthsOfYear == 3)
        #expect(AGArea.allCases.map(\.requiredYears) == [2, 4, 3, 2, 2, 1, 1])
    }

    @Test func codesMatchIgnoringCase() {
        #expect(ELStatus(code: "rfep") == .reclassified)
        #expect(ELStatus(code: "XX") == nil)
        #expect(AGArea(code: "B") == .english)
        #expect(ContractBoolean.parse("true") == true)
        #expect(ContractBoolean.parse("0") == false)
        #expect(ContractBoolean.parse("maybe") == nil)
        #expect(CohortOutcomeCode.transferredOut.leavesAdjustedCohort)
        #expect(!CohortOutcomeCode.dropout.leavesAdjustedCohort)
    }
}
