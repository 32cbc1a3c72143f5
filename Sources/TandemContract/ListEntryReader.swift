import TandemDomain

/// Builds one list of a list definition file with its parameters put in. Hand-written, as the indicator
/// reader is, because what is valid depends on other fields (a filter's fields on its records), and each
/// refusal names its field (`all[1].has.where.course_code`).
struct ListEntryReader {
    let file: String
    let list: String

    var filters: FilterReader { FilterReader(file: file, entry: "list \(list)") }

    func problem(_ field: String, _ message: String) -> DefinitionFileProblem { filters.problem(field, message) }

    static let fields = ["id", "name", "description", "parameters", "enrollment", "all"]
    static let forms = ["has", "lacks", "gpa", "years_as_el", "years_since_reclassification", "a_g_behind_pace", "any"]

    func definition(_ raw: [String: JSONValue], parameters: [String: JSONValue]) throws -> ListDefinition {
        for key in raw.keys.sorted() where !Self.fields.contains(key) {
            throw problem(key, "is not a field of a list (\(Self.fields.joined(separator: ", ")))")
        }
        var entry: [String: JSONValue] = [:]
        for (key, value) in raw where key != "parameters" {
            entry[key] = try value.substituting(parameters) { name in
                throw problem(key, "uses $\(name), which is not one of the list's parameters")
            }
        }
        guard let name = entry["name"]?.string, !name.isEmpty else { throw problem("name", "a name is required") }
        if let description = entry["description"], description.string == nil { throw problem("description", "must be text") }
        var enrollment = RecordFilter()
        if let raw = entry["enrollment"] {
            guard let table = raw.object else { throw problem("enrollment", "must be an object of field conditions") }
            enrollment = try filters.filter(table, kind: .enrollments, field: "enrollment", grade: nil)
        }
        guard let all = entry["all"]?.arrayValue, !all.isEmpty else { throw problem("all", "must be a list of one or more criteria") }
        return ListDefinition(
            id: list,
            name: name,
            description: entry["description"]?.string ?? "",
            enrollment: enrollment,
            criteria: try all.enumerated().map { try criterion($1, field: "all[\($0)]") }
        )
    }

    func criterion(_ raw: JSONValue, field: String) throws -> ListCriterion {
        guard let table = raw.object, table.count == 1, let (form, body) = table.first, Self.forms.contains(form) else {
            throw problem(field, "must hold exactly one of \(Self.forms.joined(separator: ", "))")
        }
        let path = "\(field).\(form)"
        switch form {
        case "has", "lacks":
            guard let body = body.object else { throw problem(path, #"must be {"records": …, "where": {…}, "years": {"from": n, "to": m}}"#) }
            for key in body.keys.sorted() where !["records", "where", "years"].contains(key) {
                throw problem("\(path).\(key)", "is not records, where or years")
            }
            guard let kind = body["records"]?.string.flatMap(RecordKind.init(rawValue:)) else {
                throw problem("\(path).records", "must be one of \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var filter = RecordFilter()
            if let raw = body["where"] {
                guard let table = raw.object else { throw problem("\(path).where", "must be an object of field conditions") }
                filter = try filters.filter(table, kind: kind, field: "\(path).where", grade: nil)
            }
            var years = 0...0
            if let raw = body["years"] {
                guard let range = raw.object, range.count == 2, let from = range["from"]?.int, let to = range["to"]?.int, from <= to else {
                    throw problem("\(path).years", #"must be {"from": n, "to": m} with n ≤ m (years relative to the list's year)"#)
                }
                years = from...to
            }
            return form == "has" ? .has(kind, filter, years: years) : .lacks(kind, filter, years: years)
        case "gpa":
            guard let range = body.object, !range.isEmpty, Set(range.keys).isSubset(of: ["min", "below"]),
                range.values.allSatisfy({ $0.number != nil })
            else { throw problem(path, #"must be {"min": number, "below": number} (either may be left out)"#) }
            let low = range["min"]?.number
            let below = range["below"]?.number
            if let low, let below, low >= below { throw problem(path, "min must be below below") }
            return .gpa(min: low, below: below)
        case "years_as_el", "years_since_reclassification":
            guard let range = body.object, !range.isEmpty, Set(range.keys).isSubset(of: ["min", "max"]),
                range.values.allSatisfy({ ($0.int ?? -1) >= 0 })
            else { throw problem(path, #"must be {"min": whole years, "max": whole years} (either may be left out)"#) }
            let low = range["min"]?.int ?? 0
            let high = range["max"]?.int ?? 99
            guard low <= high else { throw problem(path, "min is above max") }
            return form == "years_as_el" ? .yearsAsEL(low...high) : .yearsSinceReclassification(low...high)
        case "a_g_behind_pace":
            guard body == .bool(true) else { throw problem(path, "must be true") }
            return .agBehindPace
        default:
            guard let list = body.arrayValue, !list.isEmpty else { throw problem(path, "must be a list of one or more criteria") }
            return .any(try list.enumerated().map { try criterion($1, field: "\(path)[\($0)]") })
        }
    }
}
