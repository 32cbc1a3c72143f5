import GRDB
import TandemDomain
import TandemPorts

/// The demo's published figures measured with plain SQL over the stored records, independently of the
/// engine. Each query follows `shared/spec/indicators.md` and is written so it can be read beside it.
///
/// Each grouped query runs once per transaction for every district and year (a table is scanned once
/// per kind of figure, not once per figure) and is remembered here.
final class SQLMeasures: IndependentMeasures {
    private let db: Database
    private var ratios: [String: [String: Ratio]] = [:]

    init(db: Database) { self.db = db }

    func groupShare(_ group: String, district: String, year: Int) throws -> Ratio {
        let groups = ["SED", "EL"] + RaceEthnicity.allCases.map(\.rawValue)
        if ratios["share \(group)"] == nil {
            let sums = groups.map { group in
                switch group {
                case "SED": "SUM(e.sed = 1)"
                case "EL": "SUM(e.el_status = 'EL')"
                default: "SUM(s.race_ethnicity = '\(group)')"
                }
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.district_code, e.school_year, COUNT(*), \(sums.joined(separator: ", ")) FROM enrollment e
                    JOIN student s ON s.district_code = e.district_code AND s.student_id = e.student_id
                    GROUP BY e.district_code, e.school_year
                    """
            )
            for (index, name) in groups.enumerated() {
                var table: [String: Ratio] = [:]
                for row in rows {
                    table["\(row[0] as String) \(row[1] as Int)"] = Ratio(numerator: row[3 + index] ?? 0, denominator: row[2] ?? 0)
                }
                ratios["share \(name)"] = table
            }
        }
        return ratios["share \(group)"]?["\(district) \(year)"] ?? Ratio(numerator: 0, denominator: 0)
    }

    func rate(_ indicator: String, district: String, year: Int) throws -> Ratio {
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
            preconditionFailure("no independent query for \(indicator)")
        }
        if ratios[indicator] == nil {
            var table: [String: Ratio] = [:]
            for row in try Row.fetchAll(db, sql: sql) {
                table["\(row[0] as String) \(row[1] as Int)"] = Ratio(numerator: row[3] ?? 0, denominator: row[2] ?? 0)
            }
            ratios[indicator] = table
        }
        return ratios[indicator]!["\(district) \(year)"] ?? Ratio(numerator: 0, denominator: 0)
    }

    func matchedCohortMath(district: String, grade: Int, startYear: Int, year: Int) throws -> Ratio {
        let row = try Row.fetchOne(
            db,
            sql: """
                WITH members AS (
                    SELECT DISTINCT student_id FROM enrollment WHERE district_code = :district AND school_year = :start AND grade = :grade),
                results AS (
                    SELECT student_id, MAX(performance_level >= 4) AS proficient FROM assessment
                    WHERE district_code = :district AND school_year = :year AND test = 'CST'
                      AND subject IN ('MATH', 'GENMATH', 'ALG1', 'GEOM', 'ALG2', 'SUMHS')
                    GROUP BY student_id)
                SELECT COUNT(*), COALESCE(SUM(r.proficient), 0) FROM results r JOIN members m ON m.student_id = r.student_id
                """,
            arguments: ["district": district, "start": startYear, "grade": grade, "year": year]
        )!
        return Ratio(numerator: row[1] ?? 0, denominator: row[0] ?? 0)
    }

    func proficientButFailing(district: String, year: Int, highSchool: Bool) throws -> Int {
        try Int.fetchOne(
            db,
            sql: """
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
                """,
            arguments: ["district": district, "year": year, "low": highSchool ? 9 : 6, "high": highSchool ? 12 : 8]
        ) ?? 0
    }
}
