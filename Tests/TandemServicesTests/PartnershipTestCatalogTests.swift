import Foundation
import TandemCLI
import TandemContract
import TandemDomain
import TandemPorts
import TandemServices
import TandemStorage
import Testing

/// A partnership outside California describes its own tests (`tandem compute --tests FILE`) and gets
/// proficiency without code; a definition naming a test nobody described is an error, not an empty series.
@Suite struct PartnershipTestCatalogTests {
    /// Texas's STAAR as a partnership would describe it: four levels, "Meets" (3) and above proficient.
    static let catalog = """
        { "version": 1, "tests": [
            { "id": "STAAR", "name": "State of Texas Assessments of Academic Readiness",
              "levels": { "1": "Did Not Meet", "2": "Approaches", "3": "Meets", "4": "Masters" },
              "proficient": { "level_at_least": 3 },
              "scale": { "min": 1000, "max": 2000 },
              "standard_met": { "MATH": { "5": 1500, "6": 1520 } } } ] }
        """

    static let definitions = """
        { "format": "tandem-indicators", "format_version": 1, "version": "staar-1",
          "indicators": [
            { "id": "staar_math_prof", "name": "STAAR mathematics, Meets or above",
              "population": { "records": "assessments", "where": { "test": ["STAAR"], "subject": ["MATH"] } },
              "numerator": { "where": { "proficient": true } } } ] }
        """

    /// The small valid district with two STAAR results: S2 meets in 2010 (grade 6), S1 approaches in 2011.
    static func folder() throws -> DistrictFolder {
        var folder = try DistrictFolder()
        try folder.appendLine("assessments.csv", "TEST,S2,2010,STAAR,MATH,6,SPRING,2010-04-20,1550,3,")
        try folder.appendLine("assessments.csv", "TEST,S1,2011,staar,MATH,5,SPRING,2011-04-20,1410,2,")
        return folder
    }

    static let unknownTestWarning =
        "assessments.csv:0: test: \"STAAR\" (2 rows) is not in the test catalog: its results count in no indicator that asks whether a result is proficient"

    @Test func aDefinitionNamingAnUnknownTestIsAnError() async throws {
        let service = ComputeService(store: try SQLiteStore())
        let problem = await #expect(throws: DefinitionFileProblem.self) {
            try await service.replaceDefinitions(indicators: [(Data(Self.definitions.utf8), "staar.json")])
        }
        #expect(
            problem?.description
                == "staar.json: indicator staar_math_prof: population.where.test: \"STAAR\" is not in the test catalog "
                + "(ACT, AP, CAASPP, CAHSEE, CELDT, CST, ELPAC, SAT); a partnership describes its own tests with tandem compute --tests FILE"
        )
        #expect(try await service.definitionFiles().isEmpty, "a refused file is not stored")
    }

    @Test func thePartnershipsTestsAreStoredAndJudgeProficiency() async throws {
        let store = try SQLiteStore()
        let folder = try Self.folder()
        defer { folder.delete() }
        let before = try await ImportService(store: store).load(district: "TEST", folder: folder.path, loadedBy: "test")
        #expect(before.loaded)
        #expect(before.warnings.kept.map(\.description) == [Self.unknownTestWarning])

        let service = ComputeService(store: store)
        try await service.replaceDefinitions(
            indicators: [(Data(Self.definitions.utf8), "staar.json")],
            tests: [(Data(Self.catalog.utf8), "staar-tests.json")]
        )
        #expect(try await service.partnershipCatalog()["STAAR"]?.levels[3] == "Meets")
        let library = try await service.partnershipLibrary()
        #expect(library.version.hasPrefix("mou-3+staar-1+tests-"), "the catalog is part of the definitions' version")
        try await service.run(library: library)
        #expect(try await service.isStale(definitionVersion: library.version) == false)

        let out = FileManager.default.temporaryDirectory.appendingPathComponent("staar-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        try await ExportService(store: store).exportIndicators(to: out, audience: .ownDistrict)
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").filter {
            $0.hasPrefix("staar_math_prof,") && $0.contains(",,ALL,")
        }
        #expect(rows == ["staar_math_prof,2010,TEST,,ALL,1,1,1.0000,N", "staar_math_prof,2011,TEST,,ALL,0,1,0.0000,N"])

        // Once the partnership describes the test, a load no longer warns about it.
        let after = try await ImportService(store: store).load(district: "TEST", folder: folder.path, loadedBy: "test")
        #expect(after.loaded)
        #expect(after.warnings.kept.isEmpty)
    }

    @Test func resultsOutsideTheirTestAreLocatedErrors() async throws {
        var folder = try Self.folder()
        defer { folder.delete() }
        try folder.appendLine("assessments.csv", "TEST,S3,2011,CST,ELA,11,SPRING,2011-05-04,650,6,")
        let store = try SQLiteStore()
        let service = ComputeService(store: store)
        try await service.replaceDefinitions(indicators: [], tests: [(Data(Self.catalog.utf8), "staar-tests.json")])
        try folder.replaceLine("assessments.csv", 6, with: "TEST,S2,2010,STAAR,MATH,6,SPRING,2010-04-20,2500,3,")
        let report = try await ImportService(store: store).load(district: "TEST", folder: folder.path, loadedBy: "test")
        #expect(!report.loaded)
        #expect(
            report.errors.kept.map(\.description) == [
                "assessments.csv:6: scale_score: 2500 is outside STAAR's scale, 1000–2000 (the test catalog)",
                "assessments.csv:8: scale_score: 650 is outside CST's scale, 150–600 (the test catalog)",
                "assessments.csv:8: performance_level: 6 is not a level of CST (1–5 in the test catalog)",
            ]
        )
    }

    @Test func theCommandLineKeepsDropsAndRefusesTestFiles() async throws {
        let database = TemporaryDatabase()
        defer { database.delete() }
        let folder = try Self.folder()
        defer { folder.delete() }
        let tests = database.path + ".tests.json"
        let definitions = database.path + ".indicators.json"
        defer { for file in [tests, definitions] { try? FileManager.default.removeItem(atPath: file) } }
        try Data(Self.definitions.utf8).write(to: URL(fileURLWithPath: definitions))

        // A bad catalog is refused before a database is created.
        try Data(Self.catalog.replacingOccurrences(of: "\"min\": 1000", with: "\"min\": \"low\"").utf8).write(to: URL(fileURLWithPath: tests))
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path, "--tests", tests]) == 1)
        #expect(!FileManager.default.fileExists(atPath: database.path))
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path, "--tests", tests, "--built-in-only"]) == 2)

        try Data(Self.catalog.utf8).write(to: URL(fileURLWithPath: tests))
        #expect(await TandemCommand.run(arguments: ["import", "--db", database.path, "--district", "TEST", folder.path]) == 0)
        // The definitions alone name a test the stored catalog does not hold: refused, nothing stored.
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path, "--indicators", definitions]) == 1)
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path, "--indicators", definitions, "--tests", tests]) == 0)
        // Both are remembered by a later computation, each replaced only when given again.
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path]) == 0)
        var service = ComputeService(store: try SQLiteStore(path: database.path))
        #expect(try await service.latestComputation()?.definitionVersion.hasPrefix("mou-3+staar-1+tests-") == true)
        #expect(try await service.testFiles().map(\.file) == [(tests as NSString).lastPathComponent])
        #expect(await TandemCommand.run(arguments: ["compute", "--db", database.path, "--built-in-only"]) == 0)
        service = ComputeService(store: try SQLiteStore(path: database.path))
        #expect(try await service.testFiles().isEmpty)
        #expect(try await service.latestComputation()?.definitionVersion == "mou-3")
    }
}
