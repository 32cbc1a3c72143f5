import Foundation
import TandemAdapters
import TandemContract
import Testing

/// `tandem convert edfi` on the synthetic fixture (`Tests/Fixtures/edfi`): two districts, seven students,
/// each there for one mapping rule. Every expected value is worked out by hand from the XML.
@Suite struct EdFiAdapterTests {
    let converted: (rows: ContractRows, report: ConversionReport)

    init() throws { converted = try EdFiAdapter().convert(folder: Fixtures.edfi) }

    var rows: ContractRows { converted.rows }
    var report: ConversionReport { converted.report }

    @Test func oneDistrictPerLocalEducationAgencyWithItsName() {
        #expect(rows.districtCodes == ["255901", "255902"])
        #expect(rows.name(of: "255901") == "Alpha Creek ISD")
        let schools = rows.rows(DataContract.schools, district: "255901")
        #expect(schools.map { $0["school_code"] } == ["255901001", "255901107"])
        #expect(schools.allSatisfy { $0["district_name"] == "Alpha Creek ISD" && $0["district_code"] == "255901" })
        #expect(rows.rows(DataContract.schools, district: "255902").first?["district_name"] == "Beta Lake ISD")
    }

    @Test func schoolCategoriesTypesAndGradeRanges() {
        let schools = Dictionary(
            uniqueKeysWithValues: (rows.rows(DataContract.schools, district: "255901") + rows.rows(DataContract.schools, district: "255902"))
                .map { ($0["school_code"]!, $0) }
        )
        #expect(schools["255901001"]?["school_type"] == "HS")
        #expect(schools["255901001"]?["low_grade"] == "9")
        #expect(schools["255901001"]?["high_grade"] == "12")
        // Preschool has no contract grade: the range is kindergarten to 5, and the preschool is reported.
        #expect(schools["255901107"]?["school_type"] == "ES")
        #expect(schools["255901107"]?["low_grade"] == "KN")
        #expect(schools["255901107"]?["high_grade"] == "5")
        // SchoolType Alternative overrides the Middle School category.
        #expect(schools["255902044"]?["school_type"] == "ALT")
        #expect(report.unmapped(file: "schools.csv", column: "low_grade, high_grade").map(\.value) == ["Preschool/Prekindergarten"])
    }

    @Test func sexRaceAndHispanicEthnicity() {
        func student(_ id: String, _ district: String = "255901") -> [String: String]? {
            rows.row(DataContract.students, district: district, student: id)
        }
        // Hispanic first, whatever the race; two races MR; "Other" has no contract race: NR, reported.
        #expect(student("1001")?["race_ethnicity"] == "HI")
        #expect(student("1001")?["gender"] == "F")
        #expect(student("1001")?["birth_year"] == "2011")
        #expect(student("1002")?["race_ethnicity"] == "MR")
        #expect(student("1003")?["race_ethnicity"] == "AA")
        #expect(student("1004")?["race_ethnicity"] == "NR")
        #expect(student("1005")?["race_ethnicity"] == "WH")
        #expect(student("2001", "255902")?["race_ethnicity"] == "PI")
        // "Not Selected" is the student's choice not to say: no gender, and not an unmapped value.
        #expect(student("2002", "255902")?["gender"] == nil)
        #expect(report.unmapped(file: "students.csv", column: "gender").isEmpty)
        let other = report.unmapped(file: "students.csv", column: "race_ethnicity")
        #expect(other.count == 1)
        #expect(other.first?.value == "Other")
        #expect(other.first?.count == 1)
        #expect(other.first?.outcome == "written as NR")
        // The SEOA of student 1004 starts on line 82 of the fixture.
        #expect(other.first?.example.description == "StudentEnrollment.xml:82")
    }

    @Test func gradesCharacteristicsProgramsAndUnknowns() {
        func enrollment(_ id: String, _ district: String = "255901") -> [String: String]? {
            rows.row(DataContract.enrollments, district: district, student: id)
        }
        // 1001: economic disadvantage characteristic, LEP Limited.
        #expect(enrollment("1001") == enrollmentRow("1001", "255901107", "5", sed: "Y", swd: "N", el: "EL"))
        // 1002: a special-education program and nothing else: sed N (a record, without the characteristic).
        #expect(enrollment("1002") == enrollmentRow("1002", "255901107", "KN", sed: "N", swd: "Y", el: "EO"))
        // 1003: sex and race only: nothing is known about sed, swd or English.
        #expect(enrollment("1003") == enrollmentRow("1003", "255901001", "9", sed: "U", swd: "U", el: "TBD"))
        // 1004: two schools in the year; the one covering October 1 is the enrollment; free lunch is sed,
        // the Homeless characteristic is homeless.
        #expect(enrollment("1004") == enrollmentRow("1004", "255901001", "12", sed: "Y", swd: "N", el: "EO", homeless: "Y"))
        // 1005: a preschooler: no contract grade, so no enrollment (the student is still written).
        #expect(enrollment("1005") == nil)
        #expect(rows.row(DataContract.students, district: "255901", student: "1005") != nil)
        // 2001: NotLimited with a home language other than English is IFEP.
        #expect(enrollment("2001", "255902") == enrollmentRow("2001", "255902044", "6", sed: "N", swd: "N", el: "IFEP", district: "255902"))
        #expect(enrollment("2002", "255902") == enrollmentRow("2002", "255902044", "8", sed: "U", swd: "U", el: "TBD", district: "255902"))
        #expect(rows.rows(DataContract.enrollments, district: "255901").count == 4)
    }

    /// Student 1004 was at the elementary school from 2021-08-23 to 2021-09-15: with a census day of
    /// September 1 that association is the enrollment (its grade, Eleventh grade, as entered).
    @Test func theCensusDayChoosesAmongAssociations() throws {
        var adapter = EdFiAdapter()
        (adapter.censusMonth, adapter.censusDay) = (9, 1)
        let rows = try adapter.convert(folder: Fixtures.edfi).rows
        let enrollment = rows.row(DataContract.enrollments, district: "255901", student: "1004")
        #expect(enrollment?["school_code"] == "255901107")
        #expect(enrollment?["grade"] == "11")
    }

    func enrollmentRow(
        _ student: String,
        _ school: String,
        _ grade: String,
        sed: String,
        swd: String,
        el: String,
        homeless: String = "N",
        district: String = "255901"
    ) -> [String: String] {
        [
            "district_code": district, "student_id": student, "school_year": "2022", "school_code": school, "grade": grade,
            "sed": sed, "swd": swd, "el_status": el, "homeless": homeless, "foster": "N",
        ]
    }

    @Test func theReportCountsWhatCouldNotBeMapped() {
        let grade = report.unmapped(file: "enrollments.csv", column: "grade")
        #expect(grade.map(\.value) == ["Preschool/Prekindergarten"])
        #expect(grade.first?.outcome == "row dropped")
        // The preschooler's StudentSchoolAssociation starts on line 34.
        #expect(grade.first?.example.description == "StudentEnrollment.xml:34")
        #expect(report.dropped.map(\.reason) == ["no grade (its value could not be mapped)"])
        #expect(report.droppedRows == 1)
        // 1001 and 1004 Y, 1002 N, 1003 U; 2001 N, 2002 U.
        #expect(report.tallies["255901 enrollments.csv sed"] == ["Y": 2, "N": 1, "U": 1])
        #expect(report.tallies["255902 enrollments.csv sed"] == ["N": 1, "U": 1])
        #expect(report.tallies["255901 enrollments.csv el_status"] == ["EL": 1, "EO": 2, "TBD": 1])
        #expect(report.tallies["255902 enrollments.csv el_status"] == ["IFEP": 1, "TBD": 1])
        #expect(report.notes.contains { $0.hasPrefix("Descriptors.xml (InterchangeDescriptors)") })
        #expect(report.notes.contains("StudentCharacteristic \"immigrant\" × 1: no contract column; not converted"))
        #expect(report.notes.contains("program \"Migrant Education\" × 1: no contract column; not converted"))
        #expect(report.notes.contains { $0.hasPrefix("2 students have no characteristic") })
        // Student 1004's transfer in 2021–22.
        #expect(report.notes.contains { $0.hasPrefix("1 student-year has several school associations") })
        #expect(report.text.contains("enrollments.csv grade: \"Preschool/Prekindergarten\" × 1, row dropped; first at StudentEnrollment.xml:34"))
    }

    @Test func malformedXMLIsALocatedErrorAndNothingIsConverted() throws {
        let source = try Fixtures.copy(Fixtures.edfi)
        defer { Fixtures.remove(source) }
        let file = (source as NSString).appendingPathComponent("Student.xml")
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "<StudentUniqueId>1003</StudentUniqueId>", with: "<StudentUniqueId>1003</StudentId>")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        #expect {
            try EdFiAdapter().convert(folder: source)
        } throws: { error in
            guard let error = error as? ConversionError else { return false }
            // The mismatched end tag is on line 14.
            return error.file == "Student.xml" && error.line == 14 && error.description.hasPrefix("Student.xml:14: not well-formed XML")
        }
    }
}
