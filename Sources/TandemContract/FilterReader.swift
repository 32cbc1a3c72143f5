import TandemDomain

/// Reads the filters of a definition file (indicators, lists): each field's condition by the kind of
/// value the field holds, grades as numbers or codes, `{grade}` for a grade family's grade. Every refusal
/// names the file, the entry (`indicator ela_prof_g3`, `list ltel_and_at_risk`) and the field.
struct FilterReader {
    let file: String
    let entry: String

    func problem(_ field: String, _ message: String) -> DefinitionFileProblem {
        DefinitionFileProblem(file: file, entry: entry, field: field, message: message)
    }

    /// A filter's conditions, read by the kind of each field of `kind`'s records (in field order, so that
    /// of several bad fields the same one is always named).
    func filter(_ table: RawFilter, kind: RecordKind, field: String, grade: Int?) throws -> RecordFilter {
        let fields = kind.fields
        var conditions: [String: FieldCondition] = [:]
        for (name, value) in table.sorted(by: { $0.key < $1.key }) {
            let path = "\(field).\(name)"
            guard let fieldKind = fields[name] else {
                throw problem(path, "\(kind.rawValue) have no field \(name) (fields: \(fields.keys.sorted().joined(separator: ", ")))")
            }
            conditions[name] = try condition(value, kind: fieldKind, field: path, grade: grade)
        }
        return RecordFilter(conditions)
    }

    func condition(_ raw: JSONValue, kind: FieldKind, field: String, grade familyGrade: Int?) throws -> FieldCondition {
        switch kind {
        case .flag:
            guard let flag = raw.bool else { throw problem(field, "must be true or false") }
            return .flag(flag)
        case .text, .group:
            let list: [JSONValue] = if case .array(let list) = raw { list } else { [raw] }
            let values = try list.map { item -> String in
                guard let text = item.string, !text.isEmpty else { throw problem(field, "must be a list of codes") }
                if kind == .group, StudentGroup(rawValue: text.uppercased()) == nil {
                    throw problem(field, "\"\(text)\" is not a student group")
                }
                return text.uppercased()
            }
            return .oneOf(Set(values))
        case .number:
            guard let range = raw.object, !range.isEmpty, Set(range.keys).isSubset(of: ["min", "max"]) else {
                throw problem(field, #"must be {"min": number, "max": number} (either may be left out)"#)
            }
            let low = range["min"]?.number
            let high = range["max"]?.number
            guard range["min"] == nil || low != nil, range["max"] == nil || high != nil else { throw problem(field, "min and max must be numbers") }
            return .numbers(min: low, max: high)
        case .grade:
            if let range = raw.object {
                guard let low = range["min"], let high = range["max"], range.count == 2 else {
                    throw problem(field, #"a grade range must be {"min": grade, "max": grade}"#)
                }
                let lowGrade = try grade(low, field: field, family: familyGrade)
                let highGrade = try grade(high, field: field, family: familyGrade)
                guard lowGrade <= highGrade else { throw problem(field, "min is above max") }
                return .integers(lowGrade...highGrade)
            }
            let list: [JSONValue] = if case .array(let list) = raw { list } else { [raw] }
            let grades = try list.map { try grade($0, field: field, family: familyGrade) }
            guard let low = grades.min(), let high = grades.max(), grades.count == high - low + 1, Set(grades).count == grades.count else {
                throw problem(field, #"must be a grade, a list of consecutive grades or {"min", "max"}"#)
            }
            return .integers(low...high)
        }
    }

    /// A grade: a number, a code (`TK`, `K`, `08`) or `{grade}` for the family's grade.
    func grade(_ raw: JSONValue, field: String, family: Int? = nil) throws -> Int {
        if raw == .string("{grade}") {
            guard let family else { throw problem(field, "{grade} is used but the indicator lists no grades") }
            return family
        }
        if let number = raw.int, let grade = Grade(number) { return Int(grade.value) }
        if let text = raw.string, let grade = Grade(code: text) { return Int(grade.value) }
        throw problem(field, "\(raw) is not a grade (TK, K, 1…12)")
    }
}
