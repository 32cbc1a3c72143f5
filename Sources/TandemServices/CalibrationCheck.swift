public import TandemDemo
import TandemDomain
public import TandemPorts

/// Measures the loaded demo against the published figures with the store's independent measures
/// (`IndependentMeasures`: plain SQL over the stored records in the SQLite adapter), independently of the
/// engine and of the generator's own bookkeeping.
public struct CalibrationCheck: Sendable {
    let store: any TandemStore

    public init(store: any TandemStore) { self.store = store }

    public struct Result: Sendable {
        public let figure: PublishedFigure
        public let measured: Double
        /// The counts behind a rate, e.g. `864 of 2,274`.
        public let detail: String
        public var passed: Bool { figure.isReproduced(by: measured) }
    }

    public func run() async throws -> [Result] {
        try await store.read { db in
            let measures = db.independentMeasures()
            return try PublishedFigures.all.map { figure in
                let (measured, detail) = try Self.measure(figure.measure, district: figure.district, year: figure.year, measures)
                return Result(figure: figure, measured: measured, detail: detail)
            }
        }
    }

    private static func measure(
        _ measure: PublishedFigure.Measure,
        district: String,
        year: Int,
        _ measures: any IndependentMeasures
    ) throws -> (Double, String) {
        switch measure {
        case .enrollment:
            return (Double(try measures.groupShare("SED", district: district, year: year).denominator), "")
        case .groupShare(let group):
            let ratio = try measures.groupShare(group, district: district, year: year)
            return (ratio.percent, ratio.detail)
        case .rate(let indicator):
            let ratio = try measures.rate(indicator, district: district, year: year)
            return (ratio.percent, ratio.detail)
        case .algebraTested:
            return (Double(try measures.rate("alg1_g8_proficiency", district: district, year: year).denominator), "")
        case .algebraProficient:
            return (Double(try measures.rate("alg1_g8_proficiency", district: district, year: year).numerator), "")
        case .matchedCohortMath(let grade, let startYear):
            let ratio = try measures.matchedCohortMath(district: district, grade: grade, startYear: startYear, year: year)
            return (ratio.percent, ratio.detail)
        case .proficientButFailing(let highSchool):
            return (Double(try measures.proficientButFailing(district: district, year: year, highSchool: highSchool)), "")
        case .rateChange(let indicator):
            let now = try measures.rate(indicator, district: district, year: year)
            let before = try measures.rate(indicator, district: district, year: year - 1)
            return (now.percent - before.percent, "\(before.percent.rounded1) → \(now.percent.rounded1)")
        }
    }
}

extension Double {
    var rounded1: String { String((self * 10).rounded() / 10) }
}
