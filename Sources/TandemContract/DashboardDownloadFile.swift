public import TandemDomain

/// A California School Dashboard download file as CDE publishes it (e.g. `graddownload2018.txt`,
/// `elpidownload2018.txt`): tab-separated, a header row, one row per state, LEA or school and student
/// group, in Latin-1 (Windows-1252: school names with ñ), not UTF-8. Which indicator a file holds is
/// read from its header, not its name.
///
/// Hand-written rather than through `CSVParser`: the files are tab-separated with no quoting at all
/// (a quote is part of a name), and they are not UTF-8.
public struct DashboardDownloadFile: Sendable {
    /// The file's name, as errors and reports cite it.
    public let name: String
    public let layout: Layout
    /// The `reportingyear` of the rows (the Dashboard year).
    public let year: Int
    public let graduation: [GraduationRow]
    public let elpacLevels: [ElpacLevelRow]

    /// The layouts Tandem reads, each known by its columns.
    public enum Layout: String, CaseIterable, Sendable {
        /// The Graduation Rate Indicator (2018 layout).
        case graduation
        /// The 2018 English learner progress file: ELPAC Summative level counts only.
        case elpacLevels

        /// The columns that identify the layout (the file may have others, such as `box`).
        public var columns: [String] {
            switch self {
            case .graduation:
                [
                    "cds", "rtype", "schoolname", "districtname", "charter_flag", "coe_flag", "dass_flag", "studentgroup", "currnumer", "currdenom",
                    "currstatus",
                    "priornumer", "priordenom", "priorstatus", "safetynet", "change", "statuslevel", "changelevel", "color", "reportingyear",
                ]
            case .elpacLevels:
                [
                    "cds", "rtype", "dass_flag", "charter_flag", "coe_flag", "PL_1", "PL1_Pct", "PL_2", "PL2_Pct", "PL_3", "PL3_Pct", "PL_4",
                    "PL4_Pct", "PLTotCt", "reportingyear",
                ]
            }
        }

        public var title: String {
            switch self {
            case .graduation: "graduation rate indicator"
            case .elpacLevels: "English learner progress (ELPAC level counts)"
            }
        }
    }

    /// Who a row is about (`rtype`).
    public enum Entity: String, Sendable {
        case state = "X"
        case lea = "D"
        case school = "S"
    }

    /// A count with the numerator CDE blanks for small groups.
    public struct Counts: Hashable, Sendable {
        public let numerator: Int?
        public let denominator: Int
    }

    public struct GraduationRow: Sendable {
        public let line: Int
        public let cds: String
        public let entity: Entity
        /// The school's name, or the LEA's for an LEA row (empty for the state).
        public let name: String
        public let countyOffice: Bool
        public let alternativeSchool: Bool
        /// The CDE student-group code (`ALL`, `SED`, `FOS`, `HOM`, …).
        public let group: String
        public let current: Counts
        public let prior: Counts
        public let currentStatus: Double?
        public let priorStatus: Double?
        public let change: Double?
        public let safetyNet: Bool
        public let statusLevel: StatusLevel?
        public let changeLevel: ChangeLevel?
        public let colour: DashboardColour?
    }

    public struct ElpacLevelRow: Sendable {
        public let line: Int
        public let cds: String
        /// Students at ELPAC levels 1–4, `nil` where CDE blanked one.
        public let counts: [Int?]
        /// The percentages CDE printed beside them.
        public let percents: [Double?]
        public let total: Int?
    }

    /// What is wrong with a file, and where: `file:line: column: message`.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let issue: ImportIssue
        public var description: String { issue.description }
    }

    /// Reads a file's bytes. Throws the first malformed row with its line and column.
    public static func read(_ bytes: [UInt8], name: String) throws(Problem) -> DashboardDownloadFile {
        // `\r\n` is one Character in Swift: split on newlines, not on "\n".
        var lines = Latin1.decode(bytes).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if lines.last?.isEmpty == true { lines.removeLast() }
        func problem(_ line: Int, _ column: String, _ message: String) -> Problem {
            Problem(issue: ImportIssue(file: name, line: line, column: column, message: message))
        }
        guard let headerLine = lines.first else { throw problem(1, "(file)", "the file is empty: a Dashboard download starts with a header row") }
        let header = headerLine.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard let layout = Layout.allCases.first(where: { Set(header).isSuperset(of: $0.columns) }) else {
            throw problem(
                1,
                "(header)",
                "not a Dashboard download Tandem reads: expected the columns of the graduation file ("
                    + Layout.graduation.columns.joined(separator: ", ") + ") or of the 2018 ELPAC level file ("
                    + Layout.elpacLevels.columns.joined(separator: ", ") + ")"
            )
        }
        let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var graduation: [GraduationRow] = []
        var levels: [ElpacLevelRow] = []
        var year: Int?
        for (offset, text) in lines.enumerated().dropFirst() {
            let line = offset + 1
            let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == header.count else {
                throw problem(line, "(record)", "\(fields.count) fields where the header has \(header.count)")
            }
            let row = Fields(fields: fields, index: index, line: line, file: name)
            let rowYear = try row.integer("reportingyear")
            if let year, rowYear != year {
                throw problem(line, "reportingyear", "\(rowYear) in a file of \(year): one Dashboard year per file")
            }
            year = rowYear
            switch layout {
            case .graduation: graduation.append(try row.graduation())
            case .elpacLevels: levels.append(try row.elpacLevels())
            }
        }
        guard let year else { throw problem(2, "(file)", "the file has a header and no rows") }
        return DashboardDownloadFile(name: name, layout: layout, year: year, graduation: graduation, elpacLevels: levels)
    }
}

/// One row's fields by column name, with errors that say where.
private struct Fields {
    let fields: [Substring]
    let index: [String: Int]
    let line: Int
    let file: String

    func problem(_ column: String, _ message: String) -> DashboardDownloadFile.Problem {
        DashboardDownloadFile.Problem(issue: ImportIssue(file: file, line: line, column: column, message: message))
    }

    func text(_ column: String) -> Substring { fields[index[column]!] }

    func integer(_ column: String) throws(DashboardDownloadFile.Problem) -> Int {
        guard let value = try optionalInteger(column) else { throw problem(column, "a value is required") }
        return value
    }

    func optionalInteger(_ column: String) throws(DashboardDownloadFile.Problem) -> Int? {
        let value = text(column)
        if value.isEmpty { return nil }
        guard let number = Int(value), number >= 0 else { throw problem(column, "\"\(value)\" is not a whole number of students") }
        return number
    }

    func decimal(_ column: String) throws(DashboardDownloadFile.Problem) -> Double? {
        let value = text(column)
        if value.isEmpty { return nil }
        guard let number = Double(value), number.isFinite, abs(number) <= 1_000 else { throw problem(column, "\"\(value)\" is not a number") }
        return number
    }

    func flag(_ column: String) throws(DashboardDownloadFile.Problem) -> Bool {
        switch text(column) {
        case "Y": true
        case "", "N": false
        case let value: throw problem(column, "\"\(value)\" is not Y, N or blank")
        }
    }

    /// A level written 1 (lowest) … 5 (highest), 0 for none.
    func level<Level>(_ column: String, _ lowestFirst: [Level]) throws(DashboardDownloadFile.Problem) -> Level? {
        guard let code = Int(text(column)), (0...5).contains(code) else {
            throw problem(column, "\"\(text(column))\" is not a level: 0 (none) or 1 (lowest) to 5 (highest)")
        }
        return code == 0 ? nil : lowestFirst[code - 1]
    }

    func counts(_ numerator: String, _ denominator: String) throws(DashboardDownloadFile.Problem) -> DashboardDownloadFile.Counts {
        let counts = DashboardDownloadFile.Counts(numerator: try optionalInteger(numerator), denominator: try integer(denominator))
        if let top = counts.numerator, top > counts.denominator {
            throw problem(numerator, "\(top) is more than the \(counts.denominator) of \(denominator)")
        }
        return counts
    }

    func graduation() throws(DashboardDownloadFile.Problem) -> DashboardDownloadFile.GraduationRow {
        let cds = String(text("cds"))
        guard cds.count == 14, cds.allSatisfy(\.isNumber) else { throw problem("cds", "\"\(cds)\" is not a 14-digit CDS code") }
        guard let entity = DashboardDownloadFile.Entity(rawValue: String(text("rtype"))) else {
            throw problem("rtype", "\"\(text("rtype"))\" is not X (state), D (LEA) or S (school)")
        }
        let group = String(text("studentgroup"))
        guard !group.isEmpty else { throw problem("studentgroup", "a value is required") }
        return DashboardDownloadFile.GraduationRow(
            line: line,
            cds: cds,
            entity: entity,
            name: String(text("schoolname").isEmpty ? text("districtname") : text("schoolname")),
            countyOffice: try flag("coe_flag"),
            alternativeSchool: try flag("dass_flag"),
            group: group,
            current: try counts("currnumer", "currdenom"),
            prior: try counts("priornumer", "priordenom"),
            currentStatus: try decimal("currstatus"),
            priorStatus: try decimal("priorstatus"),
            change: try decimal("change"),
            safetyNet: try flag("safetynet"),
            statusLevel: try level("statuslevel", [StatusLevel.veryLow, .low, .medium, .high, .veryHigh]),
            changeLevel: try level("changelevel", [ChangeLevel.declinedSignificantly, .declined, .maintained, .increased, .increasedSignificantly]),
            colour: try level("color", [DashboardColour.red, .orange, .yellow, .green, .blue])
        )
    }

    func elpacLevels() throws(DashboardDownloadFile.Problem) -> DashboardDownloadFile.ElpacLevelRow {
        let cds = String(text("cds"))
        guard cds.count == 14, cds.allSatisfy(\.isNumber) else { throw problem("cds", "\"\(cds)\" is not a 14-digit CDS code") }
        var counts: [Int?] = []
        var percents: [Double?] = []
        for level in 1...4 {
            counts.append(try optionalInteger("PL_\(level)"))
            percents.append(try decimal("PL\(level)_Pct"))
        }
        return DashboardDownloadFile.ElpacLevelRow(line: line, cds: cds, counts: counts, percents: percents, total: try optionalInteger("PLTotCt"))
    }
}

/// Windows-1252 to text: Latin-1 (every byte the code point of the same number) except 0x80–0x9F,
/// where Windows puts punctuation (’ “ ” – —) and a few letters; the five bytes it leaves unassigned
/// stay as their Latin-1 control code points.
enum Latin1 {
    static let windows1252: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func decode(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? windows1252[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }
}
