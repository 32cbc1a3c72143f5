import GRDB
import TandemDemo
import TandemDomain
import TandemStorage

/// Measures the demo against the published figures from the **stored indicator values** that
/// `tandem compute` wrote: the engine's answer, read back as a page or export would read it.
///
/// Group shares and enrollment come from the demo partnership's `enrollment` indicator (its own
/// definition file); the matched cohort from the stored cohort series. The Project 980/340 counts are a
/// student list, not an indicator, so they are measured by the list's SQL in `CalibrationCheck`.
public struct ComputedCalibration: Sendable {
    public let store: TandemStore

    public init(store: TandemStore) { self.store = store }

    public func run() throws -> [CalibrationCheck.Result] {
        let lists = try CalibrationCheck(store: store).run()
        return try store.writer.read { db in
            try zip(PublishedFigures.all, lists).map { figure, listResult in
                if case .proficientButFailing = figure.measure { return listResult }
                let (measured, detail) = try measure(figure, db: db)
                return CalibrationCheck.Result(figure: figure, measured: measured, detail: detail)
            }
        }
    }

    private func measure(_ figure: PublishedFigure, db: Database) throws -> (Double, String) {
        func value(_ indicator: String, year: Int = figure.year, group: String = "ALL") throws -> (numerator: Int, denominator: Int) {
            let row = try Row.fetchOne(db, sql: """
                SELECT numerator, denominator FROM indicator_value
                WHERE indicator = ? AND district_code = ? AND school_year = ? AND school_code = '' AND student_group = ?
                """, arguments: [indicator, figure.district, year, group])
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
        func percent(_ value: (numerator: Int, denominator: Int)) -> Double {
            value.denominator == 0 ? .nan : 100 * Double(value.numerator) / Double(value.denominator)
        }
        switch figure.measure {
        case .enrollment:
            return (Double(try value("enrollment").denominator), "")
        case .groupShare(let group):
            let part = try value("enrollment", group: group).denominator, all = try value("enrollment").denominator
            return (percent((part, all)), "\(part) of \(all)")
        case .rate(let indicator):
            let counts = try value(indicator)
            return (percent(counts), "\(counts.numerator) of \(counts.denominator)")
        case .algebraTested:
            return (Double(try value("alg1_g8_proficiency").denominator), "")
        case .algebraProficient:
            return (Double(try value("alg1_g8_proficiency").numerator), "")
        case .matchedCohortMath(let grade, let startYear):
            let row = try Row.fetchOne(db, sql: """
                SELECT numerator, denominator FROM cohort_value
                WHERE indicator = ? AND district_code = ? AND start_year = ? AND school_year = ? AND school_code = '' AND student_group = 'ALL'
                """, arguments: ["math_prof_g\(grade)", figure.district, startYear, figure.year])
            let counts: (numerator: Int, denominator: Int) = (row?[0] ?? 0, row?[1] ?? 0)
            return (percent(counts), "\(counts.numerator) of \(counts.denominator)")
        case .rateChange(let indicator):
            let now = percent(try value(indicator)), before = percent(try value(indicator, year: figure.year - 1))
            return (now - before, "\(before.rounded1) → \(now.rounded1)")
        case .proficientButFailing:
            preconditionFailure("measured as a list")
        }
    }
}
