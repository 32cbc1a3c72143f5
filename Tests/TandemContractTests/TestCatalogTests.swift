import Foundation
import Testing
import TandemContract
import TandemDomain

@Suite struct TestCatalogTests {
    @Test func builtInCatalogIsTheContractsTable() throws {
        let catalog = try TestCatalogFile.builtIn()
        #expect(Set(catalog.tests.keys) == ["CST", "CAASPP", "CAHSEE", "CELDT", "ELPAC", "AP", "SAT", "ACT"])
        #expect(catalog["cst"]?.isProficient(level: 4, scaleScore: nil) == true)
        #expect(catalog["CST"]?.isProficient(level: 3, scaleScore: 349) == false)
        #expect(catalog["CST"]?.levels[5] == "Advanced")
        #expect(catalog["CAASPP"]?.isProficient(level: 3, scaleScore: nil) == true)
        #expect(catalog["CAHSEE"]?.isProficient(level: nil, scaleScore: 350) == true)
        #expect(catalog["CAHSEE"]?.isProficient(level: nil, scaleScore: 349) == false)
        #expect(catalog["CELDT"]?.isProficient(level: 3, scaleScore: nil) == false)
        #expect(catalog["ELPAC"]?.isProficient(level: 4, scaleScore: nil) == true)
        #expect(catalog["AP"]?.isProficient(level: 3, scaleScore: nil) == true)
        #expect(catalog["SAT"]?.isProficient(level: nil, scaleScore: 1800) == nil)
    }

    @Test func aPartnershipAddsItsOwnTest() throws {
        let local = try TestCatalogFile.read(Data("""
            { "version": 1, "tests": [ { "id": "BENCH-MATH", "name": "Quarterly math benchmark",
              "levels": { "1": "Far below", "2": "Below", "3": "At", "4": "Above" }, "proficient": { "level_at_least": 3 } } ] }
            """.utf8), file: "local.json")
        let catalog = try TestCatalogFile.builtIn().merging(local)
        #expect(catalog["BENCH-MATH"]?.isProficient(level: 3, scaleScore: nil) == true)
        #expect(catalog["CST"] != nil)
    }

    @Test func badDefinitionsNameTheFileTheTestAndTheField() {
        func problem(_ json: String) -> String {
            do {
                _ = try TestCatalogFile.read(Data(json.utf8), file: "catalog.json")
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(problem(#"{ "version": 2, "tests": [] }"#) == "catalog.json: version: must be 1")
        #expect(problem(#"{ "version": 1, "tests": [ { "id": "X", "name": "X", "proficient": { "level_at_least": "4" } } ] }"#)
                == "catalog.json: test X: proficient.level_at_least: must be a whole number")
        #expect(problem(#"{ "version": 1, "tests": [ { "id": "X", "name": "X", "levels": { "1": "a" }, "proficient": { "level_at_least": 4 } } ] }"#)
                == "catalog.json: test X: proficient.level_at_least: 4 is not one of the test's levels")
        #expect(problem(#"{ "version": 1, "tests": [ { "id": "X", "name": "X", "proficient": {} } ] }"#)
                == "catalog.json: test X: proficient: must hold exactly one of level_at_least, scale_score_at_least, participation_only")
        #expect(problem(#"{ "version": 1, "tests": [ { "id": "X", "name": "X", "proficient": { "participation_only": true } }, { "id": "x", "name": "Y", "proficient": { "participation_only": true } } ] }"#)
                == "catalog.json: test x: id: appears twice")
        #expect(problem(#"{ "version": 1, "tests": [ { "name": "Y", "proficient": { "participation_only": true } } ] }"#)
                == "catalog.json: test #1: id: a non-empty id is required")
    }
}
