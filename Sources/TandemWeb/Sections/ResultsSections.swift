import Hummingbird
import TandemDomain
import TandemServices

/// The partnership's results: the home table, each indicator, and their CSV downloads. Anyone may ask;
/// what each person sees is decided by `ResultsView` (their audience). Pages are cached per audience.
struct ResultsSection: WebSection {
    var navigation: [NavigationLink] { [NavigationLink(title: "Partnership results", path: "/")] }

    func register(on routes: SectionRoutes, site: Site) {
        let pages = site.pages
        routes.get("/") { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri, results) { try await pages.home(request.uri.queryParameters, results) }
        }
        routes.get("/indicators/:id") { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri, results) {
                try await pages.indicator(try context.parameter("id"), request.uri.queryParameters, results)
            }
        }
        routes.get("/partnership.csv") { request, context in
            try await pages.homeCSV(request.uri.queryParameters, try await pages.results(for: context.identity))
        }
        routes.get("/indicators/:id/:chart") { request, context in
            try await pages.indicatorCSV(
                try context.parameter("id"),
                chart: try context.parameter("chart"),
                request.uri.queryParameters,
                try await pages.results(for: context.identity)
            )
        }
    }
}

/// One district or one school: every indicator over the years, with links down to the schools.
struct PlacesSection: WebSection {
    func register(on routes: SectionRoutes, site: Site) {
        let pages = site.pages
        routes.get("/districts/:district") { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri, results) {
                try await pages.district(try context.parameter("district"), request.uri.queryParameters, results)
            }
        }
        routes.get("/districts/:district/schools/:school") { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri, results) {
                try await pages.school(
                    try context.parameter("school"),
                    district: try context.parameter("district"),
                    request.uri.queryParameters,
                    results
                )
            }
        }
    }
}

/// Matched cohorts followed over the years.
struct CohortsSection: WebSection {
    var navigation: [NavigationLink] { [NavigationLink(title: "Cohorts", path: "/cohorts")] }

    func register(on routes: SectionRoutes, site: Site) {
        let pages = site.pages
        routes.get("/cohorts") { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri, results) { try await pages.cohorts(request.uri.queryParameters, results) }
        }
    }
}

/// The values placed in the state Dashboard's five colours.
struct StateDashboardSection: WebSection {
    var navigation: [NavigationLink] { [NavigationLink(title: "Dashboard colours", path: "/state-dashboard")] }

    func register(on routes: SectionRoutes, site: Site) {
        let pages = site.pages
        routes.get("/state-dashboard") { request, context in
            let results = try await pages.results(for: context.identity)
            return try await pages.cached(request.uri, results) { try await pages.stateDashboard(request.uri.queryParameters, results) }
        }
    }
}

/// The stylesheet (no CDN, no web font).
struct AssetsSection: WebSection {
    func register(on routes: SectionRoutes, site: Site) {
        routes.get("/assets/tandem.css") { _, _ in Asset(body: Pages.stylesheet, contentType: "text/css; charset=utf-8") }
    }
}
