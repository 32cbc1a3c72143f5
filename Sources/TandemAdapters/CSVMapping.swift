import Foundation
import TandemContract

/// A mapping file for `tandem convert csv`: how a district's CSV extracts become contract files.
///
/// One mapping is one district (`district_code`, and `district_name` for `schools.csv`). For each contract
/// file it writes, a rule names the source file, how to choose one row per key when the source has several
/// (`one_row_per` and `choose`), other source files to join by key (each choosing one row per key, for
/// instance the enrollment spell covering the census day), and how each contract column is filled: a source
/// column (`from`, `join.column` for a joined file), a `constant`, or a `template` ("School {code}"), then
/// optionally a `values` table ("Fifth grade" → 5, "B" → AA), a `year` rule (`ending`, or `starting` to add
/// one) or a `date_format` (`M/d/yyyy`). `docs/adapters.md` describes every field, and
/// `docs/examples/sdp-college-going.mapping.json` is a whole example.
///
/// ```json
/// { "district_code": "SDP", "files": [ { "output": "students.csv", "source": "Student_Attributes.csv",
///   "one_row_per": ["sid"], "choose": { "rule": "latest", "by": "school_year" },
///   "columns": { "student_id": { "from": "sid" },
///                "race_ethnicity": { "from": "race_ethnicity", "values": { "B": "AA", "H": "HI" } } } } ] }
/// ```
public struct CSVMapping: Decodable, Sendable {
    public let about: String?
    public let districtCode: String
    public let districtName: String?
    /// `MM-DD`, the census day within a school year (default `10-01`), for `covering` choices.
    public let censusDate: String?
    public let files: [OutputRule]

    /// How one contract file is made.
    public struct OutputRule: Decodable, Sendable {
        public let output: String
        public let source: String
        public let oneRowPer: [String]?
        public let choose: Choice?
        public let join: [Join]?
        public let columns: [String: ColumnRule]

        enum CodingKeys: String, CodingKey, CaseIterable {
            case output, source, join, columns, choose
            case oneRowPer = "one_row_per"
        }

        public init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            output = try container.decode(String.self, forKey: .output)
            source = try container.decode(String.self, forKey: .source)
            oneRowPer = try container.decodeIfPresent([String].self, forKey: .oneRowPer)
            choose = try container.decodeIfPresent(Choice.self, forKey: .choose)
            join = try container.decodeIfPresent([Join].self, forKey: .join)
            columns = try container.decode([String: ColumnRule].self, forKey: .columns)
        }
    }

    /// A second source file joined to each row by key, one row chosen per key.
    public struct Join: Decodable, Sendable {
        /// The prefix its columns are named by: `spell.school_code`.
        public let name: String
        public let source: String
        /// Source column → joined file's column; rows join when all are equal.
        public let on: [String: String]
        public let choose: Choice?
        /// A row with no joined row is dropped (and reported); otherwise its joined columns are empty.
        public let required: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable { case name, source, on, choose, required }

        public init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            source = try container.decode(String.self, forKey: .source)
            on = try container.decode([String: String].self, forKey: .on)
            choose = try container.decodeIfPresent(Choice.self, forKey: .choose)
            required = try container.decodeIfPresent(Bool.self, forKey: .required)
        }
    }

    /// Which one of several rows with the same key is used.
    public struct Choice: Decodable, Sendable {
        public enum Rule: String, Decodable, Sendable, CaseIterable {
            /// The first or last in the file.
            case first, last
            /// The greatest value of `by` (numbers as numbers, dates by `date_format`, else text); a tie goes to the later row.
            case latest
            /// The row whose `start`…`end` dates (an empty end is open) cover the census day of its school
            /// year (`year`); of several, the one that started last; of none, the `otherwise` rule.
            case covering
            /// No row (for `otherwise`).
            case none
        }

        public let rule: Rule
        public let by: String?
        public let start: String?
        public let end: String?
        public let year: String?
        /// `ending` (default) or `starting`: what the `year` column's years are.
        public let yearIs: String?
        public let dateFormat: String?
        public let otherwise: Rule?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case rule, by, start, end, year, otherwise
            case yearIs = "year_is"
            case dateFormat = "date_format"
        }

        init(rule: Rule) {
            self.rule = rule
            (by, start, end, year, yearIs, dateFormat, otherwise) = (nil, nil, nil, nil, nil, nil, nil)
        }

        public init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            rule = try container.decode(Rule.self, forKey: .rule)
            by = try container.decodeIfPresent(String.self, forKey: .by)
            start = try container.decodeIfPresent(String.self, forKey: .start)
            end = try container.decodeIfPresent(String.self, forKey: .end)
            year = try container.decodeIfPresent(String.self, forKey: .year)
            yearIs = try container.decodeIfPresent(String.self, forKey: .yearIs)
            dateFormat = try container.decodeIfPresent(String.self, forKey: .dateFormat)
            otherwise = try container.decodeIfPresent(Rule.self, forKey: .otherwise)
        }
    }

    /// How one contract column is filled.
    public struct ColumnRule: Decodable, Sendable {
        public let from: String?
        public let constant: String?
        public let template: String?
        /// Source value → contract value, matched exactly, then ignoring case and surrounding spaces. A
        /// value not listed is reported (an empty source value too, unless `""` is listed).
        public let values: [String: String]?
        /// `ending` (the value is the ending year, as the contract's) or `starting` (one is added).
        public let year: String?
        /// The source's date layout (`M/d/yyyy`, `dd.MM.yyyy`, …); written as `YYYY-MM-DD`.
        public let dateFormat: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case from, constant, template, values, year
            case dateFormat = "date_format"
        }

        public init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            from = try container.decodeIfPresent(String.self, forKey: .from)
            constant = try container.decodeIfPresent(String.self, forKey: .constant)
            template = try container.decodeIfPresent(String.self, forKey: .template)
            values = try container.decodeIfPresent([String: String].self, forKey: .values)
            year = try container.decodeIfPresent(String.self, forKey: .year)
            dateFormat = try container.decodeIfPresent(String.self, forKey: .dateFormat)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case about, files
        case districtCode = "district_code"
        case districtName = "district_name"
        case censusDate = "census_date"
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        about = try container.decodeIfPresent(String.self, forKey: .about)
        districtCode = try container.decode(String.self, forKey: .districtCode)
        districtName = try container.decodeIfPresent(String.self, forKey: .districtName)
        censusDate = try container.decodeIfPresent(String.self, forKey: .censusDate)
        files = try container.decode([OutputRule].self, forKey: .files)
    }

    /// Reads and checks a mapping file; a problem is a `MappingProblem` naming the field.
    public static func read(path: String) throws -> CSVMapping {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MappingProblem(file: name, field: "(file)", message: "cannot read it")
        }
        let mapping: CSVMapping
        do {
            mapping = try JSONDecoder().decode(CSVMapping.self, from: data)
        } catch {
            throw MappingProblem(decoding: error, file: name)
        }
        try mapping.check(file: name)
        return mapping
    }

    /// The checks a type cannot express: known contract files and columns, one source per column, known rules.
    func check(file: String) throws {
        func problem(_ field: String, _ message: String) -> MappingProblem { MappingProblem(file: file, field: field, message: message) }
        guard ContractFolderWriter.isUsableDistrictCode(districtCode) else { throw problem("district_code", "must be letters, digits, - or _") }
        if let censusDate, CensusDay(censusDate) == nil { throw problem("census_date", "must be MM-DD, e.g. 10-01") }
        var outputs = Set<String>()
        for rule in files {
            let place = "files[\(rule.output)]"
            guard let spec = DataContract.files.first(where: { $0.fileName == rule.output }) else {
                throw problem(
                    "files.output",
                    "\"\(rule.output)\" is not a contract file (\(DataContract.files.map(\.fileName).joined(separator: ", ")))"
                )
            }
            guard outputs.insert(rule.output).inserted else { throw problem(place, "a second rule for the same file") }
            let joins = rule.join ?? []
            for join in joins {
                guard !join.name.isEmpty, !join.name.contains(".") else { throw problem("\(place).join.name", "must be a name without dots") }
                guard !join.on.isEmpty else { throw problem("\(place).join[\(join.name)].on", "must name at least one column") }
                if let choose = join.choose { try choose.check(problem, "\(place).join[\(join.name)].choose") }
            }
            if let choose = rule.choose { try choose.check(problem, "\(place).choose") }
            for (column, columnRule) in rule.columns {
                let field = "\(place).columns.\(column)"
                guard spec.columnIndex(column) != nil else {
                    throw problem(field, "\(rule.output) has no column \(column)")
                }
                guard column != "district_code", column != "district_name" else {
                    throw problem(field, "comes from the mapping's \(column), not from a column rule")
                }
                let sources = [columnRule.from, columnRule.constant, columnRule.template].compactMap { $0 }.count
                guard sources == 1 else { throw problem(field, "needs exactly one of from, constant, template") }
                if let year = columnRule.year, year != "ending", year != "starting" { throw problem("\(field).year", "must be ending or starting") }
                if let format = columnRule.dateFormat, DateLayout(format) == nil {
                    throw problem("\(field).date_format", "must be made of yyyy, M or MM, d or dd and separators, e.g. M/d/yyyy")
                }
            }
            for required in spec.columns where required.required && required.name != "district_code" && rule.columns[required.name] == nil {
                throw problem("\(place).columns", "\(required.name) is required in \(rule.output) and has no rule")
            }
        }
        for required in DataContract.files where required.isRequired && !outputs.contains(required.fileName) {
            throw problem("files", "has no rule for \(required.fileName) (required in every district folder)")
        }
    }
}

extension CSVMapping.Choice {
    func check(_ problem: (String, String) -> MappingProblem, _ field: String) throws {
        switch rule {
        case .latest: guard by != nil else { throw problem("\(field).by", "latest needs the column to compare") }
        case .covering:
            guard start != nil, end != nil, year != nil else { throw problem(field, "covering needs start, end and year") }
            if otherwise == .covering { throw problem("\(field).otherwise", "cannot be covering again") }
            if otherwise == .latest, by == nil { throw problem("\(field).by", "otherwise latest needs the column to compare") }
        case .first, .last, .none: break
        }
        if let yearIs, yearIs != "ending", yearIs != "starting" { throw problem("\(field).year_is", "must be ending or starting") }
        if let dateFormat, DateLayout(dateFormat) == nil {
            throw problem("\(field).date_format", "must be made of yyyy, M or MM, d or dd and separators")
        }
    }
}

/// A mapping file that cannot be used: the file, the field (`files[enrollments.csv].columns.sed`) and why.
/// A usage error: nothing is read or written.
public struct MappingProblem: Error, CustomStringConvertible, Sendable, Equatable {
    public let file: String
    public let field: String
    public let message: String

    public var description: String { "\(file): \(field): \(message)" }

    init(file: String, field: String, message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    init(decoding error: any Error, file: String) {
        func place(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case let unknown as UnknownKey: self.init(file: file, field: place(unknown.path), message: "is not a field of a mapping (\(unknown.known))")
        case DecodingError.keyNotFound(let key, let context): self.init(file: file, field: place(context.codingPath + [key]), message: "is required")
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            self.init(file: file, field: place(context.codingPath).isEmpty ? "(file)" : place(context.codingPath), message: "has the wrong type")
        case DecodingError.dataCorrupted(let context):
            self.init(
                file: file,
                field: place(context.codingPath).isEmpty ? "(file)" : place(context.codingPath),
                message: context.codingPath.isEmpty ? "not JSON" : context.debugDescription
            )
        default: self.init(file: file, field: "(file)", message: "\(error)")
        }
    }
}

/// A key the mapping format does not have: a typo (`constnat`) must not quietly leave a column empty.
struct UnknownKey: Error {
    let path: [any CodingKey]
    let known: String
}

private struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

private func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ decoder: any Decoder, _ keys: Keys.Type) throws {
    let container = try decoder.container(keyedBy: AnyKey.self)
    let known = Set(Keys.allCases.map(\.stringValue))
    for key in container.allKeys where !known.contains(key.stringValue) {
        throw UnknownKey(path: decoder.codingPath + [key], known: "known: " + known.sorted().joined(separator: ", "))
    }
}
