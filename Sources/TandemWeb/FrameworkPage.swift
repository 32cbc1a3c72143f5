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
        var model = pages.layout(results, title: "The partnership's framework")
        if let problem { model["problem"] = problem }
        if let notice { model["notice"] = notice }
        let mayEdit = session.map { Requirement.editFramework.isMet(by: $0.identity) } ?? false
        model["mayEdit"] = mayEdit
        model["csrf"] = session?.csrfToken ?? ""
        model["hasFramework"] = framework != nil
        guard let framework else { return try pages.render("framework", model, status: status) }
        model["purpose"] = framework.purpose
        model["goals"] = framework.goals.map { goal -> [String: Any] in
            [
                "id": goal.id, "title": goal.title, "indicatorList": goal.indicators.joined(separator: ", "), "mayEdit": mayEdit,
                "csrf": session?.csrfToken ?? "",
                "indicators": goal.indicators.map { ["id": $0, "name": results.indicator($0)?.name ?? $0, "visible": results.indicator($0) != nil] },
            ]
        }
        model["strategies"] = framework.strategies.map {
            ["id": $0.id, "title": $0.title, "goals": $0.goals.joined(separator: ", "), "mayEdit": mayEdit, "csrf": session?.csrfToken ?? ""]
        }
        model["actions"] = framework.actions.map { action -> [String: Any] in
            [
                "id": action.id, "title": action.title, "area": action.area, "strategy": action.strategy, "owner": action.owner, "due": action.due,
                "status": action.status.rawValue, "statusLabel": action.status.label, "mayEdit": mayEdit, "csrf": session?.csrfToken ?? "",
                "statuses": Framework.ActionStatus.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == action.status] },
            ]
        }
        model["strategyOptions"] = framework.strategies.map { ["value": $0.id, "label": "\($0.id): \($0.title)"] }
        model["statusOptions"] = Framework.ActionStatus.allCases.map { ["value": $0.rawValue, "label": $0.label] }
        return try pages.render("framework", model, status: status)
    }

    /// Updates (`:id` given) or adds an action step from the form.
    func saveAction(_ session: AccessService.Session, id: String?, _ form: Form) async throws -> HTML {
        let results = try await pages.results(for: session.identity)
        guard var framework = try await frameworks.current() else { throw HTTPError(.notFound, message: "There is no framework to change.") }
        guard let status = Framework.ActionStatus(rawValue: form["status"] ?? "") else {
            return try await self.framework(results, session: session, problem: "Choose a status.", status: .badRequest)
        }
        let action = Framework.Action(
            id: id ?? (form["id"] ?? "").trimmingCharacters(in: .whitespaces),
            title: form["title"] ?? "",
            strategy: form["strategy"] ?? "",
            area: form["area"] ?? "",
            owner: form["owner"] ?? "",
            due: form["due"] ?? "",
            status: status
        )
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
        try await change(session, what: "goal \(form["id"] ?? "")") { framework in
            let goal = Framework.Goal(
                id: (form["id"] ?? "").trimmingCharacters(in: .whitespaces),
                title: form["title"] ?? "",
                indicators: Self.list(form["indicators"])
            )
            Self.replaceOrAppend(goal, in: &framework.goals, id: \.id)
        }
    }

    /// Adds a strategy, or changes the one with the form's id: its title and the goals it serves.
    func saveStrategy(_ session: AccessService.Session, _ form: Form) async throws -> HTML {
        try await change(session, what: "strategy \(form["id"] ?? "")") { framework in
            let strategy = Framework.Strategy(
                id: (form["id"] ?? "").trimmingCharacters(in: .whitespaces),
                title: form["title"] ?? "",
                goals: Self.list(form["goals"])
            )
            Self.replaceOrAppend(strategy, in: &framework.strategies, id: \.id)
        }
    }

    /// Applies an edit to the current framework and saves it, or shows why not (nothing saved).
    private func change(_ session: AccessService.Session, what: String, _ edit: (inout Framework) -> Void) async throws -> HTML {
        let results = try await pages.results(for: session.identity)
        guard var framework = try await frameworks.current() else { throw HTTPError(.notFound, message: "There is no framework to change.") }
        edit(&framework)
        do {
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
            let framework = try FrameworkService.decode(Data((form["document"] ?? "").utf8), file: "the pasted file")
            try await frameworks.save(framework, by: .account(session.identity))
        } catch let error as any Refusal {
            return try await self.framework(results, session: session, problem: "Nothing was imported: \(error.description).", status: error.status)
        }
        return try await self.framework(results, session: session, notice: "Imported the framework.")
    }

    func frameworkFile() async throws -> Asset {
        guard let framework = try await frameworks.current() else { throw HTTPError(.notFound, message: "The partnership has no framework yet.") }
        return Asset(body: String(decoding: try FrameworkService.encode(framework), as: UTF8.self), contentType: "application/json; charset=utf-8")
    }
}
