import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TandemDomain
import TandemServices
import TandemStorage
import Testing

@testable import TandemWeb

/// Every page and CSV route over a two-district fixture whose numbers are known: `AAA` has 30 grade-5
/// students in 2010 and 2011, 12 then 15 proficient in math; `BBB` has 20, 5 then 8 proficient. In
/// `BBB` 2011 three students are Filipino, a group below the minimum size.
@Suite struct WebTests {
    /// Writes one district's contract files.
    static func district(_ code: String, students: Int, proficient: [Int: Int], filipino: Int = 0, into folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let schools = "district_code,school_code,school_name\n\(code),1,\(code) Elementary\n"
        var people = "district_code,student_id,gender,race_ethnicity\n"
        var enrollments = "district_code,student_id,school_year,school_code,grade,sed,swd,el_status\n"
        var results = "district_code,student_id,school_year,test,subject,grade_tested,performance_level\n"
        for index in 0..<students {
            people += "\(code),S\(index),\(index % 2 == 0 ? "F" : "M"),\(index < filipino ? "FI" : "HI")\n"
            for year in [2010, 2011] {
                enrollments += "\(code),S\(index),\(year),1,5,Y,N,EO\n"
                results += "\(code),S\(index),\(year),CST,MATH,5,\(index < proficient[year]! ? 4 : 2)\n"
            }
        }
        for (name, text) in ["schools.csv": schools, "students.csv": people, "enrollments.csv": enrollments, "assessments.csv": results] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
    }

    /// The fixture, loaded and computed once; `math_prof_g5` and `ap_pass` are public.
    static let fixture: Task<SQLiteStore, Error> = Task { try await makeFixture() }

    /// A new copy of the fixture (for tests that change accounts or what is public).
    static func makeFixture() async throws -> SQLiteStore {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-web-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try district("AAA", students: 30, proficient: [2010: 12, 2011: 15], into: root + "/AAA")
        try district("BBB", students: 20, proficient: [2010: 5, 2011: 8], filipino: 3, into: root + "/BBB")
        let store = try SQLiteStore()
        for code in ["AAA", "BBB"] {
            let report = try await ImportService(store: store).load(district: code, folder: root + "/" + code, loadedBy: "test")
            guard report.loaded else { throw CancellationError() }
        }
        try await ComputeService(store: store).run(library: try ComputeService.library(extraFiles: []))
        try await AccessService(store: store, passwordCost: 4).setPublicIndicators(["math_prof_g5", "ap_pass"], by: .operator("test"))
        return store
    }

    private func get(_ uri: String) async throws -> (HTTPResponse.Status, String, String?) { try await fetch(uri) }

    @Test func partnershipHomeShowsEachDistrictsValueWithItsCountsAndChange() async throws {
        let (status, body, type) = try await get("/")
        #expect(status == .ok)
        #expect(type == "text/html; charset=utf-8")
        #expect(body.contains("<h1>Partnership results, 2010–11</h1>"))
        #expect(body.contains(#"<span class="rate" title="15 of 30">50.0%</span>"#))
        #expect(body.contains(#"<span class="n">n = 30</span>"#))
        #expect(body.contains("▲ 10.0 pts"))  // AAA: 40% → 50%
        #expect(body.contains(#"<span class="rate" title="8 of 20">40.0%</span>"#))
        #expect(body.contains("▲ 15.0 pts"))  // BBB: 25% → 40%
        #expect(body.contains(#"<svg class="sparkline""#))
        #expect(!body.contains("Synthetic records"))  // not the demo
    }

    @Test func filtersPickTheYearAndGroup() async throws {
        let (status, body, _) = try await get("/?year=2010&group=F")
        #expect(status == .ok)
        #expect(body.contains("Partnership results, 2009–10"))
        // AAA's girls are the even students: 6 of the first 12 proficient, 15 in all.
        #expect(body.contains(#"<span class="rate" title="6 of 15">40.0%</span>"#))
    }

    @Test func smallGroupsAreNeverShown() async throws {
        let (status, body, _) = try await get("/?group=FI")
        #expect(status == .ok)
        #expect(body.contains(#"<span class="rate" title="fewer than 11 students, or would reveal a small group">*</span>"#))
        #expect(!body.contains("of 3<"))
        let (_, csv, _) = try await get("/partnership.csv?group=FI")
        #expect(csv.contains("math_prof_g5,2011,BBB,FI,,,,Y"))
    }

    /// A signed-out visitor asking for an indicator the partnership did not make public is asked to sign
    /// in, not told it does not exist; one that does not exist is still "not found".
    @Test func aVisitorAskingForAPartnershipIndicatorIsAskedToSignIn() async throws {
        let (status, _, _) = try await get("/indicators/ela_prof_g3")
        #expect(status == .seeOther)
        let (chart, _, _) = try await get("/indicators/ela_prof_g3/trend.csv")
        #expect(chart == .seeOther)
        let (missing, body, _) = try await get("/indicators/nope")
        #expect(missing == .notFound && body.contains("There is no indicator"))
    }

    /// Without a year, an indicator's page opens on its own latest year with a value, not the partnership's
    /// latest year (in which it may have none): here ELA was tested in 2009–10 only, math in both years.
    @Test func anIndicatorPageOpensOnItsOwnLatestYear() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-latest-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var people = "district_code,student_id,gender,race_ethnicity\n"
        var enrollments = "district_code,student_id,school_year,school_code,grade,sed,swd,el_status\n"
        var results = "district_code,student_id,school_year,test,subject,grade_tested,performance_level\n"
        for index in 0..<20 {
            people += "CCC,S\(index),F,HI\n"
            for year in [2010, 2011] {
                enrollments += "CCC,S\(index),\(year),1,5,Y,N,EO\n"
                results += "CCC,S\(index),\(year),CST,MATH,5,\(index < 10 ? 4 : 2)\n"
            }
            results += "CCC,S\(index),2010,CST,ELA,5,\(index < 5 ? 4 : 2)\n"
        }
        let files = [
            "schools.csv": "district_code,school_code,school_name\nCCC,1,CCC Elementary\n", "students.csv": people,
            "enrollments.csv": enrollments, "assessments.csv": results,
        ]
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: root).appendingPathComponent(name)) }
        let store = try SQLiteStore()
        #expect(try await ImportService(store: store).load(district: "CCC", folder: root, loadedBy: "test").loaded)
        try await ComputeService(store: store).run(library: try ComputeService.library(extraFiles: []))
        let access = AccessService(store: store, passwordCost: 4)
        try await access.setPublicIndicators(["ela_prof_g5", "math_prof_g5"], by: .operator("test"))
        let app = try await WebApp.make(store: store, access: access)
        let (ela, math) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/indicators/ela_prof_g5", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/indicators/math_prof_g5", method: .get) { String(buffer: $0.body) }
            )
        }
        #expect(ela.contains("Student groups, 2009–10") && ela.contains("5 of 20"))
        #expect(math.contains("Student groups, 2010–11"))
    }

    /// The fixture loads no AP results: AP pass rates have no value anywhere (not 0%), and the page, public
    /// for this indicator, says what the values are counted from.
    @Test func anIndicatorWithoutItsRecordsHasNoValueAndSaysWhatItNeeds() async throws {
        let (status, body, _) = try await get("/indicators/ap_pass")
        #expect(status == .ok, "\(status)")
        #expect(body.contains("Counted from assessments.csv"))
        #expect(!body.contains("0.0%") && body.contains("–"))
        let (_, csv, _) = try await get("/partnership.csv?year=2011")
        #expect(!csv.contains("ap_pass,"))
    }

    @Test func indicatorPageHasTrendGroupsSchoolsAndCohort() async throws {
        let (status, body, _) = try await get("/indicators/math_prof_g5")
        #expect(body.contains("Counted from assessments.csv (each student&#39;s school and groups from enrollments.csv)."))
        #expect(status == .ok)
        #expect(body.contains("<h1>Grade 5 math proficiency</h1>"))
        #expect(body.contains(#"<title id="trend-title">Grade 5 math proficiency, All students, by year</title>"#))
        #expect(body.contains("12 of 30"))
        #expect(body.contains("AAA Elementary"))
        #expect(body.contains("The grade 5 students of 2009–10, followed"))
        #expect(body.contains("/indicators/math_prof_g5/trend.csv?year=2011&amp;group=ALL"))
    }

    @Test func englishLearnerTrendsShowEverELBeside() async throws {
        let (status, body, _) = try await get("/indicators/math_prof_g5?group=EL")
        #expect(status == .ok)
        #expect(body.contains("Grade 5 math proficiency, English learners, by year (dashed: Ever English learners (EL or RFEP))"))
        #expect(body.contains("Dashed lines: Ever English learners (EL or RFEP)."))
        let (_, plain, _) = try await get("/indicators/math_prof_g5?group=F")
        #expect(!plain.contains("dashed:"))
    }

    @Test func eachChartDownloadsExactlyWhatItShows() async throws {
        let (status, csv, type) = try await get("/indicators/math_prof_g5/trend.csv")
        #expect(status == .ok)
        #expect(type == "text/csv; charset=utf-8")
        #expect(
            csv == """
                indicator,school_year,district_code,school_code,group,numerator,denominator,rate,suppressed
                math_prof_g5,2010,AAA,,ALL,12,30,0.4000,N
                math_prof_g5,2011,AAA,,ALL,15,30,0.5000,N
                math_prof_g5,2010,BBB,,ALL,5,20,0.2500,N
                math_prof_g5,2011,BBB,,ALL,8,20,0.4000,N

                """
        )
        let (_, schools, _) = try await get("/indicators/math_prof_g5/schools.csv?year=2010")
        #expect(schools.contains("math_prof_g5,2010,AAA,1,ALL,12,30,0.4000,N"))
        let (_, groups, _) = try await get("/indicators/math_prof_g5/groups.csv?year=2011")
        #expect(groups.contains("math_prof_g5,2011,BBB,,FI,,,,Y"))
        let (_, cohort, _) = try await get("/indicators/math_prof_g5/cohort.csv?start=2010")
        #expect(cohort.contains("math_prof_g5,2010,2010,AAA,ALL,12,30,0.4000,N"))
    }

    @Test(arguments: [
        ("/indicators/nope", HTTPResponse.Status.notFound, "There is no indicator &quot;nope&quot;."),
        ("/?group=XX", .notFound, "There is no student group &quot;XX&quot;."),
        ("/?year=1999", .notFound, "There are no values for 1999."),
        ("/?year=abc", .badRequest, "The year must be a school year such as 2009."),
        ("/indicators/math_prof_g5/pie.csv", .notFound, "There is no download &quot;pie.csv&quot;."),
        ("/no/such/page", .notFound, "There is no page at this address."),
        ("/indicators/ap_pass/cohort.csv?start=2010", .notFound, "has no matched cohorts."),
    ])
    func badRequestsGetAProperPage(uri: String, status: HTTPResponse.Status, message: String) async throws {
        let (got, body, type) = try await get(uri)
        #expect(got == status)
        #expect(type == "text/html; charset=utf-8")
        #expect(body.contains(message))
        #expect(!body.contains("SELECT") && !body.contains(".swift"))
    }

    @Test func injectedInputIsEscaped() async throws {
        let (status, body, _) = try await get("/indicators/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        #expect(status == .notFound)
        #expect(!body.contains("<script>"))
    }
}

/// District and school pages: every indicator by year for one place.
@Suite struct PlacePageTests {
    private func get(_ uri: String) async throws -> (HTTPResponse.Status, String) {
        let (status, body, _) = try await fetch(uri)
        return (status, body)
    }

    @Test func districtPageListsItsIndicatorsAndSchools() async throws {
        let (status, body) = try await get("/districts/AAA")
        #expect(status == .ok)
        #expect(body.contains("<h1>AAA</h1>"))
        #expect(body.contains("12 of 30") && body.contains("15 of 30"))
        #expect(body.contains(#"<a href="/districts/AAA/schools/1?group=ALL&amp;from=2010&amp;to=2011">AAA Elementary</a>"#))
    }

    @Test func theYearsShownCanBeNarrowed() async throws {
        let (status, body) = try await get("/districts/AAA?from=2011&to=2011")
        #expect(status == .ok)
        #expect(body.contains("15 of 30") && !body.contains("12 of 30"))
        #expect(body.contains(#"<th scope="col">2010–11</th>"#) && !body.contains(#"<th scope="col">2009–10</th>"#))
        #expect(body.contains(#"<a href="/districts/AAA/schools/1?group=ALL&amp;from=2011&amp;to=2011">AAA Elementary</a>"#))
        #expect(try await get("/districts/AAA?from=2011&to=2010").0 == .badRequest)
        #expect(try await get("/districts/AAA?from=1999").0 == .notFound)
    }

    @Test func sixteenYearsOpenOnTheLatestSix() {
        let years = Array(2008...2023)
        #expect(Pages.firstRecentYear(of: years, through: 2023) == 2018)
        #expect(Pages.firstRecentYear(of: years, through: 2012) == 2008)
        #expect(Pages.firstRecentYear(of: [2010, 2011], through: 2011) == 2010)
        #expect(Pages.firstRecentYear(of: [2009, 2012, 2013, 2015, 2016, 2020, 2021], through: 2021) == 2012)
    }

    @Test func aCountIsChartedFromZeroInRoundSteps() {
        #expect(Chart.countStep(89_800) == 25_000)
        #expect(Chart.countStep(74_831) == 20_000)
        #expect(Chart.countStep(119) == 30)
        #expect(Chart.countStep(0) == 1)
        #expect(Chart.axisDomain([1_696, 84_816], measure: .count) == 0...100_000)
        let chart = Chart.lines(
            id: "t",
            title: "Enrollment",
            xLabel: "school year",
            series: [Chart.Series(name: "A", colour: "#000", points: [Chart.Point(x: "2010–11", value: 74_831, note: "n = 74,831")])],
            measure: .count
        )
        #expect(chart.contains(">80,000</text>") && chart.contains(">students</text>") && !chart.contains("%"))
    }

    @Test func schoolPageShowsTheSchoolsValues() async throws {
        let (status, body) = try await get("/districts/BBB/schools/1?group=M")
        #expect(status == .ok)
        #expect(body.contains("<h1>BBB Elementary, BBB</h1>"))
        // BBB's boys are the odd students: 2 of the first 5 proficient in 2010, 4 of the first 8 in 2011; 10 in all.
        #expect(body.contains("2 of 10") == false)  // 10 boys is below the minimum of 11
        #expect(body.contains("fewer than 11 students"))
    }

    @Test(arguments: ["/districts/ZZZ", "/districts/AAA/schools/9", "/districts/AAA?group=NOPE"])
    func unknownPlacesAreNotFound(uri: String) async throws {
        #expect(try await get(uri).0 == .notFound)
    }
}

/// The cohort page: pick an indicator and a starting year.
@Suite struct CohortPageTests {
    private func get(_ uri: String) async throws -> (HTTPResponse.Status, String) {
        let (status, body, _) = try await fetch(uri)
        return (status, body)
    }

    @Test func followsTheChosenCohort() async throws {
        let (status, body) = try await get("/cohorts?indicator=math_prof_g5&start=2010")
        #expect(status == .ok)
        #expect(body.contains("The grade 5 students of 2009–10, followed"))
        // The same 30 AAA students are in grade 5 again in 2011 (the fixture retains everyone): 15 of 30.
        #expect(body.contains("15 of 30"))
        #expect(body.contains(#"<input type="hidden" name="indicator" value="math_prof_g5">"#))
    }

    @Test(arguments: ["/cohorts?indicator=ap_pass", "/cohorts?indicator=nope", "/cohorts?start=1990"])
    func unknownChoicesAreNotFound(uri: String) async throws {
        #expect(try await get(uri).0 == .notFound)
    }

    @Test func malformedStartIsABadRequest() async throws {
        #expect(try await get("/cohorts?start=soon").0 == .badRequest)
    }
}

/// A GET through the app's router on the fixture: status, body and content type.
func fetch(_ uri: String) async throws -> (HTTPResponse.Status, String, String?) {
    var logger = Logger(label: "tandem.test")
    logger.logLevel = .warning
    let app = try await WebApp.make(store: try await WebTests.fixture.value, logger: logger)
    return try await app.test(.router) { client in
        try await client.execute(uri: uri, method: .get) { response in
            (response.status, String(buffer: response.body), response.headers[.contentType])
        }
    }
}
