import GRDB

/// One successful load of a district's files: who loaded what, when, and how many rows.
///
/// A rejected load writes nothing at all (the database stays byte-for-byte as it was), so it is not
/// logged here; its report goes to whoever ran it.
public struct ImportLogEntry: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "import_log"

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

    enum CodingKeys: String, CodingKey {
        case id, districtCode = "district_code", startedAt = "started_at", finishedAt = "finished_at"
        case loadedBy = "loaded_by", source, files, totalRows = "total_rows", years, warnings, result
    }

    public init(id: Int64? = nil, districtCode: String, startedAt: String, finishedAt: String, loadedBy: String,
                source: String, files: String, totalRows: Int, years: String, warnings: Int, result: String) {
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

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension TandemStore {
    public func importLog(district: String? = nil) throws -> [ImportLogEntry] {
        try writer.read { db in
            var request = ImportLogEntry.order(Column("id"))
            if let district { request = request.filter(Column("district_code") == district) }
            return try request.fetchAll(db)
        }
    }
}

extension ImportLogEntry {
    /// The latest load's id (0 before any): what stored indicator values are up to date with.
    public static func latestID(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM import_log") ?? 0
    }
}
