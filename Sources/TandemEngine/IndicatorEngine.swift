import Dispatch
public import TandemDomain

/// Computes the whole cube — every indicator × year × (district, each school) × student group, and
/// every matched cohort — from definitions alone.
///
/// For each (district, indicator) one pass over the indicator's population records marks its units (one
/// per student and value year) in two bitsets, denominator and numerator; one pass over the marked units
/// then adds each to its district and school cells for every group in its group bitset. The
/// (district, indicator) tasks run on every core.
public struct IndicatorEngine: Sendable {
    public let library: IndicatorLibrary
    public let catalog: TestCatalog

    public init(library: IndicatorLibrary, catalog: TestCatalog) {
        self.library = library
        self.catalog = catalog
    }

    public func compute(_ districts: [DistrictRecords]) -> IndicatorCube {
        let catalog = self.catalog
        let indexes = parallelMap(districts) { DistrictIndex($0, catalog: catalog) }
        let tasks = indexes.flatMap { index in library.indicators.map { (index, $0) } }
        let results = parallelMap(tasks) { index, definition in
            let computation = IndicatorComputation(index: index, definition: definition)
            return (computation.crossSectional(), computation.cohort())
        }
        return IndicatorCube(blocks: results.map(\.0), cohorts: results.compactMap(\.1))
    }
}

/// `transform` applied to every element on every core; results in order.
func parallelMap<Element: Sendable, Result: Sendable>(_ elements: [Element], _ transform: @Sendable (Element) -> Result) -> [Result] {
    // Each iteration writes only its own slot, and the buffer outlives the parallel loop.
    nonisolated(unsafe) let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: elements.count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    DispatchQueue.concurrentPerform(iterations: elements.count) { results[$0] = transform(elements[$0]) }
    return results.map { $0! }
}

/// One indicator over one district.
struct IndicatorComputation {
    let index: DistrictIndex
    let definition: IndicatorDefinition
    var records: DistrictRecords { index.records }
    var places: Places { Places(schoolCodes: records.schoolCodes) }

    /// The cross-sectional values: every year, place and group.
    func crossSectional() -> CubeBlock {
        let population = definition.population
        let students = index.studentCount
        let years = index.yearCount
        var block = CubeBlock(
            indicator: definition.id,
            district: records.districtCode,
            firstYear: index.firstYear,
            yearCount: years,
            places: places
        )
        var denominator = Bitset(count: years * students)
        var numerator = Bitset(count: years * students)
        let table = Table(population.records, records)
        let filter = RowFilter(population.filter, kind: population.records, records: records, proficient: index.proficient)
        let enrollmentFilter = population.enrollmentFilter.map {
            RowFilter($0, kind: .enrollments, records: records, proficient: index.proficient)
        }
        let shift = population.valueYear == .nextYear ? 1 : 0
        let inNumerator = numeratorTest()
        let levels = population.requiresPreviousYearResult ? unitLevels(filter) : nil
        // A mean in points: each unit's highest distance from standard (`Int32.min` = none yet). Sums stay
        // in 32 bits: a cell would need some five million takers averaging 400 points off the standard.
        var points = definition.measure == .points ? [Int32](repeating: .min, count: years * students) : []

        for candidate in candidates(population.records, population.filter) {
            let row = Int(candidate)
            guard filter.matches(row) else { continue }
            let student = table.student(row)
            let recordYear = table.year(row) - index.firstYear
            let yearOffset = recordYear + shift
            guard yearOffset < years else { continue }
            if let enrollmentFilter {
                guard let enrollment = index.enrollment(student: student, yearOffset: recordYear), enrollmentFilter.matches(enrollment) else {
                    continue
                }
            }
            if population.requiresEnrollmentInValueYear, index.enrollment(student: student, yearOffset: yearOffset) == nil { continue }
            let unit = yearOffset * students + student
            if let levels {
                guard yearOffset > 0, let gained = levels.gained(unit: unit, students: students, numerator: definition.numerator) else { continue }
                denominator.insert(unit)
                if gained { numerator.insert(unit) }
                continue
            }
            if !points.isEmpty {
                guard let distance = index.distanceFromStandard(row) else { continue }
                points[unit] = max(points[unit], distance)
                denominator.insert(unit)
                continue
            }
            denominator.insert(unit)
            if inNumerator(row, yearOffset, student) { numerator.insert(unit) }
        }

        let measurable = measurableYears()
        for yearOffset in 0..<years where measurable[yearOffset] {
            denominator.forEach(in: (yearOffset * students)..<((yearOffset + 1) * students)) { unit in
                let student = unit - yearOffset * students
                let enrollment = placement(student: student, yearOffset: yearOffset, shift: shift)
                let amount: Int32 = points.isEmpty ? (numerator.contains(unit) ? 1 : 0) : points[unit]
                add(
                    to: &block,
                    at: block.index(yearOffset: yearOffset, place: 0, group: 0),
                    enrollment: enrollment,
                    student: student,
                    amount: amount
                )
            }
        }
        return block
    }

    /// The matched-cohort values, when the definition says how to follow its grade.
    func cohort() -> CohortBlock? {
        guard let rule = definition.cohort, let grade = definition.grade else { return nil }
        let students = index.studentCount
        let years = index.yearCount
        let kind = definition.population.records
        var block = CohortBlock(
            indicator: definition.id,
            grade: grade,
            district: records.districtCode,
            firstYear: index.firstYear,
            yearCount: years,
            places: places
        )
        // Members: enrolled in the grade in the starting year.
        var members = Bitset(count: years * students)
        let enrollments = records.enrollments
        for row in 0..<enrollments.count where Int(enrollments.grade[row]) == grade {
            members.insert((Int(enrollments.year[row]) - index.firstYear) * students + Int(enrollments.student[row]))
        }
        let cells = years * years * students
        var denominator = Bitset(count: cells)
        var numerator = Bitset(count: cells)
        let table = Table(kind, records)
        let filter = RowFilter(rule.filter, kind: kind, records: records, proficient: index.proficient)
        let inNumerator = numeratorTest()
        for candidate in candidates(kind, rule.filter) {
            let row = Int(candidate)
            guard filter.matches(row) else { continue }
            let student = table.student(row)
            let yearOffset = table.year(row) - index.firstYear
            let proficient = inNumerator(row, yearOffset, student)
            for start in 0...yearOffset where members.contains(start * students + student) {
                let unit = (start * years + yearOffset) * students + student
                denominator.insert(unit)
                if proficient { numerator.insert(unit) }
            }
        }
        let measurable = measurableYears()
        for start in 0..<years {
            for yearOffset in start..<years where measurable[yearOffset] {
                let base = (start * years + yearOffset) * students
                denominator.forEach(in: base..<(base + students)) { unit in
                    let student = unit - base
                    // The school is the starting year's; the groups are the value year's.
                    let startSchool = index.enrollment(student: student, yearOffset: start).map { Int(records.enrollments.school[$0]) + 1 } ?? 0
                    let groups =
                        index.enrollment(student: student, yearOffset: yearOffset).map { records.enrollments.groups[$0] }
                        ?? records.studentGroups[student]
                    let cell = block.index(startOffset: start, yearOffset: yearOffset, place: 0, group: 0)
                    let schoolCell = startSchool == 0 ? nil : block.index(startOffset: start, yearOffset: yearOffset, place: startSchool, group: 0)
                    Self.add(
                        groups: groups,
                        amount: numerator.contains(unit) ? 1 : 0,
                        cell: cell,
                        schoolCell: schoolCell,
                        numerators: &block.numerators,
                        denominators: &block.denominators
                    )
                }
            }
        }
        return block
    }

    /// The value years whose numerator can be known: those for which the district loaded every record the
    /// numerator reads. A numerator that looks in another file (`exists`: courses, SAT/ACT results) needs
    /// that file's rows — of the tests it names, for assessments — in every year it looks at; A–G
    /// completion needs the courses of the cohort year where a graduate's flag is not reported. Without
    /// them a numerator would count 0, and a page would show 0% for what was never measured: such a year
    /// has no value at all ("no data is never zero").
    func measurableYears() -> [Bool] {
        let years = index.yearCount
        switch definition.numerator {
        case .exists(let kind, let filter, let relative):
            let present = yearsWithRows(kind, tests: filter.conditions["test"])
            return (0..<years).map { value in
                (relative.lowerBound...relative.upperBound).allSatisfy { present.indices.contains(value + $0) && present[value + $0] }
            }
        case .agComplete:
            let courses = yearsWithRows(.courses, tests: nil)
            var unreported = Array(repeating: false, count: years)
            let outcomes = records.outcomes
            let filter = RowFilter(definition.population.filter, kind: .outcomes, records: records, proficient: index.proficient)
            for row in 0..<outcomes.count where outcomes.agComplete[row] < 0 && filter.matches(row) {
                unreported[Int(outcomes.cohortYear[row]) - index.firstYear] = true
            }
            return (0..<years).map { !unreported[$0] || courses[$0] }
        default:
            return Array(repeating: true, count: years)
        }
    }

    /// For each year, whether the district has a record of `kind` (of one of `tests`, when given).
    private func yearsWithRows(_ kind: RecordKind, tests: FieldCondition?) -> [Bool] {
        let table = Table(kind, records)
        let filter = tests.map { RowFilter(RecordFilter(["test": $0]), kind: kind, records: records, proficient: index.proficient) }
        var present = Array(repeating: false, count: index.yearCount)
        for row in 0..<table.count where filter?.matches(row) ?? true {
            present[table.year(row) - index.firstYear] = true
        }
        return present
    }

    /// The enrollment row giving a unit its school and groups, by the definition's rule.
    private func placement(student: Int, yearOffset: Int, shift: Int) -> Int? {
        switch definition.groupsFrom {
        case .valueYear: return index.enrollment(student: student, yearOffset: yearOffset)
        case .recordYear: return index.enrollment(student: student, yearOffset: yearOffset - shift)
        case .latestThroughValueYear:
            for year in stride(from: yearOffset, through: 0, by: -1) {
                if let row = index.enrollment(student: student, yearOffset: year) { return row }
            }
            return nil
        }
    }

    private func add(to block: inout CubeBlock, at districtCell: Int, enrollment: Int?, student: Int, amount: Int32) {
        let groups = enrollment.map { records.enrollments.groups[$0] } ?? records.studentGroups[student]
        let place = enrollment.map { Int(records.enrollments.school[$0]) + 1 } ?? 0
        let schoolCell = place == 0 ? nil : districtCell + place * CubeBlock.groupCount
        Self.add(
            groups: groups,
            amount: amount,
            cell: districtCell,
            schoolCell: schoolCell,
            numerators: &block.numerators,
            denominators: &block.denominators
        )
    }

    /// Counts a unit in each of its groups, at the district cell and at its school's: one more in the
    /// denominator, `amount` more in the numerator (1 or 0 for a share; its points for a mean).
    @inline(__always)
    private static func add(
        groups: UInt32,
        amount counted: Int32,
        cell: Int,
        schoolCell: Int?,
        numerators: inout [Int32],
        denominators: inout [Int32]
    ) {
        var mask = groups
        while mask != 0 {
            let group = mask.trailingZeroBitCount
            mask &= mask - 1
            denominators[cell + group] += 1
            numerators[cell + group] += counted
            if let schoolCell {
                denominators[schoolCell + group] += 1
                numerators[schoolCell + group] += counted
            }
        }
    }

    /// The rows of a table worth testing against a filter.
    private func candidates(_ kind: RecordKind, _ filter: RecordFilter) -> [Int32] {
        switch kind {
        case .assessments: index.assessmentCandidates(filter)
        case .enrollments: Array(0..<Int32(records.enrollments.count))
        case .courses: Array(0..<Int32(records.courses.count))
        case .outcomes: Array(0..<Int32(records.outcomes.count))
        }
    }

    /// Whether a population row's unit is in the numerator (for every kind but the level gain, which
    /// `UnitLevels` decides, and the distance from standard, which adds points instead).
    private func numeratorTest() -> (Int, Int, Int) -> Bool {
        let kind = definition.population.records
        switch definition.numerator {
        case .recordMatches(let filter):
            let test = RowFilter(filter, kind: kind, records: records, proficient: index.proficient)
            return { row, _, _ in test.matches(row) }
        case .valueYearEnrollmentMatches(let filter):
            let test = RowFilter(filter, kind: .enrollments, records: records, proficient: index.proficient)
            return { _, yearOffset, student in index.enrollment(student: student, yearOffset: yearOffset).map(test.matches) ?? false }
        case .exists(let other, let filter, let relative):
            let found = existing(other, filter)
            let students = index.studentCount
            let years = index.yearCount
            return { _, yearOffset, student in
                let low = max(0, yearOffset + relative.lowerBound)
                let high = min(years - 1, yearOffset + relative.upperBound)
                guard low <= high else { return false }
                return (low...high).contains { found.contains($0 * students + student) }
            }
        case .levelGain, .distanceFromStandard:
            return { _, _, _ in false }
        case .agComplete(let requirement):
            return agComplete(requirement)
        }
    }

    /// (year, student) pairs having a record of `kind` matching `filter`.
    private func existing(_ kind: RecordKind, _ filter: RecordFilter) -> Bitset {
        let table = Table(kind, records)
        let test = RowFilter(filter, kind: kind, records: records, proficient: index.proficient)
        var found = Bitset(count: index.yearCount * index.studentCount)
        for row in candidates(kind, filter) where test.matches(Int(row)) {
            found.insert((table.year(Int(row)) - index.firstYear) * index.studentCount + table.student(Int(row)))
        }
        return found
    }

    /// A–G completion of an outcome row: the reported flag, else the transcript through the cohort year.
    private func agComplete(_ requirement: AGRequirement) -> (Int, Int, Int) -> Bool {
        let outcomes = records.outcomes
        let courses = records.courses
        let terms = Term.allCases
        let areas = AGArea.allCases
        let marks = Mark.allCases
        return { row, yearOffset, student in
            let reported = outcomes.agComplete[row]
            if reported >= 0 { return reported == 1 }
            let through = Int16(index.firstYear + yearOffset)
            let start = Int(index.courseStart[student])
            let end = Int(index.courseStart[student + 1])
            var transcript: [AGCourse<UInt32>] = []
            for position in start..<end {
                let course = Int(index.courseRows[position])
                let area = courses.agArea[course]
                let mark = courses.mark[course]
                guard area >= 0, courses.year[course] <= through else { continue }
                transcript.append(
                    AGCourse(
                        course: courses.course[course],
                        term: terms[Int(courses.term[course])],
                        area: areas[Int(area)],
                        gradeLevel: Int(courses.gradeLevel[course]),
                        mark: mark < 0 ? nil : marks[Int(mark)]
                    )
                )
            }
            return requirement.isMet(by: transcript)
        }
    }

    /// For level-gain indicators: each unit's highest level on each test, over the population filter.
    private func unitLevels(_ filter: RowFilter) -> UnitLevels {
        let assessments = records.assessments
        var levels = UnitLevels(units: index.yearCount * index.studentCount, topLevel: index.topLevel)
        for row in candidates(.assessments, definition.population.filter) where filter.matches(Int(row)) {
            let row = Int(row)
            let level = assessments.level[row]
            guard level != .min else { continue }
            let unit = (Int(assessments.year[row]) - index.firstYear) * index.studentCount + Int(assessments.student[row])
            levels.record(level, test: assessments.test[row], unit: unit)
        }
        return levels
    }
}

/// Highest level per unit on each test (a student may take CELDT and ELPAC in one year), for
/// year-over-year gains: levels are compared within one test only.
struct UnitLevels {
    /// Per test met among the population: the test's number and its level per unit (`Int8.min` = none).
    private var tests: [UInt16] = []
    private var levels: [[Int8]] = []
    private let units: Int
    private let topLevel: [Int8]

    init(units: Int, topLevel: [Int8]) {
        self.units = units
        self.topLevel = topLevel
    }

    mutating func record(_ level: Int8, test: UInt16, unit: Int) {
        let slot: Int
        if let existing = tests.firstIndex(of: test) {
            slot = existing
        } else {
            tests.append(test)
            levels.append(Array(repeating: .min, count: units))
            slot = tests.count - 1
        }
        levels[slot][unit] = max(levels[slot][unit], level)
    }

    /// Whether the unit gained on some test it took this year and last; `nil` when it took no test both years.
    func gained(unit: Int, students: Int, numerator: Numerator) -> Bool? {
        guard case .levelGain(let atLeast, let topCounts) = numerator else { return nil }
        var compared = false
        for (slot, test) in tests.enumerated() {
            let now = levels[slot][unit]
            let before = levels[slot][unit - students]
            guard now != .min, before != .min else { continue }
            compared = true
            let top = topLevel[Int(test)]
            if Int(now) - Int(before) >= atLeast || (topCounts && now == top && before == top) { return true }
        }
        return compared ? false : nil
    }
}

/// The student and year columns of a table, by kind.
struct Table {
    let studentColumn: [Int32]
    let yearColumn: [Int16]

    init(_ kind: RecordKind, _ records: DistrictRecords) {
        switch kind {
        case .enrollments: (studentColumn, yearColumn) = (records.enrollments.student, records.enrollments.year)
        case .assessments: (studentColumn, yearColumn) = (records.assessments.student, records.assessments.year)
        case .courses: (studentColumn, yearColumn) = (records.courses.student, records.courses.year)
        case .outcomes: (studentColumn, yearColumn) = (records.outcomes.student, records.outcomes.cohortYear)
        }
    }

    var count: Int { yearColumn.count }

    @inline(__always) func student(_ row: Int) -> Int { Int(studentColumn[row]) }
    @inline(__always) func year(_ row: Int) -> Int { Int(yearColumn[row]) }
}
