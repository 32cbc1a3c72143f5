import Foundation
import Hummingbird
import HummingbirdTesting
import TandemDomain
import TandemServices
import TandemStorage
import TandemWeb
import Testing

/// Targets and the framework on the web: a district's steward sets its targets (bad input refused with
/// the reason, nothing changed), statuses agree with the stored values for each reader, the history
/// keeps who set what, and the partnership admin keeps the framework. In the fixture AAA's grade 5 math
/// went from 40% (2010) to 50% (2011); BBB's Filipino group (3 students) is hidden from partners.
@Suite struct TargetPagesTests {
    static func fields(
        _ indicator: String = "math_prof_g5",
        group: String = "ALL",
        school: String = "",
        base: String = "2010",
        year: String = "2012",
        rule: String = "absolute",
        amount: String = "60",
        mode: String = "add"
    ) -> [(String, String)] {
        [
            ("indicator", indicator), ("group", group), ("school", school), ("base", base), ("year", year), ("rule", rule), ("amount", amount),
            ("mode", mode),
        ]
    }

    @Test func aStewardSetsATargetAndEveryoneSeesItsStatus() async throws {
        let fixture = try await AccessFixture.make()
        let steward = try await fixture.session("aaa.steward")
        let partner = try await fixture.session("bbb.leader")
        let (before, saved, progress, summaryForPartner, place) = try await fixture.withClient { client in
            (
                try await client.get("/districts/AAA", as: partner),
                try await client.post("/districts/AAA/targets", as: steward, fields: Self.fields()),
                try await client.get("/progress/districts/AAA", as: partner),
                try await client.get("/districts/AAA/targets/history?indicator=math_prof_g5&school=&group=ALL&year=2012", as: partner),
                try await client.get("/districts/AAA", as: partner)
            )
        }
        // The district page shows the status beside the value once there is a target (its cache notices).
        #expect(!before.body.contains("status-on-track"))
        #expect(
            place.body.contains(
                #"15 of 30</span><span class="status status-on-track" title="Target: at least 60.0% by 2011–12, on a straight line from 2009–10">On track</span>"#
            )
        )
        #expect(saved.status == .ok)
        #expect(saved.body.contains("Saved: at least 60.0% by 2011–12, on a straight line from 2009–10."))
        // 40% → 60% over two years: the line stands at 50% in 2010–11, where the value is: on track.
        #expect(progress.body.contains(#"<span class="status status-on-track">On track</span>"#))
        #expect(progress.body.contains("15 of 30"))
        #expect(summaryForPartner.body.contains("<td>aaa.steward</td><td>set</td>"))
        let events = try await fixture.access.auditLog(for: Identity(username: "a", role: .partnershipAdmin, district: nil))
        #expect(events.contains { $0.action.rawValue == "target-changed" && $0.actor == "aaa.steward" && $0.district == "AAA" })
    }

    @Test(arguments: [
        (fields(amount: "abc"), "the amount must be a number"),
        (fields("nope"), "there is no indicator nope"),
        (fields(year: "2010"), "the target year must come after the base year"),
        (fields(amount: "150"), "a target rate is between 0 and 100 percent"),
        (fields(rule: "close-gap", amount: "0.5"), "a gap to all students is closed by a student group"),
        (fields(group: "XX"), "there is no student group XX"),
        (fields(school: "9"), "AAA has no school 9"),
        (fields(year: "soon"), "the target year must be a school year"),
        (fields(year: "-9223372036854775808"), "the target year must be a school year"),
        (fields(year: "2101"), "the target year must be a school year"),
        (fields(base: "9223372036854775807"), "the base year must be a school year"),
        (fields(rule: ""), "choose a kind of target"),
        (fields() + [("year", "2013")], "the form could not be read"),
        (fields(mode: "change"), "has no target for 2011–12 to change"),
    ])
    func badTargetsAreRefusedWithTheReason(fields: [(String, String)], reason: String) async throws {
        let fixture = try await AccessFixture.make()
        let steward = try await fixture.session("aaa.steward")
        let answer = try await fixture.withClient { try await $0.post("/districts/AAA/targets", as: steward, fields: fields) }
        #expect(answer.status == .badRequest)
        #expect(answer.body.contains(reason), "\(reason)")
        await #expect(try TargetService(store: fixture.store).targets(district: "AAA").isEmpty)
    }

    /// A year at the edge of `Int` once crashed the server (`year - 1` overflowed): every role may ask for a
    /// target's history, so every role's request must be refused cleanly and the server go on answering.
    @Test(arguments: ["-9223372036854775808", "9223372036854775807", "99999999999999999999", "1989", "２０１２"])
    func aTargetYearOutsideItsDomainIsRefusedNotACrash(year: String) async throws {
        let fixture = try await AccessFixture.make()
        let viewer = try await fixture.session("bbb.leader")
        let encoded = year.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? year
        let (history, after) = try await fixture.withClient { client in
            (
                try await client.get("/districts/AAA/targets/history?indicator=math_prof_g5&group=ALL&year=\(encoded)", as: viewer),
                try await client.get("/districts/AAA", as: viewer)
            )
        }
        #expect(history.status == .badRequest)
        #expect(history.body.contains("the target year must be a school year"))
        #expect(after.status == .ok)
    }

    @Test func aDuplicateIsRefusedAndAChangeIsKeptInTheHistory() async throws {
        let fixture = try await AccessFixture.make()
        let steward = try await fixture.session("aaa.steward")
        let (first, duplicate, changed) = try await fixture.withClient { client in
            (
                try await client.post("/districts/AAA/targets", as: steward, fields: Self.fields()),
                try await client.post("/districts/AAA/targets", as: steward, fields: Self.fields(amount: "70")),
                try await client.post("/districts/AAA/targets", as: steward, fields: Self.fields(rule: "annual-gain", amount: "3", mode: "change"))
            )
        }
        #expect(first.status == .ok)
        #expect(duplicate.status == .badRequest && duplicate.body.contains("already has a target for 2011–12: change it instead"))
        #expect(changed.status == .ok)
        let key = Target(district: "AAA", indicator: "math_prof_g5", year: 2012, baseYear: 2010, rule: .absolute(value: 0))
        let history = try await TargetService(store: fixture.store).history(of: key)
        #expect(history.map(\.change) == ["set", "changed"])
        #expect(history.last?.before == "at least 60.0% by 2011–12, on a straight line from 2009–10")
        #expect(history.last?.after == "+3.0 points a year from 2009–10 to 2011–12")
    }

    @Test func onlyTheDistrictsOwnStewardSetsItsTargets() async throws {
        let fixture = try await AccessFixture.make()
        let steward = try await fixture.session("aaa.steward")
        let leader = try await fixture.session("aaa.leader")
        let (foreignPage, foreignPost, leaderPage) = try await fixture.withClient { client in
            (
                try await client.get("/districts/BBB/targets", as: steward),
                try await client.post("/districts/BBB/targets", as: steward, fields: Self.fields()),
                try await client.get("/districts/AAA/targets", as: leader)
            )
        }
        #expect(foreignPage.status == .forbidden && foreignPost.status == .forbidden && leaderPage.status == .forbidden)
        await #expect(try TargetService(store: fixture.store).targets(district: "BBB").isEmpty)
    }

    @Test func aCascadeGivesSchoolsTheRuleButNeverOverwritesTheirOwn() async throws {
        let fixture = try await AccessFixture.make()
        let steward = try await fixture.session("aaa.steward")
        let answer = try await fixture.withClient { client in
            _ = try await client.post("/districts/AAA/targets", as: steward, fields: Self.fields())
            return try await client.post(
                "/districts/AAA/targets/cascade",
                as: steward,
                fields: [("indicator", "math_prof_g5"), ("group", "ALL"), ("year", "2012")]
            )
        }
        #expect(answer.body.contains("Cascaded to 1 schools."))
        let stored = try await TargetService(store: fixture.store).targets(district: "AAA")
        #expect(stored.map { $0.target.school } == [nil, "1"])
        #expect(stored.last?.cascaded == true)
        // The school's own target survives a second cascade.
        let service = TargetService(store: fixture.store)
        let own = Target(district: "AAA", indicator: "math_prof_g5", school: "1", year: 2012, baseYear: 2010, rule: .absolute(value: 70))
        try await service.change(own, by: .operator("test"))
        await #expect(try service.cascade(stored[0].target, by: .operator("test")) == 0)
        await #expect(try service.targets(district: "AAA").last?.target.rule == .absolute(value: 70))
    }

    @Test func theFormOffersToCascadeADistrictTargetButNotASchoolOne() async throws {
        let fixture = try await AccessFixture.make()
        let steward = try await fixture.session("aaa.steward")
        let page = try await fixture.withClient { client in
            _ = try await client.post("/districts/AAA/targets", as: steward, fields: Self.fields())
            _ = try await client.post(
                "/districts/AAA/targets/cascade",
                as: steward,
                fields: [("indicator", "math_prof_g5"), ("group", "ALL"), ("year", "2012")]
            )
            return try await client.get("/districts/AAA/targets", as: steward)
        }
        // Two targets (the district's and its cascaded copy at school 1); only the district's can be cascaded.
        #expect(page.body.components(separatedBy: "action=\"/districts/AAA/targets/remove\"").count - 1 == 2)
        #expect(page.body.components(separatedBy: "action=\"/districts/AAA/targets/cascade\"").count - 1 == 1)
    }

    @Test func aPartnerSeesNoStatusForAHiddenValue() async throws {
        let fixture = try await AccessFixture.make()
        let target = Target(district: "BBB", indicator: "math_prof_g5", group: .filipino, year: 2012, baseYear: 2010, rule: .absolute(value: 50))
        try await TargetService(store: fixture.store).add(target, by: .operator("test"))
        let partner = try await fixture.session("aaa.leader")
        let own = try await fixture.session("bbb.leader")
        let (theirs, mine) = try await fixture.withClient { client in
            (try await client.get("/progress/districts/BBB", as: partner), try await client.get("/progress/districts/BBB", as: own))
        }
        #expect(theirs.body.contains(#"<span class="status status-no-data">No data</span>"#))
        #expect(!theirs.body.contains("3 of 3"))
        #expect(mine.body.contains(#"<span class="status status-met">Met</span>"#))
        #expect(mine.body.contains("3 of 3"))
    }

    /// The stakeholder summary shows current targets (running to the latest year or beyond), not ones that
    /// have ended: AAA's target ended in 2009–10, BBB's runs to 2010–11, the latest year.
    @Test func theSummaryShowsOnlyCurrentTargets() async throws {
        let fixture = try await AccessFixture.make()
        try await FrameworkService(store: fixture.store).save(
            Framework(
                purpose: "Raise results.",
                goals: [.init(id: "G1", title: "Proficiency", indicators: ["math_prof_g5"])],
                strategies: [],
                actions: []
            ),
            by: .operator("test")
        )
        let targets = TargetService(store: fixture.store)
        try await targets.add(
            Target(district: "AAA", indicator: "math_prof_g5", year: 2010, baseYear: 2009, rule: .absolute(value: 45)),
            by: .operator("test")
        )
        try await targets.add(
            Target(district: "BBB", indicator: "math_prof_g5", year: 2011, baseYear: 2010, rule: .absolute(value: 30)),
            by: .operator("test")
        )
        let summary = try await fixture.withClient { try await $0.get("/progress", as: nil) }
        #expect(summary.status == .ok)
        #expect(summary.body.contains(#"<span class="rate">50.0%</span><span class="n">2010–11, no current target</span>"#))
        #expect(summary.body.contains("Target: at least 30.0% by 2010–11"))
        #expect(!summary.body.contains("at least 45.0%"))
    }

    /// A district's "off track now" list: a current target short of its value (AAA: 60% wanted in 2010–11,
    /// 50% reached), with the rule. (An ended target keeps its final status in the table only; the fixture's
    /// two years cannot hold an ended target with both a base and a final value.)
    @Test func theOffTrackListHoldsCurrentTargets() async throws {
        let fixture = try await AccessFixture.make()
        try await TargetService(store: fixture.store).add(
            Target(
                district: "AAA",
                indicator: "math_prof_g5",
                year: 2011,
                baseYear: 2010,
                rule: .absolute(value: 60)
            ),
            by: .operator("test")
        )
        let page = try await fixture.withClient { try await $0.get("/progress/districts/AAA", as: try await fixture.session("aaa.leader")) }
        #expect(page.body.contains("<h2>Off track now</h2>"))
        #expect(page.body.contains("Targets running to 2010–11 or later"))
        #expect(page.body.contains("Grade 5 math proficiency, District, All students: 50.0% (15 of 30) in 2010–11"))
    }

    @Test func theAdminKeepsTheFrameworkAndBadFilesChangeNothing() async throws {
        let fixture = try await AccessFixture.make()
        let admin = try await fixture.session("admin")
        var framework = Framework(
            purpose: "Raise results.",
            goals: [.init(id: "G1", title: "Proficiency", indicators: ["math_prof_g5"])],
            strategies: [.init(id: "S1", title: "Rigor", goals: ["G1"])],
            actions: [
                .init(
                    id: "A1",
                    title: "Algebra for all",
                    strategy: "S1",
                    area: "Curriculum",
                    owner: "Math leads",
                    due: Day(year: 2010, month: 6, day: 30)!,
                    status: .inProgress
                )
            ]
        )
        let good = String(decoding: try FrameworkService.encode(framework), as: UTF8.self)
        framework.goals[0].indicators = ["nope"]
        let bad = String(decoding: try FrameworkService.encode(framework), as: UTF8.self)
        let (imported, refused, malformed, updated, badDate, page) = try await fixture.withClient { client in
            (
                try await client.post("/framework", as: admin, fields: [("document", good)]),
                try await client.post("/framework", as: admin, fields: [("document", bad)]),
                try await client.post("/framework", as: admin, fields: [("document", "{\"format\": 1")]),
                try await client.post(
                    "/framework/actions/A1",
                    as: admin,
                    fields: [
                        ("title", "Algebra for all"), ("strategy", "S1"), ("area", "Curriculum"),
                        ("owner", "Math leads"), ("due", "2010-06-30"), ("status", "done"),
                    ]
                ),
                try await client.post(
                    "/framework/actions/A1",
                    as: admin,
                    fields: [("title", "Algebra for all"), ("strategy", "S1"), ("due", "June"), ("status", "done")]
                ),
                try await client.get("/framework", as: nil)
            )
        }
        #expect(imported.status == .ok && imported.body.contains("Imported the framework."))
        #expect(refused.status == .badRequest && refused.body.contains("goal G1: there is no indicator nope"))
        #expect(malformed.status == .badRequest && malformed.body.contains("Nothing was imported"))
        #expect(updated.status == .ok && updated.body.contains("Saved action step A1."))
        #expect(badDate.status == .badRequest && badDate.body.contains("action A1: the due date June is not a day (YYYY-MM-DD)"))
        #expect(page.body.contains("Algebra for all") && page.body.contains(">Done<"))
        #expect(!page.body.contains("Import a framework file"))
        // The file is made from what is stored: a browser asks again each time, so an edit shows at once.
        let file = try await fixture.withClient { try await $0.get("/framework.json", as: nil) }
        #expect(file.status == .ok && file.body.contains("Algebra for all"))
        #expect(file.headers[.cacheControl] == "no-cache")
        await #expect(try FrameworkService(store: fixture.store).current()?.actions.first?.status == .done)
        // Goals and strategies are edited in place; a goal naming an unknown indicator is refused whole.
        let (goal, badGoal, strategy) = try await fixture.withClient { client in
            (
                try await client.post(
                    "/framework/goals",
                    as: admin,
                    fields: [("id", "G2"), ("title", "Graduation"), ("indicators", "grad_rate_4yr")]
                ),
                try await client.post(
                    "/framework/goals",
                    as: admin,
                    fields: [("id", "G1"), ("title", "Proficiency"), ("indicators", "math_prof_g5, nope")]
                ),
                try await client.post("/framework/strategies", as: admin, fields: [("id", "S1"), ("title", "Rigor"), ("goals", "G1, G2")])
            )
        }
        #expect(goal.status == .ok && goal.body.contains("Saved goal G2."))
        #expect(badGoal.status == .badRequest && badGoal.body.contains("goal G1: there is no indicator nope"))
        #expect(strategy.status == .ok)
        let saved = try await #require(try FrameworkService(store: fixture.store).current())
        #expect(saved.goals.map(\.id) == ["G1", "G2"] && saved.goals[0].indicators == ["math_prof_g5"])
        #expect(saved.strategies[0].goals == ["G1", "G2"])
    }
}
