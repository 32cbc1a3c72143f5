import Foundation
import GRDB
import TandemDomain
import TandemStorage

/// A district's targets: set, changed, removed and cascaded to schools by its data steward (or the
/// operator), each change kept in the target's history and in the audit log.
public struct TargetService: Sendable {
    public let store: TandemStore
    private let clock: @Sendable () -> Date

    public init(store: TandemStore, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    var timestamp: String { ImportService.timestamp(clock()) }

    public func targets(district: String) throws -> [StoredTarget] {
        try store.writer.read { try TargetTable.all($0, district: district) }
    }

    public func history(of target: Target) throws -> [TargetChange] {
        try store.writer.read { try TargetTable.history($0, of: target) }
    }

    /// Adds a target; refused if one with the same district, indicator, place, group and year exists.
    public func add(_ target: Target, by caller: Caller) throws {
        try write(target, by: caller) { db, existing in
            if existing != nil {
                throw AccessError.invalid("\(Self.describe(target)) already has a target for \(schoolYearLabel(target.year)): change it instead")
            }
            return ("set", false)
        }
    }

    /// Changes a stored target's rule or base year (a change to its key is a new target).
    public func change(_ target: Target, by caller: Caller) throws {
        try write(target, by: caller) { _, existing in
            guard existing != nil else { throw AccessError.invalid("\(Self.describe(target)) has no target for \(schoolYearLabel(target.year)) to change") }
            return ("changed", false)
        }
    }

    public func remove(_ target: Target, by caller: Caller) throws {
        try authorize(target, caller)
        try store.writer.write { db in
            guard let existing = try TargetTable.find(db, sameKeyAs: target) else {
                throw AccessError.invalid("\(Self.describe(target)) has no target for \(schoolYearLabel(target.year))")
            }
            try TargetTable.delete(db, target, by: caller.name, at: timestamp, before: Self.ruleText(existing.target))
            try AuditLogTable.append(db, at: timestamp, actor: caller.name, action: .targetChanged, district: target.district,
                                     subject: "removed: \(Self.describe(target)), \(schoolYearLabel(target.year))")
        }
    }

    /// Gives every school of the district that has values of the indicator the district's target by the
    /// cascade rule (`Target.cascaded`), unless the school has its own (not cascaded) target. How many
    /// schools got it.
    @discardableResult
    public func cascade(_ target: Target, by caller: Caller) throws -> Int {
        guard target.school == nil else { throw AccessError.invalid("only a district-level target is cascaded to schools") }
        try authorize(target, caller)
        return try store.writer.write { db in
            guard try TargetTable.find(db, sameKeyAs: target) != nil else {
                throw AccessError.invalid("\(Self.describe(target)) has no district target for \(schoolYearLabel(target.year)) to cascade")
            }
            let schools = try String.fetchAll(db, sql: """
                SELECT DISTINCT school_code FROM indicator_value
                WHERE district_code = ? AND indicator = ? AND school_code <> '' AND student_group = ? ORDER BY 1
                """, arguments: [target.district, target.indicator, target.group.rawValue])
            var count = 0
            for school in schools {
                let copy = target.cascaded(to: school)
                let existing = try TargetTable.find(db, sameKeyAs: copy)
                if let existing, !existing.cascaded { continue }
                try TargetTable.save(db, copy, cascaded: true, by: caller.name, at: timestamp, change: "cascaded",
                                     before: existing.map { Self.ruleText($0.target) }, after: Self.ruleText(copy))
                count += 1
            }
            try AuditLogTable.append(db, at: timestamp, actor: caller.name, action: .targetChanged, district: target.district,
                                     subject: "cascaded to \(count) schools: \(Self.describe(target)), \(schoolYearLabel(target.year))")
            return count
        }
    }

    private func write(_ target: Target, by caller: Caller, _ decide: (Database, StoredTarget?) throws -> (String, Bool)) throws {
        try authorize(target, caller)
        try store.writer.write { db in
            try validate(target, db)
            let existing = try TargetTable.find(db, sameKeyAs: target)
            let (change, cascaded) = try decide(db, existing)
            try TargetTable.save(db, target, cascaded: cascaded, by: caller.name, at: timestamp, change: change,
                                 before: existing.map { Self.ruleText($0.target) }, after: Self.ruleText(target))
            try AuditLogTable.append(db, at: timestamp, actor: caller.name, action: .targetChanged, district: target.district,
                                     subject: "\(change): \(Self.describe(target)): \(Self.ruleText(target))")
        }
    }

    private func authorize(_ target: Target, _ caller: Caller) throws {
        if case .account(let identity) = caller, !identity.maySetTargets(of: target.district) {
            throw AccessError.notAllowed("\(identity.username) may not set the targets of \(target.district)")
        }
    }

    /// The target names a known indicator, district, school and sensible years, and its rule is sound.
    private func validate(_ target: Target, _ db: Database) throws {
        if let problem = target.problem { throw AccessError.invalid(problem) }
        guard let row = try Row.fetchOne(db, sql: "SELECT lower_is_better, measure FROM indicator_definition WHERE id = ?",
                                         arguments: [target.indicator]) else {
            throw AccessError.invalid("there is no indicator \(target.indicator)")
        }
        let lowerIsBetter: Bool = row[0], measure = Measure(rawValue: row[1]) ?? .share
        guard lowerIsBetter == target.lowerIsBetter else {
            throw AccessError.invalid("\(target.indicator) is better when \(lowerIsBetter ? "lower" : "higher")")
        }
        guard measure == target.measure else {
            throw AccessError.invalid("\(target.indicator) is measured in \(measure == .points ? "points from the standard" : "percent")")
        }
        guard try Int.fetchOne(db, sql: "SELECT 1 FROM district WHERE code = ?", arguments: [target.district]) != nil else {
            throw AccessError.invalid("there is no district \(target.district)")
        }
        if let school = target.school,
           try Int.fetchOne(db, sql: "SELECT 1 FROM school WHERE district_code = ? AND school_code = ?", arguments: [target.district, school]) == nil {
            throw AccessError.invalid("\(target.district) has no school \(school)")
        }
        guard (2000...2100).contains(target.baseYear), target.year - target.baseYear <= 20 else {
            throw AccessError.invalid("a target counts from a school year between 1999–00 and 2099–00 and looks at most 20 years ahead")
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
}
