import TandemDomain

/// A second, deliberately naive computation of the MOU indicators, written straight from
/// `shared/spec/indicators.md` and `docs/indicator-definitions.md` with plain loops and dictionaries.
///
/// It shares nothing with `TandemEngine` except the domain rules (`GroupMembership` for student groups and
/// LTEL, `Term.twelfthsOfYear`, the test catalog's proficiency rule), so that a test can compare the two on
/// data the engine has never seen. Every indicator is its own small function; clarity beats speed here.
enum ReferenceIndicators {
    /// One value of the cube: an indicator in a year, at the district (`school == nil`) or one school, for
    /// one student group.
    struct Key: Hashable, Comparable, CustomStringConvertible {
        var indicator: String
        var year: Int
        var district: String
        var school: String?
        var group: String

        var description: String { "\(indicator) \(year) \(district)/\(school ?? "-") \(group)" }

        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.indicator, lhs.year, lhs.district, lhs.school ?? "", lhs.group)
                < (rhs.indicator, rhs.year, rhs.district, rhs.school ?? "", rhs.group)
        }
    }

    /// One value of a matched cohort: the students in the indicator's grade in `startYear`, measured in `year`.
    struct CohortKey: Hashable, Comparable, CustomStringConvertible {
        var indicator: String
        var startYear: Int
        var year: Int
        var district: String
        var school: String?
        var group: String

        var description: String { "\(indicator) cohort \(startYear)→\(year) \(district)/\(school ?? "-") \(group)" }

        static func < (lhs: CohortKey, rhs: CohortKey) -> Bool {
            (lhs.indicator, lhs.startYear, lhs.year, lhs.district, lhs.school ?? "", lhs.group)
                < (rhs.indicator, rhs.startYear, rhs.year, rhs.district, rhs.school ?? "", rhs.group)
        }
    }

    typealias Counts = (numerator: Int, denominator: Int)

    /// One district's records, as the data contract defines them.
    struct District {
        var code: String
        var students: [Student]
        var enrollments: [Enrollment]
        var assessments: [AssessmentResult]
        var courses: [CourseRecord]
        var outcomes: [CohortOutcome]
    }

    /// The ids of the 28 MOU indicators.
    static let indicatorIDs: [String] =
        elaGrades.map { "ela_prof_g\($0)" } + mathGrades.map { "math_prof_g\($0)" }
        + [
            "math_prof_g8", "alg1_g8_participation", "alg1_g8_proficiency", "cahsee_math_first_pass", "grad_rate_4yr",
            "ag_completion", "ap_participation", "ap_pass", "sat_act_participation", "el_reclassified",
            "el_annual_progress", "ltel_share",
        ] + distanceIndicatorIDs

    /// The indicators whose value is a mean distance from standard in points.
    static let distanceIndicatorIDs = ["ela_dfs", "math_dfs", "ela_dfs_g11", "math_dfs_g11"]

    /// The lowest Level 3 ("Standard Met") CAASPP scale score by subject and grade, copied from
    /// `shared/spec/reference/california-rules.md` §2 rather than read from the catalog file.
    static let levelThreeMinimum: [String: [Int: Double]] = [
        "ELA": [3: 2432, 4: 2473, 5: 2502, 6: 2531, 7: 2552, 8: 2567, 11: 2583],
        "MATH": [3: 2436, 4: 2485, 5: 2528, 6: 2552, 7: 2567, 8: 2586, 11: 2628],
    ]

    static let elaGrades = [3, 4, 5, 6, 7, 8, 11]
    static let mathGrades = [3, 4, 5, 6, 7]
    /// The math tests a grade-8 student may take; also the Algebra participation denominator.
    static let grade8MathSubjects = ["MATH", "GENMATH", "ALG1", "GEOM", "ALG2"]
    /// What a math cohort follows in later years.
    static let mathCohortSubjects = ["MATH", "GENMATH", "ALG1", "GEOM", "ALG2", "SUMHS"]

    // MARK: - Entry points

    /// Every indicator value of one district; keys with a zero denominator do not appear.
    static func compute(
        district: String,
        students: [Student],
        enrollments: [Enrollment],
        assessments: [AssessmentResult],
        courses: [CourseRecord],
        outcomes: [CohortOutcome],
        catalog: TestCatalog
    ) -> [Key: Counts] {
        let data = RecordIndex(
            district: district,
            students: students,
            enrollments: enrollments,
            assessments: assessments,
            courses: courses,
            outcomes: outcomes,
            catalog: catalog
        )
        var result: [Key: Counts] = [:]
        func add(_ indicator: String, _ units: [Unit]) { data.tally(indicator, units, into: &result) }

        for grade in elaGrades { add("ela_prof_g\(grade)", elaProficiency(grade: grade, data)) }
        for grade in mathGrades { add("math_prof_g\(grade)", mathProficiency(grade: grade, data)) }
        add("math_prof_g8", mathProficiencyGrade8(data))
        add("alg1_g8_participation", algebraParticipation(data))
        add("alg1_g8_proficiency", algebraProficiency(data))
        add("cahsee_math_first_pass", cahseeMathFirstPass(data))
        add("grad_rate_4yr", graduationRate(data))
        add("ag_completion", agCompletion(data))
        add("ap_participation", apParticipation(data))
        add("ap_pass", apPass(data))
        add("sat_act_participation", satActParticipation(data))
        add("el_reclassified", elReclassified(data))
        add("el_annual_progress", elAnnualProgress(data))
        add("ltel_share", ltelShare(data))
        add("ela_dfs", distanceFromStandard(subject: "ELA", grades: 3...8, data))
        add("math_dfs", distanceFromStandard(subject: "MATH", grades: 3...8, data))
        add("ela_dfs_g11", distanceFromStandard(subject: "ELA", grades: 11...11, data))
        add("math_dfs_g11", distanceFromStandard(subject: "MATH", grades: 11...11, data))
        return result
    }

    static func compute(_ district: District, catalog: TestCatalog) -> [Key: Counts] {
        compute(
            district: district.code,
            students: district.students,
            enrollments: district.enrollments,
            assessments: district.assessments,
            courses: district.courses,
            outcomes: district.outcomes,
            catalog: catalog
        )
    }

    /// The matched cohorts of every grade-based indicator (`ela_prof_g*`, `math_prof_g*`) of one district.
    static func cohorts(_ district: District, catalog: TestCatalog) -> [CohortKey: Counts] {
        let data = RecordIndex(
            district: district.code,
            students: district.students,
            enrollments: district.enrollments,
            assessments: district.assessments,
            courses: district.courses,
            outcomes: district.outcomes,
            catalog: catalog
        )
        var result: [CohortKey: Counts] = [:]
        for grade in elaGrades {
            matchedCohort(indicator: "ela_prof_g\(grade)", grade: grade, subjects: ["ELA"], data, into: &result)
        }
        for grade in mathGrades + [8] {
            matchedCohort(indicator: "math_prof_g\(grade)", grade: grade, subjects: mathCohortSubjects, data, into: &result)
        }
        return result
    }

    // MARK: - Assessment indicators

    /// CAASPP results in the subject and grades with a scale score; each student's highest distance from the
    /// Level 3 minimum of the result's grade in a year, rounded to a whole point (half away from zero).
    static func distanceFromStandard(subject: String, grades: ClosedRange<Int>, _ data: RecordIndex) -> [Unit] {
        var best: [UnitID: Int] = [:]
        for result in data.allAssessments where isCode(result.test, in: ["CAASPP"]) && isCode(result.subject, in: [subject]) {
            guard let grade = result.gradeTested.map({ Int($0.value) }), grades.contains(grade), let scale = result.scaleScore,
                let standard = levelThreeMinimum[subject]?[grade]
            else { continue }
            let distance = Int((scale - standard).rounded(.toNearestOrAwayFromZero))
            let id = UnitID(student: result.studentID, year: result.schoolYear)
            best[id] = max(best[id] ?? .min, distance)
        }
        return best.map {
            Unit(
                student: $0.key.student,
                year: $0.key.year,
                row: data.enrollment($0.key.student, $0.key.year),
                counts: false,
                points: $0.value
            )
        }
    }

    static func elaProficiency(grade: Int, _ data: RecordIndex) -> [Unit] {
        data.assessmentUnits(
            population: { isCode($0.test, in: ["CST", "CAASPP"]) && isCode($0.subject, in: ["ELA"]) && isGrade($0.gradeTested, grade) },
            numerator: { data.isProficient($0) }
        )
    }

    static func mathProficiency(grade: Int, _ data: RecordIndex) -> [Unit] {
        data.assessmentUnits(
            population: { isCode($0.test, in: ["CST", "CAASPP"]) && isCode($0.subject, in: ["MATH"]) && isGrade($0.gradeTested, grade) },
            numerator: { data.isProficient($0) }
        )
    }

    /// Grade 8: proficient on whichever math test the student took.
    static func mathProficiencyGrade8(_ data: RecordIndex) -> [Unit] {
        data.assessmentUnits(
            population: { isCode($0.test, in: ["CST", "CAASPP"]) && isCode($0.subject, in: grade8MathSubjects) && isGrade($0.gradeTested, 8) },
            numerator: { data.isProficient($0) }
        )
    }

    /// Grade-8 CST math takers; numerator: took Algebra 1 or a higher course.
    static func algebraParticipation(_ data: RecordIndex) -> [Unit] {
        data.assessmentUnits(
            population: { isCode($0.test, in: ["CST"]) && isCode($0.subject, in: grade8MathSubjects) && isGrade($0.gradeTested, 8) },
            numerator: { isCode($0.subject, in: ["ALG1", "GEOM", "ALG2"]) }
        )
    }

    static func algebraProficiency(_ data: RecordIndex) -> [Unit] {
        data.assessmentUnits(
            population: { isCode($0.test, in: ["CST"]) && isCode($0.subject, in: ["ALG1"]) && isGrade($0.gradeTested, 8) },
            numerator: { data.isProficient($0) }
        )
    }

    /// Grade-10 first-attempt CAHSEE math; a missing first-attempt flag is not a first attempt.
    static func cahseeMathFirstPass(_ data: RecordIndex) -> [Unit] {
        data.assessmentUnits(
            population: {
                isCode($0.test, in: ["CAHSEE"]) && isCode($0.subject, in: ["MATH"]) && isGrade($0.gradeTested, 10)
                    && $0.firstAttempt == true
            },
            numerator: { ($0.scaleScore ?? -1) >= 350 }
        )
    }

    /// AP exam takers (any exam, any grade); numerator: a score of 3 or more.
    static func apPass(_ data: RecordIndex) -> [Unit] {
        data.assessmentUnits(
            population: { isCode($0.test, in: ["AP"]) },
            numerator: { ($0.performanceLevel ?? 0) >= 3 }
        )
    }

    /// ELs (on the enrollment row of the result's year) with a CELDT or ELPAC level this year and a level of
    /// the same test the year before; numerator: the highest level rose by one or more, or was the test's top
    /// level both years.
    static func elAnnualProgress(_ data: RecordIndex) -> [Unit] {
        func hasLevel(_ result: AssessmentResult) -> Bool {
            isCode(result.test, in: ["CELDT", "ELPAC"]) && (result.performanceLevel ?? 0) >= 1
        }
        /// The highest level of a student's results of `test` in `year`.
        func highestLevel(_ student: String, _ year: Int, _ test: String) -> Int? {
            var best: Int?
            for result in data.assessments(of: student, in: year) where hasLevel(result) && result.test.uppercased() == test {
                best = max(best ?? Int.min, result.performanceLevel!)
            }
            return best
        }
        var units: [UnitID: Bool] = [:]
        for result in data.allAssessments where hasLevel(result) {
            guard let row = data.enrollment(result.studentID, result.schoolYear), row.elStatus == .englishLearner else { continue }
            let test = result.test.uppercased()
            guard let previous = highestLevel(result.studentID, result.schoolYear - 1, test) else { continue }
            let current = highestLevel(result.studentID, result.schoolYear, test)!
            let top = data.catalog[test]!.levels.keys.max()!
            let gained = current - previous >= 1 || (current == top && previous == top)
            let id = UnitID(student: result.studentID, year: result.schoolYear)
            units[id] = (units[id] ?? false) || gained
        }
        return units.map { Unit(student: $0.key.student, year: $0.key.year, row: data.enrollment($0.key.student, $0.key.year), counts: $0.value) }
    }

    // MARK: - Enrollment indicators

    /// Grade 10–12 students enrolled; numerator: an AP course that year. Only in years with course rows:
    /// without the courses file nobody's AP course is known (no value, rather than 0%).
    static func apParticipation(_ data: RecordIndex) -> [Unit] {
        data.allEnrollments.filter { (10...12).contains(Int($0.grade.value)) && data.courseYears.contains($0.schoolYear) }.map { row in
            let hasAP = data.courses(of: row.studentID).contains { $0.isAP && $0.schoolYear == row.schoolYear }
            return Unit(student: row.studentID, year: row.schoolYear, row: row, counts: hasAP)
        }
    }

    /// Grade-12 students enrolled; numerator: an SAT or ACT result, tested in grade 11 or 12, this year or last.
    /// Only in years when the district has SAT or ACT results both this year and last.
    static func satActParticipation(_ data: RecordIndex) -> [Unit] {
        let yearsTested = Set(data.allAssessments.filter { isCode($0.test, in: ["SAT", "ACT"]) }.map(\.schoolYear))
        return data.allEnrollments.filter { $0.grade.value == 12 && yearsTested.contains($0.schoolYear) && yearsTested.contains($0.schoolYear - 1) }
            .map { row in
                var tested = false
                for year in [row.schoolYear - 1, row.schoolYear] {
                    for result in data.assessments(of: row.studentID, in: year)
                    where isCode(result.test, in: ["SAT", "ACT"]) && isGrade(result.gradeTested, 11...12) {
                        tested = true
                    }
                }
                return Unit(student: row.studentID, year: row.schoolYear, row: row, counts: tested)
            }
    }

    /// Students EL in y−1 and enrolled in y, counted in y with the school and groups of their y−1 row;
    /// numerator: `RFEP` in y.
    static func elReclassified(_ data: RecordIndex) -> [Unit] {
        var units: [Unit] = []
        for previous in data.allEnrollments where previous.elStatus == .englishLearner {
            guard let current = data.enrollment(previous.studentID, previous.schoolYear + 1) else { continue }
            units.append(
                Unit(
                    student: previous.studentID,
                    year: current.schoolYear,
                    row: previous,
                    counts: current.elStatus == .reclassified
                )
            )
        }
        return units
    }

    /// ELs in grades 6–12; numerator: long-term ELs.
    static func ltelShare(_ data: RecordIndex) -> [Unit] {
        data.allEnrollments.filter { $0.elStatus == .englishLearner && (6...12).contains(Int($0.grade.value)) }.map { row in
            let groups = GroupMembership.groups(student: data.student(row.studentID), enrollment: row)
            return Unit(student: row.studentID, year: row.schoolYear, row: row, counts: groups.contains(.longTermEnglishLearner))
        }
    }

    // MARK: - Outcome indicators

    /// The adjusted cohort (leaving out transfers, emigrants and deceased), in its cohort year; numerator:
    /// graduates. School and groups from the latest enrollment row through the cohort year.
    static func graduationRate(_ data: RecordIndex) -> [Unit] {
        let stays: Set<CohortOutcomeCode> = [.graduated, .otherCompleter, .ged, .dropout, .continuing]
        var units: [UnitID: Bool] = [:]
        for outcome in data.allOutcomes where stays.contains(outcome.outcome) {
            let id = UnitID(student: outcome.studentID, year: outcome.cohortYear)
            units[id] = (units[id] ?? false) || outcome.outcome == .graduated
        }
        return units.map {
            Unit(student: $0.key.student, year: $0.key.year, row: data.latestEnrollment($0.key.student, through: $0.key.year), counts: $0.value)
        }
    }

    /// Graduates; numerator: A–G complete (the reported flag, else derived from the transcript). A year in
    /// which some graduate's flag is not reported and no course row is stored has no value.
    static func agCompletion(_ data: RecordIndex) -> [Unit] {
        let unknowable = Set(
            data.allOutcomes.filter { $0.outcome == .graduated && $0.agComplete == nil && !data.courseYears.contains($0.cohortYear) }.map(
                \.cohortYear
            )
        )
        var units: [UnitID: Bool] = [:]
        for outcome in data.allOutcomes where outcome.outcome == .graduated && !unknowable.contains(outcome.cohortYear) {
            let complete = outcome.agComplete ?? transcriptMeetsAG(data.courses(of: outcome.studentID), through: outcome.cohortYear)
            let id = UnitID(student: outcome.studentID, year: outcome.cohortYear)
            units[id] = (units[id] ?? false) || complete
        }
        return units.map {
            Unit(student: $0.key.student, year: $0.key.year, row: data.latestEnrollment($0.key.student, through: $0.key.year), counts: $0.value)
        }
    }

    /// The A–G rule on a transcript: courses with an area, grade level 9–12, a year up to `year` and a mark of
    /// `C` or better; a `(course_code, term)` counts once; each term is its part of a year.
    static func transcriptMeetsAG(_ courses: [CourseRecord], through year: Int) -> Bool {
        let required: [AGArea: Int] = [
            .history: 2, .english: 4, .mathematics: 3, .laboratoryScience: 2,
            .languageOtherThanEnglish: 2, .visualPerformingArts: 1, .collegePrepElective: 1,
        ]
        let passing: Set<Mark> = [.aPlus, .a, .aMinus, .bPlus, .b, .bMinus, .cPlus, .c]
        struct Attempt: Hashable {
            var course: String
            var term: Term
        }
        var counted = Set<Attempt>()
        var twelfths: [AGArea: Int] = [:]
        for course in courses {
            guard let area = course.agArea, (9...12).contains(Int(course.gradeLevel.value)), course.schoolYear <= year,
                let mark = course.mark, passing.contains(mark)
            else { continue }
            guard counted.insert(Attempt(course: course.courseCode.uppercased(), term: course.term)).inserted else { continue }
            twelfths[area, default: 0] += course.term.twelfthsOfYear
        }
        return required.allSatisfy { area, years in twelfths[area, default: 0] >= years * 12 }
    }

    // MARK: - Matched cohorts

    /// Members: enrolled in `grade` in the start year. A member is a unit in each later (or the same) year with
    /// a CST/CAASPP result in one of `subjects` at any grade; numerator: any of them proficient. School: the
    /// member's start-year school; groups: from the measured year's row (race and gender only without one).
    static func matchedCohort(indicator: String, grade: Int, subjects: [String], _ data: RecordIndex, into result: inout [CohortKey: Counts]) {
        for start in data.allEnrollments where start.grade.value == grade {
            for year in data.assessmentYears where year >= start.schoolYear {
                var isUnit = false
                var proficient = false
                for test in data.assessments(of: start.studentID, in: year)
                where isCode(test.test, in: ["CST", "CAASPP"]) && isCode(test.subject, in: subjects) {
                    isUnit = true
                    if data.isProficient(test) { proficient = true }
                }
                guard isUnit else { continue }
                let groups = GroupMembership.groups(
                    student: data.student(start.studentID),
                    enrollment: data.enrollment(start.studentID, year)
                )
                for school in [nil, start.schoolCode] as [String?] {
                    for group in groups {
                        let key = CohortKey(
                            indicator: indicator,
                            startYear: start.schoolYear,
                            year: year,
                            district: data.district,
                            school: school,
                            group: group.rawValue
                        )
                        var counts = result[key] ?? (0, 0)
                        counts.denominator += 1
                        if proficient { counts.numerator += 1 }
                        result[key] = counts
                    }
                }
            }
        }
    }

    // MARK: - Units and places

    /// A student in a value year.
    struct UnitID: Hashable {
        var student: String
        var year: Int
    }

    /// A counted unit: the enrollment row that places it (nil: district only, race and gender groups only)
    /// and whether it is in the numerator — or, for a mean, the points it adds to the numerator.
    struct Unit {
        var student: String
        var year: Int
        var row: Enrollment?
        var counts: Bool
        var points: Int? = nil
    }

    /// Text codes compare case-insensitively; `list` is upper-case.
    static func isCode(_ code: String, in list: [String]) -> Bool { list.contains(code.uppercased()) }

    static func isGrade(_ grade: Grade?, _ wanted: Int) -> Bool { grade.map { Int($0.value) == wanted } ?? false }

    static func isGrade(_ grade: Grade?, _ wanted: ClosedRange<Int>) -> Bool { grade.map { wanted.contains(Int($0.value)) } ?? false }

    /// The district's records, indexed by student (and year) for the look-ups above.
    struct RecordIndex {
        let district: String
        let catalog: TestCatalog
        let allEnrollments: [Enrollment]
        let allAssessments: [AssessmentResult]
        let allOutcomes: [CohortOutcome]
        let assessmentYears: [Int]
        /// The years with at least one course row: a numerator read from courses is known only in them.
        let courseYears: Set<Int>
        private let students: [String: Student]
        private let enrollments: [String: [Int: Enrollment]]
        private let assessmentsByStudentYear: [UnitID: [AssessmentResult]]
        private let coursesByStudent: [String: [CourseRecord]]

        init(
            district: String,
            students: [Student],
            enrollments: [Enrollment],
            assessments: [AssessmentResult],
            courses: [CourseRecord],
            outcomes: [CohortOutcome],
            catalog: TestCatalog
        ) {
            self.district = district
            self.catalog = catalog
            allEnrollments = enrollments
            allAssessments = assessments
            allOutcomes = outcomes
            assessmentYears = Set(assessments.map(\.schoolYear)).sorted()
            courseYears = Set(courses.map(\.schoolYear))
            var studentsByID: [String: Student] = [:]
            for student in students { studentsByID[student.id] = student }
            self.students = studentsByID
            var rows: [String: [Int: Enrollment]] = [:]
            for row in enrollments {
                precondition(rows[row.studentID]?[row.schoolYear] == nil, "two enrollment rows for one student and year")
                rows[row.studentID, default: [:]][row.schoolYear] = row
            }
            self.enrollments = rows
            var results: [UnitID: [AssessmentResult]] = [:]
            for result in assessments { results[UnitID(student: result.studentID, year: result.schoolYear), default: []].append(result) }
            assessmentsByStudentYear = results
            var transcripts: [String: [CourseRecord]] = [:]
            for course in courses { transcripts[course.studentID, default: []].append(course) }
            coursesByStudent = transcripts
        }

        func student(_ id: String) -> Student? { students[id] }

        func enrollment(_ student: String, _ year: Int) -> Enrollment? { enrollments[student]?[year] }

        /// The latest row with `school_year` ≤ `year`.
        func latestEnrollment(_ student: String, through year: Int) -> Enrollment? {
            var latest: Enrollment?
            for (rowYear, row) in enrollments[student] ?? [:] where rowYear <= year {
                if latest == nil || rowYear > latest!.schoolYear { latest = row }
            }
            return latest
        }

        func assessments(of student: String, in year: Int) -> [AssessmentResult] {
            assessmentsByStudentYear[UnitID(student: student, year: year)] ?? []
        }

        func courses(of student: String) -> [CourseRecord] { coursesByStudent[student] ?? [] }

        /// The catalog's rule; a result it cannot judge is not proficient.
        func isProficient(_ result: AssessmentResult) -> Bool {
            catalog[result.test]?.isProficient(level: result.performanceLevel, scaleScore: result.scaleScore) == true
        }

        /// Units from assessment records: one per student and result year, in the numerator when any of its
        /// population records matches; placed by the enrollment row of the result's year.
        func assessmentUnits(population: (AssessmentResult) -> Bool, numerator: (AssessmentResult) -> Bool) -> [Unit] {
            var units: [UnitID: Bool] = [:]
            for result in allAssessments where population(result) {
                let id = UnitID(student: result.studentID, year: result.schoolYear)
                units[id] = (units[id] ?? false) || numerator(result)
            }
            return units.map { Unit(student: $0.key.student, year: $0.key.year, row: enrollment($0.key.student, $0.key.year), counts: $0.value) }
        }

        /// Counts each unit at the district and at its row's school, in every group the row (or, without one,
        /// the student) gives.
        func tally(_ indicator: String, _ units: [Unit], into result: inout [Key: Counts]) {
            for unit in units {
                let groups = GroupMembership.groups(student: student(unit.student), enrollment: unit.row)
                var places: [String?] = [nil]
                if let row = unit.row { places.append(row.schoolCode) }
                for school in places {
                    for group in groups {
                        let key = Key(indicator: indicator, year: unit.year, district: district, school: school, group: group.rawValue)
                        var counts = result[key] ?? (0, 0)
                        counts.denominator += 1
                        counts.numerator += unit.points ?? (unit.counts ? 1 : 0)
                        result[key] = counts
                    }
                }
            }
        }
    }
}
