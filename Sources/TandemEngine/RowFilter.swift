import TandemDomain

/// A `RecordFilter` compiled against one district's columns: one test per condition, each reading a typed
/// column by row number.
struct RowFilter: Sendable {
    private let tests: [@Sendable (Int) -> Bool]

    var isEmpty: Bool { tests.isEmpty }

    func matches(_ row: Int) -> Bool {
        for test in tests where !test(row) { return false }
        return true
    }

    init(_ filter: RecordFilter, kind: RecordKind, records: DistrictRecords, proficient: [Int8]) {
        tests = filter.conditions.sorted { $0.key < $1.key }.map { field, condition in
            Self.test(field: field, condition: condition, kind: kind, records: records, proficient: proficient)
        }
    }

    private static func test(
        field: String,
        condition: FieldCondition,
        kind: RecordKind,
        records: DistrictRecords,
        proficient: [Int8]
    ) -> @Sendable (Int) -> Bool {
        switch (kind, field) {
        case (.enrollments, "grade"): return integers(records.enrollments.grade, condition)
        case (.enrollments, "school_code"): return codes(records.enrollments.school, records.schoolCodes.map { $0.uppercased() }, condition)
        case (.enrollments, "sed"): return flags(records.enrollments.sed, condition)
        case (.enrollments, "swd"): return flags(records.enrollments.swd, condition)
        case (.enrollments, "homeless"): return groups(records.enrollments.groups, .homeless, condition)
        case (.enrollments, "foster"): return groups(records.enrollments.groups, .foster, condition)
        case (.enrollments, "el_status"): return codes(records.enrollments.elStatus, ELStatus.allCases.map(\.rawValue), condition)
        case (.enrollments, "group"):
            guard case .oneOf(let ids) = condition else { return { _ in false } }
            let mask = GroupSet(ids.compactMap(StudentGroup.init(rawValue:))).mask
            let column = records.enrollments.groups
            return { column[$0] & mask != 0 }
        case (.assessments, "test"): return codes(records.assessments.test, records.assessments.tests, condition)
        case (.assessments, "subject"): return codes(records.assessments.subject, records.assessments.subjects, condition)
        case (.assessments, "administration"):
            return codes(records.assessments.administration, records.assessments.administrations, condition)
        case (.assessments, "grade_tested"): return integers(records.assessments.grade, condition)
        case (.assessments, "scale_score"): return numbers(records.assessments.scaleScore, condition)
        case (.assessments, "performance_level"):
            let levels = records.assessments.level
            return numbers(levels.map { $0 == .min ? Double.nan : Double($0) }, condition)
        case (.assessments, "first_attempt"): return flags(records.assessments.firstAttempt, condition)
        case (.assessments, "proficient"): return flags(proficient, condition)
        case (.courses, "school_code"): return codes(records.courses.school, records.schoolCodes.map { $0.uppercased() }, condition)
        case (.courses, "term"): return codes(records.courses.term, Term.allCases.map(\.rawValue), condition)
        case (.courses, "course_code"): return codes(records.courses.course, records.courses.courseCodes, condition)
        case (.courses, "ag_area"): return codes(records.courses.agArea, AGArea.allCases.map { $0.rawValue.uppercased() }, condition)
        case (.courses, "is_ap"): return bools(records.courses.isAP, condition)
        case (.courses, "is_honors"): return bools(records.courses.isHonors, condition)
        case (.courses, "grade_level"): return integers(records.courses.gradeLevel, condition)
        case (.courses, "mark"): return codes(records.courses.mark, Mark.allCases.map(\.rawValue), condition)
        case (.outcomes, "outcome"): return codes(records.outcomes.outcome, CohortOutcomeCode.allCases.map(\.rawValue), condition)
        case (.outcomes, "ag_complete"): return flags(records.outcomes.agComplete, condition)
        default:
            // The definition reader admits only the fields of `RecordKind.fields`, each handled above.
            preconditionFailure("no column for \(kind.rawValue).\(field)")
        }
    }

    /// A code column (dictionary or case indexes; negative = missing) against a list of accepted values.
    private static func codes<Code: BinaryInteger & Sendable>(
        _ column: [Code],
        _ dictionary: [String],
        _ condition: FieldCondition
    ) -> @Sendable (Int) -> Bool {
        guard case .oneOf(let accepted) = condition else { return { _ in false } }
        let allowed = dictionary.map { accepted.contains($0.uppercased()) }
        return { row in
            let code = column[row]
            return code >= 0 && allowed[Int(code)]
        }
    }

    private static func integers(_ column: [Int8], _ condition: FieldCondition) -> @Sendable (Int) -> Bool {
        guard case .integers(let range) = condition else { return { _ in false } }
        let low = Int8(clamping: range.lowerBound)
        let high = Int8(clamping: range.upperBound)
        return { row in
            let value = column[row]
            return value != .min && value >= low && value <= high
        }
    }

    private static func numbers(_ column: [Double], _ condition: FieldCondition) -> @Sendable (Int) -> Bool {
        guard case .numbers(let min, let max) = condition else { return { _ in false } }
        let low = min ?? -.infinity
        let high = max ?? .infinity
        return { row in
            let value = column[row]
            return value >= low && value <= high  // NaN (missing) fails both
        }
    }

    private static func flags(_ column: [Int8], _ condition: FieldCondition) -> @Sendable (Int) -> Bool {
        guard case .flag(let wanted) = condition else { return { _ in false } }
        let value: Int8 = wanted ? 1 : 0
        return { column[$0] == value }
    }

    private static func bools(_ column: [Bool], _ condition: FieldCondition) -> @Sendable (Int) -> Bool {
        guard case .flag(let wanted) = condition else { return { _ in false } }
        return { column[$0] == wanted }
    }

    private static func groups(_ column: [UInt32], _ group: StudentGroup, _ condition: FieldCondition) -> @Sendable (Int) -> Bool {
        guard case .flag(let wanted) = condition else { return { _ in false } }
        let bit = group.bit
        return { (column[$0] & bit != 0) == wanted }
    }
}
