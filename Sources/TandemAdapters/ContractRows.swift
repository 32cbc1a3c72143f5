public import TandemContract
import TandemDomain

/// The rows a conversion makes, per district and contract file, and the checks that make them load.
///
/// An adapter appends rows of contract values; `finish` then checks them the way the importer will
/// (`DataContract`'s column kinds, required values, keys, references to schools and students) so that
/// what is written loads cleanly, and whatever cannot be written is in the report rather than in a
/// rejected load later: a value the contract does not take is an unmapped value; a row without a
/// required value, a second row for a key, or a row naming a student or school the folder does not
/// have is a dropped row.
public struct ContractRows: Sendable {
    struct Row: Sendable {
        var values: [String: String]
        let source: SourceLine
        /// Columns left empty because their source value could not be mapped (already reported).
        var unmappedColumns: Set<String> = []
    }

    /// The contract files a conversion can write, in load order.
    static let files = DataContract.files

    private(set) var districts: [String: [String: [Row]]] = [:]
    private(set) var districtNames: [String: String] = [:]
    private(set) var districtOrder: [String] = []

    public init() {}

    /// Names a district (its `district_name` in `schools.csv`); a district is written even with no rows.
    mutating func declare(district: String, name: String?) {
        if districts[district] == nil {
            districts[district] = [:]
            districtOrder.append(district)
        }
        if let name, !name.isEmpty { districtNames[district] = name }
    }

    /// Adds a row; `district_code` (and `district_name` for schools) are filled in here.
    mutating func append(_ file: ContractFile, district: String, _ values: [String: String], source: SourceLine, unmapped: Set<String> = []) {
        declare(district: district, name: nil)
        var values = values
        values["district_code"] = district
        districts[district, default: [:]][file.fileName, default: []].append(Row(values: values, source: source, unmappedColumns: unmapped))
    }

    /// The rows of one file of one district after `finish`, as column → value.
    public func rows(_ file: ContractFile, district: String) -> [[String: String]] {
        (districts[district]?[file.fileName] ?? []).map(\.values)
    }

    public var districtCodes: [String] { districtOrder }

    public func name(of district: String) -> String? { districtNames[district] }

    /// Which files a district folder gets: the required ones always, the others when they have rows.
    func filesToWrite(_ district: String) -> [ContractFile] {
        Self.files.filter { $0.isRequired || !(districts[district]?[$0.fileName]?.isEmpty ?? true) }
    }

    /// Checks every row as the importer will and leaves only rows that load; what goes is reported.
    mutating func finish(_ report: inout ConversionReport) {
        for district in districtOrder {
            var files = districts[district] ?? [:]
            if let name = districtNames[district] {
                for index in files[DataContract.schools.fileName, default: []].indices {
                    files[DataContract.schools.fileName]![index].values["district_name"] = name
                }
            }
            var keys: [String: Set<String>] = [:]
            for spec in Self.files {
                let rows = files[spec.fileName] ?? []
                var kept: [Row] = []
                var seen: [String: SourceLine] = [:]
                kept.reserveCapacity(rows.count)
                for row in rows {
                    guard var checked = check(row, spec, &report) else { continue }
                    if let missing = missingReference(checked, spec, keys) {
                        report.dropped(file: spec.fileName, reason: missing, example: row.source)
                        continue
                    }
                    let key = spec.key.map { checked.values[$0] ?? "" }.joined(separator: "\u{1F}")
                    if seen[key] != nil {
                        report.dropped(
                            file: spec.fileName,
                            reason: "a second row for the same \(spec.key.joined(separator: ", ")) (the first is kept)",
                            example: row.source
                        )
                        continue
                    }
                    seen[key] = row.source
                    checked.values = checked.values.filter { !$0.value.isEmpty }
                    kept.append(checked)
                }
                if spec.fileName == DataContract.students.fileName || spec.fileName == DataContract.schools.fileName {
                    let column = spec.fileName == DataContract.students.fileName ? "student_id" : "school_code"
                    keys[column] = Set(kept.compactMap { $0.values[column] })
                }
                for row in kept {
                    for column in ["sed", "swd", "el_status"] where spec.columnIndex(column) != nil {
                        report.tally(district: district, file: spec.fileName, column: column, value: row.values[column] ?? "")
                    }
                }
                files[spec.fileName] = kept
            }
            districts[district] = files
        }
    }

    /// The row with canonical values, or `nil` (reported) when a required value is missing.
    private func check(_ row: Row, _ spec: ContractFile, _ report: inout ConversionReport) -> Row? {
        var row = row
        for column in spec.columns {
            let raw = row.values[column.name] ?? ""
            if raw.isEmpty {
                guard column.required else { continue }
                let why = row.unmappedColumns.contains(column.name) ? "its value could not be mapped" : "the source has none"
                report.dropped(file: spec.fileName, reason: "no \(column.name) (\(why))", example: row.source)
                return nil
            }
            if let canonical = ContractValue.canonical(raw, column) {
                row.values[column.name] = canonical
                continue
            }
            report.unmapped(
                file: spec.fileName,
                column: column.name,
                value: raw,
                outcome: column.required ? "not a contract value: row dropped" : "not a contract value: left empty",
                example: row.source
            )
            guard !column.required else {
                report.dropped(file: spec.fileName, reason: "no \(column.name) (its value could not be mapped)", example: row.source)
                return nil
            }
            row.values[column.name] = ""
        }
        return row
    }

    /// Why a row names a student or school this folder does not have, or `nil`.
    private func missingReference(_ row: Row, _ spec: ContractFile, _ keys: [String: Set<String>]) -> String? {
        guard spec.fileName != DataContract.students.fileName, spec.fileName != DataContract.schools.fileName else { return nil }
        if let students = keys["student_id"], let student = row.values["student_id"], !students.contains(student) {
            return "student_id not in students.csv"
        }
        if spec.columnIndex("school_code") != nil, let schools = keys["school_code"], let school = row.values["school_code"],
            !schools.contains(school)
        {
            return "school_code not in schools.csv"
        }
        return nil
    }
}

/// The contract's spelling of a value, as the importer would store it, or `nil` when it takes no such value
/// (by the importer's own rules: `ColumnSpec.problem(with:)`).
enum ContractValue {
    static func canonical(_ text: String, _ column: ColumnSpec) -> String? {
        guard column.problem(with: text) == nil else { return nil }
        switch column.kind {
        case .text: return text
        case .code(let allowed): return allowed.first { $0.uppercased() == text.uppercased() }
        case .grade: return Grade(code: text)?.code
        case .integer(let range):
            guard let number = Int(text), range.contains(number) else { return nil }
            return String(number)
        case .number: return Double(text) != nil ? text : nil
        case .date: return Day(iso: text)?.iso
        case .boolean(_, let allowsUnknown):
            if allowsUnknown, ContractBoolean.isUnknown(text) { return "U" }
            return ContractBoolean.parse(text).map { $0 ? "Y" : "N" }
        }
    }
}
