public import Foundation
public import TandemContract
public import TandemDomain
import TandemEngine
public import TandemPorts

/// `tandem compute`: reads every district's records into columns, computes the whole cube from the
/// indicator definitions, applies the small-group rule and stores the values.
public struct ComputeService: Sendable {
    let store: any TandemStore

    public init(store: any TandemStore) { self.store = store }

    /// The partnership's minimum group size: the stored setting, else 11.
    public static let minimumGroupSizeKey = "partnership.minimum_group_size"

    public func minimumGroupSize() async throws -> Int {
        try await store.read { try $0.setting(Self.minimumGroupSizeKey) }.flatMap(Int.init) ?? SuppressionRule().minimumGroupSize
    }

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

    /// Replaces the partnership's definition files and (when `tests` is given) its test catalog files, once
    /// both have been read without error and every definition's tests are in the catalog (so a bad file
    /// changes nothing); returns the library they make with the built-in one (`partnershipLibrary()`).
    @discardableResult
    public func setDefinitionFiles(
        _ files: [(data: Data, file: String)],
        tests: [(data: Data, file: String)]? = nil
    ) async throws -> IndicatorLibrary {
        let catalogFiles: [(data: Data, file: String)]
        if let tests { catalogFiles = tests } else { catalogFiles = try await testFiles() }
        _ = try Self.library(extra: files, catalog: try Self.catalog(extra: catalogFiles))
        let definitionsJSON = try Self.encoded(files)
        let testsJSON = try tests.map(Self.encoded)
        try await store.write { db in
            try db.setSetting(Self.definitionFilesKey, definitionsJSON)
            if let testsJSON { try db.setSetting(Self.testFilesKey, testsJSON) }
        }
        return try await partnershipLibrary()
    }

    /// The districts' stored list parameter files (`docs/list-definitions.md`).
    public func listParameterFiles() async throws -> [(data: Data, file: String)] { try await storedFiles(Self.listParameterFilesKey) }

    /// The parameters of `files`, later files over earlier ones.
    public static func listParameters(_ files: [(data: Data, file: String)]) throws -> ListParameters {
        try files.reduce(ListParameters()) { $0.merging(try ListLibraryFile.readParameters($1.data, file: $1.file)) }
    }

    /// Replaces the districts' list parameter files once every parameter has been put into its list for
    /// every loaded district without a problem (so a bad file changes nothing).
    public func setListParameterFiles(_ files: [(data: Data, file: String)]) async throws {
        let districts = try await store.read { try $0.districtCodes() }
        _ = try ListLibraryFile.builtIn().library(districts: districts, parameters: try Self.listParameters(files))
        let json = try Self.encoded(files)
        try await store.write { try $0.setSetting(Self.listParameterFilesKey, json) }
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

    /// Whether the stored values are missing, from other definitions, or older than the latest load.
    public func isStale(definitionVersion: String) async throws -> Bool {
        try await store.read { db in
            guard let latest = try db.latestComputation() else { return true }
            let latestImport = try db.latestImportID()
            return latest.definitionVersion != definitionVersion || latest.latestImportID != latestImport
        }
    }

    /// The latest computation, if any.
    public func latestComputation() async throws -> Computation? {
        try await store.read { try $0.latestComputation() }
    }

    /// Reads definition files (`what` they are, for the message) from disk, for `setDefinitionFiles`.
    public static func readDefinitionFiles(_ paths: [String], what: String = "indicator definitions") throws -> [(data: Data, file: String)] {
        try paths.map { path in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputError("cannot read \(what) \(path)")
            }
            return (data, path)
        }
    }

    /// What a computation did and how long each part took.
    public struct Report: Sendable {
        public var computation: Computation
        public var districts: Int
        public var records: Int
        public var indicators: Int
        public var values: Int
        public var cohortValues: Int
        /// Cells hidden from partners and the public, cube and cohorts, for each reason.
        public var hidden: [SuppressionReason: Int]
        public var suppressed: Int { hidden.values.reduce(0, +) }
        /// Small groups hidden that some reader can still narrow down whatever else is hidden (pinned by
        /// what that reader may see: which groups are empty, their own school, the students no school lists).
        public var unprotectable: Int
        /// Hidden values as a share of all values, in percent: the information the suppression costs.
        public var hiddenShare: Double { values + cohortValues == 0 ? 0 : 100 * Double(suppressed) / Double(values + cohortValues) }
        public var loadSeconds: Double
        public var cubeSeconds: Double
        public var suppressionSeconds: Double
        /// Students on the lists (every list, district and year), and the seconds the lists took.
        public var listMembers: Int
        public var listSeconds: Double
        public var storeSeconds: Double
        /// The years each indicator has a value in each district, and why one has none.
        public var coverage: Coverage
    }

    /// Computes and stores the cube with the partnership's test catalog. `minimumGroupSize`, when given,
    /// becomes the partnership's setting.
    @discardableResult
    public func run(
        library: IndicatorLibrary,
        minimumGroupSize: Int? = nil,
        progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> Report {
        if let minimumGroupSize {
            guard minimumGroupSize >= 1 else { throw InputError("the minimum group size must be at least 1") }
            try await store.write { try $0.setSetting(Self.minimumGroupSizeKey, String(minimumGroupSize)) }
        }
        let rule = SuppressionRule(minimumGroupSize: try await self.minimumGroupSize())
        let catalog = try await partnershipCatalog()

        let latestImportID = try await store.read { try $0.latestImportID() }
        let loadStart = ContinuousClock.now
        let districts = try await store.readRecords { progress?("reading \($0)") }
        let loadSeconds = (ContinuousClock.now - loadStart).seconds

        progress?("computing \(library.indicators.count) indicators")
        let cubeStart = ContinuousClock.now
        let cube = try await offThePool { IndicatorEngine(library: library, catalog: catalog).compute(districts) }
        let cubeSeconds = (ContinuousClock.now - cubeStart).seconds

        progress?("applying the small-group rule and protecting linked cells")
        let suppressionStart = ContinuousClock.now
        let (reasons, cohortReasons) = try await offThePool {
            let suppression = CubeSuppression(rule: rule, measures: Dictionary(library.indicators.map { ($0.id, $0.measure) }) { first, _ in first })
            return (cube.blocks.map { suppression.reasons($0) }, cube.cohorts.map { suppression.reasons($0) })
        }
        let unprotectable = (reasons + cohortReasons).reduce(0) { $0 + $1.unprotectable }
        let suppressionSeconds = (ContinuousClock.now - suppressionStart).seconds

        progress?("computing the student lists")
        let listStart = ContinuousClock.now
        let lists = try await partnershipLists(districts: districts.map(\.districtCode))
        let listMembers = try await offThePool {
            zip(districts, ListEngine(catalog: catalog).members(of: lists.lists, in: districts)).flatMap { records, members in
                let definitions = lists.lists[records.districtCode] ?? []
                return members.map {
                    StoredListMember(
                        list: definitions[$0.list].id,
                        district: records.districtCode,
                        year: $0.year,
                        school: records.schoolCodes[Int($0.school)],
                        studentID: records.studentIDs[Int($0.student)],
                        grade: Int($0.grade),
                        reason: $0.reason
                    )
                }
            }
        }
        let listSeconds = (ContinuousClock.now - listStart).seconds

        let coverage = Coverage(cube: cube, districts: districts, library: library)
        progress?("storing values")
        let storeStart = ContinuousClock.now
        let computation = try await store.replaceResults(
            ComputedResults(
                cube: cube,
                reasons: reasons.map(\.reasons),
                cohortReasons: cohortReasons.map(\.reasons),
                library: library,
                minimumGroupSize: rule.minimumGroupSize,
                latestImportID: latestImportID,
                seconds: loadSeconds + cubeSeconds + suppressionSeconds,
                computedAt: Timestamp.now(),
                coverage: coverage.rows,
                listMembers: listMembers
            )
        )
        let storeSeconds = (ContinuousClock.now - storeStart).seconds

        let valueCount = cube.blocks.reduce(0) { $0 + $1.denominators.count { $0 > 0 } }
        let cohortValues = cube.cohorts.reduce(0) { $0 + $1.denominators.count { $0 > 0 } }
        var hidden: [SuppressionReason: Int] = [:]
        for block in reasons + cohortReasons {
            for reason in block.reasons where reason.isSuppressed { hidden[reason, default: 0] += 1 }
        }
        let records = districts.reduce(0) {
            $0 + $1.enrollments.count + $1.assessments.count + $1.courses.count + $1.outcomes.count + $1.studentCount
        }
        return Report(
            computation: computation,
            districts: districts.count,
            records: records,
            indicators: library.indicators.count,
            values: valueCount,
            cohortValues: cohortValues,
            hidden: hidden,
            unprotectable: unprotectable,
            loadSeconds: loadSeconds,
            cubeSeconds: cubeSeconds,
            suppressionSeconds: suppressionSeconds,
            listMembers: listMembers.count,
            listSeconds: listSeconds,
            storeSeconds: storeSeconds,
            coverage: coverage
        )
    }
}
