import Foundation
import GRDB
import TandemCLI
import TandemContract
import TandemDomain
import TandemPorts
import TandemServices
import TandemStorage
import Testing

/// `tandem compute` with a partnership's own definitions, and `tandem export indicators` in the exact
/// format of `indicators.md`, for each audience.
@Suite struct ComputeExportTests {
    /// An indicator that exists only in this file: CST results at level 4 or above, any grade or subject.
    static let extraDefinitions = """
        { "format": "tandem-indicators", "format_version": 1, "version": "test-1", "name": "Test additions",
          "indicators": [
            { "id": "cst_level4_any", "name": "CST results at level 4 or above",
              "population": { "records": "assessments", "where": { "test": ["CST"] } },
              "numerator": { "where": { "performance_level": { "min": 4 } } } } ] }
        """

    /// The small valid district, loaded and computed with only the extra indicator.
    private func loadedStore(minimumGroupSize: Int? = nil) async throws -> (SQLiteStore, TemporaryDatabase) {
        let database = TemporaryDatabase()
        let folder = try DistrictFolder()
        defer { folder.delete() }
        let store = try SQLiteStore(path: database.path)
        let report = try await ImportService(store: store).load(district: "TEST", folder: folder.path, loadedBy: "test")
        #expect(report.loaded)
        let library = try IndicatorLibraryFile.read(Data(Self.extraDefinitions.utf8), file: "extra.json")
        try await ComputeService(store: store).run(library: library, minimumGroupSize: minimumGroupSize)
        return (store, database)
    }

    /// Worked by hand from `DistrictFolder.valid`: S1 (F, HI) is level 4 in 2010 (EL, SED, school 100)
    /// and level 3 in 2011 (RFEP, SED, school 100); S2 (M, WH) is level 5 in 2011 (EO, SWD, school 200).
    static let expectedDistrictExport = """
        indicator,school_year,district_code,school_code,group,numerator,denominator,rate,suppressed
        cst_level4_any,2010,TEST,,ALL,1,1,1.0000,N
        cst_level4_any,2010,TEST,,HI,1,1,1.0000,N
        cst_level4_any,2010,TEST,,SED,1,1,1.0000,N
        cst_level4_any,2010,TEST,,EL,1,1,1.0000,N
        cst_level4_any,2010,TEST,,EVER_EL,1,1,1.0000,N
        cst_level4_any,2010,TEST,,F,1,1,1.0000,N
        cst_level4_any,2010,TEST,100,ALL,1,1,1.0000,N
        cst_level4_any,2010,TEST,100,HI,1,1,1.0000,N
        cst_level4_any,2010,TEST,100,SED,1,1,1.0000,N
        cst_level4_any,2010,TEST,100,EL,1,1,1.0000,N
        cst_level4_any,2010,TEST,100,EVER_EL,1,1,1.0000,N
        cst_level4_any,2010,TEST,100,F,1,1,1.0000,N
        cst_level4_any,2011,TEST,,ALL,1,2,0.5000,N
        cst_level4_any,2011,TEST,,HI,0,1,0.0000,N
        cst_level4_any,2011,TEST,,WH,1,1,1.0000,N
        cst_level4_any,2011,TEST,,SED,0,1,0.0000,N
        cst_level4_any,2011,TEST,,SWD,1,1,1.0000,N
        cst_level4_any,2011,TEST,,RFEP,0,1,0.0000,N
        cst_level4_any,2011,TEST,,EVER_EL,0,1,0.0000,N
        cst_level4_any,2011,TEST,,EO,1,1,1.0000,N
        cst_level4_any,2011,TEST,,F,0,1,0.0000,N
        cst_level4_any,2011,TEST,,M,1,1,1.0000,N
        cst_level4_any,2011,TEST,100,ALL,0,1,0.0000,N
        cst_level4_any,2011,TEST,100,HI,0,1,0.0000,N
        cst_level4_any,2011,TEST,100,SED,0,1,0.0000,N
        cst_level4_any,2011,TEST,100,RFEP,0,1,0.0000,N
        cst_level4_any,2011,TEST,100,EVER_EL,0,1,0.0000,N
        cst_level4_any,2011,TEST,100,F,0,1,0.0000,N
        cst_level4_any,2011,TEST,200,ALL,1,1,1.0000,N
        cst_level4_any,2011,TEST,200,WH,1,1,1.0000,N
        cst_level4_any,2011,TEST,200,SWD,1,1,1.0000,N
        cst_level4_any,2011,TEST,200,EO,1,1,1.0000,N
        cst_level4_any,2011,TEST,200,M,1,1,1.0000,N

        """

    @Test func anIndicatorAddedOnlyByAFileComputesAndExportsExactly() async throws {
        let (store, database) = try await loadedStore()
        defer { database.delete() }
        let out = database.path + ".csv"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let rows = try await ExportService(store: store).exportIndicators(to: out, audience: .ownDistrict)
        #expect(rows == 33)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == Self.expectedDistrictExport)
        let computation = try #require(try await ComputeService(store: store).latestComputation())
        #expect(computation.definitionVersion == "test-1")
        #expect(computation.minimumGroupSize == 11)
    }

    @Test func partnershipAndPublicExportsBlankSmallGroups() async throws {
        let (store, database) = try await loadedStore()
        defer { database.delete() }
        let out = database.path + ".csv"
        defer { try? FileManager.default.removeItem(atPath: out) }
        // The public sees only what the partnership marked public: nothing yet, then another indicator
        // (no rows: this fixture has values of cst_level4_any only), then this one.
        let access = AccessService(store: store, passwordCost: 4)
        #expect(try await ExportService(store: store).exportIndicators(to: out, audience: .public) == 0)
        try await access.setPublicIndicators(["grad_rate_4yr"], by: .operator("test"))
        #expect(try await ExportService(store: store).exportIndicators(to: out, audience: .public) == 0)
        try await access.setPublicIndicators(["cst_level4_any"], by: .operator("test"))
        for audience in [Audience.partnership, .public] {
            // The 33 values of the district's own export, and every other group of the same places (2010: the
            // district and school 100; 2011: also school 200) as hidden: which groups are empty is not told.
            #expect(try await ExportService(store: store).exportIndicators(to: out, audience: audience) == 5 * StudentGroup.allCases.count)
            let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
            #expect(lines.first == "indicator,school_year,district_code,school_code,group,numerator,denominator,rate,suppressed")
            // Every denominator is below 11: no count or rate is left.
            #expect(lines.dropFirst().allSatisfy { $0.hasSuffix(",,,,Y") })
            #expect(lines.dropFirst().first == "cst_level4_any,2010,TEST,,ALL,,,,Y")
            #expect(lines.contains("cst_level4_any,2010,TEST,,AA,,,,Y"))
            #expect(!Self.expectedDistrictExport.contains(",AA,"))
        }
    }

    /// An empty group of a place with hidden cells reads hidden to a partner, and is no value to the district.
    @Test func emptyGroupsReadHiddenToPartnersAndAsNoValueToTheDistrict() async throws {
        let (store, database) = try await loadedStore()
        defer { database.delete() }
        let dashboard = DashboardService(store: store)
        let own = try #require(try await dashboard.view(for: Identity(username: "s", role: .dataSteward, district: "TEST")))
        let partner = try #require(try await dashboard.view(for: Identity(username: "p", role: .districtLeader, district: "OTHER")))
        // No African American student took the test in 2010 (the fixture's S1 is Hispanic).
        #expect(own.value("cst_level4_any", district: "TEST", year: 2010, group: .africanAmerican) == nil)
        let hidden = try #require(partner.value("cst_level4_any", district: "TEST", year: 2010, group: .africanAmerican))
        #expect(hidden.suppressed && hidden.counts == nil)
        // A group with students reads the same way to the partner: nothing tells the two apart.
        let small = try #require(partner.value("cst_level4_any", district: "TEST", year: 2010, group: .hispanic))
        #expect(small.suppressed && small.counts == nil)
        #expect(own.value("cst_level4_any", district: "TEST", year: 2010, group: .hispanic)?.counts?.denominator == 1)
    }

    @Test func theMinimumGroupSizeIsAPartnershipSettingThatIsRemembered() async throws {
        let (store, database) = try await loadedStore(minimumGroupSize: 1)
        defer { database.delete() }
        #expect(try await ComputeService(store: store).minimumGroupSize() == 1)
        let out = database.path + ".csv"
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = try await ExportService(store: store).exportIndicators(to: out, audience: .partnership)
        // At a minimum of 1 nothing is small: the partnership sees the district's own numbers.
        #expect(try String(contentsOfFile: out, encoding: .utf8) == Self.expectedDistrictExport)
    }

    @Test func matchedCohortsExportInTheSameFormatWithTheirStartingYear() async throws {
        let database = TemporaryDatabase()
        defer { database.delete() }
        let folder = try DistrictFolder()
        defer { folder.delete() }
        let store = try SQLiteStore(path: database.path)
        _ = try await ImportService(store: store).load(district: "TEST", folder: folder.path, loadedBy: "test")
        try await ComputeService(store: store).run(library: IndicatorLibraryFile.builtIn())
        let out = database.path + ".csv"
        defer { try? FileManager.default.removeItem(atPath: out) }
        // The district's own export has its values; the partnership's also the empty groups published as hidden.
        let (stored, published) = try await DatabaseQueue(path: database.path).read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cohort_value WHERE denominator > 0") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cohort_value") ?? 0
            )
        }
        #expect(stored > 0 && published > stored)
        for audience in [Audience.ownDistrict, .partnership] {
            let rows = try await ExportService(store: store).exportCohorts(to: out, audience: audience)
            #expect(rows == (audience == .ownDistrict ? stored : published))
            let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
            #expect(lines.first == "indicator,start_year,school_year,district_code,school_code,group,numerator,denominator,rate,suppressed")
            // Each district-level row is the stored cohort value, as the audience may see it.
            for line in lines.dropFirst() {
                let field = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                #expect(field.count == 10)
                guard field[4].isEmpty else { continue }
                let value = try await store.read { db in
                    try db.cohortValue(
                        indicator: field[0],
                        district: field[3],
                        startYear: Int(field[1])!,
                        year: Int(field[2])!,
                        group: StudentGroup(rawValue: field[5])!
                    )
                }
                let shown = try #require(value)
                if audience == .partnership && shown.suppressed {
                    #expect(Array(field[6...9]) == ["", "", "", "Y"])
                } else {
                    #expect(
                        Array(field[6...9]) == [
                            String(shown.numerator), String(shown.denominator), ExportService.rate(shown.numerator, shown.denominator), "N",
                        ]
                    )
                }
            }
        }
        #expect(await TandemCommand.run(arguments: ["export", "cohorts", "--db", database.path, "--out", out, "--audience", "public"]) == 0)
        // Nothing is public yet: the header alone.
        #expect(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count == 1)
    }

    /// An indicator whose numerator reads a file the district did not load has no value, not 0 of n: no
    /// courses, no AP participation and (with a graduate's A–G flag not reported) no A–G completion; no SAT
    /// or ACT results, no SAT/ACT participation.
    @Test(arguments: [true, false]) func noDataIsNeverZero(withCourses: Bool) async throws {
        let database = TemporaryDatabase()
        defer { database.delete() }
        var files = DistrictFolder.valid
        if !withCourses { files["courses.csv"] = nil }
        let folder = try DistrictFolder(files)
        defer { folder.delete() }
        let store = try SQLiteStore(path: database.path)
        #expect(try await ImportService(store: store).load(district: "TEST", folder: folder.path, loadedBy: "test").loaded)
        let report = try await ComputeService(store: store).run(library: IndicatorLibraryFile.builtIn())
        let out = database.path + ".csv"
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = try await ExportService(store: store).exportIndicators(to: out, audience: .ownDistrict)
        // The computation says why an indicator has no value at all.
        let coverage = Dictionary(uniqueKeysWithValues: report.coverage.rows.map { ($0.indicator, $0) })
        #expect(coverage["ap_participation"]?.why == (withCourses ? nil : "no courses.csv loaded"))
        #expect(coverage["sat_act_participation"]?.why == "no ACT or SAT results in assessments.csv")
        #expect(coverage["ap_pass"]?.why == "no AP results in assessments.csv")
        #expect(coverage["grad_rate_4yr"]?.years == [2011] && coverage["grad_rate_4yr"]?.why == nil)
        #expect(coverage["ltel_share"]?.why == "no student in its population (its grades, tests or outcomes are not in the records)")
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        func districtAll(_ indicator: String) -> String? {
            rows.first { $0.hasPrefix("\(indicator),2011,TEST,,ALL,") }.map {
                $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst(5).prefix(2).joined(separator: "/")
            }
        }
        // S3 (grade 11) and S4 (grade 12) enrolled at Carver High in 2011; neither took an AP course.
        #expect(districtAll("ap_participation") == (withCourses ? "0/2" : nil))
        // S4 graduated in 2011 with no flag reported: English 11 and Art 1 do not make the requirement.
        #expect(districtAll("ag_completion") == (withCourses ? "0/1" : nil))
        #expect(districtAll("sat_act_participation") == nil)
        // Indicators whose files were loaded keep their values.
        #expect(districtAll("grad_rate_4yr") == "1/1")
    }

    /// `schools.csv` may name the district (`district_name`, optional): pages then say its name, not its code.
    @Test func aDistrictIsNamedByItsSchoolsFile() async throws {
        let database = TemporaryDatabase()
        defer { database.delete() }
        var files = DistrictFolder.valid
        files["schools.csv"] = """
            district_code,school_code,school_name,school_type,low_grade,high_grade,district_name
            TEST,100,Adams Elementary,ES,TK,5,
            TEST,200,Baker Middle,MS,6,8,Test Unified
            TEST,300,Carver High,HS,9,12,Test Unified
            """
        let folder = try DistrictFolder(files)
        defer { folder.delete() }
        let store = try SQLiteStore(path: database.path)
        #expect(try await ImportService(store: store).load(district: "TEST", folder: folder.path, loadedBy: "test").loaded)
        try await ComputeService(store: store).run(library: IndicatorLibraryFile.builtIn())
        #expect(try await store.read { try $0.districtsWithValues() } == [DistrictInfo(code: "TEST", name: "Test Unified")])
    }

    @Test func ratesHaveFourDecimalsRoundedHalfUp() {
        #expect(ExportService.rate(7, 12) == "0.5833")
        #expect(ExportService.rate(2, 3) == "0.6667")
        #expect(ExportService.rate(1, 32) == "0.0313")
        #expect(ExportService.rate(0, 5) == "0.0000")
        #expect(ExportService.rate(5, 5) == "1.0000")
        // Means of distance from standard: below zero, and above one.
        #expect(ExportService.rate(-40, 40) == "-1.0000")
        #expect(ExportService.rate(-1_164_325, 30_000) == "-38.8108")
        #expect(ExportService.rate(-1, 20_001) == "0.0000")  // rounds to zero: no "-0.0000"
        #expect(ExportService.rate(-1, 3) == "-0.3333")
        #expect(ExportService.rate(-2, 3) == "-0.6667")
        #expect(ExportService.rate(1_234, 10) == "123.4000")
        #expect(ExportService.rate(864, 2274) == "0.3799")
    }

    @Test func commandLineComputeAndExport() async throws {
        let database = TemporaryDatabase()
        defer { database.delete() }
        let folder = try DistrictFolder()
        defer { folder.delete() }
        #expect(await TandemCommand.run(arguments: ["import", "--db", database.path, "--district", "TEST", folder.path]) == 0)
        let out = database.path + ".csv"
        defer { try? FileManager.default.removeItem(atPath: out) }
        // Exporting before computing is a usage error that writes nothing.
        #expect(await TandemCommand.run(arguments: ["export", "indicators", "--db", database.path, "--out", out]) == 2)
        #expect(!FileManager.default.fileExists(atPath: out))

        let extra = database.path + ".json"
        defer { try? FileManager.default.removeItem(atPath: extra) }
        try Data(Self.extraDefinitions.utf8).write(to: URL(fileURLWithPath: extra))
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path, "--indicators", extra]) == 0)
        #expect(await TandemCommand.run(arguments: ["export", "indicators", "--db", database.path, "--out", out, "--audience", "district"]) == 0)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("\ncst_level4_any,2011,TEST,,ALL,1,2,0.5000,N\n"))
        // The MOU library is computed too: S3's first-attempt CAHSEE math (scale 351) passed.
        #expect(text.contains("\ncahsee_math_first_pass,2011,TEST,,ALL,1,1,1.0000,N\n"))
        #expect(!FileManager.default.fileExists(atPath: out + ".partial"))
        // A folder given as --out is refused (usage error) and kept with what is in it; so is a device.
        let folderOut = database.path + ".folder"
        try FileManager.default.createDirectory(atPath: folderOut, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folderOut) }
        try Data("keep".utf8).write(to: URL(fileURLWithPath: folderOut + "/precious.txt"))
        #expect(await TandemCommand.run(arguments: ["export", "indicators", "--db", database.path, "--out", folderOut]) == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folderOut) == ["precious.txt"])
        #expect(await TandemCommand.run(arguments: ["export", "indicators", "--db", database.path, "--out", "/dev/null"]) == 2)
        #expect(await TandemCommand.run(arguments: ["export", "indicators", "--db", database.path, "--out", folderOut + "/no/such.csv"]) == 2)

        // The partnership's definitions are remembered: a plain `compute` keeps the file's indicator.
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path]) == 0)
        let remembered = try SQLiteStore(path: database.path)
        #expect(try await ComputeService(store: remembered).latestComputation()?.definitionVersion == "mou-3+test-1")

        // A bad definition file is rejected (status 1) and the stored values stay as they were.
        try Data(Self.extraDefinitions.replacingOccurrences(of: "\"test\": [\"CST\"]", with: "\"colour\": [\"red\"]").utf8)
            .write(to: URL(fileURLWithPath: extra))
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path, "--indicators", extra]) == 1)
        let store = try SQLiteStore(path: database.path)
        #expect(try await ComputeService(store: store).latestComputation()?.definitionVersion == "mou-3+test-1")
        #expect(try await ComputeService(store: store).definitionFiles().map(\.file) == [(extra as NSString).lastPathComponent])
        #expect(await TandemCommand.run(arguments: ["export", "indicators", "--db", database.path, "--out", out, "--audience", "nobody"]) == 2)

        // --built-in-only drops them.
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path, "--built-in-only"]) == 0)
        #expect(try await ComputeService(store: store).latestComputation()?.definitionVersion == "mou-3")
    }
}

/// `tandem compute` computes the student lists and `tandem export lists` writes a district's, worked by
/// hand from `DistrictFolder.valid`: S1 is an EL since 2005-09-01, 4 years on 2009-10-01 (at risk);
/// S3 ends grade 11 with half a year of English (the C- semester does not count) and S4 grade 12 with
/// one year of art: both behind the A–G pace.
@Suite struct ListExportTests {
    @Test func computeStoresTheListsAndTheExportWritesThemSorted() async throws {
        let database = TemporaryDatabase()
        defer { database.delete() }
        let folder = try DistrictFolder()
        defer { folder.delete() }
        let out = database.path + ".lists.csv"
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(await TandemCommand.run(arguments: ["import", "--db", database.path, "--district", "TEST", folder.path]) == 0)
        // Before a computation, and for a district not loaded: usage errors that write nothing.
        #expect(await TandemCommand.run(arguments: ["export", "lists", "--db", database.path, "--district", "TEST", "--out", out]) == 2)
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path]) == 0)
        #expect(await TandemCommand.run(arguments: ["export", "lists", "--db", database.path, "--district", "NOPE", "--out", out]) == 2)
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(await TandemCommand.run(arguments: ["export", "lists", "--db", database.path, "--district", "TEST", "--out", out]) == 0)
        #expect(
            try String(contentsOfFile: out, encoding: .utf8) == """
                list,school_year,district_code,school_code,student_id,grade,reason
                ag_off_track,2011,TEST,300,S3,11,"A–G 0.50 years by the end of grade 11 (English 0.50, mathematics 0)"
                ag_off_track,2011,TEST,300,S4,12,"A–G 1 year by the end of grade 12 (English 0, mathematics 0)"
                ltel_and_at_risk,2010,TEST,100,S1,4,4 years as EL (since 2005-09-01)

                """
        )
    }

    /// List counts leave the district as aggregates only: the district's own export counts each list's
    /// students by year, place and group (S3 and S4 at school 300 in 2011; S1 at school 100 in 2010); a
    /// partner's export has the same rows with every count hidden, as each is under 11 students; there is
    /// no public export of them.
    @Test func listCountsAreAggregatesHiddenFromPartnersUnderTheRule() async throws {
        let database = TemporaryDatabase()
        defer { database.delete() }
        let folder = try DistrictFolder()
        defer { folder.delete() }
        let out = database.path + ".counts.csv"
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(await TandemCommand.run(arguments: ["import", "--db", database.path, "--district", "TEST", folder.path]) == 0)
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path]) == 0)
        let export = ["export", "list-counts", "--db", database.path, "--out", out]

        #expect(await TandemCommand.run(arguments: export + ["--audience", "district"]) == 0)
        let own = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(own.first == ExportService.listCountHeader.joined(separator: ","))
        for row in [
            "ag_off_track,2011,TEST,,ALL,2,N", "ag_off_track,2011,TEST,300,ALL,2,N", "ltel_and_at_risk,2010,TEST,,ALL,1,N",
            "ltel_and_at_risk,2010,TEST,100,EL,1,N",
        ] {
            #expect(own.contains(row))
        }
        let ownKeys = own.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(5).joined(separator: ",") }

        #expect(await TandemCommand.run(arguments: export + ["--audience", "partnership"]) == 0)
        let partner = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").dropFirst().map(String.init)
        let partnerKeys = partner.map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(5).joined(separator: ",") }
        // Every count the district has is a row for the partner too (and the place's empty groups, hidden).
        #expect(Set(ownKeys).isSubset(of: Set(partnerKeys)))
        let hidden = partner.filter { $0.hasSuffix(",,Y") }
        #expect(hidden.count == partner.count)

        try? FileManager.default.removeItem(atPath: out)
        #expect(await TandemCommand.run(arguments: export + ["--audience", "public"]) == 2)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// A district's own parameters: with at-risk from 5 years, S1's 4 years as EL no longer put them on
    /// the list; a parameter file naming a list that does not exist is refused and changes nothing.
    @Test func aDistrictsListParametersAreStoredAndUsed() async throws {
        let database = TemporaryDatabase()
        defer { database.delete() }
        let folder = try DistrictFolder()
        defer { folder.delete() }
        let parameters = database.path + ".parameters.json"
        let out = database.path + ".lists.csv"
        defer { for file in [parameters, out] { try? FileManager.default.removeItem(atPath: file) } }
        func write(_ lists: String) throws {
            let text = #"{ "format": "tandem-list-parameters", "format_version": 1, "districts": { "TEST": "# + lists + " } }"
            try Data(text.utf8).write(to: URL(fileURLWithPath: parameters))
        }
        #expect(await TandemCommand.run(arguments: ["import", "--db", database.path, "--district", "TEST", folder.path]) == 0)
        try write(#"{ "ltel_list": { "at_risk_from": 5 } }"#)
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path, "--list-parameters", parameters]) == 1)
        #expect(try await ComputeService(store: try SQLiteStore(path: database.path)).listParameterFiles().isEmpty)
        // Given with good indicator definitions, the bad parameter file keeps those from being stored too.
        let definitions = database.path + ".indicators.json"
        defer { try? FileManager.default.removeItem(atPath: definitions) }
        try Data(ComputeExportTests.extraDefinitions.utf8).write(to: URL(fileURLWithPath: definitions))
        #expect(
            await TandemCommand.run(arguments: ["compute", "--db", database.path, "--indicators", definitions, "--list-parameters", parameters]) == 1
        )
        #expect(try await ComputeService(store: try SQLiteStore(path: database.path)).definitionFiles().isEmpty)
        try write(#"{ "ltel_and_at_risk": { "at_risk_from": 5 } }"#)
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path, "--list-parameters", parameters]) == 0)
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path]) == 0)
        #expect(await TandemCommand.run(arguments: ["export", "lists", "--db", database.path, "--district", "TEST", "--out", out]) == 0)
        #expect(!(try String(contentsOfFile: out, encoding: .utf8)).contains("ltel_and_at_risk"))
        let service = ComputeService(store: try SQLiteStore(path: database.path))
        #expect(try await service.latestComputation()?.definitionVersion.hasPrefix("mou-3+lists-") == true)
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path, "--built-in-only"]) == 0)
        #expect(try await service.listParameterFiles().isEmpty)
    }
}
