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
        var model = pages.layout(results, title: "Students of \(schoolName)")
        model["heading"] = "Students of \(schoolName), \(schoolYearLabel(year))"
        model["district"] = district
        model["schoolHref"] = "/districts/\(Pages.path(district))/schools/\(Pages.path(school))"
        model["school"] = schoolName
        model["count"] = entries.count.grouped
        model["years"] = pages.yearOptions(results, selected: year)
        model["csv"] = "/districts/\(Pages.path(district))/schools/\(Pages.path(school))/students.csv?year=\(year)"
        model["students"] = entries.map { entry -> [String: Any] in
            let groups = [entry.sed ? "SED" : nil, entry.swd ? "SWD" : nil, entry.homeless ? "Homeless" : nil, entry.foster ? "Foster" : nil]
            return [
                "id": entry.studentID, "grade": Grade(entry.grade)?.code ?? String(entry.grade), "gender": entry.gender ?? "",
                "race": entry.raceEthnicity, "el": entry.elStatus, "groups": groups.compactMap { $0 }.joined(separator: ", "),
            ]
        }
        return try pages.render("students", model)
    }

    func rosterCSV(_ gate: StudentRecordsGate, district: String, school: String, _ query: Parameters) async throws -> CSVFile {
        let (_, _, year) = try await rosterScope(gate, district: district, school: school, query)
        let entries = try await gate.roster(district: district, school: school, year: year, via: "CSV download")
        let flag = { (value: Bool) in value ? "Y" : "N" }
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
                        district, school, String(year), $0.studentID, Grade($0.grade)?.code ?? String($0.grade), $0.gender ?? "", $0.raceEthnicity,
                        $0.elStatus, flag($0.sed), flag($0.swd), flag($0.homeless), flag($0.foster),
                    ]
                }
        )
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
