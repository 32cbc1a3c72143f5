public import Foundation
public import TandemContract
public import TandemDomain
import TandemPorts

/// The partnership's own definitions — indicator files, test catalog files, each district's list
/// parameters — read, checked and kept in the database, so every later computation (and the pages built on
/// it) uses the same definitions until they are replaced.
extension ComputeService {
    /// The built-in MOU library plus the indicators of `extraFiles` (each replacing a built-in one with
    /// the same id). Bad files are rejected with the file, indicator and field.
    public static func library(extraFiles: [String]) throws -> IndicatorLibrary {
        try library(extra: try readDefinitionFiles(extraFiles))
    }

    /// The built-in library plus definitions already read into memory (`file` names them in errors). Every
    /// test a definition names must be in `catalog` (default: the built-in one): a definition counting a
    /// test nobody described would be an empty series with no word why.
    public static func library(extra: [(data: Data, file: String)], catalog: TestCatalog? = nil) throws -> IndicatorLibrary {
        let catalog = try catalog ?? TestCatalogFile.builtIn()
        return try extra.reduce(IndicatorLibraryFile.builtIn()) { library, file in
            let read = try IndicatorLibraryFile.read(file.data, file: file.file)
            for definition in read.indicators {
                for named in definition.testsNamed where catalog[named.test] == nil {
                    throw DefinitionFileProblem(
                        file: file.file,
                        entry: "indicator \(definition.id)",
                        field: named.field,
                        message: "\"\(named.test)\" is not in the test catalog (\(catalog.tests.keys.sorted().joined(separator: ", "))); "
                            + "a partnership describes its own tests with tandem compute --tests FILE"
                    )
                }
            }
            return library.adding(read)
        }
    }

    /// The built-in test catalog plus the tests of `extra` (each replacing a built-in test with the same
    /// id): levels, the proficient level, `standard_met`. Bad files are rejected with the file, test and field.
    public static func catalog(extra: [(data: Data, file: String)]) throws -> TestCatalog {
        try extra.reduce(TestCatalogFile.builtIn()) { catalog, file in catalog.merging(try TestCatalogFile.read(file.data, file: file.file)) }
    }

    /// The partnership's own definition and test catalog files, kept in the database so every later
    /// computation (and the pages built on it) uses the same definitions until they are replaced.
    static let definitionFilesKey = "partnership.indicator_files"
    static let testFilesKey = "partnership.test_files"
    static let listParameterFilesKey = "partnership.list_parameter_files"

    private struct StoredFile: Codable {
        var file: String
        var content: String
    }

    private func storedFiles(_ key: String) async throws -> [(data: Data, file: String)] {
        guard let json = try await store.read({ try $0.setting(key) }) else { return [] }
        return try JSONDecoder().decode([StoredFile].self, from: Data(json.utf8)).map { (Data($0.content.utf8), $0.file) }
    }

    private static func encoded(_ files: [(data: Data, file: String)]) throws -> String {
        let stored = files.map { StoredFile(file: ($0.file as NSString).lastPathComponent, content: String(decoding: $0.data, as: UTF8.self)) }
        return String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
    }

    /// The partnership's stored definition files.
    public func definitionFiles() async throws -> [(data: Data, file: String)] { try await storedFiles(Self.definitionFilesKey) }

    /// The partnership's stored test catalog files.
    public func testFiles() async throws -> [(data: Data, file: String)] { try await storedFiles(Self.testFilesKey) }

    /// The districts' stored list parameter files (`docs/list-definitions.md`).
    public func listParameterFiles() async throws -> [(data: Data, file: String)] { try await storedFiles(Self.listParameterFilesKey) }

    /// The parameters of `files`, later files over earlier ones.
    public static func listParameters(_ files: [(data: Data, file: String)]) throws -> ListParameters {
        try files.reduce(ListParameters()) { $0.merging(try ListLibraryFile.readParameters($1.data, file: $1.file)) }
    }

    /// Replaces the partnership's indicator definition files, test catalog files and districts' list
    /// parameter files — each only when given (`nil` keeps the stored ones) — in one write, once all of them
    /// have been read without error, every definition's tests are in the catalog and every parameter has
    /// gone into its list for every loaded district: a bad file changes nothing. Returns the library they
    /// make with the built-in one (`partnershipLibrary()`).
    @discardableResult
    public func replaceDefinitions(
        indicators: [(data: Data, file: String)]? = nil,
        tests: [(data: Data, file: String)]? = nil,
        listParameters: [(data: Data, file: String)]? = nil
    ) async throws -> IndicatorLibrary {
        func given(
            _ files: [(data: Data, file: String)]?,
            else stored: () async throws -> [(data: Data, file: String)]
        ) async throws
            -> [(data: Data, file: String)]
        {
            if let files { return files }
            return try await stored()
        }
        let catalog = try Self.catalog(extra: try await given(tests, else: testFiles))
        _ = try Self.library(extra: try await given(indicators, else: definitionFiles), catalog: catalog)
        let districts = try await store.read { try $0.districtCodes() }
        _ = try ListLibraryFile.builtIn().library(
            districts: districts,
            parameters: try Self.listParameters(try await given(listParameters, else: listParameterFiles))
        )
        let settings = try [(Self.definitionFilesKey, indicators), (Self.testFilesKey, tests), (Self.listParameterFilesKey, listParameters)]
            .compactMap { key, files in try files.map { (key, try Self.encoded($0)) } }
        try await store.write { db in
            for (key, json) in settings { try db.setSetting(key, json) }
        }
        return try await partnershipLibrary()
    }

    /// The built-in lists with each district's stored parameters.
    public func partnershipLists(districts: [String]) async throws -> ListLibrary {
        try ListLibraryFile.builtIn().library(districts: districts, parameters: try Self.listParameters(try await listParameterFiles()))
    }

    /// The built-in test catalog with the partnership's stored tests.
    public func partnershipCatalog() async throws -> TestCatalog {
        try Self.catalog(extra: try await testFiles())
    }

    /// The built-in library with the partnership's stored definitions. Its version names the stored test
    /// catalog and list parameters too (`mou-3+tests-…+lists-…`), since a changed proficient level or score
    /// band changes what is computed as much as a changed definition does.
    public func partnershipLibrary() async throws -> IndicatorLibrary {
        let tests = try await testFiles()
        var library = try Self.library(extra: try await definitionFiles(), catalog: try Self.catalog(extra: tests))
        for (label, files) in [("tests", tests), ("lists", try await listParameterFiles())] where !files.isEmpty {
            var hash = FNV1a()
            for file in files { hash.combine(file.data) }
            library.version += "+\(label)-" + String(hash.value, radix: 16)
        }
        return library
    }

    /// Reads definition files (`what` they are, for the message) from disk, for `replaceDefinitions`.
    public static func readDefinitionFiles(_ paths: [String], what: String = "indicator definitions") throws -> [(data: Data, file: String)] {
        try paths.map { path in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputError("cannot read \(what) \(path)")
            }
            return (data, path)
        }
    }
}
