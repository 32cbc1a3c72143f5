import Foundation
import Hummingbird
import HummingbirdTesting
import TandemDomain
import TandemPorts
import TandemServices
import TandemStorage
import TandemWeb
import Testing

/// The account pages: a steward manages their own district's accounts only, forms answer bad input with
/// a message and nothing changed, and the audit log page shows each reader their own scope.
@Suite struct AccountPagesTests {
    @Test func theAdminSeesEveryAccountAndAPlainPage() async throws {
        let fixture = try await AccessFixture.make()
        let admin = try await fixture.session("admin")
        let page = try await fixture.withClient { try await $0.get("/admin/accounts", as: admin) }
        #expect(page.status == .ok)
        #expect(page.body.contains("<h1>Accounts</h1>"))
        #expect(page.body.contains("\(AccessFixture.accounts.count) accounts"))
        #expect(!page.body.contains(#"class="problem""#) && !page.body.contains(#"class="issued""#))
    }

    @Test func aStewardAddsAndResetsAccountsOfTheirDistrictOnly() async throws {
        let fixture = try await AccessFixture.make()
        let steward = try await fixture.session("aaa.steward")
        let (added, foreign, duplicate, noRole, reset, foreignReset) = try await fixture.withClient { client in
            (
                try await client.post("/admin/accounts", as: steward, fields: [("username", "aaa.new"), ("role", "viewer"), ("district", "AAA")]),
                try await client.post("/admin/accounts", as: steward, fields: [("username", "bbb.new"), ("role", "viewer"), ("district", "BBB")]),
                try await client.post("/admin/accounts", as: steward, fields: [("username", "AAA.LEADER"), ("role", "viewer"), ("district", "AAA")]),
                try await client.post("/admin/accounts", as: steward, fields: [("username", "x"), ("role", "king"), ("district", "AAA")]),
                try await client.post("/admin/accounts/aaa.viewer/reset-password", as: steward),
                try await client.post("/admin/accounts/bbb.leader/reset-password", as: steward)
            )
        }
        #expect(added.status == .ok)
        #expect(added.body.contains("The password for <strong>aaa.new</strong> is <code>"))
        #expect(foreign.status == .forbidden)
        #expect(foreign.body.contains("aaa.steward may not add a viewer account in BBB"))
        #expect(duplicate.status == .badRequest && duplicate.body.contains("the username AAA.LEADER is taken"))
        #expect(noRole.status == .badRequest && noRole.body.contains("Choose a role."))
        #expect(reset.status == .ok && reset.body.contains("The password for <strong>aaa.viewer</strong>"))
        #expect(foreignReset.status == .forbidden)
        let usernames = await Set(try fixture.access.accounts(for: .operator("test")).map(\.identity.username))
        #expect(usernames.contains("aaa.new") && !usernames.contains("bbb.new") && !usernames.contains("x"))
        // The steward's list is their district's.
        let list = try await fixture.withClient { try await $0.get("/admin/accounts", as: steward) }
        #expect(list.body.contains("<h1>Accounts of AAA</h1>"))
        #expect(!list.body.contains("bbb.leader"))
    }

    @Test func theAuditPageShowsEachReaderTheirScope() async throws {
        let fixture = try await AccessFixture.make()
        _ = try await fixture.session("bbb.leader")
        let steward = try await fixture.session("aaa.steward")
        let admin = try await fixture.session("admin")
        let (mine, all) = try await fixture.withClient { client in
            (try await client.get("/admin/audit", as: steward), try await client.get("/admin/audit", as: admin))
        }
        #expect(mine.body.contains("<h1>Audit log of AAA</h1>"))
        #expect(!mine.body.contains("<td>bbb.leader</td>"))
        #expect(mine.body.contains("<td>aaa.steward</td><td>sign-in</td>"))
        #expect(all.body.contains("<h1>Audit log</h1>"))
        #expect(all.body.contains("<td>bbb.leader</td><td>sign-in</td>"))
    }

    /// The log filtered by what, who and when, paged by "Older events", a flood of failed sign-ins
    /// tallied in one line, and every filter checked against its domain.
    @Test func theAuditPageFiltersPagesAndTalliesRepeatedRefusals() async throws {
        let fixture = try await AccessFixture.make()
        let admin = try await fixture.session("admin")
        try await fixture.store.write { db in
            for minute in 0..<130 {
                let at = String(format: "2026-11-%02dT10:%02d:00Z", 20 + minute / 60, minute % 60)
                try db.appendAudit(AuditEvent(at: at, actor: "guess", action: .signInFailed, district: nil, subject: "wrong password"))
            }
            try db.appendAudit(
                AuditEvent(at: "2026-11-25T09:00:00Z", actor: "bbb.leader", action: .studentRecordsRefused, district: "AAA", subject: "roster")
            )
        }
        let (failed, older, oneDay, bad) = try await fixture.withClient { client in
            let failed = try await client.get("/admin/audit?action=sign-in-failed&actor=guess", as: admin)
            // The page's own "Older events" link (its & written as &amp; in the HTML).
            let link = failed.body.firstMatch(of: /<a href="([^"]*before=[0-9]+)">Older events/).map {
                String($0.1).replacingOccurrences(of: "&amp;", with: "&")
            }
            let older = try await client.get(link ?? "/admin/audit?before=1", as: admin)
            let oneDay = try await client.get("/admin/audit?from=2026-11-21&through=2026-11-21&actor=guess", as: admin)
            var bad: [UInt] = []
            for query in [
                "action=sign-in-succeeded", "from=2026-13-01", "from=2026-11-22&through=2026-11-21", "before=-1", "before=9223372036854775808",
                "actor=%01x", "actor=" + String(repeating: "a", count: 65),
            ] {
                bad.append(UInt(try await client.get("/admin/audit?" + query, as: admin).status.code))
            }
            return (failed, older, oneDay, bad)
        }
        #expect(failed.status == .ok)
        #expect(failed.body.contains("The latest 100 events that match"))
        #expect(failed.body.contains("<td>sign-in-failed</td><td>guess</td><td>130</td><td>2026-11-20T10:00:00Z</td><td>2026-11-22T10:09:00Z</td>"))
        #expect(failed.body.contains(#"<option value="sign-in-failed" selected>"#))
        #expect(failed.body.contains(#"Older events →"#))
        #expect(older.body.contains("Older: 30 events that match") && older.body.contains("← Newest events"))
        #expect(!older.body.contains("Older events →"))
        #expect(oneDay.body.contains("The latest 60 events that match"))
        #expect(!oneDay.body.contains("2026-11-20T") && !oneDay.body.contains("<td>2026-11-22T"))
        #expect(bad.allSatisfy { $0 == 400 }, "\(bad)")
    }

    @Test func publicIndicatorsAreChosenByTheAdminFromKnownOnes() async throws {
        let fixture = try await AccessFixture.make()
        let admin = try await fixture.session("admin")
        let (unknown, saved) = try await fixture.withClient { client in
            (
                try await client.post("/admin/public", as: admin, fields: [("indicator[]", "nope")]),
                try await client.post("/admin/public", as: admin, fields: [("indicator[]", "grad_rate_4yr")])
            )
        }
        #expect(unknown.status == .badRequest && unknown.body.contains("Unknown indicators: nope."))
        #expect(saved.status == .ok && saved.body.contains("Saved."))
        #expect(try await fixture.access.publicIndicators() == ["grad_rate_4yr"])
    }
}
