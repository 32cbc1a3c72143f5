import TandemDomain

/// What a column of the data contract holds, and so how a cell is checked and stored.
public enum ColumnKind: Sendable {
    /// Free text (names, identifiers); `defaultValue` stands in for an empty cell.
    case text(defaultValue: String? = nil)
    /// One of a closed list of codes, matched ignoring case and stored in canonical spelling.
    case code(allowed: [String])
    /// A grade: `TK`, `KN`/`K`, `1`…`12`; stored as −1…12.
    case grade
    /// A whole number within a range (years, levels).
    case integer(ClosedRange<Int>)
    /// A decimal number (scores, credits).
    case number
    /// An ISO `YYYY-MM-DD` date.
    case date
    /// `Y`/`N`, `true`/`false`, `1`/`0`; stored as 1/0; `defaultValue` stands in for an empty cell. With
    /// `allowsUnknown`, `U` (or `unknown`) says the district does not know: stored as missing, so the
    /// student counts in `ALL` and in no group (a required column still refuses an empty cell).
    case boolean(defaultValue: Bool? = nil, allowsUnknown: Bool = false)
}

/// One column of a contract file.
public struct ColumnSpec: Sendable {
    public let name: String
    public let kind: ColumnKind
    public let required: Bool

    public init(_ name: String, _ kind: ColumnKind, required: Bool = false) {
        self.name = name
        self.kind = kind
        self.required = required
    }
}

/// One file of the data contract: its columns, its key, and the year column a newer extract replaces by.
public struct ContractFile: Sendable {
    /// The file name inside a district folder, e.g. `enrollments.csv`.
    public let fileName: String
    /// The storage table the rows go to.
    public let table: String
    public let columns: [ColumnSpec]
    /// Columns that together identify a row; a second row with the same key is an error.
    public let key: [String]
    /// The column whose years a load replaces (`school_year`, `cohort_year`); `nil` for files that are
    /// merged by key instead (schools, students).
    public let yearColumn: String?
    /// A load without this file is a usage error.
    public let isRequired: Bool

    public func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }
}

/// The data contract, version 1 (`shared/spec/data-contract.md`), as data.
public enum DataContract {
    public static let version = 1
    static let year: ColumnKind = .integer(1900...2200)

    public static let schools = ContractFile(
        fileName: "schools.csv",
        table: "school",
        columns: [
            ColumnSpec("district_code", .text(), required: true),
            ColumnSpec("school_code", .text(), required: true),
            ColumnSpec("school_name", .text(), required: true),
            ColumnSpec("school_type", .code(allowed: SchoolType.allCases.map(\.rawValue))),
            ColumnSpec("low_grade", .grade),
            ColumnSpec("high_grade", .grade),
            // Not in the contract's version 1 (which names a district only by its code): optional, so that
            // pages can say "Bear Creek ISD" rather than "255903". The first name given is the district's.
            ColumnSpec("district_name", .text()),
        ],
        key: ["school_code"],
        yearColumn: nil,
        isRequired: true
    )

    public static let students = ContractFile(
        fileName: "students.csv",
        table: "student",
        columns: [
            ColumnSpec("district_code", .text(), required: true),
            ColumnSpec("student_id", .text(), required: true),
            ColumnSpec("gender", .code(allowed: Gender.allCases.map(\.rawValue))),
            ColumnSpec("race_ethnicity", .code(allowed: RaceEthnicity.allCases.map(\.rawValue)), required: true),
            ColumnSpec("birth_year", year),
            ColumnSpec("us_school_entry_date", .date),
        ],
        key: ["student_id"],
        yearColumn: nil,
        isRequired: true
    )

    public static let enrollments = ContractFile(
        fileName: "enrollments.csv",
        table: "enrollment",
        columns: [
            ColumnSpec("district_code", .text(), required: true),
            ColumnSpec("student_id", .text(), required: true),
            ColumnSpec("school_year", year, required: true),
            ColumnSpec("school_code", .text(), required: true),
            ColumnSpec("grade", .grade, required: true),
            ColumnSpec("sed", .boolean(allowsUnknown: true), required: true),
            ColumnSpec("swd", .boolean(allowsUnknown: true), required: true),
            ColumnSpec("el_status", .code(allowed: ELStatus.allCases.map(\.rawValue)), required: true),
            ColumnSpec("el_start_date", .date),
            ColumnSpec("rfep_date", .date),
            ColumnSpec("homeless", .boolean(defaultValue: false)),
            ColumnSpec("foster", .boolean(defaultValue: false)),
        ],
        key: ["student_id", "school_year"],
        yearColumn: "school_year",
        isRequired: true
    )

    public static let assessments = ContractFile(
        fileName: "assessments.csv",
        table: "assessment",
        columns: [
            ColumnSpec("district_code", .text(), required: true),
            ColumnSpec("student_id", .text(), required: true),
            ColumnSpec("school_year", year, required: true),
            ColumnSpec("test", .text(), required: true),
            ColumnSpec("subject", .text(), required: true),
            ColumnSpec("grade_tested", .grade),
            ColumnSpec("administration", .text(defaultValue: AssessmentResult.defaultAdministration)),
            ColumnSpec("test_date", .date),
            ColumnSpec("scale_score", .number),
            ColumnSpec("performance_level", .integer(0...99)),
            ColumnSpec("first_attempt", .boolean()),
        ],
        key: ["student_id", "school_year", "test", "subject", "administration"],
        yearColumn: "school_year",
        isRequired: false
    )

    public static let courses = ContractFile(
        fileName: "courses.csv",
        table: "course",
        columns: [
            ColumnSpec("district_code", .text(), required: true),
            ColumnSpec("student_id", .text(), required: true),
            ColumnSpec("school_year", year, required: true),
            ColumnSpec("school_code", .text(), required: true),
            ColumnSpec("term", .code(allowed: Term.allCases.map(\.rawValue)), required: true),
            ColumnSpec("course_code", .text(), required: true),
            ColumnSpec("course_title", .text(), required: true),
            ColumnSpec("ag_area", .code(allowed: AGArea.allCases.map(\.rawValue))),
            ColumnSpec("is_ap", .boolean(defaultValue: false)),
            ColumnSpec("is_honors", .boolean(defaultValue: false)),
            ColumnSpec("grade_level", .grade, required: true),
            ColumnSpec("mark", .code(allowed: Mark.allCases.map(\.rawValue))),
            ColumnSpec("credits_attempted", .number),
            ColumnSpec("credits_earned", .number),
        ],
        key: ["student_id", "school_year", "term", "course_code"],
        yearColumn: "school_year",
        isRequired: false
    )

    public static let outcomes = ContractFile(
        fileName: "outcomes.csv",
        table: "outcome",
        columns: [
            ColumnSpec("district_code", .text(), required: true),
            ColumnSpec("student_id", .text(), required: true),
            ColumnSpec("cohort_year", year, required: true),
            ColumnSpec("outcome", .code(allowed: CohortOutcomeCode.allCases.map(\.rawValue)), required: true),
            ColumnSpec("outcome_date", .date),
            ColumnSpec("ag_complete", .boolean()),
        ],
        key: ["student_id"],
        yearColumn: "cohort_year",
        isRequired: false
    )

    /// Every file, in load order: each file's references point only to files before it.
    public static let files: [ContractFile] = [schools, students, enrollments, assessments, courses, outcomes]
}
