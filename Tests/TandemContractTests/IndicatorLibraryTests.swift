import Foundation
import Testing
import TandemContract
import TandemDomain

/// The indicator definition format: the built-in MOU library, and clear errors for bad files.
struct IndicatorLibraryTests {
    @Test func builtInLibraryHoldsEveryMOUIndicator() throws {
        let library = try IndicatorLibraryFile.builtIn()
        #expect(library.version == "mou-3")
        let expected = ["ela_prof_g3", "ela_prof_g4", "ela_prof_g5", "ela_prof_g6", "ela_prof_g7", "ela_prof_g8", "ela_prof_g11",
                        "math_prof_g3", "math_prof_g4", "math_prof_g5", "math_prof_g6", "math_prof_g7", "math_prof_g8",
                        "alg1_g8_participation", "alg1_g8_proficiency", "cahsee_math_first_pass", "grad_rate_4yr", "ag_completion",
                        "ap_participation", "ap_pass", "sat_act_participation", "el_reclassified", "el_annual_progress", "ltel_share",
                        "ela_dfs", "math_dfs", "ela_dfs_g11", "math_dfs_g11"]
        #expect(library.indicators.map(\.id) == expected)
        #expect(library.indicators.filter { $0.measure == .points }.map(\.id) == ["ela_dfs", "math_dfs", "ela_dfs_g11", "math_dfs_g11"])
        let grade5 = try #require(library.indicators.first { $0.id == "math_prof_g5" })
        #expect(grade5.grade == 5)
        #expect(grade5.name == "Grade 5 math proficiency")
        #expect(grade5.population.filter.conditions["grade_tested"] == .integers(5...5))
        #expect(grade5.cohort != nil)
        let reclassified = try #require(library.indicators.first { $0.id == "el_reclassified" })
        #expect(reclassified.population.valueYear == .nextYear)
        #expect(reclassified.groupsFrom == .recordYear)
        #expect(reclassified.population.requiresEnrollmentInValueYear)
        let completion = try #require(library.indicators.first { $0.id == "ag_completion" })
        guard case .agComplete(let rule) = completion.numerator else { Issue.record("ag_completion's numerator"); return }
        #expect(rule.years == [.history: 2, .english: 4, .mathematics: 3, .laboratoryScience: 2, .languageOtherThanEnglish: 2,
                               .visualPerformingArts: 1, .collegePrepElective: 1])
        #expect(!rule.passingMarks.contains(.cMinus) && rule.passingMarks.contains(.c))
    }

    /// A file holding one indicator whose `body` fields are spliced in.
    private func file(_ body: String, id: String = "extra_one", header: String = #""version": "x-1","#) -> Data {
        Data("""
            { "format": "tandem-indicators", "format_version": 1, \(header)
              "indicators": [ { "id": "\(id)", "name": "Extra", \(body) } ] }
            """.utf8)
    }

    private func problem(_ data: Data) -> String? {
        do {
            _ = try IndicatorLibraryFile.read(data, file: "extra.json")
            return nil
        } catch {
            return "\(error)"
        }
    }

    private let population = #""population": { "records": "assessments", "where": { "test": ["CST"] } }"#

    @Test func goodFileReads() throws {
        let library = try IndicatorLibraryFile.read(file(population + #", "numerator": { "where": { "performance_level": { "min": 5 } } }"#), file: "extra.json")
        #expect(library.indicators.count == 1)
        #expect(library.indicators[0].numerator == .recordMatches(RecordFilter(["performance_level": .numbers(min: 5, max: nil)])))
    }

    @Test(arguments: [
        (#""population": { "records": "assessments", "where": { "colour": ["red"] } }, "numerator": { "where": {} }"#,
         "extra.json: indicator extra_one: population.where.colour: assessments have no field colour (fields: administration, first_attempt, grade_tested, performance_level, proficient, scale_score, subject, test)"),
        (#""population": { "records": "grades" }, "numerator": { "where": {} }"#,
         "extra.json: indicator extra_one: population.records: must be one of enrollments, assessments, courses, outcomes"),
        (#""population": { "records": "assessments", "where": { "grade_tested": "13" } }, "numerator": { "where": {} }"#,
         "extra.json: indicator extra_one: population.where.grade_tested: 13 is not a grade (TK, K, 1…12)"),
        (#""population": { "records": "assessments", "where": { "first_attempt": "yes" } }, "numerator": { "where": {} }"#,
         "extra.json: indicator extra_one: population.where.first_attempt: must be true or false"),
        (#""population": { "records": "enrollments", "where": { "group": ["ELL"] } }, "numerator": { "where": {} }"#,
         "extra.json: indicator extra_one: population.where.group: \"ELL\" is not a student group"),
        (#""population": { "records": "assessments" }"#,
         "extra.json: indicator extra_one: numerator: is required"),
        (#""population": { "records": "assessments" }, "numerator": { "where": {}, "exists": {} }"#,
         "extra.json: indicator extra_one: numerator: must hold exactly one of where, value_year_enrollment, exists, level_gain, a_g_complete, distance_from_standard"),
        (#""population": { "records": "assessments" }, "numerator": { "level_gain": { "at_least": 1 } }"#,
         "extra.json: indicator extra_one: numerator.level_gain: needs assessments records and population.require result_in_previous_year"),
        (#""population": { "records": "outcomes" }, "numerator": { "distance_from_standard": true }"#,
         "extra.json: indicator extra_one: numerator.distance_from_standard: needs assessments records (and no result_in_previous_year)"),
        (#""population": { "records": "assessments" }, "numerator": { "distance_from_standard": 1 }"#,
         "extra.json: indicator extra_one: numerator.distance_from_standard: must be true"),
        (#""population": { "records": "enrollments" }, "numerator": { "where": {} }, "cohort": { "where": {} }"#,
         "extra.json: indicator extra_one: cohort: only a grade-based indicator (with grades) can be followed as a cohort"),
        (#""population": { "records": "enrollments" }, "numerator": { "where": {} }, "groups_from": "school""#,
         "extra.json: indicator extra_one: groups_from: must be value_year, record_year or latest_through_value_year"),
        (#""population": { "records": "outcomes" }, "numerator": { "where": {} }, "colour": 1"#,
         "extra.json: indicator extra_one: colour: is not a field of an indicator"),
    ])
    func badDefinitionsNameFileIndicatorAndField(body: String, message: String) {
        #expect(problem(file(body)) == message)
    }

    @Test func badFileLevelFields() {
        #expect(problem(file(population + #", "numerator": { "where": {} }"#, header: "")) ==
                "extra.json: version: a version string is required (stamped on every value)")
        #expect(problem(Data("[1]".utf8)) == "extra.json: (file): not a JSON object")
        #expect(problem(file(population + #", "numerator": { "where": {} }"#, id: "x_{grade}")) ==
                "extra.json: indicator x_{grade}: grades: the id contains {grade}, so grades must be listed")
        let twice = Data("""
            { "format": "tandem-indicators", "format_version": 1, "version": "x",
              "indicators": [ { "id": "a", "name": "A", \(population), "numerator": { "where": {} } },
                              { "id": "a", "name": "A", \(population), "numerator": { "where": {} } } ] }
            """.utf8)
        #expect(problem(twice) == "extra.json: indicator a: id: appears twice")
    }

    @Test func gradeFamiliesExpand() throws {
        let library = try IndicatorLibraryFile.read(file(#"""
            "grades": ["TK", "K", 1], "population": { "records": "enrollments", "where": { "grade": "{grade}" } }, "numerator": { "where": {} }
            """#, id: "enrolled_g{grade}"), file: "extra.json")
        #expect(library.indicators.map(\.id) == ["enrolled_gTK", "enrolled_gKN", "enrolled_g1"])
        #expect(library.indicators[0].population.filter.conditions["grade"] == .integers(-1...(-1)))
    }
}
