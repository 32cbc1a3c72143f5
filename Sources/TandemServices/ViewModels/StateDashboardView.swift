public import TandemDomain

/// The California School Dashboard view of one year: for the indicators its rules apply to, each
/// district's and student group's Status and Change placed in the state's five colours (always with the
/// colour's name), and the equity view: which groups are in the lowest two colours.
public struct StateDashboardView: Codable, Sendable {
    public let frame: ResultsFrame
    public let year: Int
    public let yearLabel: String
    /// Groups smaller than this get no colour, as on the state Dashboard.
    public let minimumStudents: Int
    /// Which Dashboard year's rules place this year, and what they add to the minimum.
    public let rulesText: String
    public let indicators: [Indicator]

    public struct Indicator: Codable, Sendable {
        public let indicator: IndicatorInfo
        /// How the partnership's indicator relates to the state's, and how sure its cut points are.
        public let note: String
        public let sources: String
        /// Per district: the groups in the lowest two colours.
        public let equity: [Equity]
        /// Groups with a placement in some district.
        public let rows: [Row]
    }

    public struct Equity: Codable, Sendable {
        public let district: DistrictInfo
        public let lowestTwo: [StudentGroup]
        public let count: Int
        /// Their names, `none` when there are none.
        public let text: String
        /// Whether any group of the district has a colour at all: without one, "0 — none" would read
        /// like good news when there is simply no data.
        public let hasColours: Bool
    }

    public struct Row: Codable, Sendable {
        public let group: StudentGroup
        public let label: String
        /// One per district.
        public let cells: [Cell]
    }

    /// A placement as a cell shows it.
    public struct Cell: Codable, Sendable {
        /// The colour's id (`blue` … `red`), empty when there is none.
        public let colour: String
        /// The colour's name, or why there is none (`No colour`, `Status only`, `*`, `–`).
        public let text: String
        public let detail: String
        /// No students at all.
        public let empty: Bool
    }
}

extension ResultsView {
    /// The state Dashboard's colours for one year.
    public func stateDashboard(year: Int) -> StateDashboardView {
        let indicators = StateDashboard.mappings.compactMap { mapping -> StateDashboardView.Indicator? in
            guard let indicator = indicator(mapping.indicator) else { return nil }
            func place(_ district: DistrictInfo, _ group: StudentGroup) -> StateDashboard.Placement {
                StateDashboard.placement(
                    mapping,
                    year: year,
                    group: group,
                    current: value(mapping.indicator, district: district.code, year: year, group: group),
                    prior: value(mapping.indicator, district: district.code, year: year - 1, group: group)
                )
            }
            let rows = StudentGroup.allCases.compactMap { group -> StateDashboardView.Row? in
                let cells = districts.map { StateDashboardView.Cell(place($0, group), measure: indicator.measure) }
                guard cells.contains(where: { !$0.empty }) else { return nil }
                return StateDashboardView.Row(group: group, label: group.title, cells: cells)
            }
            let equity = districts.map { district in
                let colours = StudentGroup.allCases.map { group -> DashboardColour? in
                    if case .placed(let performance, _, _) = place(district, group) { return performance.colour }
                    return nil
                }
                let lowest = zip(StudentGroup.allCases, colours).filter { $0.1?.isLowestTwo == true }.map(\.0)
                return StateDashboardView.Equity(
                    district: district,
                    lowestTwo: lowest,
                    count: lowest.count,
                    text: lowest.isEmpty ? "none" : lowest.map(\.title).joined(separator: "; "),
                    hasColours: colours.contains { $0 != nil }
                )
            }
            return StateDashboardView.Indicator(
                indicator: indicator,
                note: mapping.note,
                sources: mapping.sources(year: year),
                equity: equity,
                rows: rows
            )
        }
        return StateDashboardView(
            frame: frame,
            year: year,
            yearLabel: schoolYearLabel(year),
            minimumStudents: StateDashboard.minimumStudents,
            rulesText: StateDashboard.rulesText(year: year),
            indicators: indicators
        )
    }
}

extension StateDashboardView.Cell {
    init(_ placement: StateDashboard.Placement, measure: Measure) {
        switch placement {
        case .none: self.init(colour: "", text: "–", detail: "no students", empty: true)
        case .hidden: self.init(colour: "", text: "*", detail: "hidden: small group", empty: false)
        case .tooFew(let n):
            self.init(colour: "", text: "No colour", detail: "n = \(n.grouped), too few for a Status", empty: false)
        case .placed(let performance, let n, let noColour):
            let change = performance.change.map { measure.difference($0) + ", " + (performance.changeLevel?.label ?? "") } ?? "no prior year"
            let why: String =
                switch noColour {
                case .tooFewStudents(let minimum): "; fewer than \(minimum) students: no colour"
                case .tooFewStudentsPriorYear(let minimum): "; fewer than \(minimum) students the year before: no colour"
                case .statusOnlyYear: "; a Status-only year on the state Dashboard"
                case .noPriorYear, .cannotOccur, nil: ""
                }
            self.init(
                colour: performance.colour?.rawValue ?? "",
                text: performance.colour?.label ?? ([.noPriorYear, .cannotOccur, .statusOnlyYear].contains(noColour) ? "Status only" : "No colour"),
                detail: measure.text(performance.status) + " (\(performance.statusLevel.label)); \(change); n = \(n.grouped)" + why,
                empty: false
            )
        }
    }
}
