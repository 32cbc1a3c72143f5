import Foundation
import TandemAdapters
import TandemContract
import Testing

/// `tandem convert csv` with the committed SDP example mapping on the synthetic SDP fixture
/// (`Tests/Fixtures/sdp`): each source row is there for one rule; every expected value by hand.
@Suite struct CSVMappingTests {
    let converted: (rows: ContractRows, report: ConversionReport)

    init() throws {
        converted = try CSVMappingAdapter(mapping: CSVMapping.read(path: Fixtures.sdpMapping)).convert(folder: Fixtures.sdp)
    }

    var rows: ContractRows { converted.rows }
    var report: ConversionReport { converted.report }

    @Test func schoolsAreTheDistinctSchoolCodes() {
        let schools = rows.rows(DataContract.schools, district: "SDP")
        // 14, 15, 9, 10, 12, 13 in order of first appearance; the empty code is dropped.
        #expect(schools.map { $0["school_code"] } == ["14", "15", "9", "10", "12", "13"])
        #expect(schools.first?["school_name"] == "School 14")
        #expect(schools.allSatisfy { $0["district_name"] == "SDP College-Going (synthetic)" })
    }

    @Test func oneStudentPerSidWithTheLatestYearsRace() {
        let students = rows.rows(DataContract.students, district: "SDP")
        #expect(students.map { $0["student_id"] } == ["1", "2", "4", "5", "7"])
        // Student 1 is B in 2004 and H in 2005: the latest is used.
        #expect(students.map { $0["race_ethnicity"] } == ["HI", "WH", "MR", "AI", "WH"])
        // Student 3's latest race "Z" is in no values table: reported, and the student (a required race) dropped.
        let race = report.unmapped(file: "students.csv", column: "race_ethnicity")
        #expect(race.map(\.value) == ["Z"])
        #expect(race.first?.example.description == "Student_Attributes.csv:6")
        #expect(race.first?.outcome == "row dropped")
    }

    @Test func enrollmentsJoinTheSpellCoveringTheCensusDay() {
        func enrollment(_ student: String, _ year: String) -> [String: String]? {
            rows.rows(DataContract.enrollments, district: "SDP").first { $0["student_id"] == student && $0["school_year"] == year }
        }
        // 2004: the summer spell (6/25–7/5/2003) does not cover 10/1/2003; the 8/29/2003 one does.
        #expect(
            enrollment("1", "2004") == [
                "district_code": "SDP", "student_id": "1", "school_year": "2004", "school_code": "14", "grade": "9", "sed": "N", "swd": "U",
                "el_status": "TBD",
            ]
        )
        // 2005: school 14 from 9/2/2004 covers 10/1/2004, not school 15 from 1/28/2005.
        #expect(enrollment("1", "2005")?["school_code"] == "14")
        #expect(enrollment("1", "2005")?["sed"] == "Y")
        #expect(enrollment("2", "2004")?["sed"] == "Y")
        // Student 5 enrolled on 11/15/2004: no spell covers the census day, the latest is used.
        #expect(enrollment("5", "2005")?["school_code"] == "12")
        #expect(rows.rows(DataContract.enrollments, district: "SDP").count == 4)
    }

    @Test func droppedRowsSayWhy() {
        let reasons = Dictionary(uniqueKeysWithValues: report.dropped.map { ("\($0.file): \($0.reason)", $0.count) })
        #expect(
            reasons == [
                "schools.csv: no school_code (the source has none)": 1,
                "students.csv: no race_ethnicity (its value could not be mapped)": 1,
                "enrollments.csv: no row in Student_School_Enrollment.csv for its school_year, sid": 1,
                "enrollments.csv: no school_code (the source has none)": 1,
                "enrollments.csv: no sed (its value could not be mapped)": 1,
                "enrollments.csv: student_id not in students.csv": 1,
            ]
        )
        let sed = report.unmapped(file: "enrollments.csv", column: "sed")
        #expect(sed.map(\.value) == ["X"])
        #expect(sed.first?.example.description == "Student_School_Year.csv:10")
        #expect(report.notes.contains("enrollments.csv swd: \"U\" in every row (a constant of the mapping)"))
        #expect(report.notes.contains { $0.hasPrefix("enrollments.csv: 9 rows of Student_School_Year.csv → 8, one per sid, school_year") })
        #expect(report.tallies["SDP enrollments.csv swd"] == ["U": 4])
    }

    @Test func valuesYearsDatesAndTemplates() throws {
        let source = Fixtures.temporaryPath("extract")
        defer { Fixtures.remove(source) }
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try "code,name\n7,Lincoln,closed\n".write(toFile: source + "/sites.csv", atomically: true, encoding: .utf8)
        try "id,yr,gr,lunch,ell,entered\nA,2010,Fifth grade,free,,9/1/2009\nB,2010,Sixth,paid,yes,13/1/2009\n"
            .write(toFile: source + "/kids.csv", atomically: true, encoding: .utf8)
        let mapping = try decode(
            """
            {"district_code": "D1", "files": [
              {"output": "schools.csv", "source": "sites.csv",
               "columns": {"school_code": {"from": "code"}, "school_name": {"template": "{name} School ({code})"}}},
              {"output": "students.csv", "source": "kids.csv", "columns": {"student_id": {"from": "id"}, "race_ethnicity": {"constant": "NR"}}},
              {"output": "enrollments.csv", "source": "kids.csv", "columns": {
                "student_id": {"from": "id"}, "school_year": {"from": "yr", "year": "starting"}, "school_code": {"constant": "7"},
                "grade": {"from": "gr", "values": {"fifth grade": "5"}}, "sed": {"from": "lunch", "values": {"FREE": "Y", "paid": "N"}},
                "swd": {"constant": "N"}, "el_status": {"from": "ell", "values": {"": "EO", "yes": "EL"}},
                "el_start_date": {"from": "entered", "date_format": "M/d/yyyy"}}}
            ]}
            """
        )
        let (rows, report) = try CSVMappingAdapter(mapping: mapping).convert(folder: source)
        #expect(rows.rows(DataContract.schools, district: "D1").first?["school_name"] == "Lincoln School (7)")
        let enrollments = rows.rows(DataContract.enrollments, district: "D1")
        // Values match ignoring case and spaces; "starting" adds one; "" maps the empty cell.
        #expect(enrollments.count == 1)
        #expect(enrollments.first?["school_year"] == "2011")
        #expect(enrollments.first?["grade"] == "5")
        #expect(enrollments.first?["sed"] == "Y")
        #expect(enrollments.first?["el_status"] == "EO")
        #expect(enrollments.first?["el_start_date"] == "2009-09-01")
        // "Sixth" is in no values table: B's enrollment is dropped; its date 13/1/2009 is no date: reported too.
        #expect(report.unmapped(file: "enrollments.csv", column: "grade").map(\.value) == ["Sixth"])
        #expect(report.unmapped(file: "enrollments.csv", column: "grade").first?.example.description == "kids.csv:3")
        #expect(report.unmapped(file: "enrollments.csv", column: "el_start_date").map(\.outcome) == ["left empty"])
        // A field beyond the header is not lost without a word.
        #expect(report.notes.contains("sites.csv: 1 row has more fields than the header: the extra ones are ignored"))
    }

    @Test func aMissingSourceColumnIsALocatedError() throws {
        let source = try Fixtures.copy(Fixtures.sdp)
        defer { Fixtures.remove(source) }
        try "sid,school_year,grade_level\n1,2004,9\n".write(toFile: source + "/Student_School_Year.csv", atomically: true, encoding: .utf8)
        #expect {
            try CSVMappingAdapter(mapping: CSVMapping.read(path: Fixtures.sdpMapping)).convert(folder: source)
        } throws: { error in
            (error as? ConversionError)?.description
                == "Student_School_Year.csv:1: no column \"frpl\" (the mapping's enrollments.csv reads it); the header has sid, school_year, grade_level"
        }
    }

    @Test func mappingProblemsNameTheField() throws {
        func problem(_ json: String) -> String? {
            do {
                _ = try decode(json)
                return nil
            } catch {
                return (error as? MappingProblem)?.description
            }
        }
        let base = #""district_code": "D1", "files": [{"output": "schools.csv", "source": "s.csv", "columns": "#
        #expect(
            problem("{\(base){\"school_code\": {\"from\": \"c\"}, \"school_name\": {\"constnat\": \"x\"}}}]}")?
                .hasPrefix("map.json: files[0].columns.school_name.constnat: is not a field of a mapping") == true
        )
        #expect(
            problem("{\(base){\"school_code\": {\"from\": \"c\"}, \"school_name\": {\"from\": \"n\", \"constant\": \"x\"}}}]}")
                == "map.json: files[schools.csv].columns.school_name: needs exactly one of from, constant, template"
        )
        #expect(
            problem("{\(base){\"school_code\": {\"from\": \"c\"}}}]}")
                == "map.json: files[schools.csv].columns: school_name is required in schools.csv and has no rule"
        )
        #expect(
            problem("{\(base){\"school_code\": {\"from\": \"c\"}, \"school_name\": {\"from\": \"n\"}}}]}")
                == "map.json: files: has no rule for students.csv (required in every district folder)"
        )
        #expect(problem("[1]") == "map.json: (file): has the wrong type")
    }

    /// A mapping from JSON text, read and checked as `CSVMapping.read` does.
    func decode(_ json: String) throws -> CSVMapping {
        let path = Fixtures.temporaryPath("map")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { Fixtures.remove(path) }
        try json.write(toFile: path + "/map.json", atomically: true, encoding: .utf8)
        return try CSVMapping.read(path: path + "/map.json")
    }
}
