import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// One indicator: its trend per district, the student-group gaps, the schools, and — for a grade-based
/// indicator — a matched cohort beside the cross-sectional line.
extension Pages {
    func indicator(_ id: String, _ query: Parameters, _ results: ResultsView) async throws -> HTML {
        let indicator = try indicator(id, results)
        let year = try year(query, results)
        let group = try group(query)
        var model = layout(results, title: indicator.name)
        model["indicator"] = indicator.name
        model["id"] = indicator.id
        model["year"] = schoolYearLabel(year)
        model["groupLabel"] = group.title
        model["years"] = yearOptions(results, selected: year)
        model["groups"] = groupOptions(selected: group)
        model["query"] = "year=\(year)&group=\(group.rawValue)"

        // Trend; for English-learner groups, the stable EVER_EL beside the shifting EL (dashed).
        let span = Self.yearsWithValues(results, indicator.id, group: group)
        var trend = trendSeries(results, indicator.id, group: group, years: span)
        var trendTitle = "\(indicator.name), \(group.title), by year"
        if let partner = Self.englishLearnerPartner(group) {
            trend += trendSeries(results, indicator.id, group: partner, years: span).map { line in
                var dashed = line
                dashed.name += ", \(partner.title)"
                dashed.dashed = true
                return dashed
            }
            trendTitle += " (dashed: \(partner.title))"
            model["partnerNote"] =
                "Dashed lines: \(partner.title). EL shrinks as students are reclassified; EVER_EL (EL or RFEP) does not, so the two together show the reclassification effect."
        }
        model["trendChart"] = Chart.lines(id: "trend", title: trendTitle, xLabel: "school year", series: trend, measure: indicator.measure)
        model["trendHeader"] = span.map(schoolYearLabel)
        model["trendRows"] = results.districts.map { district in
            [
                "name": district.name,
                "cells": span.map {
                    Self.cell(
                        results.value(indicator.id, district: district.code, year: $0, group: group),
                        minimumGroupSize: results.minimumGroupSize
                    )
                },
            ]
        }

        // Student groups in the year.
        let groups = StudentGroup.allCases.filter { candidate in
            results.districts.contains { results.value(indicator.id, district: $0.code, year: year, group: candidate) != nil }
        }
        model["groupChart"] = Chart.bars(
            id: "groups",
            title: "\(indicator.name) by student group, \(schoolYearLabel(year))",
            categories: groups.map(\.title),
            series: results.districts.enumerated().map { index, district in
                Chart.Series(
                    name: district.name,
                    colour: Chart.colour(index),
                    points: groups.map { candidate in
                        let value = results.value(indicator.id, district: district.code, year: year, group: candidate)
                        return Chart.Point(
                            x: candidate.title,
                            value: value?.shown,
                            note: Self.note(value, minimumGroupSize: results.minimumGroupSize)
                        )
                    }
                )
            },
            measure: indicator.measure
        )
        model["groupRows"] = groups.map { candidate -> [String: Any] in
            [
                "name": candidate.title,
                "cells": results.districts.map { district -> [String: Any] in
                    let value = results.value(indicator.id, district: district.code, year: year, group: candidate)
                    var cell = Self.cell(value, minimumGroupSize: results.minimumGroupSize)
                    if let shown = value?.shown, let all = results.value(indicator.id, district: district.code, year: year)?.shown, candidate != .all
                    {
                        cell["gap"] = indicator.measure.difference(shown - all)
                    }
                    return cell
                },
            ]
        }

        // Schools in the year.
        var schools: [[SchoolValue]] = []
        for district in results.districts {
            schools.append(try await results.schoolValues(indicator: indicator.id, district: district.code, year: year, group: group))
        }
        model["schoolChart"] = Chart.dots(
            id: "schools",
            title: "\(indicator.name), every school, \(group.title), \(schoolYearLabel(year))",
            series: zip(results.districts, schools).enumerated().map { index, pair in
                Chart.Series(
                    name: pair.0.name,
                    colour: Chart.colour(index),
                    points: pair.1.map { school in
                        Chart.Point(
                            x: school.name,
                            value: school.value.shown,
                            note: Self.note(school.value, minimumGroupSize: results.minimumGroupSize)
                        )
                    }
                )
            },
            measure: indicator.measure
        )
        model["schoolRows"] = zip(results.districts, schools).flatMap { district, values in
            values.map { ["district": district.name, "name": $0.name, "cell": Self.cell($0.value, minimumGroupSize: results.minimumGroupSize)] }
        }

        if indicator.hasCohort, let grade = indicator.grade {
            let start = try self.year(query, results, name: "start")
            model["cohort"] = try await cohortModel(
                results,
                indicator,
                grade: grade,
                start: query["start"] == nil ? results.years.first! : start,
                year: year,
                group: group
            )
        }
        return try render("indicator", model)
    }

    /// The English-learner group shown beside `group`: EVER_EL beside EL, RFEP and LTEL; EL beside EVER_EL.
    static func englishLearnerPartner(_ group: StudentGroup) -> StudentGroup? {
        switch group {
        case .englishLearner, .reclassified, .longTermEnglishLearner: .everEnglishLearner
        case .everEnglishLearner: .englishLearner
        default: nil
        }
    }

    /// Lines per district over every year.
    private func trendSeries(_ results: ResultsView, _ id: String, group: StudentGroup, years: [Int]) -> [Chart.Series] {
        results.districts.enumerated().map { index, district in
            Chart.Series(
                name: district.name,
                colour: Chart.colour(index),
                points: years.map { year in
                    let value = results.value(id, district: district.code, year: year, group: group)
                    return Chart.Point(
                        x: schoolYearLabel(year),
                        value: value?.shown,
                        note: Self.note(value, minimumGroupSize: results.minimumGroupSize)
                    )
                }
            )
        }
    }

    /// The computed years from the first to the last in which some district has a value of the indicator for
    /// the group (every year when none has): leading and trailing empty years are left out, gaps kept, so a
    /// line breaks where a year has no values (spring 2020) instead of joining across it.
    static func yearsWithValues(_ results: ResultsView, _ id: String, group: StudentGroup) -> [Int] {
        let present = results.years.filter { year in
            results.districts.contains { results.value(id, district: $0.code, year: year, group: group) != nil }
        }
        guard let first = present.first, let last = present.last else { return results.years }
        return results.years.filter { (first...last).contains($0) }
    }

    /// The id of the same family's indicator for another grade (`math_prof_g5` → `math_prof_g6`).
    static func sibling(_ id: String, grade: Int, offset: Int) -> String? {
        guard id.hasSuffix("_g\(grade)") else { return nil }
        return String(id.dropLast("\(grade)".count)) + String(grade + offset)
    }

    /// The students in the grade in `start`, followed (solid), beside each later year's students in the
    /// grade they would reach (dashed); and the same cohort's English learners, `EL` beside `EVER_EL`.
    func cohortModel(
        _ results: ResultsView,
        _ indicator: IndicatorInfo,
        grade: Int,
        start: Int,
        year: Int,
        group: StudentGroup
    ) async throws -> [String: Any] {
        let years = results.years.filter { $0 >= start }
        var series: [Chart.Series] = []
        var rows: [[String: Any]] = []
        for (index, district) in results.districts.enumerated() {
            let cohort = try await results.cohortSeries(indicator: indicator.id, district: district.code, startYear: start, group: .all)
            let cross = years.map { year -> PublishedValue? in
                guard let id = Self.sibling(indicator.id, grade: grade, offset: year - start) else { return nil }
                return results.value(id, district: district.code, year: year)
            }
            let cohortPoints = years.map {
                Chart.Point(
                    x: schoolYearLabel($0),
                    value: cohort[$0]?.shown,
                    note: Self.note(cohort[$0], minimumGroupSize: results.minimumGroupSize)
                )
            }
            let crossPoints = zip(years, cross).map {
                Chart.Point(
                    x: schoolYearLabel($0),
                    value: $1?.shown,
                    note: Self.note($1, minimumGroupSize: results.minimumGroupSize)
                )
            }
            series.append(Chart.Series(name: "\(district.name), matched cohort", colour: Chart.colour(index), points: cohortPoints))
            series.append(Chart.Series(name: "\(district.name), each year's grade", colour: Chart.colour(index), points: crossPoints, dashed: true))
            rows.append([
                "name": "\(district.name): the same students",
                "cells": years.map { Self.cell(cohort[$0], minimumGroupSize: results.minimumGroupSize) },
            ])
            rows.append([
                "name": "\(district.name): each year's grade", "cells": cross.map { Self.cell($0, minimumGroupSize: results.minimumGroupSize) },
            ])
            for group in [StudentGroup.englishLearner, .everEnglishLearner] {
                let values = try await results.cohortSeries(indicator: indicator.id, district: district.code, startYear: start, group: group)
                rows.append([
                    "name": "\(district.name): the same students, \(group.title)",
                    "cells": years.map { Self.cell(values[$0], minimumGroupSize: results.minimumGroupSize) },
                ])
            }
        }
        return [
            "start": schoolYearLabel(start), "startValue": start, "grade": grade, "yearValue": year, "groupValue": group.rawValue,
            "starts": results.years.map { ["value": $0, "label": schoolYearLabel($0), "selected": $0 == start] },
            "chart": Chart.lines(
                id: "cohort",
                title: "Grade \(grade) students of \(schoolYearLabel(start)), followed (solid) and each year's grade (dashed)",
                xLabel: "school year",
                series: series
            ),
            "header": years.map(schoolYearLabel), "rows": rows,
        ]
    }

    /// What each chart of the indicator page shows, as CSV: `trend.csv`, `groups.csv`, `schools.csv`, `cohort.csv`.
    func indicatorCSV(_ id: String, chart: String, _ query: Parameters, _ results: ResultsView) async throws -> CSVFile {
        let indicator = try indicator(id, results)
        let header = ["indicator", "school_year", "district_code", "school_code", "group", "numerator", "denominator", "rate", "suppressed"]
        var rows = [header]
        switch chart {
        case "trend.csv":
            let group = try group(query)
            for district in results.districts {
                for year in results.years {
                    guard let value = results.value(indicator.id, district: district.code, year: year, group: group) else { continue }
                    rows.append([indicator.id, String(year), district.code, "", group.rawValue] + Self.csvValue(value))
                }
            }
        case "groups.csv":
            let year = try year(query, results)
            for district in results.districts {
                for group in StudentGroup.allCases {
                    guard let value = results.value(indicator.id, district: district.code, year: year, group: group) else { continue }
                    rows.append([indicator.id, String(year), district.code, "", group.rawValue] + Self.csvValue(value))
                }
            }
        case "schools.csv":
            let year = try year(query, results)
            let group = try group(query)
            for district in results.districts {
                for school in try await results.schoolValues(indicator: indicator.id, district: district.code, year: year, group: group) {
                    rows.append([indicator.id, String(year), district.code, school.code, group.rawValue] + Self.csvValue(school.value))
                }
            }
        case "cohort.csv":
            guard indicator.hasCohort else { throw HTTPError(.notFound, message: "\(indicator.name) has no matched cohorts.") }
            let start = try year(query, results, name: "start")
            rows = [["indicator", "start_year", "school_year", "district_code", "group", "numerator", "denominator", "rate", "suppressed"]]
            for district in results.districts {
                for group in [StudentGroup.all, .englishLearner, .everEnglishLearner] {
                    let series = try await results.cohortSeries(indicator: indicator.id, district: district.code, startYear: start, group: group)
                    for year in series.keys.sorted() {
                        rows.append([indicator.id, String(start), String(year), district.code, group.rawValue] + Self.csvValue(series[year]))
                    }
                }
            }
        default:
            throw HTTPError(.notFound, message: "There is no download \"\(chart)\".")
        }
        return CSVFile(name: "\(indicator.id)-\(chart)", rows: rows)
    }
}
