import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// One district or one school: every indicator over the years, for a student group, with links down to
/// the district's schools.
extension Pages {
    func district(_ code: String, _ query: Parameters, _ results: ResultsView) async throws -> HTML {
        guard let district = results.district(code) else { throw HTTPError(.notFound, message: "There is no district \"\(code)\".") }
        let group = try group(query)
        let years = try yearRange(query, results)
        var model = try await placeModel(results, district: district, school: nil, group: group, years: years)
        let schools = try await results.schools(district: district.code)
        model["hasSchools"] = !schools.isEmpty
        model["schools"] = schools.map {
            ["name": $0.name, "href": "/districts/\(Self.path(district.code))/schools/\(Self.path($0.code))?\(model["query"] as! String)"]
        }
        return try render("place", model)
    }

    func school(_ code: String, district districtCode: String, _ query: Parameters, _ results: ResultsView) async throws -> HTML {
        guard let district = results.district(districtCode) else { throw HTTPError(.notFound, message: "There is no district \"\(districtCode)\".") }
        guard let school = try await results.schools(district: district.code).first(where: { $0.code == code }) else {
            throw HTTPError(.notFound, message: "\(district.name) has no school \"\(code)\" with values.")
        }
        let group = try group(query)
        let years = try yearRange(query, results)
        var model = try await placeModel(results, district: district, school: school, group: group, years: years)
        if results.identity?.maySeeStudents(district: district.code, school: school.code) == true {
            model["studentsHref"] = "/districts/\(Self.path(district.code))/schools/\(Self.path(school.code))/students"
        }
        return try render("place", model)
    }

    /// `from` and `to`: the first and last school year the table shows (default: every year with values).
    func yearRange(_ query: Parameters, _ results: ResultsView) throws -> [Int] {
        let first = query["from"] == nil ? results.years.first ?? 0 : try year(query, results, name: "from")
        let last = try year(query, results, name: "to")
        guard first <= last else { throw HTTPError(.badRequest, message: "The first year shown must not come after the last.") }
        return results.years.filter { (first...last).contains($0) }
    }

    private func placeModel(
        _ results: ResultsView,
        district: DistrictInfo,
        school: SchoolInfo?,
        group: StudentGroup,
        years: [Int]
    ) async throws -> [String: Any] {
        let values = try await results.placeValues(district: district.code, school: school?.code, group: group)
        let colour = Chart.colour(results.districts.firstIndex(of: district) ?? 0)
        let title = school.map { "\($0.name), \(district.name)" } ?? district.name
        var model = layout(results, title: title)
        model["heading"] = title
        model["district"] = district.name
        let query = "group=\(group.rawValue)&from=\(years.first ?? 0)&to=\(years.last ?? 0)"
        model["districtHref"] = school == nil ? nil : "/districts/\(Self.path(district.code))?\(query)"
        model["groupLabel"] = group.title
        model["groups"] = groupOptions(selected: group)
        model["fromYears"] = yearOptions(results, selected: years.first ?? 0).reversed() as [[String: Any]]
        model["toYears"] = yearOptions(results, selected: years.last ?? 0)
        model["query"] = query
        model["header"] = years.map(schoolYearLabel)
        let judged = try await targetStatuses(results, district: district.code, school: school?.code, group: group)
        model["hasTargets"] = !judged.isEmpty
        model["progressHref"] = "/progress/districts/\(Self.path(district.code))" + (school.map { "/schools/\(Self.path($0.code))" } ?? "")
        model["rows"] = results.indicators.compactMap { indicator -> [String: Any]? in
            guard let series = values[indicator.id] else { return nil }
            return [
                "id": indicator.id, "name": indicator.name,
                "cells": years.map { year in
                    var cell = Self.cell(series[year], minimumGroupSize: results.minimumGroupSize)
                    if let (status, rule) = judged["\(indicator.id) \(year)"] {
                        cell["targetStatus"] = status.rawValue
                        cell["target"] = status.label
                        cell["targetRule"] = rule
                    }
                    return cell
                },
                "sparkline": Chart.sparkline(
                    years.map { series[$0]?.shown },
                    colour: colour,
                    label: "\(title): \(indicator.name) by year",
                    measure: indicator.measure
                ),
            ]
        }
        return model
    }

    /// Each (indicator, year) of this place and group that a target covers: its status and rule. Where
    /// two targets cover a year, the one ending first speaks for it.
    func targetStatuses(
        _ results: ResultsView,
        district: String,
        school: String?,
        group: StudentGroup
    ) async throws -> [String: (TargetStatus, String)] {
        let mine = try await targets.targets(district: district).filter { $0.target.school == school && $0.target.group == group }
        var statuses: [String: (TargetStatus, String)] = [:]
        for progress in try await results.progress(of: mine).sorted(by: { $0.target.year > $1.target.year }) {
            for year in progress.years { statuses["\(progress.target.indicator) \(year.year)"] = (year.judgement.status, progress.rule) }
        }
        return statuses
    }

    /// A path segment, percent-encoded (codes are opaque strings).
    static func path(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? segment
    }

    /// Text as one value of a query string (everything but letters and digits encoded).
    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
