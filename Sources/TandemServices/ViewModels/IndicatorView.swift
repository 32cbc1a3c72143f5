public import TandemDomain

/// One indicator as one reader may see it: its trend per district (with the English-learner partner group
/// beside EL groups), the student groups in a year with each group's gap to all students, every school's
/// value, and — for a grade-based indicator — a matched cohort.
public struct IndicatorView: Codable, Sendable {
    public let frame: ResultsFrame
    public let indicator: IndicatorInfo
    public let year: Int
    public let yearLabel: String
    public let group: StudentGroup
    public let groupLabel: String
    public let trend: Trend
    public let groups: [GroupRow]
    public let schools: [SchoolRow]
    public let cohort: CohortView?

    /// The years from the first to the last with a value (gaps kept), one line per district and group.
    public struct Trend: Codable, Sendable {
        public let years: [Int]
        public let yearLabels: [String]
        /// The chosen group's line per district, then the partner group's (`partner`), if any.
        public let lines: [Line]
        /// EVER_EL beside EL, RFEP and LTEL; EL beside EVER_EL.
        public let partner: StudentGroup?
        public let partnerLabel: String?
    }

    public struct Line: Codable, Sendable {
        public let district: DistrictInfo
        public let group: StudentGroup
        /// One per trend year.
        public let values: [ValueCell]
    }

    /// A group with a value in the year in some district, and its value in each district.
    public struct GroupRow: Codable, Sendable {
        public let group: StudentGroup
        public let label: String
        public let cells: [GroupCell]
    }

    public struct GroupCell: Codable, Sendable {
        public let district: DistrictInfo
        public let value: ValueCell
        /// The group's difference from all students (`+3.2 pts`), when both are shown.
        public let gap: String?
    }

    public struct SchoolRow: Codable, Sendable {
        public let district: DistrictInfo
        public let school: SchoolInfo
        public let value: ValueCell
    }
}

extension ResultsView {
    /// The indicator page's data for one year and group; the cohort from `cohortStart` (default: the
    /// first year) when the indicator has one.
    public func indicatorView(_ indicator: IndicatorInfo, year: Int, group: StudentGroup, cohortStart: Int?) async throws -> IndicatorView {
        let span = yearsWithValues(indicator.id, group: group)
        let partner = Self.englishLearnerPartner(group)
        let lines = ([group] + (partner.map { [$0] } ?? [])).flatMap { lineGroup in
            districts.map { district in
                IndicatorView.Line(
                    district: district,
                    group: lineGroup,
                    values: span.map { cell(indicator.id, district: district.code, year: $0, group: lineGroup) }
                )
            }
        }
        let groups = StudentGroup.allCases.filter { candidate in
            districts.contains { value(indicator.id, district: $0.code, year: year, group: candidate) != nil }
        }
        let groupRows = groups.map { candidate in
            IndicatorView.GroupRow(
                group: candidate,
                label: candidate.title,
                cells: districts.map { district in
                    let shown = value(indicator.id, district: district.code, year: year, group: candidate)
                    var gap: String?
                    if candidate != .all, let now = shown?.shown, let all = value(indicator.id, district: district.code, year: year)?.shown {
                        gap = indicator.measure.difference(now - all)
                    }
                    return IndicatorView.GroupCell(district: district, value: ValueCell(shown, minimumGroupSize: minimumGroupSize), gap: gap)
                }
            )
        }
        var schoolRows: [IndicatorView.SchoolRow] = []
        for district in districts {
            for school in try await schoolValues(indicator: indicator.id, district: district.code, year: year, group: group) {
                schoolRows.append(
                    IndicatorView.SchoolRow(
                        district: district,
                        school: SchoolInfo(code: school.code, name: school.name),
                        value: ValueCell(school.value, minimumGroupSize: minimumGroupSize)
                    )
                )
            }
        }
        var cohort: CohortView?
        if indicator.hasCohort, indicator.grade != nil, let first = years.first {
            cohort = try await cohortView(indicator, start: cohortStart ?? first)
        }
        return IndicatorView(
            frame: frame,
            indicator: indicator,
            year: year,
            yearLabel: schoolYearLabel(year),
            group: group,
            groupLabel: group.title,
            trend: IndicatorView.Trend(
                years: span,
                yearLabels: span.map(schoolYearLabel),
                lines: lines,
                partner: partner,
                partnerLabel: partner?.title
            ),
            groups: groupRows,
            schools: schoolRows,
            cohort: cohort
        )
    }

    /// A district-level value as a table cell.
    func cell(_ indicator: String, district: String, year: Int, group: StudentGroup = .all) -> ValueCell {
        ValueCell(value(indicator, district: district, year: year, group: group), minimumGroupSize: minimumGroupSize)
    }

    /// The English-learner group shown beside `group`: EVER_EL beside EL, RFEP and LTEL; EL beside EVER_EL.
    public static func englishLearnerPartner(_ group: StudentGroup) -> StudentGroup? {
        switch group {
        case .englishLearner, .reclassified, .longTermEnglishLearner: .everEnglishLearner
        case .everEnglishLearner: .englishLearner
        default: nil
        }
    }

    /// The computed years from the first to the last in which some district has a value of the indicator for
    /// the group (every year when none has): leading and trailing empty years are left out, gaps kept, so a
    /// line breaks where a year has no values (spring 2020) instead of joining across it.
    public func yearsWithValues(_ id: String, group: StudentGroup) -> [Int] {
        let present = years.filter { year in
            districts.contains { value(id, district: $0.code, year: year, group: group) != nil }
        }
        guard let first = present.first, let last = present.last else { return years }
        return years.filter { (first...last).contains($0) }
    }
}
