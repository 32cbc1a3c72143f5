import TandemDomain

/// What the engine derives once per district and shares, read-only, among the indicator tasks: where each
/// student's enrollment row of each year is, the assessment rows grouped by (test, subject, grade), each
/// result's proficiency by the catalog, and each student's transcript rows.
final class DistrictIndex: Sendable {
    let records: DistrictRecords
    let firstYear: Int
    let yearCount: Int
    let studentCount: Int
    /// Enrollment row of (year offset, student) at `yearOffset * studentCount + student`, or -1.
    let enrollmentRow: [Int32]
    /// Per assessment row: 1 proficient, 0 not, -1 the catalog cannot tell.
    let proficient: [Int8]
    /// Per test (dictionary index): its highest catalog level, or `Int8.max` when it has none.
    let topLevel: [Int8]
    /// Per test (dictionary index): its catalog definition, if the catalog knows it.
    let testDefinitions: [TestDefinition?]
    /// Assessment rows grouped by (test, subject, grade): the group keys and, for group `k`, the rows
    /// `assessmentRows[groupStart[k]..<groupStart[k + 1]]`.
    let groupKeys: [(test: UInt16, subject: UInt16, grade: Int8)]
    let groupStart: [Int]
    let assessmentRows: [Int32]
    /// Course rows of student `s`: `courseRows[courseStart[s]..<courseStart[s + 1]]`.
    let courseStart: [Int32]
    let courseRows: [Int32]

    init(_ records: DistrictRecords, catalog: TestCatalog) {
        self.records = records
        let years = records.years ?? 0...0
        firstYear = years.lowerBound
        yearCount = years.count
        studentCount = records.studentCount
        let enrollments = records.enrollments
        var enrollmentRow = [Int32](repeating: -1, count: yearCount * studentCount)
        for row in 0..<enrollments.count {
            enrollmentRow[(Int(enrollments.year[row]) - firstYear) * studentCount + Int(enrollments.student[row])] = Int32(row)
        }
        self.enrollmentRow = enrollmentRow

        let assessments = records.assessments
        let rules = assessments.tests.map { catalog[$0] }
        testDefinitions = rules
        topLevel = rules.map { definition in definition?.levels.keys.max().map { Int8(clamping: $0) } ?? .max }
        proficient = (0..<assessments.count).map { row in
            guard let definition = rules[Int(assessments.test[row])] else { return -1 }
            let level = assessments.level[row]
            let scale = assessments.scaleScore[row]
            let result = definition.isProficient(level: level == .min ? nil : Int(level), scaleScore: scale.isNaN ? nil : scale)
            return result.map { $0 ? 1 : 0 } ?? -1
        }

        // Counting sort of the assessment rows by (test, subject, grade).
        var groupNumbers: [UInt64: Int] = [:]
        var keys: [(test: UInt16, subject: UInt16, grade: Int8)] = []
        var groupOfRow = [Int32](repeating: 0, count: assessments.count)
        for row in 0..<assessments.count {
            let key = UInt64(assessments.test[row]) << 24 | UInt64(assessments.subject[row]) << 8 | UInt64(UInt8(bitPattern: assessments.grade[row]))
            if let number = groupNumbers[key] {
                groupOfRow[row] = Int32(number)
            } else {
                groupNumbers[key] = keys.count
                groupOfRow[row] = Int32(keys.count)
                keys.append((assessments.test[row], assessments.subject[row], assessments.grade[row]))
            }
        }
        groupKeys = keys
        (groupStart, assessmentRows) = Self.countingSort(groupOfRow, buckets: keys.count)

        let (courseStart, courseRows) = Self.countingSort(records.courses.student.map { $0 }, buckets: studentCount)
        self.courseStart = courseStart.map { Int32($0) }
        self.courseRows = courseRows
    }

    /// Rows ordered by bucket, stably, with each bucket's start (and a final end).
    static func countingSort(_ bucketOfRow: [Int32], buckets: Int) -> ([Int], [Int32]) {
        var start = [Int](repeating: 0, count: buckets + 1)
        for bucket in bucketOfRow { start[Int(bucket) + 1] += 1 }
        for bucket in 0..<buckets { start[bucket + 1] += start[bucket] }
        var next = start
        var rows = [Int32](repeating: 0, count: bucketOfRow.count)
        for (row, bucket) in bucketOfRow.enumerated() {
            rows[next[Int(bucket)]] = Int32(row)
            next[Int(bucket)] += 1
        }
        return (start, rows)
    }

    /// The assessment rows that can pass `filter`: those of the (test, subject, grade) groups its
    /// test, subject and grade conditions admit.
    func assessmentCandidates(_ filter: RecordFilter) -> [Int32] {
        let assessments = records.assessments
        func admits(_ field: String, _ dictionary: [String], _ code: UInt16) -> Bool {
            guard case .oneOf(let accepted)? = filter.conditions[field] else { return true }
            return accepted.contains(dictionary[Int(code)])
        }
        var rows: [Int32] = []
        for (number, key) in groupKeys.enumerated() {
            guard admits("test", assessments.tests, key.test), admits("subject", assessments.subjects, key.subject) else { continue }
            if case .integers(let range)? = filter.conditions["grade_tested"], key.grade == .min || !range.contains(Int(key.grade)) { continue }
            rows.append(contentsOf: assessmentRows[groupStart[number]..<groupStart[number + 1]])
        }
        return rows
    }

    /// The enrollment row of a student in a year, if any.
    @inline(__always)
    func enrollment(student: Int, yearOffset: Int) -> Int? {
        guard yearOffset >= 0, yearOffset < yearCount else { return nil }
        let row = enrollmentRow[yearOffset * studentCount + student]
        return row < 0 ? nil : Int(row)
    }

    /// An assessment row's distance from the standard in whole points, when its test, subject and grade
    /// have a standard in the catalog and the row a scale score.
    func distanceFromStandard(_ row: Int) -> Int32? {
        let assessments = records.assessments
        guard let definition = testDefinitions[Int(assessments.test[row])], !definition.standardMet.isEmpty else { return nil }
        let grade = assessments.grade[row]
        let scale = assessments.scaleScore[row]
        return definition.distanceFromStandard(
            subject: assessments.subjects[Int(assessments.subject[row])],
            grade: grade == .min ? nil : Int(grade),
            scaleScore: scale.isNaN ? nil : scale
        ).map { Int32(clamping: $0) }
    }
}

/// A fixed-size set of small integers, one bit each.
struct Bitset {
    private(set) var words: [UInt64]

    init(count: Int) { words = Array(repeating: 0, count: (count + 63) / 64) }

    @inline(__always) mutating func insert(_ index: Int) { words[index >> 6] |= 1 << UInt64(index & 63) }

    @inline(__always) func contains(_ index: Int) -> Bool { words[index >> 6] & (1 << UInt64(index & 63)) != 0 }

    /// Calls `body` with each member in `range`, in order.
    func forEach(in range: Range<Int>, _ body: (Int) -> Void) {
        guard !range.isEmpty else { return }
        for wordIndex in (range.lowerBound >> 6)...((range.upperBound - 1) >> 6) {
            var word = words[wordIndex]
            while word != 0 {
                let index = wordIndex << 6 + word.trailingZeroBitCount
                word &= word - 1
                if range.contains(index) { body(index) }
            }
        }
    }
}
