public import TandemDomain

/// A stored account: who it is and the state of its sign-in. Only services see it (the hash never leaves them).
public struct Account: Sendable, Hashable {
    public var id: Int64
    public var identity: Identity
    /// bcrypt (`$2b$…`): salt and cost are inside the string.
    public var passwordHash: String
    public var disabled: Bool
    /// Failed sign-ins since the last successful one.
    public var failedSignIns: Int
    /// Unix seconds until which sign-in is refused, if locked.
    public var lockedUntil: Int64?
    public var createdAt: String

    public init(
        id: Int64,
        identity: Identity,
        passwordHash: String,
        disabled: Bool,
        failedSignIns: Int,
        lockedUntil: Int64?,
        createdAt: String
    ) {
        self.id = id
        self.identity = identity
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.failedSignIns = failedSignIns
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
    }
}

/// A live session found by its token's hash.
public struct StoredSession: Sendable, Hashable {
    public var account: Account
    public var csrfToken: String

    public init(account: Account, csrfToken: String) {
        self.account = account
        self.csrfToken = csrfToken
    }
}

/// One successful load of a district's files: who loaded what, when, and how many rows.
///
/// A rejected load writes nothing at all, so it is not logged; its report goes to whoever ran it.
public struct ImportLogEntry: Sendable, Equatable, Codable {
    public var id: Int64?
    public var districtCode: String
    public var startedAt: String
    public var finishedAt: String
    public var loadedBy: String
    public var source: String
    /// `file=rows` pairs, e.g. `enrollments.csv=468000; assessments.csv=812000`.
    public var files: String
    public var totalRows: Int
    /// The years the load replaced, e.g. `2006-2011` or `2009, 2011`.
    public var years: String
    public var warnings: Int
    public var result: String

    public init(
        id: Int64? = nil,
        districtCode: String,
        startedAt: String,
        finishedAt: String,
        loadedBy: String,
        source: String,
        files: String,
        totalRows: Int,
        years: String,
        warnings: Int,
        result: String
    ) {
        self.id = id
        self.districtCode = districtCode
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.loadedBy = loadedBy
        self.source = source
        self.files = files
        self.totalRows = totalRows
        self.years = years
        self.warnings = warnings
        self.result = result
    }
}

/// What one computation was.
public struct Computation: Sendable, Equatable {
    public var id: Int64
    public var computedAt: String
    public var definitionVersion: String
    public var minimumGroupSize: Int
    /// The latest import when the values were computed: values older than the latest load are stale.
    public var latestImportID: Int64
    public var seconds: Double

    public init(id: Int64, computedAt: String, definitionVersion: String, minimumGroupSize: Int, latestImportID: Int64, seconds: Double) {
        self.id = id
        self.computedAt = computedAt
        self.definitionVersion = definitionVersion
        self.minimumGroupSize = minimumGroupSize
        self.latestImportID = latestImportID
        self.seconds = seconds
    }
}

/// A value as stored: its counts and its small-group flag. The services turn it into a `PublishedValue`
/// for one audience before anything outside them sees it.
public struct StoredValue: Sendable, Hashable {
    public let numerator: Int
    public let denominator: Int
    public let suppressed: Bool

    public init(numerator: Int, denominator: Int, suppressed: Bool) {
        self.numerator = numerator
        self.denominator = denominator
        self.suppressed = suppressed
    }

    /// A group without students, stored only because its place publishes its empty groups as hidden
    /// (`SuppressionReason.emptyGroup`): outside its district it reads as hidden, inside as no value.
    public var isEmptyGroup: Bool { denominator == 0 }
}

/// A district-level stored value with its key.
public struct DistrictLevelValue: Sendable, Hashable {
    public let indicator: String
    public let district: String
    public let year: Int
    /// The group's id as stored (`ALL`, `EL`, …).
    public let group: String
    public let value: StoredValue

    public init(indicator: String, district: String, year: Int, group: String, value: StoredValue) {
        self.indicator = indicator
        self.district = district
        self.year = year
        self.group = group
        self.value = value
    }
}

/// One school's stored value of an indicator.
public struct StoredSchoolValue: Sendable, Hashable {
    public let school: SchoolInfo
    public let value: StoredValue

    public init(school: SchoolInfo, value: StoredValue) {
        self.school = school
        self.value = value
    }
}

/// One row of the indicator export, as stored (the service decides what its audience may see).
public struct ExportRow: Sendable, Hashable {
    public let indicator: String
    public let year: Int
    public let district: String
    /// Empty for the district as a whole.
    public let school: String
    public let group: String
    public let value: StoredValue

    public init(indicator: String, year: Int, district: String, school: String, group: String, value: StoredValue) {
        self.indicator = indicator
        self.year = year
        self.district = district
        self.school = school
        self.group = group
        self.value = value
    }
}

/// One stored matched-cohort value as `tandem export cohorts` writes it: the cohort's starting year, then
/// the value as an indicator export row (its `year` the year measured).
public struct CohortExportRow: Sendable, Hashable {
    public let startYear: Int
    public let row: ExportRow

    public init(startYear: Int, row: ExportRow) {
        self.startYear = startYear
        self.row = row
    }
}

/// The latest version of the framework document.
public struct StoredFramework: Sendable, Hashable {
    public let document: String
    public let savedAt: String
    public let savedBy: String

    public init(document: String, savedAt: String, savedBy: String) {
        self.document = document
        self.savedAt = savedAt
        self.savedBy = savedBy
    }
}

/// A district's stored keys, which a new load's rows must refer to.
public struct ReferenceKeys: Sendable {
    public var schools: Set<String>
    /// Each stored student's id with a dense index.
    public var students: [String: Int32]
    /// (student id, school year) of each stored enrollment outside the years being replaced.
    public var enrollments: [(String, Int)]

    public init(schools: Set<String>, students: [String: Int32], enrollments: [(String, Int)]) {
        self.schools = schools
        self.students = students
        self.enrollments = enrollments
    }
}

/// A count of a count: `numerator` of `denominator`.
public struct Ratio: Sendable, Hashable {
    public let numerator: Int
    public let denominator: Int

    public init(numerator: Int, denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// A percentage (NaN of nothing).
    public var percent: Double { denominator == 0 ? .nan : 100 * Double(numerator) / Double(denominator) }
    public var detail: String { "\(numerator) of \(denominator)" }
}

/// A stored value the application does not know: the database was changed by something else, or by a
/// newer Tandem. Refused rather than read as a default.
public struct UnknownStoredValue: Error, CustomStringConvertible, Sendable {
    public let table: String
    public let column: String
    public let value: String

    public init(table: String, column: String, value: String) {
        self.table = table
        self.column = column
        self.value = value
    }

    public var description: String { "the database holds \(table).\(column) = \"\(value)\", which this version of Tandem does not know" }
}

/// What the latest computation could measure for one indicator in one district: the school years with a
/// value for all its students, or why it has none (`no courses.csv loaded`). Shown to data stewards.
public struct IndicatorCoverage: Sendable, Hashable {
    public let district: String
    public let indicator: String
    public let years: [Int]
    /// Why there is no value at all; `nil` when there is one.
    public let why: String?

    public init(district: String, indicator: String, years: [Int], why: String?) {
        self.district = district
        self.indicator = indicator
        self.years = years
        self.why = why
    }
}

/// One student on one list in one school year, as stored with a computation (`list_member`): it never
/// leaves its district.
public struct StoredListMember: Sendable, Hashable {
    public let list: String
    public let district: String
    public let year: Int
    public let school: String
    public let studentID: String
    public let grade: Int
    public let reason: String

    public init(list: String, district: String, year: Int, school: String, studentID: String, grade: Int, reason: String) {
        self.list = list
        self.district = district
        self.year = year
        self.school = school
        self.studentID = studentID
        self.grade = grade
        self.reason = reason
    }
}
