import GRDB
import TandemDomain
import TandemPorts

/// The stored values of the latest computation. The district as a whole is stored with an empty `school_code`.
extension SQLiteTransaction {
    func latestComputation() throws -> Computation? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT id, computed_at, definition_version, minimum_group_size, latest_import_id, seconds
                FROM indicator_computation ORDER BY id DESC LIMIT 1
                """
        ).map {
            Computation(id: $0[0], computedAt: $0[1], definitionVersion: $0[2], minimumGroupSize: $0[3], latestImportID: $0[4], seconds: $0[5])
        }
    }

    func indicatorInfos() throws -> [IndicatorInfo] {
        try Row.fetchAll(db, sql: "SELECT id, name, grade, has_cohort, lower_is_better, measure, files FROM indicator_definition ORDER BY position")
            .map {
                IndicatorInfo(
                    id: $0[0],
                    name: $0[1],
                    grade: $0[2],
                    hasCohort: $0[3],
                    lowerIsBetter: $0[4],
                    measure: try known($0[5], "indicator_definition", "measure"),
                    files: ($0[6] as String).split(separator: ",").map(String.init)
                )
            }
    }

    func districtsWithValues() throws -> [DistrictInfo] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT DISTINCT v.district_code, COALESCE(d.name, v.district_code) FROM indicator_value v
                LEFT JOIN district d ON d.code = v.district_code WHERE v.school_code = '' AND v.student_group = 'ALL' ORDER BY 1
                """
        ).map { DistrictInfo(code: $0[0], name: $0[1]) }
    }

    func districtLevelValues() throws -> [DistrictLevelValue] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT indicator, district_code, school_year, student_group, numerator, denominator, suppressed
                FROM indicator_value WHERE school_code = ''
                """
        ).map {
            DistrictLevelValue(
                indicator: $0[0],
                district: $0[1],
                year: $0[2],
                group: $0[3],
                value: StoredValue(numerator: $0[4], denominator: $0[5], suppressed: $0[6])
            )
        }
    }

    func value(indicator: String, district: String, year: Int, school: String?, group: StudentGroup) throws -> StoredValue? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT numerator, denominator, suppressed FROM indicator_value
                WHERE indicator = ? AND district_code = ? AND school_year = ? AND school_code = ? AND student_group = ?
                """,
            arguments: [indicator, district, year, school ?? "", group.rawValue]
        ).map(Self.storedValue)
    }

    func cohortValue(indicator: String, district: String, startYear: Int, year: Int, group: StudentGroup) throws -> StoredValue? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT numerator, denominator, suppressed FROM cohort_value
                WHERE indicator = ? AND district_code = ? AND start_year = ? AND school_year = ? AND school_code = '' AND student_group = ?
                """,
            arguments: [indicator, district, startYear, year, group.rawValue]
        ).map(Self.storedValue)
    }

    func schoolValues(indicator: String, district: String, year: Int, group: StudentGroup) throws -> [StoredSchoolValue] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT v.school_code, COALESCE(s.school_name, v.school_code), v.numerator, v.denominator, v.suppressed
                FROM indicator_value v
                LEFT JOIN school s ON s.district_code = v.district_code AND s.school_code = v.school_code
                WHERE v.indicator = ? AND v.district_code = ? AND v.school_year = ? AND v.school_code <> '' AND v.student_group = ?
                ORDER BY v.school_code
                """,
            arguments: [indicator, district, year, group.rawValue]
        ).map {
            StoredSchoolValue(
                school: SchoolInfo(code: $0[0], name: $0[1]),
                value: StoredValue(numerator: $0[2], denominator: $0[3], suppressed: $0[4])
            )
        }
    }

    func placeValues(district: String, school: String?, group: StudentGroup) throws -> [String: [Int: StoredValue]] {
        var values: [String: [Int: StoredValue]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT indicator, school_year, numerator, denominator, suppressed FROM indicator_value
                WHERE district_code = ? AND school_code = ? AND student_group = ?
                """,
            arguments: [district, school ?? "", group.rawValue]
        ) {
            values[row[0], default: [:]][row[1]] = StoredValue(numerator: row[2], denominator: row[3], suppressed: row[4])
        }
        return values
    }

    func schoolsWithValues(district: String, indicator: String?, group: StudentGroup) throws -> [SchoolInfo] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT DISTINCT v.school_code, COALESCE(s.school_name, v.school_code) FROM indicator_value v
                LEFT JOIN school s ON s.district_code = v.district_code AND s.school_code = v.school_code
                WHERE v.district_code = ? AND (? IS NULL OR v.indicator = ?) AND v.school_code <> '' AND v.student_group = ? ORDER BY 1
                """,
            arguments: [district, indicator, indicator, group.rawValue]
        ).map { SchoolInfo(code: $0[0], name: $0[1]) }
    }

    func cohortSeries(indicator: String, district: String, startYear: Int, group: StudentGroup) throws -> [Int: StoredValue] {
        var series: [Int: StoredValue] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT school_year, numerator, denominator, suppressed FROM cohort_value
                WHERE indicator = ? AND district_code = ? AND start_year = ? AND school_code = '' AND student_group = ?
                """,
            arguments: [indicator, district, startYear, group.rawValue]
        ) {
            series[row[0]] = StoredValue(numerator: row[1], denominator: row[2], suppressed: row[3])
        }
        return series
    }

    func targetsAndFrameworkStamp() throws -> Int {
        try Int.fetchOne(
            db,
            sql: """
                SELECT (SELECT COALESCE(MAX(id), 0) FROM target_change) * 1000003 + (SELECT COALESCE(MAX(id), 0) FROM framework_version)
                """
        ) ?? 0
    }

    private static func storedValue(_ row: Row) -> StoredValue {
        StoredValue(numerator: row[0], denominator: row[1], suppressed: row[2])
    }
}
