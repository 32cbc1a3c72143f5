import Foundation
import GRDB
import TandemDomain
import TandemStorage

extension AccessService {
    /// The door to student-level records for `identity`.
    public func studentRecords(for identity: Identity) -> StudentRecordsGate {
        StudentRecordsGate(identity: identity, access: self)
    }
}

/// The only way a person reads student-level records. Every read checks the person's scope (their
/// district; a principal's schools) and, in the same transaction as the read, appends to the audit log
/// who looked, when, at what, and how many distinct students it showed; a read that cannot be
/// recorded returns nothing. A new student-level page or download is a new method here built on `read`,
/// and the web app hands this gate only to routes that declare `Requirement.studentRecords`.
public struct StudentRecordsGate: Sendable {
    public let identity: Identity
    let access: AccessService

    /// Runs `query` for `district` (and `school`) and records the look, all or nothing.
    /// `students` names the distinct students a row is about (for the count the audit log keeps).
    func read<Row>(district: String, school: String?, what: String,
                   students: (Row) -> String, _ query: (Database) throws -> [Row]) throws -> [Row] {
        guard identity.maySeeStudents(district: district, school: school) else {
            throw AccessError.notAllowed("\(identity.username) may not see the students of \(school.map { "school \($0) of " } ?? "")\(district)")
        }
        return try access.store.writer.write { db in
            let rows = try query(db)
            try AuditLogTable.append(db, at: access.timestamp, actor: identity.username, action: .studentRecordsViewed,
                                     district: district, subject: what, studentCount: Set(rows.map(students)).count)
            return rows
        }
    }

    /// The students enrolled at a school in a year, with their grade and groups.
    public func roster(district: String, school: String, year: Int, via channel: String) throws -> [RosterEntry] {
        try read(district: district, school: school, what: "roster of school \(school), \(year) (\(channel))", students: \.studentID) { db in
            try Row.fetchAll(db, sql: """
                SELECT e.student_id, e.grade, s.gender, s.race_ethnicity, e.el_status, e.sed, e.swd, e.homeless, e.foster
                FROM enrollment e JOIN student s ON s.district_code = e.district_code AND s.student_id = e.student_id
                WHERE e.district_code = ? AND e.school_code = ? AND e.school_year = ?
                ORDER BY e.grade, e.student_id
                """, arguments: [district, school, year]).map {
                RosterEntry(studentID: $0[0], grade: $0[1], gender: $0[2], raceEthnicity: $0[3], elStatus: $0[4],
                            sed: $0[5], swd: $0[6], homeless: $0[7], foster: $0[8])
            }
        }
    }
}

/// One student on a school's roster.
public struct RosterEntry: Sendable, Hashable {
    public let studentID: String
    public let grade: Int
    public let gender: String?
    public let raceEthnicity: String
    public let elStatus: String
    public let sed: Bool
    public let swd: Bool
    public let homeless: Bool
    public let foster: Bool
}
