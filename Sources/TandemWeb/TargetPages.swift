import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// A district data steward's targets form: add or change a target, remove one, cascade a district target
/// to the schools, and each target's history. Bad input comes back on the page with the reason, and
/// nothing is changed.
extension ProgressPages {
    func targetsForm(
        _ district: String,
        _ session: AccessService.Session,
        problem: String? = nil,
        notice: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let results = try await pages.results(for: session.identity)
        guard results.district(district) != nil else { throw HTTPError(.notFound, message: "There is no district \"\(district)\".") }
        guard session.identity.maySetTargets(of: district) else {
            throw HTTPError(.forbidden, message: "Only \(district)'s data steward sets its targets.")
        }
        let rows = try await results.targetRows(try await targets.targets(district: district))
        let schools = try await results.schools(district: district)
        let page = TargetsFormPage(
            layout: PageLayout(results.frame, title: "Targets of \(district)", navigation: pages.navigation),
            district: district,
            csrf: session.csrfToken,
            problem: problem,
            notice: notice,
            rows: rows.map { TargetLine(target: $0, district: district) },
            indicators: results.indicators.map { FilterOption(value: $0.id, label: $0.name, selected: false) },
            groups: FilterOption.groups(selected: .all),
            schools: [FilterOption(value: "", label: "The district as a whole", selected: false)]
                + schools.map { FilterOption(value: $0.code, label: "\($0.name) (\($0.code))", selected: false) },
            years: results.years.map { FilterOption(value: String($0), label: schoolYearLabel($0), selected: false) },
            statusRules: ResultsView.statusRules
        )
        return try pages.render("targets", page, status: status)
    }

    /// Adds (`mode=add`) or changes (`mode=change`) a target from the form's fields.
    func saveTarget(_ district: String, _ session: AccessService.Session, _ form: Form) async throws -> HTML {
        let target: Target
        do {
            target = try Self.target(district, form, results: try await pages.results(for: session.identity))
        } catch let error as any Refusal {
            return try await targetsForm(district, session, problem: "The target was not saved: \(error.description).", status: .badRequest)
        }
        do {
            if try form.decode(TargetRuleForm.self).mode == .change {
                try await targets.change(target, by: .account(session.identity))
            } else {
                try await targets.add(target, by: .account(session.identity))
            }
        } catch let error as any Refusal {
            return try await targetsForm(district, session, problem: "The target was not saved: \(error.description).", status: error.status)
        }
        return try await targetsForm(district, session, notice: "Saved: \(TargetService.ruleText(target)).")
    }

    func removeOrCascade(_ district: String, _ session: AccessService.Session, _ form: Form, cascade: Bool) async throws -> HTML {
        do {
            let target = try Self.key(district, form)
            if cascade {
                let count = try await targets.cascade(target, by: .account(session.identity))
                return try await targetsForm(district, session, notice: "Cascaded to \(count) schools.")
            }
            try await targets.remove(target, by: .account(session.identity))
            return try await targetsForm(district, session, notice: "Removed.")
        } catch let error as any Refusal {
            return try await targetsForm(district, session, problem: "Nothing was changed: \(error.description).", status: error.status)
        }
    }

    func history(_ district: String, query: String, _ results: ResultsView) async throws -> HTML {
        let key: Target
        do { key = try Self.key(district, Form(query)) } catch let error as any Refusal { throw HTTPError(.badRequest, message: error.description) }
        let changes = try await targets.history(of: key)
        guard !changes.isEmpty else { throw HTTPError(.notFound, message: "This target has no history.") }
        let page = TargetHistoryPage(
            layout: PageLayout(results.frame, title: "History of a target", navigation: pages.navigation),
            district: district,
            what: "\(results.indicator(key.indicator)?.name ?? key.indicator), \(key.school.map { "school \($0)" } ?? district), "
                + "\(key.group.title), \(schoolYearLabel(key.year))",
            changes: changes.map {
                TargetChange(at: $0.at, actor: $0.actor, change: $0.change, before: $0.before ?? "—", after: $0.after ?? "—")
            }
        )
        return try pages.render("target-history", page)
    }

    // MARK: - Reading the form

    /// The key fields (indicator, school, group, year) of a target.
    static func key(_ district: String, _ form: Form) throws -> Target {
        let fields = try form.decode(TargetKeyForm.self)
        guard let indicator = fields.indicator.nonEmpty else { throw InputError("choose an indicator") }
        let groupText = fields.group ?? StudentGroup.all.rawValue
        guard let group = StudentGroup(rawValue: groupText.uppercased()) else { throw InputError("there is no student group \(groupText)") }
        return Target(
            district: district,
            indicator: indicator,
            school: fields.school.nonEmpty,
            group: group,
            year: fields.year.year,
            baseYear: fields.year.year - 1,
            rule: .absolute(value: 0)
        )
    }

    /// A whole target from the form: the key, the base year, the rule and its amount.
    static func target(_ district: String, _ form: Form, results: ResultsView) throws -> Target {
        var target = try key(district, form)
        guard let indicator = results.indicator(target.indicator) else { throw InputError("there is no indicator \(target.indicator)") }
        let fields = try form.decode(TargetRuleForm.self)
        let amountText = fields.amount.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "")
        guard let amount = Double(amountText), amount.isFinite else { throw InputError(TargetRuleForm.amountProblem) }
        target.baseYear = fields.base.year
        target.lowerIsBetter = indicator.lowerIsBetter
        target.measure = indicator.measure
        switch fields.rule {
        case .absolute: target.rule = .absolute(value: amount)
        case .annualGain: target.rule = .annualGain(points: amount)
        case .closeGap: target.rule = .closeGap(fraction: amount > 1 ? amount / 100 : amount)
        }
        return target
    }
}

/// The fields naming one target: all the remove, cascade and history forms send, and the first half of the
/// add-or-change form. The group is matched without regard to case; an empty school is the district.
struct TargetKeyForm: WebForm {
    let indicator: String?
    let school: String?
    let group: String?
    let year: YearField

    static let yearProblem = "the target year must be a school year such as 2012"

    static func problem(field: String, reason: String) -> String {
        field == "year" ? yearProblem : "the field \(field) \(reason)"
    }
}

/// The rest of the add-or-change form: the base year, the kind of target and its amount (a percentage may
/// be written with its sign), and whether it adds a target or changes the one with this key.
struct TargetRuleForm: WebForm {
    enum Rule: String, Decodable {
        case absolute
        case annualGain = "annual-gain"
        case closeGap = "close-gap"
    }

    enum Mode: String, Decodable {
        case add, change
    }

    let base: YearField
    let amount: String
    let rule: Rule
    let mode: Mode?

    static let baseProblem = "the base year must be a school year such as 2009"
    static let amountProblem = "the amount must be a number, such as 45 or 2.5 or 0.333"

    static func problem(field: String, reason: String) -> String {
        switch field {
        case "base": baseProblem
        case "amount": amountProblem
        case "rule": "choose a kind of target"
        case "mode": "the form's mode must be add or change"
        default: "the field \(field) \(reason)"
        }
    }
}

/// The steward's targets form.
struct TargetsFormPage: Sendable {
    let layout: PageLayout
    let district: String
    let csrf: String
    let problem: String?
    let notice: String?
    let rows: [TargetLine]
    let indicators: [FilterOption]
    let groups: [FilterOption]
    let schools: [FilterOption]
    let years: [FilterOption]
    let statusRules: [String]
}

/// Every change of one target, oldest first (a missing rule shows as `—`).
struct TargetHistoryPage: Sendable {
    let layout: PageLayout
    let district: String
    /// The target's key in words.
    let what: String
    let changes: [TargetChange]
}
