/// `tandem template DIR`: the data contract's files with their headers and nothing else, and a README of
/// what each column takes — written from the contract's own definition (`DataContract`), so it cannot
/// drift from what the importer checks.
public enum ContractTemplate {
    /// Each file's header line.
    public static var headers: [(file: String, header: [String])] {
        DataContract.files.map { ($0.fileName, $0.columns.map(\.name)) }
    }

    /// The README: for each file, whether it is required, its key, what a load replaces, and each column.
    public static var readme: String {
        var text = """
            # District data files (Tandem data contract, version \(DataContract.version))

            One folder per district and load: the files below, UTF-8, comma-separated, a header line first, one
            row per line (a value holding a comma, quote or line break in double quotes, a quote doubled).
            Codes match ignoring case. Load with `tandem import --district CODE FOLDER`; `--check` checks
            without writing, `--rejects DIR` writes the wrong rows back out with what is wrong with each.

            """
        for file in DataContract.files {
            text += "\n## \(file.fileName) (\(file.isRequired ? "required" : "optional"))\n\n"
            text += "Key: \(file.key.joined(separator: ", ")) (no two rows alike). "
            text +=
                file.yearColumn.map { "A load replaces the district's rows for the years this file holds (`\($0)`).\n\n" }
                ?? "Rows are merged with what is stored, by key.\n\n"
            text += "| column | required | takes |\n|---|---|---|\n"
            for column in file.columns {
                text += "| \(column.name) | \(column.required ? "yes" : "") | \(describe(column.kind)) |\n"
            }
        }
        return text
    }

    static func describe(_ kind: ColumnKind) -> String {
        switch kind {
        case .text(let defaultValue): "text" + (defaultValue.map { " (empty: \($0))" } ?? "")
        case .code(let allowed): "one of " + allowed.map { "`\($0)`" }.joined(separator: ", ")
        case .grade: "a grade: `TK`, `K` (or `KN`), `1`–`12`"
        case .integer(let range): "a whole number, \(range.lowerBound)–\(range.upperBound)"
        case .number: "a number (`401.5`)"
        case .date: "a date, `YYYY-MM-DD`"
        case .boolean(let defaultValue, let allowsUnknown):
            "`Y`/`N` (`true`/`false`, `1`/`0`)" + (allowsUnknown ? "; `U` when not known (counted in all students, in no group)" : "")
                + (defaultValue.map { " (empty: \($0 ? "Y" : "N"))" } ?? "")
        }
    }
}
