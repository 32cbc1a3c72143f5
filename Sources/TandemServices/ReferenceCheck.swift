import Foundation
import TandemContract
import TandemPorts

/// Checks what a single file cannot: that every school and student a row names exists, in this load or
/// already stored for the district, and that CST/CAASPP/CELDT/ELPAC results say which grade was tested.
/// Also counts results with no enrollment row for their year (they count at district level only).
struct ReferenceCheck: Sendable {
    let store: any TandemStore
    let district: String
    let files: [ParsedFile]

    struct Outcome: Sendable {
        var errors = IssueLog()
        /// Rows without an enrollment row for their year, by file, year and grade.
        var withoutEnrollment: [Place: Int] = [:]

        struct Place: Hashable, Sendable {
            let file: String
            let year: Int32
            let grade: Int32
        }

        var tally: [RowsWithoutEnrollment] {
            withoutEnrollment.map {
                RowsWithoutEnrollment(
                    file: $0.key.file,
                    year: Int($0.key.year),
                    grade: $0.key.grade == ColumnValues.missingInteger ? nil : Int($0.key.grade),
                    rows: $0.value
                )
            }
            .sorted()
        }
    }

    /// Tests whose results the contract requires a `grade_tested` for.
    static let gradedTests: Set<String> = ["CST", "CAASPP", "CELDT", "ELPAC"]

    func run() async throws -> Outcome {
        let file = { (name: String) in files.first { $0.spec.fileName == name } }
        let loadedYears = Set(file("enrollments.csv")?.years ?? [])
        let stored = try await storedReferences(excludingEnrollmentYears: loadedYears)

        var schools = stored.schools
        if let schoolFile = file("schools.csv"), case .text(let codes) = schoolFile.column("school_code") {
            for row in 0..<schoolFile.rowCount { schools.insert(codes.string(row) ?? "") }
        }
        var students = stored.students
        if let studentFile = file("students.csv"), case .text(let ids) = studentFile.column("student_id") {
            for row in 0..<studentFile.rowCount {
                let id = ids.string(row) ?? ""
                if students[id] == nil { students[id] = Int32(students.count) }
            }
        }
        var enrolled = Set<Int64>()
        for (id, year) in stored.enrollments {
            if let index = students[id] { enrolled.insert(Int64(index) << 16 | Int64(year)) }
        }
        if let enrollmentFile = file("enrollments.csv"),
            case .text(let ids) = enrollmentFile.column("student_id"),
            case .integer(let years) = enrollmentFile.column("school_year")
        {
            for row in 0..<enrollmentFile.rowCount {
                if let index = students[ids.string(row) ?? ""] { enrolled.insert(Int64(index) << 16 | Int64(years[row])) }
            }
        }

        let context = Context(district: district, schools: schools, students: students, enrolled: enrolled)
        let checked = files.filter { $0.spec.columnIndex("student_id") != nil && $0.spec.fileName != "students.csv" }
        return await withTaskGroup(of: Outcome.self) { group in
            for file in checked { group.addTask { context.check(file) } }
            var total = Outcome()
            for await outcome in group {
                total.errors.merge(outcome.errors)
                total.withoutEnrollment.merge(outcome.withoutEnrollment, uniquingKeysWith: +)
            }
            return total
        }
    }

    private func storedReferences(excludingEnrollmentYears years: Set<Int>) async throws -> ReferenceKeys {
        try await store.read { [district] in try $0.referenceKeys(district: district, excludingEnrollmentYears: years) }
    }

    private struct Context: Sendable {
        let district: String
        let schools: Set<String>
        let students: [String: Int32]
        let enrolled: Set<Int64>

        func check(_ file: ParsedFile) -> Outcome {
            var outcome = Outcome()
            let name = file.spec.fileName
            guard case .text(let ids) = file.column("student_id") else { return outcome }
            var schoolCodes: TextColumn?
            if file.spec.columnIndex("school_code") != nil, case .text(let codes) = file.column("school_code") { schoolCodes = codes }
            var years: [Int32]?
            if file.spec.columnIndex("school_year") != nil, case .integer(let values) = file.column("school_year") { years = values }
            let countsEnrollment = name == "assessments.csv" || name == "courses.csv"
            // The grade a row was in: tested (assessments) or taking the course (courses).
            var grades: [Int32]?
            if let column = ["grade_tested", "grade_level"].first(where: { file.spec.columnIndex($0) != nil }),
                case .integer(let values) = file.column(column)
            {
                grades = values
            }
            var tests: TextColumn?
            var gradesTested: [Int32]?
            if name == "assessments.csv", case .text(let column) = file.column("test"), case .integer(let grades) = file.column("grade_tested") {
                tests = column
                gradesTested = grades
            }

            for row in 0..<file.rowCount {
                let line = Int(file.lines[row])
                let id = ids.string(row) ?? ""
                let index = students[id]
                if index == nil {
                    outcome.errors.add(
                        ImportIssue(
                            file: name,
                            line: line,
                            column: "student_id",
                            message: "student \"\(id)\" is not in students.csv nor already loaded for \(district)"
                        )
                    )
                }
                if let schoolCodes {
                    let code = schoolCodes.string(row) ?? ""
                    if !schools.contains(code) {
                        outcome.errors.add(
                            ImportIssue(
                                file: name,
                                line: line,
                                column: "school_code",
                                message: "school \"\(code)\" is not in schools.csv nor already loaded for \(district)"
                            )
                        )
                    }
                }
                if countsEnrollment, let index, let years, !enrolled.contains(Int64(index) << 16 | Int64(years[row])) {
                    let place = Outcome.Place(file: name, year: years[row], grade: grades?[row] ?? ColumnValues.missingInteger)
                    outcome.withoutEnrollment[place, default: 0] += 1
                }
                if let tests, let gradesTested, gradesTested[row] == ColumnValues.missingInteger,
                    let test = tests.string(row), ReferenceCheck.gradedTests.contains(test.uppercased())
                {
                    outcome.errors.add(
                        ImportIssue(
                            file: name,
                            line: line,
                            column: "grade_tested",
                            message: "a value is required for \(test) results"
                        )
                    )
                }
            }
            return outcome
        }
    }
}
