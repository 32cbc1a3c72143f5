import GRDB
import TandemDemo
import TandemStorage

/// Measures the loaded demo against the published figures with plain SQL over the stored records,
/// independently of the generator's own bookkeeping.
///
/// Each measure follows `shared/spec/indicators.md`; the queries are deliberately written straight from
/// those definitions so that they can be read beside them.
public struct CalibrationCheck: Sendable {
    public let store: TandemStore

    public init(store: TandemStore) { self.store = store }

    public struct Result: Sendable {
        public let figure: PublishedFigure
        public let measured: Double
        /// The counts behind a rate, e.g. `864 of 2,274`.
        public let detail: String
        public var passed: Bool { figure.isReproduced(by: measured) }
    }

    public func run() throws -> [Result] {
        try store.writer.read { db in
            try PublishedFigures.all.map { figure in
                let (measured, detail) = try measure(figure.measure, district: figure.district, year: figure.year, db: db)
                return Result(figure: figure, measured: measured, detail: detail)
            }
        }
    }

    /// A rate as a percentage with its counts.
    private struct Ratio {
        let numerator: Int
        let denominator: Int
        var percent: Double { denominator == 0 ? .nan : 100 * Double(numerator) / Double(denominator) }
        var detail: String { "\(numerator) of \(denominator)" }
    }

    private func measure(_ measure: PublishedFigure.Measure, district: String, year: Int, db: Database) throws -> (Double, String) {
        switch measure {
        case .enrollment:
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM enrollment WHERE district_code = ? AND school_year = ?", arguments: [district, year]) ?? 0
            return (Double(count), "")
        case .groupShare(let group):
            let ratio = try groupShare(group, district: district, year: year, db: db)
            return (ratio.percent, ratio.detail)
        case .rate(let indicator):
            let ratio = try rate(indicator, district: district, year: year, db: db)
            return (ratio.percent, ratio.detail)
        case .algebraTested:
            return (Double(try rate("alg1_g8_proficiency", district: district, year: year, db: db).denominator), "")
        case .algebraProficient:
            return (Double(try rate("alg1_g8_proficiency", district: district, year: year, db: db).numerator), "")
        case .matchedCohortMath(let grade, let startYear):
            let ratio = try ratioQuery(db, """
                WITH members AS (
                    SELECT DISTINCT student_id FROM enrollment WHERE district_code = :district AND school_year = :start AND grade = :grade),
                results AS (
                    SELECT student_id, MAX(performance_level >= 4) AS proficient FROM assessment
                    WHERE district_code = :district AND school_year = :year AND test = 'CST'
                      AND subject IN ('MATH', 'GENMATH', 'ALG1', 'GEOM', 'ALG2', 'SUMHS')
                    GROUP BY student_id)
                SELECT COUNT(*), COALESCE(SUM(r.proficient), 0) FROM results r JOIN members m ON m.student_id = r.student_id
                """, ["district": district, "start": startYear, "grade": grade, "year": year])
            return (ratio.percent, ratio.detail)
        case .proficientButFailing(let highSchool):
            let count = try Int.fetchOne(db, sql: """
                WITH proficient AS (
                    SELECT DISTINCT student_id FROM assessment
                    WHERE district_code = :district AND school_year = :year AND test = 'CST' AND performance_level >= 4),
                gpa AS (
                    SELECT student_id, AVG(CASE WHEN mark IN ('A+','A','A-') THEN 4 WHEN mark IN ('B+','B','B-') THEN 3
                                                WHEN mark IN ('C+','C','C-') THEN 2 WHEN mark IN ('D+','D','D-') THEN 1
                                                WHEN mark = 'F' THEN 0 END) AS gpa
                    FROM course WHERE district_code = :district AND school_year = :year GROUP BY student_id)
                SELECT COUNT(*) FROM enrollment e
                JOIN proficient p ON p.student_id = e.student_id
                JOIN gpa g ON g.student_id = e.student_id
                WHERE e.district_code = :district AND e.school_year = :year AND e.grade BETWEEN :low AND :high AND g.gpa < 2.0
                """, arguments: ["district": district, "year": year, "low": highSchool ? 9 : 6, "high": highSchool ? 12 : 8]) ?? 0
            return (Double(count), "")
        case .rateChange(let indicator):
            let now = try rate(indicator, district: district, year: year, db: db)
            let before = try rate(indicator, district: district, year: year - 1, db: db)
            return (now.percent - before.percent, "\(before.percent.rounded1) → \(now.percent.rounded1)")
        }
    }

    private func groupShare(_ group: String, district: String, year: Int, db: Database) throws -> Ratio {
        let condition = switch group {
        case "SED": "e.sed = 1"
        case "EL": "e.el_status = 'EL'"
        default: "s.race_ethnicity = '\(group.filter(\.isLetter))'"
        }
        return try ratioQuery(db, """
            SELECT COUNT(*), COALESCE(SUM(\(condition)), 0) FROM enrollment e
            JOIN student s ON s.district_code = e.district_code AND s.student_id = e.student_id
            WHERE e.district_code = ? AND e.school_year = ?
            """, [district, year])
    }

    private func rate(_ indicator: String, district: String, year: Int, db: Database) throws -> Ratio {
        switch indicator {
        case "math_prof_g3", "math_prof_g5":
            let grade = Int(indicator.suffix(1))!
            return try ratioQuery(db, """
                SELECT COUNT(*), COALESCE(SUM(performance_level >= 4), 0) FROM assessment
                WHERE district_code = ? AND school_year = ? AND test = 'CST' AND subject = 'MATH' AND grade_tested = ?
                """, [district, year, grade])
        case "cahsee_math_first_pass":
            return try ratioQuery(db, """
                SELECT COUNT(*), COALESCE(SUM(scale_score >= 350), 0) FROM assessment
                WHERE district_code = ? AND school_year = ? AND test = 'CAHSEE' AND subject = 'MATH'
                  AND grade_tested = 10 AND first_attempt = 1
                """, [district, year])
        case "grad_rate_4yr":
            return try ratioQuery(db, """
                SELECT COALESCE(SUM(outcome NOT IN ('TRANSFER_OUT', 'EMIGRATED', 'DECEASED')), 0), COALESCE(SUM(outcome = 'GRAD'), 0)
                FROM outcome WHERE district_code = ? AND cohort_year = ?
                """, [district, year])
        case "alg1_g8_participation":
            return try ratioQuery(db, """
                SELECT COUNT(*), COALESCE(SUM(higher), 0) FROM (
                    SELECT student_id, MAX(subject IN ('ALG1', 'GEOM', 'ALG2')) AS higher FROM assessment
                    WHERE district_code = ? AND school_year = ? AND test = 'CST' AND grade_tested = 8
                      AND subject IN ('MATH', 'GENMATH', 'ALG1', 'GEOM', 'ALG2')
                    GROUP BY student_id)
                """, [district, year])
        case "alg1_g8_proficiency":
            return try ratioQuery(db, """
                SELECT COUNT(*), COALESCE(SUM(performance_level >= 4), 0) FROM assessment
                WHERE district_code = ? AND school_year = ? AND test = 'CST' AND subject = 'ALG1' AND grade_tested = 8
                """, [district, year])
        default:
            preconditionFailure("no calibration query for \(indicator)")
        }
    }

    /// Runs a query returning `(denominator, numerator)`.
    private func ratioQuery(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> Ratio {
        let row = try Row.fetchOne(db, sql: sql, arguments: arguments)!
        return Ratio(numerator: row[1] ?? 0, denominator: row[0] ?? 0)
    }
}

extension Double {
    var rounded1: String { String((self * 10).rounded() / 10) }
}
