import Dispatch
import GRDB
import GRDBSQLite
import TandemDomain
import TandemEngine

#if canImport(Glibc)
import Glibc
#endif

/// Reads the stored student records into the engine's columnar form, one `DistrictRecords` per district.
///
/// Each table is scanned once in storage order; cells are read straight from SQLite's buffers (text as
/// bytes, numbers as numbers), so no row object or string is made per record.
struct RecordsReader: Sendable {
    let writer: any DatabaseWriter

    /// Every district's records, in district-code order. `progress` hears each table's name as it starts.
    ///
    /// Schools and students are read first; then the four record tables are read on two connections at
    /// once, each into its own copy of the builders. The two reads are separate snapshots, so if an import
    /// committed between them the whole read starts again.
    func read(progress: (@Sendable (String) -> Void)? = nil) throws -> [DistrictRecords] {
        while true {
            let (builders, stamp) = try writer.read { db in
                let codes = try String.fetchAll(db, sql: "SELECT DISTINCT district_code FROM student ORDER BY district_code")
                var builders = codes.map { DistrictRecords.Builder(districtCode: $0) }
                let router = DistrictRouter(codes: codes)
                progress?("schools and students")
                try scan(db, "SELECT district_code, school_code FROM school", router, &builders) { builder, row in
                    builder.school(row.bytes(1))
                }
                try scan(db, "SELECT district_code, student_id, race_ethnicity, gender FROM student", router, &builders) { builder, row in
                    builder.addStudent(
                        id: row.bytes(1),
                        race: row.code(2, Codes.raceEthnicity) ?? .notReported,
                        gender: row.isNull(3) ? nil : row.code(3, Codes.gender)
                    )
                }
                return (builders, try SQLiteTransaction.latestImportID(db))
            }
            // Two lanes of similar size: courses alone; enrollments, assessments and outcomes.
            let lanes: [[RecordKind]] = [[.courses], [.enrollments, .assessments, .outcomes]]
            // Safe: each lane initialises only its own element of this buffer (distinct memory, no shared
            // array header), and `concurrentPerform` returns only after every lane has finished.
            nonisolated(unsafe) let results = UnsafeMutableBufferPointer<Result<([DistrictRecords.Builder], Int64), Error>>.allocate(
                capacity: lanes.count
            )
            defer { results.deinitialize().deallocate() }
            DispatchQueue.concurrentPerform(iterations: lanes.count) { lane in
                (results.baseAddress! + lane).initialize(
                    to: Result {
                        try writer.read { db in
                            var copies = builders
                            for kind in lanes[lane] {
                                progress?(kind.rawValue)
                                try read(kind, db, DistrictRouter(codes: builders.map(\.districtCode)), &copies)
                            }
                            return (copies, try SQLiteTransaction.latestImportID(db))
                        }
                    }
                )
            }
            var merged = builders
            var consistent = true
            for (lane, result) in results.enumerated() {
                let (copies, laneStamp) = try result.get()
                consistent = consistent && laneStamp == stamp
                for index in merged.indices {
                    for kind in lanes[lane] { merged[index].adopt(kind, from: copies[index]) }
                }
            }
            if consistent { return merged.map { $0.build() } }
        }
    }

    /// Reads one record table into the builders. Rows naming a student or school the district never
    /// listed are skipped: the importer lets none in.
    private func read(_ kind: RecordKind, _ db: Database, _ router: DistrictRouter, _ builders: inout [DistrictRecords.Builder]) throws {
        switch kind {
        case .enrollments:
            try scan(
                db,
                """
                SELECT district_code, student_id, school_year, school_code, grade, sed, swd, el_status, el_start_date, homeless, foster,
                       rfep_date
                FROM enrollment
                """,
                router,
                &builders
            ) { builder, row in
                guard let student = builder.knownStudent(row.bytes(1)), let school = builder.knownSchool(row.bytes(3)) else { return }
                builder.addEnrollment(
                    student: student,
                    year: row.int(2),
                    school: school,
                    grade: row.int(4),
                    sed: row.isNull(5) ? nil : row.int(5) != 0,
                    swd: row.isNull(6) ? nil : row.int(6) != 0,
                    elStatus: row.code(7, Codes.eLStatus) ?? .toBeDetermined,
                    elStartDate: row.isNull(8) ? nil : Day(isoBytes: row.bytes(8)),
                    homeless: row.int(9) != 0,
                    foster: row.int(10) != 0,
                    rfepDate: row.isNull(11) ? nil : Day(isoBytes: row.bytes(11))
                )
            }
        case .assessments:
            try scan(
                db,
                """
                SELECT district_code, student_id, school_year, test, subject, administration, grade_tested, scale_score,
                       performance_level, first_attempt
                FROM assessment
                """,
                router,
                &builders
            ) { builder, row in
                guard let student = builder.knownStudent(row.bytes(1)) else { return }
                builder.addAssessment(
                    student: student,
                    year: row.int(2),
                    test: row.bytes(3),
                    subject: row.bytes(4),
                    administration: row.bytes(5),
                    grade: row.optionalInt(6),
                    scaleScore: row.optionalDouble(7),
                    level: row.optionalInt(8),
                    firstAttempt: row.optionalInt(9).map { $0 != 0 }
                )
            }
        case .courses:
            try scan(
                db,
                """
                SELECT district_code, student_id, school_year, school_code, term, course_code, ag_area, is_ap, is_honors,
                       grade_level, mark
                FROM course
                """,
                router,
                &builders
            ) { builder, row in
                guard let student = builder.knownStudent(row.bytes(1)), let school = builder.knownSchool(row.bytes(3)) else { return }
                builder.addCourse(
                    student: student,
                    year: row.int(2),
                    school: school,
                    term: row.code(4, Codes.term) ?? .fullYear,
                    course: row.bytes(5),
                    agArea: row.isNull(6) ? nil : row.code(6, Codes.aGArea),
                    isAP: row.int(7) != 0,
                    isHonors: row.int(8) != 0,
                    gradeLevel: row.int(9),
                    mark: row.isNull(10) ? nil : row.code(10, Codes.mark)
                )
            }
        case .outcomes:
            try scan(db, "SELECT district_code, student_id, cohort_year, outcome, ag_complete FROM outcome", router, &builders) { builder, row in
                guard let student = builder.knownStudent(row.bytes(1)) else { return }
                builder.addOutcome(
                    student: student,
                    cohortYear: row.int(2),
                    outcome: row.code(3, Codes.cohortOutcomeCode) ?? .continuing,
                    agComplete: row.optionalInt(4).map { $0 != 0 }
                )
            }
        }
    }

    /// Steps through `sql`, handing each row to the builder of its district (column 0).
    private func scan(
        _ db: Database,
        _ sql: String,
        _ router: DistrictRouter,
        _ builders: inout [DistrictRecords.Builder],
        _ body: (inout DistrictRecords.Builder, SQLiteRow) -> Void
    ) throws {
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

/// The code lists the tables hold, ready to match.
private enum Codes {
    static let raceEthnicity = CodeMatcher(RaceEthnicity.self)
    static let gender = CodeMatcher(Gender.self)
    static let eLStatus = CodeMatcher(ELStatus.self)
    static let term = CodeMatcher(Term.self)
    static let aGArea = CodeMatcher(AGArea.self)
    static let mark = CodeMatcher(Mark.self)
    static let cohortOutcomeCode = CodeMatcher(CohortOutcomeCode.self)
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

    /// A code cell as its code list's case (stored codes are canonical).
    func code<Code: CodeList>(_ column: Int32, _ matcher: CodeMatcher<Code>) -> Code? { matcher.match(bytes(column)) }
}

/// A code list's canonical spellings as bytes, to match stored cells without making strings.
struct CodeMatcher<Code: CodeList> {
    let cases: [Code]
    let spellings: [[UInt8]]

    init(_ type: Code.Type) {
        cases = Array(Code.allCases)
        spellings = cases.map { Array($0.rawValue.utf8) }
    }

    func match(_ bytes: UnsafeRawBufferPointer) -> Code? {
        guard let base = bytes.baseAddress else { return nil }
        for (index, spelling) in spellings.enumerated() where spelling.count == bytes.count {
            if spelling.withUnsafeBytes({ memcmp($0.baseAddress!, base, bytes.count) }) == 0 { return cases[index] }
        }
        return nil
    }
}
