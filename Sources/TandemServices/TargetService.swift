public import Foundation
public import TandemDomain
public import TandemPorts

/// A district's targets: set, changed, removed and cascaded to schools by its data steward (or the
/// operator), each change kept in the target's history and in the audit log.
public struct TargetService: Sendable {
    let store: any TandemStore
    private let clock: @Sendable () -> Date

    public init(store: any TandemStore, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    var timestamp: String { Timestamp.string(clock()) }

    public func targets(district: String) async throws -> [StoredTarget] {
        try await store.read { try $0.targets(district: district) }
    }

    public func history(of target: Target) async throws -> [TargetChange] {
        try await store.read { try $0.targetHistory(of: target) }
    }

    /// Adds a target; refused if one with the same district, indicator, place, group and year exists.
    public func add(_ target: Target, by caller: Caller) async throws {
        try await write(target, by: caller) { existing in
            if existing != nil {
                throw InputError("\(Self.describe(target)) already has a target for \(schoolYearLabel(target.year)): change it instead")
            }
            return "set"
        }
    }

    /// Changes a stored target's rule or base year (a change to its key is a new target).
    public func change(_ target: Target, by caller: Caller) async throws {
        try await write(target, by: caller) { existing in
            guard existing != nil else { throw InputError("\(Self.describe(target)) has no target for \(schoolYearLabel(target.year)) to change") }
            return "changed"
        }
    }

    public func remove(_ target: Target, by caller: Caller) async throws {
        try authorize(target, caller)
        let stamp = Stamp(actor: caller.name, at: timestamp)
        try await store.write { db in
            guard let existing = try db.target(sameKeyAs: target) else {
                throw InputError("\(Self.describe(target)) has no target for \(schoolYearLabel(target.year))")
            }
            try db.deleteTarget(
                target,
                change: stamp.history("removed", before: Self.ruleText(existing.target), after: nil)
            )
            try db.appendAudit(stamp.audit(target, "removed: \(Self.describe(target)), \(schoolYearLabel(target.year))"))
        }
    }

    /// Gives every school of the district that has values of the indicator the district's target by the
    /// cascade rule (`Target.cascaded`), unless the school has its own (not cascaded) target. How many
    /// schools got it.
    @discardableResult
    public func cascade(_ target: Target, by caller: Caller) async throws -> Int {
        guard target.school == nil else { throw InputError("only a district-level target is cascaded to schools") }
        try authorize(target, caller)
        let stamp = Stamp(actor: caller.name, at: timestamp)
        return try await store.write { db in
            guard try db.target(sameKeyAs: target) != nil else {
                throw InputError("\(Self.describe(target)) has no district target for \(schoolYearLabel(target.year)) to cascade")
            }
            var count = 0
            for school in try db.schoolsWithValues(district: target.district, indicator: target.indicator, group: target.group) {
                let copy = target.cascaded(to: school.code)
                let existing = try db.target(sameKeyAs: copy)
                if let existing, !existing.cascaded { continue }
                try db.saveTarget(
                    copy,
                    cascaded: true,
                    change: stamp.history("cascaded", before: existing.map { Self.ruleText($0.target) }, after: Self.ruleText(copy))
                )
                count += 1
            }
            try db.appendAudit(stamp.audit(target, "cascaded to \(count) schools: \(Self.describe(target)), \(schoolYearLabel(target.year))"))
            return count
        }
    }

    /// Checks, decides (`decide` names the change, or refuses) and saves with its history and audit event,
    /// in one transaction.
    private func write(
        _ target: Target,
        by caller: Caller,
        _ decide: @escaping @Sendable (StoredTarget?) throws -> String
    ) async throws {
        try authorize(target, caller)
        let stamp = Stamp(actor: caller.name, at: timestamp)
        try await store.write { db in
            try Self.validate(target, db)
            let existing = try db.target(sameKeyAs: target)
            let change = try decide(existing)
            try db.saveTarget(
                target,
                cascaded: false,
                change: stamp.history(change, before: existing.map { Self.ruleText($0.target) }, after: Self.ruleText(target))
            )
            try db.appendAudit(stamp.audit(target, "\(change): \(Self.describe(target)): \(Self.ruleText(target))"))
        }
    }

    private func authorize(_ target: Target, _ caller: Caller) throws {
        if case .account(let identity) = caller, !identity.maySetTargets(of: target.district) {
            throw AccessError.notAllowed("\(identity.username) may not set the targets of \(target.district)")
        }
    }

    /// The target names a known indicator, district, school and sensible years, and its rule is sound.
    private static func validate(_ target: Target, _ db: any StoreReader) throws {
        if let problem = target.problem { throw InputError(problem) }
        guard let indicator = try db.indicatorInfos().first(where: { $0.id == target.indicator }) else {
            throw InputError("there is no indicator \(target.indicator)")
        }
        guard indicator.lowerIsBetter == target.lowerIsBetter else {
            throw InputError("\(target.indicator) is better when \(indicator.lowerIsBetter ? "lower" : "higher")")
        }
        guard indicator.measure == target.measure else {
            throw InputError("\(target.indicator) is measured in \(indicator.measure.unitName)")
        }
        guard try db.districtCodes().contains(target.district) else {
            throw InputError("there is no district \(target.district)")
        }
        if let school = target.school, try !db.schoolCodes(district: target.district).contains(school) {
            throw InputError("\(target.district) has no school \(school)")
        }
        guard (2000...2100).contains(target.baseYear), target.year - target.baseYear <= 20 else {
            throw InputError("a target counts from a school year between 1999–00 and 2099–00 and looks at most 20 years ahead")
        }
    }

    /// "grad_rate_4yr, FUSD school 101, EL".
    static func describe(_ target: Target) -> String {
        "\(target.indicator), \(target.district)\(target.school.map { " school \($0)" } ?? ""), \(target.group.rawValue)"
    }

    /// The rule in words with its years.
    public static func ruleText(_ target: Target) -> String {
        target.rule.description(baseYear: target.baseYear, year: target.year, lowerIsBetter: target.lowerIsBetter, measure: target.measure)
    }

    /// Who changed targets and when: a change's history line and its audit event say the same.
    private struct Stamp: Sendable {
        let actor: String
        let at: String

        func history(_ change: String, before: String?, after: String?) -> TargetChange {
            TargetChange(at: at, actor: actor, change: change, before: before, after: after)
        }

        func audit(_ target: Target, _ subject: String) -> AuditEvent {
            AuditEvent(at: at, actor: actor, action: .targetChanged, district: target.district, subject: subject)
        }
    }
}
