public import TandemDomain

/// One district or one school: every indicator with values over the years shown, for one student group,
/// each value with its target's status where a target covers it, and (for a district) its schools.
public struct PlaceView: Codable, Sendable {
    public let frame: ResultsFrame
    public let district: DistrictInfo
    /// `nil`: the district as a whole.
    public let school: SchoolInfo?
    public let group: StudentGroup
    public let groupLabel: String
    /// The school years shown, oldest first.
    public let years: [Int]
    public let yearLabels: [String]
    public let rows: [Row]
    /// Whether any value here is judged against a target.
    public let hasTargets: Bool
    /// The district's schools with values (empty for a school).
    public let schools: [SchoolInfo]

    public struct Row: Codable, Sendable {
        public let indicator: IndicatorInfo
        /// One per year shown.
        public let cells: [Cell]
        /// The value as shown each year (`nil`: none, or hidden from this reader).
        public let trend: [Double?]
    }

    public struct Cell: Codable, Sendable {
        public let year: Int
        public let value: ValueCell
        public let target: TargetMark?
    }

    /// A value's standing against the target that covers its year.
    public struct TargetMark: Codable, Sendable {
        /// `met`, `on-track`, `off-track`, `no-data`.
        public let status: String
        public let label: String
        /// The target's rule in words.
        public let rule: String
    }
}

extension ResultsView {
    /// A district's page (`school` nil) or a school's, for one group over `years`; `targets` are the
    /// district's stored targets (those of this place and group judge its values).
    public func place(
        district: DistrictInfo,
        school: SchoolInfo?,
        group: StudentGroup,
        years: [Int],
        targets: [StoredTarget]
    ) async throws
        -> PlaceView
    {
        let values = try await placeValues(district: district.code, school: school?.code, group: group)
        let marks = try await targetMarks(targets.filter { $0.target.school == school?.code && $0.target.group == group })
        let rows = indicators.compactMap { indicator -> PlaceView.Row? in
            guard let series = values[indicator.id] else { return nil }
            return PlaceView.Row(
                indicator: indicator,
                cells: years.map { year in
                    PlaceView.Cell(
                        year: year,
                        value: ValueCell(series[year], minimumGroupSize: minimumGroupSize),
                        target: marks["\(indicator.id) \(year)"]
                    )
                },
                trend: years.map { series[$0]?.shown }
            )
        }
        return PlaceView(
            frame: frame,
            district: district,
            school: school,
            group: group,
            groupLabel: group.title,
            years: years,
            yearLabels: years.map(schoolYearLabel),
            rows: rows,
            hasTargets: !marks.isEmpty,
            schools: school == nil ? try await schools(district: district.code) : []
        )
    }

    /// Each (indicator, year) that a target covers: its status and rule. Where two targets cover a year,
    /// the one ending first speaks for it.
    private func targetMarks(_ targets: [StoredTarget]) async throws -> [String: PlaceView.TargetMark] {
        var marks: [String: PlaceView.TargetMark] = [:]
        for progress in try await self.progress(of: targets).sorted(by: { $0.target.year > $1.target.year }) {
            for year in progress.years {
                let status = year.judgement.status
                marks["\(progress.target.indicator) \(year.year)"] = PlaceView.TargetMark(
                    status: status.rawValue,
                    label: status.label,
                    rule: progress.rule
                )
            }
        }
        return marks
    }
}
