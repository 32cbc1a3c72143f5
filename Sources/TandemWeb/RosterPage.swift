import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// A school's roster: the students enrolled in a year, with their grade and groups. Student-level, so it
/// is reached only through the person's `StudentRecordsGate` (scope checked, every look audited) and is
/// never cached.
extension AccountPages {
    func roster(_ gate: StudentRecordsGate, district: String, school: String, _ query: Parameters) async throws -> HTML {
        let (results, schoolName, year) = try await rosterScope(gate, district: district, school: school, query)
        let entries = try await gate.roster(district: district, school: school, year: year, via: "web page")
        let page = RosterPage(
            layout: PageLayout(results.frame, title: "Students of \(schoolName)", navigation: pages.navigation),
            heading: "Students of \(schoolName), \(schoolYearLabel(year))",
            district: district,
            schoolHref: "/districts/\(Pages.path(district))/schools/\(Pages.path(school))",
            school: schoolName,
            count: entries.count.grouped,
            years: FilterOption.years(results.years, selected: year),
            csv: "/districts/\(Pages.path(district))/schools/\(Pages.path(school))/students.csv?year=\(year)",
            students: entries.map { entry in
                let groups = [
                    Self.known(entry.sed, "SED"), Self.known(entry.swd, "SWD"), entry.homeless ? "Homeless" : nil, entry.foster ? "Foster" : nil,
                ]
                return RosterPage.Student(
                    id: entry.studentID,
                    grade: Grade(entry.grade)?.code ?? String(entry.grade),
                    gender: entry.gender?.rawValue ?? "",
                    race: entry.raceEthnicity.rawValue,
                    el: entry.elStatus.rawValue,
                    groups: groups.compactMap { $0 }.joined(separator: ", ")
                )
            }
        )
        return try pages.render("students", page)
    }

    func rosterCSV(_ gate: StudentRecordsGate, district: String, school: String, _ query: Parameters) async throws -> CSVFile {
        let (_, _, year) = try await rosterScope(gate, district: district, school: school, query)
        let entries = try await gate.roster(district: district, school: school, year: year, via: "CSV download")
        // The contract's spelling, so a downloaded roster loads back as it was: `U` when not known.
        let flag = { (value: Bool?) in value.map { $0 ? "Y" : "N" } ?? "U" }
        return CSVFile(
            name: "students-\(district)-\(school)-\(year).csv",
            rows: [
                [
                    "district_code", "school_code", "school_year", "student_id", "grade", "gender", "race_ethnicity", "el_status", "sed", "swd",
                    "homeless", "foster",
                ]
            ]
                + entries.map {
                    [
                        district, school, String(year), $0.studentID, Grade($0.grade)?.code ?? String($0.grade), $0.gender?.rawValue ?? "",
                        $0.raceEthnicity.rawValue,
                        $0.elStatus.rawValue, flag($0.sed), flag($0.swd), flag($0.homeless), flag($0.foster),
                    ]
                }
        )
    }

    /// A group's name when the student is in it, "… unknown" when the district does not know.
    private static func known(_ value: Bool?, _ group: String) -> String? {
        switch value {
        case true?: group
        case false?: nil
        case nil: "\(group) unknown"
        }
    }

    /// The results for the page's frame, the school's name and the year asked for (default: the latest).
    private func rosterScope(
        _ gate: StudentRecordsGate,
        district: String,
        school: String,
        _ query: Parameters
    ) async throws -> (ResultsView, String, Int) {
        let results = try await pages.results(for: gate.identity)
        guard results.district(district) != nil else { throw HTTPError(.notFound, message: "There is no district \"\(district)\".") }
        guard let name = try await results.schools(district: district).first(where: { $0.code == school })?.name else {
            throw HTTPError(.notFound, message: "\(district) has no school \"\(school)\" with values.")
        }
        return (results, name, try pages.year(query, results))
    }
}

/// A school's roster page: student-level, never cached.
struct RosterPage: Sendable {
    let layout: PageLayout
    let heading: String
    let district: String
    let schoolHref: String
    let school: String
    let count: String
    let years: [FilterOption]
    let csv: String
    let students: [Student]

    struct Student: Sendable {
        let id: String
        let grade: String
        let gender: String
        let race: String
        let el: String
        let groups: String
    }
}
