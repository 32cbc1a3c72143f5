import Foundation
import Hummingbird
import TandemServices
import Testing

@testable import TandemWeb

/// `/admin/data`: a steward sees their district's loads and what the latest computation could measure
/// (and why not); the admin sees every district's; after a load the values do not include yet, every page
/// says so until the indicators are computed again.
@Suite struct DataStatusPageTests {
    @Test func eachStewardSeesTheirLoadsAndCoverageAndTheAdminEveryDistricts() async throws {
        let fixture = try await AccessFixture.make()
        let steward = try await fixture.session("aaa.steward")
        let admin = try await fixture.session("admin")
        let (mine, all) = try await fixture.withClient { client in
            (try await client.get("/admin/data", as: steward), try await client.get("/admin/data", as: admin))
        }
        #expect(mine.status == .ok)
        #expect(mine.body.contains("<h1>Loads and coverage of AAA</h1>"))
        #expect(!mine.body.contains("id=\"district-BBB\""))
        // AAA's one load: its files and rows as WebTests writes them, by the loader.
        #expect(
            mine.body.contains(
                "<td>test</td><td>schools.csv 1, students.csv 30, enrollments.csv 60, assessments.csv 60</td><td>151</td><td>2010, 2011</td><td>0</td>"
            )
        )
        #expect(AccountPages.filesAndRows("students.csv=1703; courses.csv=30126") == "students.csv 1,703, courses.csv 30,126")
        // The fixture has grade-5 CST math only: grade 5 math has values; AP has none, and says why.
        #expect(mine.body.contains(#"<a href="/indicators/math_prof_g5">"#))
        #expect(mine.body.contains("<td>2010, 2011</td><td></td>"))
        #expect(mine.body.contains("<td><strong>none</strong></td><td>no AP results in assessments.csv</td>"))
        #expect(mine.body.contains("What the latest computation measured: "))
        #expect(!mine.body.contains("Records were loaded after"))
        #expect(all.body.contains("<h1>Loads and coverage</h1>"))
        #expect(all.body.contains("id=\"district-AAA\"") && all.body.contains("id=\"district-BBB\""))
    }

    @Test func pagesSayWhenRecordsWereLoadedAfterTheValues() async throws {
        let fixture = try await AccessFixture.make()
        let steward = try await fixture.session("aaa.steward")
        let before = try await fixture.withClient { client in try await client.get("/", as: nil) }
        #expect(before.status == .ok)
        #expect(!before.body.contains("Not yet updated"))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-reload-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try WebTests.district("AAA", students: 30, proficient: [2010: 12, 2011: 16], into: folder)
        let report = try await ImportService(store: fixture.store).load(district: "AAA", folder: folder, loadedBy: "aaa.steward")
        #expect(report.loaded)

        let (home, data) = try await fixture.withClient { client in
            (try await client.get("/", as: nil), try await client.get("/admin/data", as: steward))
        }
        #expect(home.body.contains("<strong>Not yet updated.</strong> Records were loaded after these values were computed"))
        #expect(data.body.contains("Records were loaded after that: the values do not include them"))
        #expect(data.body.contains("<td>aaa.steward</td>"))

        try await ComputeService(store: fixture.store).run(library: try ComputeService.library(extraFiles: []))
        let after = try await fixture.withClient { client in try await client.get("/", as: nil) }
        #expect(!after.body.contains("Not yet updated"))
    }
}
