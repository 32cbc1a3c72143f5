import Foundation
import TandemDomain

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
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Problem(file: file, entry: nil, field: "(file)", message: "not a JSON object")
        }
        guard root["format"] as? String == "tandem-indicators" else {
            throw Problem(file: file, entry: nil, field: "format", message: "must be \"tandem-indicators\"")
        }
        guard root["format_version"].flatMap(JSONValue.int) == 1 else {
            throw Problem(file: file, entry: nil, field: "format_version", message: "must be 1")
        }
        guard let version = root["version"] as? String, !version.isEmpty else {
            throw Problem(file: file, entry: nil, field: "version", message: "a version string is required (stamped on every value)")
        }
        guard let entries = root["indicators"] as? [[String: Any]] else {
            throw Problem(file: file, entry: nil, field: "indicators", message: "must be a list of indicators")
        }
        var seen = Set<String>()
        var indicators: [IndicatorDefinition] = []
        for (index, entry) in entries.enumerated() {
            let label = (entry["id"] as? String) ?? "#\(index + 1)"
            let reader = EntryReader(file: file, indicator: label)
            for definition in try reader.definitions(entry) {
                guard seen.insert(definition.id).inserted else {
                    throw Problem(file: file, entry: "indicator \(definition.id)", field: "id", message: "appears twice")
                }
                indicators.append(definition)
            }
        }
        return IndicatorLibrary(version: version, name: root["name"] as? String ?? version, indicators: indicators)
    }
}

/// Reads one entry of the `indicators` list, expanding a grade family into one definition per grade.
private struct EntryReader {
    let file: String
    let indicator: String

    func problem(_ field: String, _ message: String) -> IndicatorLibraryFile.Problem {
        IndicatorLibraryFile.Problem(file: file, entry: "indicator \(indicator)", field: field, message: message)
    }

    static let knownKeys: Set<String> = ["id", "grades", "name", "description", "population", "numerator", "groups_from", "cohort", "better"]

    func definitions(_ entry: [String: Any]) throws -> [IndicatorDefinition] {
        if let unknown = entry.keys.filter({ !Self.knownKeys.contains($0) }).sorted().first {
            throw problem(unknown, "is not a field of an indicator")
        }
        guard let id = entry["id"] as? String, !id.isEmpty else { throw problem("id", "a non-empty id is required") }
        guard let name = entry["name"] as? String, !name.isEmpty else { throw problem("name", "a name is required") }
        let grades: [Int?]
        if let raw = entry["grades"] {
            guard let list = raw as? [Any], !list.isEmpty else { throw problem("grades", "must be a non-empty list of grades") }
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

    func definition(_ entry: [String: Any], id: String, name: String, grade: Int?) throws -> IndicatorDefinition {
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), id.first?.isLetter == true else {
            throw problem("id", "must start with a letter and hold only letters, digits and _")
        }
        guard let populationEntry = entry["population"] as? [String: Any] else { throw problem("population", "is required") }
        let population = try self.population(populationEntry, grade: grade)
        guard let numeratorEntry = entry["numerator"] as? [String: Any] else { throw problem("numerator", "is required") }
        let numerator = try self.numerator(numeratorEntry, population: population, grade: grade)
        var placement = Placement.valueYear
        if let raw = entry["groups_from"] {
            guard let text = raw as? String, let value = Placement(rawValue: text) else {
                throw problem("groups_from", "must be value_year, record_year or latest_through_value_year")
            }
            placement = value
        }
        var cohort: CohortRule?
        if let raw = entry["cohort"] {
            guard grade != nil else { throw problem("cohort", "only a grade-based indicator (with grades) can be followed as a cohort") }
            guard numerator != .distanceFromStandard else { throw problem("cohort", "a distance from standard is not followed as a cohort (its cohorts count students)") }
            guard let rule = raw as? [String: Any], let filter = rule["where"] else { throw problem("cohort", "must hold a where filter") }
            cohort = CohortRule(filter: try self.filter(filter, kind: population.records, field: "cohort.where", grade: grade))
        }
        var lowerIsBetter = false
        if let raw = entry["better"] {
            guard let text = raw as? String, text == "higher" || text == "lower" else { throw problem("better", "must be higher or lower") }
            lowerIsBetter = text == "lower"
        }
        return IndicatorDefinition(id: id, name: name.replacingOccurrences(of: "{grade}", with: grade.map { Grade($0)!.code } ?? ""),
                                   grade: grade, population: population, numerator: numerator, groupsFrom: placement, cohort: cohort,
                                   lowerIsBetter: lowerIsBetter)
    }

    func population(_ entry: [String: Any], grade: Int?) throws -> Population {
        let known: Set<String> = ["records", "where", "enrollment", "value_year", "require"]
        if let unknown = entry.keys.filter({ !known.contains($0) }).sorted().first {
            throw problem("population.\(unknown)", "is not a field of a population")
        }
        let kind = try recordKind(entry["records"], field: "population.records")
        var population = Population(records: kind)
        if let raw = entry["where"] { population.filter = try filter(raw, kind: kind, field: "population.where", grade: grade) }
        if let raw = entry["enrollment"] {
            population.enrollmentFilter = try filter(raw, kind: .enrollments, field: "population.enrollment", grade: grade)
        }
        if let raw = entry["value_year"] {
            guard let text = raw as? String, let value = ValueYear(rawValue: text) else {
                throw problem("population.value_year", "must be record_year or next_year")
            }
            population.valueYear = value
        }
        if let raw = entry["require"] {
            guard let list = raw as? [String] else { throw problem("population.require", "must be a list") }
            for requirement in list {
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
        }
        return population
    }

    static let numeratorKinds = "where, value_year_enrollment, exists, level_gain, a_g_complete, distance_from_standard"

    func numerator(_ entry: [String: Any], population: Population, grade: Int?) throws -> Numerator {
        guard entry.count == 1, let (key, value) = entry.first else {
            throw problem("numerator", "must hold exactly one of \(Self.numeratorKinds)")
        }
        switch key {
        case "where":
            return .recordMatches(try filter(value, kind: population.records, field: "numerator.where", grade: grade))
        case "value_year_enrollment":
            return .valueYearEnrollmentMatches(try filter(value, kind: .enrollments, field: "numerator.value_year_enrollment", grade: grade))
        case "exists":
            guard let body = value as? [String: Any] else { throw problem("numerator.exists", "must be an object") }
            let kind = try recordKind(body["records"], field: "numerator.exists.records")
            let filter = try self.filter(body["where"] ?? [String: Any](), kind: kind, field: "numerator.exists.where", grade: grade)
            var years = 0...0
            if let raw = body["years"] {
                guard let range = raw as? [String: Any], let from = range["from"].flatMap(JSONValue.int), let to = range["to"].flatMap(JSONValue.int), from <= to else {
                    throw problem("numerator.exists.years", "must be {\"from\": n, \"to\": m} with n ≤ m (years relative to the value year)")
                }
                years = from...to
            }
            return .exists(kind, filter, years: years)
        case "level_gain":
            guard population.records == .assessments, population.requiresPreviousYearResult else {
                throw problem("numerator.level_gain", "needs assessments records and population.require result_in_previous_year")
            }
            guard let body = value as? [String: Any], let atLeast = body["at_least"].flatMap(JSONValue.int), atLeast >= 1 else {
                throw problem("numerator.level_gain.at_least", "must be a whole number of levels, 1 or more")
            }
            let top = body["top_level_both_years_counts"].flatMap(JSONValue.bool) ?? false
            return .levelGain(atLeast: atLeast, topLevelBothYearsCounts: top)
        case "a_g_complete":
            guard population.records == .outcomes else { throw problem("numerator.a_g_complete", "needs outcomes records") }
            return .agComplete(try agRequirement(value))
        case "distance_from_standard":
            guard population.records == .assessments, !population.requiresPreviousYearResult else {
                throw problem("numerator.distance_from_standard", "needs assessments records (and no result_in_previous_year)")
            }
            guard JSONValue.bool(value) == true else { throw problem("numerator.distance_from_standard", "must be true") }
            return .distanceFromStandard
        default:
            throw problem("numerator.\(key)", "is not one of \(Self.numeratorKinds)")
        }
    }

    func agRequirement(_ raw: Any) throws -> AGRequirement {
        guard let body = raw as? [String: Any] else { throw problem("numerator.a_g_complete", "must be an object") }
        guard let table = body["years"] as? [String: Any], !table.isEmpty else {
            throw problem("numerator.a_g_complete.years", "must map areas a…g to years required")
        }
        var years: [AGArea: Int] = [:]
        for (key, value) in table {
            guard let area = AGArea(code: key) else { throw problem("numerator.a_g_complete.years", "\"\(key)\" is not an area a…g") }
            guard let count = JSONValue.int(value), count >= 0 else { throw problem("numerator.a_g_complete.years.\(key)", "must be a whole number of years") }
            years[area] = count
        }
        guard let markList = body["marks"] as? [String], !markList.isEmpty else {
            throw problem("numerator.a_g_complete.marks", "must list the marks that count")
        }
        let marks = try Set(markList.map { text in
            guard let mark = Mark(code: text) else { throw problem("numerator.a_g_complete.marks", "\"\(text)\" is not a mark") }
            return mark
        })
        guard let range = body["grade_levels"] as? [String: Any], let low = range["min"], let high = range["max"] else {
            throw problem("numerator.a_g_complete.grade_levels", "must be {\"min\": grade, \"max\": grade}")
        }
        let lowGrade = try grade(low, field: "numerator.a_g_complete.grade_levels"), highGrade = try grade(high, field: "numerator.a_g_complete.grade_levels")
        guard lowGrade <= highGrade else { throw problem("numerator.a_g_complete.grade_levels", "min is above max") }
        return AGRequirement(years: years, passingMarks: marks, gradeLevels: lowGrade...highGrade)
    }

    func recordKind(_ raw: Any?, field: String) throws -> RecordKind {
        guard let text = raw as? String, let kind = RecordKind(rawValue: text) else {
            throw problem(field, "must be one of \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }

    func filter(_ raw: Any, kind: RecordKind, field: String, grade: Int?) throws -> RecordFilter {
        guard let table = raw as? [String: Any] else { throw problem(field, "must be an object of field conditions") }
        let fields = kind.fields
        var conditions: [String: FieldCondition] = [:]
        for (name, value) in table {
            let path = "\(field).\(name)"
            guard let fieldKind = fields[name] else {
                throw problem(path, "\(kind.rawValue) have no field \(name) (fields: \(fields.keys.sorted().joined(separator: ", ")))")
            }
            conditions[name] = try condition(value, kind: fieldKind, field: path, grade: grade)
        }
        return RecordFilter(conditions)
    }

    func condition(_ raw: Any, kind: FieldKind, field: String, grade familyGrade: Int?) throws -> FieldCondition {
        switch kind {
        case .flag:
            guard let flag = JSONValue.bool(raw) else { throw problem(field, "must be true or false") }
            return .flag(flag)
        case .text, .group:
            let list: [Any] = (raw as? [Any]) ?? [raw]
            let values = try list.map { item -> String in
                guard let text = item as? String, !text.isEmpty else { throw problem(field, "must be a list of codes") }
                if kind == .group, StudentGroup(rawValue: text.uppercased()) == nil {
                    throw problem(field, "\"\(text)\" is not a student group")
                }
                return text.uppercased()
            }
            return .oneOf(Set(values))
        case .number:
            guard let range = raw as? [String: Any], !range.isEmpty, Set(range.keys).isSubset(of: ["min", "max"]) else {
                throw problem(field, "must be {\"min\": number, \"max\": number} (either may be left out)")
            }
            let low = range["min"].flatMap(JSONValue.number), high = range["max"].flatMap(JSONValue.number)
            guard (range["min"] == nil || low != nil), (range["max"] == nil || high != nil) else { throw problem(field, "min and max must be numbers") }
            return .numbers(min: low, max: high)
        case .grade:
            if let range = raw as? [String: Any] {
                guard let low = range["min"], let high = range["max"], range.count == 2 else {
                    throw problem(field, "a grade range must be {\"min\": grade, \"max\": grade}")
                }
                let lowGrade = try grade(low, field: field, family: familyGrade), highGrade = try grade(high, field: field, family: familyGrade)
                guard lowGrade <= highGrade else { throw problem(field, "min is above max") }
                return .integers(lowGrade...highGrade)
            }
            let list: [Any] = (raw as? [Any]) ?? [raw]
            let grades = try list.map { try grade($0, field: field, family: familyGrade) }
            guard let low = grades.min(), let high = grades.max(), grades.count == high - low + 1, Set(grades).count == grades.count else {
                throw problem(field, "must be a grade, a list of consecutive grades or {\"min\", \"max\"}")
            }
            return .integers(low...high)
        }
    }

    /// A grade: a number, a code (`TK`, `K`, `08`) or `{grade}` for the family's grade.
    func grade(_ raw: Any, field: String, family: Int? = nil) throws -> Int {
        if let text = raw as? String, text == "{grade}" {
            guard let family else { throw problem(field, "{grade} is used but the indicator lists no grades") }
            return family
        }
        if let number = JSONValue.int(raw), let grade = Grade(number) { return Int(grade.value) }
        if let text = raw as? String, let grade = Grade(code: text) { return Int(grade.value) }
        throw problem(field, "\(raw) is not a grade (TK, K, 1…12)")
    }
}

/// JSON numbers and booleans as Foundation hands them over: both arrive as `NSNumber`, and a boolean would
/// otherwise pass for 1 or 0.
enum JSONValue {
    static func isBool(_ raw: Any) -> Bool {
        guard let number = raw as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    static func bool(_ raw: Any) -> Bool? { isBool(raw) ? (raw as? NSNumber)?.boolValue : nil }

    static func int(_ raw: Any) -> Int? {
        guard !isBool(raw), let number = raw as? NSNumber, number.doubleValue == number.doubleValue.rounded() else { return nil }
        return number.intValue
    }

    static func number(_ raw: Any) -> Double? {
        guard !isBool(raw), let number = raw as? NSNumber else { return nil }
        return number.doubleValue
    }
}
