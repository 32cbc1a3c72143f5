public import TandemContract
public import TandemDomain
public import TandemEngine

/// The port between the application services and a database: what Tandem keeps and how it asks for it,
/// with no database library in sight. The SQLite adapter (`TandemStorage.SQLiteStore`) implements it;
/// a PostgreSQL adapter is the next.
///
/// Small reads and writes go through `read` and `write`, each one transaction (the unit of work): a
/// change and its audit entry are stored together or not at all. The work closures are synchronous and
/// run on the adapter's own threads, never on the cooperative pool:
///
/// ```swift
/// try await store.write { db in
///     try db.setDisabled(accountID: account.id, true)
///     try db.appendAudit(AuditEvent(at: now, actor: caller.name, action: .accountDisabled, district: d, subject: name))
/// }
/// ```
///
/// The bulk paths (a district's load, every record read into columns, the computed cube, the export)
/// have methods of their own, because they are millions of rows and each adapter has its fastest way.
public protocol TandemStore: Sendable {
    /// Runs `work` in one read transaction: everything it reads is one consistent snapshot.
    func read<T: Sendable>(_ work: @Sendable (any StoreReader) throws -> T) async throws -> T

    /// Runs `work` in one write transaction: all of it is stored, or (when it throws) none of it.
    func write<T: Sendable>(_ work: @Sendable (any StoreWriter) throws -> T) async throws -> T

    /// Writes a fully checked load of one district, all or nothing, with its import log entry and audit
    /// event. Schools and students are merged by key; every other file replaces the district's rows for
    /// the years it holds. `progress` hears (file name, rows written). The seconds spent per file.
    @discardableResult
    func writeLoad(_ load: DistrictLoad, progress: (@Sendable (String, Int) -> Void)?) async throws -> [String: Double]

    /// Every district's records in the engine's columnar form, in district-code order, from one
    /// consistent state of the tables. `progress` hears each table's name as it starts.
    func readRecords(progress: (@Sendable (String) -> Void)?) async throws -> [DistrictRecords]

    /// Replaces every stored value with a new computation's, in one transaction.
    func replaceResults(_ results: ComputedResults) async throws -> Computation

    /// Hands every stored value (of `district`, or all; of the public indicators only, or all) to `row`
    /// in the export's order: indicator (library order), district, year, school, group (`indicators.md` order).
    func exportValues(district: String?, publicOnly: Bool, _ row: (ExportRow) throws -> Void) async throws

    /// The same for every stored matched-cohort value, in the order: indicator (library order), district,
    /// starting year, year measured, school, group.
    func exportCohortValues(district: String?, publicOnly: Bool, _ row: (CohortExportRow) throws -> Void) async throws

    /// The same for every stored list count (`ExportRow.indicator` is the list), in the order: list, district,
    /// year, school, group.
    func exportListCounts(district: String?, _ row: (ExportRow) throws -> Void) async throws

    /// Closes the database: whatever it keeps in side files is folded into the main one. Using the store
    /// afterwards is an error.
    func close() async throws
}

/// A checked load of one district, ready to write.
public struct DistrictLoad: Sendable {
    public let district: String
    public let files: [ParsedFile]
    public let log: ImportLogEntry

    public init(district: String, files: [ParsedFile], log: ImportLogEntry) {
        self.district = district
        self.files = files
        self.log = log
    }
}

/// A computation to store: the cube, why each cell of each block is hidden or that it is shown (in
/// block order), and what it was computed with.
public struct ComputedResults: Sendable {
    public let cube: IndicatorCube
    public let reasons: [[SuppressionReason]]
    public let cohortReasons: [[SuppressionReason]]
    public let library: IndicatorLibrary
    public let minimumGroupSize: Int
    public let latestImportID: Int64
    public let seconds: Double
    /// When it was computed (`Timestamp`).
    public let computedAt: String
    /// Per district and indicator, the years with a value or why there is none.
    public let coverage: [IndicatorCoverage]
    /// Every student on every list, every year.
    public let listMembers: [StoredListMember]
    /// How many students each list holds, by district, year, place and group (`ListEngine.counts`), and
    /// why each count is hidden from readers outside its district, as the cube's values.
    public let listCounts: [CubeBlock]
    public let listCountReasons: [[SuppressionReason]]

    public init(
        cube: IndicatorCube,
        reasons: [[SuppressionReason]],
        cohortReasons: [[SuppressionReason]],
        library: IndicatorLibrary,
        minimumGroupSize: Int,
        latestImportID: Int64,
        seconds: Double,
        computedAt: String,
        coverage: [IndicatorCoverage],
        listMembers: [StoredListMember] = [],
        listCounts: [CubeBlock] = [],
        listCountReasons: [[SuppressionReason]] = []
    ) {
        self.cube = cube
        self.reasons = reasons
        self.cohortReasons = cohortReasons
        self.library = library
        self.minimumGroupSize = minimumGroupSize
        self.latestImportID = latestImportID
        self.seconds = seconds
        self.computedAt = computedAt
        self.coverage = coverage
        self.listMembers = listMembers
        self.listCounts = listCounts
        self.listCountReasons = listCountReasons
    }
}
