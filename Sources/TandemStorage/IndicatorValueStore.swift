import Foundation
import GRDB
import GRDBSQLite
import TandemDomain
import TandemEngine
import TandemPorts

/// The stored cube: every computed value with its counts, its suppressed flag for audiences outside the
/// district, and the computation (time, definition version, minimum group size) it came from. Pages,
/// reports and exports read these rows; nothing recomputes per request. The district as a whole is stored
/// with an empty `school_code`.
enum IndicatorValueStore {
    /// Replaces every stored value with `results`, inside the caller's transaction.
    static func replaceAll(with results: ComputedResults, in db: Database) throws -> Computation {
        let cube = results.cube
        let library = results.library
        try db.execute(
            sql:
                "DELETE FROM indicator_value; DELETE FROM cohort_value; DELETE FROM indicator_definition; DELETE FROM indicator_coverage; DELETE FROM list_member; DELETE FROM list_count"
        )
        try db.execute(
            sql: """
                INSERT INTO indicator_computation (computed_at, definition_version, minimum_group_size, latest_import_id, seconds)
                VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [results.computedAt, library.version, results.minimumGroupSize, results.latestImportID, results.seconds]
        )
        let id = db.lastInsertedRowID
        for (position, definition) in library.indicators.enumerated() {
            try db.execute(
                sql: """
                    INSERT INTO indicator_definition (id, position, name, grade, records, has_cohort, lower_is_better, measure, files)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    definition.id, position, definition.name, definition.grade, definition.population.records.rawValue,
                    definition.cohort != nil, definition.lowerIsBetter, definition.measure.rawValue,
                    definition.reads.map(\.fileName).joined(separator: ","),
                ]
            )
        }
        for (position, row) in results.coverage.enumerated() {
            try db.execute(
                sql: "INSERT INTO indicator_coverage (district_code, indicator, position, years, why) VALUES (?, ?, ?, ?, ?)",
                arguments: [row.district, row.indicator, position, row.years.map(String.init).joined(separator: ","), row.why]
            )
        }
        var members = try BatchInsert(
            db,
            table: "list_member",
            columns: ["district_code", "list", "school_year", "school_code", "student_id", "grade", "reason"]
        )
        for member in results.listMembers.sorted(by: {
            ($0.district, $0.list, $0.year, $0.school, $0.studentID) < ($1.district, $1.list, $1.year, $1.school, $1.studentID)
        }) {
            try members.add {
                $0.text(member.district)
                $0.text(member.list)
                $0.int(member.year)
                $0.text(member.school)
                $0.text(member.studentID)
                $0.int(member.grade)
                $0.text(member.reason)
            }
        }
        try members.finish()
        // Rows go in primary-key order, 64 to a statement: the B-trees only ever grow at their end.
        var values = try BatchInsert(
            db,
            table: "indicator_value",
            columns: [
                "indicator", "district_code", "school_year", "school_code", "student_group", "numerator", "denominator",
                "suppressed", "computation_id",
            ]
        )
        for (block, reasons) in Self.keyOrder(zip(cube.blocks, results.reasons), \.0.indicator, \.0.district) {
            try insertCells(of: block, reasons: reasons, grade: nil, computation: id, into: &values)
        }
        try values.finish()
        var cohorts = try BatchInsert(
            db,
            table: "cohort_value",
            columns: [
                "indicator", "district_code", "start_year", "start_grade", "school_year", "school_code", "student_group",
                "numerator", "denominator", "suppressed", "computation_id",
            ]
        )
        for (block, reasons) in Self.keyOrder(zip(cube.cohorts, results.cohortReasons), \.0.indicator, \.0.district) {
            try insertCells(of: block, reasons: reasons, grade: block.grade, computation: id, into: &cohorts)
        }
        try cohorts.finish()
        var counts = try BatchInsert(
            db,
            table: "list_count",
            columns: [
                "list", "district_code", "school_year", "school_code", "student_group", "numerator", "denominator", "suppressed",
                "computation_id",
            ]
        )
        for (block, reasons) in Self.keyOrder(zip(results.listCounts, results.listCountReasons), \.0.indicator, \.0.district) {
            try insertCells(of: block, reasons: reasons, grade: nil, computation: id, into: &counts)
        }
        try counts.finish()
        return Computation(
            id: id,
            computedAt: results.computedAt,
            definitionVersion: library.version,
            minimumGroupSize: results.minimumGroupSize,
            latestImportID: results.latestImportID,
            seconds: results.seconds
        )
    }

    /// Adds a block's cells with students to `insert`, places and groups in key order. A cohort's rows have
    /// its starting year and grade after the district.
    private static func insertCells(
        of block: some CountBlock,
        reasons: [SuppressionReason],
        grade: Int?,
        computation id: Int64,
        into insert: inout BatchInsert
    ) throws {
        // Empty groups are stored only where their place publishes them as hidden (`SuppressionReason.emptyGroup`).
        try block.forEachCountedCell(placeOrder: placeOrder(block.places), groupOrder: groupOrder, alsoEmpty: { reasons[$0] == .emptyGroup }) {
            slice,
            place,
            group,
            cell in
            try insert.add { row in
                row.text(block.indicator)
                row.text(block.district)
                if let start = slice.startOffset, let grade {
                    row.int(block.firstYear + start)
                    row.int(grade)
                }
                row.int(block.firstYear + slice.yearOffset)
                row.text(block.places.school(place) ?? "")
                row.text(groupIDs[group])
                row.int(Int(block.numerators[cell]))
                row.int(Int(block.denominators[cell]))
                row.int(Int(reasons[cell].rawValue))  // 0 shown; else why hidden (`SuppressionReason`)
                row.int(Int(id))
            }
        }
    }

    /// Groups in the order of `indicators.md`.
    private static let groupOrderSQL =
        "CASE v.student_group "
        + StudentGroup.allCases.enumerated()
        .map { "WHEN '\($1.rawValue)' THEN \($0)" }.joined(separator: " ") + " END"

    /// Every stored value in the export's order (see `TandemStore.exportValues`).
    static func export(_ db: Database, district: String?, publicOnly: Bool, _ each: (ExportRow) throws -> Void) throws {
        try exportRows(
            db,
            sql: """
                SELECT v.indicator, v.school_year, v.district_code, v.school_code, v.student_group, v.numerator, v.denominator, v.suppressed
                FROM indicator_value v JOIN indicator_definition d ON d.id = v.indicator
                WHERE (? IS NULL OR v.district_code = ?)
                  AND (? = 0 OR v.indicator IN (SELECT indicator FROM public_indicator))
                ORDER BY d.position, v.district_code, v.school_year, v.school_code, \(groupOrderSQL)
                """,
            arguments: [district, district, publicOnly],
            each
        )
    }

    /// Every stored list count in the order of `TandemStore.exportListCounts`.
    static func exportListCounts(_ db: Database, district: String?, _ each: (ExportRow) throws -> Void) throws {
        try exportRows(
            db,
            sql: """
                SELECT v.list, v.school_year, v.district_code, v.school_code, v.student_group, v.numerator, v.denominator, v.suppressed
                FROM list_count v
                WHERE (? IS NULL OR v.district_code = ?)
                ORDER BY v.list, v.district_code, v.school_year, v.school_code, \(groupOrderSQL)
                """,
            arguments: [district, district],
            each
        )
    }

    /// The rows of a query whose columns are an `ExportRow`'s, in its order.
    private static func exportRows(_ db: Database, sql: String, arguments: StatementArguments, _ each: (ExportRow) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            try each(
                ExportRow(
                    indicator: row[0],
                    year: row[1],
                    district: row[2],
                    school: row[3],
                    group: row[4],
                    value: StoredValue(numerator: row[5], denominator: row[6], suppressed: row[7])
                )
            )
        }
    }

    static func exportCohorts(_ db: Database, district: String?, publicOnly: Bool, _ each: (CohortExportRow) throws -> Void) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT v.indicator, v.start_year, v.school_year, v.district_code, v.school_code, v.student_group,
                       v.numerator, v.denominator, v.suppressed
                FROM cohort_value v JOIN indicator_definition d ON d.id = v.indicator
                WHERE (? IS NULL OR v.district_code = ?)
                  AND (? = 0 OR v.indicator IN (SELECT indicator FROM public_indicator))
                ORDER BY d.position, v.district_code, v.start_year, v.school_year, v.school_code, \(groupOrderSQL)
                """,
            arguments: [district, district, publicOnly]
        )
        while let row = try rows.next() {
            try each(
                CohortExportRow(
                    startYear: row[1],
                    row: ExportRow(
                        indicator: row[0],
                        year: row[2],
                        district: row[3],
                        school: row[4],
                        group: row[5],
                        value: StoredValue(numerator: row[6], denominator: row[7], suppressed: row[8])
                    )
                )
            )
        }
    }

    private static let groupIDs = StudentGroup.allCases.map(\.rawValue)

    /// SQLite's text order (bytes), which the primary keys sort by.
    private static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// Blocks in the order of their (indicator, district) key.
    private static func keyOrder<Pair>(
        _ pairs: some Sequence<Pair>,
        _ indicator: KeyPath<Pair, String>,
        _ district: KeyPath<Pair, String>
    ) -> [Pair] {
        pairs.sorted { a, b in
            a[keyPath: indicator] == b[keyPath: indicator]
                ? precedes(a[keyPath: district], b[keyPath: district]) : precedes(a[keyPath: indicator], b[keyPath: indicator])
        }
    }

    /// Places in `school_code` order, the district (stored as '') first.
    private static func placeOrder(_ places: Places) -> [Int] {
        [0] + (1..<places.count).sorted { precedes(places.school($0)!, places.school($1)!) }
    }

    /// Group indexes in the order of their ids.
    private static let groupOrder = (0..<groupIDs.count).sorted { precedes(groupIDs[$0], groupIDs[$1]) }
}

/// Inserts rows into one table through a prepared statement of 64 rows (and a one-row statement for the
/// rest), binding values with SQLite's C API: the cube is millions of rows at scale.
private struct BatchInsert {
    static let rowsPerStatement = 64
    let db: Database
    let batch: Statement
    let single: Statement
    let columns: Int
    var pending: [[Value]] = []

    enum Value {
        case text(String)
        case int(Int)
    }

    /// Collects one row's values in column order.
    struct Row {
        fileprivate var values: [Value] = []
        mutating func text(_ value: String) { values.append(.text(value)) }
        mutating func int(_ value: Int) { values.append(.int(value)) }
    }

    init(_ db: Database, table: String, columns: [String]) throws {
        self.db = db
        self.columns = columns.count
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        batch = try db.makeStatement(sql: head + Array(repeating: tuple, count: Self.rowsPerStatement).joined(separator: ", "))
        single = try db.makeStatement(sql: head + tuple)
        pending.reserveCapacity(Self.rowsPerStatement)
    }

    mutating func add(_ fill: (inout Row) -> Void) throws {
        var row = Row()
        row.values.reserveCapacity(columns)
        fill(&row)
        pending.append(row.values)
        if pending.count == Self.rowsPerStatement {
            try run(batch, pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    mutating func finish() throws {
        for row in pending { try run(single, [row]) }
        pending.removeAll()
    }

    private func run(_ statement: Statement, _ rows: [[Value]]) throws {
        let handle = statement.sqliteStatement
        var index: Int32 = 1
        for row in rows {
            for value in row {
                switch value {
                case .int(let number): sqlite3_bind_int64(handle, index, sqlite3_int64(number))
                case .text(let text): _ = text.withCString { sqlite3_bind_text(handle, index, $0, -1, SQLITE_TRANSIENT) }
                }
                index += 1
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
