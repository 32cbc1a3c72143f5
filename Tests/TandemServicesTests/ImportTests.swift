import Foundation
import GRDB
import TandemContract
import TandemDomain
import TandemPorts
import TandemServices
@_spi(Testing) import TandemStorage
import Testing

/// The importer's promises (`shared/spec/data-contract.md`): every bad input is rejected with
/// `file:line: column: message` and leaves the database exactly as it was; good input loads, idempotently.
@Suite struct ImportTests {
    func load(_ folder: DistrictFolder, into store: SQLiteStore, district: String = "TEST") async throws -> ImportReport {
        try await ImportService(store: store).load(district: district, folder: folder.path, loadedBy: "test")
    }

    func count(_ store: SQLiteStore, _ table: String) throws -> Int {
        try store.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table)")! }
    }

    /// Loads a good folder first, then the spoiled one; asserts the rejection lists `expected` and that the
    /// database file did not change by one byte.
    func expectRejected(
        _ spoil: (inout DistrictFolder) throws -> Void,
        _ expected: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let database = TemporaryDatabase()
        defer { database.delete() }
        do {
            let store = try SQLiteStore(path: database.path)
            let good = try await load(DistrictFolder(), into: store)
            #expect(good.loaded, sourceLocation: sourceLocation)
            try await store.close()
        }
        let before = try database.bytes()
        let beforeLog = database.writeAheadLog()
        var folder = try DistrictFolder()
        defer { folder.delete() }
        try spoil(&folder)
        let report: ImportReport
        do {
            let store = try SQLiteStore(path: database.path)
            report = try await load(folder, into: store)
            try await store.close()
        }
        #expect(!report.loaded, sourceLocation: sourceLocation)
        let messages = report.errors.kept.map(\.description)
        #expect(messages.contains(expected), "got \(messages)", sourceLocation: sourceLocation)
        #expect(try database.bytes() == before, "the database changed", sourceLocation: sourceLocation)
        #expect(database.writeAheadLog() == beforeLog, "the write-ahead log changed", sourceLocation: sourceLocation)
    }

    @Test func validFolderLoadsEveryFile() async throws {
        let store = try SQLiteStore()
        let report = try await load(DistrictFolder(), into: store)
        #expect(report.loaded)
        #expect(report.errors.isEmpty)
        #expect(report.files.map(\.rows) == [3, 4, 6, 4, 3, 1])
        #expect(report.years == [2010, 2011])
        #expect(try count(store, "enrollment") == 6)
        let log = try await store.read { try $0.importLog(district: nil) }
        #expect(log.count == 1)
        #expect(log[0].totalRows == 21)
        #expect(log[0].loadedBy == "test")
        // Canonical values are stored: grade TK as −1, booleans as 1/0, the default administration.
        let row = try store.database.read { try Row.fetchOne($0, sql: "SELECT low_grade FROM school WHERE school_code = '100'")! }
        #expect(row[0] as Int == -1)
        let administration = try await store.database.read {
            try String.fetchOne($0, sql: "SELECT administration FROM assessment WHERE school_year = 2011 AND student_id = 'S1'")
        }
        #expect(administration == "ANNUAL")
        let foster = try await store.database.read { try Int.fetchOne($0, sql: "SELECT foster FROM enrollment WHERE student_id = 'S3'") }
        #expect(foster == 1)
    }

    @Test func missingRequiredColumn() async throws {
        try await expectRejected(
            { folder in
                try folder.replaceLine(
                    "enrollments.csv",
                    1,
                    with: "district_code,student_id,school_year,school_code,grade,sed,swd,el_start_date,rfep_date,homeless,foster,extra"
                )
            },
            "enrollments.csv:1: el_status: required column is missing from the header"
        )
    }

    @Test func unknownELStatus() async throws {
        try await expectRejected(
            { folder in
                try folder.replaceLine("enrollments.csv", 3, with: "TEST,S1,2011,100,5,Y,N,XX,2005-09-01,,N,N")
            },
            "enrollments.csv:3: el_status: unknown code \"XX\" (expected one of EO, IFEP, EL, RFEP, TBD)"
        )
    }

    @Test func gradeThirteen() async throws {
        try await expectRejected(
            { folder in
                try folder.replaceLine("enrollments.csv", 4, with: "TEST,S2,2010,200,13,N,N,EO,,,N,N")
            },
            "enrollments.csv:4: grade: unknown grade \"13\" (expected TK, KN, K or 1–12)"
        )
    }

    @Test func nonNumericScore() async throws {
        try await expectRejected(
            { folder in
                try folder.replaceLine("assessments.csv", 2, with: "TEST,S1,2010,CST,MATH,4,SPRING,2010-05-04,high,4,")
            },
            "assessments.csv:2: scale_score: \"high\" is not a number"
        )
    }

    @Test func impossibleDate() async throws {
        try await expectRejected(
            { folder in
                try folder.replaceLine("assessments.csv", 2, with: "TEST,S1,2010,CST,MATH,4,SPRING,2010-13-01,362,4,")
            },
            "assessments.csv:2: test_date: \"2010-13-01\" is not a valid date (YYYY-MM-DD)"
        )
    }

    @Test func duplicateKey() async throws {
        try await expectRejected(
            { folder in
                try folder.appendLine("enrollments.csv", "TEST,S2,2011,200,7,N,N,EO,,,N,N")
            },
            "enrollments.csv:8: student_id, school_year: duplicate key (student_id=S2, school_year=2011), first on line 5"
        )
    }

    @Test func enrollmentAtMissingSchool() async throws {
        try await expectRejected(
            { folder in
                try folder.replaceLine("enrollments.csv", 4, with: "TEST,S2,2010,999,6,N,N,EO,,,N,N")
            },
            "enrollments.csv:4: school_code: school \"999\" is not in schools.csv nor already loaded for TEST"
        )
    }

    @Test func resultForUnknownStudent() async throws {
        try await expectRejected(
            { folder in
                try folder.appendLine("assessments.csv", "TEST,S9,2011,CST,ELA,7,SPRING,2011-05-04,300,3,")
            },
            "assessments.csv:6: student_id: student \"S9\" is not in students.csv nor already loaded for TEST"
        )
    }

    @Test func rowForAnotherDistrict() async throws {
        try await expectRejected(
            { folder in
                try folder.replaceLine("students.csv", 3, with: "OTHER,S2,M,WH,1999,2004-08-21")
            },
            "students.csv:3: district_code: \"OTHER\" is not the district being loaded (TEST)"
        )
    }

    @Test func notUTF8() async throws {
        try await expectRejected(
            { folder in
                var bytes = Array("district_code,school_code,school_name\nTEST,100,Jos".utf8)
                bytes.append(0xE9)  // "é" in Latin-1
                bytes += Array(" Elementary\n".utf8)
                try folder.writeRaw("schools.csv", bytes)
            },
            "schools.csv:2: (file): not valid UTF-8 (byte 0xE9 at character 13); save the file as UTF-8"
        )
    }

    @Test func shortRecord() async throws {
        try await expectRejected(
            { folder in
                try folder.appendLine("outcomes.csv", "TEST,S3,2012")
            },
            "outcomes.csv:3: (record): has 3 fields, the header has 6"
        )
    }

    @Test func unterminatedQuote() async throws {
        try await expectRejected(
            { folder in
                try folder.appendLine("schools.csv", "TEST,400,\"Dewey High,HS,9,12")
            },
            "schools.csv:5: (record): a quoted field is never closed"
        )
    }

    @Test func missingGradeTestedForCST() async throws {
        try await expectRejected(
            { folder in
                try folder.replaceLine("assessments.csv", 2, with: "TEST,S1,2010,CST,MATH,,SPRING,2010-05-04,362,4,")
            },
            "assessments.csv:2: grade_tested: a value is required for CST results"
        )
    }

    @Test func requiredValueMissing() async throws {
        try await expectRejected(
            { folder in
                try folder.replaceLine("students.csv", 2, with: "TEST,S1,F,,2000,2005-08-20")
            },
            "students.csv:2: race_ethnicity: a value is required"
        )
    }

    @Test func byteOrderMarkAndCRLFAreAccepted() async throws {
        let folder = try DistrictFolder()
        let text = DistrictFolder.valid["students.csv"]!.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
        try folder.writeRaw("students.csv", [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        let store = try SQLiteStore()
        let report = try await load(folder, into: store)
        #expect(report.loaded, "\(report.errors.kept)")
        #expect(try count(store, "student") == 4)
        let id = try await store.database.read { try String.fetchOne($0, sql: "SELECT student_id FROM student ORDER BY student_id LIMIT 1") }
        #expect(id == "S1")
    }

    @Test func quotedFieldsWithCommasAndQuotesAreAccepted() async throws {
        var folder = try DistrictFolder()
        try folder.appendLine("schools.csv", "TEST,400,\"Dewey \"\"Academy\"\", Grades 9, 10\",HS,9,12")
        let store = try SQLiteStore()
        let report = try await load(folder, into: store)
        #expect(report.loaded, "\(report.errors.kept)")
        let name = try await store.database.read { try String.fetchOne($0, sql: "SELECT school_name FROM school WHERE school_code = '400'") }
        #expect(name == "Dewey \"Academy\", Grades 9, 10")
    }

    @Test func headerOnlyFileIsAcceptedWithZeroRows() async throws {
        var folder = try DistrictFolder()
        folder.files["courses.csv"] = String(DistrictFolder.valid["courses.csv"]!.split(separator: "\n")[0])
        try folder.write()
        let store = try SQLiteStore()
        let report = try await load(folder, into: store)
        #expect(report.loaded)
        #expect(report.files.first { $0.fileName == "courses.csv" }?.rows == 0)
        #expect(try count(store, "course") == 0)
    }

    @Test func folderWithoutStudentsIsAUsageError() async throws {
        let folder = try DistrictFolder()
        try folder.remove("students.csv")
        await #expect(throws: InputError.self) {
            _ = try await load(folder, into: try SQLiteStore())
        }
    }

    @Test func unknownColumnIsAWarningNotAnError() async throws {
        var folder = try DistrictFolder()
        try folder.replaceLine("schools.csv", 1, with: "district_code,school_code,school_name,school_type,low_grade,high_grade,principal")
        folder.files["schools.csv"] = folder.files["schools.csv"]!.replacingOccurrences(of: ",5\n", with: ",5,Ms. Ames\n")
            .replacingOccurrences(of: ",8\n", with: ",8,Mr. Bell\n").replacingOccurrences(of: ",12", with: ",12,Dr. Cruz")
        try folder.write()
        let report = try await load(folder, into: try SQLiteStore())
        #expect(report.loaded, "\(report.errors.kept)")
        #expect(report.warnings.kept.map(\.description) == ["schools.csv:1: principal: unknown column, its values are ignored"])
    }

    /// Results of a test the catalog does not know load, with a warning per test saying how many rows it
    /// has and what follows (no proficiency indicator counts them).
    @Test func aTestTheCatalogDoesNotKnowIsAWarningWithItsRows() async throws {
        var folder = try DistrictFolder()
        try folder.appendLine("assessments.csv", "TEST,S2,2010,MAP,MATH,6,FALL,2010-10-01,210,,")
        try folder.appendLine("assessments.csv", "TEST,S2,2011,map,MATH,7,FALL,2011-10-01,215,,")
        let report = try await load(folder, into: try SQLiteStore())
        #expect(report.loaded, "\(report.errors.kept)")
        #expect(
            report.warnings.kept.map(\.description) == [
                "assessments.csv:0: test: \"MAP\" (2 rows) is not in the test catalog: its results count in no indicator that asks whether a result is proficient"
            ]
        )
    }

    /// `U` says a district does not know a student's `sed` or `swd` (and `TBD` their EL status): the row
    /// loads with the value missing, and the report says how many rows each column left unknown.
    @Test func unknownsLoadAsMissingAndAreCounted() async throws {
        var folder = try DistrictFolder()
        try folder.replaceLine("enrollments.csv", 4, with: "TEST,S2,2010,200,6,U,unknown,TBD,,,N,N")
        let store = try SQLiteStore()
        let report = try await load(folder, into: store)
        #expect(report.loaded, "\(report.errors.kept)")
        let row = try store.database.read {
            try Row.fetchOne($0, sql: "SELECT sed, swd, el_status FROM enrollment WHERE student_id = 'S2' AND school_year = 2010")!
        }
        #expect(row[0] as Int? == nil)
        #expect(row[1] as Int? == nil)
        #expect(row[2] as String == "TBD")
        #expect(
            report.warnings.kept.map(\.description) == [
                "enrollments.csv:0: sed: 1 row says U (not known): those students count in all students and in no SED group",
                "enrollments.csv:0: swd: 1 row says U (not known): those students count in all students and in no SWD group",
                "enrollments.csv:0: el_status: 1 row says TBD (not known): those students count in all students and in no English-learner (EL, RFEP, EVER_EL, LTEL, EO) group",
            ]
        )
    }

    /// Results and courses of a year the student has no enrollment row for count at district level only;
    /// the report says where they fall, by file, year and grade.
    @Test func rowsWithoutAnEnrollmentAreTalliedByYearAndGrade() async throws {
        var folder = try DistrictFolder()
        try folder.appendLine("assessments.csv", "TEST,S3,2010,CAHSEE,ELA,10,SPRING,2010-03-10,330,,Y")
        try folder.appendLine("assessments.csv", "TEST,S3,2010,CAHSEE,MATH,10,SPRING,2010-03-10,340,,Y")
        try folder.appendLine("courses.csv", "TEST,S4,2010,300,FY,ART1,Art 1,f,N,N,11,B,10,10")
        let report = try await load(folder, into: try SQLiteStore())
        #expect(report.loaded, "\(report.errors.kept)")
        #expect(
            report.withoutEnrollment == [
                RowsWithoutEnrollment(file: "assessments.csv", year: 2010, grade: 10, rows: 2),
                RowsWithoutEnrollment(file: "courses.csv", year: 2010, grade: 11, rows: 1),
            ]
        )
        #expect(report.rowsWithoutEnrollment == 3)
    }

    @Test func anUnknownIsSpeltU() async throws {
        try await expectRejected(
            { folder in try folder.replaceLine("enrollments.csv", 4, with: "TEST,S2,2010,200,6,?,N,EO,,,N,N") },
            "enrollments.csv:4: sed: \"?\" is not a boolean (Y/N, true/false, 1/0, or U for unknown)"
        )
    }

    @Test func reloadingIsIdempotent() async throws {
        let store = try SQLiteStore()
        let folder = try DistrictFolder()
        _ = try await load(folder, into: store)
        let first = try store.database.read { try Row.fetchAll($0, sql: "SELECT * FROM enrollment ORDER BY student_id, school_year") }
        _ = try await load(folder, into: store)
        let second = try store.database.read { try Row.fetchAll($0, sql: "SELECT * FROM enrollment ORDER BY student_id, school_year") }
        #expect(first == second)
        #expect(try count(store, "assessment") == 4)
        #expect(try await store.read { try $0.importLog(district: nil) }.count == 2)
    }

    @Test func newerExtractReplacesOnlyItsYearsAndOnlyItsDistrict() async throws {
        let store = try SQLiteStore()
        _ = try await load(DistrictFolder(), into: store)
        // Another district with the same identifiers.
        var other = DistrictFolder.valid
        for (name, text) in other { other[name] = text.replacingOccurrences(of: "TEST,", with: "OTHR,") }
        _ = try await load(try DistrictFolder(other), into: store, district: "OTHR")
        // A newer extract of 2011 only, with one enrollment fewer and a changed status.
        var newer = DistrictFolder.valid
        newer["enrollments.csv"] = """
            district_code,student_id,school_year,school_code,grade,sed,swd,el_status,el_start_date,rfep_date,homeless,foster
            TEST,S1,2011,100,5,Y,N,EL,2005-09-01,,N,N
            TEST,S2,2011,200,7,N,Y,EO,,,N,N
            """
        newer["assessments.csv"] = String(DistrictFolder.valid["assessments.csv"]!.split(separator: "\n")[0])
        newer.removeValue(forKey: "courses.csv")
        newer.removeValue(forKey: "outcomes.csv")
        let report = try await load(try DistrictFolder(newer), into: store)
        #expect(report.loaded, "\(report.errors.kept)")
        let test = try await store.database.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT student_id, school_year, el_status FROM enrollment WHERE district_code = 'TEST' ORDER BY student_id, school_year"
            )
            .map { "\($0[0] as String) \($0[1] as Int) \($0[2] as String)" }
        }
        #expect(test == ["S1 2010 EL", "S1 2011 EL", "S2 2010 EO", "S2 2011 EO"])
        // A header-only assessments file holds no years, so it replaces nothing; absent files are untouched.
        #expect(try await store.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM assessment WHERE district_code = 'TEST'") } == 4)
        #expect(try await store.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM course WHERE district_code = 'TEST'") } == 3)
        #expect(try await store.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM enrollment WHERE district_code = 'OTHR'") } == 6)
    }
}
