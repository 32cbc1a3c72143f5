import GRDB
import TandemDemo
import TandemDomain
import TandemStorage

/// Remembers which demo a database holds, so `tandem demo` loads it once.
public struct DemoService: Sendable {
    public let store: TandemStore

    public init(store: TandemStore) { self.store = store }

    static let key = "demo"

    static func stamp(seed: UInt64) -> String { "seed=\(seed);generator=\(DemoGenerator.version)" }

    public func isLoaded(seed: UInt64) throws -> Bool {
        try store.metadata(DemoService.key) == DemoService.stamp(seed: seed)
    }

    public func markLoaded(seed: UInt64) throws {
        try store.setMetadata(DemoService.key, DemoService.stamp(seed: seed))
    }
}

extension DemoService {
    /// The indicators the demo partnership shows signed-out visitors: the founding agreement's
    /// accountability indicators (`partnership-framework.md`) and the two Algebra 1 indicators.
    public static let publicIndicators: Set<String> = [
        "ela_prof_g5", "math_prof_g5", "ela_prof_g8", "math_prof_g8", "grad_rate_4yr", "ag_completion",
        "ap_participation", "ap_pass", "sat_act_participation", "alg1_g8_participation", "alg1_g8_proficiency",
    ]

    /// One demo account per role (two districts' worth), made once per database, all with one generated
    /// password that the demo keeps in its metadata so it can print it on every run. Synthetic data
    /// only: a real installation never stores a password.
    public struct DemoAccounts: Sendable {
        public let identities: [Identity]
        public let password: String
    }

    public func ensureAccounts(access: AccessService) throws -> DemoAccounts {
        let firstSchool = try store.writer.read { db in
            try String.fetchOne(db, sql: "SELECT school_code FROM school WHERE district_code = 'FUSD' ORDER BY school_code") ?? "1"
        }
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
        let password: String
        if let stored = try store.metadata(Self.passwordKey) {
            password = stored
        } else {
            password = AccessService.generatedPassword()
            try store.setMetadata(Self.passwordKey, password)
        }
        let existing = Set(try access.accounts(for: .operator("demo")).map(\.identity.username))
        for identity in identities where !existing.contains(identity.username) {
            try access.addAccount(identity, password: password, by: .operator("demo"))
        }
        let known = try store.writer.read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM indicator_definition")) }
        if existing.isEmpty {
            try access.setPublicIndicators(Self.publicIndicators.intersection(known), by: .operator("demo"))
        }
        return DemoAccounts(identities: identities, password: password)
    }

    static let passwordKey = "demo.password"
}
