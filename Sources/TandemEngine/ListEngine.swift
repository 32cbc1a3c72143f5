public import TandemDomain

/// One student on one list in one school year, with why (`CST MATH 338 in grade 7; no ALG1 in 2009–10
/// or 2010–11`). Student-level: it never leaves its district.
public struct ListMember: Sendable, Hashable {
    /// Index into the lists the engine was given.
    public let list: Int
    public let year: Int
    /// The student and school, numbered as in the district's `DistrictRecords`.
    public let student: Int32
    public let school: Int32
    public let grade: Int8
    public let reason: String
}

/// Computes the student lists of one district for every year from its columnar records: for each list,
/// each enrollment row matching the list's enrollment filter whose student meets every criterion
/// (`ListCriterion`). Rows are visited in enrollment order and members returned by list, year and student.
public struct ListEngine: Sendable {
    public let catalog: TestCatalog
    /// The A–G rule the pace of `a_g_behind_pace` is measured with.
    public let agRequirement: AGRequirement

    public init(catalog: TestCatalog, agRequirement: AGRequirement = .universityOfCalifornia) {
        self.catalog = catalog
        self.agRequirement = agRequirement
    }

    public func members(of lists: [ListDefinition], in records: DistrictRecords) -> [ListMember] {
        let context = ListContext(records: records, catalog: catalog, agRequirement: agRequirement)
        var members: [ListMember] = []
        for (number, list) in lists.enumerated() {
            let enrollment = RowFilter(list.enrollment, kind: .enrollments, records: records, proficient: context.index.proficient)
            let criteria = list.criteria.map { context.compile($0) }
            var found: [ListMember] = []
            for row in 0..<records.enrollments.count where enrollment.matches(row) {
                var reasons: [String] = []
                reasons.reserveCapacity(criteria.count)
                guard criteria.allSatisfy({ criterion in criterion(row).map { reasons.append($0) } != nil }) else { continue }
                found.append(
                    ListMember(
                        list: number,
                        year: Int(records.enrollments.year[row]),
                        student: records.enrollments.student[row],
                        school: records.enrollments.school[row],
                        grade: records.enrollments.grade[row],
                        reason: reasons.filter { !$0.isEmpty }.joined(separator: "; ")
                    )
                )
            }
            members += found.sorted { ($0.year, $0.student) < ($1.year, $1.student) }
        }
        return members
    }
}

extension AGRequirement {
    /// The University of California and CSU A–G rule (`shared/spec/indicators.md`): a 2 years, b 4, c 3,
    /// d 2, e 2, f 1, g 1, a mark of C or better, grades 9–12 — the built-in `ag_completion` rule.
    public static let universityOfCalifornia = AGRequirement(
        years: [
            .history: 2, .english: 4, .mathematics: 3, .laboratoryScience: 2, .languageOtherThanEnglish: 2, .visualPerformingArts: 1,
            .collegePrepElective: 1,
        ],
        passingMarks: [.aPlus, .a, .aMinus, .bPlus, .b, .bMinus, .cPlus, .c],
        gradeLevels: 9...12
    )
}

/// What the criteria read, made once per district: the engine's index (enrollment rows by student and
/// year, proficiency by the catalog, courses by student) and the assessment and outcome rows by student.
private struct ListContext {
    let records: DistrictRecords
    let index: DistrictIndex
    let agRequirement: AGRequirement
    let assessmentStart: [Int]
    let assessmentRows: [Int32]
    let outcomeStart: [Int]
    let outcomeRows: [Int32]

    /// A compiled criterion: for an enrollment row, why its student meets it, or `nil` when they do not.
    typealias Criterion = (Int) -> String?

    init(records: DistrictRecords, catalog: TestCatalog, agRequirement: AGRequirement) {
        self.records = records
        index = DistrictIndex(records, catalog: catalog)
        self.agRequirement = agRequirement
        (assessmentStart, assessmentRows) = DistrictIndex.countingSort(records.assessments.student, buckets: records.studentCount)
        (outcomeStart, outcomeRows) = DistrictIndex.countingSort(records.outcomes.student, buckets: records.studentCount)
    }

    func compile(_ criterion: ListCriterion) -> Criterion {
        let enrollments = records.enrollments
        switch criterion {
        case .has(let kind, let filter, let years), .lacks(let kind, let filter, let years):
            let wanted = if case .has = criterion { true } else { false }
            let rows = RowFilter(filter, kind: kind, records: records, proficient: index.proficient)
            return { row in
                let student = Int(enrollments.student[row])
                let year = Int(enrollments.year[row])
                let match = self.firstRow(of: kind, student: student, years: (year + years.lowerBound)...(year + years.upperBound), rows)
                if wanted { return match.map { self.describe(kind, row: $0, listYear: year) } }
                guard match == nil else { return nil }
                return "no \(Self.describe(filter, kind)) in \(Self.describe(years: (year + years.lowerBound)...(year + years.upperBound)))"
            }
        case .gpa(let low, let below):
            return { row in
                let year = enrollments.year[row]
                guard let gpa = self.gpa(student: Int(enrollments.student[row]), year: year) else { return nil }
                guard gpa >= (low ?? -.infinity), gpa < (below ?? .infinity) else { return nil }
                return "GPA \(gpa.fixed(2)) in \(schoolYearLabel(Int(year)))"
            }
        case .yearsAsEL(let range):
            return { row in
                guard let start = Day(packed: enrollments.elStartDay[row]) else { return nil }
                let years = GroupMembership.wholeYears(since: start, toCensusDayOf: Int(enrollments.year[row]))
                return range.contains(years) ? "\(years) year\(years == 1 ? "" : "s") as EL (since \(start))" : nil
            }
        case .yearsSinceReclassification(let range):
            return { row in
                guard let date = Day(packed: enrollments.rfepDay[row]) else { return nil }
                let years = GroupMembership.wholeYears(since: date, toCensusDayOf: Int(enrollments.year[row]))
                return range.contains(years) ? "reclassified \(date)" : nil
            }
        case .agBehindPace:
            return { row in self.behindAGPace(row) }
        case .any(let alternatives):
            let compiled = alternatives.map { compile($0) }
            return { row in
                for alternative in compiled { if let reason = alternative(row) { return reason } }
                return nil
            }
        }
    }

    /// The first row of `kind` of the student in `years` that passes `filter`, in the order loaded.
    private func firstRow(of kind: RecordKind, student: Int, years: ClosedRange<Int>, _ filter: RowFilter) -> Int? {
        switch kind {
        case .enrollments:
            for year in years {
                if let row = index.enrollment(student: student, yearOffset: year - index.firstYear), filter.matches(row) { return row }
            }
            return nil
        case .assessments:
            let year = records.assessments.year
            for row in assessmentRows[assessmentStart[student]..<assessmentStart[student + 1]] {
                if years.contains(Int(year[Int(row)])), filter.matches(Int(row)) { return Int(row) }
            }
            return nil
        case .courses:
            let year = records.courses.year
            for row in index.courseRows[Int(index.courseStart[student])..<Int(index.courseStart[student + 1])] {
                if years.contains(Int(year[Int(row)])), filter.matches(Int(row)) { return Int(row) }
            }
            return nil
        case .outcomes:
            let year = records.outcomes.cohortYear
            for row in outcomeRows[outcomeStart[student]..<outcomeStart[student + 1]] {
                if years.contains(Int(year[Int(row)])), filter.matches(Int(row)) { return Int(row) }
            }
            return nil
        }
    }

    /// The student's GPA in a year: the mean grade points of their courses with a letter mark that year.
    private func gpa(student: Int, year: Int16) -> Double? {
        let courses = records.courses
        var points = 0
        var marks = 0
        for row in index.courseRows[Int(index.courseStart[student])..<Int(index.courseStart[student + 1])] where courses.year[Int(row)] == year {
            let mark = courses.mark[Int(row)]
            guard mark >= 0, let value = Mark.allCases[Int(mark)].gradePoints else { continue }
            points += value
            marks += 1
        }
        return marks == 0 ? nil : Double(points) / Double(marks)
    }

    /// Why a high-school student is behind the A–G pace for the end of the row's grade, or `nil`.
    private func behindAGPace(_ row: Int) -> String? {
        let enrollments = records.enrollments
        let grade = Int(enrollments.grade[row])
        guard let pace = AGPace.endOfGrade(grade) else { return nil }
        let student = Int(enrollments.student[row])
        let year = enrollments.year[row]
        let courses = records.courses
        var completed: [AGCourse<UInt32>] = []
        for course in index.courseRows[Int(index.courseStart[student])..<Int(index.courseStart[student + 1])].map(Int.init)
        where courses.year[course] <= year && courses.agArea[course] >= 0 {
            completed.append(
                AGCourse(
                    course: courses.course[course],
                    term: Term.allCases[Int(courses.term[course])],
                    area: AGArea.allCases[Int(courses.agArea[course])],
                    gradeLevel: Int(courses.gradeLevel[course]),
                    mark: courses.mark[course] < 0 ? nil : Mark.allCases[Int(courses.mark[course])]
                )
            )
        }
        let twelfths = agRequirement.twelfths(completedIn: completed)
        guard !pace.isKept(twelfths: twelfths, requirement: agRequirement) else { return nil }
        func years(_ twelfths: Int) -> String { twelfths % 12 == 0 ? String(twelfths / 12) : (Double(twelfths) / 12).fixed(2) }
        let total = twelfths.values.reduce(0, +)
        return "A–G \(years(total)) year\(total == 12 ? "" : "s") by the end of grade \(grade) (English \(years(twelfths[.english, default: 0])), "
            + "mathematics \(years(twelfths[.mathematics, default: 0])))"
    }

    /// A record as a reason names it: `CST MATH 338 in grade 7`, `ALG1 (B) in 2009–10`.
    private func describe(_ kind: RecordKind, row: Int, listYear: Int) -> String {
        switch kind {
        case .enrollments:
            let year = Int(records.enrollments.year[row])
            return "enrolled in grade \(Grade(Int(records.enrollments.grade[row]))?.code ?? "?") in \(schoolYearLabel(year))"
        case .assessments:
            let results = records.assessments
            var text = "\(results.tests[Int(results.test[row])]) \(results.subjects[Int(results.subject[row])])"
            let scale = results.scaleScore[row]
            if !scale.isNaN {
                text += " \(scale == scale.rounded() ? String(Int(scale)) : String(scale))"
            } else if results.level[row] != .min {
                text += " level \(results.level[row])"
            }
            if results.grade[row] != .min { text += " in grade \(Grade(Int(results.grade[row]))?.code ?? "?")" }
            let year = Int(results.year[row])
            return year == listYear ? text : text + " in \(schoolYearLabel(year))"
        case .courses:
            let courses = records.courses
            let mark = courses.mark[row] < 0 ? "in progress" : Mark.allCases[Int(courses.mark[row])].rawValue
            return "\(courses.courseCodes[Int(courses.course[row])]) (\(mark)) in \(schoolYearLabel(Int(courses.year[row])))"
        case .outcomes:
            let outcomes = records.outcomes
            return "\(CohortOutcomeCode.allCases[Int(outcomes.outcome[row])].rawValue), cohort \(schoolYearLabel(Int(outcomes.cohortYear[row])))"
        }
    }

    /// What a filter asks for, in a reason: its codes (`ALG1`), else the kind of record.
    static func describe(_ filter: RecordFilter, _ kind: RecordKind) -> String {
        let codes = filter.conditions.sorted { $0.key < $1.key }.compactMap { _, condition -> String? in
            guard case .oneOf(let values) = condition else { return nil }
            return values.sorted().joined(separator: " or ")
        }
        if !codes.isEmpty { return codes.joined(separator: " ") }
        return switch kind {
        case .enrollments: "enrollment"
        case .assessments: "result"
        case .courses: "course"
        case .outcomes: "outcome"
        }
    }

    static func describe(years: ClosedRange<Int>) -> String {
        years.count == 1 ? schoolYearLabel(years.lowerBound) : "\(schoolYearLabel(years.lowerBound)) to \(schoolYearLabel(years.upperBound))"
    }
}
