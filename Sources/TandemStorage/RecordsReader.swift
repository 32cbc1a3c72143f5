import GRDB
import GRDBSQLite
import TandemDomain
import TandemEngine

/// Reads the stored student records into the engine's columnar form, one `DistrictRecords` per district.
///
/// Each table is scanned once in storage order; cells are read straight from SQLite's buffers (text as
/// bytes, numbers as numbers), so no row object or string is made per record.
public struct RecordsReader: Sendable {
    public let store: TandemStore

    public init(store: TandemStore) { self.store = store }

    /// Every district's records, in district-code order. `progress` hears each table's name as it starts.
    public func read(progress: (@Sendable (String) -> Void)? = nil) throws -> [DistrictRecords] {
        try store.writer.read { db in
            let codes = try String.fetchAll(db, sql: "SELECT DISTINCT district_code FROM student ORDER BY district_code")
            var builders = codes.map { DistrictRecords.Builder(districtCode: $0) }
            let router = DistrictRouter(codes: codes)
            progress?("schools")
            try scan(db, "SELECT district_code, school_code FROM school", router, &builders) { builder, row in
                builder.school(row.bytes(1))
            }
            progress?("students")
            try scan(db, "SELECT district_code, student_id, race_ethnicity, gender FROM student", router, &builders) { builder, row in
                builder.addStudent(id: row.bytes(1), race: row.code(2, as: RaceEthnicity.self) ?? .notReported,
                                   gender: row.isNull(3) ? nil : row.code(3, as: Gender.self))
            }
            progress?("enrollments")
            try scan(db, """
                SELECT district_code, student_id, school_year, school_code, grade, sed, swd, el_status, el_start_date, homeless, foster
                FROM enrollment
                """, router, &builders) { builder, row in
                let student = builder.student(row.bytes(1))
                builder.addEnrollment(student: student, year: row.int(2), school: builder.school(row.bytes(3)), grade: row.int(4),
                                      sed: row.int(5) != 0, swd: row.int(6) != 0, elStatus: row.code(7, as: ELStatus.self) ?? .toBeDetermined,
                                      elStartDate: row.isNull(8) ? nil : Day(isoBytes: row.bytes(8)),
                                      homeless: row.int(9) != 0, foster: row.int(10) != 0)
            }
            progress?("assessments")
            try scan(db, """
                SELECT district_code, student_id, school_year, test, subject, administration, grade_tested, scale_score,
                       performance_level, first_attempt
                FROM assessment
                """, router, &builders) { builder, row in
                let student = builder.student(row.bytes(1))
                builder.addAssessment(student: student, year: row.int(2), test: row.bytes(3), subject: row.bytes(4),
                                      administration: row.bytes(5), grade: row.optionalInt(6), scaleScore: row.optionalDouble(7),
                                      level: row.optionalInt(8), firstAttempt: row.optionalInt(9).map { $0 != 0 })
            }
            progress?("courses")
            try scan(db, """
                SELECT district_code, student_id, school_year, school_code, term, course_code, ag_area, is_ap, is_honors,
                       grade_level, mark
                FROM course
                """, router, &builders) { builder, row in
                let student = builder.student(row.bytes(1))
                builder.addCourse(student: student, year: row.int(2), school: builder.school(row.bytes(3)),
                                  term: row.code(4, as: Term.self) ?? .fullYear, course: row.bytes(5),
                                  agArea: row.isNull(6) ? nil : row.code(6, as: AGArea.self), isAP: row.int(7) != 0,
                                  isHonors: row.int(8) != 0, gradeLevel: row.int(9), mark: row.isNull(10) ? nil : row.code(10, as: Mark.self))
            }
            progress?("outcomes")
            try scan(db, "SELECT district_code, student_id, cohort_year, outcome, ag_complete FROM outcome", router, &builders) { builder, row in
                let student = builder.student(row.bytes(1))
                builder.addOutcome(student: student, cohortYear: row.int(2), outcome: row.code(3, as: CohortOutcomeCode.self) ?? .continuing,
                                   agComplete: row.optionalInt(4).map { $0 != 0 })
            }
            return builders.map { $0.build() }
        }
    }

    /// Steps through `sql`, handing each row to the builder of its district (column 0).
    private func scan(_ db: Database, _ sql: String, _ router: DistrictRouter, _ builders: inout [DistrictRecords.Builder],
                      _ body: (inout DistrictRecords.Builder, SQLiteRow) -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            let row = SQLiteRow(handle: handle)
            guard let district = router.district(row.bytes(0)) else { continue }
            body(&builders[district], row)
        }
        sqlite3_reset(handle)
    }
}

/// Which district a row's `district_code` bytes name.
private struct DistrictRouter {
    let codes: [[UInt8]]

    init(codes: [String]) { self.codes = codes.map { Array($0.utf8) } }

    func district(_ bytes: UnsafeRawBufferPointer) -> Int? {
        codes.firstIndex { $0.elementsEqual(bytes) }
    }
}

/// The current row of a stepping statement, read in place.
struct SQLiteRow {
    let handle: OpaquePointer?

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }

    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : sqlite3_column_double(handle, column) }

    /// A text cell's bytes, valid until the statement steps again.
    func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
        guard let text = sqlite3_column_text(handle, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// A code cell as its code list's case (stored codes are canonical), without making a string.
    func code<Code: CodeList>(_ column: Int32, as: Code.Type) -> Code? {
        let bytes = bytes(column)
        return Code.allCases.first { $0.rawValue.utf8.elementsEqual(bytes) }
    }
}
