import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import TandemDomain
import TandemServices
@_spi(Testing) import TandemStorage
import TandemWeb
import Testing

/// Student-level records: only the district's own staff (a principal: their schools) reach them, every
/// look is in the audit log with how many students it showed, and a look that cannot be recorded shows
/// nothing.
@Suite struct StudentRecordsTests {
    static let roster = "/districts/AAA/schools/1/students?year=2011"

    func studentViews(_ fixture: AccessFixture, by actor: String) async throws -> [AuditEvent] {
        try await fixture.access.auditLog(for: Identity(username: "a", role: .partnershipAdmin, district: nil))
            .filter { $0.action == AuditAction.studentRecordsViewed && $0.actor == actor }
    }

    @Test func theDistrictsStaffSeeTheRosterAndEachLookIsAudited() async throws {
        let fixture = try await AccessFixture.make()
        let leader = try await fixture.session("aaa.leader")
        let (page, csv, school) = try await fixture.withClient { client in
            (
                try await client.get(Self.roster, as: leader), try await client.get("/districts/AAA/schools/1/students.csv?year=2011", as: leader),
                try await client.get("/districts/AAA/schools/1", as: leader)
            )
        }
        #expect(page.status == .ok)
        #expect(page.body.contains("30 students enrolled"))
        #expect(page.body.contains("<td>S17</td><td>5</td><td>M</td><td>HI</td><td>EO</td><td>SED</td>"))
        #expect(csv.body.split(separator: "\n").count == 31)
        #expect(csv.body.contains("AAA,1,2011,S17,5,M,HI,EO,Y,N,N,N"))
        #expect(school.body.contains(#"<a href="/districts/AAA/schools/1/students">The school's students</a>"#))
        let views = try await studentViews(fixture, by: "aaa.leader")
        #expect(views.count == 2)
        #expect(views.allSatisfy { $0.studentCount == 30 && $0.district == "AAA" })
        #expect(Set(views.map(\.subject)) == ["roster of school 1, 2011 (web page)", "roster of school 1, 2011 (CSV download)"])
    }

    @Test func nobodyElseReachesThemAndRefusalsShowNothing() async throws {
        let fixture = try await AccessFixture.make()
        for username in ["bbb.leader", "bbb.steward", "bbb.principal", "admin", "aaa.viewer"] {
            let session = try await fixture.session(username)
            let (page, csv, school) = try await fixture.withClient { client in
                (
                    try await client.get(Self.roster, as: session), try await client.get("/districts/AAA/schools/1/students.csv", as: session),
                    try await client.get("/districts/AAA/schools/1", as: session)
                )
            }
            #expect(page.status == .forbidden && csv.status == .forbidden, "\(username)")
            #expect(!page.body.contains("S17") && !csv.body.contains("S17"))
            #expect(!school.body.contains("The school's students"), "\(username) is offered the roster")
            await #expect(try studentViews(fixture, by: username).isEmpty)
            // Each refused ask is in the audit log, under the district asked about (whether the access policy
            // refused the role or the gate refused the district).
            let refusals = try await fixture.access.auditLog(for: Identity(username: "a", role: .partnershipAdmin, district: nil))
                .filter { $0.action == AuditAction.studentRecordsRefused && $0.actor == username }
            #expect(refusals.count == 2 && refusals.allSatisfy { $0.district == "AAA" }, "\(username): \(refusals)")
        }
        let signedOut = try await fixture.withClient { try await $0.get(Self.roster, as: nil) }
        #expect(signedOut.status == .seeOther)
    }

    @Test func aPrincipalReachesTheirOwnSchoolsOnly() async throws {
        let fixture = try await AccessFixture.make()
        let principal = try #require(try await fixture.session("bbb.principal"))
        let mine = try await fixture.withClient { try await $0.get("/districts/BBB/schools/1/students?year=2011", as: principal) }
        #expect(mine.status == .ok && mine.body.contains("20 students enrolled"))
        let gate = fixture.access.studentRecords(for: Identity(username: "p", role: .principal, district: "BBB", schools: ["2"]))
        await #expect(throws: AccessError.self) { try await gate.roster(district: "BBB", school: "1", year: 2011, via: "test") }
    }

    @Test func aLookThatCannotBeRecordedShowsNothing() async throws {
        let fixture = try await AccessFixture.make()
        try await fixture.store.database.write { db in
            try db.execute(sql: "CREATE TEMP TRIGGER audit_full BEFORE INSERT ON audit_event BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        }
        let gate = fixture.access.studentRecords(for: Identity(username: "l", role: .districtLeader, district: "AAA"))
        await #expect(throws: DatabaseError.self) { try await gate.roster(district: "AAA", school: "1", year: 2011, via: "test") }
    }
}
