public import Foundation
public import TandemDomain

/// Reads an indicator definition file (JSON, `format_version` 1; `docs/indicator-definitions.md`). A bad
/// file is rejected with its name, the indicator and the field: `extra.json: indicator gpa_ok:
/// population.where.grade: must be a list of grades or {"min", "max"}`.
public enum IndicatorLibraryFile {
    public typealias Problem = DefinitionFileProblem

    /// The MOU library that ships with Tandem.
    public static func builtIn() throws -> IndicatorLibrary {
        try read(DefinitionFileProblem.builtInFile("indicators"), file: "indicators.json")
    }

    public static func read(_ data: Data, file: String) throws -> IndicatorLibrary {
        let root: RawLibrary
        do {
            root = try JSONDecoder().decode(RawLibrary.self, from: data)
        } catch {
            throw Problem(decoding: error, file: file, entry: nil, messages: RawLibrary.messages)
        }
        var seen = Set<String>()
        var indicators: [IndicatorDefinition] = []
        for (index, listed) in root.indicators.enumerated() {
            let label = listed.id ?? "#\(index + 1)"
            let entry: RawIndicator
            do {
                entry = try listed.entry.get()
            } catch {
                throw Problem(
                    decoding: error,
                    file: file,
                    entry: "indicator \(label)",
                    entryPath: listed.codingPath,
                    messages: RawIndicator.messages
                )
            }
            for definition in try EntryReader(file: file, indicator: label).definitions(entry) {
                guard seen.insert(definition.id).inserted else {
                    throw Problem(file: file, entry: "indicator \(definition.id)", field: "id", message: "appears twice")
                }
                indicators.append(definition)
            }
        }
        return IndicatorLibrary(version: root.version, name: root.name ?? root.version, indicators: indicators)
    }
}

// MARK: - The file as decoded

/// The file's top level. Decoded by hand in the documented order so that another kind of file (a test
/// catalog, a framework) is named by its `format` rather than by whichever of its fields fails first.
private struct RawLibrary: Decodable {
    let version: String
    let name: String?
    let indicators: [Listed<RawIndicator>]

    enum CodingKeys: String, CodingKey {
        case format
        case formatVersion = "format_version"
        case version, name, indicators
    }

    static let messages: FieldMessages = [
        "format": #"must be "tandem-indicators""#,
        "format_version": "must be 1",
        "version": "a version string is required (stamped on every value)",
        "name": "must be text",
        "indicators": "must be a list of indicators",
    ]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func refusal(_ key: CodingKeys) -> FieldRefusal { FieldRefusal(at: container.codingPath + [key]) }
        guard try container.decodeIfPresent(String.self, forKey: .format) == "tandem-indicators" else { throw refusal(.format) }
        guard try container.decodeIfPresent(WholeNumber.self, forKey: .formatVersion)?.value == 1 else { throw refusal(.formatVersion) }
        guard let version = try container.decodeIfPresent(String.self, forKey: .version), !version.isEmpty else { throw refusal(.version) }
        self.version = version
        name = try container.decodeIfPresent(String.self, forKey: .name)
        guard let indicators = try container.decodeIfPresent([Listed<RawIndicator>].self, forKey: .indicators) else {
            throw refusal(.indicators)
        }
        self.indicators = indicators
    }
}

/// One entry of `indicators`, as written (a grade family not yet expanded). Filters, grades and the
/// A–G years stay `JSONValue`s: what a condition may hold depends on the kind of records it filters, which
/// only the reader knows.
private struct RawIndicator: Decodable {
    let id: String?
    let grades: [JSONValue]?
    let name: String?
    let description: String?
    let population: RawPopulation?
    let numerator: RawNumerator?
    let groupsFrom: String?
    let cohort: RawCohort?
    let better: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, grades, name, description, population, numerator
        case groupsFrom = "groups_from"
        case cohort, better
    }

    /// Every field's message, for a value of the wrong kind and for a value the reader refuses.
    static let messages: FieldMessages = [
        "id": "a non-empty id is required",
        "grades": "must be a non-empty list of grades",
        "name": "a name is required",
        "description": "must be text",
        "population": "is required",
        "population.records": "must be one of \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))",
        "population.where": filterMessage,
        "population.enrollment": filterMessage,
        "population.value_year": "must be record_year or next_year",
        "population.require": "must be a list",
        "numerator": "is required",
        "numerator.where": filterMessage,
        "numerator.value_year_enrollment": filterMessage,
        "numerator.exists": "must be an object",
        "numerator.exists.records": "must be one of \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))",
        "numerator.exists.where": filterMessage,
        "numerator.exists.years": yearsMessage,
        "numerator.exists.years.*": yearsMessage,
        "numerator.level_gain": "must be an object",
        "numerator.level_gain.at_least": "must be a whole number of levels, 1 or more",
        "numerator.level_gain.top_level_both_years_counts": "must be true or false",
        "numerator.a_g_complete": "must be an object",
        "numerator.a_g_complete.years": "must map areas a…g to years required",
        "numerator.a_g_complete.marks": "must list the marks that count",
        "numerator.a_g_complete.grade_levels": #"must be {"min": grade, "max": grade}"#,
        "numerator.distance_from_standard": "must be true",
        "groups_from": "must be value_year, record_year or latest_through_value_year",
        "cohort": "must hold a where filter",
        "cohort.where": filterMessage,
        "better": "must be higher or lower",
    ]
    static let filterMessage = "must be an object of field conditions"
    static let yearsMessage = #"must be {"from": n, "to": m} with n ≤ m (years relative to the value year)"#

    init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownKeys(CodingKeys.self, message: "is not a field of an indicator")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        grades = try container.decodeIfPresent([JSONValue].self, forKey: .grades)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        population = try container.decodeIfPresent(RawPopulation.self, forKey: .population)
        numerator = try container.decodeIfPresent(RawNumerator.self, forKey: .numerator)
        groupsFrom = try container.decodeIfPresent(String.self, forKey: .groupsFrom)
        cohort = try container.decodeIfPresent(RawCohort.self, forKey: .cohort)
        better = try container.decodeIfPresent(String.self, forKey: .better)
    }
}

typealias RawFilter = [String: JSONValue]

private struct RawPopulation: Decodable {
    let records: String?
    let `where`: RawFilter?
    let enrollment: RawFilter?
    let valueYear: String?
    let require: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case records, `where`, enrollment
        case valueYear = "value_year"
        case require
    }

    init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownKeys(CodingKeys.self, message: "is not a field of a population")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        records = try container.decodeIfPresent(String.self, forKey: .records)
        `where` = try container.decodeIfPresent(RawFilter.self, forKey: .where)
        enrollment = try container.decodeIfPresent(RawFilter.self, forKey: .enrollment)
        valueYear = try container.decodeIfPresent(String.self, forKey: .valueYear)
        require = try container.decodeIfPresent([String].self, forKey: .require)
    }
}

/// Exactly one of the numerator's forms, each with its own body.
private enum RawNumerator: Decodable {
    case recordMatches(RawFilter)
    case valueYearEnrollmentMatches(RawFilter)
    case exists(RawExists)
    case levelGain(RawLevelGain)
    case agComplete(RawAGRequirement)
    /// Read as any value and checked by the reader, so that a wrong population is named before a wrong
    /// value (the population is the likelier mistake).
    case distanceFromStandard(JSONValue)

    enum Form: String, CodingKey, CaseIterable {
        case `where`, valueYearEnrollment = "value_year_enrollment", exists, levelGain = "level_gain",
            agComplete = "a_g_complete", distanceFromStandard = "distance_from_standard"
    }

    static let forms = Form.allCases.map(\.rawValue).joined(separator: ", ")

    init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyCodingKey.self).allKeys
        guard keys.count == 1, let key = keys.first else {
            throw FieldRefusal(at: decoder.codingPath, "must hold exactly one of \(Self.forms)")
        }
        guard let form = Form(stringValue: key.stringValue) else {
            throw FieldRefusal(at: decoder.codingPath + [key], "is not one of \(Self.forms)")
        }
        let container = try decoder.container(keyedBy: Form.self)
        switch form {
        case .where: self = .recordMatches(try container.decode(RawFilter.self, forKey: form))
        case .valueYearEnrollment: self = .valueYearEnrollmentMatches(try container.decode(RawFilter.self, forKey: form))
        case .exists: self = .exists(try container.decode(RawExists.self, forKey: form))
        case .levelGain: self = .levelGain(try container.decode(RawLevelGain.self, forKey: form))
        case .agComplete: self = .agComplete(try container.decode(RawAGRequirement.self, forKey: form))
        case .distanceFromStandard: self = .distanceFromStandard(try container.decode(JSONValue.self, forKey: form))
        }
    }
}

private struct RawExists: Decodable {
    let records: String?
    let `where`: RawFilter?
    let years: RawYears?

    struct RawYears: Decodable {
        let from: WholeNumber?
        let to: WholeNumber?
    }
}

private struct RawLevelGain: Decodable {
    let atLeast: WholeNumber?
    let topLevelBothYearsCounts: Bool?

    enum CodingKeys: String, CodingKey {
        case atLeast = "at_least"
        case topLevelBothYearsCounts = "top_level_both_years_counts"
    }
}

private struct RawAGRequirement: Decodable {
    let years: [String: JSONValue]?
    let marks: [String]?
    let gradeLevels: RawGradeRange?

    enum CodingKeys: String, CodingKey {
        case years, marks
        case gradeLevels = "grade_levels"
    }

    struct RawGradeRange: Decodable {
        let min: JSONValue?
        let max: JSONValue?
    }
}

private struct RawCohort: Decodable {
    let `where`: RawFilter?
}

// MARK: - From the file to definitions

/// Builds the definitions of one entry of the `indicators` list, expanding a grade family into one
/// definition per grade. Hand-written because what is valid depends on other fields (a filter's fields on
/// its records, `{grade}` on `grades`, a numerator on the population), and each refusal names its field.
private struct EntryReader {
    let file: String
    let indicator: String

    func problem(_ field: String, _ message: String? = nil) -> IndicatorLibraryFile.Problem {
        IndicatorLibraryFile.Problem(
            file: file,
            entry: "indicator \(indicator)",
            field: field,
            message: message ?? RawIndicator.messages[field] ?? "is not valid"
        )
    }

    func definitions(_ entry: RawIndicator) throws -> [IndicatorDefinition] {
        guard let id = entry.id, !id.isEmpty else { throw problem("id") }
        guard let name = entry.name, !name.isEmpty else { throw problem("name") }
        let grades: [Int?]
        if let list = entry.grades {
            guard !list.isEmpty else { throw problem("grades") }
            grades = try list.map { try grade($0, field: "grades") }
            guard grades.count == 1 || id.contains("{grade}") else { throw problem("id", "must contain {grade} when several grades are listed") }
        } else {
            guard !id.contains("{grade}") else { throw problem("grades", "the id contains {grade}, so grades must be listed") }
            grades = [nil]
        }
        return try grades.map { grade in
            let expandedID = grade.map { id.replacingOccurrences(of: "{grade}", with: Grade($0)!.code) } ?? id
            let reader = EntryReader(file: file, indicator: expandedID)
            return try reader.definition(entry, id: expandedID, name: name, grade: grade)
        }
    }

    func definition(_ entry: RawIndicator, id: String, name: String, grade: Int?) throws -> IndicatorDefinition {
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), id.first?.isLetter == true else {
            throw problem("id", "must start with a letter and hold only letters, digits and _")
        }
        guard let rawPopulation = entry.population else { throw problem("population") }
        let population = try self.population(rawPopulation, grade: grade)
        guard let rawNumerator = entry.numerator else { throw problem("numerator") }
        let numerator = try self.numerator(rawNumerator, population: population, grade: grade)
        var placement = Placement.valueYear
        if let text = entry.groupsFrom {
            guard let value = Placement(rawValue: text) else { throw problem("groups_from") }
            placement = value
        }
        var cohort: CohortRule?
        if let rule = entry.cohort {
            guard grade != nil else { throw problem("cohort", "only a grade-based indicator (with grades) can be followed as a cohort") }
            guard numerator != .distanceFromStandard else {
                throw problem("cohort", "a distance from standard is not followed as a cohort (its cohorts count students)")
            }
            guard let filter = rule.where else { throw problem("cohort") }
            cohort = CohortRule(filter: try self.filter(filter, kind: population.records, field: "cohort.where", grade: grade))
        }
        var lowerIsBetter = false
        if let text = entry.better {
            guard text == "higher" || text == "lower" else { throw problem("better") }
            lowerIsBetter = text == "lower"
        }
        return IndicatorDefinition(
            id: id,
            name: name.replacingOccurrences(of: "{grade}", with: grade.map { Grade($0)!.code } ?? ""),
            grade: grade,
            population: population,
            numerator: numerator,
            groupsFrom: placement,
            cohort: cohort,
            lowerIsBetter: lowerIsBetter
        )
    }

    func population(_ entry: RawPopulation, grade: Int?) throws -> Population {
        let kind = try recordKind(entry.records, field: "population.records")
        var population = Population(records: kind)
        if let filter = entry.where { population.filter = try self.filter(filter, kind: kind, field: "population.where", grade: grade) }
        if let filter = entry.enrollment {
            population.enrollmentFilter = try self.filter(filter, kind: .enrollments, field: "population.enrollment", grade: grade)
        }
        if let text = entry.valueYear {
            guard let value = ValueYear(rawValue: text) else { throw problem("population.value_year") }
            population.valueYear = value
        }
        for requirement in entry.require ?? [] {
            switch requirement {
            case "enrolled_in_value_year": population.requiresEnrollmentInValueYear = true
            case "result_in_previous_year":
                guard kind == .assessments else {
                    throw problem("population.require", "result_in_previous_year needs assessments records")
                }
                population.requiresPreviousYearResult = true
            default:
                throw problem("population.require", "\"\(requirement)\" is not enrolled_in_value_year or result_in_previous_year")
            }
        }
        return population
    }

    func numerator(_ entry: RawNumerator, population: Population, grade: Int?) throws -> Numerator {
        switch entry {
        case .recordMatches(let filter):
            return .recordMatches(try self.filter(filter, kind: population.records, field: "numerator.where", grade: grade))
        case .valueYearEnrollmentMatches(let filter):
            return .valueYearEnrollmentMatches(try self.filter(filter, kind: .enrollments, field: "numerator.value_year_enrollment", grade: grade))
        case .exists(let body):
            let kind = try recordKind(body.records, field: "numerator.exists.records")
            let filter = try self.filter(body.where ?? [:], kind: kind, field: "numerator.exists.where", grade: grade)
            var years = 0...0
            if let range = body.years {
                guard let from = range.from?.value, let to = range.to?.value, from <= to else { throw problem("numerator.exists.years") }
                years = from...to
            }
            return .exists(kind, filter, years: years)
        case .levelGain(let body):
            guard population.records == .assessments, population.requiresPreviousYearResult else {
                throw problem("numerator.level_gain", "needs assessments records and population.require result_in_previous_year")
            }
            guard let atLeast = body.atLeast?.value, atLeast >= 1 else { throw problem("numerator.level_gain.at_least") }
            return .levelGain(atLeast: atLeast, topLevelBothYearsCounts: body.topLevelBothYearsCounts ?? false)
        case .agComplete(let body):
            guard population.records == .outcomes else { throw problem("numerator.a_g_complete", "needs outcomes records") }
            return .agComplete(try agRequirement(body))
        case .distanceFromStandard(let value):
            guard population.records == .assessments, !population.requiresPreviousYearResult else {
                throw problem("numerator.distance_from_standard", "needs assessments records (and no result_in_previous_year)")
            }
            guard value == .bool(true) else { throw problem("numerator.distance_from_standard") }
            return .distanceFromStandard
        }
    }

    func agRequirement(_ body: RawAGRequirement) throws -> AGRequirement {
        guard let table = body.years, !table.isEmpty else { throw problem("numerator.a_g_complete.years") }
        var years: [AGArea: Int] = [:]
        for (key, value) in table.sorted(by: { $0.key < $1.key }) {
            guard let area = AGArea(code: key) else { throw problem("numerator.a_g_complete.years", "\"\(key)\" is not an area a…g") }
            guard let count = value.int, count >= 0 else { throw problem("numerator.a_g_complete.years.\(key)", "must be a whole number of years") }
            years[area] = count
        }
        guard let markList = body.marks, !markList.isEmpty else { throw problem("numerator.a_g_complete.marks") }
        let marks = try Set(
            markList.map { text in
                guard let mark = Mark(code: text) else { throw problem("numerator.a_g_complete.marks", "\"\(text)\" is not a mark") }
                return mark
            }
        )
        guard let low = body.gradeLevels?.min, let high = body.gradeLevels?.max else { throw problem("numerator.a_g_complete.grade_levels") }
        let lowGrade = try grade(low, field: "numerator.a_g_complete.grade_levels")
        let highGrade = try grade(high, field: "numerator.a_g_complete.grade_levels")
        guard lowGrade <= highGrade else { throw problem("numerator.a_g_complete.grade_levels", "min is above max") }
        return AGRequirement(years: years, passingMarks: marks, gradeLevels: lowGrade...highGrade)
    }

    func recordKind(_ text: String?, field: String) throws -> RecordKind {
        guard let text, let kind = RecordKind(rawValue: text) else { throw problem(field) }
        return kind
    }

    /// The filters, conditions and grades of the entry, read by `FilterReader`.
    var filters: FilterReader { FilterReader(file: file, entry: "indicator \(indicator)") }

    func filter(_ table: RawFilter, kind: RecordKind, field: String, grade: Int?) throws -> RecordFilter {
        try filters.filter(table, kind: kind, field: field, grade: grade)
    }

    func grade(_ raw: JSONValue, field: String, family: Int? = nil) throws -> Int {
        try filters.grade(raw, field: field, family: family)
    }
}
