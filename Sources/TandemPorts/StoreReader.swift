public import TandemDomain

/// Everything the services read, inside one transaction (`TandemStore.read` or `write`).
public protocol StoreReader: RecordsReading, ResultsReading, AccountsReading, TargetsReading, FrameworkReading,
    AuditReading, SettingsReading
{}

/// The districts' own records.
public protocol RecordsReading {
    /// The districts with records, by code.
    func districtCodes() throws -> [String]
    /// A district's schools (from `schools.csv`), by code.
    func schoolCodes(district: String) throws -> [String]
    /// What a new load of `district` is checked against: its stored schools and students, and the
    /// (student, year) of its stored enrollments outside `excludingEnrollmentYears` (the years the load replaces).
    func referenceKeys(district: String, excludingEnrollmentYears: Set<Int>) throws -> ReferenceKeys
    /// The students enrolled at a school in a year, by grade and id. Only `StudentRecordsGate` calls this.
    func roster(district: String, school: String, year: Int) throws -> [RosterEntry]
    /// The latest load's id (0 before any): what stored values are up to date with.
    func latestImportID() throws -> Int64
    /// Every successful load (of one district, or all), oldest first.
    func importLog(district: String?) throws -> [ImportLogEntry]
    /// The latest computation's list members of one district (of one list and year when given), by list,
    /// year, school and student.
    func listMembers(district: String, list: String?, year: Int?) throws -> [StoredListMember]
    /// The latest computation's coverage of one district, in the library's order.
    func coverage(district: String) throws -> [IndicatorCoverage]
    /// The same counts measured straight from the stored records, independently of the engine, for the
    /// calibration check; one object per transaction (it remembers what it has counted).
    func independentMeasures() -> any IndependentMeasures
}

/// The stored results of the latest computation.
public protocol ResultsReading {
    func latestComputation() throws -> Computation?
    /// The indicators of the latest computation, in the library's order.
    func indicatorInfos() throws -> [IndicatorInfo]
    /// The districts with values, by code.
    func districtsWithValues() throws -> [DistrictInfo]
    /// Every district-level value (school `nil`).
    func districtLevelValues() throws -> [DistrictLevelValue]
    /// One value of one place (`school` nil: the district), if computed.
    func value(indicator: String, district: String, year: Int, school: String?, group: StudentGroup) throws -> StoredValue?
    /// One matched cohort's value at the district level, if computed.
    func cohortValue(indicator: String, district: String, startYear: Int, year: Int, group: StudentGroup) throws -> StoredValue?
    /// Every school's value of an indicator for one district, year and group, in school-code order.
    func schoolValues(indicator: String, district: String, year: Int, group: StudentGroup) throws -> [StoredSchoolValue]
    /// Every value of one place (`school` nil: the district) for one group: indicator → year → value.
    func placeValues(district: String, school: String?, group: StudentGroup) throws -> [String: [Int: StoredValue]]
    /// A district's schools that have values (of any indicator; of `indicator` for `group` when given), by code.
    func schoolsWithValues(district: String, indicator: String?, group: StudentGroup) throws -> [SchoolInfo]
    /// A matched cohort's district-level series: the year measured → value.
    func cohortSeries(indicator: String, district: String, startYear: Int, group: StudentGroup) throws -> [Int: StoredValue]
    /// A number that changes whenever a target or the framework does (pages showing statuses are cached by it).
    func targetsAndFrameworkStamp() throws -> Int
}

public protocol AccountsReading {
    func accountCount() throws -> Int
    /// The account with this username (case is ignored), if any.
    func account(username: String) throws -> Account?
    /// Every account of `district` (of every district and none when `nil`), by username.
    func accounts(district: String?) throws -> [Account]
    /// The live session with this token hash and its account, unless it expired or the account is disabled.
    func session(tokenHash: String, now: Int64) throws -> StoredSession?
    /// The indicators signed-out visitors may see.
    func publicIndicators() throws -> Set<String>
}

public protocol TargetsReading {
    /// The target with the same key (district, indicator, place, group, year), if one is stored.
    func target(sameKeyAs target: Target) throws -> StoredTarget?
    /// Every target of a district (district-level first, then schools), by indicator, group and year.
    func targets(district: String) throws -> [StoredTarget]
    /// A target's history, oldest first.
    func targetHistory(of target: Target) throws -> [TargetChange]
}

public protocol FrameworkReading {
    /// The latest saved framework document, if any.
    func latestFramework() throws -> StoredFramework?
}

public protocol AuditReading {
    /// The events of `district` (of every district and none when `nil`) that match the query, newest first.
    func auditEvents(district: String?, query: AuditQuery) throws -> [AuditEvent]
    /// Of the query's events (its page aside) with one of `actions`, how often each actor met each one,
    /// where at least `minimum` times: most first.
    func auditTallies(district: String?, query: AuditQuery, actions: [AuditAction], minimum: Int) throws -> [AuditTally]
}

/// The installation's settings (minimum group size, the partnership's definition files, the demo's stamp).
public protocol SettingsReading {
    func setting(_ key: String) throws -> String?
}

/// Counts over the stored records written straight from `indicators.md`, independent of the engine,
/// against which the demo's published figures are checked. Each answers for one district and year.
public protocol IndependentMeasures {
    /// A group's share of enrollment: `SED`, `EL` or a race/ethnicity code, of all enrolled.
    func groupShare(_ group: String, district: String, year: Int) throws -> Ratio
    /// One of the indicators the published figures name (math_prof_g3/g5, cahsee_math_first_pass,
    /// grad_rate_4yr, alg1_g8_participation, alg1_g8_proficiency).
    func rate(_ indicator: String, district: String, year: Int) throws -> Ratio
    /// Of the students in `grade` in `startYear`, those CST-proficient in mathematics in `year`.
    func matchedCohortMath(district: String, grade: Int, startYear: Int, year: Int) throws -> Ratio
    /// Students proficient on a CST with a GPA below 2.0 in grades 6–8, or 9–12 when `highSchool`.
    func proficientButFailing(district: String, year: Int, highSchool: Bool) throws -> Int
}
