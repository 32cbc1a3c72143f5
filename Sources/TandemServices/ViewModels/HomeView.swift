public import TandemDomain

/// The partnership home: every indicator as a row, the districts as columns — the year's value with its
/// n, the change from the year before, and every year's value for a trend line — as one reader may see it.
public struct HomeView: Codable, Sendable {
    public let frame: ResultsFrame
    public let year: Int
    public let yearLabel: String
    public let group: StudentGroup
    public let groupLabel: String
    /// Every computed year, the x of each cell's `trend`.
    public let years: [Int]
    public let rows: [Row]

    public struct Row: Codable, Sendable {
        public let indicator: IndicatorInfo
        /// One per district, in the frame's district order.
        public let cells: [Cell]
    }

    public struct Cell: Codable, Sendable {
        public let district: DistrictInfo
        public let value: ValueCell
        /// The change from the year before, when both years are shown.
        public let change: Change?
        /// The value as shown for each of `years` (`nil`: none, or hidden from this reader).
        public let trend: [Double?]
    }

    public struct Change: Codable, Sendable {
        /// `▲ 2.1 pts`, `▼ 0.4 points`, `▶ 0.0 pts`.
        public let text: String
        /// `up 2.1 points from 2009–10`.
        public let label: String
    }
}

extension ResultsView {
    /// The home table for one year and group.
    public func home(year: Int, group: StudentGroup) -> HomeView {
        let rows = indicators.map { indicator in
            HomeView.Row(
                indicator: indicator,
                cells: districts.map { district in
                    let value = self.value(indicator.id, district: district.code, year: year, group: group)
                    let previous = self.value(indicator.id, district: district.code, year: year - 1, group: group)
                    var change: HomeView.Change?
                    if let now = value?.shown, let before = previous?.shown {
                        let difference = now - before
                        let arrow = difference > 0.05 ? "▲" : difference < -0.05 ? "▼" : "▶"
                        change = HomeView.Change(
                            text: "\(arrow) \(Measure.tenth(abs(difference))) \(indicator.measure.differenceUnit)",
                            label: "\(difference >= 0 ? "up" : "down") \(Measure.tenth(abs(difference))) points from \(schoolYearLabel(year - 1))"
                        )
                    }
                    return HomeView.Cell(
                        district: district,
                        value: ValueCell(value, minimumGroupSize: minimumGroupSize),
                        change: change,
                        trend: years.map { self.value(indicator.id, district: district.code, year: $0, group: group)?.shown }
                    )
                }
            )
        }
        return HomeView(
            frame: frame,
            year: year,
            yearLabel: schoolYearLabel(year),
            group: group,
            groupLabel: group.title,
            years: years,
            rows: rows
        )
    }
}
