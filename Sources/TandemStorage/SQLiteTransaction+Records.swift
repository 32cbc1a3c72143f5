import GRDB
import TandemDomain
import TandemPorts

/// The districts' records and the import log.
extension SQLiteTransaction {
    func districtCodes() throws -> [String] {
        try String.fetchAll(db, sql: "SELECT code FROM district ORDER BY code")
    }

    func schoolCodes(district: String) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT school_code FROM school WHERE district_code = ? ORDER BY school_code", arguments: [district])
    }

    func referenceKeys(district: String, excludingEnrollmentYears years: Set<Int>) throws -> ReferenceKeys {
        let schools = try String.fetchSet(db, sql: "SELECT school_code FROM school WHERE district_code = ?", arguments: [district])
        var students: [String: Int32] = [:]
        let cursor = try String.fetchCursor(db, sql: "SELECT student_id FROM student WHERE district_code = ?", arguments: [district])
        while let id = try cursor.next() { students[id] = Int32(students.count) }
        let excluded = years.isEmpty ? "" : " AND school_year NOT IN (\(years.sorted().map(String.init).joined(separator: ",")))"
        var enrollments: [(String, Int)] = []
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT student_id, school_year FROM enrollment WHERE district_code = ?\(excluded)",
            arguments: [district]
        )
        while let row = try rows.next() { enrollments.append((row[0], row[1])) }
        return ReferenceKeys(schools: schools, students: students, enrollments: enrollments)
    }

    func roster(district: String, school: String, year: Int) throws -> [RosterEntry] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT e.student_id, e.grade, s.gender, s.race_ethnicity, e.el_status, e.sed, e.swd, e.homeless, e.foster
                FROM enrollment e JOIN student s ON s.district_code = e.district_code AND s.student_id = e.student_id
                WHERE e.district_code = ? AND e.school_code = ? AND e.school_year = ?
                ORDER BY e.grade, e.student_id
                """,
            arguments: [district, school, year]
        ).map {
            RosterEntry(
                studentID: $0[0],
                grade: $0[1],
                gender: try ($0[2] as String?).map { try known($0, "student", "gender") },
                raceEthnicity: try known($0[3], "student", "race_ethnicity"),
                elStatus: try known($0[4], "enrollment", "el_status"),
                sed: $0[5],
                swd: $0[6],
                homeless: $0[7],
                foster: $0[8]
            )
        }
    }

    func latestImportID() throws -> Int64 {
        try Self.latestImportID(db)
    }

    static func latestImportID(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM import_log") ?? 0
    }

    func importLog(district: String?) throws -> [ImportLogEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM import_log WHERE ? IS NULL OR district_code = ? ORDER BY id", arguments: [district, district]).map {
            ImportLogEntry(
                id: $0["id"],
                districtCode: $0["district_code"],
                startedAt: $0["started_at"],
                finishedAt: $0["finished_at"],
                loadedBy: $0["loaded_by"],
                source: $0["source"],
                files: $0["files"],
                totalRows: $0["total_rows"],
                years: $0["years"],
                warnings: $0["warnings"],
                result: $0["result"]
            )
        }
    }

    func listMembers(district: String, list: String?, year: Int?) throws -> [StoredListMember] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT list, school_year, school_code, student_id, grade, reason FROM list_member
                WHERE district_code = :district AND (:list IS NULL OR list = :list) AND (:year IS NULL OR school_year = :year)
                ORDER BY list, school_year, school_code, student_id
                """,
            arguments: ["district": district, "list": list, "year": year]
        ).map {
            StoredListMember(list: $0[0], district: district, year: $0[1], school: $0[2], studentID: $0[3], grade: $0[4], reason: $0[5])
        }
    }

    func coverage(district: String) throws -> [IndicatorCoverage] {
        try Row.fetchAll(
            db,
            sql: "SELECT indicator, years, why FROM indicator_coverage WHERE district_code = ? ORDER BY position",
            arguments: [district]
        ).map {
            let years: String = $0[1]
            return IndicatorCoverage(district: district, indicator: $0[0], years: years.split(separator: ",").compactMap { Int($0) }, why: $0[2])
        }
    }

    static func insert(_ entry: ImportLogEntry, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO import_log (district_code, started_at, finished_at, loaded_by, source, files, total_rows, years, warnings, result)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                entry.districtCode, entry.startedAt, entry.finishedAt, entry.loadedBy, entry.source, entry.files,
                entry.totalRows, entry.years, entry.warnings, entry.result,
            ]
        )
    }

    func independentMeasures() -> any IndependentMeasures { SQLMeasures(db: db) }
}
