#!/usr/bin/env python3
"""The indicator cube by DuckDB SQL: Tandem's comparator in `tandem bench compute`.

    python3 bench/duckdb_cube.py DIR [--out FILE.csv] [--cohorts-out FILE.csv]

DIR holds one folder per district (DIR/FUSD, DIR/LBUSD, ...), each with the data contract's CSV files
(`shared/spec/data-contract.md`). The script computes what `tandem compute` computes for the MOU library
(`Sources/TandemContract/Resources/indicators.json`, semantics in `docs/indicator-definitions.md`):

* load:    the CSV files into typed DuckDB tables (codes upper-cased, grades TK/KN as -1/0, Y/N flags,
           students numbered: records name them by an integer `sid`, as Tandem's engine does);
* cube:    a `placement_groups` table (each enrollment row's school and list of student groups, plus
           each student's own groups for units with no enrollment row), then one `GROUP BY GROUPING SETS`
           query per indicator: its units (student, value year) joined to their placement row, exploded
           to their groups, counted per (year, district, school or the district as a whole, group);
* cohorts: the matched cohorts of the 13 grade-based ELA/math indicators, one GROUPING SETS query each.

Every value is computed (nothing is sampled or skipped) with DuckDB's default settings (threads = cores).
`--out` writes the cube as `indicator,school_year,district_code,school_code,group,numerator,denominator`
(school_code empty for the district as a whole; only cells with a denominator), comparable with
`tandem export indicators --audience district`. `--cohorts-out` writes the matched cohorts likewise, with
`start_grade,start_year` after the indicator.
"""

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time

import duckdb

# ---------------------------------------------------------------------------------------------------
# The test catalog (Sources/TandemContract/Resources/test-catalog.json): the proficiency rule of each
# test and its top level (for the level-gain indicator). Tests it does not know are never proficient
# nor not proficient (NULL).

MACROS = """
CREATE OR REPLACE MACRO proficient(test, level, scale) AS
    CASE test
        WHEN 'CST'    THEN level >= 4
        WHEN 'CAASPP' THEN level >= 3
        WHEN 'CAHSEE' THEN scale >= 350
        WHEN 'CELDT'  THEN level >= 4
        WHEN 'ELPAC'  THEN level >= 4
        WHEN 'AP'     THEN level >= 3
        ELSE NULL END;
CREATE OR REPLACE MACRO top_level(test) AS
    CASE test WHEN 'CST' THEN 5 WHEN 'CAASPP' THEN 4 WHEN 'CELDT' THEN 5 WHEN 'ELPAC' THEN 4 WHEN 'AP' THEN 5
              ELSE NULL END;
-- Grades: TK -1, KN/K 0, 1..12 (leading zero allowed).
CREATE OR REPLACE MACRO grade_number(g) AS
    CASE upper(trim(g)) WHEN 'TK' THEN -1 WHEN 'KN' THEN 0 WHEN 'K' THEN 0 ELSE CAST(trim(g) AS INTEGER) END;
CREATE OR REPLACE MACRO flag(b) AS
    CASE upper(trim(b)) WHEN 'Y' THEN true WHEN 'TRUE' THEN true WHEN '1' THEN true
                        WHEN 'N' THEN false WHEN 'FALSE' THEN false WHEN '0' THEN false ELSE NULL END;
-- LTEL: EL with at least 6 whole years from el_start_date to 1 October of the school year's first year.
CREATE OR REPLACE MACRO is_ltel(el_status, el_start, yr) AS
    coalesce(el_status = 'EL'
             AND (yr - 1 - year(el_start))
                 - CASE WHEN month(el_start) > 10 OR (month(el_start) = 10 AND day(el_start) > 1) THEN 1 ELSE 0 END
                 >= 6, false);
-- A term's part of a school year, in twelfths.
CREATE OR REPLACE MACRO twelfths(term) AS
    CASE term WHEN 'FY' THEN 12 WHEN 'S1' THEN 6 WHEN 'S2' THEN 6 WHEN 'SUM' THEN 6
              WHEN 'T1' THEN 4 WHEN 'T2' THEN 4 WHEN 'T3' THEN 4
              WHEN 'Q1' THEN 3 WHEN 'Q2' THEN 3 WHEN 'Q3' THEN 3 WHEN 'Q4' THEN 3 ELSE 0 END;
"""

# ---------------------------------------------------------------------------------------------------
# Loading. Every file is read as text (column order is free; names match case-insensitively) and typed
# here, so a missing optional column or a spelling the contract allows (y/true/1, KN/K, 08) is handled.

FILES = {
    "schools": ["district_code", "school_code"],
    "students": ["district_code", "student_id", "gender", "race_ethnicity"],
    "enrollments": ["district_code", "student_id", "school_year", "school_code", "grade", "sed", "swd",
                    "el_status", "el_start_date", "homeless", "foster"],
    "assessments": ["district_code", "student_id", "school_year", "test", "subject", "grade_tested",
                    "scale_score", "performance_level", "first_attempt"],
    "courses": ["district_code", "student_id", "school_year", "term", "course_code", "ag_area", "is_ap",
                "grade_level", "mark"],
    "outcomes": ["district_code", "student_id", "cohort_year", "outcome", "ag_complete"],
}

SELECTS = {
    "schools": """SELECT trim(district_code) AS district, trim(school_code) AS school FROM {src}""",
    # Students are numbered (sid) as they are read; every record names its student by that number.
    "students": """
        SELECT CAST(row_number() OVER () AS INTEGER) AS sid, district, student, gender, race
        FROM (SELECT trim(district_code) AS district, trim(student_id) AS student,
                     upper(trim(gender)) AS gender, upper(trim(race_ethnicity)) AS race
              FROM {src})""",
    "enrollments": """
        SELECT s.sid, s.district,
               CAST(trim(school_year) AS INTEGER) AS year, trim(school_code) AS school,
               grade_number(grade) AS grade, flag(sed) AS sed, flag(swd) AS swd,
               upper(trim(el_status)) AS el_status, TRY_CAST(trim(el_start_date) AS DATE) AS el_start,
               coalesce(flag(homeless), false) AS homeless, coalesce(flag(foster), false) AS foster
        FROM {src} r JOIN students s ON s.district = trim(r.district_code) AND s.student = trim(r.student_id)""",
    "assessments": """
        SELECT s.sid, s.district,
               CAST(trim(school_year) AS INTEGER) AS year,
               upper(trim(test)) AS test, upper(trim(subject)) AS subject,
               grade_number(grade_tested) AS grade,
               TRY_CAST(trim(scale_score) AS DOUBLE) AS scale,
               TRY_CAST(trim(performance_level) AS INTEGER) AS level,
               flag(first_attempt) AS first_attempt
        FROM {src} r JOIN students s ON s.district = trim(r.district_code) AND s.student = trim(r.student_id)""",
    "courses": """
        SELECT s.sid, s.district,
               CAST(trim(school_year) AS INTEGER) AS year, upper(trim(term)) AS term,
               upper(trim(course_code)) AS course_code, lower(trim(ag_area)) AS ag_area,
               coalesce(flag(is_ap), false) AS is_ap, grade_number(grade_level) AS grade_level,
               upper(trim(mark)) AS mark
        FROM {src} r JOIN students s ON s.district = trim(r.district_code) AND s.student = trim(r.student_id)""",
    "outcomes": """
        SELECT s.sid, s.district,
               CAST(trim(cohort_year) AS INTEGER) AS cohort_year, upper(trim(outcome)) AS outcome,
               flag(ag_complete) AS ag_complete
        FROM {src} r JOIN students s ON s.district = trim(r.district_code) AND s.student = trim(r.student_id)""",
}


def load(con, folder):
    rows = 0
    for name, wanted in FILES.items():
        pattern = os.path.join(folder, "*", name + ".csv")
        raw = (f"read_csv({sql_text(pattern)}, header = true, all_varchar = true, union_by_name = true, "
               f"auto_detect = true, delim = ',', quote = '\"', escape = '\"')")
        columns = {c.lower(): c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE SELECT * FROM {raw})").fetchall()}
        # A column missing from every file is read as NULL (optional columns); names case-insensitively.
        projection = ", ".join(
            (f'"{columns[c]}" AS {c}' if c in columns else f"CAST(NULL AS VARCHAR) AS {c}") for c in wanted)
        src = f"(SELECT {projection} FROM {raw})"
        con.execute(f"CREATE TABLE {name} AS " + SELECTS[name].format(src=src))
        rows += con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    return rows


def sql_text(s):
    return "'" + s.replace("'", "''") + "'"


# ---------------------------------------------------------------------------------------------------
# The cube.

GROUPS = ["ALL", "HI", "AA", "WH", "AS", "FI", "PI", "AI", "MR", "SED", "SWD", "EL", "RFEP", "EVER_EL", "LTEL",
          "EO", "F", "M", "HOMELESS", "FOSTER"]

GROUPS_OF_ROW = """
    list_filter(['ALL',
                 CASE WHEN race IN ('HI','AA','WH','AS','FI','PI','AI','MR') THEN race END,
                 CASE WHEN gender IN ('F','M') THEN gender END,
                 {extra}], lambda g: g IS NOT NULL)::student_group[]"""

ENROLLMENT_GROUPS = """
                 CASE WHEN sed THEN 'SED' END,
                 CASE WHEN swd THEN 'SWD' END,
                 CASE WHEN el_status = 'EL' THEN 'EL' END,
                 CASE WHEN el_status = 'RFEP' THEN 'RFEP' END,
                 CASE WHEN el_status IN ('EL','RFEP') THEN 'EVER_EL' END,
                 CASE WHEN is_ltel(el_status, el_start, year) THEN 'LTEL' END,
                 CASE WHEN el_status = 'EO' THEN 'EO' END,
                 CASE WHEN homeless THEN 'HOMELESS' END,
                 CASE WHEN foster THEN 'FOSTER' END"""

# placement_groups(sid, year, district, school, groups): each enrollment row's school and its list of
# student groups; and, under year -1 with no school, each student's own groups (ALL, race, gender) for a
# unit that has no enrollment row to place it. A unit joins its placement row and is exploded to its
# groups (unnest) before the GROUPING SETS aggregation.
PLACEMENT_GROUPS = f"""
CREATE TABLE placement_groups AS
SELECT sid, year, district, school, {GROUPS_OF_ROW.format(extra=ENROLLMENT_GROUPS)} AS groups
FROM enrollments e JOIN students s USING (sid, district)
UNION ALL
SELECT sid, -1 AS year, district, CAST(NULL AS VARCHAR) AS school, {GROUPS_OF_ROW.format(extra="NULL")} AS groups
FROM students
"""


def cube_query(indicator, units):
    """`units` selects (sid, vyear, pyear, num): one row per unit (student, value year), the year of the
    enrollment row placing it (NULL: none) and whether it is in the numerator."""
    return f"""
INSERT INTO cube
WITH units AS ({units}),
placed AS (
    SELECT u.vyear, p.district, p.school, unnest(p.groups) AS grp, u.num
    FROM units u JOIN placement_groups p ON p.sid = u.sid AND p.year = coalesce(u.pyear, -1))
SELECT '{indicator}' AS indicator, vyear AS school_year, district, school, grp,
       count(*) FILTER (WHERE num) AS numerator, count(*) AS denominator
FROM placed
GROUP BY GROUPING SETS ((district, vyear, grp), (district, vyear, school, grp))
HAVING grouping(school) = 1 OR school IS NOT NULL
"""


def value_year_placement(records):
    """Units from `records` (sid, vyear, num) placed by their value year's enrollment row."""
    return f"""
SELECT r.sid, r.vyear, e.year AS pyear, r.num
FROM ({records}) r
LEFT JOIN enrollments e ON e.sid = r.sid AND e.year = r.vyear"""


def latest_placement(records):
    """Units placed by the latest enrollment row with school_year <= the value year."""
    return f"""
SELECT r.sid, r.vyear, e.year AS pyear, r.num
FROM ({records}) r
ASOF LEFT JOIN (SELECT sid, year FROM enrollments) e ON e.sid = r.sid AND r.vyear >= e.year"""


def assessment_units(where, numerator):
    return value_year_placement(f"""
SELECT sid, year AS vyear, bool_or(coalesce({numerator}, false)) AS num
FROM assessments WHERE {where} GROUP BY sid, year""")


def codes(values):
    return "(" + ", ".join(sql_text(v) for v in values) + ")"


MATH_G8 = ["MATH", "GENMATH", "ALG1", "GEOM", "ALG2"]
COHORT_MATH = ["MATH", "GENMATH", "ALG1", "GEOM", "ALG2", "SUMHS"]
PROFICIENT = "proficient(test, level, scale)"
AG_MARKS = ["A+", "A", "A-", "B+", "B", "B-", "C+", "C"]
AG_YEARS = {"a": 2, "b": 4, "c": 3, "d": 2, "e": 2, "f": 1, "g": 1}


def grade_indicators():
    """The 13 grade-based proficiency indicators: (id, grade, population where, cohort where)."""
    out = []
    for g in [3, 4, 5, 6, 7, 8, 11]:
        out.append((f"ela_prof_g{g}", g, f"test IN ('CST','CAASPP') AND subject = 'ELA' AND grade = {g}",
                    "test IN ('CST','CAASPP') AND subject = 'ELA'"))
    for g in [3, 4, 5, 6, 7]:
        out.append((f"math_prof_g{g}", g, f"test IN ('CST','CAASPP') AND subject = 'MATH' AND grade = {g}",
                    f"test IN ('CST','CAASPP') AND subject IN {codes(COHORT_MATH)}"))
    out.append(("math_prof_g8", 8, f"test IN ('CST','CAASPP') AND subject IN {codes(MATH_G8)} AND grade = 8",
                f"test IN ('CST','CAASPP') AND subject IN {codes(COHORT_MATH)}"))
    return out


def indicator_queries():
    """(id, SQL) for the 24 indicators of the MOU library."""
    queries = [(i, cube_query(i, assessment_units(where, PROFICIENT))) for (i, _, where, _) in grade_indicators()]

    queries.append(("alg1_g8_participation", cube_query("alg1_g8_participation", assessment_units(
        f"test = 'CST' AND subject IN {codes(MATH_G8)} AND grade = 8", "subject IN ('ALG1','GEOM','ALG2')"))))
    queries.append(("alg1_g8_proficiency", cube_query("alg1_g8_proficiency", assessment_units(
        "test = 'CST' AND subject = 'ALG1' AND grade = 8", PROFICIENT))))
    queries.append(("cahsee_math_first_pass", cube_query("cahsee_math_first_pass", assessment_units(
        "test = 'CAHSEE' AND subject = 'MATH' AND grade = 10 AND first_attempt", "scale >= 350"))))

    # Outcomes: the value year is the cohort year; school and groups from the latest row through it.
    queries.append(("grad_rate_4yr", cube_query("grad_rate_4yr", latest_placement("""
SELECT sid, cohort_year AS vyear, bool_or(outcome = 'GRAD') AS num
FROM outcomes WHERE outcome IN ('GRAD','OTHER_COMPLETER','GED','DROPOUT','CONTINUING')
GROUP BY sid, cohort_year"""))))

    # A–G: the reported flag when present, else the transcript through the cohort year.
    met = " AND ".join(f"coalesce(sum(t) FILTER (WHERE area = '{a}'), 0) >= {12 * y}" for a, y in AG_YEARS.items())
    queries.append(("ag_completion", cube_query("ag_completion", latest_placement(f"""
WITH grads AS (
    SELECT sid, cohort_year, ag_complete FROM outcomes WHERE outcome = 'GRAD'),
attempts AS (   -- a (course_code, term) counts once, however many years it was taken
    SELECT g.sid, g.cohort_year, c.course_code, c.term, min(c.ag_area) AS area
    FROM (SELECT DISTINCT sid, cohort_year FROM grads WHERE ag_complete IS NULL) g
    JOIN courses c ON c.sid = g.sid
    WHERE c.ag_area IS NOT NULL AND c.year <= g.cohort_year AND c.grade_level BETWEEN 9 AND 12
      AND c.mark IN {codes(AG_MARKS)}
    GROUP BY g.sid, g.cohort_year, c.course_code, c.term),
derived AS (
    SELECT sid, cohort_year, {met} AS met
    FROM (SELECT sid, cohort_year, area, sum(twelfths(term)) AS t
          FROM attempts GROUP BY sid, cohort_year, area)
    GROUP BY sid, cohort_year)
SELECT g.sid, g.cohort_year AS vyear, bool_or(coalesce(g.ag_complete, d.met, false)) AS num
FROM grads g
LEFT JOIN derived d ON d.sid = g.sid AND d.cohort_year = g.cohort_year
GROUP BY g.sid, g.cohort_year"""))))

    # Enrollment-row populations: the row itself is the value year's placement.
    queries.append(("ap_participation", cube_query("ap_participation", """
SELECT e.sid, e.year AS vyear, e.year AS pyear,
       EXISTS (SELECT 1 FROM courses c WHERE c.sid = e.sid AND c.year = e.year AND c.is_ap) AS num
FROM enrollments e WHERE e.grade BETWEEN 10 AND 12""")))

    queries.append(("ap_pass", cube_query("ap_pass", assessment_units("test = 'AP'", "level >= 3"))))

    queries.append(("sat_act_participation", cube_query("sat_act_participation", """
SELECT e.sid, e.year AS vyear, e.year AS pyear,
       EXISTS (SELECT 1 FROM assessments a
               WHERE a.sid = e.sid AND a.test IN ('SAT','ACT') AND a.grade BETWEEN 11 AND 12
                 AND a.year BETWEEN e.year - 1 AND e.year) AS num
FROM enrollments e WHERE e.grade = 12""")))

    # Value year y = the record's year + 1 (enrolled in y required); placed by the year y-1 row.
    queries.append(("el_reclassified", cube_query("el_reclassified", """
SELECT e.sid, e.year + 1 AS vyear, e.year AS pyear, n.el_status = 'RFEP' AS num
FROM enrollments e JOIN enrollments n ON n.sid = e.sid AND n.year = e.year + 1
WHERE e.el_status = 'EL'""")))

    # Levels compared within one test (the highest level on that test each year); the population is
    # the results of a year in which the student's enrollment row says EL, with a result of the same
    # test the year before.
    queries.append(("el_annual_progress", cube_query("el_annual_progress", """
WITH levels AS (
    SELECT sid, year, test, max(level) AS level
    FROM assessments WHERE test IN ('CELDT','ELPAC') AND level >= 1
    GROUP BY sid, year, test),
now AS (
    SELECT l.* FROM levels l JOIN enrollments e ON e.sid = l.sid AND e.year = l.year
    WHERE e.el_status = 'EL')
SELECT n.sid, n.year AS vyear, n.year AS pyear,
       bool_or(n.level - b.level >= 1 OR (n.level = top_level(n.test) AND b.level = top_level(n.test))) AS num
FROM now n JOIN levels b ON b.sid = n.sid AND b.test = n.test AND b.year = n.year - 1
GROUP BY n.sid, n.year""")))

    queries.append(("ltel_share", cube_query("ltel_share", """
SELECT sid, year AS vyear, year AS pyear, is_ltel(el_status, el_start, year) AS num
FROM enrollments WHERE el_status = 'EL' AND grade BETWEEN 6 AND 12""")))
    return queries


def cohort_query(indicator, grade, where):
    """The matched cohort: members enrolled in `grade` in start year y; for each year y' >= y a member is a
    unit when it has a record matching the cohort's `where` that year; school from y, groups from y'."""
    return f"""
INSERT INTO cohorts
WITH members AS (
    SELECT sid, year AS start_year, school AS start_school FROM enrollments WHERE grade = {grade}),
records AS (
    SELECT sid, year, bool_or(coalesce({PROFICIENT}, false)) AS num
    FROM assessments WHERE {where} GROUP BY sid, year),
units AS (
    SELECT m.sid, m.start_year, m.start_school, r.year, e.year AS pyear, r.num
    FROM members m
    JOIN records r ON r.sid = m.sid AND r.year >= m.start_year
    LEFT JOIN enrollments e ON e.sid = r.sid AND e.year = r.year),
placed AS (
    SELECT u.start_year, u.year, p.district, u.start_school, unnest(p.groups) AS grp, u.num
    FROM units u JOIN placement_groups p ON p.sid = u.sid AND p.year = coalesce(u.pyear, -1))
SELECT '{indicator}', {grade}, start_year, year, district, start_school, grp,
       count(*) FILTER (WHERE num), count(*)
FROM placed
GROUP BY GROUPING SETS ((district, start_year, year, grp), (district, start_year, year, start_school, grp))
"""

# ---------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description="Tandem's indicator cube by DuckDB SQL over the contract CSV files.")
    parser.add_argument("folder", help="folder with one subfolder of contract CSV files per district")
    parser.add_argument("--out", help="write the cube as CSV (indicator,school_year,district_code,school_code,group,numerator,denominator)")
    parser.add_argument("--cohorts-out", help="write the matched cohorts as CSV")
    args = parser.parse_args()
    if not os.path.isdir(args.folder):
        sys.exit(f"{args.folder}: not a folder")

    spill = tempfile.mkdtemp(prefix="duckdb-cube-")
    try:
        con = duckdb.connect(":memory:")
        # Default threads (every core) and memory limit; spill files (if any) go to a folder removed at exit.
        con.execute(f"SET temp_directory = {sql_text(spill)}")
        con.execute("SET preserve_insertion_order = false")
        threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
        print(f"duckdb {duckdb.__version__}, threads {threads}", flush=True)
        con.execute(MACROS)
        con.execute(f"CREATE TYPE student_group AS ENUM {codes(GROUPS)}")

        started = time.perf_counter()
        rows = load(con, args.folder)
        print(f"  load CSV       {time.perf_counter() - started:6.2f} s  ({rows:,} rows)", flush=True)

        con.execute("""CREATE TABLE cube (indicator VARCHAR, school_year INTEGER, district_code VARCHAR,
                       school_code VARCHAR, grp student_group, numerator BIGINT, denominator BIGINT)""")
        con.execute("""CREATE TABLE cohorts (indicator VARCHAR, start_grade INTEGER, start_year INTEGER,
                       school_year INTEGER, district_code VARCHAR, school_code VARCHAR, grp student_group,
                       numerator BIGINT, denominator BIGINT)""")
        queries = indicator_queries()
        started = time.perf_counter()
        con.execute(PLACEMENT_GROUPS)
        for _, sql in queries:
            con.execute(sql)
        elapsed = time.perf_counter() - started
        values = con.execute("SELECT count(*) FROM cube").fetchone()[0]
        print(f"  cube           {elapsed:6.2f} s  ({values:,} values, {len(queries)} indicators)", flush=True)

        started = time.perf_counter()
        for indicator, grade, _, where in grade_indicators():
            con.execute(cohort_query(indicator, grade, where))
        elapsed = time.perf_counter() - started
        values = con.execute("SELECT count(*) FROM cohorts").fetchone()[0]
        print(f"  cohorts        {elapsed:6.2f} s  ({values:,} values)", flush=True)

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"  peak memory    {peak:6d} MiB", flush=True)

        if args.out:
            con.execute(f"""COPY (SELECT indicator, school_year, district_code, coalesce(school_code, '') AS school_code,
                                         grp AS "group", numerator, denominator
                                  FROM cube WHERE denominator > 0
                                  ORDER BY indicator, school_year, district_code, school_code NULLS FIRST, grp)
                            TO {sql_text(args.out)} (HEADER, DELIMITER ',')""")
        if args.cohorts_out:
            con.execute(f"""COPY (SELECT indicator, start_grade, start_year, school_year, district_code,
                                         coalesce(school_code, '') AS school_code, grp AS "group", numerator, denominator
                                  FROM cohorts WHERE denominator > 0
                                  ORDER BY ALL)
                            TO {sql_text(args.cohorts_out)} (HEADER, DELIMITER ',')""")
        con.close()
    finally:
        shutil.rmtree(spill, ignore_errors=True)


if __name__ == "__main__":
    main()
