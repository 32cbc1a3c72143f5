import Foundation
import TandemContract
import TandemDomain
import Testing

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
        // The Level 3 minimums of california-rules.md §2, for distance from standard.
        #expect(catalog["CAASPP"]?.standardMet["ELA"] == [3: 2432, 4: 2473, 5: 2502, 6: 2531, 7: 2552, 8: 2567, 11: 2583])
        #expect(catalog["CAASPP"]?.standardMet["MATH"] == [3: 2436, 4: 2485, 5: 2528, 6: 2552, 7: 2567, 8: 2586, 11: 2628])
        #expect(catalog["CST"]?.standardMet.isEmpty == true)
    }

    /// Every test the built-in definitions name is in the built-in catalog, so the built-in library never
    /// has a series that is empty for want of a test description.
    @Test func theBuiltInDefinitionsNameOnlyCatalogTests() throws {
        let catalog = try TestCatalogFile.builtIn()
        let named = try IndicatorLibraryFile.builtIn().indicators.flatMap(\.testsNamed)
        #expect(Set(named.map(\.test)).isSuperset(of: ["CST", "CAASPP", "CAHSEE", "CELDT", "ELPAC", "AP", "SAT", "ACT"]))
        #expect(Set(named.map(\.field)).isSuperset(of: ["population.where.test", "numerator.exists.where.test"]))
        #expect(named.filter { catalog[$0.test] == nil }.isEmpty)
    }

    @Test func aPartnershipAddsItsOwnTest() throws {
        let local = try TestCatalogFile.read(
            Data(
                """
                { "version": 1, "tests": [ { "id": "BENCH-MATH", "name": "Quarterly math benchmark",
                  "levels": { "1": "Far below", "2": "Below", "3": "At", "4": "Above" }, "proficient": { "level_at_least": 3 } } ] }
                """.utf8
            ),
            file: "local.json"
        )
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
        #expect(
            problem(#"{ "version": 1, "tests": [ { "id": "X", "name": "X", "proficient": { "level_at_least": "4" } } ] }"#)
                == "catalog.json: test X: proficient.level_at_least: must be a whole number"
        )
        #expect(
            problem(#"{ "version": 1, "tests": [ { "id": "X", "name": "X", "levels": { "1": "a" }, "proficient": { "level_at_least": 4 } } ] }"#)
                == "catalog.json: test X: proficient.level_at_least: 4 is not one of the test's levels"
        )
        #expect(
            problem(#"{ "version": 1, "tests": [ { "id": "X", "name": "X", "proficient": {} } ] }"#)
                == "catalog.json: test X: proficient: must hold exactly one of level_at_least, scale_score_at_least, participation_only"
        )
        #expect(
            problem(
                #"{ "version": 1, "tests": [ { "id": "X", "name": "X", "proficient": { "participation_only": true } }, { "id": "x", "name": "Y", "proficient": { "participation_only": true } } ] }"#
            )
                == "catalog.json: test x: id: appears twice"
        )
        #expect(
            problem(#"{ "version": 1, "tests": [ { "name": "Y", "proficient": { "participation_only": true } } ] }"#)
                == "catalog.json: test #1: id: a non-empty id is required"
        )
        #expect(
            problem(
                #"{ "version": 1, "tests": [ { "id": "X", "name": "X", "proficient": { "participation_only": true }, "standard_met": [2432] } ] }"#
            )
                == #"catalog.json: test X: standard_met: must map subjects to grades to a scale score ({"ELA": {"3": 2432}})"#
        )
        #expect(
            problem(
                #"{ "version": 1, "tests": [ { "id": "X", "name": "X", "proficient": { "participation_only": true }, "standard_met": { "ELA": { "13": 2432 } } } ] }"#
            )
                == #"catalog.json: test X: standard_met.ELA: "13" is not a grade"#
        )
        #expect(
            problem(
                #"{ "version": 1, "tests": [ { "id": "X", "name": "X", "proficient": { "participation_only": true }, "standard_met": { "ELA": { "3": "2432" } } } ] }"#
            )
                == "catalog.json: test X: standard_met.ELA.3: must be a scale score"
        )
        #expect(
            problem(
                #"{ "version": 1, "tests": [ { "id": "X", "name": "X", "proficient": { "participation_only": true }, "scale": { "min": 600, "max": 150 } } ] }"#
            )
                == "catalog.json: test X: scale: must be {\"min\": lowest, \"max\": highest} scale score"
        )
    }

    /// Whole definitions, as the built-in file says them.
    @Test func builtInDefinitionsReadWhole() throws {
        let catalog = try TestCatalogFile.builtIn()
        #expect(
            catalog["CST"]
                == TestDefinition(
                    id: "CST",
                    name: "California Standards Test",
                    levels: [1: "Far Below Basic", 2: "Below Basic", 3: "Basic", 4: "Proficient", 5: "Advanced"],
                    proficiency: .levelAtLeast(4),
                    scale: 150...600
                )
        )
        #expect(
            catalog["CAHSEE"]
                == TestDefinition(
                    id: "CAHSEE",
                    name: "California High School Exit Examination",
                    proficiency: .scaleScoreAtLeast(350),
                    scale: 275...450
                )
        )
        #expect(catalog["ACT"] == TestDefinition(id: "ACT", name: "ACT", proficiency: .participationOnly))
        #expect(catalog["ELPAC"]?.levels.count == 4)
        #expect(catalog["CAASPP"]?.standardMet.keys.sorted() == ["ELA", "MATH"])
    }

    @Test func decodingProblemsNameTheField() {
        func problem(_ json: String) -> String {
            do {
                _ = try TestCatalogFile.read(Data(json.utf8), file: "catalog.json")
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        func test(_ fields: String) -> String { #"{ "version": 1, "tests": [ { "id": "X", \#(fields) } ] }"# }
        #expect(problem("[]") == "catalog.json: (file): not a JSON object")
        #expect(problem(#"{ "version": "1", "tests": [] }"#) == "catalog.json: version: must be 1")
        #expect(problem(#"{ "version": 1 }"#) == "catalog.json: tests: must be a list of tests")
        #expect(problem(#"{ "version": 1, "tests": [1] }"#) == "catalog.json: tests: must be a list of tests")
        #expect(problem(test(#""proficient": { "participation_only": true }"#)) == "catalog.json: test X: name: a name is required")
        #expect(
            problem(test(#""name": "X""#))
                == "catalog.json: test X: proficient: must hold exactly one of level_at_least, scale_score_at_least, participation_only"
        )
        #expect(
            problem(test(#""name": "X", "proficient": { "level_at_least": 4.5 }"#))
                == "catalog.json: test X: proficient.level_at_least: must be a whole number"
        )
        #expect(
            problem(test(#""name": "X", "proficient": { "scale_score_at_least": true }"#))
                == "catalog.json: test X: proficient.scale_score_at_least: must be a number"
        )
        #expect(
            problem(test(#""name": "X", "proficient": { "participation_only": false }"#))
                == "catalog.json: test X: proficient.participation_only: must be true"
        )
        #expect(problem(test(#""name": "X", "proficient": { "best": 1 }"#)) == "catalog.json: test X: proficient.best: unknown rule")
        #expect(
            problem(test(#""name": "X", "levels": { "one": "a" }, "proficient": { "level_at_least": 1 }"#))
                == #"catalog.json: test X: levels: "one" is not a level number"#
        )
        #expect(
            problem(test(#""name": "X", "levels": { "1": 1 }, "proficient": { "level_at_least": 1 }"#))
                == "catalog.json: test X: levels.1: must map level numbers to names"
        )
        // Notes are for people; the reader leaves them alone.
        #expect(problem(test(#""name": "X", "proficient": { "scale_score_at_least": 350.5 }, "notes": "why""#)) == "accepted")
    }
}
