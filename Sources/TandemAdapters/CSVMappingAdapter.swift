import Foundation
import TandemContract
import TandemDomain

/// `tandem convert csv --mapping MAP.json IN OUT`: CSV extracts to one contract folder, by a `CSVMapping`.
public struct CSVMappingAdapter: Sendable {
    public let mapping: CSVMapping

    public init(mapping: CSVMapping) { self.mapping = mapping }

    /// Reads the source files the mapping names from `folder`; throws `ConversionError` for a file that
    /// cannot be read, is not CSV, or lacks a column the mapping reads.
    public func convert(folder: String) throws -> (rows: ContractRows, report: ConversionReport) {
        var tables: [String: SourceTable] = [:]
        var report = ConversionReport()
        func table(_ name: String) throws -> SourceTable {
            if let table = tables[name] { return table }
            let table = try SourceTable.read(folder: folder, name: name)
            tables[name] = table
            if table.shortRows > 0 {
                report.note(
                    "\(name): \(table.shortRows.grouped) \(table.shortRows == 1 ? "row has" : "rows have") fewer fields than the header: the missing ones are taken as empty"
                )
            }
            if table.longRows > 0 {
                report.note(
                    "\(name): \(table.longRows.grouped) \(table.longRows == 1 ? "row has" : "rows have") more fields than the header: the extra ones are ignored"
                )
            }
            return table
        }
        let census = mapping.censusDate.flatMap(CensusDay.init) ?? CensusDay("10-01")!
        var rows = ContractRows()
        rows.declare(district: mapping.districtCode, name: mapping.districtName)
        // In load order, so that the report reads as the folder does.
        let rules = mapping.files.sorted { a, b in
            DataContract.files.firstIndex { $0.fileName == a.output }! < DataContract.files.firstIndex { $0.fileName == b.output }!
        }
        for rule in rules {
            let spec = DataContract.files.first { $0.fileName == rule.output }!
            let main = try table(rule.source)
            var joined: [String: (join: CSVMapping.Join, table: SourceTable, index: [String: [Int]])] = [:]
            for join in rule.join ?? [] {
                let other = try table(join.source)
                let keys = join.on.sorted { $0.key < $1.key }
                for (mine, theirs) in keys {
                    try main.require(mine, for: "\(rule.output): join \(join.name) on")
                    try other.require(theirs, for: "\(rule.output): join \(join.name) on")
                }
                let columns = keys.map { other.column($0.value)! }
                var index: [String: [Int]] = [:]
                for row in other.rows.indices { index[other.key(row, columns), default: []].append(row) }
                try checkChoice(join.choose, other, "\(rule.output): join \(join.name) choose")
                joined[join.name] = (join, other, index)
            }
            try checkChoice(rule.choose, main, "\(rule.output): choose")
            let readers = try rule.columns.mapValues { try ValueReader($0, main: main, joins: joined.mapValues(\.table), for: rule.output) }

            // One row per key, when the source has several.
            var chosen = Array(main.rows.indices)
            if let keyColumns = rule.oneRowPer, !keyColumns.isEmpty {
                for column in keyColumns { try main.require(column, for: "\(rule.output): one_row_per") }
                let columns = keyColumns.map { main.column($0)! }
                var groups: [String: [Int]] = [:]
                var order: [String] = []
                for row in main.rows.indices {
                    let key = main.key(row, columns)
                    if groups[key] == nil { order.append(key) }
                    groups[key, default: []].append(row)
                }
                let choice = rule.choose ?? .first
                chosen = order.compactMap { choose(groups[$0]!, in: main, by: choice, census: census, output: rule.output, &report) }
                if chosen.count < main.rows.count {
                    report.note(
                        "\(rule.output): \(main.rows.count.grouped) rows of \(rule.source) → \(chosen.count.grouped), one per \(keyColumns.joined(separator: ", ")) (\(choice.summary))"
                    )
                }
            }

            for row in chosen {
                let line = SourceLine(file: rule.source, line: main.lines[row])
                var picks: [String: Int] = [:]
                var missingJoin: String?
                for (name, join) in joined.sorted(by: { $0.key < $1.key }) {
                    let keys = join.join.on.sorted { $0.key < $1.key }
                    let key = main.key(row, keys.map { main.column($0.key)! })
                    let candidates = join.index[key] ?? []
                    if let pick = choose(candidates, in: join.table, by: join.join.choose ?? .first, census: census, output: rule.output, &report) {
                        picks[name] = pick
                    } else if join.join.required ?? false {
                        missingJoin =
                            candidates.isEmpty
                            ? "no row in \(join.table.name) for its \(keys.map(\.key).joined(separator: ", "))"
                            : "no row of \(join.table.name) chosen for it (\(join.join.choose?.summary ?? "first"))"
                        break
                    }
                }
                if let missingJoin {
                    report.dropped(file: rule.output, reason: missingJoin, example: line)
                    continue
                }
                var values: [String: String] = [:]
                var unmapped: Set<String> = []
                for (column, reader) in readers {
                    let required = spec.columns.first { $0.name == column }!.required
                    switch reader.read(row: row, picks: picks) {
                    case .value(let value): values[column] = value
                    case .unmapped(let raw):
                        unmapped.insert(column)
                        report.unmapped(
                            file: rule.output,
                            column: column,
                            value: raw,
                            outcome: required ? "row dropped" : "left empty",
                            example: line
                        )
                    }
                }
                rows.append(spec, district: mapping.districtCode, values, source: line, unmapped: unmapped)
            }
            for (column, columnRule) in rule.columns.sorted(by: { $0.key < $1.key }) {
                if let constant = columnRule.constant {
                    report.note("\(rule.output) \(column): \"\(constant)\" in every row (a constant of the mapping)")
                }
            }
        }
        rows.finish(&report)
        return (rows, report)
    }

    private func checkChoice(_ choice: CSVMapping.Choice?, _ table: SourceTable, _ use: String) throws {
        guard let choice else { return }
        for column in [choice.by, choice.start, choice.end, choice.year].compactMap({ $0 }) { try table.require(column, for: use) }
    }

    /// The row `choice` picks of `candidates` (row indices of `table`, in file order), or `nil`.
    private func choose(
        _ candidates: [Int],
        in table: SourceTable,
        by choice: CSVMapping.Choice,
        census: CensusDay,
        output: String,
        _ report: inout ConversionReport
    ) -> Int? {
        guard !candidates.isEmpty else { return nil }
        switch choice.rule {
        case .none: return nil
        case .first: return candidates.first
        case .last: return candidates.last
        case .latest: return latest(candidates, in: table, by: choice)
        case .covering:
            let layout = choice.dateFormat.flatMap(DateLayout.init)
            func day(_ row: Int, _ column: String) -> Day? {
                let text = table.value(row, column)
                guard !text.isEmpty else { return nil }
                if let day = layout?.day(text) ?? Day(iso: text) { return day }
                report.unmapped(
                    file: output,
                    column: "(choosing by \(table.name) \(column))",
                    value: text,
                    outcome: column == choice.end
                        ? "not a date in the mapping's date_format: the period is taken as open"
                        : "not a date in the mapping's date_format: the row cannot be chosen as covering",
                    example: SourceLine(file: table.name, line: table.lines[row])
                )
                return nil
            }
            var best: (row: Int, start: Day)?
            for row in candidates {
                guard let yearText = Int(table.value(row, choice.year!)),
                    let censusDay = census.day(inSchoolYear: yearText + (choice.yearIs == "starting" ? 1 : 0)),
                    let start = day(row, choice.start!), start <= censusDay
                else { continue }
                if let end = day(row, choice.end!), end < censusDay { continue }
                if best == nil || start >= best!.start { best = (row, start) }
            }
            if let best { return best.row }
            switch choice.otherwise ?? .none {
            case .first: return candidates.first
            case .last: return candidates.last
            case .latest: return latest(candidates, in: table, by: choice)
            case .none, .covering: return nil
            }
        }
    }

    /// The row with the greatest `by` (numbers as numbers, dates by `date_format`, else text); the later on a tie.
    private func latest(_ candidates: [Int], in table: SourceTable, by choice: CSVMapping.Choice) -> Int? {
        let layout = choice.dateFormat.flatMap(DateLayout.init)
        func less(_ a: String, _ b: String) -> Bool {
            if let x = Double(a), let y = Double(b) { return x < y }
            if let layout, let x = layout.day(a), let y = layout.day(b) { return x < y }
            return a < b
        }
        var best = candidates[0]
        for row in candidates.dropFirst() where !less(table.value(row, choice.by!), table.value(best, choice.by!)) { best = row }
        return best
    }
}

extension CSVMapping.Choice {
    static let first = CSVMapping.Choice(rule: .first)

    /// The rule in words, for the report.
    var summary: String {
        switch rule {
        case .first: "the first in the file"
        case .last: "the last in the file"
        case .latest: "the greatest \(by ?? "")"
        case .none: "none"
        case .covering:
            "the \(start ?? "")…\(end ?? "") covering the census day, else "
                + (otherwise.map { $0 == .latest ? "the greatest \(by ?? "")" : "\($0)" } ?? "none")
        }
    }
}

/// Reads one contract column's value for a source row, by its `ColumnRule`.
struct ValueReader {
    enum Result {
        case value(String)
        /// The source value could not be made a contract value (not in `values`, not a year or a date).
        case unmapped(String)
    }

    private enum Source {
        case column(table: String?, index: Int)
        case constant(String)
        case template([(text: String, column: (table: String?, index: Int)?)])
    }

    private let source: Source
    private let rule: CSVMapping.ColumnRule
    private let main: SourceTable
    private let joins: [String: SourceTable]
    private let foldedValues: [String: String]
    private let layout: DateLayout?

    init(_ rule: CSVMapping.ColumnRule, main: SourceTable, joins: [String: SourceTable], for output: String) throws {
        self.rule = rule
        self.main = main
        self.joins = joins
        func resolve(_ reference: String) throws -> (table: String?, index: Int) {
            if let dot = reference.firstIndex(of: "."), let table = joins[String(reference[..<dot])] {
                let column = String(reference[reference.index(after: dot)...])
                try table.require(column, for: output)
                return (String(reference[..<dot]), table.column(column)!)
            }
            try main.require(reference, for: output)
            return (nil, main.column(reference)!)
        }
        if let from = rule.from {
            let place = try resolve(from)
            source = .column(table: place.table, index: place.index)
        } else if let constant = rule.constant {
            source = .constant(constant)
        } else {
            var pieces: [(text: String, column: (table: String?, index: Int)?)] = []
            var rest = Substring(rule.template ?? "")
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                pieces.append((String(rest[..<open]), nil))
                pieces.append(("", try resolve(String(rest[rest.index(after: open)..<close]))))
                rest = rest[rest.index(after: close)...]
            }
            pieces.append((String(rest), nil))
            source = .template(pieces)
        }
        var folded: [String: String] = [:]
        for (key, value) in rule.values ?? [:] { folded[key.trimmingCharacters(in: .whitespaces).lowercased()] = value }
        foldedValues = folded
        layout = rule.dateFormat.flatMap(DateLayout.init)
    }

    func read(row: Int, picks: [String: Int]) -> Result {
        func cell(_ place: (table: String?, index: Int)) -> String {
            guard let name = place.table else { return main.rows[row][place.index] }
            guard let picked = picks[name], let table = joins[name] else { return "" }
            return table.rows[picked][place.index]
        }
        var text: String
        switch source {
        case .constant(let constant): return .value(constant)
        case .column(let table, let index): text = cell((table, index))
        case .template(let pieces): text = pieces.map { $0.column.map(cell) ?? $0.text }.joined()
        }
        if let values = rule.values {
            if let mapped = values[text] ?? foldedValues[text.trimmingCharacters(in: .whitespaces).lowercased()] {
                text = mapped
            } else {
                return .unmapped(text)
            }
        }
        guard !text.isEmpty else { return .value("") }
        if let year = rule.year {
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else { return .unmapped(text) }
            return .value(String(number + (year == "starting" ? 1 : 0)))
        }
        if let layout {
            guard let day = layout.day(text) else { return .unmapped(text) }
            return .value(day.iso)
        }
        return .value(text)
    }
}

/// A source CSV file in memory: its header, rows of trimmed fields (short rows padded), and each row's line.
struct SourceTable: Sendable {
    let name: String
    let header: [String]
    let rows: [[String]]
    let lines: [Int]
    /// Rows with fewer fields than the header (padded with empty cells) and with more (the extra ignored).
    let shortRows: Int
    let longRows: Int
    private let columns: [String: Int]

    func column(_ name: String) -> Int? { columns[name.trimmingCharacters(in: .whitespaces).lowercased()] }

    func value(_ row: Int, _ column: String) -> String { self.column(column).map { rows[row][$0] } ?? "" }

    func key(_ row: Int, _ columns: [Int]) -> String { columns.map { rows[row][$0] }.joined(separator: "\u{1F}") }

    /// Throws the located problem when the header has no such column.
    func require(_ column: String, for use: String) throws {
        guard self.column(column) == nil else { return }
        throw ConversionError(
            file: name,
            line: 1,
            message: "no column \"\(column)\" (the mapping's \(use) reads it); the header has \(header.joined(separator: ", "))"
        )
    }

    static func read(folder: String, name: String) throws -> SourceTable {
        let path = (folder as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConversionError(file: name, line: 0, message: "cannot read \(path)")
        }
        var header: [String] = []
        var rows: [[String]] = []
        var lines: [Int] = []
        var shortRows = 0
        var longRows = 0
        try data.withUnsafeBytes { raw in
            var parser = CSVParser(bytes: raw.bindMemory(to: UInt8.self))
            do {
                while try parser.nextRecord() {
                    let fields = (0..<parser.fieldCount).map { String(decoding: parser.field($0), as: UTF8.self) }
                    if header.isEmpty {
                        header = fields
                    } else {
                        if fields.count < header.count { shortRows += 1 }
                        if fields.count > header.count { longRows += 1 }
                        rows.append(
                            fields.count >= header.count
                                ? Array(fields.prefix(header.count)) : fields + Array(repeating: "", count: header.count - fields.count)
                        )
                        lines.append(parser.recordLine)
                    }
                }
            } catch let error as CSVParser.SyntaxError {
                throw ConversionError(file: name, line: error.line, message: "not CSV: \(error.message)")
            }
        }
        guard !header.isEmpty else { throw ConversionError(file: name, line: 1, message: "no header line") }
        var columns: [String: Int] = [:]
        for (index, column) in header.enumerated() where columns[column.lowercased()] == nil { columns[column.lowercased()] = index }
        return SourceTable(name: name, header: header, rows: rows, lines: lines, shortRows: shortRows, longRows: longRows, columns: columns)
    }
}
