public import Foundation
public import TandemDomain

/// Reads a test catalog file (JSON, format version 1):
///
/// ```json
/// { "version": 1,
///   "tests": [ { "id": "CST", "name": "…", "levels": { "1": "Far Below Basic", … },
///                "proficient": { "level_at_least": 4 } } ] }
/// ```
///
/// `proficient` holds exactly one of `level_at_least` (a level), `scale_score_at_least` (a number) or
/// `participation_only` (`true`). An optional `standard_met` maps subjects to grades to the lowest scale
/// score meeting the standard (`{ "ELA": { "3": 2432, … } }`), from which distance from standard is
/// measured. An optional `scale` (`{ "min": 150, "max": 600 }`) is the range of the test's scale scores:
/// a result outside it, or a level the test does not have, is a located error when a district loads it.
/// A bad file is rejected with its name, the test and the field.
public enum TestCatalogFile {
    public typealias Problem = DefinitionFileProblem

    /// The catalog that ships with Tandem.
    public static func builtIn() throws -> TestCatalog {
        try read(DefinitionFileProblem.builtInFile("test-catalog"), file: "test-catalog.json")
    }

    public static func read(_ data: Data, file: String) throws -> TestCatalog {
        let root: RawCatalog
        do {
            root = try JSONDecoder().decode(RawCatalog.self, from: data)
        } catch {
            throw Problem(decoding: error, file: file, entry: nil, messages: RawCatalog.messages)
        }
        var seen = Set<String>()
        let tests = try root.tests.enumerated().map { index, listed -> TestDefinition in
            let label = listed.id.map { "test \($0)" } ?? "test #\(index + 1)"
            func problem(_ field: String, _ message: String? = nil) -> Problem {
                Problem(file: file, entry: label, field: field, message: message ?? RawTest.messages[field] ?? "is not valid")
            }
            let entry: RawTest
            do {
                entry = try listed.entry.get()
            } catch {
                throw Problem(decoding: error, file: file, entry: label, entryPath: listed.codingPath, messages: RawTest.messages)
            }
            guard let id = entry.id, !id.isEmpty else { throw problem("id") }
            guard seen.insert(id.uppercased()).inserted else { throw problem("id", "appears twice") }
            guard let name = entry.name, !name.isEmpty else { throw problem("name") }
            var levels: [Int: String] = [:]
            for (key, value) in (entry.levels ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let level = Int(key) else { throw problem("levels", "\"\(key)\" is not a level number") }
                levels[level] = value
            }
            guard let rule = entry.proficient else { throw problem("proficient") }
            let proficiency: ProficiencyRule
            switch rule {
            case .levelAtLeast(let level):
                guard levels.isEmpty || levels[level] != nil else {
                    throw problem("proficient.level_at_least", "\(level) is not one of the test's levels")
                }
                proficiency = .levelAtLeast(level)
            case .scaleScoreAtLeast(let score): proficiency = .scaleScoreAtLeast(score)
            case .participationOnly(let flag):
                guard flag else { throw problem("proficient.participation_only") }
                proficiency = .participationOnly
            }
            var standards: [String: [Int: Double]] = [:]
            for (subject, grades) in (entry.standardMet ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard !subject.isEmpty else { throw problem("standard_met.") }
                for (key, score) in grades.sorted(by: { $0.key < $1.key }) {
                    guard let grade = Grade(code: key).map({ Int($0.value) }) else {
                        throw problem("standard_met.\(subject)", "\"\(key)\" is not a grade")
                    }
                    standards[subject.uppercased(), default: [:]][grade] = score
                }
            }
            var scale: ClosedRange<Double>?
            if let range = entry.scale {
                guard let low = range.min, let high = range.max, low.isFinite, high.isFinite, low <= high else { throw problem("scale") }
                scale = low...high
            }
            return TestDefinition(id: id, name: name, levels: levels, proficiency: proficiency, standardMet: standards, scale: scale)
        }
        return TestCatalog(tests)
    }
}

// MARK: - The file as decoded

/// The file's top level, decoded by hand so that its `version` is checked before anything else.
private struct RawCatalog: Decodable {
    let tests: [Listed<RawTest>]

    enum CodingKeys: String, CodingKey {
        case version, tests
    }

    static let messages: FieldMessages = [
        "version": "must be 1",
        "tests": "must be a list of tests",
    ]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard try container.decodeIfPresent(WholeNumber.self, forKey: .version)?.value == 1 else {
            throw FieldRefusal(at: container.codingPath + [CodingKeys.version])
        }
        guard let tests = try container.decodeIfPresent([Listed<RawTest>].self, forKey: .tests) else {
            throw FieldRefusal(at: container.codingPath + [CodingKeys.tests])
        }
        self.tests = tests
    }
}

/// One entry of `tests`. Other fields (`notes`) are left for people to read.
private struct RawTest: Decodable {
    let id: String?
    let name: String?
    let levels: [String: String]?
    let proficient: RawProficiencyRule?
    let standardMet: [String: [String: Double]]?
    let scale: RawScale?

    enum CodingKeys: String, CodingKey {
        case id, name, levels, proficient, scale
        case standardMet = "standard_met"
    }

    struct RawScale: Decodable {
        let min: Double?
        let max: Double?
    }

    /// Every field's message, for a value of the wrong kind and for a value the reader refuses.
    static let messages: FieldMessages = [
        "id": "a non-empty id is required",
        "name": "a name is required",
        "levels": "must map level numbers to names",
        "levels.*": "must map level numbers to names",
        "proficient": "must hold exactly one of \(RawProficiencyRule.Form.allCases.map(\.rawValue).joined(separator: ", "))",
        "proficient.level_at_least": "must be a whole number",
        "proficient.scale_score_at_least": "must be a number",
        "proficient.participation_only": "must be true",
        "standard_met": standardMetMessage,
        "standard_met.*": standardMetMessage,
        "standard_met.*.*": "must be a scale score",
        "scale": #"must be {"min": lowest, "max": highest} scale score"#,
        "scale.min": "must be a number",
        "scale.max": "must be a number",
    ]
    static let standardMetMessage = #"must map subjects to grades to a scale score ({"ELA": {"3": 2432}})"#
}

/// Exactly one of the ways a test is judged proficient.
private enum RawProficiencyRule: Decodable {
    case levelAtLeast(Int)
    case scaleScoreAtLeast(Double)
    case participationOnly(Bool)

    enum Form: String, CodingKey, CaseIterable {
        case levelAtLeast = "level_at_least", scaleScoreAtLeast = "scale_score_at_least", participationOnly = "participation_only"
    }

    init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyCodingKey.self).allKeys
        guard keys.count == 1, let key = keys.first else { throw FieldRefusal(at: decoder.codingPath) }
        guard let form = Form(stringValue: key.stringValue) else { throw FieldRefusal(at: decoder.codingPath + [key], "unknown rule") }
        let container = try decoder.container(keyedBy: Form.self)
        switch form {
        case .levelAtLeast: self = .levelAtLeast(try container.decode(WholeNumber.self, forKey: form).value)
        case .scaleScoreAtLeast: self = .scaleScoreAtLeast(try container.decode(Double.self, forKey: form))
        case .participationOnly: self = .participationOnly(try container.decode(Bool.self, forKey: form))
        }
    }
}
