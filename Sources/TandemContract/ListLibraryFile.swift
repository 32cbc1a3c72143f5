public import Foundation
public import TandemDomain

/// Reads a list definition file (JSON, `format_version` 1; `docs/list-definitions.md`) and a district
/// parameter file, and puts each district's parameters into the lists. A bad file is rejected with its
/// name, the list and the field: `lists.json: list algebra_placement_pool: all[0].has.where.scale_score:
/// must be {"min": number, "max": number}`.
public enum ListLibraryFile {
    public typealias Problem = DefinitionFileProblem

    /// The five lists of `shared/spec/indicators.md` that ship with Tandem.
    public static func builtIn() throws -> ListTemplates {
        try read(DefinitionFileProblem.builtInFile("lists"), file: "lists.json")
    }

    /// Reads the lists of a file, checking each with its own default parameters.
    public static func read(_ data: Data, file: String) throws -> ListTemplates {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw Problem(file: file, entry: nil, field: "(file)", message: "is not JSON")
        }
        func problem(_ field: String, _ message: String) -> Problem { Problem(file: file, entry: nil, field: field, message: message) }
        guard let top = root.object else { throw problem("(file)", "must be an object") }
        guard top["format"] == .string("tandem-lists") else { throw problem("format", #"must be "tandem-lists""#) }
        guard top["format_version"]?.int == 1 else { throw problem("format_version", "must be 1") }
        guard let version = top["version"]?.string, !version.isEmpty else {
            throw problem("version", "a version string is required (stamped on every computed list)")
        }
        guard case .array(let entries)? = top["lists"] else { throw problem("lists", "must be a list of lists") }
        var seen = Set<String>()
        let templates = try entries.enumerated().map { index, raw -> ListTemplates.Template in
            guard let entry = raw.object else { throw problem("lists[\(index)]", "must be an object") }
            let label = entry["id"]?.string ?? "#\(index + 1)"
            let reader = ListEntryReader(file: file, list: label)
            guard let id = entry["id"]?.string, id.first?.isLetter == true, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw reader.problem("id", "must start with a letter and hold only letters, digits and _")
            }
            guard seen.insert(id).inserted else { throw reader.problem("id", "appears twice") }
            var defaults: [String: JSONValue] = [:]
            if let parameters = entry["parameters"] {
                guard let table = parameters.object else { throw reader.problem("parameters", "must map names to values") }
                for (name, value) in table.sorted(by: { $0.key < $1.key }) {
                    guard value.number != nil || value.string != nil || value.arrayValue != nil else {
                        throw reader.problem("parameters.\(name)", "must be a number, a text or a list")
                    }
                    defaults[name] = value
                }
            }
            let template = ListTemplates.Template(id: id, entry: entry, defaults: defaults, file: file)
            _ = try template.definition(parameters: [:])  // a bad entry is refused now, not when a district uses it
            return template
        }
        return ListTemplates(version: version, templates: templates)
    }

    /// Reads a district parameter file: `{ "format": "tandem-list-parameters", "format_version": 1,
    /// "districts": { "FUSD": { "algebra_placement_pool": { "low": 320 } } } }`. Which lists and
    /// parameters exist is checked when the parameters are put into the lists (`ListTemplates.library`).
    public static func readParameters(_ data: Data, file: String) throws -> ListParameters {
        func problem(_ field: String, _ message: String) -> Problem { Problem(file: file, entry: nil, field: field, message: message) }
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data), let top = root.object else {
            throw problem("(file)", "is not a JSON object")
        }
        guard top["format"] == .string("tandem-list-parameters") else { throw problem("format", #"must be "tandem-list-parameters""#) }
        guard top["format_version"]?.int == 1 else { throw problem("format_version", "must be 1") }
        guard let districts = top["districts"]?.object else { throw problem("districts", "must map district codes to lists") }
        var values: [String: [String: [String: JSONValue]]] = [:]
        for (district, lists) in districts {
            guard let lists = lists.object else { throw problem("districts.\(district)", "must map list ids to parameters") }
            for (list, parameters) in lists {
                guard let parameters = parameters.object else {
                    throw problem("districts.\(district).\(list)", "must map parameter names to values")
                }
                values[district, default: [:]][list] = parameters
            }
        }
        return ListParameters(file: file, values: values)
    }
}

/// Each district's own parameters for the lists (`ListLibraryFile.readParameters`).
public struct ListParameters: Sendable {
    let file: String
    /// district → list → parameter → value.
    let values: [String: [String: [String: JSONValue]]]

    public init() {
        file = "(none)"
        values = [:]
    }

    init(file: String, values: [String: [String: [String: JSONValue]]]) {
        self.file = file
        self.values = values
    }

    /// These parameters with `other`'s over them (a later file wins, value by value).
    public func merging(_ other: ListParameters) -> ListParameters {
        var merged = values
        for (district, lists) in other.values {
            for (list, parameters) in lists { merged[district, default: [:]][list, default: [:]].merge(parameters) { _, later in later } }
        }
        return ListParameters(file: values.isEmpty ? other.file : "\(file), \(other.file)", values: merged)
    }
}

/// Lists as read from their files, before a district's parameters are put in.
public struct ListTemplates: Sendable {
    public let version: String
    let templates: [Template]

    public var ids: [String] { templates.map(\.id) }

    struct Template: Sendable {
        let id: String
        let entry: [String: JSONValue]
        let defaults: [String: JSONValue]
        let file: String

        /// The list with `parameters` over the defaults.
        func definition(parameters: [String: JSONValue]) throws -> ListDefinition {
            let reader = ListEntryReader(file: file, list: id)
            let values = defaults.merging(parameters) { _, given in given }
            return try reader.definition(entry, parameters: values)
        }
    }

    /// The lists of `other` added (a list with the same id replaces this one's) and a combined version.
    public func adding(_ other: ListTemplates) -> ListTemplates {
        let replaced = Set(other.ids)
        return ListTemplates(version: "\(version)+\(other.version)", templates: templates.filter { !replaced.contains($0.id) } + other.templates)
    }

    /// Every district's lists with its parameters put in. A parameter file naming a list or a parameter
    /// that does not exist, or a value of another kind than the default's, is refused.
    public func library(districts: [String], parameters: ListParameters) throws -> ListLibrary {
        for (district, lists) in parameters.values.sorted(by: { $0.key < $1.key }) {
            for (list, values) in lists.sorted(by: { $0.key < $1.key }) {
                let field = "districts.\(district).\(list)"
                guard let template = templates.first(where: { $0.id == list }) else {
                    throw DefinitionFileProblem(file: parameters.file, entry: nil, field: field, message: "there is no list \(list)")
                }
                for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                    guard let known = template.defaults[name] else {
                        let names = template.defaults.keys.sorted().joined(separator: ", ")
                        throw DefinitionFileProblem(
                            file: parameters.file,
                            entry: nil,
                            field: "\(field).\(name)",
                            message: "\(list) has no parameter \(name) (its parameters: \(names.isEmpty ? "none" : names))"
                        )
                    }
                    guard value.kindName == known.kindName else {
                        throw DefinitionFileProblem(
                            file: parameters.file,
                            entry: nil,
                            field: "\(field).\(name)",
                            message: "must be \(known.kindName)"
                        )
                    }
                }
            }
        }
        var lists: [String: [ListDefinition]] = [:]
        for district in districts {
            let own = parameters.values[district] ?? [:]
            lists[district] = try templates.map { template in
                do {
                    return try template.definition(parameters: own[template.id] ?? [:])
                } catch let problem as DefinitionFileProblem {
                    // A value of the right kind can still be refused (a grade that is not a grade).
                    throw DefinitionFileProblem(
                        file: parameters.file,
                        entry: "\(district) list \(template.id)",
                        field: problem.field,
                        message: problem.message
                    )
                }
            }
        }
        return ListLibrary(version: version, lists: lists)
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? { if case .array(let list) = self { list } else { nil } }

    /// What kind of value this is, as a message says it.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "true or false"
        case .number: "a number"
        case .string: "a text"
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// The value with every `"$name"` text replaced by the parameter of that name.
    func substituting(_ parameters: [String: JSONValue], unknown: (String) throws -> Never) rethrows -> JSONValue {
        switch self {
        case .string(let text) where text.hasPrefix("$"):
            let name = String(text.dropFirst())
            guard let value = parameters[name] else { try unknown(name) }
            return value
        case .array(let list): return .array(try list.map { try $0.substituting(parameters, unknown: unknown) })
        case .object(let table): return .object(try table.mapValues { try $0.substituting(parameters, unknown: unknown) })
        default: return self
        }
    }
}
