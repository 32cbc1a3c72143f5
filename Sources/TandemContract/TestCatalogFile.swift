import Foundation
import TandemDomain

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
/// measured. A bad file is rejected with its name, the test and the field.
public enum TestCatalogFile {
    public typealias Problem = DefinitionFileProblem

    /// The catalog that ships with Tandem.
    public static func builtIn() throws -> TestCatalog {
        try read(DefinitionFileProblem.builtInFile("test-catalog"), file: "test-catalog.json")
    }

    public static func read(_ data: Data, file: String) throws -> TestCatalog {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Problem(file: file, entry: nil, field: "(file)", message: "not a JSON object")
        }
        guard root["version"] as? Int == 1 else {
            throw Problem(file: file, entry: nil, field: "version", message: "must be 1")
        }
        guard let entries = root["tests"] as? [[String: Any]] else {
            throw Problem(file: file, entry: nil, field: "tests", message: "must be a list of tests")
        }
        var seen = Set<String>()
        let tests = try entries.enumerated().map { index, entry -> TestDefinition in
            guard let id = entry["id"] as? String, !id.isEmpty else {
                throw Problem(file: file, entry: "test #\(index + 1)", field: "id", message: "a non-empty id is required")
            }
            guard seen.insert(id.uppercased()).inserted else {
                throw Problem(file: file, entry: "test \(id)", field: "id", message: "appears twice")
            }
            guard let name = entry["name"] as? String, !name.isEmpty else {
                throw Problem(file: file, entry: "test \(id)", field: "name", message: "a name is required")
            }
            var levels: [Int: String] = [:]
            if let raw = entry["levels"] {
                guard let table = raw as? [String: String] else {
                    throw Problem(file: file, entry: "test \(id)", field: "levels", message: "must map level numbers to names")
                }
                for (key, value) in table {
                    guard let level = Int(key) else {
                        throw Problem(file: file, entry: "test \(id)", field: "levels", message: "\"\(key)\" is not a level number")
                    }
                    levels[level] = value
                }
            }
            return TestDefinition(id: id, name: name, levels: levels, proficiency: try rule(entry["proficient"], test: id, levels: levels, file: file),
                                  standardMet: try standardMet(entry["standard_met"], test: id, file: file))
        }
        return TestCatalog(tests)
    }

    private static func standardMet(_ raw: Any?, test: String, file: String) throws -> [String: [Int: Double]] {
        guard let raw else { return [:] }
        let message = "must map subjects to grades to a scale score ({\"ELA\": {\"3\": 2432}})"
        guard let subjects = raw as? [String: Any] else { throw Problem(file: file, entry: "test \(test)", field: "standard_met", message: message) }
        var standards: [String: [Int: Double]] = [:]
        for (subject, grades) in subjects {
            let field = "standard_met.\(subject)"
            guard !subject.isEmpty, let grades = grades as? [String: Any] else { throw Problem(file: file, entry: "test \(test)", field: field, message: message) }
            for (key, value) in grades {
                guard let grade = Grade(code: key).map({ Int($0.value) }) else {
                    throw Problem(file: file, entry: "test \(test)", field: field, message: "\"\(key)\" is not a grade")
                }
                guard !JSONValue.isBool(value), let score = (value as? NSNumber)?.doubleValue, score.isFinite else {
                    throw Problem(file: file, entry: "test \(test)", field: "\(field).\(key)", message: "must be a scale score")
                }
                standards[subject.uppercased(), default: [:]][grade] = score
            }
        }
        return standards
    }

    private static func rule(_ raw: Any?, test: String, levels: [Int: String], file: String) throws -> ProficiencyRule {
        guard let rule = raw as? [String: Any], rule.count == 1, let (key, value) = rule.first else {
            throw Problem(file: file, entry: "test \(test)", field: "proficient",
                          message: "must hold exactly one of level_at_least, scale_score_at_least, participation_only")
        }
        switch key {
        case "level_at_least":
            guard let level = value as? Int else { throw Problem(file: file, entry: "test \(test)", field: "proficient.level_at_least", message: "must be a whole number") }
            guard levels.isEmpty || levels[level] != nil else {
                throw Problem(file: file, entry: "test \(test)", field: "proficient.level_at_least", message: "\(level) is not one of the test's levels")
            }
            return .levelAtLeast(level)
        case "scale_score_at_least":
            guard let score = (value as? NSNumber)?.doubleValue else { throw Problem(file: file, entry: "test \(test)", field: "proficient.scale_score_at_least", message: "must be a number") }
            return .scaleScoreAtLeast(score)
        case "participation_only":
            guard value as? Bool == true else { throw Problem(file: file, entry: "test \(test)", field: "proficient.participation_only", message: "must be true") }
            return .participationOnly
        default:
            throw Problem(file: file, entry: "test \(test)", field: "proficient.\(key)", message: "unknown rule")
        }
    }
}
