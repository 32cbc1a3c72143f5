public import Foundation
import TandemContract
import TandemDomain

/// Writes the demo partnership: two synthetic districts, `FUSD` and `LBUSD`, one folder each, in the
/// data-contract format: 2005–06 through 2010–11 calibrated to the published figures, then 2014–15 through
/// 2023–24 (the CAASPP and ELPAC years) simulated on from them, plausible but uncalibrated.
public struct DemoGenerator: Sendable {
    public static let defaultSeed: UInt64 = 2008
    /// Bumped whenever the generator's output changes, so a stored demo knows it is stale.
    public static let version = 2
    public static let districts = DistrictProfile.demo.map(\.code)

    public let seed: UInt64

    /// Enrolled students per district and year, when not the published districts' own (benchmarks).
    public let studentsPerDistrict: Int?

    /// Whether 2014–15 to 2023–24 are written after the calibrated years. Without them the files are
    /// exactly the calibrated demo's, as they were before the later years existed.
    public let includesLaterYears: Bool

    public init(seed: UInt64 = DemoGenerator.defaultSeed, studentsPerDistrict: Int? = nil, includesLaterYears: Bool = true) {
        self.seed = seed
        self.studentsPerDistrict = studentsPerDistrict
        self.includesLaterYears = includesLaterYears
    }

    public struct DistrictSummary: Sendable {
        public let district: String
        public let name: String
        public let folder: String
        /// Rows written per file name.
        public let rows: [String: Int]
    }

    /// Generates both districts into `folder/FUSD` and `folder/LBUSD`, in parallel.
    public func generate(into folder: String, progress: (@Sendable (String, Int) -> Void)? = nil) async throws -> [DistrictSummary] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try await withThrowingTaskGroup(of: DistrictSummary.self) { group in
            for demoProfile in DistrictProfile.demo {
                let profile = studentsPerDistrict.map { demoProfile.scaled(toStudents: $0) } ?? demoProfile
                let target = (folder as NSString).appendingPathComponent(profile.code)
                group.addTask {
                    try DistrictWriter(profile: profile, seed: seed, folder: target, includesLaterYears: includesLaterYears) { year in
                        progress?(profile.code, year)
                    }.run()
                }
            }
            var summaries: [DistrictSummary] = []
            for try await summary in group { summaries.append(summary) }
            return summaries.sorted { $0.district < $1.district }
        }
    }
}

/// Runs one district's simulation and writes its six files as the years go by: the calibrated years
/// first, then the later years appended, so every file begins exactly as the calibrated demo's did.
struct DistrictWriter {
    let profile: DistrictProfile
    let seed: UInt64
    let folder: String
    let includesLaterYears: Bool
    let progress: (Int) -> Void

    func run() throws -> DemoGenerator.DistrictSummary {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func writer(_ file: ContractFile) throws -> CSVWriter {
            try CSVWriter(path: (folder as NSString).appendingPathComponent(file.fileName), header: file.columns.map(\.name))
        }
        let simulation = DistrictSimulation(profile: profile, seed: seed)
        let enrollments = try writer(DataContract.enrollments)
        let assessments = try writer(DataContract.assessments)
        let courses = try writer(DataContract.courses)
        writeCalibratedYears(simulation, enrollments: enrollments, assessments: assessments, courses: courses)
        let calibratedStudents = simulation.students.count
        var laterStudents =
            includesLaterYears
            ? writeLaterYears(
                simulation,
                enrollments: enrollments,
                assessments: assessments,
                courses: courses,
                studentsBefore: calibratedStudents
            ) : []
        let writtenOutcomes = simulation.outcomes.filter {
            profile.years.contains($0.cohortYear) || LaterYearsProfile.written.contains($0.cohortYear)
        }
        laterStudents.formUnion(writtenOutcomes.lazy.map(\.student).filter { $0 >= calibratedStudents })

        let schools = try writer(DataContract.schools)
        for entry in simulation.schools.entries {
            let school = entry.school
            schools.field(profile.code)
            schools.field(school.code)
            schools.field(school.name)
            schools.field(school.type?.rawValue)
            schools.field(school.lowGrade?.code)
            schools.field(school.highGrade?.code)
            schools.empty()  // district_name: the demo's districts go by their codes
            schools.endRow()
        }
        let students = try writer(DataContract.students)
        for (index, student) in simulation.students.enumerated() where index < calibratedStudents || laterStudents.contains(index) {
            students.field(profile.code)
            students.field(simulation.id(index))
            students.field(student.gender.rawValue)
            students.field(student.race.rawValue)
            students.field(student.birthYear)
            students.field(student.usEntry.iso)
            students.endRow()
        }
        let outcomes = try writer(DataContract.outcomes)
        for outcome in writtenOutcomes.sorted(by: { ($0.cohortYear, $0.student) < ($1.cohortYear, $1.student) }) {
            outcomes.field(profile.code)
            outcomes.field(simulation.id(outcome.student))
            outcomes.field(outcome.cohortYear)
            outcomes.field(outcome.outcome.rawValue)
            outcomes.field(outcome.date.iso)
            outcomes.field(outcome.agComplete)
            outcomes.endRow()
        }
        var rows: [String: Int] = [:]
        for (file, writer) in [
            (DataContract.schools, schools), (DataContract.students, students), (DataContract.enrollments, enrollments),
            (DataContract.assessments, assessments), (DataContract.courses, courses), (DataContract.outcomes, outcomes),
        ] {
            try writer.close()
            rows[file.fileName] = writer.rows
        }
        return .init(district: profile.code, name: profile.name, folder: folder, rows: rows)
    }

    /// The calibrated years, each written as it is simulated, and the last one's graduation cohort ended.
    private func writeCalibratedYears(_ simulation: DistrictSimulation, enrollments: CSVWriter, assessments: CSVWriter, courses: CSVWriter) {
        for year in profile.years {
            progress(year)
            simulation.census(year)
            writeEnrollments(simulation, enrollments)
            var results = simulation.testYear()
            var mathSubjects: [Int: String] = [:]
            for result in results where result.grade == 8 && result.test == "CST" && result.subject != "ELA" && result.subject != "SCI" {
                mathSubjects[result.student] = result.subject
            }
            var schedule = simulation.courseYear(mathSubjects: mathSubjects)
            simulation.steerProficientButFailing(&schedule, results: results)
            results += simulation.collegeTests(schedule)
            writeAssessments(simulation, results, assessments)
            writeCourses(simulation, schedule, courses)
        }
        simulation.endCohortYear(profile.years.upperBound)
    }

    /// The later years, simulated on from the calibrated ones and written from 2014–15. Returns the students
    /// who joined after the calibrated years and are enrolled in a written year: only they (and those named
    /// by a written outcome) get a row in `students.csv`.
    private func writeLaterYears(
        _ simulation: DistrictSimulation,
        enrollments: CSVWriter,
        assessments: CSVWriter,
        courses: CSVWriter,
        studentsBefore: Int
    ) -> Set<Int> {
        var laterStudents = Set<Int>()
        for year in LaterYearsProfile.simulated {
            let written = LaterYearsProfile.written.contains(year)
            if written { progress(year) }
            let records = simulation.runLaterYear(year, seed: seed)
            guard written else { continue }
            laterStudents.formUnion(simulation.enrolled.lazy.filter { $0 >= studentsBefore })
            writeEnrollments(simulation, enrollments)
            writeAssessments(simulation, records.results, assessments)
            writeCourses(simulation, records.courses, courses)
        }
        simulation.endLaterYears(seed: seed)
        return laterStudents
    }

    private func writeEnrollments(_ simulation: DistrictSimulation, _ out: CSVWriter) {
        for student in simulation.enrolled {
            let s = simulation.students[student]
            out.field(profile.code)
            out.field(simulation.id(student))
            out.field(simulation.year)
            out.field(simulation.schools.entries[simulation.currentSchool[student]].school.code)
            out.field(Grade(s.grade)!.code)
            out.field(simulation.sed[student])
            out.field(s.disability)
            out.field(s.el.rawValue)
            out.field(s.el == .englishLearner || s.el == .reclassified ? s.elStart?.iso : nil)
            out.field(s.el == .reclassified ? s.rfepDate?.iso : nil)
            out.field(simulation.homeless.contains(student))
            out.field(simulation.foster.contains(student))
            out.endRow()
        }
    }

    private func writeAssessments(_ simulation: DistrictSimulation, _ results: [SimResult], _ out: CSVWriter) {
        for result in results.sorted(by: { $0.student < $1.student }) {
            out.field(profile.code)
            out.field(simulation.id(result.student))
            out.field(simulation.year)
            out.field(result.test)
            out.field(result.subject)
            out.field(Grade(result.grade)!.code)
            out.field(result.administration)
            out.field(result.date.iso)
            out.field(result.scale)
            out.field(result.level)
            out.field(result.firstAttempt)
            out.endRow()
        }
    }

    private func writeCourses(_ simulation: DistrictSimulation, _ courses: [SimCourse], _ out: CSVWriter) {
        for course in courses {
            let passed = course.mark.map { $0 != .f && $0 != .noPass && $0 != .incomplete && $0 != .withdrawn } ?? false
            out.field(profile.code)
            out.field(simulation.id(course.student))
            out.field(simulation.year)
            out.field(simulation.schools.entries[simulation.currentSchool[course.student]].school.code)
            out.field(course.term.rawValue)
            out.field(course.code)
            out.field(course.title)
            out.field(course.area?.rawValue)
            out.field(course.isAP)
            out.field(course.isHonors)
            out.field(Grade(course.grade)!.code)
            out.field(course.mark?.rawValue)
            if course.grade >= 9 {
                out.field("5.0")
                out.field(passed ? "5.0" : "0.0")
            } else {
                out.empty()
                out.empty()
            }
            out.endRow()
        }
    }
}

extension DemoGenerator {
    /// The demo partnership's own indicator definitions (added to the built-in library): a file, like any
    /// partnership's, read with `IndicatorLibraryFile`.
    public static var indicatorDefinitions: (data: Data, file: String) {
        get throws {
            guard let url = Bundle.module.url(forResource: "demo-indicators", withExtension: "json") else {
                throw CocoaError(.fileNoSuchFile)
            }
            return (try Data(contentsOf: url), "demo-indicators.json")
        }
    }
}
