import Foundation
import Hummingbird
import TandemDomain
import TandemServices

/// The framework page: the partnership's purpose, goals (with their indicators), strategies and action
/// steps; for the partnership admin, forms to update an action step, add one, or import a whole
/// framework file. The file itself downloads from `/framework.json`.
extension ProgressPages {
    func framework(
        _ results: ResultsView,
        session: AccessService.Session?,
        problem: String? = nil,
        notice: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let framework = try await frameworks.current()
        let mayEdit = session.map { Requirement.editFramework.isMet(by: $0.identity) } ?? false
        let page = FrameworkPage(
            layout: PageLayout(results.frame, title: "The partnership's framework", navigation: pages.navigation),
            problem: problem,
            notice: notice,
            mayEdit: mayEdit,
            csrf: session?.csrfToken ?? "",
            hasFramework: framework != nil,
            purpose: framework?.purpose ?? "",
            goals: (framework?.goals ?? []).map { goal in
                FrameworkPage.Goal(
                    id: goal.id,
                    title: goal.title,
                    indicatorList: goal.indicators.joined(separator: ", "),
                    indicators: goal.indicators.map {
                        FrameworkPage.IndicatorLink(id: $0, name: results.indicator($0)?.name ?? $0, visible: results.indicator($0) != nil)
                    }
                )
            },
            strategies: (framework?.strategies ?? []).map {
                FrameworkPage.Strategy(id: $0.id, title: $0.title, goals: $0.goals.joined(separator: ", "))
            },
            actions: (framework?.actions ?? []).map { action in
                FrameworkPage.Action(
                    action: action,
                    due: action.due.iso,
                    status: action.status.rawValue,
                    statusLabel: action.status.label,
                    statuses: Framework.ActionStatus.allCases.map { FilterOption(value: $0.rawValue, label: $0.label, selected: $0 == action.status) }
                )
            },
            strategyOptions: (framework?.strategies ?? []).map { FilterOption(value: $0.id, label: "\($0.id): \($0.title)", selected: false) },
            statusOptions: Framework.ActionStatus.allCases.map { FilterOption(value: $0.rawValue, label: $0.label, selected: false) }
        )
        return try pages.render("framework", page, status: status)
    }

    /// Updates (`:id` given) or adds an action step from the form.
    func saveAction(_ session: AccessService.Session, id: String?, _ form: Form) async throws -> HTML {
        let results = try await pages.results(for: session.identity)
        guard var framework = try await frameworks.current() else { throw HTTPError(.notFound, message: "There is no framework to change.") }
        let action: Framework.Action
        do {
            action = try form.decode(ActionForm.self).action(id: id)
        } catch let error as InputError {
            let which = id.map { "action \($0): " } ?? ""
            return try await self.framework(
                results,
                session: session,
                problem: "Nothing was saved: \(which)\(error.description).",
                status: .badRequest
            )
        }
        if let id {
            guard let index = framework.actions.firstIndex(where: { $0.id == id }) else {
                throw HTTPError(.notFound, message: "There is no action step \"\(id)\".")
            }
            framework.actions[index] = action
        } else {
            framework.actions.append(action)
        }
        do {
            try await frameworks.save(framework, by: .account(session.identity))
        } catch let error as any Refusal {
            return try await self.framework(results, session: session, problem: "Nothing was saved: \(error.description).", status: error.status)
        }
        return try await self.framework(results, session: session, notice: "Saved action step \(action.id).")
    }

    /// Adds a goal, or changes the one with the form's id: its title and indicators (ids, comma-separated).
    func saveGoal(_ session: AccessService.Session, _ form: Form) async throws -> HTML {
        try await change(session, form, GoalForm.self) { fields, framework in
            let goal = Framework.Goal(id: fields.trimmedID, title: fields.title ?? "", indicators: Self.list(fields.indicators))
            Self.replaceOrAppend(goal, in: &framework.goals, id: \.id)
            return "goal \(goal.id)"
        }
    }

    /// Adds a strategy, or changes the one with the form's id: its title and the goals it serves.
    func saveStrategy(_ session: AccessService.Session, _ form: Form) async throws -> HTML {
        try await change(session, form, StrategyForm.self) { fields, framework in
            let strategy = Framework.Strategy(id: fields.trimmedID, title: fields.title ?? "", goals: Self.list(fields.goals))
            Self.replaceOrAppend(strategy, in: &framework.strategies, id: \.id)
            return "strategy \(strategy.id)"
        }
    }

    /// Applies an edit made from the form's fields to the current framework and saves it, or shows why not
    /// (nothing saved). The edit says what it changed.
    private func change<Fields: WebForm>(
        _ session: AccessService.Session,
        _ form: Form,
        _: Fields.Type,
        _ edit: (Fields, inout Framework) -> String
    ) async throws -> HTML {
        let results = try await pages.results(for: session.identity)
        guard var framework = try await frameworks.current() else { throw HTTPError(.notFound, message: "There is no framework to change.") }
        let what: String
        do {
            what = edit(try form.decode(Fields.self), &framework)
            try await frameworks.save(framework, by: .account(session.identity))
        } catch let error as any Refusal {
            return try await self.framework(results, session: session, problem: "Nothing was saved: \(error.description).", status: error.status)
        }
        return try await self.framework(results, session: session, notice: "Saved \(what).")
    }

    /// Puts `item` in place of the entry with its id, or at the end when there is none.
    static func replaceOrAppend<Item>(_ item: Item, in items: inout [Item], id: KeyPath<Item, String>) {
        if let index = items.firstIndex(where: { $0[keyPath: id] == item[keyPath: id] }) { items[index] = item } else { items.append(item) }
    }

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Replaces the framework with a pasted framework file.
    func importFramework(_ session: AccessService.Session, _ form: Form) async throws -> HTML {
        let results = try await pages.results(for: session.identity)
        do {
            let document = try form.decode(FrameworkFileForm.self).document ?? ""
            let framework = try FrameworkService.decode(Data(document.utf8), file: "the pasted file")
            try await frameworks.save(framework, by: .account(session.identity))
        } catch let error as any Refusal {
            return try await self.framework(results, session: session, problem: "Nothing was imported: \(error.description).", status: error.status)
        }
        return try await self.framework(results, session: session, notice: "Imported the framework.")
    }

    func frameworkFile() async throws -> Asset {
        guard let framework = try await frameworks.current() else { throw HTTPError(.notFound, message: "The partnership has no framework yet.") }
        return Asset(
            body: String(decoding: try FrameworkService.encode(framework), as: UTF8.self),
            contentType: "application/json; charset=utf-8",
            cacheControl: "no-cache"
        )
    }
}

/// The framework page: the partnership's purpose, goals, strategies and action steps, and the admin's forms.
struct FrameworkPage: Sendable {
    let layout: PageLayout
    let problem: String?
    let notice: String?
    let mayEdit: Bool
    let csrf: String
    let hasFramework: Bool
    let purpose: String
    let goals: [Goal]
    let strategies: [Strategy]
    let actions: [Action]
    let strategyOptions: [FilterOption]
    let statusOptions: [FilterOption]

    struct Goal: Sendable {
        let id: String
        let title: String
        /// The indicator ids, comma-separated (the edit form's field).
        let indicatorList: String
        let indicators: [IndicatorLink]
    }

    /// An indicator of a goal, linked when the reader may see it.
    struct IndicatorLink: Sendable {
        let id: String
        let name: String
        let visible: Bool
    }

    struct Strategy: Sendable {
        let id: String
        let title: String
        /// The goals it serves, comma-separated.
        let goals: String
    }

    struct Action: Sendable {
        let action: Framework.Action
        /// `YYYY-MM-DD`, as the form takes it back.
        let due: String
        let status: String
        let statusLabel: String
        let statuses: [FilterOption]
    }
}

/// The form adding or changing an action step (the id comes from the path when it changes one).
struct ActionForm: WebForm {
    let id: String?
    let title: String?
    let strategy: String?
    let area: String?
    let owner: String?
    let due: Day
    let status: Framework.ActionStatus

    func action(id pathID: String?) -> Framework.Action {
        Framework.Action(
            id: pathID ?? (id ?? "").trimmingCharacters(in: .whitespaces),
            title: title ?? "",
            strategy: strategy ?? "",
            area: area ?? "",
            owner: owner ?? "",
            due: due,
            status: status
        )
    }

    static func problem(field: String, reason: String) -> String {
        switch field {
        case "due": "the due date \(reason)"
        case "status": "choose a status"
        default: "the field \(field) \(reason)"
        }
    }
}

/// The form adding or changing a goal: its indicators are ids separated by commas.
struct GoalForm: WebForm {
    let id: String?
    let title: String?
    let indicators: String?

    var trimmedID: String { (id ?? "").trimmingCharacters(in: .whitespaces) }
}

/// The form adding or changing a strategy: the goals it serves are ids separated by commas.
struct StrategyForm: WebForm {
    let id: String?
    let title: String?
    let goals: String?

    var trimmedID: String { (id ?? "").trimmingCharacters(in: .whitespaces) }
}

/// The pasted framework file.
struct FrameworkFileForm: WebForm {
    let document: String?
}
