import GRDB
import TandemDemo
import TandemDomain
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
            let cache = Cache()
            return try PublishedFigures.all.map { figure in
                let (measured, detail) = try measure(figure.measure, district: figure.district, year: figure.year, db: db, cache: cache)
                return Result(figure: figure, measured: measured, detail: detail)
            }
        }
    }

    /// Ratios already computed, per (query, district, year): each query groups by district and year, so
    /// a table is scanned once per kind of figure rather than once per figure.
    private final class Cache {
        var ratios: [String: [String: Ratio]] = [:]
    }

    /// Runs a query returning `(district_code, school_year, denominator, numerator)` rows once, and
    /// answers the ratio for one district and year from it.
    private func grouped(_ name: String, _ sql: String, district: String, year: Int, db: Database, cache: Cache) throws -> Ratio {
        if cache.ratios[name] == nil {
            var table: [String: Ratio] = [:]
            for row in try Row.fetchAll(db, sql: sql) {
                table["\(row[0] as String) \(row[1] as Int)"] = Ratio(numerator: row[3] ?? 0, denominator: row[2] ?? 0)
            }
            cache.ratios[name] = table
        }
        return cache.ratios[name]!["\(district) \(year)"] ?? Ratio(numerator: 0, denominator: 0)
    }

    /// A rate as a percentage with its counts.
    private struct Ratio {
        let numerator: Int
        let denominator: Int
        var percent: Double { denominator == 0 ? .nan : 100 * Double(numerator) / Double(denominator) }
        var detail: String { "\(numerator) of \(denominator)" }
    }

    private func measure(_ measure: PublishedFigure.Measure, district: String, year: Int, db: Database, cache: Cache) throws -> (Double, String) {
        switch measure {
        case .enrollment:
            return (Double(try groupShare("SED", district: district, year: year, db: db, cache: cache).denominator), "")
        case .groupShare(let group):
            let ratio = try groupShare(group, district: district, year: year, db: db, cache: cache)
            return (ratio.percent, ratio.detail)
        case .rate(let indicator):
            let ratio = try rate(indicator, district: district, year: year, db: db, cache: cache)
            return (ratio.percent, ratio.detail)
        case .algebraTested:
            return (Double(try rate("alg1_g8_proficiency", district: district, year: year, db: db, cache: cache).denominator), "")
        case .algebraProficient:
            return (Double(try rate("alg1_g8_proficiency", district: district, year: year, db: db, cache: cache).numerator), "")
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
            let now = try rate(indicator, district: district, year: year, db: db, cache: cache)
            let before = try rate(indicator, district: district, year: year - 1, db: db, cache: cache)
            return (now.percent - before.percent, "\(before.percent.rounded1) → \(now.percent.rounded1)")
        }
    }

    /// Every group's share of enrollment, for every district and year, in one scan.
    private func groupShare(_ group: String, district: String, year: Int, db: Database, cache: Cache) throws -> Ratio {
        let groups = ["SED", "EL"] + RaceEthnicity.allCases.map(\.rawValue)
        if cache.ratios["share \(group)"] == nil {
            let sums = groups.map { group in
                switch group {
                case "SED": "SUM(e.sed = 1)"
                case "EL": "SUM(e.el_status = 'EL')"
                default: "SUM(s.race_ethnicity = '\(group)')"
                }
            }
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.district_code, e.school_year, COUNT(*), \(sums.joined(separator: ", ")) FROM enrollment e
                JOIN student s ON s.district_code = e.district_code AND s.student_id = e.student_id
                GROUP BY e.district_code, e.school_year
                """)
            for (index, name) in groups.enumerated() {
                var table: [String: Ratio] = [:]
                for row in rows {
                    table["\(row[0] as String) \(row[1] as Int)"] = Ratio(numerator: row[3 + index] ?? 0, denominator: row[2] ?? 0)
                }
                cache.ratios["share \(name)"] = table
            }
        }
        return cache.ratios["share \(group)"]?["\(district) \(year)"] ?? Ratio(numerator: 0, denominator: 0)
    }

    private func rate(_ indicator: String, district: String, year: Int, db: Database, cache: Cache) throws -> Ratio {
        let sql: String
        switch indicator {
        case "math_prof_g3", "math_prof_g5":
            sql = """
                SELECT district_code, school_year, COUNT(*), SUM(performance_level >= 4) FROM assessment
                WHERE test = 'CST' AND subject = 'MATH' AND grade_tested = \(Int(indicator.suffix(1))!)
                GROUP BY district_code, school_year
                """
        case "cahsee_math_first_pass":
            sql = """
                SELECT district_code, school_year, COUNT(*), SUM(scale_score >= 350) FROM assessment
                WHERE test = 'CAHSEE' AND subject = 'MATH' AND grade_tested = 10 AND first_attempt = 1
                GROUP BY district_code, school_year
                """
        case "grad_rate_4yr":
            sql = """
                SELECT district_code, cohort_year, SUM(outcome NOT IN ('TRANSFER_OUT', 'EMIGRATED', 'DECEASED')), SUM(outcome = 'GRAD')
                FROM outcome GROUP BY district_code, cohort_year
                """
        case "alg1_g8_participation":
            sql = """
                SELECT district_code, school_year, COUNT(*), SUM(higher) FROM (
                    SELECT district_code, school_year, student_id, MAX(subject IN ('ALG1', 'GEOM', 'ALG2')) AS higher FROM assessment
                    WHERE test = 'CST' AND grade_tested = 8 AND subject IN ('MATH', 'GENMATH', 'ALG1', 'GEOM', 'ALG2')
                    GROUP BY district_code, school_year, student_id)
                GROUP BY district_code, school_year
                """
        case "alg1_g8_proficiency":
            sql = """
                SELECT district_code, school_year, COUNT(*), SUM(performance_level >= 4) FROM assessment
                WHERE test = 'CST' AND subject = 'ALG1' AND grade_tested = 8
                GROUP BY district_code, school_year
                """
        default:
            preconditionFailure("no calibration query for \(indicator)")
        }
        return try grouped(indicator, sql, district: district, year: year, db: db, cache: cache)
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
