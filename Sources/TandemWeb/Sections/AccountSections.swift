import Hummingbird
import TandemDomain
import TandemServices

/// Signing in and out, and one's own account.
struct AccountSection: WebSection {
    func register(on routes: SectionRoutes, site: Site) {
        let accounts = site.accounts
        routes.get("/sign-in") { request, _ in try accounts.signInForm(request) }
        routes.post("/sign-in") { request, context, form in try await accounts.signIn(request, context, form) }
        routes.post("/sign-out", .signedIn) { request, _, session, _ in try await accounts.signOut(request, session) }
        routes.get("/account", .signedIn) { _, _, session in try await accounts.account(session) }
    }
}

/// Administration: accounts, the audit log, what the public sees. Scope inside a role (which district's
/// accounts) is checked by `AccessService`.
struct AdminSection: WebSection {
    func register(on routes: SectionRoutes, site: Site) {
        let accounts = site.accounts
        routes.get("/admin/accounts", .manageAccounts) { _, _, session in try await accounts.accounts(session) }
        routes.post("/admin/accounts", .manageAccounts) { _, _, session, form in try await accounts.addAccount(session, form) }
        routes.post("/admin/accounts/:username/:action", .manageAccounts) { _, context, session, _ in
            try await accounts.changeAccount(
                session,
                username: try context.parameter("username"),
                action: try context.parameter("action")
            )
        }
        routes.get("/admin/audit", .readAuditLog) { request, _, session in try await accounts.auditLog(session, request.uri.queryParameters) }
        routes.get("/admin/data", .readDataStatus) { _, _, session in try await accounts.dataStatus(session, site.dataStatus) }
        routes.get("/admin/public", .managePartnership) { _, _, session in try await accounts.publicIndicators(session) }
        routes.post("/admin/public", .managePartnership) { _, _, session, form in try await accounts.setPublicIndicators(session, form) }
    }
}

/// Student-level: a school's roster, for its own district's staff (a principal: their schools). Audited.
struct StudentsSection: WebSection {
    func register(on routes: SectionRoutes, site: Site) {
        let accounts = site.accounts
        routes.students("/districts/:district/schools/:school/students") { request, context, gate in
            try await accounts.roster(
                gate,
                district: try context.parameter("district"),
                school: try context.parameter("school"),
                request.uri.queryParameters
            )
        }
        routes.students("/districts/:district/schools/:school/students.csv") { request, context, gate in
            try await accounts.rosterCSV(
                gate,
                district: try context.parameter("district"),
                school: try context.parameter("school"),
                request.uri.queryParameters
            )
        }
    }
}
