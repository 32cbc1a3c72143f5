import TandemDomain

/// One district's student records in compact columnar form: typed arrays, dictionary-encoded codes and a
/// group bitset per enrollment row — not rows of objects. Students, schools and text codes are numbered
/// per district; every column of a table has one entry per record.
///
/// Built once (by `DistrictRecords.Builder`) and read concurrently by the engine.
public final class DistrictRecords: Sendable {
    public let districtCode: String
    public let schoolCodes: [String]
    public let studentCount: Int
    /// Each student's `student_id`, by number (a list names its students).
    public let studentIDs: [String]
    /// `ALL` plus race and gender groups, per student (the groups a record without an enrollment row gets).
    public let studentGroups: [UInt32]
    public let enrollments: EnrollmentColumns
    public let assessments: AssessmentColumns
    public let courses: CourseColumns
    public let outcomes: OutcomeColumns
    /// Every school year any record names.
    public let years: ClosedRange<Int>?

    init(builder: Builder) {
        districtCode = builder.districtCode
        schoolCodes = builder.schools.keys
        studentCount = builder.studentGroups.count
        studentIDs = builder.studentIDKeys
        studentGroups = builder.studentGroups
        enrollments = builder.enrollments
        assessments = builder.assessments
        courses = builder.courses
        outcomes = builder.outcomes
        let years = builder.enrollments.year + builder.assessments.year + builder.courses.year + builder.outcomes.cohortYear
        if let low = years.min(), let high = years.max() { self.years = Int(low)...Int(high) } else { self.years = nil }
    }
}

/// The census-day enrollment rows.
public struct EnrollmentColumns: Sendable {
    public var student: [Int32] = []
    public var year: [Int16] = []
    public var school: [Int32] = []
    public var grade: [Int8] = []
    /// `ELStatus` case index.
    public var elStatus: [UInt8] = []
    /// 1 yes, 0 no, -1 not known (the contract's `U`): an unknown row matches neither `sed: true` nor
    /// `sed: false`.
    public var sed: [Int8] = []
    public var swd: [Int8] = []
    /// `el_start_date` and `rfep_date` as `yyyymmdd`, -1 when missing (student lists count years from them).
    public var elStartDay: [Int32] = []
    public var rfepDay: [Int32] = []
    /// Every group of the row's student in that year (`GroupSet.mask`), LTEL included.
    public var groups: [UInt32] = []
    public var count: Int { student.count }
}

/// Test results. Missing values: grade and level `Int8.min`, scale score NaN, first attempt -1.
public struct AssessmentColumns: Sendable {
    public var student: [Int32] = []
    public var year: [Int16] = []
    /// Indexes into `tests` (upper-cased), `subjects` (upper-cased) and `administrations`.
    public var test: [UInt16] = []
    public var subject: [UInt16] = []
    public var administration: [UInt16] = []
    public var grade: [Int8] = []
    public var scaleScore: [Double] = []
    public var level: [Int8] = []
    public var firstAttempt: [Int8] = []
    public var tests: [String] = []
    public var subjects: [String] = []
    public var administrations: [String] = []
    public var count: Int { student.count }
}

/// Transcript rows. Missing values: A–G area and mark -1.
public struct CourseColumns: Sendable {
    public var student: [Int32] = []
    public var year: [Int16] = []
    public var school: [Int32] = []
    /// `Term` case index.
    public var term: [UInt8] = []
    /// Index into `courseCodes` (upper-cased).
    public var course: [UInt32] = []
    /// `AGArea` case index.
    public var agArea: [Int8] = []
    public var isAP: [Bool] = []
    public var isHonors: [Bool] = []
    public var gradeLevel: [Int8] = []
    /// `Mark` case index.
    public var mark: [Int8] = []
    public var courseCodes: [String] = []
    public var count: Int { student.count }
}

/// Graduation-cohort outcomes. `agComplete`: 1, 0, or -1 when not reported.
public struct OutcomeColumns: Sendable {
    public var student: [Int32] = []
    public var cohortYear: [Int16] = []
    /// `CohortOutcomeCode` case index.
    public var outcome: [UInt8] = []
    public var agComplete: [Int8] = []
    public var count: Int { student.count }
}

extension CodeList {
    /// The case's position in `allCases`: the small integer the columnar form stores.
    var caseIndex: Int { Array(Self.allCases).firstIndex(of: self)! }
}
