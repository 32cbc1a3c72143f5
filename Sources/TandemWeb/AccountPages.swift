import Foundation
import HTTPTypes
import Hummingbird
import TandemDomain
import TandemServices

/// Signing in and out, the account page, and the pages where the partnership admin and the data stewards
/// manage accounts, read the audit log and choose what is public. Access rules are the routes' (see
/// `WebApp`); district scope is the services' (`AccessService`), so a steward's form aimed at another
/// district's account is refused there.
struct AccountPages: Sendable {
    let pages: Pages
    let access: AccessService

    /// The layout of a page outside the results (no computation needed): no results' key or footer.
    func layout(_ title: String) -> PageLayout { PageLayout(plain: title, navigation: pages.navigation) }

    // MARK: - Signing in

    /// The sign-in form. It sets the `tandem_csrf` cookie whose value the form carries back.
    func signInForm(
        _ request: Request,
        next: String? = nil,
        problem: String? = nil,
        username: String = "",
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let token = AccessService.randomToken()
        let next = Self.localPath(next ?? request.uri.queryParameters["next"].map(String.init)) ?? "/"
        let page = SignInPage(
            layout: layout("Sign in"),
            csrf: token,
            next: next,
            problem: problem,
            username: username,
            threshold: AccessService.lockoutThreshold
        )
        var response = try pages.render("sign-in", page, status: status).response(from: request)
        response.setCookie(Self.cookie(CSRF.cookie, token, path: "/sign-in", request))
        return response
    }

    /// Checks the credentials. A new session token every time (a token planted before sign-in is never
    /// adopted), the old session if any is ended, and back to the page the visitor came for.
    func signIn(_ request: Request, _ context: TandemContext, _ form: Form) async throws -> Response {
        let fields = try form.decode(SignInForm.self)
        let username = fields.username ?? ""
        let result = try await access.signIn(username: username, password: fields.password ?? "")
        if case .busy = result {
            var response = try signInForm(
                request,
                next: fields.next,
                problem: "Too many sign-ins at once: nothing was checked. Try again in a moment.",
                username: String(username.prefix(64)),
                status: .tooManyRequests
            )
            response.headers[.retryAfter] = "1"
            return response
        }
        guard case .signedIn(let session) = result else {
            return try signInForm(
                request,
                next: fields.next,
                problem: "Sign-in failed: the username or password is wrong, or the account is locked or disabled.",
                username: String(username.prefix(64)),
                status: .unauthorized
            )
        }
        if let old = context.session { try await access.signOut(old) }
        var response = Response(status: .seeOther, headers: [.location: Self.localPath(fields.next) ?? "/"])
        response.setCookie(Self.cookie(SessionMiddleware.cookie, session.token, maxAge: Int(AccessService.sessionSeconds), path: "/", request))
        response.setCookie(Self.cookie(CSRF.cookie, "", maxAge: 0, path: "/sign-in", request))
        return response
    }

    func signOut(_ request: Request, _ session: AccessService.Session) async throws -> Response {
        try await access.signOut(session)
        var response = Response(status: .seeOther, headers: [.location: "/"])
        response.setCookie(Self.cookie(SessionMiddleware.cookie, "", maxAge: 0, path: "/", request))
        return response
    }

    /// A cookie only this site's pages send (`SameSite=Strict`) and no script reads (`HttpOnly`), sent
    /// only over HTTPS (`Secure`) — except to a browser on this very machine talking plain HTTP to a
    /// loopback address (the demo), which no one else can overhear and where some browsers would
    /// drop a `Secure` cookie. Behind an HTTPS proxy on loopback, `X-Forwarded-Proto: https` keeps it `Secure`.
    static func cookie(_ name: String, _ value: String, maxAge: Int? = nil, path: String, _ request: Request) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: !isLocalPlainHTTP(request), httpOnly: true, sameSite: .strict)
    }

    static func isLocalPlainHTTP(_ request: Request) -> Bool {
        if request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https" { return false }
        guard let host = request.hostName else { return false }
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    // MARK: - The account page

    func account(_ session: AccessService.Session) async throws -> HTML {
        let identity = session.identity
        var links: [AccountPage.Link] = []
        if let district = identity.district {
            links.append(.init(href: "/progress/districts/\(Pages.path(district))", label: "\(district)'s targets and progress"))
        }
        if Requirement.manageAccounts.isMet(by: identity) { links.append(.init(href: "/admin/accounts", label: "Accounts")) }
        if Requirement.readDataStatus.isMet(by: identity) { links.append(.init(href: "/admin/data", label: "Loads and coverage")) }
        if Requirement.readAuditLog.isMet(by: identity) { links.append(.init(href: "/admin/audit", label: "Audit log")) }
        if Requirement.managePartnership.isMet(by: identity) { links.append(.init(href: "/admin/public", label: "What the public sees")) }
        let page = AccountPage(
            layout: layout("Your account"),
            username: identity.username,
            role: identity.role.title,
            district: identity.district.flatMap { $0.isEmpty ? nil : $0 },
            schools: identity.schools.isEmpty ? nil : identity.schools.sorted().joined(separator: ", "),
            sees: Self.whatYouSee(identity),
            links: links,
            hasLinks: !links.isEmpty
        )
        return try pages.render("account", page)
    }

    /// The audience rules for this person, in words (the README's table, row by row).
    static func whatYouSee(_ identity: Identity) -> [String] {
        let partners =
            "Every other district's results as the partnership shares them: groups under the minimum size, and any value that would reveal one, are hidden."
        switch Optional(identity).audienceKey {
        case let key where key.hasPrefix("district:"):
            return [
                "\(identity.district ?? "")'s own results in full, small groups included (marked “your district only”: do not pass them on).",
                partners,
            ]
        case let key where key.hasPrefix("schools:"):
            return [
                "Your schools' results in full, small groups included (marked “your district only”).",
                "The rest of \(identity.district ?? "your district"), and every other district, as the partnership shares them.", partners,
            ]
        default:
            return [partners + " This includes your own district."]
        }
    }

    // MARK: - Accounts

    func accounts(
        _ session: AccessService.Session,
        problem: String? = nil,
        issued: (String, String)? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let identity = session.identity
        let accounts = try await access.accounts(for: .account(identity))
        let districts = identity.role == .partnershipAdmin ? try await access.districtCodes() : [identity.district ?? ""]
        // Least power first, so the form's default is the safest choice.
        let roles = Role.allCases.reversed().filter { identity.mayGrant($0, district: $0.needsDistrict ? identity.district ?? districts.first : nil) }
        let scope = identity.role == .partnershipAdmin ? nil : identity.district.flatMap { $0.isEmpty ? nil : $0 }
        let page = AccountsPage(
            layout: layout("Accounts"),
            scope: scope,
            problem: problem,
            issued: issued.map { AccountsPage.Issued(username: $0.0, password: $0.1) },
            csrf: session.csrfToken,
            count: accounts.count,
            accounts: accounts.map { account in
                AccountsPage.Row(
                    username: account.identity.username,
                    path: Pages.path(account.identity.username),
                    role: account.identity.role.title,
                    district: account.identity.district ?? "—",
                    schools: account.identity.schools.sorted().joined(separator: ", "),
                    state: account.disabled ? "disabled" : (account.locked ? "locked" : "active"),
                    toggle: account.disabled ? "enable" : "disable",
                    toggleLabel: account.disabled ? "Enable" : "Disable"
                )
            },
            roles: roles.map { FilterOption(value: $0.rawValue, label: $0.title, selected: false) },
            districts: (identity.role == .partnershipAdmin ? [FilterOption(value: "", label: "(none: partnership admin)", selected: false)] : [])
                + districts.map { FilterOption(value: $0, label: $0, selected: false) }
        )
        return try pages.render("accounts", page, status: status)
    }

    func addAccount(_ session: AccessService.Session, _ form: Form) async throws -> HTML {
        let identity = session.identity
        let fields: AccountForm
        do { fields = try form.decode(AccountForm.self) } catch let error as InputError {
            return try await accounts(
                session,
                problem: "\(error.description.prefix(1).uppercased())\(error.description.dropFirst()).",
                status: .badRequest
            )
        }
        let username = fields.username?.trimmingCharacters(in: .whitespaces) ?? ""
        do {
            let password = try await access.addAccount(
                Identity(username: username, role: fields.role, district: fields.district.nonEmpty, schools: fields.schoolCodes),
                by: .account(identity)
            )
            return try await accounts(session, issued: (username, password))
        } catch let error as any Refusal {
            return try await accounts(session, problem: "The account was not added: \(error.description).", status: error.status)
        }
    }

    func changeAccount(_ session: AccessService.Session, username: String, action: String) async throws -> HTML {
        let identity = session.identity
        do {
            switch action {
            case "disable": try await access.setDisabled(username, true, by: .account(identity))
            case "enable": try await access.setDisabled(username, false, by: .account(identity))
            case "reset-password":
                let password = try await access.resetPassword(username, by: .account(identity))
                return try await accounts(session, issued: (username, password))
            default: throw HTTPError(.notFound, message: "There is no account action \"\(action)\".")
            }
            return try await accounts(session)
        } catch let error as any Refusal {
            return try await accounts(session, problem: "Nothing was changed: \(error.description).", status: error.status)
        }
    }

    // MARK: - Audit log and public indicators

    func auditLog(_ session: AccessService.Session, _ parameters: Parameters) async throws -> HTML {
        let identity = session.identity
        let query = try Self.auditQuery(parameters)
        let log = try await access.auditLog(for: identity, query: query)
        let filters = [
            ("action", query.action?.rawValue), ("actor", query.actor), ("from", query.from?.description), ("through", query.through?.description),
        ]
        .compactMap { name, value in value.map { "\(name)=\(Pages.queryValue($0))" } }
        func link(before: Int64?) -> String {
            let parts = filters + (before.map { ["before=\($0)"] } ?? [])
            return "/admin/audit" + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
        }
        let filtered = !filters.isEmpty
        let page = AuditPage(
            layout: layout("Audit log"),
            scope: identity.auditScope.flatMap { $0.isEmpty ? nil : $0 },
            caption: (query.before == nil ? "The latest " : "Older: ") + "\(log.events.count) events" + (filtered ? " that match" : ""),
            actions: [AuditPage.Choice(value: "", label: "Any action", selected: query.action == nil)]
                + AuditAction.allCases.map { AuditPage.Choice(value: $0.rawValue, label: $0.rawValue, selected: $0 == query.action) },
            actor: query.actor ?? "",
            from: query.from?.description ?? "",
            through: query.through?.description ?? "",
            filtered: filtered,
            older: log.hasOlder ? log.events.last?.id.map { link(before: $0) } : nil,
            newest: query.before == nil ? nil : link(before: nil),
            refusals: log.repeatedRefusals.map {
                AuditPage.Tally(action: $0.action.rawValue, actor: $0.actor, count: $0.count.grouped, first: $0.first, last: $0.last)
            },
            hasRefusals: !log.repeatedRefusals.isEmpty,
            events: log.events.map {
                AuditPage.Row(
                    at: $0.at,
                    actor: $0.actor,
                    action: $0.action.rawValue,
                    district: $0.district ?? "—",
                    subject: $0.subject,
                    students: $0.studentCount.map { $0.grouped } ?? ""
                )
            }
        )
        return try pages.render("audit", page)
    }

    /// The audit log's filters from the address: each checked against its domain (400 otherwise), so a
    /// bookmark or a hand-typed address either works or says what is wrong.
    static func auditQuery(_ parameters: Parameters) throws -> AuditQuery {
        func text(_ name: String) -> String? {
            parameters[name[...]].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        func bad(_ message: String) -> HTTPError { HTTPError(.badRequest, message: message) }
        var query = AuditQuery()
        if let action = text("action") {
            guard let known = AuditAction(rawValue: action) else { throw bad("There is no audit action \"\(action.prefix(40))\".") }
            query.action = known
        }
        if let actor = text("actor") {
            guard actor.count <= AuditEvent.maximumActorLength, !actor.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { throw bad("Who must be a username of at most \(AuditEvent.maximumActorLength) characters.") }
            query.actor = actor
        }
        for (name, keyPath) in [("from", \AuditQuery.from), ("through", \AuditQuery.through)] {
            guard let value = text(name) else { continue }
            guard let day = Day(iso: value) else { throw bad("The \(name) date must be a day such as 2026-12-01.") }
            query[keyPath: keyPath] = day
        }
        if let from = query.from, let through = query.through, from > through {
            throw bad("The from date must not be after the through date.")
        }
        if let before = text("before") {
            guard let id = Int64(before), id > 0 else { throw bad("before must be the number of an event.") }
            query.before = id
        }
        return query
    }

    func publicIndicators(_ session: AccessService.Session, saved: Bool = false) async throws -> HTML {
        let chosen = try await access.publicIndicators()
        let all = try await pages.results(for: session.identity).indicators
        let page = PublicIndicatorsPage(
            layout: layout("What the public sees"),
            csrf: session.csrfToken,
            saved: saved,
            indicators: all.map { PublicIndicatorsPage.Choice(id: $0.id, name: $0.name, checked: chosen.contains($0.id)) }
        )
        return try pages.render("public", page)
    }

    func setPublicIndicators(_ session: AccessService.Session, _ form: Form) async throws -> HTML {
        let identity = session.identity
        let known = Set(try await pages.results(for: identity).indicators.map(\.id))
        let chosen = Set(try form.decode(PublicIndicatorsForm.self).indicator ?? [])
        guard chosen.isSubset(of: known) else {
            throw HTTPError(.badRequest, message: "Unknown indicators: \(chosen.subtracting(known).sorted().joined(separator: ", ")).")
        }
        try await access.setPublicIndicators(chosen, by: .account(identity))
        return try await publicIndicators(session, saved: true)
    }

    // MARK: - Helpers

    /// `next` when it is a path on this site: `/…` in printable ASCII (no space, control character or
    /// backslash, which a WHATWG URL parser drops or reads as `/`) and not `//…` (another host).
    static func localPath(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
            next.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "\\" })
        else { return nil }
        return next
    }

    /// The account bar of the page header for this request: who is signed in and the sign-out form, or
    /// the sign-in link. Filled in per request because a cached page is shared by its whole audience.
    static func accountBar(_ context: TandemContext, path: String) -> String {
        guard let session = context.session else {
            return "<div class=\"account\"><a href=\"/sign-in?next=\(Pages.queryValue(path))\">Sign in</a></div>"
        }
        let identity = session.identity
        let scope = identity.district.map { " · \(Chart.escape($0))" } ?? ""
        return """
            <div class="account"><a href="/account">\(Chart.escape(identity.username))</a><span>\(Chart.escape(identity.role.title))\(scope)</span>\
            <form method="post" action="/sign-out"><input type="hidden" name="csrf" value="\(session.csrfToken)"><button type="submit">Sign out</button></form></div>
            """
    }
}

extension Refusal {
    /// How the web answers a service's refusal: not allowed is 403, not valid 400.
    var status: HTTPResponse.Status { self is AccessError ? .forbidden : .badRequest }
}

extension HTML {
    static let accountMarker = Array("<!--account-->".utf8)

    /// The page as a response with the account bar of this request in its header. The marker sits in
    /// the header, so only the page's first bytes are searched, and the page is copied once, straight
    /// into the response buffer (cached pages are shared; this runs on every request).
    func personalised(_ context: TandemContext, path: String) -> Response {
        let bytes = body.utf8
        let marker = Self.accountMarker
        let searched = bytes.prefix(16_384)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(bytes.count + 512)
        if let start = searched.indices.first(where: { index in
            bytes[index...].starts(with: marker)
        }) {
            buffer.writeBytes(bytes[..<start])
            buffer.writeString(AccountPages.accountBar(context, path: path))
            buffer.writeBytes(bytes[bytes.index(start, offsetBy: marker.count)...])
        } else {
            buffer.writeBytes(bytes)
        }
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: buffer))
    }

    func response(from request: Request) throws -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// The sign-in form.
struct SignInPage: Sendable {
    let layout: PageLayout
    let csrf: String
    /// Where to go once signed in (a path on this site).
    let next: String
    let problem: String?
    let username: String
    let threshold: Int
}

/// One's own account: role, scope, what one sees, and one's pages.
struct AccountPage: Sendable {
    let layout: PageLayout
    let username: String
    let role: String
    let district: String?
    let schools: String?
    let sees: [String]
    let links: [Link]
    let hasLinks: Bool

    struct Link: Sendable {
        let href: String
        let label: String
    }
}

/// The accounts a steward (their district's) or the admin (all) manages.
struct AccountsPage: Sendable {
    let layout: PageLayout
    /// The district, for a steward; `nil` for the admin.
    let scope: String?
    let problem: String?
    /// A password just issued, shown once.
    let issued: Issued?
    let csrf: String
    let count: Int
    let accounts: [Row]
    let roles: [FilterOption]
    let districts: [FilterOption]

    struct Issued: Sendable {
        let username: String
        let password: String
    }

    struct Row: Sendable {
        let username: String
        /// The username as a path segment.
        let path: String
        let role: String
        let district: String
        let schools: String
        let state: String
        /// The action that flips the state (`enable`, `disable`) and its button.
        let toggle: String
        let toggleLabel: String
    }
}

/// The latest audit events the reader may read.
struct AuditPage: Sendable {
    let layout: PageLayout
    let scope: String?
    let caption: String
    let actions: [Choice]
    let actor: String
    let from: String
    let through: String
    let filtered: Bool
    /// The next page's address, when older events match.
    let older: String?
    /// Back to the newest page, when this is an older one.
    let newest: String?
    let refusals: [Tally]
    let hasRefusals: Bool
    let events: [Row]

    struct Choice: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct Tally: Sendable {
        let action: String
        let actor: String
        let count: String
        let first: String
        let last: String
    }

    struct Row: Sendable {
        let at: String
        let actor: String
        let action: String
        let district: String
        let subject: String
        let students: String
    }
}

/// The admin's choice of public indicators.
struct PublicIndicatorsPage: Sendable {
    let layout: PageLayout
    let csrf: String
    let saved: Bool
    let indicators: [Choice]

    struct Choice: Sendable {
        let id: String
        let name: String
        let checked: Bool
    }
}

/// The sign-in form. Missing fields are empty: the refusal is the same as for a wrong password.
struct SignInForm: WebForm {
    let username: String?
    let password: String?
    /// The page to go back to, when it is a path on this site (`AccountPages.localPath`).
    let next: String?
}

/// The form adding an account: its name, role, district (empty for the partnership admin) and, for a
/// principal, the school codes separated by commas.
struct AccountForm: WebForm {
    let username: String?
    let role: Role
    let district: String?
    let schools: String?

    var schoolCodes: Set<String> {
        Set((schools ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    static func problem(field: String, reason: String) -> String {
        field == "role" ? "choose a role" : "the field \(field) \(reason)"
    }
}

/// The public indicators form: one check box `indicator[]` per indicator the public may see.
struct PublicIndicatorsForm: WebForm {
    let indicator: [String]?
}
