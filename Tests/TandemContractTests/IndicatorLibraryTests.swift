import Foundation
import TandemContract
import TandemDomain
import Testing

/// The indicator definition format: the built-in MOU library, and clear errors for bad files.
struct IndicatorLibraryTests {
    @Test func builtInLibraryHoldsEveryMOUIndicator() throws {
        let library = try IndicatorLibraryFile.builtIn()
        #expect(library.version == "mou-3")
        let expected = [
            "ela_prof_g3", "ela_prof_g4", "ela_prof_g5", "ela_prof_g6", "ela_prof_g7", "ela_prof_g8", "ela_prof_g11",
            "math_prof_g3", "math_prof_g4", "math_prof_g5", "math_prof_g6", "math_prof_g7", "math_prof_g8",
            "alg1_g8_participation", "alg1_g8_proficiency", "cahsee_math_first_pass", "grad_rate_4yr", "ag_completion",
            "ap_participation", "ap_pass", "sat_act_participation", "el_reclassified", "el_annual_progress", "ltel_share",
            "ela_dfs", "math_dfs", "ela_dfs_g11", "math_dfs_g11",
        ]
        #expect(library.indicators.map(\.id) == expected)
        #expect(library.indicators.filter { $0.measure == .points }.map(\.id) == ["ela_dfs", "math_dfs", "ela_dfs_g11", "math_dfs_g11"])
        // The files each value needs, which a page names when a district has no value.
        let reads = Dictionary(uniqueKeysWithValues: library.indicators.map { ($0.id, $0.reads) })
        #expect(reads["ap_participation"] == [.enrollments, .courses])
        #expect(reads["sat_act_participation"] == [.enrollments, .assessments])
        #expect(reads["ag_completion"] == [.outcomes, .courses])
        #expect(reads["el_annual_progress"] == [.assessments, .enrollments])
        #expect(reads["math_prof_g5"] == [.assessments])
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
        guard case .agComplete(let rule) = completion.numerator else {
            Issue.record("ag_completion's numerator")
            return
        }
        #expect(
            rule.years == [
                .history: 2, .english: 4, .mathematics: 3, .laboratoryScience: 2, .languageOtherThanEnglish: 2,
                .visualPerformingArts: 1, .collegePrepElective: 1,
            ]
        )
        #expect(!rule.passingMarks.contains(.cMinus) && rule.passingMarks.contains(.c))
    }

    /// A file holding one indicator whose `body` fields are spliced in.
    private func file(_ body: String, id: String = "extra_one", header: String = #""version": "x-1","#) -> Data {
        Data(
            """
            { "format": "tandem-indicators", "format_version": 1, \(header)
              "indicators": [ { "id": "\(id)", "name": "Extra", \(body) } ] }
            """.utf8
        )
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
        let library = try IndicatorLibraryFile.read(
            file(population + #", "numerator": { "where": { "performance_level": { "min": 5 } } }"#),
            file: "extra.json"
        )
        #expect(library.indicators.count == 1)
        #expect(library.indicators[0].numerator == .recordMatches(RecordFilter(["performance_level": .numbers(min: 5, max: nil)])))
    }

    @Test(arguments: [
        (
            #""population": { "records": "assessments", "where": { "colour": ["red"] } }, "numerator": { "where": {} }"#,
            "extra.json: indicator extra_one: population.where.colour: assessments have no field colour (fields: administration, first_attempt, grade_tested, performance_level, proficient, scale_score, subject, test)"
        ),
        (
            #""population": { "records": "grades" }, "numerator": { "where": {} }"#,
            "extra.json: indicator extra_one: population.records: must be one of enrollments, assessments, courses, outcomes"
        ),
        (
            #""population": { "records": "assessments", "where": { "grade_tested": "13" } }, "numerator": { "where": {} }"#,
            "extra.json: indicator extra_one: population.where.grade_tested: 13 is not a grade (TK, K, 1…12)"
        ),
        (
            #""population": { "records": "assessments", "where": { "first_attempt": "yes" } }, "numerator": { "where": {} }"#,
            "extra.json: indicator extra_one: population.where.first_attempt: must be true or false"
        ),
        (
            #""population": { "records": "enrollments", "where": { "group": ["ELL"] } }, "numerator": { "where": {} }"#,
            "extra.json: indicator extra_one: population.where.group: \"ELL\" is not a student group"
        ),
        (
            #""population": { "records": "assessments" }"#,
            "extra.json: indicator extra_one: numerator: is required"
        ),
        (
            #""population": { "records": "assessments" }, "numerator": { "where": {}, "exists": {} }"#,
            "extra.json: indicator extra_one: numerator: must hold exactly one of where, value_year_enrollment, exists, level_gain, a_g_complete, distance_from_standard"
        ),
        (
            #""population": { "records": "assessments" }, "numerator": { "level_gain": { "at_least": 1 } }"#,
            "extra.json: indicator extra_one: numerator.level_gain: needs assessments records and population.require result_in_previous_year"
        ),
        (
            #""population": { "records": "outcomes" }, "numerator": { "distance_from_standard": true }"#,
            "extra.json: indicator extra_one: numerator.distance_from_standard: needs assessments records (and no result_in_previous_year)"
        ),
        (
            #""population": { "records": "assessments" }, "numerator": { "distance_from_standard": 1 }"#,
            "extra.json: indicator extra_one: numerator.distance_from_standard: must be true"
        ),
        (
            #""population": { "records": "enrollments" }, "numerator": { "where": {} }, "cohort": { "where": {} }"#,
            "extra.json: indicator extra_one: cohort: only a grade-based indicator (with grades) can be followed as a cohort"
        ),
        (
            #""population": { "records": "enrollments" }, "numerator": { "where": {} }, "groups_from": "school""#,
            "extra.json: indicator extra_one: groups_from: must be value_year, record_year or latest_through_value_year"
        ),
        (
            #""population": { "records": "outcomes" }, "numerator": { "where": {} }, "colour": 1"#,
            "extra.json: indicator extra_one: colour: is not a field of an indicator"
        ),
    ])
    func badDefinitionsNameFileIndicatorAndField(body: String, message: String) {
        #expect(problem(file(body)) == message)
    }

    @Test func badFileLevelFields() {
        #expect(
            problem(file(population + #", "numerator": { "where": {} }"#, header: ""))
                == "extra.json: version: a version string is required (stamped on every value)"
        )
        #expect(problem(Data("[1]".utf8)) == "extra.json: (file): not a JSON object")
        #expect(
            problem(file(population + #", "numerator": { "where": {} }"#, id: "x_{grade}"))
                == "extra.json: indicator x_{grade}: grades: the id contains {grade}, so grades must be listed"
        )
        let twice = Data(
            """
            { "format": "tandem-indicators", "format_version": 1, "version": "x",
              "indicators": [ { "id": "a", "name": "A", \(population), "numerator": { "where": {} } },
                              { "id": "a", "name": "A", \(population), "numerator": { "where": {} } } ] }
            """.utf8
        )
        #expect(problem(twice) == "extra.json: indicator a: id: appears twice")
    }

    @Test func gradeFamiliesExpand() throws {
        let library = try IndicatorLibraryFile.read(
            file(
                #"""
                "grades": ["TK", "K", 1], "population": { "records": "enrollments", "where": { "grade": "{grade}" } }, "numerator": { "where": {} }
                """#,
                id: "enrolled_g{grade}"
            ),
            file: "extra.json"
        )
        #expect(library.indicators.map(\.id) == ["enrolled_gTK", "enrolled_gKN", "enrolled_g1"])
        #expect(library.indicators[0].population.filter.conditions["grade"] == .integers(-1...(-1)))
    }

    /// Whole definitions, every field, as the built-in file says them: a change in how the file is read
    /// (the reader moved from `JSONSerialization` to `Codable`) must not change what is computed.
    @Test func builtInDefinitionsReadWhole() throws {
        let library = try IndicatorLibraryFile.builtIn()
        #expect(library.name == "Learning Partnership common indicators (MOU library, version 1)")
        func definition(_ id: String) throws -> IndicatorDefinition { try #require(library.indicators.first { $0.id == id }) }
        let cstOrCaaspp = FieldCondition.oneOf(["CST", "CAASPP"])
        #expect(
            try definition("ela_prof_g3")
                == IndicatorDefinition(
                    id: "ela_prof_g3",
                    name: "Grade 3 ELA proficiency",
                    grade: 3,
                    population: Population(
                        records: .assessments,
                        filter: RecordFilter(["test": cstOrCaaspp, "subject": .oneOf(["ELA"]), "grade_tested": .integers(3...3)])
                    ),
                    numerator: .recordMatches(RecordFilter(["proficient": .flag(true)])),
                    cohort: CohortRule(filter: RecordFilter(["test": cstOrCaaspp, "subject": .oneOf(["ELA"])]))
                )
        )
        #expect(
            try definition("grad_rate_4yr")
                == IndicatorDefinition(
                    id: "grad_rate_4yr",
                    name: "Four-year adjusted cohort graduation rate",
                    population: Population(
                        records: .outcomes,
                        filter: RecordFilter(["outcome": .oneOf(["GRAD", "OTHER_COMPLETER", "GED", "DROPOUT", "CONTINUING"])])
                    ),
                    numerator: .recordMatches(RecordFilter(["outcome": .oneOf(["GRAD"])])),
                    groupsFrom: .latestThroughValueYear
                )
        )
        #expect(
            try definition("sat_act_participation")
                == IndicatorDefinition(
                    id: "sat_act_participation",
                    name: "Grade 12 students with an SAT or ACT result in grade 11 or 12",
                    population: Population(records: .enrollments, filter: RecordFilter(["grade": .integers(12...12)])),
                    numerator: .exists(
                        .assessments,
                        RecordFilter(["test": .oneOf(["SAT", "ACT"]), "grade_tested": .integers(11...12)]),
                        years: -1...0
                    )
                )
        )
        #expect(
            try definition("el_annual_progress")
                == IndicatorDefinition(
                    id: "el_annual_progress",
                    name: "English learners gaining a CELDT/ELPAC level in a year",
                    population: Population(
                        records: .assessments,
                        filter: RecordFilter(["test": .oneOf(["CELDT", "ELPAC"]), "performance_level": .numbers(min: 1, max: nil)]),
                        enrollmentFilter: RecordFilter(["el_status": .oneOf(["EL"])]),
                        requiresPreviousYearResult: true
                    ),
                    numerator: .levelGain(atLeast: 1, topLevelBothYearsCounts: true)
                )
        )
        #expect(
            try definition("ltel_share")
                == IndicatorDefinition(
                    id: "ltel_share",
                    name: "Long-term English learners among English learners, grades 6–12",
                    population: Population(records: .enrollments, filter: RecordFilter(["el_status": .oneOf(["EL"]), "grade": .integers(6...12)])),
                    numerator: .recordMatches(RecordFilter(["group": .oneOf(["LTEL"])])),
                    lowerIsBetter: true
                )
        )
        #expect(
            try definition("math_dfs")
                == IndicatorDefinition(
                    id: "math_dfs",
                    name: "Math distance from standard, grades 3–8 (points)",
                    population: Population(
                        records: .assessments,
                        filter: RecordFilter(["test": .oneOf(["CAASPP"]), "subject": .oneOf(["MATH"]), "grade_tested": .integers(3...8)])
                    ),
                    numerator: .distanceFromStandard
                )
        )
        // Only the grade-family indicators are grade-based; only ltel_share is read the other way up.
        #expect(library.indicators.filter { $0.grade != nil }.count == 13)
        #expect(library.indicators.filter(\.lowerIsBetter).map(\.id) == ["ltel_share"])
    }

    /// The demo partnership's own file (in TandemDemo, read here from the source tree).
    @Test func demoDefinitionsReadWhole() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/TandemDemo/Resources/demo-indicators.json")
        let library = try IndicatorLibraryFile.read(Data(contentsOf: url), file: "demo-indicators.json")
        #expect(library.version == "demo-3")
        #expect(library.name == "Demo partnership additions")
        #expect(
            library.indicators == [
                IndicatorDefinition(
                    id: "enrollment",
                    name: "Census-day enrollment (students)",
                    population: Population(records: .enrollments),
                    numerator: .recordMatches(RecordFilter())
                ),
                IndicatorDefinition(
                    id: "alg1_g8_enrolled",
                    name: "Grade 8 students enrolled in Algebra 1 or higher (courses)",
                    population: Population(records: .enrollments, filter: RecordFilter(["grade": .integers(8...8)])),
                    numerator: .exists(
                        .courses,
                        RecordFilter(["course_code": .oneOf(["ALG1", "GEOM", "ALG2"]), "grade_level": .integers(8...8)]),
                        years: 0...0
                    )
                ),
            ]
        )
    }

    /// Problems found while decoding (a value of the wrong kind, an unknown field) are named by their field
    /// like the problems found after it.
    @Test(arguments: [
        (
            #""population": { "records": "assessments", "colour": 1 }, "numerator": { "where": {} }"#,
            "population.colour: is not a field of a population"
        ),
        (#""population": 3, "numerator": { "where": {} }"#, "population: is required"),
        (#""population": { "records": "assessments", "require": [1] }, "numerator": { "where": {} }"#, "population.require: must be a list"),
        (
            #""population": { "records": "assessments" }, "numerator": { "maybe": {} }"#,
            "numerator.maybe: is not one of where, value_year_enrollment, exists, level_gain, a_g_complete, distance_from_standard"
        ),
        (#""population": { "records": "assessments" }, "numerator": { "where": [1] }"#, "numerator.where: must be an object of field conditions"),
        (
            #""population": { "records": "assessments" }, "numerator": { "exists": { "records": "courses", "years": { "from": "a", "to": 0 } } }"#,
            #"numerator.exists.years.from: must be {"from": n, "to": m} with n ≤ m (years relative to the value year)"#
        ),
        (
            #""population": { "records": "assessments" }, "numerator": { "exists": { "records": "courses", "years": { "from": 1, "to": 0 } } }"#,
            #"numerator.exists.years: must be {"from": n, "to": m} with n ≤ m (years relative to the value year)"#
        ),
        (
            #""population": { "records": "assessments", "require": ["result_in_previous_year"] }, "numerator": { "level_gain": { "at_least": 1.5 } }"#,
            "numerator.level_gain.at_least: must be a whole number of levels, 1 or more"
        ),
        (
            #""population": { "records": "assessments", "require": ["result_in_previous_year"] }, "numerator": { "level_gain": { "at_least": 1, "top_level_both_years_counts": "yes" } }"#,
            "numerator.level_gain.top_level_both_years_counts: must be true or false"
        ),
        (
            #""population": { "records": "outcomes" }, "numerator": { "distance_from_standard": 1 }"#,
            "numerator.distance_from_standard: needs assessments records (and no result_in_previous_year)"
        ),
        (
            #""population": { "records": "outcomes" }, "numerator": { "a_g_complete": { "years": { "a": 1.5 } } }"#,
            "numerator.a_g_complete.years.a: must be a whole number of years"
        ),
        (
            #""population": { "records": "outcomes" }, "numerator": { "a_g_complete": { "years": { "a": 1 }, "marks": "C" } }"#,
            "numerator.a_g_complete.marks: must list the marks that count"
        ),
        (#""population": { "records": "outcomes" }, "numerator": { "where": {} }, "description": 3"#, "description: must be text"),
        (#""grades": "3", "population": { "records": "outcomes" }, "numerator": { "where": {} }"#, "grades: must be a non-empty list of grades"),
        (#""population": { "records": "outcomes" }, "numerator": { "where": {} }, "cohort": 1"#, "cohort: must hold a where filter"),
    ])
    func decodingProblemsNameTheField(body: String, message: String) {
        #expect(problem(file(body)) == "extra.json: indicator extra_one: " + message)
    }

    @Test func fileLevelDecodingProblems() {
        #expect(problem(Data("{".utf8)) == "extra.json: (file): not a JSON object")
        // Another kind of definition file is named by its format, not by its first odd field.
        #expect(problem(Data(#"{ "version": 1, "tests": [] }"#.utf8)) == #"extra.json: format: must be "tandem-indicators""#)
        #expect(problem(Data(#"{ "format": 1 }"#.utf8)) == #"extra.json: format: must be "tandem-indicators""#)
        #expect(problem(Data(#"{ "format": "tandem-indicators", "format_version": 1.5 }"#.utf8)) == "extra.json: format_version: must be 1")
        #expect(problem(Data(#"{ "format": "tandem-indicators", "format_version": 1.0, "version": "v", "indicators": [] }"#.utf8)) == nil)
        #expect(
            problem(Data(#"{ "format": "tandem-indicators", "format_version": 1, "version": "v", "name": 3, "indicators": [] }"#.utf8))
                == "extra.json: name: must be text"
        )
        #expect(
            problem(Data(#"{ "format": "tandem-indicators", "format_version": 1, "version": "v", "indicators": [1] }"#.utf8))
                == "extra.json: indicators: must be a list of indicators"
        )
        #expect(
            problem(Data(#"{ "format": "tandem-indicators", "format_version": 1, "version": "v" }"#.utf8))
                == "extra.json: indicators: must be a list of indicators"
        )
    }

    /// Entries are read in order, each named by its id (or, without one, its position).
    @Test func problemsComeInFileOrder() {
        func library(_ entries: String) -> Data {
            Data(#"{ "format": "tandem-indicators", "format_version": 1, "version": "v", "indicators": [\#(entries)] }"#.utf8)
        }
        let good = #"{ "id": "good", "name": "Good", "population": { "records": "outcomes" }, "numerator": { "where": {} } }"#
        #expect(
            problem(library(#"{ "id": "first", "name": "A", "population": { "records": "grades" } }, { "id": "second", "name": 1 }"#))
                == "extra.json: indicator first: population.records: must be one of enrollments, assessments, courses, outcomes"
        )
        #expect(problem(library(good + #", { "name": 1 }"#)) == "extra.json: indicator #2: name: a name is required")
        #expect(problem(library(good + #", { "id": "", "name": "B" }"#)) == "extra.json: indicator #2: id: a non-empty id is required")
    }
}
