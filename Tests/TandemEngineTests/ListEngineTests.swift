import TandemContract
import TandemDomain
import Testing

@testable import TandemEngine

/// The built-in lists on hand-made students at every boundary: who is on each list in which year, and
/// the reason given — counted from the comments of each test.
@Suite struct ListEngineTests {
    static let lists = try! ListLibraryFile.builtIn().library(districts: ["D"], parameters: ListParameters()).lists["D"]!

    /// The members of the list `id` as `year student: reason`.
    static func members(_ id: String, _ build: (inout DistrictRecords.Builder) -> Void) -> [String] {
        var builder = DistrictRecords.Builder(districtCode: "D")
        build(&builder)
        let records = builder.build()
        let number = lists.firstIndex { $0.id == id }!
        let ids = Dictionary(uniqueKeysWithValues: (0..<records.studentCount).map { (Int32($0), "S\($0 + 1)") })
        return ListEngine(catalog: try! TestCatalogFile.builtIn()).members(of: lists, in: records)
            .filter { $0.list == number }
            .map { "\($0.year) \(ids[$0.student]!): \($0.reason)" }
    }

    /// Students S1… with an enrollment row each in `year` at `grade` (school A).
    static func enrol(_ builder: inout DistrictRecords.Builder, _ count: Int, year: Int, grade: Int, el: ELStatus = .englishOnly) {
        let school = builder.school("A")
        for number in 1...count {
            builder.addStudent(id: "S\(number)", race: .hispanic, gender: .female)
            builder.addEnrollment(
                student: builder.student("S\(number)"),
                year: year,
                school: school,
                grade: grade,
                sed: true,
                swd: false,
                elStatus: el,
                elStartDate: nil,
                homeless: false,
                foster: false
            )
        }
    }

    @Test func theAlgebraPoolIsGradeSevenInTheTopHalfOfBasicWithoutAlgebraNextYear() {
        let members = Self.members("algebra_placement_pool") { builder in
            Self.enrol(&builder, 6, year: 2009, grade: 7)
            // S1 324, S2 325, S3 349, S4 350: the band is 325–349. S5 338 but takes ALG1 in 2009–10 (grade 8).
            // S6 has two math results that year, 310 and 330: the second puts them in the band.
            for (student, score) in [(1, 324.0), (2, 325), (3, 349), (4, 350), (5, 338), (6, 310), (6, 330)] {
                builder.addAssessment(
                    student: builder.student("S\(student)"),
                    year: 2009,
                    test: "CST",
                    subject: "MATH",
                    grade: 7,
                    scaleScore: score,
                    level: 3
                )
            }
            builder.addCourse(
                student: builder.student("S5"),
                year: 2010,
                school: 0,
                term: .fullYear,
                course: "ALG1",
                agArea: .mathematics,
                gradeLevel: 8,
                mark: .b
            )
        }
        #expect(
            members == [
                "2009 S2: CST MATH 325 in grade 7; no ALG1 in 2008–09 to 2009–10",
                "2009 S3: CST MATH 349 in grade 7; no ALG1 in 2008–09 to 2009–10",
                "2009 S6: CST MATH 330 in grade 7; no ALG1 in 2008–09 to 2009–10",
            ]
        )
    }

    @Test func proficientButFailingNeedsAProficientCSTAndAGPABelowTwo() {
        let members = Self.members("proficient_but_failing") { builder in
            Self.enrol(&builder, 5, year: 2009, grade: 10)
            // All proficient (level 4) but S5 (level 3). GPAs: S1 C, D → 1.5; S2 C, C → 2.0 (not below);
            // S3 no letter marks (P, in progress) → no GPA; S4 F and a P → 0.0; S5 D → 1.0 but not proficient.
            for student in 1...5 {
                builder.addAssessment(
                    student: builder.student("S\(student)"),
                    year: 2009,
                    test: "CST",
                    subject: "ELA",
                    grade: 10,
                    scaleScore: 360,
                    level: student == 5 ? 3 : 4
                )
            }
            let marks: [(Int, Mark?)] = [(1, .c), (1, .d), (2, .cPlus), (2, .cMinus), (3, .pass), (3, nil), (4, .f), (4, .pass), (5, .d)]
            for (index, (student, mark)) in marks.enumerated() {
                builder.addCourse(
                    student: builder.student("S\(student)"),
                    year: 2009,
                    school: 0,
                    term: .fullYear,
                    course: "C\(index)",
                    agArea: nil,
                    gradeLevel: 10,
                    mark: mark
                )
            }
        }
        #expect(members == ["2009 S1: CST ELA 360 in grade 10; GPA 1.50 in 2008–09", "2009 S4: CST ELA 360 in grade 10; GPA 0.00 in 2008–09"])
    }

    @Test func yearsAsELAreCountedOnTheCensusDay() {
        let members = Self.members("ltel_and_at_risk") { builder in
            let school = builder.school("A")
            // Census day 2009-10-01. S1 EL since 2006-10-01: 3 years (off); S2 since 2005-10-01: 4 (at risk);
            // S3 since 2005-10-02: 3 (off); S4 since 2002-09-01: 7 (long-term); S5 RFEP since 2000: not EL;
            // S6 EL without a start date: cannot be counted.
            let starts = ["2006-10-01", "2005-10-01", "2005-10-02", "2002-09-01", "2000-09-01", nil]
            for (index, start) in starts.enumerated() {
                builder.addStudent(id: "S\(index + 1)", race: .hispanic, gender: .male)
                builder.addEnrollment(
                    student: builder.student("S\(index + 1)"),
                    year: 2010,
                    school: school,
                    grade: 6,
                    sed: true,
                    swd: false,
                    elStatus: index == 4 ? .reclassified : .englishLearner,
                    elStartDate: start.flatMap { Day(iso: $0) },
                    homeless: false,
                    foster: false
                )
            }
        }
        #expect(members == ["2010 S2: 4 years as EL (since 2005-10-01)", "2010 S4: 7 years as EL (since 2002-09-01)"])
    }

    /// The counts a partner may see: S1 (girl, at risk) at school A, S2 (boy, long-term) enrolled at A and
    /// then B in the same year — on both rosters, counted once, at A — and S3 (boy, long-term) at B.
    @Test func listCountsCountEachStudentOnceAtTheirFirstSchoolOnTheList() {
        var builder = DistrictRecords.Builder(districtCode: "D")
        let (a, b) = (builder.school("A"), builder.school("B"))
        for (id, gender, start, schools) in [
            ("S1", Gender.female, "2005-10-01", [a]), ("S2", .male, "2002-09-01", [a, b]), ("S3", .male, "2003-09-01", [b]),
        ] {
            builder.addStudent(id: id, race: .hispanic, gender: gender)
            for school in schools {
                builder.addEnrollment(
                    student: builder.student(id),
                    year: 2010,
                    school: school,
                    grade: 6,
                    sed: true,
                    swd: false,
                    elStatus: .englishLearner,
                    elStartDate: Day(iso: start),
                    homeless: false,
                    foster: false
                )
            }
        }
        let records = builder.build()
        let engine = ListEngine(catalog: try! TestCatalogFile.builtIn())
        let members = engine.members(of: Self.lists, in: records)
        let blocks = engine.counts(of: Self.lists, members: members, in: records)
        let list = Self.lists.firstIndex { $0.id == "ltel_and_at_risk" }!
        let block = blocks[list]
        #expect(block.indicator == "ltel_and_at_risk")
        #expect(members.filter { $0.list == list }.count == 4)  // S2 twice: on both schools' rosters
        func count(_ place: Int, _ group: StudentGroup) -> Int32 {
            block.denominators[block.index(yearOffset: 2010 - block.firstYear, place: place, group: StudentGroup.allCases.firstIndex(of: group)!)]
        }
        let placeA = records.schoolCodes.firstIndex(of: "A")! + 1
        let placeB = records.schoolCodes.firstIndex(of: "B")! + 1
        #expect([count(0, .all), count(placeA, .all), count(placeB, .all)] == [3, 2, 1])
        #expect([count(0, .female), count(0, .male), count(0, .englishLearner)] == [1, 2, 3])
        #expect(block.numerators == block.denominators)  // a count: every student is in the numerator
        // Every district cell is the sum of its schools', as the cube's (the suppression's relations hold).
        for group in 0..<CubeBlock.groupCount {
            let district = block.denominators[block.index(yearOffset: 2010 - block.firstYear, place: 0, group: group)]
            let schools = (1..<block.places.count).reduce(Int32(0)) {
                $0 + block.denominators[block.index(yearOffset: 2010 - block.firstYear, place: $1, group: group)]
            }
            #expect(district == schools)
        }
    }

    @Test func reclassifiedStudentsAreMonitoredForFourYearsWhenStruggling() {
        let members = Self.members("rfep_monitoring") { builder in
            let school = builder.school("A")
            // Census day 2010-10-01. RFEP dates: S1 2007-10-01 (3 years: monitored), S2 2006-10-01 (4: done),
            // S3 2010-05-01 (0), S4 2009-05-01 (1). S1 and S3 below proficient in ELA; S4 proficient with GPA
            // 1.0; S2 below proficient but past monitoring.
            for (index, date) in ["2007-10-01", "2006-10-01", "2010-05-01", "2009-05-01"].enumerated() {
                let id = "S\(index + 1)"
                builder.addStudent(id: id, race: .asian, gender: .female)
                builder.addEnrollment(
                    student: builder.student(id),
                    year: 2011,
                    school: school,
                    grade: 8,
                    sed: false,
                    swd: false,
                    elStatus: .reclassified,
                    elStartDate: nil,
                    homeless: false,
                    foster: false,
                    rfepDate: Day(iso: date)
                )
                builder.addAssessment(
                    student: builder.student(id),
                    year: 2011,
                    test: "CST",
                    subject: "ELA",
                    grade: 8,
                    scaleScore: index == 3 ? 380 : 320,
                    level: index == 3 ? 4 : 3
                )
            }
            builder.addCourse(
                student: builder.student("S4"),
                year: 2011,
                school: school,
                term: .fullYear,
                course: "ENG8",
                agArea: nil,
                gradeLevel: 8,
                mark: .d
            )
        }
        #expect(
            members == [
                "2011 S1: reclassified 2007-10-01; CST ELA 320 in grade 8",
                "2011 S3: reclassified 2010-05-01; CST ELA 320 in grade 8",
                "2011 S4: reclassified 2009-05-01; GPA 1.00 in 2010–11",
            ]
        )
    }

    @Test func aGOffTrackFollowsThePaceOfEachGrade() {
        let members = Self.members("ag_off_track") { builder in
            let school = builder.school("A")
            // S1 ends grade 9 with English (b) FY and history (a) FY: 2 years with b ≥ 1, on pace. S2 the same
            // English with a C-, which does not count: 1 year, behind. S3 ends grade 10 with b 2, c 2, a 1:
            // 5 years, on pace. S4 in grade 10 with b 2, c 1, a 2: 5 years but mathematics 1 of 2, behind.
            let transcripts: [(grade: Int, courses: [(AGArea, Int, Mark)])] = [
                (9, [(.english, 9, .b), (.history, 9, .a)]),
                (9, [(.english, 9, .cMinus), (.history, 9, .a)]),
                (10, [(.english, 9, .b), (.english, 10, .b), (.mathematics, 9, .c), (.mathematics, 10, .c), (.history, 10, .b)]),
                (10, [(.english, 9, .b), (.english, 10, .b), (.mathematics, 9, .c), (.history, 9, .b), (.history, 10, .b)]),
            ]
            for (index, transcript) in transcripts.enumerated() {
                let id = "S\(index + 1)"
                builder.addStudent(id: id, race: .white, gender: .male)
                builder.addEnrollment(
                    student: builder.student(id),
                    year: 2011,
                    school: school,
                    grade: transcript.grade,
                    sed: false,
                    swd: false,
                    elStatus: .englishOnly,
                    elStartDate: nil,
                    homeless: false,
                    foster: false
                )
                for (number, course) in transcript.courses.enumerated() {
                    builder.addCourse(
                        student: builder.student(id),
                        year: 2011 - (transcript.grade - course.1),
                        school: school,
                        term: .fullYear,
                        course: "\(course.0.rawValue)\(number)",
                        agArea: course.0,
                        gradeLevel: course.1,
                        mark: course.2
                    )
                }
            }
        }
        #expect(
            members == [
                "2011 S2: A–G 1 year by the end of grade 9 (English 0, mathematics 0)",
                "2011 S4: A–G 5 years by the end of grade 10 (English 2, mathematics 1)",
            ]
        )
    }

    @Test func theBuiltInAGRuleIsTheOneTheLibraryCountsCompletionWith() throws {
        let completion = try IndicatorLibraryFile.builtIn().indicators.first { $0.id == "ag_completion" }
        #expect(completion?.numerator == .agComplete(.universityOfCalifornia))
    }

    @Test func twelfthsAreShownToTwoPlaces() {
        #expect(1.5.fixed(2) == "1.50")
        #expect(0.004.fixed(2) == "0.00")
        #expect((-0.125).fixed(2) == "-0.13")
        #expect(2.0.fixed(0) == "2")
    }
}
