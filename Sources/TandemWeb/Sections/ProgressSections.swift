import Hummingbird
import TandemDomain
import TandemServices

/// Progress toward the goals: the stakeholder summary and each district's (and school's) evaluation,
/// each status as its reader may see the value; a district's data steward sets its targets.
struct ProgressSection: WebSection {
    var navigation: [NavigationLink] { [NavigationLink(title: "Progress", path: "/progress")] }

    func register(on routes: SectionRoutes, site: Site) {
        let pages = site.pages
        let progress = site.progress
        routes.get("/progress") { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri, results) { try await progress.summary(results) }
        }
        routes.get("/progress/districts/:district") { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri, results) {
                try await progress.district(try context.parameter("district"), school: nil, results)
            }
        }
        routes.get("/progress/districts/:district/schools/:school") { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri, results) {
                try await progress.district(try context.parameter("district"), school: try context.parameter("school"), results)
            }
        }
        routes.get("/districts/:district/targets", .setTargets) { _, context, session in
            try await progress.targetsForm(try context.parameter("district"), session)
        }
        routes.post("/districts/:district/targets", .setTargets) { _, context, session, form in
            try await progress.saveTarget(try context.parameter("district"), session, form)
        }
        routes.post("/districts/:district/targets/remove", .setTargets) { _, context, session, form in
            try await progress.removeOrCascade(try context.parameter("district"), session, form, cascade: false)
        }
        routes.post("/districts/:district/targets/cascade", .setTargets) { _, context, session, form in
            try await progress.removeOrCascade(try context.parameter("district"), session, form, cascade: true)
        }
        routes.get("/districts/:district/targets/history", .signedIn) { request, context, session in
            try await progress.history(
                try context.parameter("district"),
                query: request.uri.query ?? "",
                try await pages.results(for: session.identity)
            )
        }
    }
}

/// The partnership's framework: anyone reads it; the partnership admin edits it.
struct FrameworkSection: WebSection {
    var navigation: [NavigationLink] { [NavigationLink(title: "Framework", path: "/framework")] }

    func register(on routes: SectionRoutes, site: Site) {
        let pages = site.pages
        let progress = site.progress
        routes.get("/framework") { _, context in
            try await progress.framework(try await pages.results(for: context.identity), session: context.session)
        }
        routes.get("/framework.json") { _, _ in try await progress.frameworkFile() }
        routes.post("/framework", .editFramework) { _, _, session, form in try await progress.importFramework(session, form) }
        routes.post("/framework/goals", .editFramework) { _, _, session, form in try await progress.saveGoal(session, form) }
        routes.post("/framework/strategies", .editFramework) { _, _, session, form in try await progress.saveStrategy(session, form) }
        routes.post("/framework/actions", .editFramework) { _, _, session, form in try await progress.saveAction(session, id: nil, form) }
        routes.post("/framework/actions/:id", .editFramework) { _, context, session, form in
            try await progress.saveAction(session, id: try context.parameter("id"), form)
        }
    }
}
