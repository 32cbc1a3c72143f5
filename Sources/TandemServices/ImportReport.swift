public import TandemContract

/// What a load did, or why it did nothing.
public struct ImportReport: Sendable {
    public struct FileSummary: Sendable {
        public let fileName: String
        public let rows: Int
        public let years: [Int]
        public let bytes: Int
        /// Seconds spent reading and checking the file (files are read in parallel).
        public let checkSeconds: Double
        /// Seconds spent writing its rows (files are written one after another).
        public var writeSeconds: Double = 0
    }

    public let district: String
    public let loaded: Bool
    /// Checked only (`tandem import --check`): nothing was to be written, whatever the checks found.
    public var checkedOnly = false
    public let files: [FileSummary]
    public let errors: IssueLog
    public let warnings: IssueLog
    /// Assessment and course rows whose student has no enrollment row in that year (they count at
    /// district level only), by file, year and grade.
    public let withoutEnrollment: [RowsWithoutEnrollment]
    public var rowsWithoutEnrollment: Int { withoutEnrollment.reduce(0) { $0 + $1.rows } }
    /// Seconds reading and checking, everything included (files in parallel, then references).
    public let readSeconds: Double
    /// Of which: checking schools and students referenced across files.
    public let referenceSeconds: Double
    public let writeSeconds: Double

    public var totalRows: Int { files.reduce(0) { $0 + $1.rows } }
    public var years: [Int] { Set(files.flatMap(\.years)).sorted() }
}

/// Rows of one file, year and grade (`grade_tested` or `grade_level`; `nil` when the row gives none)
/// whose students have no enrollment row that year.
public struct RowsWithoutEnrollment: Sendable, Hashable, Comparable {
    public let file: String
    public let year: Int
    public let grade: Int?
    public let rows: Int

    public init(file: String, year: Int, grade: Int?, rows: Int) {
        self.file = file
        self.year = year
        self.grade = grade
        self.rows = rows
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.file, a.year, a.grade ?? -2) < (b.file, b.year, b.grade ?? -2)
    }
}

/// Progress of a long load, for a terminal to show.
public enum ImportProgress: Sendable {
    case reading(file: String, rows: Int)
    case checkingReferences
    case writing(file: String, rows: Int, of: Int)
}

extension Array where Element == Int {
    /// `2006–2011`, or `2009, 2011` when the years are not consecutive.
    public var yearSpan: String {
        guard let first, let last else { return "none" }
        if count == last - first + 1, count > 2 { return "\(first)–\(last)" }
        return map(String.init).joined(separator: ", ")
    }
}
