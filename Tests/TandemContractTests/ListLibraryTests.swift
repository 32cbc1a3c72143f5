import Foundation
import TandemContract
import TandemDomain
import Testing

/// Lists as data: the built-in library reads whole, a district's parameters go into its lists only, and
/// every bad file is refused naming the file, the list (or district) and the field.
@Suite struct ListLibraryTests {
    @Test func theBuiltInLibraryHoldsTheFiveListsOfTheSpec() throws {
        let templates = try ListLibraryFile.builtIn()
        #expect(templates.version == "lists-1")
        #expect(templates.ids == ["algebra_placement_pool", "proficient_but_failing", "ag_off_track", "ltel_and_at_risk", "rfep_monitoring"])
        let library = try templates.library(districts: ["FUSD"], parameters: ListParameters())
        let lists = try #require(library.lists["FUSD"])
        #expect(
            lists[0]
                == ListDefinition(
                    id: "algebra_placement_pool",
                    name: "Algebra placement pool",
                    description:
                        "Grade-7 students in the top half of CST Basic in mathematics, not yet placed in Algebra 1 for grade 8 (Fresno's 2009 placement policy).",
                    enrollment: RecordFilter(["grade": .integers(7...7)]),
                    criteria: [
                        .has(
                            .assessments,
                            RecordFilter(["test": .oneOf(["CST"]), "subject": .oneOf(["MATH"]), "scale_score": .numbers(min: 325, max: 349)]),
                            years: 0...0
                        ),
                        .lacks(.courses, RecordFilter(["course_code": .oneOf(["ALG1"])]), years: 0...1),
                    ]
                )
        )
        #expect(lists[1].criteria.last == .gpa(min: nil, below: 2.0))
        #expect(lists[2].criteria == [.agBehindPace])
        #expect(lists[3].criteria == [.yearsAsEL(4...99)])
        #expect(lists[4].enrollment == RecordFilter(["el_status": .oneOf(["RFEP"])]))
        #expect(lists[4].criteria.first == .yearsSinceReclassification(0...3))
    }

    static let parameters = """
        { "format": "tandem-list-parameters", "format_version": 1,
          "districts": { "FUSD": { "algebra_placement_pool": { "low": 320 }, "proficient_but_failing": { "tests": ["CST", "CAASPP"] } } } }
        """

    @Test func aDistrictsParametersGoIntoItsListsOnly() throws {
        let parameters = try ListLibraryFile.readParameters(Data(Self.parameters.utf8), file: "parameters.json")
        let library = try ListLibraryFile.builtIn().library(districts: ["FUSD", "LBUSD"], parameters: parameters)
        func scoreBand(_ district: String) -> FieldCondition? {
            guard case .has(_, let filter, _)? = library.lists[district]?.first?.criteria.first else { return nil }
            return filter.conditions["scale_score"]
        }
        #expect(scoreBand("FUSD") == .numbers(min: 320, max: 349))
        #expect(scoreBand("LBUSD") == .numbers(min: 325, max: 349))
        guard case .has(_, let filter, _)? = library.lists["FUSD"]?[1].criteria.first else {
            Issue.record("proficient_but_failing starts with a has")
            return
        }
        #expect(filter.conditions["test"] == .oneOf(["CST", "CAASPP"]))
    }

    /// The message a file's or a parameter file's problem gives.
    func problem(lists: String? = nil, parameters: String? = nil) -> String? {
        do {
            let templates = try lists.map { try ListLibraryFile.read(Data($0.utf8), file: "lists.json") } ?? ListLibraryFile.builtIn()
            let values = try parameters.map { try ListLibraryFile.readParameters(Data($0.utf8), file: "parameters.json") } ?? ListParameters()
            _ = try templates.library(districts: ["FUSD"], parameters: values)
            return nil
        } catch let problem as DefinitionFileProblem {
            return problem.description
        } catch {
            return "\(error)"
        }
    }

    static func file(_ list: String) -> String {
        #"{ "format": "tandem-lists", "format_version": 1, "version": "x-1", "lists": [ "# + list + " ] }"
    }

    @Test func badListsAreRefusedNamingTheListAndTheField() {
        #expect(problem(lists: #"{ "format": "tandem-indicators", "format_version": 1 }"#) == #"lists.json: format: must be "tandem-lists""#)
        #expect(
            problem(lists: Self.file(#"{ "id": "x", "name": "X", "all": [ { "has": { "records": "courses", "where": { "colour": ["red"] } } } ] }"#))
                == "lists.json: list x: all[0].has.where.colour: courses have no field colour (fields: ag_area, course_code, grade_level, is_ap, is_honors, mark, school_code, term)"
        )
        #expect(
            problem(lists: Self.file(#"{ "id": "x", "name": "X", "all": [ { "gpa": { "below": "$limit" } } ] }"#))
                == "lists.json: list x: all: uses $limit, which is not one of the list's parameters"
        )
        #expect(
            problem(lists: Self.file(#"{ "id": "x", "name": "X", "all": [ { "gpa": { "min": 2, "below": 2 } } ] }"#))
                == "lists.json: list x: all[0].gpa: min must be below below"
        )
        #expect(
            problem(lists: Self.file(#"{ "id": "x", "name": "X", "all": [ { "any": [ { "sometimes": true } ] } ] }"#))
                == "lists.json: list x: all[0].any[0]: must hold exactly one of has, lacks, gpa, years_as_el, years_since_reclassification, a_g_behind_pace, any"
        )
        #expect(
            problem(lists: Self.file(#"{ "id": "x", "name": "X", "all": [] }"#)) == "lists.json: list x: all: must be a list of one or more criteria"
        )
        #expect(
            problem(lists: Self.file(#"{ "id": "x", "name": "X", "colour": "red", "all": [ { "a_g_behind_pace": true } ] }"#))
                == "lists.json: list x: colour: is not a field of a list (id, name, description, parameters, enrollment, all)"
        )
    }

    @Test func badParametersAreRefusedNamingTheDistrictListAndParameter() {
        func parameters(_ lists: String) -> String {
            #"{ "format": "tandem-list-parameters", "format_version": 1, "districts": { "FUSD": "# + lists + " } }"
        }
        #expect(
            problem(parameters: parameters(#"{ "algebra_pool": { "low": 320 } }"#))
                == "parameters.json: districts.FUSD.algebra_pool: there is no list algebra_pool"
        )
        #expect(
            problem(parameters: parameters(#"{ "algebra_placement_pool": { "lowest": 320 } }"#))
                == "parameters.json: districts.FUSD.algebra_placement_pool.lowest: algebra_placement_pool has no parameter lowest (its parameters: algebra_courses, high, low)"
        )
        #expect(
            problem(parameters: parameters(#"{ "algebra_placement_pool": { "low": "320" } }"#))
                == "parameters.json: districts.FUSD.algebra_placement_pool.low: must be a number"
        )
        #expect(
            problem(parameters: parameters(#"{ "ltel_and_at_risk": { "at_risk_from": 4.5 } }"#))
                == "parameters.json: FUSD list ltel_and_at_risk: all[0].years_as_el: must be {\"min\": whole years, \"max\": whole years} (either may be left out)"
        )
    }
}
