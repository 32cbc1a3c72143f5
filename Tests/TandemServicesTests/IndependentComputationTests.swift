import TandemContract
import TandemDomain
import TandemEngine
import Testing

/// The indicator engine against `ReferenceIndicators`, a naive second computation written from the
/// definitions, on random partnerships the engine was never tuned on. The data is deliberately messy (missing
/// enrollment years, retained and skipping students, lower-case codes, repeated courses, missing levels and
/// flags) so that the edge cases of the definitions are exercised, not only the common path.
@Suite struct IndependentComputationTests {
    static let seeds: [UInt64] = [1, 20_110_611, 0xC0FFEE]

    @Test(arguments: seeds) func everyEngineValueEqualsTheReference(seed: UInt64) throws {
        let partnership = MessyPartnership(seed: seed)
        let cube = try Self.engine().compute(partnership.districts.map(Self.records))
        let catalog = try TestCatalogFile.builtIn()

        var expected: [ReferenceIndicators.Key: ReferenceIndicators.Counts] = [:]
        for district in partnership.districts {
            expected.merge(ReferenceIndicators.compute(district, catalog: catalog)) { _, _ in preconditionFailure("districts overlap") }
        }
        var actual: [ReferenceIndicators.Key: ReferenceIndicators.Counts] = [:]
        for value in cube.values {
            let key = ReferenceIndicators.Key(
                indicator: value.indicator,
                year: value.year,
                district: value.district,
                school: value.school,
                group: value.group.rawValue
            )
            #expect(actual[key] == nil, "engine gives \(key) twice")
            actual[key] = (value.numerator, value.denominator)
        }
        #expect(Set(actual.keys.map(\.indicator)) == Set(ReferenceIndicators.indicatorIDs))
        Self.expectEqual(expected: expected, actual: actual, seed: seed)
    }

    @Test(arguments: seeds) func everyMatchedCohortValueEqualsTheReference(seed: UInt64) throws {
        let partnership = MessyPartnership(seed: seed)
        let cube = try Self.engine().compute(partnership.districts.map(Self.records))
        let catalog = try TestCatalogFile.builtIn()

        var expected: [ReferenceIndicators.CohortKey: ReferenceIndicators.Counts] = [:]
        for district in partnership.districts {
            expected.merge(ReferenceIndicators.cohorts(district, catalog: catalog)) { _, _ in preconditionFailure("districts overlap") }
        }
        var actual: [ReferenceIndicators.CohortKey: ReferenceIndicators.Counts] = [:]
        for value in cube.cohorts.flatMap(\.values) {
            let key = ReferenceIndicators.CohortKey(
                indicator: value.indicator,
                startYear: value.startYear,
                year: value.year,
                district: value.district,
                school: value.school,
                group: value.group.rawValue
            )
            #expect(actual[key] == nil, "engine gives \(key) twice")
            actual[key] = (value.numerator, value.denominator)
        }
        // The two cohorts the dashboard shows first must be there; every other grade's is compared as well.
        for indicator in ["math_prof_g5", "ela_prof_g3"] {
            #expect(expected.keys.contains { $0.indicator == indicator }, "no \(indicator) cohort in the reference")
            #expect(actual.keys.contains { $0.indicator == indicator }, "no \(indicator) cohort from the engine")
        }
        Self.expectEqual(expected: expected, actual: actual, seed: seed)
    }

    /// The five built-in student lists: the same students, every year, as a computation written straight
    /// from the spec (`ReferenceLists`), and every list has members in the random data.
    @Test(arguments: seeds) func listsAgreeWithTheReference(seed: UInt64) throws {
        let partnership = MessyPartnership(seed: seed)
        let catalog = try TestCatalogFile.builtIn()
        let lists = try #require(try ListLibraryFile.builtIn().library(districts: ["D"], parameters: ListParameters()).lists["D"])
        for district in partnership.districts {
            let records = Self.records(district)
            let engine = Set(
                ListEngine(catalog: catalog).members(of: lists, in: records).map {
                    ReferenceLists.Member(list: lists[$0.list].id, year: $0.year, student: records.studentIDs[Int($0.student)])
                }
            )
            let reference = ReferenceLists.members(district, catalog: catalog)
            #expect(engine.subtracting(reference).sorted().prefix(5) == [], "\(district.code): on the engine's lists only")
            #expect(reference.subtracting(engine).sorted().prefix(5) == [], "\(district.code): on the reference's lists only")
            for list in lists {
                #expect(reference.contains { $0.list == list.id }, "\(district.code): no student on \(list.id)")
            }
        }
    }

    /// The comparison above only means something if the random data reaches every indicator and its edges.
    @Test(arguments: seeds) func theRandomDataExercisesEveryIndicator(seed: UInt64) throws {
        let partnership = MessyPartnership(seed: seed)
        let catalog = try TestCatalogFile.builtIn()
        var values: [ReferenceIndicators.Key: ReferenceIndicators.Counts] = [:]
        var cohorts: [ReferenceIndicators.CohortKey: ReferenceIndicators.Counts] = [:]
        for district in partnership.districts {
            values.merge(ReferenceIndicators.compute(district, catalog: catalog)) { first, _ in first }
            cohorts.merge(ReferenceIndicators.cohorts(district, catalog: catalog)) { first, _ in first }
        }
        let districtTotals = values.filter { $0.key.school == nil && $0.key.group == "ALL" }
        for indicator in ReferenceIndicators.indicatorIDs {
            let totals = districtTotals.filter { $0.key.indicator == indicator }.map(\.value)
            #expect(totals.contains { $0.denominator > 0 }, "\(indicator): no units")
            if !ReferenceIndicators.distanceIndicatorIDs.contains(indicator) {
                #expect(totals.contains { $0.numerator > 0 }, "\(indicator): nobody in the numerator")
                #expect(totals.contains { $0.numerator < $0.denominator }, "\(indicator): everybody in the numerator")
            }
            // Units without an enrollment row (district only) for the indicators that can have them.
            if !["ap_participation", "sat_act_participation", "el_reclassified", "el_annual_progress", "ltel_share"].contains(indicator) {
                let atSchools = values.filter { $0.key.indicator == indicator && $0.key.school != nil && $0.key.group == "ALL" }
                    .reduce(0) { $0 + $1.value.denominator }
                #expect(totals.reduce(0) { $0 + $1.denominator } > atSchools, "\(indicator): every unit has a school")
            }
        }
        // Distance from standard: cells above and below the standard, and CAASPP results without a scale score
        // (a FALL administration) that must be left out of the denominator.
        for indicator in ReferenceIndicators.distanceIndicatorIDs {
            let cells = values.filter { $0.key.indicator == indicator }.map(\.value)
            #expect(cells.contains { $0.numerator > 0 } && cells.contains { $0.numerator < 0 }, "\(indicator): all on one side of the standard")
        }
        #expect(partnership.districts.flatMap(\.assessments).contains { $0.test.uppercased() == "CAASPP" && $0.scaleScore == nil })
        for group in StudentGroup.allCases {
            #expect(values.keys.contains { $0.group == group.rawValue }, "no value for group \(group.rawValue)")
        }
        for indicator in ["math_prof_g5", "ela_prof_g3"] {
            let later = cohorts.filter { $0.key.indicator == indicator && $0.key.year >= $0.key.startYear + 3 && $0.key.school == nil }
            #expect(!later.isEmpty, "\(indicator): no cohort followed for three years")
        }
        // A–G derived from transcripts both ways, not only from the reported flag.
        let derived = partnership.districts.flatMap { district in
            district.outcomes.filter { $0.outcome == .graduated && $0.agComplete == nil }.map { outcome in
                ReferenceIndicators.transcriptMeetsAG(
                    district.courses.filter { $0.studentID == outcome.studentID },
                    through: outcome.cohortYear
                )
            }
        }
        #expect(derived.contains(true) && derived.contains(false), "transcript A–G: \(derived)")
    }

    /// The smallest cases behind the `el_annual_progress` differences the random comparison found: a result is
    /// compared with last year's results of the same test (`result_in_previous_year`, `level_gain`), whatever
    /// the case the test code is written in and whatever other language test the student also took.
    @Test func languageLevelsAreComparedWithinTheSameTest() throws {
        let cases: [(name: String, results: [(year: Int, test: String, level: Int)])] = [
            ("last year's CELDT written in lower case", [(2010, "celdt", 2), (2011, "CELDT", 3)]),
            ("CELDT and ELPAC both taken last year", [(2010, "CELDT", 2), (2010, "ELPAC", 4), (2011, "CELDT", 3)]),
        ]
        let catalog = try TestCatalogFile.builtIn()
        for (name, results) in cases {
            let district = ReferenceIndicators.District(
                code: "D",
                students: [Student(id: "S", gender: .female, race: .hispanic)],
                enrollments: [2010, 2011].map {
                    Enrollment(
                        studentID: "S",
                        schoolYear: $0,
                        schoolCode: "100",
                        grade: Grade(5)!,
                        socioeconomicallyDisadvantaged: false,
                        disability: false,
                        elStatus: .englishLearner
                    )
                },
                assessments: results.map {
                    AssessmentResult(
                        studentID: "S",
                        schoolYear: $0.year,
                        test: $0.test,
                        subject: "OVERALL",
                        gradeTested: Grade(5),
                        performanceLevel: $0.level
                    )
                },
                courses: [],
                outcomes: []
            )
            // One unit in 2011 (an EL with a CELDT level in 2010 and 2011), in the numerator (level 2 → 3).
            let documented = ["2011 - ALL 1/1", "2011 100 ALL 1/1"]
            let reference = ReferenceIndicators.compute(district, catalog: catalog)
                .filter { $0.key.indicator == "el_annual_progress" && $0.key.group == "ALL" }
                .map { "\($0.key.year) \($0.key.school ?? "-") ALL \($0.value.numerator)/\($0.value.denominator)" }.sorted()
            let engine = try Self.engine().compute([Self.records(district)]).values
                .filter { $0.indicator == "el_annual_progress" && $0.group == .all }
                .map { "\($0.year) \($0.school ?? "-") ALL \($0.numerator)/\($0.denominator)" }.sorted()
            #expect(reference == documented, "reference, \(name)")
            #expect(engine == documented, "engine, \(name)")
        }
    }

    // MARK: - Helpers

    static func engine() throws -> IndicatorEngine {
        IndicatorEngine(library: try IndicatorLibraryFile.builtIn(), catalog: try TestCatalogFile.builtIn())
    }

    /// The engine's input for one generated district: students first, then every record.
    static func records(_ district: ReferenceIndicators.District) -> DistrictRecords {
        var builder = DistrictRecords.Builder(districtCode: district.code)
        for student in district.students { builder.addStudent(id: student.id, race: student.race, gender: student.gender) }
        for row in district.enrollments {
            let student = builder.student(row.studentID)
            let school = builder.school(row.schoolCode)
            builder.addEnrollment(
                student: student,
                year: row.schoolYear,
                school: school,
                grade: Int(row.grade.value),
                sed: row.socioeconomicallyDisadvantaged,
                swd: row.disability,
                elStatus: row.elStatus,
                elStartDate: row.elStartDate,
                homeless: row.homeless,
                foster: row.foster,
                rfepDate: row.rfepDate
            )
        }
        for result in district.assessments {
            let student = builder.student(result.studentID)
            builder.addAssessment(
                student: student,
                year: result.schoolYear,
                test: result.test,
                subject: result.subject,
                administration: result.administration,
                grade: result.gradeTested.map { Int($0.value) },
                scaleScore: result.scaleScore,
                level: result.performanceLevel,
                firstAttempt: result.firstAttempt
            )
        }
        for course in district.courses {
            let student = builder.student(course.studentID)
            let school = builder.school(course.schoolCode)
            builder.addCourse(
                student: student,
                year: course.schoolYear,
                school: school,
                term: course.term,
                course: course.courseCode,
                agArea: course.agArea,
                isAP: course.isAP,
                isHonors: course.isHonors,
                gradeLevel: Int(course.gradeLevel.value),
                mark: course.mark
            )
        }
        for outcome in district.outcomes {
            let student = builder.student(outcome.studentID)
            builder.addOutcome(student: student, cohortYear: outcome.cohortYear, outcome: outcome.outcome, agComplete: outcome.agComplete)
        }
        return builder.build()
    }

    /// Identical key sets and counts; the first differences are named in the failure message.
    static func expectEqual<Key: Comparable & CustomStringConvertible>(
        expected: [Key: ReferenceIndicators.Counts],
        actual: [Key: ReferenceIndicators.Counts],
        seed: UInt64
    ) {
        func text(_ counts: ReferenceIndicators.Counts?) -> String { counts.map { "\($0.numerator)/\($0.denominator)" } ?? "absent" }
        let keys = Set(expected.keys).union(actual.keys).sorted()
        let differences = keys.filter { expected[$0]?.numerator != actual[$0]?.numerator || expected[$0]?.denominator != actual[$0]?.denominator }
        #expect(expected.count > 1000, "seed \(seed): only \(expected.count) reference values")
        let differing = differences.count
        #expect(
            differing == 0,
            """
            seed \(seed): \(differing) of \(keys.count) values differ, first:
            \(differences.prefix(12).map { "\($0): reference \(text(expected[$0])), engine \(text(actual[$0]))" }.joined(separator: "\n"))
            """
        )
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and fully determined by its seed, so a failing seed
/// reproduces exactly.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    mutating func pick<T>(_ choices: [T]) -> T { choices[int(0...choices.count - 1)] }

    /// One of `choices`, each as likely as its weight.
    mutating func weighted<T>(_ choices: [(T, Int)]) -> T {
        var roll = int(1...choices.reduce(0) { $0 + $1.1 })
        for (choice, weight) in choices {
            roll -= weight
            if roll <= 0 { return choice }
        }
        return choices[choices.count - 1].0
    }
}

/// Two districts of about 300 students over 2006–2011, with the mess real extracts have. The same student
/// ids and school codes are used in both districts (ids are only unique within a district). Keys the
/// contract enforces (one enrollment row per student and year, one result per student, year, test, subject
/// and administration, one outcome per student) are respected: the importer would reject anything else.
struct MessyPartnership {
    static let years = 2006...2011
    var districts: [ReferenceIndicators.District] = []

    init(seed: UInt64, studentsPerDistrict: Int = 300) {
        var random = SplitMix64(seed: seed)
        for code in ["D1", "D2"] {
            var generator = DistrictGenerator(code: code, random: random)
            for number in 1...studentsPerDistrict { generator.addStudent(id: "S\(number)") }
            random = generator.random
            districts.append(
                ReferenceIndicators.District(
                    code: code,
                    students: generator.students,
                    enrollments: generator.enrollments,
                    assessments: generator.assessments,
                    courses: generator.courses,
                    outcomes: generator.outcomes
                )
            )
        }
    }
}

/// One district's students, followed year by year.
struct DistrictGenerator {
    let code: String
    var random: SplitMix64
    var students: [Student] = []
    var enrollments: [Enrollment] = []
    var assessments: [AssessmentResult] = []
    var courses: [CourseRecord] = []
    var outcomes: [CohortOutcome] = []
    /// (student, year, test, subject, administration), upper-case: the contract's key for results.
    private var resultKeys = Set<String>()

    /// Whether a district knows a row's `sed` and `swd`: a stream of its own, so the rest of the data is
    /// what the seed made before unknowns were drawn.
    var unknowns: SplitMix64

    init(code: String, random: SplitMix64) {
        self.code = code
        self.random = random
        var fork = random
        unknowns = SplitMix64(seed: fork.next() ^ 0x0DD5_EED0)
    }

    /// How well a student does: marks, levels and A–G chances follow it.
    enum Track { case strong, average, weak }

    mutating func addStudent(id: String) {
        let race = random.pick(RaceEthnicity.allCases)
        let gender: Gender? = random.weighted([(Gender.female, 45), (.male, 45), (.nonBinary, 5), (nil, 5)])
        students.append(Student(id: id, gender: gender, race: race))
        // A few students have results and an outcome but never an enrollment row.
        let neverEnrolled = random.chance(0.02)
        let firstYear = random.chance(0.7) ? 2006 : random.int(2007...2011)
        let lastYear = random.chance(0.85) ? 2011 : random.int(firstYear...2011)
        let firstGrade = random.int(-1...12)
        let track = random.weighted([(Track.strong, 40), (.average, 35), (.weak, 25)])
        var elStatus = random.weighted([
            (ELStatus.englishOnly, 40), (.initiallyFluent, 10), (.englishLearner, 35),
            (.reclassified, 8), (.toBeDetermined, 7),
        ])
        let elStart = elStatus == .englishLearner || elStatus == .reclassified || random.chance(0.05) ? elStartDate() : nil
        var flags = (sed: random.chance(0.5), swd: random.chance(0.12), homeless: random.chance(0.04), foster: random.chance(0.03))
        // Reclassification dates come from the stream of unknowns, so the rest of the data is what the seed
        // made before lists were checked.
        var rfepDate: Day? =
            elStatus == .reclassified && !unknowns.chance(0.05)
            ? Day(year: firstYear - unknowns.int(0...5), month: unknowns.int(1...12), day: unknowns.int(1...28)) : nil
        let elpacFrom = random.int(2007...2013)
        var levels: [String: Int] = [:]
        var grade = firstGrade
        var school: String?
        var toRetake: [CourseRecord] = []

        for year in firstYear...lastYear {
            if year > firstYear {
                grade += random.weighted([(1, 90), (0, 7), (2, 3)])
                switch elStatus {
                case .englishLearner where random.chance(0.18):
                    elStatus = .reclassified
                    rfepDate = unknowns.chance(0.05) ? nil : Day(year: year - 1, month: unknowns.int(1...12), day: unknowns.int(1...28))
                case .reclassified where random.chance(0.03): elStatus = .englishLearner
                case .toBeDetermined: elStatus = random.chance(0.5) ? .englishLearner : .englishOnly
                default: break
                }
                if random.chance(0.05) { flags.sed.toggle() }
                if random.chance(0.03) { flags.swd.toggle() }
                if random.chance(0.05) { flags.homeless.toggle() }
                if random.chance(0.03) { flags.foster.toggle() }
            }
            guard grade <= 12 else { break }
            let bandSchools = grade <= 5 ? ["100", "101", "102"] : grade <= 8 ? ["200", "201"] : ["300", "301"]
            if school == nil || !bandSchools.contains(school!) || random.chance(0.08) {
                school = random.chance(0.03) ? "900" : random.pick(bandSchools)
            }
            if !neverEnrolled && random.chance(0.88) {
                enrollments.append(
                    Enrollment(
                        studentID: id,
                        schoolYear: year,
                        schoolCode: school!,
                        grade: Grade(grade)!,
                        // Now and then the district does not know (the contract's `U`).
                        socioeconomicallyDisadvantaged: unknowns.chance(0.02) ? nil : flags.sed,
                        disability: unknowns.chance(0.02) ? nil : flags.swd,
                        elStatus: elStatus,
                        elStartDate: random.chance(0.05) ? nil : elStart,
                        rfepDate: elStatus == .reclassified ? rfepDate : nil,
                        homeless: flags.homeless,
                        foster: flags.foster
                    )
                )
            }
            addStateTests(id, year, grade, track)
            addLanguageTests(id, year, grade, elStatus: elStatus, testFrom: elpacFrom, levels: &levels)
            addCollegeTests(id, year, grade)
            if grade >= 6 { toRetake = addCourses(id, year, grade, school!, track, retaking: toRetake) }
        }

        // One outcome row at most, in the year the student is expected to finish grade 12.
        let cohortYear = firstYear + 12 - firstGrade
        if firstGrade >= 5, Self.isInRange(cohortYear), random.chance(0.9) || neverEnrolled {
            // Sometimes listed in a cohort that ended before their first enrollment row (no row to place them).
            let year = random.chance(0.06) && firstYear > 2006 ? firstYear - 1 : cohortYear
            let outcome = random.weighted([
                (CohortOutcomeCode.graduated, 50), (.otherCompleter, 6), (.ged, 4), (.dropout, 12),
                (.continuing, 10), (.transferredOut, 10), (.emigrated, 4), (.deceased, 4),
            ])
            let agComplete: Bool? = random.weighted([(true, 20), (false, 15), (nil, 65)])
            outcomes.append(CohortOutcome(studentID: id, cohortYear: year, outcome: outcome, agComplete: agComplete))
        }
    }

    static func isInRange(_ year: Int) -> Bool { MessyPartnership.years.contains(year) }

    /// Mostly a plausible date; sometimes 1 October of a year (the LTEL boundary); some long ago (LTEL).
    mutating func elStartDate() -> Day? {
        if random.chance(0.15) { return nil }
        if random.chance(0.1) { return Day(year: random.int(2000...2005), month: 10, day: 1) }
        return Day(year: random.int(1997...2010), month: random.int(1...12), day: random.int(1...28))
    }

    /// The grade recorded on a result: usually the enrollment grade, sometimes another one or none.
    mutating func testedGrade(_ grade: Int) -> Grade? {
        switch random.int(1...100) {
        case 1...3: nil
        case 4...10: Grade(min(12, max(-1, grade + random.pick([-1, 1]))))
        default: Grade(grade)
        }
    }

    /// Adds a result unless its contract key is taken; test and subject are sometimes written in lower case.
    mutating func addResult(
        _ id: String,
        _ year: Int,
        test: String,
        subject: String,
        administration: String = "ANNUAL",
        grade: Grade?,
        scale: Double? = nil,
        level: Int?,
        firstAttempt: Bool? = nil
    ) {
        guard resultKeys.insert("\(id)|\(year)|\(test)|\(subject)|\(administration)".uppercased()).inserted else { return }
        let test = random.chance(0.03) ? test.lowercased() : test
        let subject = random.chance(0.03) ? subject.lowercased() : subject
        assessments.append(
            AssessmentResult(
                studentID: id,
                schoolYear: year,
                test: test,
                subject: subject,
                gradeTested: grade,
                administration: administration,
                scaleScore: scale,
                performanceLevel: level,
                firstAttempt: firstAttempt
            )
        )
    }

    /// CST or CAASPP ELA and math (grade-level math to grade 7, a course test from grade 8), and CAHSEE.
    mutating func addStateTests(_ id: String, _ year: Int, _ grade: Int, _ track: Track) {
        func level(_ test: String) -> Int? {
            if random.chance(0.07) { return nil }
            let top = test == "CST" ? 5 : 4
            return switch track {
            case .strong: random.int(3...top)
            case .average: random.int(2...top - 1)
            case .weak: random.int(1...3)
            }
        }
        if (2...11).contains(grade) {
            var subjects: [String] = []
            if random.chance(0.9) { subjects.append("ELA") }
            let math =
                switch grade {
                case ...7: "MATH"
                case 8: random.weighted([("MATH", 30), ("GENMATH", 25), ("ALG1", 35), ("GEOM", 7), ("ALG2", 3)])
                default: random.pick(["ALG1", "GEOM", "ALG2", "GENMATH", "SUMHS"])
                }
            if random.chance(0.9) { subjects.append(math) }
            // A second math test the same year (a student moved between courses).
            if grade >= 7, random.chance(0.05) { subjects.append(random.pick(ReferenceIndicators.grade8MathSubjects)) }
            for subject in subjects {
                let test = random.chance(0.15) ? "CAASPP" : "CST"
                let tested = testedGrade(grade)
                // CAASPP has no course tests: its grade-11 math is MATH.
                let subject = test == "CAASPP" && tested == Grade(11) && subject != "ELA" ? "MATH" : subject
                let performance = level(test)
                // CST scale scores 250–449; CAASPP's 2350–2749, either side of every grade's Level 3 minimum.
                addResult(
                    id,
                    year,
                    test: test,
                    subject: subject,
                    grade: tested,
                    scale: performance.map {
                        test == "CST" ? Double(200 + 50 * $0 + random.int(0...49)) : Double(2250 + 100 * $0 + random.int(0...99))
                    },
                    level: performance
                )
                if random.chance(0.05) {
                    addResult(id, year, test: test, subject: subject, administration: "FALL", grade: tested, level: level(test))
                }
            }
        }
        if (10...12).contains(grade) {
            for subject in ["MATH", "ELA"] where grade == 10 ? random.chance(0.92) : random.chance(0.4) {
                let firstAttempt: Bool? =
                    grade == 10
                    ? random.weighted([(true, 70), (false, 15), (nil, 15)])
                    : random.weighted([(false, 90), (true, 5), (nil, 5)])
                let scale: Double? =
                    switch random.int(1...100) {
                    case 1...15: 350
                    case 16...22: 349
                    case 23...27: nil
                    default: Double(random.int(275...450))
                    }
                addResult(
                    id,
                    year,
                    test: "CAHSEE",
                    subject: subject,
                    grade: testedGrade(grade),
                    scale: scale,
                    level: nil,
                    firstAttempt: firstAttempt
                )
            }
        }
    }

    /// CELDT (ELPAC from the student's switch year, sometimes both) for ELs and a few others; levels
    /// wander upward and stick at the top; some are missing or 0.
    mutating func addLanguageTests(
        _ id: String,
        _ year: Int,
        _ grade: Int,
        elStatus: ELStatus,
        testFrom elpacYear: Int,
        levels: inout [String: Int]
    ) {
        guard elStatus == .englishLearner ? random.chance(0.85) : random.chance(0.1) else { return }
        var tests = [year < elpacYear ? "CELDT" : "ELPAC"]
        if random.chance(0.04) { tests = ["CELDT", "ELPAC"] }
        for test in tests {
            let top = test == "CELDT" ? 5 : 4
            let level = min(top, max(1, (levels[test] ?? random.int(1...3)) + random.int(-1...2)))
            levels[test] = level
            let written: Int? =
                switch random.int(1...100) {
                case 1...5: nil
                case 6...7: 0
                default: level
                }
            addResult(id, year, test: test, subject: "OVERALL", grade: testedGrade(grade), level: written)
            if random.chance(0.08) {
                addResult(
                    id,
                    year,
                    test: test,
                    subject: "OVERALL",
                    administration: "FALL",
                    grade: testedGrade(grade),
                    level: random.int(1...top)
                )
            }
        }
    }

    /// AP exams, SAT and ACT in grades 10–12.
    mutating func addCollegeTests(_ id: String, _ year: Int, _ grade: Int) {
        guard (10...12).contains(grade) else { return }
        if random.chance(0.3) {
            for _ in 1...random.int(1...3) {
                let exam = random.pick(["USH", "BIO", "CALC AB", "ENG LANG", "SPAN LANG", "STATS"])
                addResult(
                    id,
                    year,
                    test: "AP",
                    subject: exam,
                    grade: random.chance(0.9) ? Grade(grade) : nil,
                    level: random.chance(0.05) ? nil : random.int(1...5)
                )
            }
        }
        if random.chance(0.35) {
            let tests = random.chance(0.1) ? ["SAT", "ACT"] : [random.pick(["SAT", "ACT"])]
            for test in tests {
                let tested = random.weighted([(Grade(grade), 80), (nil, 10), (Grade(grade - 1), 10)])
                addResult(
                    id,
                    year,
                    test: test,
                    subject: test == "SAT" ? "TOTAL" : "COMPOSITE",
                    grade: tested,
                    scale: Double(random.int(400...1600)),
                    level: nil
                )
            }
        }
    }

    /// A year's schedule. Each course code has one A–G area (sometimes left blank on a row), is split into
    /// terms in one of several ways, and is marked by the student's track. Returns the rows not passed, some of
    /// which are retaken (same code and term) the next year.
    mutating func addCourses(
        _ id: String,
        _ year: Int,
        _ grade: Int,
        _ school: String,
        _ track: Track,
        retaking previous: [CourseRecord]
    ) -> [CourseRecord] {
        var plan: [(code: String, area: AGArea?, isAP: Bool)] = []
        if grade <= 8 {
            plan = [("ENG\(grade)", nil, false), ("PE", nil, false)]
            plan.append(grade == 8 && random.chance(0.4) ? ("ALG1", .mathematics, false) : ("MATH\(grade)", nil, false))
        } else {
            plan.append(("ENG\(grade)", .english, false))
            plan.append((["ALG1", "GEOM", "ALG2", "PRECALC"][grade - 9], .mathematics, false))
            if grade >= 10 { plan.append((["WHIST", "USHIST", "GOVECON"][grade - 10], .history, false)) }
            if grade <= 11 { plan.append((["BIO", "CHEM", "PHYS"][grade - 9], .laboratoryScience, false)) }
            if grade <= 11, random.chance(0.8) { plan.append(("SPAN\(grade - 8)", .languageOtherThanEnglish, false)) }
            // The same art course every year: a repeated (course, term) counts once.
            if random.chance(0.6) { plan.append(("ART", .visualPerformingArts, false)) }
            if random.chance(0.5) { plan.append(("ELECT\(grade)", .collegePrepElective, false)) }
            plan.append(("PE", nil, false))
            if grade >= 10, random.chance(track == .strong ? 0.6 : 0.15) {
                plan.append(
                    random.pick([
                        ("APUSH", .history, true), ("APBIO", .laboratoryScience, true),
                        ("APCALC", .mathematics, true), ("APENG", .english, true),
                    ])
                )
            }
        }
        var notPassed: [CourseRecord] = []
        var taken = Set<String>()
        /// One row per student, year, course and term, as the contract has it.
        func add(_ code: String, _ area: AGArea?, _ isAP: Bool, _ term: Term) {
            guard taken.insert("\(code)|\(term.rawValue)").inserted else { return }
            let mark = self.mark(track)
            let gradeLevel = random.chance(0.04) ? grade - 1 : grade
            let row = CourseRecord(
                studentID: id,
                schoolYear: year,
                schoolCode: school,
                term: term,
                courseCode: code,
                courseTitle: code,
                agArea: random.chance(0.05) ? nil : area,
                isAP: isAP,
                isHonors: random.chance(0.1),
                gradeLevel: Grade(gradeLevel)!,
                mark: mark
            )
            courses.append(row)
            if !(mark?.countsForAG ?? false) { notPassed.append(row) }
        }
        for course in plan {
            let terms = random.weighted([
                ([Term.fullYear], 50), ([.s1, .s2], 25), ([.t1, .t2, .t3], 10),
                ([.q1, .q2, .q3, .q4], 7), ([.s1], 4), ([.summer], 4),
            ])
            for term in terms { add(course.code, course.area, course.isAP, term) }
        }
        for row in previous where random.chance(0.5) {
            add(row.courseCode, row.agArea, row.isAP, row.term)
        }
        return notPassed
    }

    mutating func mark(_ track: Track) -> Mark? {
        switch track {
        case .strong:
            random.weighted([
                (Mark.aPlus, 10), (.a, 25), (.aMinus, 10), (.bPlus, 10), (.b, 15), (.bMinus, 10), (.cPlus, 8),
                (.c, 10), (.cMinus, 1), (.pass, 1), (nil, 1),
            ])
        case .average:
            random.weighted([
                (Mark.a, 5), (.b, 20), (.bMinus, 10), (.cPlus, 15), (.c, 20), (.cMinus, 12), (.d, 8),
                (.pass, 5), (.withdrawn, 3), (nil, 2),
            ])
        case .weak:
            random.weighted([
                (Mark.b, 5), (.c, 20), (.cMinus, 20), (.d, 20), (.f, 15), (.withdrawn, 8), (.noPass, 4),
                (.incomplete, 3), (nil, 5),
            ])
        }
    }
}
