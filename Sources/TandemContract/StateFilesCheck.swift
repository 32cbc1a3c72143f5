public import TandemDomain

/// Tandem's Dashboard rules against the state's own published placements: every row of a CDE download
/// placed again with Tandem's tables (`DashboardIndicator.placement`) and compared with the status
/// level, change level and colour CDE printed (`tandem state-files check`).
public enum StateFilesCheck {
    /// How many disagreements of one table are listed in full; the rest are counted.
    public static let listed = 20

    /// Agreement on one thing over the rows where either side has a value.
    public struct Tally: Hashable, Sendable {
        public internal(set) var agree = 0
        public internal(set) var compared = 0

        public init(agree: Int = 0, compared: Int = 0) {
            self.agree = agree
            self.compared = compared
        }

        mutating func add<Value: Equatable>(_ published: Value?, _ recomputed: Value?) -> Bool {
            guard published != nil || recomputed != nil else { return true }
            compared += 1
            if published == recomputed { agree += 1 }
            return published == recomputed
        }

        public var text: String { "\(agree.grouped) of \(compared.grouped) agree" }
    }

    /// One indicator table of a file: a cut-point table with its own rows.
    public struct Table: Sendable {
        public let name: String
        public internal(set) var rows = 0
        public internal(set) var status = Tally()
        public internal(set) var change = Tally()
        /// Over the rows with a colour on either side.
        public internal(set) var colour = Tally()
        /// Rows with no colour on either side.
        public internal(set) var neitherColoured = 0
        /// The file's `safetynet` flag against Tandem's rule.
        public internal(set) var safetyNet = Tally()
        public internal(set) var disagreements: [String] = []
        public internal(set) var disagreeing = 0

        public var agrees: Bool { disagreeing == 0 }
    }

    public struct FileReport: Sendable {
        public let file: String
        public let layout: DashboardDownloadFile.Layout
        public let year: Int
        public let edition: DashboardEdition
        public let rows: Int
        public let tables: [Table]
        /// Rows whose prior rate CDE published with no change: placed as without a prior year.
        public let priorWithheld: Int
        /// Why a file's placements cannot be checked at all, when they cannot.
        public let notCheckable: String?
        /// For the ELPAC level file: the level percentages recomputed from the counts.
        public let levelPercents: Tally?

        public var agrees: Bool { tables.allSatisfy(\.agrees) && (levelPercents.map { $0.agree == $0.compared } ?? true) }

        /// Colours over every table.
        public var colours: Tally {
            var total = Tally()
            for table in tables {
                total.agree += table.colour.agree
                total.compared += table.colour.compared
            }
            return total
        }

        public var lines: [String] {
            var lines = ["\(file): \(layout.title), \(year) Dashboard, \(rows.grouped) rows (Tandem's rules of the \(edition.rawValue) edition)"]
            if let notCheckable { lines.append("  not checkable: \(notCheckable)") }
            if let levelPercents { lines.append("  ELPAC level percentages recomputed from the counts: \(levelPercents.text)") }
            for table in tables {
                lines.append(
                    "  \(table.name): \(table.rows.grouped) rows; status level \(table.status.text); change level \(table.change.text); "
                        + "colour \(table.colour.text) (\(table.neitherColoured.grouped) more rows with no colour on either side); "
                        + "safety net \(table.safetyNet.text)"
                )
                for disagreement in table.disagreements { lines.append("    " + disagreement) }
                if table.disagreeing > table.disagreements.count {
                    lines.append(
                        "    … and \((table.disagreeing - table.disagreements.count).grouped) more disagreeing rows (the first \(listed) listed)"
                    )
                }
            }
            if priorWithheld > 0 {
                lines.append(
                    "  \(priorWithheld.grouped) rows with a published prior rate but no change: CDE withheld the change (no reason in the file), so Tandem places them without a prior year, as CDE did"
                )
            }
            return lines
        }
    }

    /// Checks one file.
    public static func check(_ file: DashboardDownloadFile) -> FileReport {
        let edition = DashboardEdition(schoolYearEnding: file.year)
        switch file.layout {
        case .graduation:
            var ordinary = Table(name: "graduation rate")
            var alternative = Table(name: "graduation rate of DASS schools and county offices")
            var withheld = 0
            for row in file.graduation {
                let isAlternative = row.alternativeSchool || row.countyOffice
                let (placement, priorWithheld) = place(row, in: edition)
                if priorWithheld { withheld += 1 }
                if isAlternative {
                    compare(row, placement, file: file.name, into: &alternative)
                } else {
                    compare(row, placement, file: file.name, into: &ordinary)
                }
            }
            return FileReport(
                file: file.name,
                layout: file.layout,
                year: file.year,
                edition: edition,
                rows: file.graduation.count,
                tables: [ordinary, alternative],
                priorWithheld: withheld,
                notCheckable: nil,
                levelPercents: nil
            )
        case .elpacLevels:
            var percents = Tally()
            for row in file.elpacLevels {
                guard let total = row.total, total > 0, row.counts.allSatisfy({ $0 != nil }) else { continue }
                let counts = row.counts.map { $0! }
                // The four percentages to the tenth, and the counts adding up to the total.
                let recomputed: [Int?] = counts.map { DashboardRounding.tenths(Double($0) * 100 / Double(total)) } + [total]
                let published: [Int?] = row.percents.map { $0.map(DashboardRounding.tenths) } + [counts.reduce(0, +)]
                _ = percents.add(published, recomputed)
            }
            return FileReport(
                file: file.name,
                layout: file.layout,
                year: file.year,
                edition: edition,
                rows: file.elpacLevels.count,
                tables: [],
                priorWithheld: 0,
                notCheckable:
                    "no status levels, change levels or colours published (\(file.year) was a status-only year for English learner progress: the file holds ELPAC level counts)",
                levelPercents: percents
            )
        }
    }

    /// A graduation row placed by Tandem's rules; whether CDE withheld a prior year it published.
    static func place(_ row: DashboardDownloadFile.GraduationRow, in edition: DashboardEdition) -> (DashboardPlacement?, priorWithheld: Bool) {
        let indicator: DashboardIndicator = row.alternativeSchool || row.countyOffice ? .graduationRateAlternative : .graduationRate
        func value(_ counts: DashboardDownloadFile.Counts) -> DashboardValue? {
            guard let numerator = counts.numerator, counts.denominator > 0 else { return nil }
            return DashboardValue(value: Double(numerator) * 100 / Double(counts.denominator), students: counts.denominator)
        }
        guard let current = value(row.current) else { return (nil, false) }
        // 2018: 86 rows of 20 DASS schools have a prior rate but a blank change, and no change level or
        // colour. The file does not say why (perhaps no DASS rate for the prior year); the blank is
        // followed, as the only row-level account of it.
        let priorWithheld = row.priorStatus != nil && row.change == nil
        let prior = priorWithheld ? nil : value(row.prior)
        let placement = indicator.placement(
            current: current,
            prior: prior,
            fosterOrHomelessOfLEA: row.entity == .lea && ["FOS", "HOM"].contains(row.group),
            in: edition
        )
        return (placement, priorWithheld && placement != nil)
    }

    static func compare(
        _ row: DashboardDownloadFile.GraduationRow,
        _ placement: DashboardPlacement?,
        file: String,
        into table: inout Table
    ) {
        table.rows += 1
        let performance = placement?.performance
        // A Status agrees when its level and its value (to the tenth) both do.
        let statusAgrees = table.status.add(
            row.statusLevel.map { [AnyHashable($0), AnyHashable(row.currentStatus.map(DashboardRounding.tenths))] },
            performance.map { [AnyHashable($0.statusLevel), AnyHashable(DashboardRounding.tenths($0.status))] }
        )
        let changeAgrees = table.change.add(row.changeLevel, performance?.changeLevel)
        let colourAgrees = table.colour.add(row.colour, performance?.colour)
        if row.colour == nil && performance?.colour == nil { table.neitherColoured += 1 }
        let safetyNetAgrees = placement?.changeLevel == nil || table.safetyNet.add(row.safetyNet, placement!.safetyNet)
        guard !(statusAgrees && changeAgrees && colourAgrees && safetyNetAgrees) else { return }
        table.disagreeing += 1
        guard table.disagreements.count < listed else { return }
        func say(_ level: String?) -> String { level ?? "none" }
        table.disagreements.append(
            "\(file):\(row.line): \(row.cds) \(row.name) \(row.group) (n \(row.current.denominator), prior n \(row.prior.denominator)): "
                + "CDE \(say(row.statusLevel?.label)) / \(say(row.changeLevel?.label)) / \(say(row.colour?.label)); "
                + "Tandem \(say(performance?.statusLevel.label)) / \(say(performance?.changeLevel?.label)) / \(say(performance?.colour?.label))"
                + (placement.map { $0.safetyNet != row.safetyNet ? "; safety net CDE \(row.safetyNet), Tandem \($0.safetyNet)" : "" } ?? "")
        )
    }
}

extension DashboardPlacement {
    fileprivate var changeLevel: ChangeLevel? { performance.changeLevel }
}
