import GRDB
import GRDBSQLite
import TandemContract

/// Writes a fully validated load of one district in a single transaction.
///
/// Schools and students are merged by key (a newer row replaces the stored one). Every other file
/// replaces the district's stored rows for the years the file contains, and only those: loading
/// 2010–11 again leaves 2009–10 alone, and another district is never touched.
///
/// Rows are bound straight from the columnar buffers with SQLite's C API and one prepared statement
/// per table: this is the hot path of a load of millions of rows.
public struct DistrictLoadWriter {
    public let store: TandemStore

    public init(store: TandemStore) { self.store = store }

    /// Writes `files` for `district` and appends `log` to the import log, all or nothing.
    /// `progress` is called with (file name, rows written so far).
    public func write(district: String, files: [ParsedFile], log: ImportLogEntry,
                      progress: (@Sendable (String, Int) -> Void)? = nil) throws {
        try store.writer.write { db in
            try db.execute(sql: "PRAGMA cache_size = -262144") // 256 MiB for the duration of the load
            try db.execute(sql: "INSERT OR IGNORE INTO district (code, name) VALUES (?, ?)", arguments: [district, district])
            for file in files {
                if let yearColumn = file.spec.yearColumn, !file.years.isEmpty {
                    let years = file.years.map(String.init).joined(separator: ",")
                    try db.execute(
                        sql: "DELETE FROM \(file.spec.table) WHERE district_code = ? AND \(yearColumn) IN (\(years))",
                        arguments: [district])
                }
                try insert(file, into: db, progress: progress)
            }
            var entry = log
            try entry.insert(db)
        }
    }

    private func insert(_ file: ParsedFile, into db: Database, progress: (@Sendable (String, Int) -> Void)?) throws {
        let names = file.spec.columns.map(\.name)
        let verb = file.spec.yearColumn == nil ? "INSERT OR REPLACE" : "INSERT"
        let sql = "\(verb) INTO \(file.spec.table) (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        try withArenas(of: file.columns) { arenas in
            let binders = zip(file.columns, arenas).map { ColumnBinder(values: $0, arena: $1) }
            for row in 0..<file.rowCount {
                for (index, binder) in binders.enumerated() {
                    binder.bind(row: row, to: handle, at: Int32(index + 1))
                }
                let code = sqlite3_step(handle)
                guard code == SQLITE_DONE else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                        message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
                }
                sqlite3_reset(handle)
                if row & 0x3FFFF == 0x3FFFF { progress?(file.spec.fileName, row + 1) }
            }
        }
        progress?(file.spec.fileName, file.rowCount)
    }
}

/// Runs `body` with a pointer to every text column's byte arena (`nil` for other columns), valid for the
/// whole call: the arenas are pinned by nesting one `withUnsafeBufferPointer` per column.
private func withArenas<R>(of columns: ArraySlice<ColumnValues>, collected: [UnsafePointer<UInt8>?] = [],
                           _ body: ([UnsafePointer<UInt8>?]) throws -> R) rethrows -> R {
    guard let first = columns.first else { return try body(collected) }
    guard case .text(let text) = first else {
        return try withArenas(of: columns.dropFirst(), collected: collected + [nil], body)
    }
    return try text.arena.withUnsafeBufferPointer { arena in
        try withArenas(of: columns.dropFirst(), collected: collected + [arena.baseAddress], body)
    }
}

private func withArenas<R>(of columns: [ColumnValues], _ body: ([UnsafePointer<UInt8>?]) throws -> R) rethrows -> R {
    try withArenas(of: columns[...], body)
}

/// Binds one column's value for a row. Text is bound in place from the column's byte arena with
/// `SQLITE_STATIC` (SQLite reads it during the step and keeps no pointer), so no string is made per row.
private struct ColumnBinder {
    let values: ColumnValues
    let arena: UnsafePointer<UInt8>?
    /// Code spellings as NUL-terminated C strings, made once per column and alive as long as the binder.
    let codeStrings: [ContiguousArray<CChar>]

    init(values: ColumnValues, arena: UnsafePointer<UInt8>?) {
        self.values = values
        self.arena = arena
        if case .code(_, let allowed) = values {
            codeStrings = allowed.map { ContiguousArray($0.utf8CString) }
        } else {
            codeStrings = []
        }
    }

    func bind(row: Int, to statement: OpaquePointer?, at index: Int32) {
        switch values {
        case .text(let column):
            let range = column.range(row)
            if range.isEmpty {
                sqlite3_bind_null(statement, index)
            } else {
                UnsafeRawPointer(arena! + range.lowerBound).withMemoryRebound(to: CChar.self, capacity: range.count) {
                    _ = sqlite3_bind_text(statement, index, $0, Int32(range.count), nil)
                }
            }
        case .integer(let column):
            let value = column[row]
            if value == ColumnValues.missingInteger {
                sqlite3_bind_null(statement, index)
            } else {
                sqlite3_bind_int(statement, index, value)
            }
        case .number(let column):
            let value = column[row]
            if value.isNaN { sqlite3_bind_null(statement, index) } else { sqlite3_bind_double(statement, index, value) }
        case .code(let indexes, _):
            let code = Int(indexes[row])
            if code == 0 {
                sqlite3_bind_null(statement, index)
            } else {
                codeStrings[code - 1].withUnsafeBufferPointer { text in
                    _ = sqlite3_bind_text(statement, index, text.baseAddress, Int32(text.count - 1), nil)
                }
            }
        }
    }
}
