import Foundation
import GRDB
import GRDBSQLite
import TandemContract
import TandemDomain
import TandemPorts

/// Writes a fully validated load of one district in the caller's transaction.
///
/// Schools and students are merged by key (a newer row replaces the stored one). Every other file
/// replaces the district's stored rows for the years the file contains, and only those: loading
/// 2010–11 again leaves 2009–10 alone, and another district is never touched.
///
/// Rows are bound straight from the columnar buffers with SQLite's C API, 64 rows per prepared INSERT:
/// this is the hot path of a load of millions of rows.
enum DistrictLoadWriter {
    /// Writes `load` inside the caller's transaction, with its import log entry and audit event.
    /// `progress` is called with (file name, rows written so far). Returns the seconds spent on each file.
    static func write(_ load: DistrictLoad, into db: Database, progress: (@Sendable (String, Int) -> Void)?) throws -> [String: Double] {
        let district = load.district
        var seconds: [String: Double] = [:]
        try db.execute(sql: "PRAGMA cache_size = -262144")  // 256 MiB for the duration of the load
        try db.execute(sql: "INSERT OR IGNORE INTO district (code, name) VALUES (?, ?)", arguments: [district, district])
        for file in load.files {
            if let yearColumn = file.spec.yearColumn, !file.years.isEmpty {
                let years = file.years.map(String.init).joined(separator: ",")
                try db.execute(
                    sql: "DELETE FROM \(file.spec.table) WHERE district_code = ? AND \(yearColumn) IN (\(years))",
                    arguments: [district]
                )
            }
            let started = ContinuousClock.now
            try insert(file, into: db, progress: progress)
            seconds[file.spec.fileName] = (ContinuousClock.now - started).seconds
            if file.spec.table == DataContract.schools.table,
                let name = (0..<file.rowCount).lazy.compactMap({ file.text("district_name", row: $0) }).first(where: { !$0.isEmpty })
            {
                try db.execute(sql: "UPDATE district SET name = ? WHERE code = ?", arguments: [name, district])
            }
        }
        var entry = load.log
        entry.finishedAt = Timestamp.now()  // when the rows are in, not when checking ended
        try SQLiteTransaction.insert(entry, db)
        try SQLiteTransaction(db: db).appendAudit(
            AuditEvent(
                at: entry.finishedAt,
                actor: entry.loadedBy,
                action: .recordsImported,
                district: district,
                subject: "\(entry.totalRows) rows, \(entry.years), from \(entry.source)"
            )
        )
        return seconds
    }

    /// Rows per INSERT statement: many rows per step spare SQLite most of its per-statement work.
    static let rowsPerStatement = 64

    private static func insert(_ file: ParsedFile, into db: Database, progress: (@Sendable (String, Int) -> Void)?) throws {
        let names = file.spec.columns.map(\.name)
        let verb = file.spec.yearColumn == nil ? "INSERT OR REPLACE" : "INSERT"
        let tuple = "(" + names.map { _ in "?" }.joined(separator: ", ") + ")"
        func makeStatement(rows: Int) throws -> Statement {
            try db.makeStatement(
                sql: "\(verb) INTO \(file.spec.table) (\(names.joined(separator: ", "))) VALUES "
                    + Array(repeating: tuple, count: rows).joined(separator: ", ")
            )
        }
        let batch = Self.rowsPerStatement
        // The Statement objects own the SQLite handles: they stay alive until the end of this function.
        let batchStatement = try makeStatement(rows: batch)
        let singleStatement = try makeStatement(rows: 1)
        let width = Int32(names.count)
        // A failed step is handed out of the pinned buffers and thrown after them: thrown from inside the
        // nested `withUnsafeBufferPointer` calls it crashed the process on the way out (seen with a
        // constraint SQLite refused), where the caller's transaction should roll back and say why.
        let failure: DatabaseError? = withPinnedColumns(file.columns) { columns in
            var row = 0
            while row < file.rowCount {
                let rows = file.rowCount - row >= batch ? batch : 1
                let statement = rows == batch ? batchStatement : singleStatement
                let handle = statement.sqliteStatement
                for offset in 0..<rows {
                    for index in columns.indices {
                        columns[index].bind(row: row + offset, to: handle, at: Int32(offset) * width + Int32(index + 1))
                    }
                }
                let code = sqlite3_step(handle)
                guard code == SQLITE_DONE else {
                    let error = DatabaseError(
                        resultCode: ResultCode(rawValue: code),
                        message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                        sql: statement.sql
                    )
                    sqlite3_reset(handle)
                    return error
                }
                sqlite3_reset(handle)
                if (row + rows) & 0x3FFFF < rows { progress?(file.spec.fileName, row + rows) }
                row += rows
            }
            return nil
        }
        withExtendedLifetime((batchStatement, singleStatement)) {}
        if let failure { throw failure }
        progress?(file.spec.fileName, file.rowCount)
    }
}

/// A column's storage pinned in memory for the duration of a load: plain pointers, so binding a value
/// costs no reference counting.
private enum PinnedColumn {
    case text(arena: UnsafePointer<UInt8>?, ends: UnsafePointer<UInt32>)
    case integer(UnsafePointer<Int32>)
    case number(UnsafePointer<Double>)
    case code(UnsafePointer<UInt8>, spellings: UnsafePointer<UnsafePointer<CChar>>, lengths: UnsafePointer<Int32>)

    /// Binds row `row` to parameter `index`. Text is bound in place with `SQLITE_STATIC` (SQLite reads
    /// it during the step and keeps no pointer), so no string is made per value.
    func bind(row: Int, to statement: OpaquePointer?, at index: Int32) {
        switch self {
        case .text(let arena, let ends):
            let start = row == 0 ? 0 : Int(ends[row - 1])
            let end = Int(ends[row])
            if start == end {
                sqlite3_bind_null(statement, index)
            } else {
                UnsafeRawPointer(arena! + start).withMemoryRebound(to: CChar.self, capacity: end - start) {
                    _ = sqlite3_bind_text(statement, index, $0, Int32(end - start), nil)
                }
            }
        case .integer(let values):
            let value = values[row]
            if value == ColumnValues.missingInteger { sqlite3_bind_null(statement, index) } else { sqlite3_bind_int(statement, index, value) }
        case .number(let values):
            let value = values[row]
            if value.isNaN { sqlite3_bind_null(statement, index) } else { sqlite3_bind_double(statement, index, value) }
        case .code(let indexes, let spellings, let lengths):
            let code = Int(indexes[row])
            if code == 0 {
                sqlite3_bind_null(statement, index)
            } else {
                _ = sqlite3_bind_text(statement, index, spellings[code - 1], lengths[code - 1], nil)
            }
        }
    }
}

/// Pins every column's arrays (nesting one `withUnsafeBufferPointer` per array) and runs `body` with them.
private func withPinnedColumns<R>(_ columns: [ColumnValues], _ body: ([PinnedColumn]) throws -> R) rethrows -> R {
    // Code spellings as NUL-terminated C strings that live as long as this call.
    let spellings = columns.map { column -> [ContiguousArray<CChar>] in
        guard case .code(_, let allowed) = column else { return [] }
        return allowed.map { ContiguousArray($0.utf8CString) }
    }
    return try pin(columns[...], spellings: spellings[...], pinned: [], body)
}

private func pin<R>(
    _ columns: ArraySlice<ColumnValues>,
    spellings: ArraySlice<[ContiguousArray<CChar>]>,
    pinned: [PinnedColumn],
    _ body: ([PinnedColumn]) throws -> R
) rethrows -> R {
    guard let column = columns.first, let names = spellings.first else { return try body(pinned) }
    let rest = columns.dropFirst()
    let restNames = spellings.dropFirst()
    switch column {
    case .text(let text):
        return try text.arena.withUnsafeBufferPointer { arena in
            try text.ends.withUnsafeBufferPointer { ends in
                try pin(
                    rest,
                    spellings: restNames,
                    pinned: pinned + [.text(arena: arena.baseAddress, ends: ends.baseAddress ?? UnsafePointer(bitPattern: 8)!)],
                    body
                )
            }
        }
    case .integer(let values):
        return try values.withUnsafeBufferPointer { buffer in
            try pin(rest, spellings: restNames, pinned: pinned + [.integer(buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!)], body)
        }
    case .number(let values):
        return try values.withUnsafeBufferPointer { buffer in
            try pin(rest, spellings: restNames, pinned: pinned + [.number(buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!)], body)
        }
    case .code(let indexes, _):
        return try pinStrings(names[...], pointers: []) { pointers in
            let lengths = names.map { Int32($0.count - 1) }
            return try pointers.withUnsafeBufferPointer { spellingPointers in
                try lengths.withUnsafeBufferPointer { lengthPointer in
                    try indexes.withUnsafeBufferPointer { buffer in
                        try pin(
                            rest,
                            spellings: restNames,
                            pinned: pinned + [
                                .code(
                                    buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                                    spellings: spellingPointers.baseAddress!,
                                    lengths: lengthPointer.baseAddress!
                                )
                            ],
                            body
                        )
                    }
                }
            }
        }
    }
}

private func pinStrings<R>(
    _ strings: ArraySlice<ContiguousArray<CChar>>,
    pointers: [UnsafePointer<CChar>],
    _ body: ([UnsafePointer<CChar>]) throws -> R
) rethrows -> R {
    guard let first = strings.first else { return try body(pointers) }
    return try first.withUnsafeBufferPointer { buffer in
        try pinStrings(strings.dropFirst(), pointers: pointers + [buffer.baseAddress!], body)
    }
}
