import TandemDomain

/// A second, deliberately naive computation of the five built-in student lists, written straight from
/// `shared/spec/indicators.md` ("Lists and flags") and `docs/list-definitions.md` with plain loops — not
/// from the list definition file — so that a test can compare it with `ListEngine` on random messy data.
enum ReferenceLists {
    /// One student on one list in one year.
    struct Member: Hashable, Comparable, CustomStringConvertible {
        var list: String
        var year: Int
        var student: String

        static func < (a: Member, b: Member) -> Bool { (a.list, a.year, a.student) < (b.list, b.year, b.student) }
        var description: String { "\(list) \(year) \(student)" }
    }

    static func members(_ district: ReferenceIndicators.District, catalog: TestCatalog) -> Set<Member> {
        var courses: [String: [CourseRecord]] = [:]
        for course in district.courses { courses[course.studentID, default: []].append(course) }
        var results: [String: [AssessmentResult]] = [:]
        for result in district.assessments { results[result.studentID, default: []].append(result) }

        func gpa(_ student: String, _ year: Int) -> Double? {
            let points = (courses[student] ?? []).filter { $0.schoolYear == year }.compactMap { $0.mark?.gradePoints }
            return points.isEmpty ? nil : Double(points.reduce(0, +)) / Double(points.count)
        }
        func proficient(_ result: AssessmentResult) -> Bool? {
            catalog[result.test]?.isProficient(level: result.performanceLevel, scaleScore: result.scaleScore)
        }
        /// Whole years from a day to 1 October of the school year's first calendar year.
        func years(since day: Day, _ year: Int) -> Int {
            var years = (year - 1) - day.year
            if (10, 1) < (day.month, day.day) { years -= 1 }
            return max(0, years)
        }

        var members = Set<Member>()
        for row in district.enrollments {
            let (student, year, grade) = (row.studentID, row.schoolYear, Int(row.grade.value))
            let thisYear = (results[student] ?? []).filter { $0.schoolYear == year }
            func add(_ list: String) { members.insert(Member(list: list, year: year, student: student)) }

            // Algebra placement pool: grade 7, CST math 325–349 this year, no ALG1 this year or next.
            if grade == 7,
                thisYear.contains(where: {
                    $0.test.uppercased() == "CST" && $0.subject.uppercased() == "MATH" && ($0.scaleScore.map { (325...349).contains($0) } ?? false)
                }),
                !(courses[student] ?? []).contains(where: { $0.courseCode.uppercased() == "ALG1" && (year...year + 1).contains($0.schoolYear) })
            {
                add("algebra_placement_pool")
            }
            // Proficient but failing: grades 6–12, proficient on a CST this year, GPA below 2.0.
            if (6...12).contains(grade), thisYear.contains(where: { $0.test.uppercased() == "CST" && proficient($0) == true }),
                let gpa = gpa(student, year), gpa < 2.0
            {
                add("proficient_but_failing")
            }
            // A–G off track: grades 9–12, behind the pace for the end of the grade.
            if (9...12).contains(grade), !keepsAGPace(courses[student] ?? [], through: year, grade: grade) {
                add("ag_off_track")
            }
            // Long-term and at-risk ELs: EL with 4 or more years since el_start_date.
            if row.elStatus == .englishLearner, let start = row.elStartDate, years(since: start, year) >= 4 {
                add("ltel_and_at_risk")
            }
            // Reclassified monitoring: RFEP 0–3 whole years since rfep_date, below proficient in ELA or GPA < 2.0.
            if row.elStatus == .reclassified, let date = row.rfepDate, years(since: date, year) <= 3,
                thisYear.contains(where: { $0.subject.uppercased() == "ELA" && proficient($0) == false })
                    || (gpa(student, year).map { $0 < 2.0 } ?? false)
            {
                add("rfep_monitoring")
            }
        }
        return members
    }

    /// The pace of indicators.md: by the end of grade 9, 2 years of a–g with English ≥ 1; 10, 5 with English
    /// and mathematics ≥ 2; 11, 9 with both ≥ 3; 12, the whole requirement. C or better, grades 9–12, each
    /// (course, term) once, a term its part of a year.
    static func keepsAGPace(_ transcript: [CourseRecord], through year: Int, grade: Int) -> Bool {
        let passing: Set<Mark> = [.aPlus, .a, .aMinus, .bPlus, .b, .bMinus, .cPlus, .c]
        var counted = Set<String>()
        var twelfths: [AGArea: Int] = [:]
        for course in transcript {
            guard let area = course.agArea, course.schoolYear <= year, (9...12).contains(Int(course.gradeLevel.value)),
                let mark = course.mark, passing.contains(mark)
            else { continue }
            guard counted.insert("\(course.courseCode.uppercased())|\(course.term.rawValue)").inserted else { continue }
            twelfths[area, default: 0] += course.term.twelfthsOfYear
        }
        let total = twelfths.values.reduce(0, +)
        let english = twelfths[.english, default: 0]
        let mathematics = twelfths[.mathematics, default: 0]
        switch grade {
        case 9: return total >= 24 && english >= 12
        case 10: return total >= 60 && english >= 24 && mathematics >= 24
        case 11: return total >= 108 && english >= 36 && mathematics >= 36
        default:
            let required: [AGArea: Int] = [
                .history: 2, .english: 4, .mathematics: 3, .laboratoryScience: 2, .languageOtherThanEnglish: 2,
                .visualPerformingArts: 1, .collegePrepElective: 1,
            ]
            return required.allSatisfy { area, years in twelfths[area, default: 0] >= years * 12 }
        }
    }
}
