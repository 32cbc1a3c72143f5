import Foundation
import GRDB
import GRDBSQLite
import TandemDomain
import TandemEngine

/// The stored cube: every computed value with its counts, its suppressed flag for audiences outside the
/// district, and the computation (time, definition version, minimum group size) it came from. Pages,
/// reports and exports read these rows; nothing recomputes per request. The district as a whole is stored
/// with an empty `school_code`.
public struct IndicatorValueStore: Sendable {
    public let store: TandemStore

    public init(store: TandemStore) { self.store = store }

    /// What one computation was.
    public struct Computation: Sendable, Equatable {
        public var id: Int64
        public var computedAt: String
        public var definitionVersion: String
        public var minimumGroupSize: Int
        /// The latest import when the values were computed: values older than the latest load are stale.
        public var latestImportID: Int64
        public var seconds: Double
    }

    /// Replaces every stored value with `cube`, in one transaction. `flags` and `cohortFlags` are the
    /// suppressed flags of each block, in block order.
    @discardableResult
    public func replaceAll(with cube: IndicatorCube, flags: [[Bool]], cohortFlags: [[Bool]], library: IndicatorLibrary,
                           minimumGroupSize: Int, latestImportID: Int64, seconds: Double) throws -> Computation {
        try store.writer.write { db in
            try db.execute(sql: "DELETE FROM indicator_value; DELETE FROM cohort_value; DELETE FROM indicator_definition")
            let computedAt = ISO8601DateFormatter().string(from: Date())
            try db.execute(sql: """
                INSERT INTO indicator_computation (computed_at, definition_version, minimum_group_size, latest_import_id, seconds)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [computedAt, library.version, minimumGroupSize, latestImportID, seconds])
            let id = db.lastInsertedRowID
            for (position, definition) in library.indicators.enumerated() {
                try db.execute(sql: """
                    INSERT INTO indicator_definition (id, position, name, grade, records, has_cohort) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [definition.id, position, definition.name, definition.grade, definition.population.records.rawValue,
                                     definition.cohort != nil])
            }
            let values = try db.makeStatement(sql: """
                INSERT INTO indicator_value (indicator, district_code, school_year, school_code, student_group, numerator,
                                             denominator, suppressed, computation_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (block, blockFlags) in zip(cube.blocks, flags) {
                for yearOffset in 0..<block.yearCount {
                    for place in 0..<block.places.count {
                        for group in 0..<CubeBlock.groupCount {
                            let cell = block.index(yearOffset: yearOffset, place: place, group: group)
                            guard block.denominators[cell] > 0 else { continue }
                            try Self.insert(values, db: db, [.text(block.indicator), .text(block.district), .int(block.firstYear + yearOffset),
                                                             .text(block.places.school(place) ?? ""), .text(Self.groupIDs[group]),
                                                             .int(Int(block.numerators[cell])), .int(Int(block.denominators[cell])),
                                                             .int(blockFlags[cell] ? 1 : 0), .int(Int(id))])
                        }
                    }
                }
            }
            let cohorts = try db.makeStatement(sql: """
                INSERT INTO cohort_value (indicator, district_code, start_year, start_grade, school_year, school_code, student_group,
                                          numerator, denominator, suppressed, computation_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (block, blockFlags) in zip(cube.cohorts, cohortFlags) {
                for start in 0..<block.yearCount {
                    for yearOffset in start..<block.yearCount {
                        for place in 0..<block.places.count {
                            for group in 0..<CubeBlock.groupCount {
                                let cell = block.index(startOffset: start, yearOffset: yearOffset, place: place, group: group)
                                guard block.denominators[cell] > 0 else { continue }
                                try Self.insert(cohorts, db: db, [.text(block.indicator), .text(block.district), .int(block.firstYear + start),
                                                                  .int(block.grade), .int(block.firstYear + yearOffset),
                                                                  .text(block.places.school(place) ?? ""), .text(Self.groupIDs[group]),
                                                                  .int(Int(block.numerators[cell])), .int(Int(block.denominators[cell])),
                                                                  .int(blockFlags[cell] ? 1 : 0), .int(Int(id))])
                            }
                        }
                    }
                }
            }
            return Computation(id: id, computedAt: computedAt, definitionVersion: library.version,
                               minimumGroupSize: minimumGroupSize, latestImportID: latestImportID, seconds: seconds)
        }
    }

    /// The latest computation, if any.
    public func latestComputation() throws -> Computation? {
        try store.writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT id, computed_at, definition_version, minimum_group_size, latest_import_id, seconds
                FROM indicator_computation ORDER BY id DESC LIMIT 1
                """).map {
                    Computation(id: $0[0], computedAt: $0[1], definitionVersion: $0[2], minimumGroupSize: $0[3], latestImportID: $0[4], seconds: $0[5])
                }
        }
    }

    /// The latest import's id (0 before any): what a computation's values are up to date with.
    public func latestImportID() throws -> Int64 {
        try store.writer.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM import_log") ?? 0 }
    }

    /// Whether the stored values are missing, from other definitions, or older than the latest load.
    public func isStale(definitionVersion: String) throws -> Bool {
        guard let latest = try latestComputation() else { return true }
        let latestImport = try latestImportID()
        return latest.definitionVersion != definitionVersion || latest.latestImportID != latestImport
    }

    private static let groupIDs = StudentGroup.allCases.map(\.rawValue)

    private enum Cell {
        case text(String)
        case int(Int)
    }

    /// Binds and steps a prepared INSERT with SQLite's C API (the cube is millions of rows at scale).
    private static func insert(_ statement: Statement, db: Database, _ cells: [Cell]) throws {
        let handle = statement.sqliteStatement
        for (offset, cell) in cells.enumerated() {
            let index = Int32(offset + 1)
            switch cell {
            case .int(let value): sqlite3_bind_int64(handle, index, sqlite3_int64(value))
            case .text(let value):
                _ = value.withCString { sqlite3_bind_text(handle, index, $0, -1, SQLITE_TRANSIENT) }
            }
        }
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}

/// SQLite's "copy the text now" destructor, which the C macro spells as -1.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
