import TandemDomain
import Testing

@testable import TandemEngine

/// A filter compiled against a district's columns matches exactly the rows a person reading the
/// definition would pick: codes ignoring case, ranges inclusive, a missing value matching no condition,
/// every condition at once.
@Suite struct RowFilterTests {
    /// Three students of district AAA (schools `A1` and `b2`, spelt as the district spelt them) with one
    /// row of each kind each, in 2011. Comments give each row's values; the tests count from them.
    static let records: DistrictRecords = {
        var builder = DistrictRecords.Builder(districtCode: "AAA")
        let a1 = builder.school("A1")
        let b2 = builder.school("b2")
        builder.addStudent(id: "A", race: .hispanic, gender: .female)
        builder.addStudent(id: "B", race: .white, gender: .male)
        builder.addStudent(id: "C", race: .asian, gender: nil)
        let (a, b, c) = (builder.student("A"), builder.student("B"), builder.student("C"))
        // Enrollments. 0: A, A1, TK, SED, EL since 2004 (long-term by 2011). 1: B, b2, grade 5, SWD, EO.
        // 2: C, A1, grade 12, RFEP, homeless and foster, SED not known (`U`).
        builder.addEnrollment(
            student: a,
            year: 2011,
            school: a1,
            grade: -1,
            sed: true,
            swd: false,
            elStatus: .englishLearner,
            elStartDate: Day(year: 2004, month: 8, day: 15),
            homeless: false,
            foster: false
        )
        builder.addEnrollment(
            student: b,
            year: 2011,
            school: b2,
            grade: 5,
            sed: false,
            swd: true,
            elStatus: .englishOnly,
            elStartDate: nil,
            homeless: false,
            foster: false
        )
        builder.addEnrollment(
            student: c,
            year: 2011,
            school: a1,
            grade: 12,
            sed: nil,
            swd: false,
            elStatus: .reclassified,
            elStartDate: nil,
            homeless: true,
            foster: true
        )
        // Assessments. 0: A, `cst` `ela`, grade 3, 350, level 4, first attempt. 1: B, CST MATH, no grade, no
        // score, no level, attempt unknown. 2: C, CAHSEE `Math`, grade 10, 349.5, no level, not the first attempt.
        builder.addAssessment(student: a, year: 2011, test: "cst", subject: "ela", grade: 3, scaleScore: 350, level: 4, firstAttempt: true)
        builder.addAssessment(student: b, year: 2011, test: "CST", subject: "MATH", grade: nil, level: nil)
        builder.addAssessment(
            student: c,
            year: 2011,
            test: "CAHSEE",
            subject: "Math",
            administration: "SPRING",
            grade: 10,
            scaleScore: 349.5,
            level: nil,
            firstAttempt: false
        )
        // Courses. 0: A, A1, FY `alg1`, area c, grade 9, B. 1: B, b2, S1 APCALC, no area, AP and honors, grade 12, no mark.
        builder.addCourse(student: a, year: 2011, school: a1, term: .fullYear, course: "alg1", agArea: .mathematics, gradeLevel: 9, mark: .b)
        builder.addCourse(
            student: b,
            year: 2011,
            school: b2,
            term: .s1,
            course: "APCALC",
            agArea: nil,
            isAP: true,
            isHonors: true,
            gradeLevel: 12,
            mark: nil
        )
        // Outcomes. 0: A graduated, A–G complete. 1: B dropped out, A–G not reported. 2: C graduated, A–G not complete.
        builder.addOutcome(student: a, cohortYear: 2011, outcome: .graduated, agComplete: true)
        builder.addOutcome(student: b, cohortYear: 2011, outcome: .dropout, agComplete: nil)
        builder.addOutcome(student: c, cohortYear: 2011, outcome: .graduated, agComplete: false)
        return builder.build()
    }()

    /// The catalog's judgement of each assessment row: proficient, unknown, not proficient.
    static let proficient: [Int8] = [1, -1, 0]

    /// The rows of `kind` the filter matches.
    func rows(_ kind: RecordKind, _ conditions: [String: FieldCondition]) -> [Int] {
        let filter = RowFilter(RecordFilter(conditions), kind: kind, records: Self.records, proficient: Self.proficient)
        let count =
            switch kind {
            case .enrollments: Self.records.enrollments.count
            case .assessments: Self.records.assessments.count
            case .courses: Self.records.courses.count
            case .outcomes: Self.records.outcomes.count
            }
        return (0..<count).filter { filter.matches($0) }
    }

    @Test func anEmptyFilterMatchesEveryRow() {
        #expect(RowFilter(RecordFilter(), kind: .enrollments, records: Self.records, proficient: Self.proficient).isEmpty)
        #expect(!RowFilter(RecordFilter(["sed": .flag(true)]), kind: .enrollments, records: Self.records, proficient: Self.proficient).isEmpty)
        #expect(rows(.enrollments, [:]) == [0, 1, 2])
        #expect(rows(.assessments, [:]) == [0, 1, 2])
        #expect(rows(.courses, [:]) == [0, 1])
        #expect(rows(.outcomes, [:]) == [0, 1, 2])
    }

    @Test func enrollmentFields() {
        #expect(rows(.enrollments, ["grade": .integers(-1...0)]) == [0])
        #expect(rows(.enrollments, ["grade": .integers(5...12)]) == [1, 2])
        #expect(rows(.enrollments, ["grade": .integers(6...11)]) == [])
        // The definition reader upper-cases codes; the district spelt its school `b2`.
        #expect(rows(.enrollments, ["school_code": .oneOf(["B2"])]) == [1])
        #expect(rows(.enrollments, ["school_code": .oneOf(["A1", "B2"])]) == [0, 1, 2])
        #expect(rows(.enrollments, ["school_code": .oneOf(["C3"])]) == [])
        #expect(rows(.enrollments, ["sed": .flag(true)]) == [0])
        // Not known is neither yes nor no.
        #expect(rows(.enrollments, ["sed": .flag(false)]) == [1])
        #expect(rows(.enrollments, ["swd": .flag(false)]) == [0, 2])
        #expect(rows(.enrollments, ["swd": .flag(true)]) == [1])
        #expect(rows(.enrollments, ["homeless": .flag(true)]) == [2])
        #expect(rows(.enrollments, ["foster": .flag(false)]) == [0, 1])
        #expect(rows(.enrollments, ["el_status": .oneOf(["EL", "RFEP"])]) == [0, 2])
        #expect(rows(.enrollments, ["el_status": .oneOf(["IFEP"])]) == [])
    }

    /// `group`: the row's student is in any of the groups, from the enrollment or the student (race, gender).
    @Test func groupField() {
        #expect(rows(.enrollments, ["group": .oneOf(["LTEL"])]) == [0])
        #expect(rows(.enrollments, ["group": .oneOf(["EVER_EL"])]) == [0, 2])
        #expect(rows(.enrollments, ["group": .oneOf(["F"])]) == [0])
        #expect(rows(.enrollments, ["group": .oneOf(["SWD", "HOMELESS"])]) == [1, 2])
        #expect(rows(.enrollments, ["group": .oneOf(["ALL"])]) == [0, 1, 2])
        #expect(rows(.enrollments, ["group": .oneOf(["FI"])]) == [])
    }

    @Test func assessmentFields() {
        // `cst` and `CST` are one test; `Math` and `MATH` one subject.
        #expect(rows(.assessments, ["test": .oneOf(["CST"])]) == [0, 1])
        #expect(rows(.assessments, ["subject": .oneOf(["MATH"])]) == [1, 2])
        #expect(rows(.assessments, ["administration": .oneOf(["ANNUAL"])]) == [0, 1])
        // Row 1 has no grade: no range holds it.
        #expect(rows(.assessments, ["grade_tested": .integers(-1...12)]) == [0, 2])
        #expect(rows(.assessments, ["grade_tested": .integers(3...3)]) == [0])
        // Inclusive bounds, either open; row 1 has no score and matches none.
        #expect(rows(.assessments, ["scale_score": .numbers(min: 350, max: nil)]) == [0])
        #expect(rows(.assessments, ["scale_score": .numbers(min: nil, max: 349.5)]) == [2])
        #expect(rows(.assessments, ["scale_score": .numbers(min: nil, max: nil)]) == [0, 2])
        #expect(rows(.assessments, ["performance_level": .numbers(min: 4, max: 4)]) == [0])
        #expect(rows(.assessments, ["performance_level": .numbers(min: nil, max: nil)]) == [0])
        // A flag that is not known matches neither true nor false.
        #expect(rows(.assessments, ["first_attempt": .flag(true)]) == [0])
        #expect(rows(.assessments, ["first_attempt": .flag(false)]) == [2])
        #expect(rows(.assessments, ["proficient": .flag(true)]) == [0])
        #expect(rows(.assessments, ["proficient": .flag(false)]) == [2])
    }

    @Test func courseFields() {
        #expect(rows(.courses, ["school_code": .oneOf(["A1"])]) == [0])
        #expect(rows(.courses, ["term": .oneOf(["S1", "S2"])]) == [1])
        #expect(rows(.courses, ["course_code": .oneOf(["ALG1"])]) == [0])
        // A–G areas are stored lower-case and compared ignoring case; a course with no area matches none.
        #expect(rows(.courses, ["ag_area": .oneOf(["C"])]) == [0])
        #expect(rows(.courses, ["ag_area": .oneOf(["A", "B", "C", "D", "E", "F", "G"])]) == [0])
        #expect(rows(.courses, ["is_ap": .flag(true)]) == [1])
        #expect(rows(.courses, ["is_ap": .flag(false)]) == [0])
        #expect(rows(.courses, ["is_honors": .flag(true)]) == [1])
        #expect(rows(.courses, ["grade_level": .integers(9...11)]) == [0])
        // A course with no mark matches no list of marks.
        #expect(rows(.courses, ["mark": .oneOf(Set(Mark.allCases.map(\.rawValue)))]) == [0])
    }

    @Test func outcomeFields() {
        #expect(rows(.outcomes, ["outcome": .oneOf(["GRAD"])]) == [0, 2])
        #expect(rows(.outcomes, ["outcome": .oneOf(["DROPOUT", "GED"])]) == [1])
        // Not reported matches neither.
        #expect(rows(.outcomes, ["ag_complete": .flag(true)]) == [0])
        #expect(rows(.outcomes, ["ag_complete": .flag(false)]) == [2])
    }

    /// Every condition must hold.
    @Test func conditionsAreAConjunction() {
        #expect(rows(.enrollments, ["swd": .flag(false), "grade": .integers(5...12)]) == [2])
        #expect(rows(.enrollments, ["swd": .flag(false), "grade": .integers(-1...12), "school_code": .oneOf(["A1"])]) == [0, 2])
        #expect(rows(.assessments, ["test": .oneOf(["CST"]), "proficient": .flag(true), "subject": .oneOf(["MATH"])]) == [])
    }

    /// A condition of another kind than its field's (the definition reader never makes one) matches nothing
    /// rather than everything.
    @Test func aConditionOfTheWrongKindMatchesNothing() {
        #expect(rows(.enrollments, ["grade": .flag(true)]) == [])
        #expect(rows(.enrollments, ["school_code": .integers(0...100)]) == [])
        #expect(rows(.enrollments, ["sed": .oneOf(["Y"])]) == [])
        #expect(rows(.enrollments, ["group": .flag(true)]) == [])
        #expect(rows(.assessments, ["scale_score": .integers(0...1000)]) == [])
        #expect(rows(.courses, ["is_ap": .oneOf(["Y"])]) == [])
    }
}
