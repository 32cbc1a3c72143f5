import Foundation
import GRDB

/// The embedded SQLite database of a Tandem installation.
///
/// Opening it creates the file when needed and brings the schema up to date. It uses WAL, so the web
/// server's readers never wait for a load.
public final class TandemStore: Sendable {
    public let writer: any DatabaseWriter

    /// Opens (or creates) the database at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // Larger pages suit tables that are loaded in bulk and scanned whole (this only takes effect on a new file).
            try db.execute(sql: "PRAGMA page_size = 16384; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try Schema.migrator.migrate(pool)
        writer = pool
    }

    /// The database file (empty for an in-memory database).
    public var path: String { (writer as? DatabasePool)?.path ?? "" }

    /// A private in-memory database, for tests.
    public init() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue)
        writer = queue
    }

    /// Closes the database: the write-ahead log is checkpointed into the file and removed, so the file
    /// alone holds everything. Using the store afterwards is an error.
    public func close() throws {
        if let pool = writer as? DatabasePool { try pool.close() }
        if let queue = writer as? DatabaseQueue { try queue.close() }
    }

    public func metadata(_ key: String) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM metadata WHERE key = ?", arguments: [key]) }
    }

    public func setMetadata(_ key: String, _ value: String) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO metadata (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }
}
