import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TandemServices
import TandemStorage
import TandemWeb
import Testing

/// A mean-valued indicator on the pages: the distance from standard is printed in points (never as a
/// percent), with the number of students behind it, charted from zero, and placed on the state Dashboard.
///
/// AAA: 40 grade-5 CAASPP ELA takers, distances −40, −38 … +38 from the Level 3 minimum (2502) in 2010–11
/// (mean −1.0) and 20 points lower in 2009–10 (mean −21.0). BBB: 30 takers, −105 … −76 (mean −90.5), and
/// five points lower the year before (−95.5).
@Suite struct DistanceFromStandardPageTests {
    static let store: Task<SQLiteStore, Error> = Task {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-dfs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try district("AAA", distances: { year, index in (year == 2011 ? -40 : -60) + 2 * index }, students: 40, into: root + "/AAA")
        try district("BBB", distances: { year, index in (year == 2011 ? -105 : -110) + index }, students: 30, into: root + "/BBB")
        // CCC: too few students for any colour.
        try district("CCC", distances: { _, _ in 0 }, students: 5, into: root + "/CCC")
        let store = try SQLiteStore()
        for code in ["AAA", "BBB", "CCC"] {
            let report = try await ImportService(store: store).load(district: code, folder: root + "/" + code, loadedBy: "test")
            guard report.loaded else { throw CancellationError() }
        }
        try await ComputeService(store: store).run(library: try ComputeService.library(extraFiles: []))
        try await AccessService(store: store, passwordCost: 4).setPublicIndicators(["ela_dfs"], by: .operator("test"))
        return store
    }

    static func district(_ code: String, distances: (Int, Int) -> Int, students: Int, into folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var people = "district_code,student_id,gender,race_ethnicity\n"
        var enrollments = "district_code,student_id,school_year,school_code,grade,sed,swd,el_status\n"
        var results = "district_code,student_id,school_year,test,subject,grade_tested,scale_score,performance_level\n"
        for index in 0..<students {
            people += "\(code),S\(index),\(index % 2 == 0 ? "F" : "M"),HI\n"
            for year in [2010, 2011] {
                let scale = 2502 + distances(year, index)
                enrollments += "\(code),S\(index),\(year),1,5,Y,N,EO\n"
                results += "\(code),S\(index),\(year),CAASPP,ELA,5,\(scale),\(scale >= 2502 ? 3 : 2)\n"
            }
        }
        let files = [
            "schools.csv": "district_code,school_code,school_name\n\(code),1,\(code) Elementary\n",
            "students.csv": people, "enrollments.csv": enrollments, "assessments.csv": results,
        ]
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
    }

    func get(_ uri: String) async throws -> (HTTPResponse.Status, String) {
        var logger = Logger(label: "tandem.test")
        logger.logLevel = .warning
        let app = try await WebApp.make(store: try await Self.store.value, logger: logger)
        return try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { ($0.status, String(buffer: $0.body)) }
        }
    }

    @Test func theIndicatorPagePrintsPointsWithTheirStudents() async throws {
        let (status, body) = try await get("/indicators/ela_dfs?year=2011")
        #expect(status == .ok)
        #expect(body.contains(#"-1.0 points<span class="n">mean of 40 students</span>"#))
        #expect(body.contains(#"-90.5 points<span class="n">mean of 30 students</span>"#))
        #expect(body.contains("points from the standard"))
        #expect(!body.contains("-1.0%") && !body.contains("-90.5%"))
        // The bars start at zero: BBB's bar runs left of the zero line, which is drawn.
        #expect(body.contains(#"class="zero""#))
    }

    @Test func theHomePageGivesTheChangeInPoints() async throws {
        let (status, body) = try await get("/?year=2011")
        #expect(status == .ok)
        #expect(body.contains(#"<span class="rate" title="mean of 40 students">-1.0 points</span>"#))
        #expect(body.contains("▲ 20.0 points"))  // AAA: −21.0 → −1.0
        #expect(body.contains("▲ 5.0 points"))  // BBB: −95.5 → −90.5
    }

    /// The CSV downloads keep the export's columns: the sum of points, the takers, and the mean as `rate`.
    @Test func theDownloadsCarryTheSumOfPointsAndTheMean() async throws {
        let (status, home) = try await get("/partnership.csv?year=2011")
        #expect(status == .ok)
        #expect(home.contains("ela_dfs,2011,AAA,ALL,-40,40,-1.0000,N"))
        #expect(home.contains("ela_dfs,2011,BBB,ALL,-2715,30,-90.5000,N"))
        let (trendStatus, trend) = try await get("/indicators/ela_dfs/trend.csv")
        #expect(trendStatus == .ok)
        #expect(trend.contains("ela_dfs,2010,AAA,,ALL,-840,40,-21.0000,N"))
    }

    @Test func theStateDashboardPlacesTheMeanInItsColours() async throws {
        let (status, body) = try await get("/state-dashboard?year=2011")
        #expect(status == .ok)
        // AAA: Medium, Increased Significantly → Green. BBB: Very Low, Increased → Orange.
        #expect(body.contains("-1.0 points (Medium); +20.0 points, Increased Significantly; n = 40"))
        #expect(body.contains("-90.5 points (Very Low); +5.0 points, Increased; n = 30"))
        // How sure the table is, next to it: ELA's cut points were checked against CDE reports.
        #expect(body.contains("Cut points and colours checked against CDE placement reports."))
        // Equity: BBB's groups are orange, among the lowest two colours; AAA has colours, none of them low;
        // CCC, too small for any colour, is not "0 — none", which would read like good news.
        #expect(body.contains("<strong>BBB</strong>: 4 — All students; Hispanic or Latino"))
        #expect(body.contains("<strong>AAA</strong>: 0 — none"))
        #expect(body.contains("<strong>CCC</strong>: no colour for any group (no data, or too few students)"))
    }
}
