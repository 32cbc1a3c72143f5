import Foundation
import GRDB
import TandemContract
import TandemServices
@_spi(Testing) import TandemStorage
import Testing

/// A district small enough to count by hand (`HAND`: 28 students, four schools, 2009–10 and 2010–11),
/// loaded through the real importer and computed by the real engine. Every expected numerator and
/// denominator below is a literal counted from the rows of the fixture, following
/// `docs/indicator-definitions.md`; nothing here asks the engine (or any helper) to count.
///
/// Schools: 10 Alder Elementary (TK–5), 20 Birch Middle (6–8), 30 Cedar High and 31 Dogwood High (9–12).
/// Students (gender, race; enrollment 2010 → 2011):
///
/// | id  | sex, race | 2010    | 2011             | notes |
/// |-----|------|----------------|------------------|-------|
/// | A01 | F HI | TK @10 EL      | K @10 EL         | TK; EL since 2009-08-20; CELDT 1 (2010), ELPAC 2 (2011) |
/// | A02 | M WH | 3 @10 EO       | 4 @10 EO         | |
/// | A03 | F AS | 3 @10 EL       | 4 @10 EL         | EL since 2008-08-15; CELDT 3 in 2011 only |
/// | A04 | M AA | 3 @10 EO SED   | 3 @10 EO SED     | retained in grade 3 |
/// | A05 | F AS | 5 @10 EO       | 6 @20 EO         | |
/// | A06 | M HI | 5 @10 EL       | 6 @20 RFEP       | reclassified; CELDT 4 → 5 (not EL in 2011) |
/// | A07 | X WH | 5 @10 EO       | 6 @20 EO         | gender X; no test in 2011 |
/// | A08 | M MR | 4 @10 EO SWD   | 5 @10 EO SWD     | two math tests in 2011 (CST 2, CAASPP 3) |
/// | Z01 | F FI | 4 @10 EO SED   | —                | ELA g5 result in 2011 with no enrollment row |
/// | M01 | F HI | 7 @20 EL SED   | 8 @20 EL SED     | EL since 2004-10-01: LTEL from 2011 exactly; CELDT 3 → 4 |
/// | M02 | M HI | 7 @20 EL       | 8 @20 EL         | EL since 2004-10-02: one day short of LTEL in 2011; CELDT 3 → 3 |
/// | M03 | F AS | 7 @20 EO       | 8 @20 EO         | GENMATH 2 and ALG1 4 in 2011 |
/// | M04 | M HI | 8 @20 EL       | 9 @31 EL         | EL since 2001-09-01 (LTEL both years); CELDT 5 → 5 |
/// | M05 | F WH | 8 @20 EO       | 9 @30 EO         | ALG1 in grade 8, GEOM in grade 9 |
/// | M06 | M HI | —              | 6 @20 EL         | EL with no el_start_date |
/// | H01 | M HI | 10 @30 EO SED  | 11 @30 EO SED    | CAHSEE 350; AP course (S1, in progress); AP exam 2 |
/// | H02 | F AA | 10 @30 EO      | 11 @30 EO        | CAHSEE 349, retake in grade 11 |
/// | H03 | M WH | 10 @31 IFEP    | 11 @31 IFEP      | CAHSEE 340 first attempt, 370 second |
/// | H04 | F FI | 9 @31 EO       | 10 @31 EO HOMELESS | AP course in grade 9; CAHSEE 410 |
/// | G01 | F HI | 11 @30 EO SED  | 12 @30 EO SED    | GRAD 2011, ag_complete Y; SAT in grade 11; AP course; AP exam 3 |
/// | G02 | M WH | 11 @31 EO      | 12 @30 EO        | GRAD 2011, ag_complete N (complete transcript); ACT |
/// | G03 | F AS | 11 @30 RFEP    | 12 @30 RFEP      | GRAD 2011, ag empty → derived complete; AP exams 2 and 4 |
/// | G04 | M HI | 11 @30 EL      | 12 @30 EL        | GRAD 2011, ag empty → derived incomplete (C- in Algebra 2); LTEL; CELDT 4 → 3 |
/// | G05 | X MR | 11 @30 EO      | 12 @30 EO FOSTER | GRAD 2011, ag empty → derived incomplete (Algebra 2 repeated) |
/// | G06 | M AA | 11 @30 EO      | —                | TRANSFER_OUT 2011; AP course in 2010 |
/// | G07 | F HI | 11 @31 EL SED  | —                | DROPOUT 2011 |
/// | P01 | M NR | 12 @31 EO      | —                | GRAD 2010, ag_complete Y; SAT in grade 12 |
/// | P02 | M HI | 12 @31 EO      | —                | GRAD 2010, ag empty: the complete transcript's 2011 rows come after its cohort year |
@Suite struct HandFixtureTests {
    // MARK: The import

    @Test func importLoadsEveryRow() async throws {
        let hand = try await HandLoader.shared.values()
        #expect(hand.report.loaded)
        #expect(hand.report.errors.isEmpty)
        #expect(hand.report.years == [2010, 2011])
        let rows = Dictionary(uniqueKeysWithValues: hand.report.files.map { ($0.fileName, $0.rows) })
        // 4 schools; 28 students; 27 + 23 enrollment rows; 85 assessment rows; 4 single course rows and
        // five 22-row transcripts; 9 outcome rows.
        #expect(rows["schools.csv"] == 4)
        #expect(rows["students.csv"] == 28)
        #expect(rows["enrollments.csv"] == 50)
        #expect(rows["assessments.csv"] == 85)
        #expect(rows["courses.csv"] == 114)
        #expect(rows["outcomes.csv"] == 9)
        // Z01's 2011 ELA result and P02's 14 course rows of 2011 have no enrollment row in their year.
        #expect(hand.report.rowsWithoutEnrollment == 15)
    }

    /// Every MOU indicator has district-level values here, only in 2010 and 2011, and each is checked below.
    @Test func everyIndicatorIsCovered() async throws {
        let hand = try await HandLoader.shared.values()
        #expect(hand.definitions.count == 28)
        #expect(Set(hand.definitions) == Set(Expected.districtAll.keys))
        #expect(Set(hand.values.keys.map(\.indicator)) == Set(Expected.districtAll.keys))
        #expect(Set(hand.values.keys.map(\.year)) == [2010, 2011])
        #expect(Set(hand.cohorts.keys.map(\.year)).isSubset(of: [2010, 2011]))
    }

    /// The district-level `ALL` value of every indicator in every year, and no other year.
    @Test(arguments: Expected.districtAll.keys.sorted())
    func districtTotal(indicator: String) async throws {
        let hand = try await HandLoader.shared.values()
        #expect(hand.district(indicator) == Expected.districtAll[indicator]!)
    }

    // MARK: Grade-level proficiency

    @Test func resultWithoutEnrollmentCountsAtDistrictOnly() async throws {
        let hand = try await HandLoader.shared.values()
        // ela_prof_g5 2011: A08 (level 2, @10) and Z01 (level 4, no 2011 enrollment row).
        #expect(
            hand.places("ela_prof_g5", 2011) == [
                "": "1/2",  // both
                "10": "0/1",  // A08 only: Z01 has no school in 2011
            ]
        )
        // Z01 is in ALL, FI and F (students.csv) but not SED, though her 2010 row was SED.
        #expect(
            hand.groups("ela_prof_g5", 2011) == [
                "ALL": "1/2", "FI": "1/1", "F": "1/1",  // Z01 proficient
                "MR": "0/1", "M": "0/1", "SWD": "0/1", "EO": "0/1",  // A08 not
            ]
        )
        #expect(
            hand.groups("ela_prof_g5", 2011, school: "10") == [
                "ALL": "0/1", "MR": "0/1", "M": "0/1", "SWD": "0/1", "EO": "0/1",  // A08
            ]
        )
    }

    @Test func retainedStudentCountsInItsGradeEachYear() async throws {
        let hand = try await HandLoader.shared.values()
        // A04 is tested in grade 3 in both years: with A02 and A03 in 2010 (levels 4, 2, 2) and alone in 2011 (4).
        #expect(hand.district("ela_prof_g3") == [2010: "1/3", 2011: "1/1"])
        #expect(hand.groups("ela_prof_g3", 2011) == ["ALL": "1/1", "AA": "1/1", "M": "1/1", "SED": "1/1", "EO": "1/1"])
        // 2010: A02 (M WH EO, proficient), A03 (F AS EL), A04 (M AA SED EO).
        #expect(
            hand.groups("ela_prof_g3", 2010) == [
                "ALL": "1/3", "WH": "1/1", "AS": "0/1", "AA": "0/1", "F": "0/1", "M": "1/2",
                "EL": "0/1", "EVER_EL": "0/1", "EO": "1/2", "SED": "0/1",
            ]
        )
    }

    @Test func genderXIsInNeitherFNorM() async throws {
        let hand = try await HandLoader.shared.values()
        // ela_prof_g5 2010: A05 (F AS EO, level 4), A06 (M HI EL, level 1), A07 (X WH EO, level 3).
        #expect(
            hand.groups("ela_prof_g5", 2010) == [
                "ALL": "1/3", "F": "1/1", "M": "0/1",  // A07 in neither
                "AS": "1/1", "HI": "0/1", "WH": "0/1",
                "EL": "0/1", "EVER_EL": "0/1", "EO": "1/2",
            ]
        )
    }

    @Test func twoMathTestsInAYearAreOneStudent() async throws {
        let hand = try await HandLoader.shared.values()
        // A08 2011: CST MATH level 2 and CAASPP MATH level 3 (proficient): one unit, in the numerator.
        #expect(hand.places("math_prof_g5", 2011) == ["": "1/1", "10": "1/1"])
        // M03 2011: CST GENMATH level 2 and ALG1 level 4: one unit for each grade-8 math indicator.
        #expect(
            hand.groups("math_prof_g8", 2011) == [
                "ALL": "2/3",  // M01 ALG1 3 no, M02 GENMATH 4 yes, M03 yes
                "F": "1/2",  // M01, M03
                "M": "1/1",  // M02
                "HI": "1/2",  // M01, M02
                "AS": "1/1",  // M03
                "SED": "0/1",  // M01
                "EL": "1/2", "EVER_EL": "1/2",  // M01, M02
                "LTEL": "0/1",  // M01 (exactly six years in 2011)
                "EO": "1/1",  // M03
            ]
        )
        #expect(
            hand.groups("alg1_g8_participation", 2011) == [
                "ALL": "2/3",  // M01 (ALG1), M03 (ALG1) in; M02 (GENMATH) not
                "F": "2/2", "M": "0/1", "HI": "1/2", "AS": "1/1", "SED": "1/1",
                "EL": "1/2", "EVER_EL": "1/2", "LTEL": "1/1", "EO": "1/1",
            ]
        )
    }

    // MARK: CAHSEE

    @Test func cahseeFirstAttemptAt350Passes() async throws {
        let hand = try await HandLoader.shared.values()
        // 2010 grade-10 first attempts: H01 350 (passes) and H02 349 @30; H03 340 @31, whose 370 is a
        // second attempt (not a population record, so it cannot put H03 in the numerator).
        #expect(hand.places("cahsee_math_first_pass", 2010) == ["": "1/3", "30": "1/2", "31": "0/1"])
        // 2011: H04 410 (homeless that year); H02's grade-11 retake is not a first attempt nor grade 10.
        #expect(
            hand.groups("cahsee_math_first_pass", 2011) == [
                "ALL": "1/1", "FI": "1/1", "F": "1/1", "EO": "1/1", "HOMELESS": "1/1",
            ]
        )
    }

    // MARK: Graduation cohort and A–G

    @Test func graduationCohort() async throws {
        let hand = try await HandLoader.shared.values()
        // 2011: G01–G05 GRAD, G07 DROPOUT; G06 TRANSFER_OUT is out of the adjusted cohort. G02 was @31 in
        // 2010 but @30 in 2011 (the latest row); G07's latest row is 2010 @31.
        #expect(hand.places("grad_rate_4yr", 2011) == ["": "5/6", "30": "5/5", "31": "0/1"])
        #expect(
            hand.groups("grad_rate_4yr", 2011) == [
                "ALL": "5/6",
                "HI": "2/3",  // G01, G04 graduate; G07 not
                "WH": "1/1",  // G02
                "AS": "1/1",  // G03
                "MR": "1/1",  // G05 (gender X)
                // no AA: G06 (the only AA) transferred out
                "F": "2/3",  // G01, G03; G07
                "M": "2/2",  // G02, G04
                "SED": "1/2",  // G01; G07 (2010 row)
                "EL": "1/2",  // G04 (2011 row); G07 (2010 row)
                "RFEP": "1/1",  // G03
                "EVER_EL": "2/3",  // G03, G04; G07
                "LTEL": "1/1",  // G04 (G07: two years as EL)
                "EO": "3/3",  // G01, G02, G05
                "FOSTER": "1/1",  // G05 (2011 row)
            ]
        )
        // 2010: P01 (race NR: in no race group) and P02 (HI).
        #expect(hand.groups("grad_rate_4yr", 2010) == ["ALL": "2/2", "HI": "1/1", "M": "2/2", "EO": "2/2"])
        #expect(hand.places("grad_rate_4yr", 2010) == ["": "2/2", "31": "2/2"])
    }

    @Test func agCompletion() async throws {
        let hand = try await HandLoader.shared.values()
        // 2011 graduates: G01 reported Y (no transcript) counts; G02 reported N does not, although its
        // transcript is complete; G03 (empty) derives complete; G04 (a C- in Algebra 2: c = 2 years) and
        // G05 (Algebra 2 FY taken twice, counted once: c = 2 years) derive incomplete.
        #expect(hand.places("ag_completion", 2011) == ["": "2/5", "30": "2/5"])
        #expect(
            hand.groups("ag_completion", 2011) == [
                "ALL": "2/5",
                "HI": "1/2",  // G01; G04
                "WH": "0/1",  // G02
                "AS": "1/1",  // G03
                "MR": "0/1",  // G05
                "F": "2/2",  // G01, G03
                "M": "0/2",  // G02, G04
                "SED": "1/1",  // G01
                "EO": "1/3",  // G01; G02, G05
                "RFEP": "1/1",  // G03
                "EVER_EL": "1/2",  // G03; G04
                "EL": "0/1", "LTEL": "0/1",  // G04
                "FOSTER": "0/1",  // G05
            ]
        )
        // 2010: P01 reported Y; P02 (empty) has only the eight 2010 rows of the transcript through its
        // cohort year (a 1, b 2, c 2, d 0, e 1, f 0, g 0): incomplete.
        #expect(hand.places("ag_completion", 2010) == ["": "1/2", "31": "1/2"])
        #expect(hand.groups("ag_completion", 2010) == ["ALL": "1/2", "HI": "0/1", "M": "1/2", "EO": "1/2"])
    }

    // MARK: AP and SAT/ACT

    @Test func apParticipationAndPass() async throws {
        let hand = try await HandLoader.shared.values()
        // 2010 grades 10–12: H01, H02, G01, G03, G04, G05, G06 @30 (G06 takes AP English); H03, G02, G07,
        // P01, P02 @31. H04's AP course is in grade 9, outside the population.
        #expect(hand.places("ap_participation", 2010) == ["": "1/12", "30": "1/7", "31": "0/5"])
        // 2011: H01, H02, G01–G05 @30 (G01 AP Calculus, H01 AP US History S1 in progress); H03, H04 @31.
        #expect(hand.places("ap_participation", 2011) == ["": "2/9", "30": "2/7", "31": "0/2"])
        // 2011 exam takers: G01 (3) yes, H01 (2) no, G03 (2 and 4) yes, once.
        #expect(
            hand.groups("ap_pass", 2011) == [
                "ALL": "2/3", "HI": "1/2", "AS": "1/1", "F": "2/2", "M": "0/1", "SED": "1/2",
                "EO": "1/2", "RFEP": "1/1", "EVER_EL": "1/1",
            ]
        )
    }

    @Test func satInGradeElevenCountsInGradeTwelve() async throws {
        let hand = try await HandLoader.shared.values()
        // 2011 grade 12: G01 (SAT in grade 11, in 2010) and G02 (ACT in grade 12) of G01–G05.
        #expect(
            hand.groups("sat_act_participation", 2011) == [
                "ALL": "2/5", "HI": "1/2", "WH": "1/1", "AS": "0/1", "MR": "0/1",
                "F": "1/2", "M": "1/2", "SED": "1/1", "EO": "2/3", "RFEP": "0/1",
                "EL": "0/1", "EVER_EL": "0/2", "LTEL": "0/1", "FOSTER": "0/1",
            ]
        )
        // 2010 grade 12: P01 (SAT in grade 12) and P02 (none in 2010) — but the fixture starts in 2010, so
        // whether P02 took one in grade 11 (2009) is not known: no value, rather than 1 of 2.
        #expect(hand.places("sat_act_participation", 2010) == [:])
    }

    // MARK: English learners

    @Test func reclassificationUsesThePreviousYearsRow() async throws {
        let hand = try await HandLoader.shared.values()
        // EL in 2010 and enrolled in 2011: A01 (TK), A03, A06 @10; M01, M02, M04 @20; G04 @30 (G07 left).
        // Only A06 is RFEP in 2011; A06 counts at Alder (its 2010 school), not at Birch.
        #expect(hand.places("el_reclassified", 2011) == ["": "1/7", "10": "1/3", "20": "0/3", "30": "0/1"])
        #expect(
            hand.groups("el_reclassified", 2011) == [
                "ALL": "1/7",
                "HI": "1/6",  // A01, A06, M01, M02, M04, G04
                "AS": "0/1",  // A03
                "F": "0/3",  // A01, A03, M01
                "M": "1/4",  // A06, M02, M04, G04
                "SED": "0/1",  // M01
                "EL": "1/7", "EVER_EL": "1/7",  // every one, from the 2010 row (no RFEP group)
                "LTEL": "0/2",  // M04, G04 in 2010 (M01 was at five years)
            ]
        )
    }

    @Test func annualProgress() async throws {
        let hand = try await HandLoader.shared.values()
        // 2011 ELs with a CELDT level in 2010 and 2011: M01 3→4 yes, M02 3→3 no, M04 5→5 (top both) yes,
        // G04 4→3 no. Not units: A01 (CELDT 2010, ELPAC 2011), A03 (no 2010 result), A06 (RFEP in 2011).
        #expect(hand.places("el_annual_progress", 2011) == ["": "2/4", "20": "1/2", "30": "0/1", "31": "1/1"])
        #expect(
            hand.groups("el_annual_progress", 2011) == [
                "ALL": "2/4", "HI": "2/4", "F": "1/1", "M": "1/3", "SED": "1/1",
                "EL": "2/4", "EVER_EL": "2/4",
                "LTEL": "2/3",  // M01, M04 yes; G04 no (M02 is not LTEL)
            ]
        )
    }

    @Test func longTermEnglishLearners() async throws {
        let hand = try await HandLoader.shared.values()
        // 2010 ELs in 6–12: M01, M02 (7), M04 (8) @20; G04 @30; G07 @31. LTEL on 1 Oct 2009: M04 (8 years),
        // G04 (9); M01 has five years, M02 four, G07 one.
        #expect(hand.places("ltel_share", 2010) == ["": "2/5", "20": "1/3", "30": "1/1", "31": "0/1"])
        #expect(
            hand.groups("ltel_share", 2010) == [
                "ALL": "2/5", "HI": "2/5", "F": "0/2", "M": "2/3", "SED": "0/2",
                "EL": "2/5", "EVER_EL": "2/5", "LTEL": "2/2",
            ]
        )
        // 2011 ELs in 6–12: M01, M02, M06 @20; G04 @30; M04 @31. On 1 Oct 2010 M01 has exactly six
        // years (LTEL), M02 one day less; M06 has no start date.
        #expect(hand.places("ltel_share", 2011) == ["": "3/5", "20": "1/3", "30": "1/1", "31": "1/1"])
        #expect(
            hand.groups("ltel_share", 2011) == [
                "ALL": "3/5", "HI": "3/5", "F": "1/1", "M": "2/4", "SED": "1/1",
                "EL": "3/5", "EVER_EL": "3/5", "LTEL": "3/3",
            ]
        )
    }

    // MARK: Matched cohorts

    @Test func gradeFiveMathCohort() async throws {
        let hand = try await HandLoader.shared.values()
        // Members: A05, A06, A07 (grade 5 in 2010); A08 (grade 5 in 2011).
        #expect(
            hand.cohortDistrict("math_prof_g5") == [
                [2010, 2010]: "2/3",  // A05 4, A06 2, A07 5
                [2010, 2011]: "1/2",  // grade 6 at Birch: A05 3, A06 4; A07 untested
                [2011, 2011]: "1/1",  // A08 (CST 2, CAASPP 3)
            ]
        )
        // Followed to Birch, the 2010 cohort stays Alder's.
        #expect(hand.cohortPlaces("math_prof_g5", start: 2010, year: 2011) == ["": "1/2", "10": "1/2"])
        // Groups from each year's row: A06 is EL in 2010, RFEP in 2011; EVER_EL keeps him.
        #expect(
            hand.cohortGroups("math_prof_g5", start: 2010, year: 2010) == [
                "ALL": "2/3", "F": "1/1", "M": "0/1", "AS": "1/1", "HI": "0/1", "WH": "1/1",
                "EO": "2/2", "EL": "0/1", "EVER_EL": "0/1",
            ]
        )
        #expect(
            hand.cohortGroups("math_prof_g5", start: 2010, year: 2011) == [
                "ALL": "1/2", "F": "0/1", "M": "1/1", "AS": "0/1", "HI": "1/1",
                "EO": "0/1", "RFEP": "1/1", "EVER_EL": "1/1",
            ]
        )
        #expect(hand.cohortStartGrade("math_prof_g5") == [5])
    }

    @Test func otherCohorts() async throws {
        let hand = try await HandLoader.shared.values()
        // ela_prof_g3: A04, retained, is a member of both start years. 2010 members A02, A03, A04 tested
        // again in 2011 at levels 5, 3, 4.
        #expect(hand.cohortDistrict("ela_prof_g3") == [[2010, 2010]: "1/3", [2010, 2011]: "2/3", [2011, 2011]: "1/1"])
        // ela_prof_g4 2010 members A08 (level 2 in 2011) and Z01 (level 4, no 2011 row): Z01 stays in
        // Alder's cohort, with only the groups of students.csv.
        #expect(hand.cohortPlaces("ela_prof_g4", start: 2010, year: 2011) == ["": "1/2", "10": "1/2"])
        #expect(
            hand.cohortGroups("ela_prof_g4", start: 2010, year: 2011) == [
                "ALL": "1/2", "FI": "1/1", "F": "1/1", "MR": "0/1", "M": "0/1", "SWD": "0/1", "EO": "0/1",
            ]
        )
        // math_prof_g8 2010 members M04 (MATH 3) and M05 (ALG1 4); in 2011 only M05 (GEOM 4, now @30),
        // still Birch's.
        #expect(
            hand.cohortDistrict("math_prof_g8") == [
                [2010, 2010]: "1/2", [2010, 2011]: "1/1",
                [2011, 2011]: "2/3",  // 2011 members M01 (ALG1 3), M02 (GENMATH 4), M03 (GENMATH 2, ALG1 4)
            ]
        )
        #expect(hand.cohortPlaces("math_prof_g8", start: 2010, year: 2011) == ["": "1/1", "20": "1/1"])
    }

    // MARK: Level gains, where a student's records name more than one test

    /// E1 took CELDT (4) and ELPAC (1) in 2010, the year the tests changed, and ELPAC (2) in 2011: it has a
    /// 2010 result of the same test (`result_in_previous_year`), and its 2011 level minus last year's
    /// ELPAC level is 1, so it counts in the denominator and the numerator. E2 (CELDT 2 → 3) is the control.
    /// (The engine as written leaves E1 out: it compares only the tests of each year's highest level.)
    @Test func levelGainUsesLastYearsResultOfTheSameTest() async throws {
        let hand = try await HandValues.load(
            LevelGainFixture.files([
                "HAND,E1,2010,CELDT,ELD,7,,,4,", "HAND,E1,2010,ELPAC,ELD,7,,,1,", "HAND,E1,2011,ELPAC,ELD,8,,,2,",
                "HAND,E2,2010,CELDT,ELD,7,,,2,", "HAND,E2,2011,CELDT,ELD,8,,,3,",
            ])
        )
        #expect(hand.report.loaded)
        #expect(hand.district("el_annual_progress") == [2011: "2/2"])  // E1 and E2 gained a level
    }

    /// Test codes are compared case-insensitively (the catalog and every filter do): E1's `CELDT` 3 in 2010
    /// and `Celdt` 4 in 2011 are the same test, a gain of 1. E2 (CELDT 2 → 3) is the control.
    /// (The engine as written leaves E1 out: it compares the test codes as loaded, not their canonical form.)
    @Test func levelGainTestCodesAreCaseInsensitive() async throws {
        let hand = try await HandValues.load(
            LevelGainFixture.files([
                "HAND,E1,2010,CELDT,ELD,7,,,3,", "HAND,E1,2011,Celdt,ELD,8,,,4,",
                "HAND,E2,2010,CELDT,ELD,7,,,2,", "HAND,E2,2011,CELDT,ELD,8,,,3,",
            ])
        )
        #expect(hand.report.loaded)
        #expect(hand.district("el_annual_progress") == [2011: "2/2"])  // E1 and E2 gained a level
    }
}

// MARK: - Expected district totals

private enum Expected {
    /// District, `ALL`: year → numerator/denominator. A year not listed has no value.
    static let districtAll: [String: [Int: HandCount]] = [
        // 2010: A02 4 yes, A03 2, A04 2. 2011: A04 (retained) 4 yes.
        "ela_prof_g3": [2010: "1/3", 2011: "1/1"],
        // 2010: A08 4 yes, Z01 3. 2011: A02 5 yes, A03 3.
        "ela_prof_g4": [2010: "1/2", 2011: "1/2"],
        // 2010: A05 4 yes, A06 1, A07 3. 2011: A08 2, Z01 4 yes (no enrollment row).
        "ela_prof_g5": [2010: "1/3", 2011: "1/2"],
        // 2011: A05 3, A06 3, M06 1.
        "ela_prof_g6": [2011: "0/3"],
        // 2010: M01 2, M02 3, M03 5 yes.
        "ela_prof_g7": [2010: "1/3"],
        // 2010: M04 2, M05 4 yes. 2011: M01 2, M02 3, M03 4 yes.
        "ela_prof_g8": [2010: "1/2", 2011: "1/3"],
        // 2010: G01 5 yes, G07 3. 2011: H01 CST 4 yes, H02 CST 2, H03 CAASPP 3 yes.
        "ela_prof_g11": [2010: "1/2", 2011: "2/3"],
        // 2010: A02 3, A03 5 yes, A04 3. 2011: A04 2.
        "math_prof_g3": [2010: "1/3", 2011: "0/1"],
        // 2010: A08 4 yes, Z01 2. 2011: A02 4 yes, A03 4 yes.
        "math_prof_g4": [2010: "1/2", 2011: "2/2"],
        // 2010: A05 4 yes, A06 2, A07 5 yes. 2011: A08 CST 2 + CAASPP 3, once, yes.
        "math_prof_g5": [2010: "2/3", 2011: "1/1"],
        // 2011: A05 3, A06 4 yes, M06 2.
        "math_prof_g6": [2011: "1/3"],
        // 2010: M01 3, M02 4 yes, M03 4 yes.
        "math_prof_g7": [2010: "2/3"],
        // 2010: M04 MATH 3, M05 ALG1 4 yes. 2011: M01 ALG1 3, M02 GENMATH 4 yes, M03 GENMATH 2 + ALG1 4 yes.
        "math_prof_g8": [2010: "1/2", 2011: "2/3"],
        // 2010: M04 MATH, M05 ALG1 yes. 2011: M01 ALG1 yes, M02 GENMATH, M03 GENMATH + ALG1 yes.
        "alg1_g8_participation": [2010: "1/2", 2011: "2/3"],
        // 2010: M05 4 yes. 2011: M01 3, M03 4 yes.
        "alg1_g8_proficiency": [2010: "1/1", 2011: "1/2"],
        // 2010: H01 350 yes, H02 349, H03 340 (370 was not a first attempt). 2011: H04 410 yes.
        "cahsee_math_first_pass": [2010: "1/3", 2011: "1/1"],
        // 2010: P01, P02 GRAD. 2011: G01–G05 GRAD, G07 DROPOUT (G06 TRANSFER_OUT left out).
        "grad_rate_4yr": [2010: "2/2", 2011: "5/6"],
        // 2010: P01 Y; P02 derived no. 2011: G01 Y, G03 derived yes; G02 N, G04 and G05 derived no.
        "ag_completion": [2010: "1/2", 2011: "2/5"],
        // 2010: 12 students in grades 10–12, G06 in AP English. 2011: 9, G01 and H01 in AP courses.
        "ap_participation": [2010: "1/12", 2011: "2/9"],
        // 2011: G01 3 yes, H01 2, G03 2 and 4 yes.
        "ap_pass": [2011: "2/3"],
        // 2010: P01 (SAT grade 12); P02 none. 2011: G01 (SAT grade 11 in 2010), G02 (ACT); G03, G04, G05 none.
        "sat_act_participation": [2011: "2/5"],
        // 2011 (EL in 2010, enrolled in 2011): A06 RFEP yes; A01, A03, M01, M02, M04, G04 still EL.
        "el_reclassified": [2011: "1/7"],
        // 2011: M01 3→4 yes, M02 3→3, M04 5→5 yes, G04 4→3.
        "el_annual_progress": [2011: "2/4"],
        // 2010: M04, G04 LTEL of M01, M02, M04, G04, G07. 2011: M01, M04, G04 of those and M02, M06.
        "ltel_share": [2010: "2/5", 2011: "3/5"],
        // Sums of points over students: each CAASPP taker's highest scale score minus the Level 3 minimum.
        // 2011: A02 ELA grade 4: 2440 − 2473 = −33 (the FALL 2400 is lower; the WINTER row has no score).
        "ela_dfs": [2011: "-33/1"],
        // 2011: A08 math grade 5: 2540 − 2528 = +12 (the CST result has no place in it).
        "math_dfs": [2011: "12/1"],
        // 2011: H03 ELA grade 11: 2600 − 2583 = +17.
        "ela_dfs_g11": [2011: "17/1"],
        // 2011: H03 math grade 11: 2600 − 2628 = −28.
        "math_dfs_g11": [2011: "-28/1"],
    ]
}

// MARK: - The fixture

private enum HandFixture {
    static func csv(_ header: String, _ rows: [String]) -> String { ([header] + rows).joined(separator: "\n") }

    /// The A–G transcript of G02–G05 and P02: grade 11 (2010, at `school2010`) and grade 12 (2011, Cedar High).
    /// As written it meets the requirement exactly:
    /// a 2 = HIST11 FY 1 + HIST12 S1 ½ + S2 ½; b 4 = ENG11 1 + ENGLIT 1 + ENG12 1 + ENGCOMP S1 ½ + S2 ½;
    /// c 3 = ALG2 1 (mark C) + STATS S1 ½ + S2 ½ + PRECALC 1; d 2 = BIO 1 (C- in 2010, B when repeated in
    /// 2011: counted once) + CHEM 1 (C+); e 2 = SPAN2 1 + SPAN3 1; f 1 = ART1 S1 ½ + S2 ½;
    /// g 1 = ECON S1 ½ + PSYCH S2 ½. PE12 has no `ag_area`.
    /// `algebra2Mark` and `grade12Math` spoil it for G04 and G05.
    static func transcript(
        _ student: String,
        school2010: String,
        algebra2Mark: String = "C",
        grade12Math: String = "PRECALC,Precalculus"
    ) -> [String] {
        let grade11 = "HAND,\(student),2010,\(school2010)"
        let grade12 = "HAND,\(student),2011,30"
        return [
            "\(grade11),FY,HIST11,US History,a,N,N,11,B",
            "\(grade11),FY,ENG11,English 11,b,N,N,11,A",
            "\(grade11),FY,ENGLIT,American Literature,b,N,N,11,B+",
            "\(grade11),FY,ALG2,Algebra 2,c,N,N,11,\(algebra2Mark)",
            "\(grade11),S1,STATS,Statistics,c,N,N,11,B",
            "\(grade11),S2,STATS,Statistics,c,N,N,11,B-",
            "\(grade11),FY,BIO,Biology,d,N,N,11,C-",
            "\(grade11),FY,SPAN2,Spanish 2,e,N,N,11,A",
            "\(grade12),S1,HIST12,Government,a,N,N,12,A",
            "\(grade12),S2,HIST12,Government,a,N,N,12,B+",
            "\(grade12),FY,ENG12,English 12,b,N,N,12,A-",
            "\(grade12),S1,ENGCOMP,Composition,b,N,N,12,B",
            "\(grade12),S2,ENGCOMP,Composition,b,N,N,12,B",
            "\(grade12),FY,\(grade12Math),c,N,N,12,B",
            "\(grade12),FY,BIO,Biology,d,N,N,12,B",
            "\(grade12),FY,CHEM,Chemistry,d,N,N,12,C+",
            "\(grade12),FY,SPAN3,Spanish 3,e,N,N,12,A",
            "\(grade12),S1,ART1,Art 1,f,N,N,12,A",
            "\(grade12),S2,ART1,Art 1,f,N,N,12,A",
            "\(grade12),S1,ECON,Economics,g,N,N,12,B",
            "\(grade12),S2,PSYCH,Psychology,g,N,N,12,B",
            "\(grade12),FY,PE12,Physical Education,,N,N,12,A",
        ]
    }

    static let files: [String: String] = [
        "schools.csv": csv(
            "district_code,school_code,school_name,school_type,low_grade,high_grade",
            [
                "HAND,10,Alder Elementary,ES,TK,5",
                "HAND,20,Birch Middle,MS,6,8",
                "HAND,30,Cedar High,HS,9,12",
                "HAND,31,Dogwood High,HS,9,12",
            ]
        ),
        "students.csv": csv(
            "district_code,student_id,gender,race_ethnicity",
            [
                "HAND,A01,F,HI", "HAND,A02,M,WH", "HAND,A03,F,AS", "HAND,A04,M,AA", "HAND,A05,F,AS",
                "HAND,A06,M,HI", "HAND,A07,X,WH", "HAND,A08,M,MR", "HAND,Z01,F,FI",
                "HAND,M01,F,HI", "HAND,M02,M,HI", "HAND,M03,F,AS", "HAND,M04,M,HI", "HAND,M05,F,WH", "HAND,M06,M,HI",
                "HAND,H01,M,HI", "HAND,H02,F,AA", "HAND,H03,M,WH", "HAND,H04,F,FI",
                "HAND,G01,F,HI", "HAND,G02,M,WH", "HAND,G03,F,AS", "HAND,G04,M,HI", "HAND,G05,X,MR",
                "HAND,G06,M,AA", "HAND,G07,F,HI", "HAND,P01,M,NR", "HAND,P02,M,HI",
            ]
        ),
        "enrollments.csv": csv(
            "district_code,student_id,school_year,school_code,grade,sed,swd,el_status,el_start_date,rfep_date,homeless,foster",
            [
                // 2009–10
                "HAND,A01,2010,10,TK,N,N,EL,2009-08-20,,N,N",
                "HAND,A02,2010,10,3,N,N,EO,,,N,N",
                "HAND,A03,2010,10,3,N,N,EL,2008-08-15,,N,N",
                "HAND,A04,2010,10,3,Y,N,EO,,,N,N",
                "HAND,A05,2010,10,5,N,N,EO,,,N,N",
                "HAND,A06,2010,10,5,N,N,EL,2006-09-01,,N,N",
                "HAND,A07,2010,10,5,N,N,EO,,,N,N",
                "HAND,A08,2010,10,4,N,Y,EO,,,N,N",
                "HAND,Z01,2010,10,4,Y,N,EO,,,N,N",
                "HAND,M01,2010,20,7,Y,N,EL,2004-10-01,,N,N",
                "HAND,M02,2010,20,7,N,N,EL,2004-10-02,,N,N",
                "HAND,M03,2010,20,7,N,N,EO,,,N,N",
                "HAND,M04,2010,20,8,N,N,EL,2001-09-01,,N,N",
                "HAND,M05,2010,20,8,N,N,EO,,,N,N",
                "HAND,H01,2010,30,10,Y,N,EO,,,N,N",
                "HAND,H02,2010,30,10,N,N,EO,,,N,N",
                "HAND,H03,2010,31,10,N,N,IFEP,,,N,N",
                "HAND,H04,2010,31,9,N,N,EO,,,N,N",
                "HAND,G01,2010,30,11,Y,N,EO,,,N,N",
                "HAND,G02,2010,31,11,N,N,EO,,,N,N",
                "HAND,G03,2010,30,11,N,N,RFEP,2003-09-01,2009-05-01,N,N",
                "HAND,G04,2010,30,11,N,N,EL,2000-09-01,,N,N",
                "HAND,G05,2010,30,11,N,N,EO,,,N,N",
                "HAND,G06,2010,30,11,N,N,EO,,,N,N",
                "HAND,G07,2010,31,11,Y,N,EL,2008-01-15,,N,N",
                "HAND,P01,2010,31,12,N,N,EO,,,N,N",
                "HAND,P02,2010,31,12,N,N,EO,,,N,N",
                // 2010–11 (Z01, G06, G07 and P01 are gone; M06 is new)
                "HAND,A01,2011,10,K,N,N,EL,2009-08-20,,N,N",
                "HAND,A02,2011,10,4,N,N,EO,,,N,N",
                "HAND,A03,2011,10,4,N,N,EL,2008-08-15,,N,N",
                "HAND,A04,2011,10,3,Y,N,EO,,,N,N",
                "HAND,A05,2011,20,6,N,N,EO,,,N,N",
                "HAND,A06,2011,20,6,N,N,RFEP,2006-09-01,2010-06-15,N,N",
                "HAND,A07,2011,20,6,N,N,EO,,,N,N",
                "HAND,A08,2011,10,5,N,Y,EO,,,N,N",
                "HAND,M01,2011,20,8,Y,N,EL,2004-10-01,,N,N",
                "HAND,M02,2011,20,8,N,N,EL,2004-10-02,,N,N",
                "HAND,M03,2011,20,8,N,N,EO,,,N,N",
                "HAND,M04,2011,31,9,N,N,EL,2001-09-01,,N,N",
                "HAND,M05,2011,30,9,N,N,EO,,,N,N",
                "HAND,M06,2011,20,6,N,N,EL,,,N,N",
                "HAND,H01,2011,30,11,Y,N,EO,,,N,N",
                "HAND,H02,2011,30,11,N,N,EO,,,N,N",
                "HAND,H03,2011,31,11,N,N,IFEP,,,N,N",
                "HAND,H04,2011,31,10,N,N,EO,,,Y,N",
                "HAND,G01,2011,30,12,Y,N,EO,,,N,N",
                "HAND,G02,2011,30,12,N,N,EO,,,N,N",
                "HAND,G03,2011,30,12,N,N,RFEP,2003-09-01,2009-05-01,N,N",
                "HAND,G04,2011,30,12,N,N,EL,2000-09-01,,N,N",
                "HAND,G05,2011,30,12,N,N,EO,,,N,Y",
            ]
        ),
        "assessments.csv": csv(
            "district_code,student_id,school_year,test,subject,grade_tested,administration,scale_score,performance_level,first_attempt",
            [
                // 2009–10, Alder
                "HAND,A01,2010,CELDT,ELD,TK,,,1,",
                "HAND,A02,2010,CST,ELA,3,,,4,", "HAND,A02,2010,CST,MATH,3,,,3,",
                "HAND,A03,2010,CST,ELA,3,,,2,", "HAND,A03,2010,CST,MATH,3,,,5,",
                "HAND,A04,2010,CST,ELA,3,,,2,", "HAND,A04,2010,CST,MATH,3,,,3,",
                "HAND,A05,2010,CST,ELA,5,,,4,", "HAND,A05,2010,CST,MATH,5,,,4,",
                "HAND,A06,2010,CST,ELA,5,,,1,", "HAND,A06,2010,CST,MATH,5,,,2,", "HAND,A06,2010,CELDT,ELD,5,,,4,",
                "HAND,A07,2010,CST,ELA,5,,,3,", "HAND,A07,2010,CST,MATH,5,,,5,",
                "HAND,A08,2010,CST,ELA,4,,,4,", "HAND,A08,2010,CST,MATH,4,,,4,",
                "HAND,Z01,2010,CST,ELA,4,,,3,", "HAND,Z01,2010,CST,MATH,4,,,2,",
                // 2009–10, Birch
                "HAND,M01,2010,CST,ELA,7,,,2,", "HAND,M01,2010,CST,MATH,7,,,3,", "HAND,M01,2010,CELDT,ELD,7,,,3,",
                "HAND,M02,2010,CST,ELA,7,,,3,", "HAND,M02,2010,CST,MATH,7,,,4,", "HAND,M02,2010,CELDT,ELD,7,,,3,",
                "HAND,M03,2010,CST,ELA,7,,,5,", "HAND,M03,2010,CST,MATH,7,,,4,",
                "HAND,M04,2010,CST,ELA,8,,,2,", "HAND,M04,2010,CST,MATH,8,,,3,", "HAND,M04,2010,CELDT,ELD,8,,,5,",
                "HAND,M05,2010,CST,ELA,8,,,4,", "HAND,M05,2010,CST,ALG1,8,,,4,",
                // 2009–10, high schools
                "HAND,H01,2010,CAHSEE,MATH,10,SPRING,350,,Y",
                "HAND,H02,2010,CAHSEE,MATH,10,SPRING,349,,Y",
                "HAND,H03,2010,CAHSEE,MATH,10,FALL,340,,Y",
                "HAND,H03,2010,CAHSEE,MATH,10,SPRING,370,,N",
                "HAND,G01,2010,CST,ELA,11,,,5,", "HAND,G01,2010,SAT,TOTAL,11,,1650,,",
                "HAND,G04,2010,CELDT,ELD,11,,,4,",
                "HAND,G07,2010,CST,ELA,11,,,3,",
                "HAND,P01,2010,SAT,TOTAL,12,,1400,,",
                // 2010–11, Alder (and Z01, not enrolled)
                "HAND,A01,2011,ELPAC,ELD,K,,,2,",
                "HAND,A02,2011,CST,ELA,4,,,5,", "HAND,A02,2011,CST,MATH,4,,,4,",
                "HAND,A02,2011,CAASPP,ELA,4,SPRING,2440,2,", "HAND,A02,2011,CAASPP,ELA,4,FALL,2400,1,", "HAND,A02,2011,CAASPP,ELA,4,WINTER,,,",
                "HAND,A03,2011,CST,ELA,4,,,3,", "HAND,A03,2011,CST,MATH,4,,,4,", "HAND,A03,2011,CELDT,ELD,4,,,3,",
                "HAND,A04,2011,CST,ELA,3,,,4,", "HAND,A04,2011,CST,MATH,3,,,2,",
                "HAND,A08,2011,CST,ELA,5,,,2,", "HAND,A08,2011,CST,MATH,5,,,2,", "HAND,A08,2011,CAASPP,MATH,5,,2540,3,",
                "HAND,Z01,2011,CST,ELA,5,,,4,",
                // 2010–11, Birch
                "HAND,A05,2011,CST,ELA,6,,,3,", "HAND,A05,2011,CST,MATH,6,,,3,",
                "HAND,A06,2011,CST,ELA,6,,,3,", "HAND,A06,2011,CST,MATH,6,,,4,", "HAND,A06,2011,CELDT,ELD,6,,,5,",
                "HAND,M01,2011,CST,ELA,8,,,2,", "HAND,M01,2011,CST,ALG1,8,,,3,", "HAND,M01,2011,CELDT,ELD,8,,,4,",
                "HAND,M02,2011,CST,ELA,8,,,3,", "HAND,M02,2011,CST,GENMATH,8,,,4,", "HAND,M02,2011,CELDT,ELD,8,,,3,",
                "HAND,M03,2011,CST,ELA,8,,,4,", "HAND,M03,2011,CST,GENMATH,8,,,2,", "HAND,M03,2011,CST,ALG1,8,,,4,",
                "HAND,M06,2011,CST,ELA,6,,,1,", "HAND,M06,2011,CST,MATH,6,,,2,",
                // 2010–11, high schools
                "HAND,M04,2011,CELDT,ELD,9,,,5,",
                "HAND,M05,2011,CST,GEOM,9,,,4,",
                "HAND,H01,2011,CST,ELA,11,,,4,", "HAND,H01,2011,AP,USHIST,11,,,2,",
                "HAND,H02,2011,CST,ELA,11,,,2,", "HAND,H02,2011,CAHSEE,MATH,11,SPRING,380,,N",
                "HAND,H03,2011,CAASPP,ELA,11,,2600,3,", "HAND,H03,2011,CAASPP,MATH,11,,2600,2,",
                "HAND,H04,2011,CAHSEE,MATH,10,SPRING,410,,Y",
                "HAND,G01,2011,AP,CALCAB,12,,,3,",
                "HAND,G02,2011,ACT,COMPOSITE,12,,24,,",
                "HAND,G03,2011,AP,USHIST,12,,,2,", "HAND,G03,2011,AP,BIO,12,,,4,",
                "HAND,G04,2011,CELDT,ELD,12,,,3,",
            ]
        ),
        "courses.csv": csv(
            "district_code,student_id,school_year,school_code,term,course_code,course_title,ag_area,is_ap,is_honors,grade_level,mark",
            [
                "HAND,G06,2010,30,FY,APENG,AP English Language,b,Y,N,11,B",
                "HAND,H04,2010,31,FY,APHG,AP Human Geography,a,Y,N,9,B",
                "HAND,G01,2011,30,FY,APCALC,AP Calculus AB,c,Y,N,12,A",
                "HAND,H01,2011,30,S1,APUSH,AP US History,a,Y,N,11,",
            ]
                + transcript("G02", school2010: "31")
                + transcript("G03", school2010: "30")
                + transcript("G04", school2010: "30", algebra2Mark: "C-")
                + transcript("G05", school2010: "30", grade12Math: "ALG2,Algebra 2")
                + transcript("P02", school2010: "31")
        ),
        "outcomes.csv": csv(
            "district_code,student_id,cohort_year,outcome,outcome_date,ag_complete",
            [
                "HAND,P01,2010,GRAD,2010-06-10,Y",
                "HAND,P02,2010,GRAD,2010-06-10,",
                "HAND,G01,2011,GRAD,2011-06-10,Y",
                "HAND,G02,2011,GRAD,2011-06-10,N",
                "HAND,G03,2011,GRAD,2011-06-10,",
                "HAND,G04,2011,GRAD,2011-06-10,",
                "HAND,G05,2011,GRAD,2011-06-10,",
                "HAND,G06,2011,TRANSFER_OUT,2010-11-01,",
                "HAND,G07,2011,DROPOUT,2010-08-01,",
            ]
        ),
    ]
}

/// Two English learners at Birch Middle, grade 7 in 2010 and grade 8 in 2011, with the given assessment rows.
private enum LevelGainFixture {
    static func files(_ assessments: [String]) -> [String: String] {
        [
            "schools.csv": HandFixture.csv("district_code,school_code,school_name", ["HAND,20,Birch Middle"]),
            "students.csv": HandFixture.csv("district_code,student_id,gender,race_ethnicity", ["HAND,E1,F,HI", "HAND,E2,M,HI"]),
            "enrollments.csv": HandFixture.csv(
                "district_code,student_id,school_year,school_code,grade,sed,swd,el_status,el_start_date",
                [
                    "HAND,E1,2010,20,7,N,N,EL,2008-09-01", "HAND,E1,2011,20,8,N,N,EL,2008-09-01",
                    "HAND,E2,2010,20,7,N,N,EL,2008-09-01", "HAND,E2,2011,20,8,N,N,EL,2008-09-01",
                ]
            ),
            "assessments.csv": HandFixture.csv(
                "district_code,student_id,school_year,test,subject,grade_tested,administration,scale_score,performance_level,first_attempt",
                assessments
            ),
        ]
    }
}

// MARK: - Loading once, reading the stored values

/// A numerator and denominator, written `"n/d"` in the expectations.
private struct HandCount: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    let numerator: Int
    let denominator: Int

    init(_ numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    init(stringLiteral text: String) {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        precondition(parts.count == 2, "write a count as \"numerator/denominator\", not \"\(text)\"")
        self.init(parts[0], parts[1])
    }

    var description: String { "\(numerator)/\(denominator)" }
}

private struct ValueKey: Hashable, Sendable {
    let indicator: String, year: Int, school: String, group: String
}

private struct CohortKey: Hashable, Sendable {
    let indicator: String, start: Int, year: Int, school: String, group: String
}

/// What the test reads after one import and one computation.
private struct HandValues: Sendable {
    let report: ImportReport
    let definitions: [String]
    let values: [ValueKey: HandCount]
    let cohorts: [CohortKey: HandCount]
    let cohortGrades: [String: Set<Int>]

    /// District, `ALL`, by year.
    func district(_ indicator: String) -> [Int: HandCount] {
        var result: [Int: HandCount] = [:]
        for (key, count) in values where key.indicator == indicator && key.school.isEmpty && key.group == "ALL" {
            result[key.year] = count
        }
        return result
    }

    /// Every group's value at one place (`""` = the district).
    func groups(_ indicator: String, _ year: Int, school: String = "") -> [String: HandCount] {
        var result: [String: HandCount] = [:]
        for (key, count) in values where key.indicator == indicator && key.year == year && key.school == school {
            result[key.group] = count
        }
        return result
    }

    /// One group's value at every place (`""` = the district).
    func places(_ indicator: String, _ year: Int, group: String = "ALL") -> [String: HandCount] {
        var result: [String: HandCount] = [:]
        for (key, count) in values where key.indicator == indicator && key.year == year && key.group == group {
            result[key.school] = count
        }
        return result
    }

    /// District, `ALL`: [start year, year] → value.
    func cohortDistrict(_ indicator: String) -> [[Int]: HandCount] {
        var result: [[Int]: HandCount] = [:]
        for (key, count) in cohorts where key.indicator == indicator && key.school.isEmpty && key.group == "ALL" {
            result[[key.start, key.year]] = count
        }
        return result
    }

    func cohortGroups(_ indicator: String, start: Int, year: Int, school: String = "") -> [String: HandCount] {
        var result: [String: HandCount] = [:]
        for (key, count) in cohorts where key.indicator == indicator && key.start == start && key.year == year && key.school == school {
            result[key.group] = count
        }
        return result
    }

    func cohortPlaces(_ indicator: String, start: Int, year: Int, group: String = "ALL") -> [String: HandCount] {
        var result: [String: HandCount] = [:]
        for (key, count) in cohorts where key.indicator == indicator && key.start == start && key.year == year && key.group == group {
            result[key.school] = count
        }
        return result
    }

    func cohortStartGrade(_ indicator: String) -> Set<Int> { cohortGrades[indicator] ?? [] }

    /// Imports `files` (district `HAND`) into a new database, computes the MOU library, and reads back
    /// every value.
    static func load(_ files: [String: String] = HandFixture.files) async throws -> HandValues {
        let database = TemporaryDatabase()
        defer { database.delete() }
        let folder = try DistrictFolder(files)
        defer { folder.delete() }
        let store = try SQLiteStore(path: database.path)
        let report = try await ImportService(store: store).load(district: "HAND", folder: folder.path, loadedBy: "test")
        if report.loaded {
            _ = try await ComputeService(store: store).run(library: try ComputeService.library(extraFiles: []))
        }
        // (Groups without students are stored only as empty groups published as hidden: not values to count.)
        let (definitions, values, cohorts, cohortGrades) = try await store.database.read { db in
            let definitions = try String.fetchAll(db, sql: "SELECT id FROM indicator_definition ORDER BY position")
            var values: [ValueKey: HandCount] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT indicator, school_year, school_code, student_group, numerator, denominator
                    FROM indicator_value WHERE district_code = 'HAND' AND denominator > 0
                    """
            ) {
                values[ValueKey(indicator: row[0], year: row[1], school: row[2], group: row[3])] = HandCount(row[4], row[5])
            }
            var cohorts: [CohortKey: HandCount] = [:]
            var cohortGrades: [String: Set<Int>] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT indicator, start_year, school_year, school_code, student_group, numerator, denominator, start_grade
                    FROM cohort_value WHERE district_code = 'HAND' AND denominator > 0
                    """
            ) {
                cohorts[CohortKey(indicator: row[0], start: row[1], year: row[2], school: row[3], group: row[4])] = HandCount(row[5], row[6])
                cohortGrades[row[0], default: []].insert(row[7])
            }
            return (definitions, values, cohorts, cohortGrades)
        }
        try await store.close()
        return HandValues(report: report, definitions: definitions, values: values, cohorts: cohorts, cohortGrades: cohortGrades)
    }
}

/// Loads the fixture once for all the tests of the suite (they may run in parallel).
private actor HandLoader {
    static let shared = HandLoader()
    private var loading: Task<HandValues, any Error>?

    func values() async throws -> HandValues {
        if let loading { return try await loading.value }
        let task = Task { try await HandValues.load() }
        loading = task
        return try await task.value
    }
}
