import Foundation
import TandemDemo
public import TandemDomain
public import TandemPorts

/// Remembers which demo a database holds, so `tandem demo` loads it once.
public struct DemoService: Sendable {
    let store: any TandemStore

    public init(store: any TandemStore) { self.store = store }

    static let key = "demo"

    static func stamp(seed: UInt64) -> String { "seed=\(seed);generator=\(DemoGenerator.version)" }

    public func isLoaded(seed: UInt64) async throws -> Bool {
        try await store.read { try $0.setting(DemoService.key) } == DemoService.stamp(seed: seed)
    }

    public func markLoaded(seed: UInt64) async throws {
        try await store.write { try $0.setSetting(DemoService.key, DemoService.stamp(seed: seed)) }
    }
}

extension DemoService {
    /// The indicators the demo partnership shows signed-out visitors: the founding agreement's
    /// accountability indicators (`partnership-framework.md`), the Algebra 1 indicators (with the demo's own
    /// course-based one), and the distance from standard the state's own Dashboard publishes.
    public static let publicIndicators: Set<String> = [
        "ela_prof_g5", "math_prof_g5", "ela_prof_g8", "math_prof_g8", "grad_rate_4yr", "ag_completion",
        "ap_participation", "ap_pass", "sat_act_participation", "alg1_g8_participation", "alg1_g8_proficiency",
        "ela_dfs", "math_dfs", "alg1_g8_enrolled",
    ]

    /// One demo account per role (two districts' worth), made once per database, all with one generated
    /// password that the demo keeps in its metadata so it can print it on every run. Synthetic data
    /// only: a real installation never stores a password.
    public struct DemoAccounts: Sendable {
        public let identities: [Identity]
        public let password: String
    }

    public func ensureAccounts(access: AccessService) async throws -> DemoAccounts {
        let firstSchool = try await store.read { try $0.schoolCodes(district: "FUSD").first } ?? "1"
        let identities = [
            Identity(username: "admin", role: .partnershipAdmin, district: nil),
            Identity(username: "fusd.steward", role: .dataSteward, district: "FUSD"),
            Identity(username: "fusd.leader", role: .districtLeader, district: "FUSD"),
            Identity(username: "fusd.strand", role: .strandLead, district: "FUSD"),
            Identity(username: "fusd.principal", role: .principal, district: "FUSD", schools: [firstSchool]),
            Identity(username: "fusd.viewer", role: .viewer, district: "FUSD"),
            Identity(username: "lbusd.steward", role: .dataSteward, district: "LBUSD"),
            Identity(username: "lbusd.leader", role: .districtLeader, district: "LBUSD"),
        ]
        let password = try await store.write { db in
            if let stored = try db.setting(Self.passwordKey) { return stored }
            let password = AccessService.generatedPassword()
            try db.setSetting(Self.passwordKey, password)
            return password
        }
        let existing = Set(try await access.accounts(for: .operator("demo")).map(\.identity.username))
        for identity in identities where !existing.contains(identity.username) {
            try await access.addAccount(identity, password: password, by: .operator("demo"))
        }
        let known = Set(try await store.read { try $0.indicatorInfos() }.map(\.id))
        if existing.isEmpty {
            try await access.setPublicIndicators(Self.publicIndicators.intersection(known), by: .operator("demo"))
        }
        return DemoAccounts(identities: identities, password: password)
    }

    static let passwordKey = "demo.password"
}

extension DemoService {
    /// The demo partnership's framework (`Resources/demo-framework.json`, from `partnership-framework.md`).
    public static func framework() throws -> Framework {
        guard let url = Bundle.module.url(forResource: "demo-framework", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { throw InputError("demo-framework.json is missing from the installation") }
        return try FrameworkService.decode(data, file: "demo-framework.json")
    }

    /// Plausible targets for both demo districts: from 2008–09 (the year the partnership began) to 2011–12,
    /// absolute, yearly-gain and gap-closing rules with the Algebra target cascaded to schools; and for the
    /// Dashboard era from 2021–22 (the first full year after the pandemic) to 2025–26, including distance from
    /// standard in points. The later targets end after the last demo year, so 2022–23 and 2023–24 are judged
    /// against the interim line.
    static func demoTargets(district: String) -> [Target] {
        let fresno = district == "FUSD"
        func target(
            _ indicator: String,
            _ group: StudentGroup,
            _ rule: TargetRule,
            lowerIsBetter: Bool = false,
            from base: Int = 2009,
            to year: Int = 2012,
            measure: Measure = .share
        ) -> Target {
            Target(
                district: district,
                indicator: indicator,
                group: group,
                year: year,
                baseYear: base,
                rule: rule,
                lowerIsBetter: lowerIsBetter,
                measure: measure
            )
        }
        func dashboardEra(
            _ indicator: String,
            _ group: StudentGroup,
            _ rule: TargetRule,
            lowerIsBetter: Bool = false,
            measure: Measure = .share
        ) -> Target {
            target(indicator, group, rule, lowerIsBetter: lowerIsBetter, from: 2022, to: 2026, measure: measure)
        }
        return [
            target("grad_rate_4yr", .all, .annualGain(points: 2)),
            target("grad_rate_4yr", .englishLearner, .closeGap(fraction: 1.0 / 3)),
            target("ag_completion", .all, .absolute(value: fresno ? 35 : 45)),
            target("ela_prof_g5", .all, .absolute(value: fresno ? 45 : 55)),
            target("math_prof_g5", .all, .absolute(value: fresno ? 55 : 65)),
            target("ela_prof_g8", .englishLearner, .closeGap(fraction: 1.0 / 3)),
            target("math_prof_g8", .hispanic, .closeGap(fraction: 1.0 / 3)),
            target("alg1_g8_participation", .all, .annualGain(points: 5)),
            target("alg1_g8_proficiency", .all, .annualGain(points: 3)),
            target("el_reclassified", .all, .annualGain(points: 1.5)),
            target("ltel_share", .all, .absolute(value: 10), lowerIsBetter: true),
            dashboardEra("ela_dfs", .all, .annualGain(points: 1.5), measure: .points),
            dashboardEra("math_dfs", .all, .absolute(value: fresno ? -55 : -30), measure: .points),
            dashboardEra("ela_dfs", .englishLearner, .closeGap(fraction: 1.0 / 3), measure: .points),
            dashboardEra("grad_rate_4yr", .all, .annualGain(points: 0.5)),
            dashboardEra("ela_prof_g5", .all, .annualGain(points: 2)),
            dashboardEra("math_prof_g5", .all, .annualGain(points: 2)),
            dashboardEra("ap_participation", .all, .absolute(value: fresno ? 12 : 18)),
            dashboardEra("el_annual_progress", .all, .absolute(value: 45)),
            dashboardEra("ltel_share", .all, .absolute(value: fresno ? 45 : 55), lowerIsBetter: true),
        ]
    }

    /// Saves the demo framework and the demo targets, once (when the database has no framework yet).
    public func ensureFrameworkAndTargets() async throws {
        let frameworks = FrameworkService(store: store)
        guard try await frameworks.current() == nil else { return }
        try await frameworks.save(try Self.framework(), by: .operator("demo"))
        let targets = TargetService(store: store)
        for district in ["FUSD", "LBUSD"] {
            for target in Self.demoTargets(district: district) { try await targets.add(target, by: .operator("demo")) }
            try await targets.cascade(Self.demoTargets(district: district).first { $0.indicator == "alg1_g8_proficiency" }!, by: .operator("demo"))
        }
    }
}
