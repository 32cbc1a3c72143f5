public import Foundation
import TandemContract
import TandemDomain
public import TandemPorts

/// Loads one district's folder of contract files: reads and checks everything first, then writes it all
/// in one transaction, or writes nothing and reports every error.
public struct ImportService: Sendable {
    let store: any TandemStore
    /// How many errors a report keeps in full (the rest are counted).
    public var errorCap = 1000

    public init(store: any TandemStore) { self.store = store }

    /// Reads and checks the folder and, when `write` and every check passes, writes it.
    public func load(
        district: String,
        folder: String,
        loadedBy: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown",
        write: Bool = true,
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) async throws -> ImportReport {
        let started = Date()
        let sources = try Self.locateFiles(district: district, folder: folder)
        var warnings = IssueLog(cap: errorCap)
        for extra in sources.unknownFiles {
            warnings.add(ImportIssue(file: extra, line: 0, column: "(file)", message: "not a file of the data contract; ignored"))
        }

        // Read and check every file at once: they do not depend on one another until references.
        let results = try await withThrowingTaskGroup(of: (Int, ContractFileReader.Result, Int, Double).self) { group in
            for (index, spec) in sources.specs.enumerated() {
                let path = (folder as NSString).appendingPathComponent(spec.fileName)
                group.addTask {
                    let started = ContinuousClock.now
                    // Mapped, not read: the page cache is used in place, with no copy and no zeroed buffer.
                    guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
                        throw InputError("cannot read \(path)")
                    }
                    let reader = ContractFileReader(spec: spec, district: district) { rows in
                        progress?(.reading(file: spec.fileName, rows: rows))
                    }
                    let result = data.withUnsafeBytes { raw in reader.read(raw.bindMemory(to: UInt8.self)) }
                    return (index, result, data.count, (ContinuousClock.now - started).seconds)
                }
            }
            var collected: [(Int, ContractFileReader.Result, Int, Double)] = []
            for try await result in group { collected.append(result) }
            return collected.sorted { $0.0 < $1.0 }
        }

        var errors = IssueLog(cap: errorCap)
        var parsed: [ParsedFile] = []
        var summaries: [ImportReport.FileSummary] = []
        for (index, result, bytes, seconds) in results {
            errors.merge(result.errors)
            warnings.merge(result.warnings)
            if let file = result.file {
                parsed.append(file)
                summaries.append(
                    .init(fileName: sources.specs[index].fileName, rows: file.rowCount, years: file.years, bytes: bytes, checkSeconds: seconds)
                )
            }
        }

        if let assessments = parsed.first(where: { $0.spec.fileName == DataContract.assessments.fileName }) {
            let catalog = try await ComputeService(store: store).partnershipCatalog()
            let checked = Self.checkAgainstCatalog(assessments, catalog: catalog)
            for issue in checked.warnings { warnings.add(issue) }
            for issue in checked.errors { errors.add(issue) }
        }

        if let enrollments = parsed.first(where: { $0.spec.fileName == DataContract.enrollments.fileName }) {
            for issue in Self.unknownsCounted(enrollments) { warnings.add(issue) }
        }

        progress?(.checkingReferences)
        let referencesStarted = ContinuousClock.now
        let references = try await ReferenceCheck(store: store, district: district, files: parsed).run()
        let referenceSeconds = (ContinuousClock.now - referencesStarted).seconds
        errors.merge(references.errors)
        let readSeconds = Date().timeIntervalSince(started)

        /// The report, loaded or not, with the checks' findings and times.
        func report(loaded: Bool, files: [ImportReport.FileSummary], writeSeconds: Double) -> ImportReport {
            ImportReport(
                district: district,
                loaded: loaded,
                files: files,
                errors: errors,
                warnings: warnings,
                withoutEnrollment: references.tally,
                readSeconds: readSeconds,
                referenceSeconds: referenceSeconds,
                writeSeconds: writeSeconds
            )
        }
        guard write else {
            var checked = report(loaded: false, files: summaries, writeSeconds: 0)
            checked.checkedOnly = true
            return checked
        }
        guard errors.isEmpty else { return report(loaded: false, files: summaries, writeSeconds: 0) }

        let writeStarted = Date()
        let totals = Dictionary(uniqueKeysWithValues: parsed.map { ($0.spec.fileName, $0.rowCount) })
        let years = Set(parsed.flatMap(\.years)).sorted()
        let log = ImportLogEntry(
            districtCode: district,
            startedAt: Timestamp.string(started),
            finishedAt: Timestamp.now(),
            loadedBy: loadedBy,
            source: (folder as NSString).standardizingPath,
            files: parsed.map { "\($0.spec.fileName)=\($0.rowCount)" }.joined(separator: "; "),
            totalRows: parsed.reduce(0) { $0 + $1.rowCount },
            years: years.yearSpan,
            warnings: warnings.total,
            result: "loaded"
        )
        let writeSeconds = try await store.writeLoad(DistrictLoad(district: district, files: parsed, log: log)) { file, rows in
            progress?(.writing(file: file, rows: rows, of: totals[file] ?? rows))
        }
        for index in summaries.indices { summaries[index].writeSeconds = writeSeconds[summaries[index].fileName] ?? 0 }
        return report(loaded: true, files: summaries, writeSeconds: Date().timeIntervalSince(writeStarted))
    }

    /// What the partnership's test catalog says of the results, in one pass over them: a warning per test
    /// code the catalog does not know, with its rows (such results count in no indicator that asks whether
    /// a result is proficient, so a district should know before it wonders why those indicators are
    /// empty), and an error per result whose scale score is outside its test's scale or whose level is not
    /// one of its test's levels (it would be judged, or measured from the standard, on a number the test
    /// cannot give).
    static func checkAgainstCatalog(_ assessments: ParsedFile, catalog: TestCatalog) -> (warnings: [ImportIssue], errors: [ImportIssue]) {
        guard case .text(let tests) = assessments.column("test"), case .number(let scores) = assessments.column("scale_score"),
            case .integer(let levels) = assessments.column("performance_level")
        else { return ([], []) }
        // Each spelling of a test code once: its catalog entry and its rows.
        var spellings: [ArraySlice<UInt8>: Int] = [:]
        var definitions: [TestDefinition?] = []
        var rowCounts: [Int] = []
        var codes: [String] = []
        var errors: [ImportIssue] = []
        var start = 0
        for (row, end) in tests.ends.enumerated() {
            let bytes = tests.arena[start..<Int(end)]
            start = Int(end)
            let spelling: Int
            if let known = spellings[bytes] {
                spelling = known
            } else {
                spelling = definitions.count
                spellings[bytes] = spelling
                // Codes compare ignoring case, as the catalog does.
                codes.append(String(decoding: bytes, as: UTF8.self).uppercased())
                definitions.append(catalog[codes[spelling]])
                rowCounts.append(0)
            }
            rowCounts[spelling] += 1
            guard let definition = definitions[spelling] else { continue }
            let line = Int(assessments.lines[row])
            if let scale = definition.scale, !scores[row].isNaN, !scale.contains(scores[row]) {
                errors.append(
                    ImportIssue(
                        file: assessments.spec.fileName,
                        line: line,
                        column: "scale_score",
                        message:
                            "\(scores[row].plain) is outside \(definition.id)'s scale, \(scale.lowerBound.plain)–\(scale.upperBound.plain) (the test catalog)"
                    )
                )
            }
            let level = levels[row]
            if level != ColumnValues.missingInteger, !definition.levels.isEmpty, definition.levels[Int(level)] == nil {
                let known = definition.levels.keys.sorted()
                errors.append(
                    ImportIssue(
                        file: assessments.spec.fileName,
                        line: line,
                        column: "performance_level",
                        message: "\(level) is not a level of \(definition.id) (\(known.first!)–\(known.last!) in the test catalog)"
                    )
                )
            }
        }
        var unknownRows: [String: Int] = [:]
        for (spelling, code) in codes.enumerated() where definitions[spelling] == nil { unknownRows[code, default: 0] += rowCounts[spelling] }
        let warnings = unknownRows.sorted { $0.key < $1.key }.map { code, rows in
            ImportIssue(
                file: DataContract.assessments.fileName,
                line: 0,
                column: "test",
                message:
                    "\"\(code)\" (\(rows.grouped) rows) is not in the test catalog: its results count in no indicator that asks whether a result is proficient"
            )
        }
        return (warnings, errors)
    }

    /// A notice per column where the district said it does not know (`U` for `sed`/`swd`, `TBD` for
    /// `el_status`), with its rows: those students count in all students and in no group of the column, so
    /// the groups' values are smaller than the district's true ones.
    static func unknownsCounted(_ enrollments: ParsedFile) -> [ImportIssue] {
        func issue(_ column: String, _ rows: Int, _ spelling: String, _ groups: String) -> ImportIssue? {
            guard rows > 0 else { return nil }
            return ImportIssue(
                file: DataContract.enrollments.fileName,
                line: 0,
                column: column,
                message:
                    "\(rows == 1 ? "1 row says" : "\(rows.grouped) rows say") \(spelling) (not known): those students count in all students and in no \(groups) group"
            )
        }
        func missing(_ column: String) -> Int {
            guard case .integer(let values)? = enrollments.spec.columnIndex(column).map({ enrollments.columns[$0] }) else { return 0 }
            return values.count { $0 == ColumnValues.missingInteger }
        }
        var toBeDetermined = 0
        if case .code(let indexes, let allowed)? = enrollments.spec.columnIndex("el_status").map({ enrollments.columns[$0] }),
            let tbd = allowed.firstIndex(of: ELStatus.toBeDetermined.rawValue)
        {
            // Code indexes count from 1 (0 is missing).
            toBeDetermined = indexes.count { Int($0) == tbd + 1 }
        }
        return [
            issue("sed", missing("sed"), "U", "SED"),
            issue("swd", missing("swd"), "U", "SWD"),
            issue("el_status", toBeDetermined, "TBD", "English-learner (EL, RFEP, EVER_EL, LTEL, EO)"),
        ].compactMap { $0 }
    }

    /// Checks the district code and the folder (it exists, it holds the required files) without reading
    /// any file, so a usage error is reported before a database is opened or created.
    public static func checkFolder(district: String, folder: String) throws {
        _ = try locateFiles(district: district, folder: folder)
    }

    private struct Sources {
        var specs: [ContractFile]
        var unknownFiles: [String]
    }

    private static func locateFiles(district: String, folder: String) throws -> Sources {
        guard !district.isEmpty, district.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw InputError("the district code \"\(district)\" must be letters, digits, - or _")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("\(folder) is not a folder")
        }
        let names = Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        let missing = DataContract.files.filter { $0.isRequired && !names.contains($0.fileName) }
        guard missing.isEmpty else {
            throw InputError("\(folder) has no \(missing.map(\.fileName).joined(separator: ", ")) (required in every load)")
        }
        let known = Set(DataContract.files.map(\.fileName))
        return Sources(
            specs: DataContract.files.filter { names.contains($0.fileName) },
            unknownFiles: names.filter { $0.lowercased().hasSuffix(".csv") && !known.contains($0) }.sorted()
        )
    }
}
