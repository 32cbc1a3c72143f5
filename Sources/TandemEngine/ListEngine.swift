public import TandemDomain

/// One student on one list in one school year, with why (`CST MATH 338 in grade 7; no ALG1 in 2008–09 to
/// 2009–10`). Student-level: it never leaves its district.
public struct ListMember: Sendable, Hashable {
    /// Index into the lists the engine was given.
    public let list: Int
    public let year: Int
    /// The student and school, numbered as in the district's `DistrictRecords`.
    public let student: Int32
    public let school: Int32
    public let grade: Int8
    public let reason: String
    /// The enrollment row that put the student on the list (their school and groups that year).
    public let enrollment: Int32
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

    /// Every district's members, the districts on every core (each with its own lists).
    public func members(of lists: [String: [ListDefinition]], in districts: [DistrictRecords]) -> [[ListMember]] {
        parallelMap(districts) { records in members(of: lists[records.districtCode] ?? [], in: records) }
    }

    /// How many students each list holds by year × place × group: one block per list (its id as the
    /// block's indicator), a count (`Measure.count`: numerator and denominator both the students), laid out
    /// as the cube's so that the same small-group rule and protection apply before a partner sees it.
    /// A student is counted once a year, at the school and in the groups of their first row on the list
    /// (one who moved schools is on both schools' rosters, but the district is the sum of its schools).
    public func counts(of lists: [ListDefinition], members: [ListMember], in records: DistrictRecords) -> [CubeBlock] {
        let years = records.enrollments.year
        guard let first = years.min().map(Int.init), let last = years.max().map(Int.init) else { return [] }
        let places = Places(schoolCodes: records.schoolCodes)
        var blocks = lists.map {
            CubeBlock(indicator: $0.id, district: records.districtCode, firstYear: first, yearCount: last - first + 1, places: places)
        }
        var previous: (list: Int, year: Int, student: Int32)?
        for member in members {
            defer { previous = (member.list, member.year, member.student) }
            if let previous, previous == (member.list, member.year, member.student) { continue }
            let district = blocks[member.list].index(yearOffset: member.year - first, place: 0, group: 0)
            let school = district + (Int(member.school) + 1) * CubeBlock.groupCount
            var groups = records.enrollments.groups[Int(member.enrollment)]
            while groups != 0 {
                let group = groups.trailingZeroBitCount
                groups &= groups - 1
                for cell in [district + group, school + group] {
                    blocks[member.list].numerators[cell] += 1
                    blocks[member.list].denominators[cell] += 1
                }
            }
        }
        return blocks
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
                        reason: reasons.filter { !$0.isEmpty }.joined(separator: "; "),
                        enrollment: Int32(row)
                    )
                )
            }
            members += found.sorted { ($0.year, $0.student) < ($1.year, $1.student) }
        }
        return members
    }
}

/// What the criteria read, made once per district: the engine's index (enrollment rows by student and
/// year, proficiency by the catalog) and each student's assessment, course and outcome rows in year order,
/// so a criterion reads only the years it asks about.
private struct ListContext {
    let records: DistrictRecords
    let index: DistrictIndex
    let agRequirement: AGRequirement
    let assessments: RowsByStudentAndYear
    let courses: RowsByStudentAndYear
    let outcomes: RowsByStudentAndYear

    /// A compiled criterion: for an enrollment row, why its student meets it, or `nil` when they do not.
    typealias Criterion = (Int) -> String?

    init(records: DistrictRecords, catalog: TestCatalog, agRequirement: AGRequirement) {
        self.records = records
        index = DistrictIndex(records, catalog: catalog)
        self.agRequirement = agRequirement
        assessments = RowsByStudentAndYear(student: records.assessments.student, year: records.assessments.year, students: records.studentCount)
        courses = RowsByStudentAndYear(student: records.courses.student, year: records.courses.year, students: records.studentCount)
        outcomes = RowsByStudentAndYear(student: records.outcomes.student, year: records.outcomes.cohortYear, students: records.studentCount)
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

    /// The first row of `kind` of the student in `years` that passes `filter` (earliest year first).
    private func firstRow(of kind: RecordKind, student: Int, years: ClosedRange<Int>, _ filter: RowFilter) -> Int? {
        let rows: RowsByStudentAndYear
        switch kind {
        case .enrollments:
            for year in years {
                if let row = index.enrollment(student: student, yearOffset: year - index.firstYear), filter.matches(row) { return row }
            }
            return nil
        case .assessments: rows = assessments
        case .courses: rows = courses
        case .outcomes: rows = outcomes
        }
        for row in rows.rows(of: student, in: years) where filter.matches(Int(row)) { return Int(row) }
        return nil
    }

    /// The student's GPA in a year: the mean grade points of their courses with a letter mark that year.
    private func gpa(student: Int, year: Int16) -> Double? {
        let marks = records.courses.mark
        var points = 0
        var count = 0
        for row in courses.rows(of: student, in: Int(year)...Int(year)) {
            let mark = marks[Int(row)]
            guard mark >= 0, let value = Self.gradePoints[Int(mark)] else { continue }
            points += value
            count += 1
        }
        return count == 0 ? nil : Double(points) / Double(count)
    }

    /// `Mark.gradePoints` by the mark's case index.
    static let gradePoints = Mark.allCases.map(\.gradePoints)

    /// Why a high-school student is behind the A–G pace for the end of the row's grade, or `nil`.
    private func behindAGPace(_ row: Int) -> String? {
        let enrollments = records.enrollments
        let grade = Int(enrollments.grade[row])
        guard let pace = AGPace.endOfGrade(grade) else { return nil }
        let student = Int(enrollments.student[row])
        let year = enrollments.year[row]
        let columns = records.courses
        func transcriptRow(_ row: Int32) -> AGCourse<UInt32>? {
            let course = Int(row)
            guard columns.agArea[course] >= 0 else { return nil }
            let mark = columns.mark[course]
            return AGCourse(
                course: columns.course[course],
                term: Term.allCases[Int(columns.term[course])],
                area: AGArea.allCases[Int(columns.agArea[course])],
                gradeLevel: Int(columns.gradeLevel[course]),
                mark: mark < 0 ? nil : Mark.allCases[Int(mark)]
            )
        }
        let completed = courses.rows(of: student, in: Int(Int16.min)...Int(year)).compactMap(transcriptRow)
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
                text += " \(scale.plain)"
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

/// Rows of one kind by student, each student's in year order: `rows(of:in:)` finds a student's years by
/// binary search instead of reading every year they have.
struct RowsByStudentAndYear {
    private let start: [Int]
    private let rows: [Int32]
    private let year: [Int16]

    init(student: [Int32], year: [Int16], students: Int) {
        self.year = year
        // Two stable counting sorts, by year and then by student: student-major, year-minor.
        let first = Int32(year.min() ?? 0)
        let span = Int(Int32(year.max() ?? 0) - first) + 1
        let (_, byYear) = DistrictIndex.countingSort(year.map { Int32($0) - first }, buckets: span)
        let (start, positions) = DistrictIndex.countingSort(byYear.map { student[Int($0)] }, buckets: students)
        self.start = start
        rows = positions.map { byYear[Int($0)] }
    }

    /// The student's rows whose year is in `years`, earliest year first.
    func rows(of student: Int, in years: ClosedRange<Int>) -> ArraySlice<Int32> {
        var low = start[student]
        var high = start[student + 1]
        let end = high
        // The first row of the student in `years.lowerBound` or later.
        while low < high {
            let middle = (low + high) / 2
            if Int(year[Int(rows[middle])]) < years.lowerBound { low = middle + 1 } else { high = middle }
        }
        var last = low
        while last < end, Int(year[Int(rows[last])]) <= years.upperBound { last += 1 }
        return rows[low..<last]
    }
}
