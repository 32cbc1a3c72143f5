import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// The partnership home: every indicator as a row, districts as columns — the year's value with its n,
/// the change from the year before, and a sparkline of every year.
extension Pages {
    func home(_ query: Parameters, _ results: ResultsView) async throws -> HTML {
        let year = try year(query, results)
        let group = try group(query)
        let rows = results.indicators.map { indicator -> [String: Any] in
            let cells = results.districts.enumerated().map { index, district -> [String: Any] in
                let value = results.value(indicator.id, district: district.code, year: year, group: group)
                var cell = Self.cell(value, minimumGroupSize: results.minimumGroupSize)
                let previous = results.value(indicator.id, district: district.code, year: year - 1, group: group)
                if let now = value?.shown, let before = previous?.shown {
                    let change = now - before
                    cell["change"] =
                        "\(change > 0.05 ? "▲" : change < -0.05 ? "▼" : "▶") \(Measure.tenth(abs(change))) \(indicator.measure.differenceUnit)"
                    cell["changeLabel"] = "\(change >= 0 ? "up" : "down") \(Measure.tenth(abs(change))) points from \(schoolYearLabel(year - 1))"
                }
                let series = results.years.map { results.value(indicator.id, district: district.code, year: $0, group: group)?.shown }
                cell["sparkline"] = Chart.sparkline(
                    series,
                    colour: Chart.colour(index),
                    label: "\(district.name) \(indicator.name), \(schoolYearLabel(results.years.first!)) to \(schoolYearLabel(results.years.last!))",
                    measure: indicator.measure
                )
                return cell
            }
            return ["id": indicator.id, "name": indicator.name, "cells": cells]
        }
        var model = layout(results, title: "Partnership results")
        model["year"] = schoolYearLabel(year)
        model["groupLabel"] = Labels.group(group)
        model["years"] = yearOptions(results, selected: year)
        model["groups"] = groupOptions(selected: group)
        model["districts"] = results.districts.enumerated().map { ["name": $1.name, "code": $1.code, "swatch": Chart.swatch($0)] }
        model["rows"] = rows
        model["query"] = "year=\(year)&group=\(group.rawValue)"
        return try render("home", model)
    }

    /// Exactly what the home table shows, as CSV.
    func homeCSV(_ query: Parameters, _ results: ResultsView) async throws -> CSVFile {
        let year = try year(query, results)
        let group = try group(query)
        var rows = [["indicator", "school_year", "district_code", "group", "numerator", "denominator", "rate", "suppressed"]]
        for indicator in results.indicators {
            for district in results.districts {
                let value = results.value(indicator.id, district: district.code, year: year, group: group)
                guard value != nil else { continue }
                rows.append([indicator.id, String(year), district.code, group.rawValue] + Self.csvValue(value))
            }
        }
        return CSVFile(name: "partnership-\(year)-\(group.rawValue).csv", rows: rows)
    }
}
