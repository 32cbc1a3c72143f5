import Foundation
import GRDB
import TandemContract
import TandemDomain
import TandemEngine
import TandemPorts
@_spi(Testing) import TandemStorage
import Testing

/// The SQLite adapter through its port: what a load writes is what the columnar read gives back, a unit
/// of work is all or nothing, and a stored value the application does not know is an error.
@Suite struct SQLiteStoreTests {
    static let schools = """
        district_code,school_code,school_name,school_type,low_grade,high_grade
        TEST,100,Adams Elementary,ES,TK,5
        TEST,200,Baker Middle,MS,6,8
        """
    static let students = """
        district_code,student_id,gender,race_ethnicity,birth_year,us_school_entry_date
        TEST,S1,F,HI,2000,2005-08-20
        TEST,S2,M,WH,1999,2004-08-21
        TEST,S3,F,AS,1999,
        """
    static let enrollments = """
        district_code,student_id,school_year,school_code,grade,sed,swd,el_status,el_start_date,rfep_date,homeless,foster
        TEST,S1,2010,100,4,Y,N,EL,2005-09-01,,N,N
        TEST,S1,2011,100,5,Y,N,RFEP,2005-09-01,2011-04-15,N,N
        TEST,S2,2011,200,7,N,Y,EO,,,N,N
        TEST,S3,2011,200,7,N,N,EL,2009-09-01,,N,Y
        """
    static let assessments = """
        district_code,student_id,school_year,test,subject,grade_tested,administration,test_date,scale_score,performance_level,first_attempt
        TEST,S1,2010,CST,MATH,4,SPRING,2010-05-04,362,4,
        TEST,S2,2011,CST,ELA,7,SPRING,2011-05-04,401.5,5,
        """

    static func parsed(_ spec: ContractFile, _ text: String) throws -> ParsedFile {
        let bytes = Array((text + "\n").utf8)
        let result = bytes.withUnsafeBufferPointer { ContractFileReader(spec: spec, district: "TEST").read($0) }
        #expect(result.errors.isEmpty, "\(spec.fileName)")
        return try #require(result.file)
    }

    static func loaded() async throws -> SQLiteStore {
        let store = try SQLiteStore()
        let files = [
            try parsed(DataContract.schools, schools), try parsed(DataContract.students, students),
            try parsed(DataContract.enrollments, enrollments), try parsed(DataContract.assessments, assessments),
        ]
        try await store.writeLoad(districtLoad(files), progress: nil)
        return store
    }

    /// A load of `files` for `TEST`, with its log entry.
    static func districtLoad(_ files: [ParsedFile]) -> DistrictLoad {
        let log = ImportLogEntry(
            districtCode: "TEST",
            startedAt: "2026-12-01T00:00:00Z",
            finishedAt: "",
            loadedBy: "test",
            source: "memory",
            files: "",
            totalRows: files.reduce(0) { $0 + $1.rowCount },
            years: "2010-2011",
            warnings: 0,
            result: "loaded"
        )
        return DistrictLoad(district: "TEST", files: files, log: log)
    }

    @Test func aLoadIsReadBackIntoColumnsWithItsLogAndAuditEvent() async throws {
        let store = try await Self.loaded()
        let records = try await store.readRecords(progress: nil)
        #expect(records.map(\.districtCode) == ["TEST"])
        let test = try #require(records.first)
        #expect(test.studentCount == 3)
        #expect(test.schoolCodes.sorted() == ["100", "200"])
        #expect(test.enrollments.count == 4)
        #expect(test.enrollments.year.sorted() == [2010, 2011, 2011, 2011])
        #expect(test.enrollments.grade.sorted() == [4, 5, 7, 7])
        #expect(test.assessments.count == 2)
        #expect(test.assessments.scaleScore.sorted() == [362, 401.5])
        #expect(test.years == 2010...2011)
        let (log, events) = try await store.read { db in
            (try db.importLog(district: "TEST"), try db.auditEvents(district: "TEST", query: AuditQuery(limit: 10)))
        }
        #expect(log.map(\.totalRows) == [11])
        #expect(!log[0].finishedAt.isEmpty)  // stamped when the rows were in
        #expect(events.map(\.action) == [.recordsImported])
        #expect(try await store.read { try $0.latestImportID() } == 1)
        #expect(try await store.read { try $0.schoolCodes(district: "TEST") } == ["100", "200"])
    }

    @Test func theRosterJoinsEnrollmentsToStudents() async throws {
        let store = try await Self.loaded()
        let roster = try await store.read { try $0.roster(district: "TEST", school: "200", year: 2011) }
        #expect(roster.map(\.studentID) == ["S2", "S3"])
        #expect(roster.map(\.raceEthnicity) == [.white, .asian])
        #expect(roster.map(\.elStatus) == [.englishOnly, .englishLearner])
        #expect(roster.map(\.gender) == [.male, .female])
        #expect(roster.map(\.swd) == [true, false])
        #expect(roster.map(\.foster) == [false, true])
    }

    @Test func aFailedUnitOfWorkLeavesNothing() async throws {
        let store = try SQLiteStore()
        await #expect(throws: InputError.self) {
            try await store.write { db in
                try db.appendAudit(AuditEvent(at: "2026-12-01T00:00:00Z", actor: "t", action: .signIn, district: nil, subject: "web"))
                try db.setSetting("k", "v")
                throw InputError("stop")
            }
        }
        #expect(try await store.read { try $0.auditEvents(district: nil, query: AuditQuery(limit: 10)) }.isEmpty)
        #expect(try await store.read { try $0.setting("k") } == nil)
    }

    /// A row SQLite refuses in the middle of a load (a full disk would do the same) is an error that rolls
    /// the whole load back — not a crash, and not half a district.
    @Test func aRowTheDatabaseRefusesRollsTheLoadBack() async throws {
        let store = try SQLiteStore()
        try await store.database.write { db in
            try db.execute(
                sql: "CREATE TRIGGER refuse_s3 BEFORE INSERT ON enrollment WHEN NEW.student_id = 'S3' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        }
        let files = [
            try Self.parsed(DataContract.schools, Self.schools), try Self.parsed(DataContract.students, Self.students),
            try Self.parsed(DataContract.enrollments, Self.enrollments),
        ]
        await #expect(throws: DatabaseError.self) { try await store.writeLoad(Self.districtLoad(files), progress: nil) }
        #expect(try await store.read { try $0.schoolCodes(district: "TEST") }.isEmpty)
        #expect(try await store.read { try $0.importLog(district: "TEST") }.isEmpty)
    }

    @Test func anUnknownStoredRoleIsAnErrorNotAViewer() async throws {
        let store = try SQLiteStore()
        try await store.write { _ = try $0.insertAccount(Identity(username: "x", role: .viewer, district: "A"), passwordHash: "h", createdAt: "t") }
        #expect(try await store.read { try $0.account(username: "X") }?.identity.role == .viewer)  // usernames ignore case
        try await store.database.write { try $0.execute(sql: "UPDATE account SET role = 'superuser'") }
        await #expect(throws: UnknownStoredValue.self) { try await store.read { try $0.account(username: "x") } }
    }

    @Test func aPrincipalsSchoolsAreRowsOfTheirOwnAndSurviveTheUpgrade() async throws {
        // A database as v5 left it: the schools comma-joined in the account row.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-v5-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let old = try DatabaseQueue(path: path)
        try SQLiteStore.migrate(old, upTo: "v5: measures (shares in percent, means in points)")
        try await old.write {
            try $0.execute(
                sql: """
                    INSERT INTO account (username, role, district_code, schools, password_hash, disabled, failed_sign_ins, created_at)
                    VALUES ('p', 'principal', 'A', '101,102', 'h', 0, 0, 't'), ('v', 'viewer', 'A', '', 'h', 0, 0, 't')
                    """
            )
        }
        try old.close()
        let store = try SQLiteStore(path: path)
        #expect(try await store.read { try $0.account(username: "p") }?.identity.schools == ["101", "102"])
        #expect(try await store.read { try $0.account(username: "v") }?.identity.schools == [])
        let columns = try await store.database.read { try $0.columns(in: "account").map(\.name) }
        #expect(!columns.contains("schools"))
        // A new account's schools are rows; removing the account removes them.
        try await store.write {
            _ = try $0.insertAccount(
                Identity(username: "q", role: .principal, district: "A", schools: ["201", "7"]),
                passwordHash: "h",
                createdAt: "t"
            )
        }
        #expect(try await store.read { try $0.accounts(district: "A") }.map(\.identity.schools) == [["101", "102"], ["201", "7"], []])
        try await store.database.write { try $0.execute(sql: "DELETE FROM account WHERE username = 'q'") }
        #expect(try await store.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM account_school") } == 2)
    }

    @Test func anUnknownAuditActionIsAnError() async throws {
        let store = try SQLiteStore()
        try await store.database.write {
            try $0.execute(sql: "INSERT INTO audit_event (at, actor, action, subject) VALUES ('t', 'a', 'teleported', 's')")
        }
        await #expect(throws: UnknownStoredValue.self) { try await store.read { try $0.auditEvents(district: nil, query: AuditQuery(limit: 1)) } }
    }
}
