public import TandemDomain

/// A matched cohort: the students in a grade in one year, followed in every later year wherever they are
/// in the district, beside each later year's students in the grade the cohort would reach; and the
/// cohort's English learners (EL shrinks as students are reclassified; EVER_EL does not).
public struct CohortView: Codable, Sendable {
    public let indicator: IndicatorInfo
    public let grade: Int
    public let start: Int
    public let startLabel: String
    /// Every year a cohort may start in.
    public let starts: [Int]
    /// The years measured, from `start`.
    public let years: [Int]
    public let yearLabels: [String]
    public let districts: [District]

    public struct District: Codable, Sendable {
        public let district: DistrictInfo
        /// The same students, each year.
        public let followed: [ValueCell]
        /// Each year's students in the grade the cohort would reach (the same family's indicator).
        public let eachYearsGrade: [ValueCell]
        public let englishLearners: [ValueCell]
        public let everEnglishLearners: [ValueCell]
    }
}

extension ResultsView {
    /// The cohort of a grade-based indicator starting in `start`.
    public func cohortView(_ indicator: IndicatorInfo, start: Int) async throws -> CohortView? {
        guard indicator.hasCohort, let grade = indicator.grade else { return nil }
        let measured = years.filter { $0 >= start }
        var rows: [CohortView.District] = []
        for district in districts {
            func followed(_ group: StudentGroup) async throws -> [ValueCell] {
                let series = try await cohortSeries(indicator: indicator.id, district: district.code, startYear: start, group: group)
                return measured.map { ValueCell(series[$0], minimumGroupSize: minimumGroupSize) }
            }
            let eachYear = measured.map { year -> ValueCell in
                guard let id = Self.sibling(indicator.id, grade: grade, offset: year - start) else {
                    return ValueCell(nil, minimumGroupSize: minimumGroupSize)
                }
                return cell(id, district: district.code, year: year)
            }
            rows.append(
                CohortView.District(
                    district: district,
                    followed: try await followed(.all),
                    eachYearsGrade: eachYear,
                    englishLearners: try await followed(.englishLearner),
                    everEnglishLearners: try await followed(.everEnglishLearner)
                )
            )
        }
        return CohortView(
            indicator: indicator,
            grade: grade,
            start: start,
            startLabel: schoolYearLabel(start),
            starts: years,
            years: measured,
            yearLabels: measured.map(schoolYearLabel),
            districts: rows
        )
    }

    /// The id of the same family's indicator for another grade (`math_prof_g5` → `math_prof_g6`).
    public static func sibling(_ id: String, grade: Int, offset: Int) -> String? {
        guard id.hasSuffix("_g\(grade)") else { return nil }
        return String(id.dropLast("\(grade)".count)) + String(grade + offset)
    }
}
