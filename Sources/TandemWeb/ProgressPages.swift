import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// The partnership's framework and the districts' targets: the stakeholder summary of progress toward
/// the goals, a district's (or school's) targets with their status, the targets form of a district's
/// data steward, and the framework page. Statuses come from `ResultsView`, so a reader who may not see
/// a value sees "no data" for it, never a status that hints at it.
struct ProgressPages: Sendable {
    let pages: Pages
    let frameworks: FrameworkService
    let targets: TargetService

    // MARK: - The stakeholder summary

    /// Per goal, each indicator's current district-level all-students target in each district (one whose
    /// target year is the latest computed year or later: a target that ended years ago would read as news),
    /// judged in the latest year with a value. Prints on its own (print stylesheet), suppressed as the
    /// reader's audience.
    func summary(_ results: ResultsView) async throws -> HTML {
        guard let framework = try await frameworks.current() else {
            throw HTTPError(.notFound, message: "The partnership has no framework yet: the partnership admin imports it on the framework page.")
        }
        var stored: [StoredTarget] = []
        for district in results.districts { stored += try await targets.targets(district: district.code) }
        let progress = try await results.progress(
            of:
                stored
                .filter {
                    $0.target.school == nil && $0.target.group == .all && Self.isCurrent($0.target, results)
                        && results.indicator($0.target.indicator) != nil
                }
        )
        var model = pages.layout(results, title: "Progress toward the goals")
        model["purpose"] = framework.purpose
        model["districts"] = results.districts.enumerated().map { ["name": $1.name, "code": $1.code, "swatch": Chart.swatch($0)] }
        model["goals"] = framework.goals.map { goal -> [String: Any] in
            let rows = goal.indicators.compactMap { id -> [String: Any]? in
                guard let indicator = results.indicator(id) else { return nil }
                let cells = results.districts.map { district -> [String: Any] in
                    let mine = progress.filter { $0.target.indicator == id && $0.target.district == district.code }
                    guard let latest = mine.max(by: { $0.target.year < $1.target.year }) else {
                        guard let latest = Self.latestValue(results, id, district.code) else { return ["hasTarget": false, "value": "–"] }
                        return ["hasTarget": false, "value": latest.text, "year": schoolYearLabel(latest.year)]
                    }
                    return Self.cell(latest, minimumGroupSize: results.minimumGroupSize)
                }
                return ["id": id, "name": indicator.name, "cells": cells]
            }
            return ["id": goal.id, "title": goal.title, "rows": rows, "hasRows": !rows.isEmpty]
        }
        model["statusRules"] = Self.statusRules
        return try pages.render("progress", model)
    }

    // MARK: - A district's targets (the superintendent's evaluation page)

    func district(_ code: String, school: String?, _ results: ResultsView) async throws -> HTML {
        guard let district = results.district(code) else { throw HTTPError(.notFound, message: "There is no district \"\(code)\".") }
        var stored = try await targets.targets(district: code).filter { results.indicator($0.target.indicator) != nil }
        var heading = "\(district.name): targets and progress"
        if let school {
            guard let name = try await results.schools(district: code).first(where: { $0.code == school })?.name else {
                throw HTTPError(.notFound, message: "\(district.name) has no school \"\(school)\" with values.")
            }
            stored = stored.filter { $0.target.school == school }
            heading = "\(name), \(district.name): targets and progress"
        }
        let progress = try await results.progress(of: stored)
        let rows = progress.map { Self.row($0, results) }
        // What is off track now: current targets only (an ended target's final status stays in the table).
        let offTrack = zip(progress, rows).filter {
            Self.isCurrent($0.0.target, results) && $0.1["status"] as? String == TargetStatus.offTrack.rawValue
        }.map(\.1)
        var model = pages.layout(results, title: heading)
        model["heading"] = heading
        model["district"] = district.code
        model["rows"] = rows
        model["count"] = rows.count
        model["offTrack"] = offTrack
        model["hasOffTrack"] = !offTrack.isEmpty
        model["latestYear"] = results.years.last.map(schoolYearLabel) ?? ""
        model["statusRules"] = Self.statusRules
        model["mayEdit"] = results.identity?.maySetTargets(of: code) == true
        return try pages.render("district-progress", model)
    }

    // MARK: - Shared pieces

    static let statusRules = [
        "Met: the latest value is at or past the target value.",
        "On track: not there yet, but at or past the straight line from the base year's value to the target in the target year.",
        "Off track: behind that line (in the target year: short of the target).",
        "No data: the value, or the base year's value, is missing or hidden from you by the small-group rule.",
        "Values are compared as shown, rounded to a tenth (percent, or points from the standard). For a gap target the gap to all students is what is judged.",
    ]

    /// A current target runs to the latest computed year or beyond; one that ended earlier is history.
    static func isCurrent(_ target: Target, _ results: ResultsView) -> Bool {
        target.year >= results.years.last ?? .max
    }

    /// The latest year's value this reader may see, and its year (Algebra 1 in grade 8 ends with the CST).
    static func latestValue(_ results: ResultsView, _ indicator: String, _ district: String) -> (text: String, year: Int)? {
        for year in results.years.reversed() {
            if let text = results.value(indicator, district: district, year: year)?.text { return (text, year) }
        }
        return nil
    }

    /// One summary cell: the status (word and class), the value with n, and the rule.
    static func cell(_ progress: TargetProgress, minimumGroupSize: Int) -> [String: Any] {
        let current = progress.current
        let status = current?.judgement.status ?? .noData
        var cell: [String: Any] = ["hasTarget": true, "status": status.rawValue, "statusLabel": status.label, "rule": progress.rule]
        let shown = Pages.cell(current?.value, minimumGroupSize: minimumGroupSize)
        cell["value"] = shown["rate"]
        cell["detail"] = shown["detail"]
        if let current { cell["year"] = schoolYearLabel(current.year) }
        return cell
    }

    /// One row of a district's targets table.
    static func row(_ progress: TargetProgress, _ results: ResultsView) -> [String: Any] {
        let target = progress.target
        var row = cell(progress, minimumGroupSize: results.minimumGroupSize)
        let isGap = if case .closeGap = target.rule { true } else { false }
        func number(_ value: Double?) -> String {
            value.map { isGap ? "\(Measure.tenth($0)) \(target.measure.differenceUnit) gap" : target.measure.text($0) } ?? "–"
        }
        row["indicator"] = results.indicator(target.indicator)?.name ?? target.indicator
        row["indicatorID"] = target.indicator
        row["place"] = target.school.map { "School \($0)" } ?? "District"
        row["school"] = target.school ?? ""
        row["group"] = target.group.title
        row["groupID"] = target.group.rawValue
        row["targetYear"] = target.year
        row["baseYear"] = target.baseYear
        row["by"] = schoolYearLabel(target.year)
        row["base"] = Pages.cell(progress.base, minimumGroupSize: results.minimumGroupSize)["rate"]
        row["wanted"] = number(progress.current?.judgement.wanted)
        row["line"] = number(progress.current?.judgement.trajectory)
        row["measured"] = number(progress.current?.judgement.measured)
        row["cascaded"] = progress.stored.cascaded
        row["setBy"] = progress.stored.setBy
        row["years"] = progress.years.map { year -> [String: Any] in
            [
                "year": schoolYearLabel(year.year), "status": year.judgement.status.rawValue, "statusLabel": year.judgement.status.label,
                "value": Pages.cell(year.value, minimumGroupSize: results.minimumGroupSize)["detail"] ?? "",
                "line": number(year.judgement.trajectory),
            ]
        }
        row["historyHref"] =
            "/districts/\(Pages.path(target.district))/targets/history?indicator=\(Pages.queryValue(target.indicator))"
            + "&school=\(Pages.queryValue(target.school ?? ""))&group=\(target.group.rawValue)&year=\(target.year)"
        return row
    }
}
