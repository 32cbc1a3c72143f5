import Hummingbird
import TandemDomain
import TandemServices

/// A part of the site (results, places, progress, accounts, …): it registers its own routes, each with
/// what it requires of the person asking, and may put a link in the main navigation. `WebApp` lists the
/// sections; the access policy, the navigation and the route × role test all read what they registered.
/// A new section is a new type here and one line in `WebApp.sections`.
protocol WebSection: Sendable {
    /// The section's links in the main navigation, in order (none for most sections).
    var navigation: [NavigationLink] { get }

    /// Adds the section's routes, with the services of `site`.
    func register(on routes: SectionRoutes, site: Site)
}

extension WebSection {
    var navigation: [NavigationLink] { [] }
}

/// A link of the main navigation.
public struct NavigationLink: Sendable, Hashable, Codable {
    public let title: String
    public let path: String
}

/// What the sections' handlers use: the page builder and the services.
struct Site: Sendable {
    let pages: Pages
    let access: AccessService
    let targets: TargetService
    let frameworks: FrameworkService
    let dataStatus: DataStatusService

    var accounts: AccountPages { AccountPages(pages: pages, access: access) }
    var progress: ProgressPages { ProgressPages(pages: pages, frameworks: frameworks, targets: targets) }
}
