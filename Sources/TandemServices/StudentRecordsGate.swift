public import TandemDomain
import TandemPorts

extension AccessService {
    /// The door to student-level records for `identity`.
    public func studentRecords(for identity: Identity) -> StudentRecordsGate {
        StudentRecordsGate(identity: identity, access: self)
    }

    /// Records that `identity` asked for student-level records they may not see (refused by the gate, or
    /// by the web's access policy before it), under the district asked about when it is known.
    public func recordRefusedStudentRecords(_ identity: Identity, district: String?, what: String) async throws {
        try await audit(.studentRecordsRefused, actor: identity.username, district: district, subject: what)
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
    func read<Row: Sendable>(
        district: String,
        school: String?,
        what: String,
        students: @escaping @Sendable (Row) -> String,
        _ query: @escaping @Sendable (any StoreReader) throws -> [Row]
    ) async throws -> [Row] {
        guard identity.maySeeStudents(district: district, school: school) else {
            try await access.recordRefusedStudentRecords(identity, district: district, what: what)
            throw AccessError.notAllowed("\(identity.username) may not see the students of \(school.map { "school \($0) of " } ?? "")\(district)")
        }
        let timestamp = access.timestamp
        let actor = identity.username
        return try await access.store.write { db in
            let rows = try query(db)
            try db.appendAudit(
                AuditEvent(
                    at: timestamp,
                    actor: actor,
                    action: .studentRecordsViewed,
                    district: district,
                    subject: what,
                    studentCount: Set(rows.map(students)).count
                )
            )
            return rows
        }
    }

    /// The students enrolled at a school in a year, with their grade and groups.
    public func roster(district: String, school: String, year: Int, via channel: String) async throws -> [RosterEntry] {
        try await read(district: district, school: school, what: "roster of school \(school), \(year) (\(channel))", students: { $0.studentID }) {
            try $0.roster(district: district, school: school, year: year)
        }
    }
}
