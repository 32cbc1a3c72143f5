import TandemDomain
import Testing

@Suite struct StudentGroupTests {
    let student = Student(id: "S1", gender: .female, race: .hispanic)

    func enrollment(_ status: ELStatus, start: String? = nil, year: Int = 2010) -> Enrollment {
        Enrollment(
            studentID: "S1",
            schoolYear: year,
            schoolCode: "100",
            grade: Grade(7)!,
            socioeconomicallyDisadvantaged: true,
            disability: false,
            elStatus: status,
            elStartDate: start.flatMap { Day(iso: $0) },
            homeless: true
        )
    }

    @Test func groupsComeFromTheYearsEnrollmentAndTheStudent() {
        let groups = GroupMembership.groups(student: student, enrollment: enrollment(.englishLearner, start: "2005-09-01"))
        #expect(Array(groups) == [.all, .hispanic, .socioeconomicallyDisadvantaged, .englishLearner, .everEnglishLearner, .female, .homeless])
    }

    @Test func unknownsCountInAllAndInNoGroupOfTheirColumn() {
        var row = enrollment(.toBeDetermined)
        row.socioeconomicallyDisadvantaged = nil
        row.disability = nil
        let groups = GroupMembership.groups(student: student, enrollment: row)
        #expect(Array(groups) == [.all, .hispanic, .female, .homeless])
    }

    @Test func reclassifiedStudentsStayInEverEL() {
        let groups = GroupMembership.groups(student: student, enrollment: enrollment(.reclassified, start: "2003-09-01"))
        #expect(groups.contains(.reclassified) && groups.contains(.everEnglishLearner))
        #expect(!groups.contains(.englishLearner) && !groups.contains(.longTermEnglishLearner))
    }

    @Test func longTermEnglishLearnersHaveSixYearsOnTheCensusDay() {
        // Census day of 2009–10 is 2009-10-01: a start on 2003-10-01 is six years, a day later is five.
        #expect(GroupMembership.longTermYears(elStart: Day(iso: "2003-10-01")!, schoolYear: 2010) == 6)
        #expect(GroupMembership.longTermYears(elStart: Day(iso: "2003-10-02")!, schoolYear: 2010) == 5)
        #expect(
            GroupMembership.groups(student: student, enrollment: enrollment(.englishLearner, start: "2003-10-01")).contains(.longTermEnglishLearner)
        )
        #expect(
            !GroupMembership.groups(student: student, enrollment: enrollment(.englishLearner, start: "2003-10-02")).contains(.longTermEnglishLearner)
        )
        // No start date: not placed in LTEL.
        #expect(!GroupMembership.groups(student: student, enrollment: enrollment(.englishLearner)).contains(.longTermEnglishLearner))
    }

    @Test func withoutAnEnrollmentRowOnlyRaceAndGenderApply() {
        let groups = GroupMembership.groups(student: Student(id: "S2", gender: .male, race: .notReported), enrollment: nil)
        #expect(Array(groups) == [.all, .male])
    }

    @Test func everyGroupFitsTheMask() {
        #expect(StudentGroup.allCases.count <= 32)
        let everything = GroupSet(StudentGroup.allCases)
        #expect(Array(everything) == StudentGroup.allCases)
        #expect(StudentGroup.allCases.map(\.rawValue).contains("EVER_EL"))
    }
}
