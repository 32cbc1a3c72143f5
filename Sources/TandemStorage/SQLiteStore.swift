import Foundation
public import GRDB
import TandemDomain
public import TandemEngine
public import TandemPorts

/// The embedded SQLite database of a Tandem installation: the `TandemStore` port through GRDB.
///
/// Opening it creates the file when needed and brings the schema up to date. It uses WAL, so the web
/// server's readers never wait for a load. The database connection stays inside this module: everything
/// else asks through the port.
public final class SQLiteStore: TandemStore {
    private let writer: any DatabaseWriter

    /// Opens (or creates) the database at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        // A writer that finds the database busy (another process's load) waits up to 5 s instead of failing
        // the request at once.
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // Larger pages suit tables that are loaded in bulk and scanned whole (this only takes effect on a new file).
            try db.execute(sql: "PRAGMA page_size = 16384; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try Schema.migrator.migrate(pool)
        writer = pool
    }

    /// The database at `path` to check a load against, opened for reading only and left exactly as it is
    /// (no schema change); an empty in-memory one when there is no file, so that nothing is created.
    public convenience init(checkingAgainst path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            try self.init()
            return
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        try self.init(writer: DatabaseQueue(path: path, configuration: configuration))
    }

    private init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// A private in-memory database (fast tests of services and pages).
    public init() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue)
        writer = queue
    }

    /// Brings a database up to and including `migration` only (tests of a later migration's upgrade path).
    @_spi(Testing) public static func migrate(_ writer: some DatabaseWriter, upTo migration: String) throws {
        try Schema.migrator.migrate(writer, upTo: migration)
    }

    /// The database file (empty for an in-memory database).
    public var path: String { (writer as? DatabasePool)?.path ?? "" }

    /// The connection itself, for tests that check the tables with plain SQL (an independent reading of
    /// what the adapter wrote). Nothing in the application uses it.
    @_spi(Testing) public var database: any DatabaseWriter { writer }

    public func read<T: Sendable>(_ work: @Sendable (any StoreReader) throws -> T) async throws -> T {
        try await writer.read { db in try work(SQLiteTransaction(db: db)) }
    }

    public func write<T: Sendable>(_ work: @Sendable (any StoreWriter) throws -> T) async throws -> T {
        try await writer.write { db in try work(SQLiteTransaction(db: db)) }
    }

    @discardableResult
    public func writeLoad(_ load: DistrictLoad, progress: (@Sendable (String, Int) -> Void)?) async throws -> [String: Double] {
        try await writer.write { db in try DistrictLoadWriter.write(load, into: db, progress: progress) }
    }

    public func readRecords(progress: (@Sendable (String) -> Void)?) async throws -> [DistrictRecords] {
        // Two connections read at once on their own threads (see `RecordsReader`): kept off the cooperative pool.
        try await Self.onOwnThread { [writer] in try RecordsReader(writer: writer).read(progress: progress) }
    }

    public func replaceResults(_ results: ComputedResults) async throws -> Computation {
        try await writer.write { db in try IndicatorValueStore.replaceAll(with: results, in: db) }
    }

    public func exportValues(district: String?, publicOnly: Bool, _ row: (ExportRow) throws -> Void) async throws {
        try await withoutActuallyEscaping(row) { row in
            // Safe: GRDB runs the read closure once, synchronously, while this call waits for it; `row` is
            // never called from two threads or after this call returns.
            nonisolated(unsafe) let row = row
            try await writer.read { db in try IndicatorValueStore.export(db, district: district, publicOnly: publicOnly) { try row($0) } }
        }
    }

    public func exportCohortValues(district: String?, publicOnly: Bool, _ row: (CohortExportRow) throws -> Void) async throws {
        try await withoutActuallyEscaping(row) { row in
            // Safe for the reason `exportValues` gives.
            nonisolated(unsafe) let row = row
            try await writer.read { db in try IndicatorValueStore.exportCohorts(db, district: district, publicOnly: publicOnly) { try row($0) } }
        }
    }

    public func exportListCounts(district: String?, _ row: (ExportRow) throws -> Void) async throws {
        try await withoutActuallyEscaping(row) { row in
            // Safe for the reason `exportValues` gives.
            nonisolated(unsafe) let row = row
            try await writer.read { db in try IndicatorValueStore.exportListCounts(db, district: district) { try row($0) } }
        }
    }

    public func close() async throws {
        if let pool = writer as? DatabasePool { try pool.close() }
        if let queue = writer as? DatabaseQueue { try queue.close() }
    }

    /// Runs blocking work on a thread of its own and waits for it without holding a cooperative thread.
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
