import TandemDomain

/// One generated course row, before it is written.
struct SimCourse {
    let student: Int
    let term: Term
    let code: String
    let title: String
    let area: AGArea?
    let isAP: Bool
    let isHonors: Bool
    let grade: Int
    var mark: Mark?
}

/// Schedules and marks for grades 6–12: middle school in full-year courses, high school in semesters,
/// college-preparatory students on the A–G pathway, the strongest in honors and AP courses.
extension DistrictSimulation {
    struct CourseSpec {
        let code: String
        let title: String
        let area: AGArea?
        var isAP = false
        var isHonors = false
    }

    func courseYear(mathSubjects: [Int: String]) -> [SimCourse] {
        var courses: [SimCourse] = []
        for student in enrolled where students[student].grade >= 6 {
            let grade = students[student].grade
            let schedule =
                grade <= 8 ? middleSchedule(student, grade: grade, mathSubject: mathSubjects[student]) : highSchedule(student, grade: grade)
            let terms: [Term] = grade <= 8 ? [.fullYear] : [.s1, .s2]
            for spec in schedule {
                for term in terms {
                    courses.append(
                        SimCourse(
                            student: student,
                            term: term,
                            code: spec.code,
                            title: spec.title,
                            area: spec.area,
                            isAP: spec.isAP,
                            isHonors: spec.isHonors,
                            grade: grade,
                            mark: mark(student, rigor: spec.isAP || spec.isHonors ? 0.3 : 0)
                        )
                    )
                }
            }
        }
        advanceMathLevels(courses)
        return courses
    }

    private func middleSchedule(_ student: Int, grade: Int, mathSubject: String?) -> [CourseSpec] {
        let s = students[student]
        let math: CourseSpec =
            switch (grade, mathSubject) {
            case (8, "ALG1"): CourseSpec(code: "ALG1", title: "Algebra 1", area: .mathematics)
            case (8, "GEOM"): CourseSpec(code: "GEOM", title: "Geometry", area: .mathematics)
            case (8, _): CourseSpec(code: "MATH8", title: "Math 8", area: nil)
            default: CourseSpec(code: "MATH\(grade)", title: "Math \(grade)", area: nil)
            }
        let elective: CourseSpec =
            s.isEL
            ? CourseSpec(code: "ELD\(grade)", title: "English Language Development", area: nil)
            : [
                CourseSpec(code: "ART\(grade)", title: "Art", area: nil), CourseSpec(code: "MUS\(grade)", title: "Music", area: nil),
                CourseSpec(code: "TECH\(grade)", title: "Technology", area: nil),
            ][s.number % 3]
        return [
            CourseSpec(code: "ENG\(grade)", title: "English \(grade)", area: nil), math,
            CourseSpec(code: "SCI\(grade)", title: "Science \(grade)", area: nil),
            CourseSpec(code: "HIST\(grade)", title: grade == 8 ? "U.S. History, Grade 8" : "History \(grade)", area: nil),
            CourseSpec(code: "PE\(grade)", title: "Physical Education", area: nil), elective,
        ]
    }

    /// Whether a high-school student is scheduled into the A–G sequence (laboratory science, a language,
    /// college-preparatory math): the college-bound always; from the ninth-grade class of 2015–16 on, everyone
    /// (the demo's districts make the A–G sequence the default schedule, as many California districts did in
    /// the 2010s). The calibrated years are untouched: their students' ninth grade is before 2012.
    private func onAGPathway(_ s: SimStudent, grade: Int) -> Bool {
        s.collegePrep || year - (grade - 9) >= LaterYearsProfile.agSequenceForAllFrom
    }

    private func highSchedule(_ student: Int, grade: Int) -> [CourseSpec] {
        let s = students[student]
        let strong = s.collegePrep && s.ability > 0.9
        let pathway = onAGPathway(s, grade: grade)
        var schedule: [CourseSpec] = []
        // English
        switch grade {
        case 11 where strong: schedule.append(CourseSpec(code: "APENGL", title: "AP English Language and Composition", area: .english, isAP: true))
        case 12 where strong:
            schedule.append(CourseSpec(code: "APENGLIT", title: "AP English Literature and Composition", area: .english, isAP: true))
        case 9 where strong, 10 where strong:
            schedule.append(CourseSpec(code: "ENG\(grade)H", title: "English \(grade) Honors", area: .english, isHonors: true))
        default: schedule.append(CourseSpec(code: "ENG\(grade)", title: "English \(grade)", area: .english))
        }
        // Mathematics follows the sequence; students off the college path take applied math after Algebra 1.
        let math: [CourseSpec] = [
            CourseSpec(code: "ALG1", title: "Algebra 1", area: .mathematics),
            CourseSpec(code: "GEOM", title: "Geometry", area: .mathematics),
            CourseSpec(code: "ALG2", title: "Algebra 2", area: .mathematics),
            CourseSpec(code: "PRECALC", title: "Precalculus", area: .mathematics),
            CourseSpec(code: "APCALCAB", title: "AP Calculus AB", area: .mathematics, isAP: true),
        ]
        if !pathway && s.mathLevel >= 2 {
            schedule.append(CourseSpec(code: "MATHAPP", title: "Math Applications", area: nil))
        } else {
            schedule.append(math[min(4, s.mathLevel)])
        }
        // Science
        switch grade {
        case 9:
            schedule.append(
                pathway
                    ? CourseSpec(code: "BIO", title: "Biology", area: .laboratoryScience)
                    : CourseSpec(code: "PHYSCI", title: "Physical Science", area: nil)
            )
        case 10:
            schedule.append(
                pathway
                    ? CourseSpec(code: "CHEM", title: "Chemistry", area: .laboratoryScience)
                    : CourseSpec(code: "BIO", title: "Biology", area: .laboratoryScience)
            )
        case 11 where strong: schedule.append(CourseSpec(code: "APBIO", title: "AP Biology", area: .laboratoryScience, isAP: true))
        case 11 where s.collegePrep: schedule.append(CourseSpec(code: "PHYS", title: "Physics", area: .laboratoryScience))
        default: schedule.append(CourseSpec(code: "PSYCH", title: "Psychology", area: .collegePrepElective))
        }
        // History–social science
        switch grade {
        case 9: schedule.append(CourseSpec(code: "GEOHLTH", title: "Geography / Health", area: nil))
        case 10:
            schedule.append(
                strong
                    ? CourseSpec(code: "APWH", title: "AP World History", area: .history, isAP: true)
                    : CourseSpec(code: "WHIST", title: "World History", area: .history)
            )
        case 11:
            schedule.append(
                strong
                    ? CourseSpec(code: "APUSH", title: "AP U.S. History", area: .history, isAP: true)
                    : CourseSpec(code: "USHIST", title: "U.S. History", area: .history)
            )
        default:
            schedule.append(
                strong && s.ability > 1.3
                    ? CourseSpec(code: "APGOV", title: "AP U.S. Government and Politics", area: .history, isAP: true)
                    : CourseSpec(code: "GOVECON", title: "Government / Economics", area: .history)
            )
        }
        // Language other than English, arts, physical education, electives
        if pathway, grade <= 11 {
            let level = grade - 8
            schedule.append(
                grade == 11 && s.nonEnglishHome && strong
                    ? CourseSpec(code: "APSPAN", title: "AP Spanish Language and Culture", area: .languageOtherThanEnglish, isAP: true)
                    : CourseSpec(code: "SPAN\(level)", title: "Spanish \(level)", area: .languageOtherThanEnglish)
            )
        } else {
            schedule.append(
                s.isEL
                    ? CourseSpec(code: "ELDHS", title: "English Language Development", area: nil)
                    : CourseSpec(code: "CTE\(grade)", title: "Career Technical Education", area: nil)
            )
        }
        schedule.append(
            grade <= 10
                ? CourseSpec(code: "PE\(grade)", title: "Physical Education", area: nil)
                : grade == 11 || s.number % 2 == 0
                    ? CourseSpec(code: "ART1", title: "Art 1", area: .visualPerformingArts)
                    : CourseSpec(code: "YRBK", title: "Yearbook, \"Journalism\"", area: nil)
        )
        return schedule
    }

    /// A course mark from ability and effort; a few withdrawals and incompletes.
    func mark(_ student: Int, rigor: Double) -> Mark {
        let s = students[student]
        if random.chance(0.003) { return .withdrawn }
        if random.chance(0.002) { return .incomplete }
        let points = 2.35 + 0.75 * s.ability + 0.9 * s.effort - rigor + random.normal() * 0.65
        return markFor(points: points)
    }

    func markFor(points: Double) -> Mark {
        let scale: [(Double, Mark)] = [
            (4.15, .aPlus), (3.85, .a), (3.5, .aMinus), (3.15, .bPlus), (2.85, .b), (2.5, .bMinus),
            (2.15, .cPlus), (1.85, .c), (1.5, .cMinus), (1.15, .dPlus), (0.85, .d), (0.5, .dMinus),
        ]
        return scale.first { points >= $0.0 }?.1 ?? .f
    }

    /// Passing a math course (C or better in the spring, or the full year) moves a student to the next one;
    /// otherwise they repeat it next year.
    func advanceMathLevels(_ courses: [SimCourse]) {
        let sequence = ["ALG1": 1, "GEOM": 2, "ALG2": 3, "PRECALC": 4, "APCALCAB": 5]
        for course in courses where course.term != .s1 {
            guard let level = sequence[course.code], let mark = course.mark, mark.countsForAG else { continue }
            students[course.student].mathLevel = max(students[course.student].mathLevel, level)
        }
    }

    /// GPA of each student over this year's letter-marked courses.
    static func gpa(_ courses: [SimCourse], indices: [Int]) -> Double? {
        var points = 0
        var count = 0
        for index in indices {
            if let value = courses[index].mark?.gradePoints {
                points += value
                count += 1
            }
        }
        return count == 0 ? nil : Double(points) / Double(count)
    }

    /// Makes the count of students proficient on a CST this year with a GPA below 2.0 exactly the
    /// published one (Project 980/340), in middle and in high school, by moving the marks of the
    /// students nearest the line: raising the lowest marks of some, lowering the highest of others.
    func steerProficientButFailing(_ courses: inout [SimCourse], results: [SimResult]) {
        let proficient = Set(results.filter { $0.test == "CST" && $0.proficient }.map(\.student))
        var rows: [Int: [Int]] = [:]
        for (index, course) in courses.enumerated() where proficient.contains(course.student) { rows[course.student, default: []].append(index) }
        for highSchool in [true, false] {
            guard let target = profile.published(.proficientButFailing(highSchool: highSchool), year).map(Int.init) else { continue }
            let band = rows.keys.filter { (students[$0].grade >= 9) == highSchool }.sorted()
            var gpas = Dictionary(
                uniqueKeysWithValues: band.compactMap { student in
                    DistrictSimulation.gpa(courses, indices: rows[student]!).map { (student, $0) }
                }
            )
            let failing = gpas.filter { $0.value < 2 }.keys.sorted { (gpas[$0]!, $0) > (gpas[$1]!, $1) }
            if failing.count > target {
                for student in failing.prefix(failing.count - target) {
                    raiseMarks(&courses, rows: rows[student]!)
                }
            } else if failing.count < target {
                let passing = gpas.filter { $0.value >= 2 }.keys.sorted { (gpas[$0]!, $0) < (gpas[$1]!, $1) }
                for student in passing.prefix(target - failing.count) {
                    lowerMarks(&courses, rows: rows[student]!)
                }
            }
            gpas = [:]
        }
    }

    /// Raises a student's lowest marks to C, one at a time, until the GPA reaches 2.0.
    private func raiseMarks(_ courses: inout [SimCourse], rows: [Int]) {
        let ordered = rows.sorted { (courses[$0].mark?.gradePoints ?? 9, $0) < (courses[$1].mark?.gradePoints ?? 9, $1) }
        for row in ordered {
            if DistrictSimulation.gpa(courses, indices: rows)! >= 2 { return }
            if let points = courses[row].mark?.gradePoints, points < 2 { courses[row].mark = .c }
        }
    }

    /// Lowers a student's highest marks to D, one at a time, until the GPA falls below 2.0.
    private func lowerMarks(_ courses: inout [SimCourse], rows: [Int]) {
        let ordered = rows.sorted { (courses[$0].mark?.gradePoints ?? -1, $0) > (courses[$1].mark?.gradePoints ?? -1, $1) }
        for row in ordered {
            if DistrictSimulation.gpa(courses, indices: rows)! < 2 { return }
            if let points = courses[row].mark?.gradePoints, points >= 1 { courses[row].mark = .d }
        }
    }

    /// The redesigned SAT (from March 2016) is scored 400–1600; before, three sections made 600–2400.
    static func satTotal(ability: Double, noise: Double, takenOn date: Day) -> Int {
        if date < Day(year: 2016, month: 3, day: 1)! {
            return min(2400, max(600, Int((1420 + 260 * ability + noise * 140) / 10) * 10))
        }
        return min(1600, max(400, Int((960 + 170 * ability + noise * 95) / 10) * 10))
    }

    /// AP exams in May for most AP course takers, and SAT/ACT for college-bound juniors and seniors.
    func collegeTests(_ courses: [SimCourse]) -> [SimResult] {
        var results: [SimResult] = []
        let may = Day(year: year, month: 5, day: 12)!
        let exams = [
            "APENGL": "ENGLISH LANGUAGE", "APENGLIT": "ENGLISH LITERATURE", "APCALCAB": "CALCULUS AB", "APBIO": "BIOLOGY",
            "APWH": "WORLD HISTORY", "APUSH": "US HISTORY", "APGOV": "US GOVERNMENT", "APSPAN": "SPANISH LANGUAGE",
        ]
        for course in courses where course.isAP && course.term == .s2 {
            guard random.chance(0.78), let exam = exams[course.code] else { continue }
            let s = students[course.student]
            let score = min(5, max(1, Int((1.2 + 0.9 * s.ability + profile.abilityShift + random.normal() * 0.9).rounded())))
            results.append(
                SimResult(
                    student: course.student,
                    test: "AP",
                    subject: exam,
                    grade: course.grade,
                    administration: "MAY",
                    date: may,
                    scale: nil,
                    level: score,
                    firstAttempt: nil,
                    proficient: score >= 3
                )
            )
        }
        for student in enrolled where students[student].grade >= 11 && students[student].collegePrep {
            let s = students[student]
            let grade = s.grade
            if random.chance(grade == 11 ? 0.3 : 0.55) {
                let noise = random.normal()
                let date = Day(year: grade == 11 ? year : year - 1, month: grade == 11 ? 5 : 10, day: 6)!
                results.append(
                    SimResult(
                        student: student,
                        test: "SAT",
                        subject: "TOTAL",
                        grade: grade,
                        administration: grade == 11 ? "SPRING" : "FALL",
                        date: date,
                        scale: DistrictSimulation.satTotal(ability: s.ability, noise: noise, takenOn: date),
                        level: nil,
                        firstAttempt: nil,
                        proficient: false
                    )
                )
            }
            if grade == 12, random.chance(0.15) {
                let composite = min(36, max(1, Int((19.5 + 4 * s.ability + random.normal() * 3).rounded())))
                results.append(
                    SimResult(
                        student: student,
                        test: "ACT",
                        subject: "COMPOSITE",
                        grade: grade,
                        administration: "FALL",
                        date: Day(year: year - 1, month: 12, day: 8)!,
                        scale: composite,
                        level: nil,
                        firstAttempt: nil,
                        proficient: false
                    )
                )
            }
        }
        return results
    }
}
