import Foundation
import TandemDisclosure
import TandemDomain
import Testing

@testable import TandemEngine

/// The audit on slices shaped as the cube's: random districts of real students (so every relation below
/// holds as it does in the cube, remainders included), hidden by the
/// small-group rule and then by the linked protection (`CubeSuppression`, as `tandem compute` does), audited afresh for the public and for each school's
/// principal, and the audit's intervals compared with an independent program solved by SciPy
/// (`Tests/disclosure/intervals.py`, HiGHS).
@Suite struct CubeSuppressionAuditTests {
    static let rule = SuppressionRule()
    static let level = ProtectionLevel(minimumGroupSize: rule.minimumGroupSize)
    static let groups = StudentGroup.allCases
    static let seeds = Array(1...12)

    /// A student's groups and result.
    struct Student {
        var school: Int
        var groups: [StudentGroup]
        var met: Bool
    }

    /// The same district for the same seed, on every machine (`SplitMix64`, beside the byte-key tests).
    struct Random {
        var generator: SplitMix64
        init(state: UInt64) { generator = SplitMix64(seed: state) }
        mutating func below(_ bound: Int) -> Int { Int(generator.next() % UInt64(bound)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    /// One district, one year: two to five schools of 0 to 59 students each, so that small groups are
    /// common; a few students with no race or gender reported (remainders no group publishes).
    static func block(seed: Int) -> CubeBlock {
        var random = Random(state: UInt64(seed) &* 7919)
        let schools = 2 + random.below(4)
        let races: [StudentGroup] = [.hispanic, .africanAmerican, .white, .asian, .filipino, .pacificIslander, .americanIndian, .twoOrMore]
        var students: [Student] = []
        for school in 1...schools {
            for _ in 0..<random.below(60) {
                var groups: [StudentGroup] = [.all]
                // Mostly Hispanic and white, as a real district, so other races are small.
                let race = random.below(100)
                if race < 45 {
                    groups.append(.hispanic)
                } else if race < 70 {
                    groups.append(.white)
                } else if race < 97 {
                    groups.append(races[random.below(races.count)])
                }
                if !random.chance(3) { groups.append(random.chance(50) ? .female : .male) }
                let status = random.below(100)
                if status < 25 {
                    groups += [.englishLearner, .everEnglishLearner]
                    if random.chance(30) { groups.append(.longTermEnglishLearner) }
                } else if status < 45 {
                    groups += [.reclassified, .everEnglishLearner]
                } else if status < 98 {
                    groups.append(.englishOnly)
                }
                if random.chance(60) { groups.append(.socioeconomicallyDisadvantaged) }
                if random.chance(12) { groups.append(.disability) }
                if random.chance(4) { groups.append(.homeless) }
                if random.chance(3) { groups.append(.foster) }
                students.append(Student(school: school, groups: groups, met: random.chance(40)))
            }
        }
        return block(schools: schools, students: students, district: "D\(seed)")
    }

    /// A slice of one year counted from its students (schools numbered from 1).
    static func block(schools: Int, students: [Student], district: String) -> CubeBlock {
        var block = CubeBlock(
            indicator: "random",
            district: district,
            firstYear: 2011,
            yearCount: 1,
            places: Places(schoolCodes: (1...schools).map { "S\($0)" })
        )
        for student in students {
            for group in student.groups {
                let g = groups.firstIndex(of: group)!
                for place in [0, student.school] {
                    let index = block.index(yearOffset: 0, place: place, group: g)
                    block.denominators[index] += 1
                    if student.met { block.numerators[index] += 1 }
                }
            }
        }
        return block
    }

    /// The slice as a reader of `hidden` sees it: at a place that shows no empty group, a hidden cell may be empty.
    static func table(_ block: CubeBlock, hidden: [Bool]? = nil) -> LinkedTable {
        let cells = zip(block.numerators, block.denominators).map { SuppressionRule.Cell(numerator: Int($0), denominator: Int($1)) }
        return LinkedTable(
            cells: cells,
            relations: CubeSuppression.relations(places: block.places.count),
            measure: .share,
            mayBeEmpty: hidden.map { CubeSuppression.mayBeEmptyAsPublished(cells: cells, hidden: $0, places: block.places.count) }
        )
    }

    /// The readers of a slice: the public (knows nothing unsuppressed) and each school's principal.
    static func readers(_ block: CubeBlock) -> [[Int]] { [[]] + CubeSuppression.principals(cells: table(block).cells, places: block.places.count) }

    /// What `tandem compute` hides: the rule's cells, then the linked protection's.
    static func linkedHidden(_ block: CubeBlock) -> [Bool] {
        CubeSuppression(rule: rule, measures: [:]).reasons(block).reasons.map(\.isSuppressed)
    }

    @Test(arguments: seeds)
    func afterTheLinkedSuppressionNoHiddenCellCanBeWorkedOutByAnyReader(seed: Int) {
        let block = Self.block(seed: seed)
        let hidden = Self.linkedHidden(block)
        let table = Self.table(block, hidden: hidden)
        // The rule's promise first: no shown cell is a small group.
        let shownSmall = table.cells.indices.filter { !hidden[$0] && Self.level.isSensitive(table.cells[$0]) }
        #expect(shownSmall.isEmpty)
        for known in Self.readers(block) {
            let exposed = LinkedAudit(level: Self.level).exposures(table, hidden: hidden, known: known).filter { !$0.isProtected }
            #expect(exposed.isEmpty, "seed \(seed), a reader knowing \(known.count) cells: \(exposed.prefix(2))")
        }
    }

    /// A school whose cohort is one student: were its empty groups shown as empty, they would give away the
    /// student's race, gender and EL status (on the demo such places left 5,600 small groups no suppression
    /// could protect). Published as hidden (reason `emptyGroup`, at each place where the rule hides
    /// something), they leave nothing to work out, by the exact audit of what is published (where a place
    /// shows no empty group a hidden cell may be empty), for the public and for each principal.
    @Test func emptyGroupsOfAPlaceWithHiddenCellsArePublishedAsHidden() {
        var students: [Student] = []
        for index in 0..<90 {
            let race: StudentGroup = [.hispanic, .white, .asian][index % 3]
            let status: [StudentGroup] = index % 4 == 0 ? [.englishLearner, .everEnglishLearner] : [.englishOnly]
            students.append(Student(school: 1 + index % 2, groups: [.all, race, index % 2 == 0 ? .female : .male] + status, met: index % 5 < 2))
        }
        students.append(Student(school: 3, groups: [.all, .africanAmerican, .male, .englishLearner, .everEnglishLearner], met: true))
        let block = Self.block(schools: 3, students: students, district: "ONE")
        let outcome = CubeSuppression(rule: Self.rule, measures: [:]).reasons(block)
        #expect(outcome.unprotectable == 0)
        let groups = CubeBlock.groupCount
        let lone = 3 * groups
        // The lone student's school: every group hidden, the empty ones as empty groups.
        let school = Array(outcome.reasons[lone..<(lone + groups)])
        #expect(school.allSatisfy { $0.isSuppressed })
        #expect(school.filter { $0 == .emptyGroup }.count == groups - 5)
        // Empty groups are hidden only where the rule hides something: a school without a small group shows none.
        let hidden = outcome.reasons.map(\.isSuppressed)
        let table = Self.table(block, hidden: hidden)
        let districtShowsAnEmptyGroup = (0..<groups).contains { table.cells[$0].denominator == 0 && !hidden[$0] }
        #expect(table.mayBeEmpty[lone])
        #expect(districtShowsAnEmptyGroup == !table.mayBeEmpty[0])
        for known in Self.readers(block) {
            #expect(LinkedAudit(level: Self.level).unprotected(table, hidden: hidden, known: known).isEmpty, "a reader knowing \(known.count) cells")
        }
    }

    /// The small-group rule alone (what `tandem compute` applies today) gives a hidden cell away in some of
    /// these districts, and the audit finds it: the check above would fail without the linked suppression.
    @Test func theRuleAloneLeavesSomeCellExposed() {
        var exposedSlices = 0
        for seed in Self.seeds {
            let block = Self.block(seed: seed)
            let table = Self.table(block)
            let ruleAlone = Self.rule.suppressed(table.cells, breakdowns: CubeSuppression.breakdowns(places: block.places.count))
            let exposures = LinkedAudit(level: Self.level).exposures(table, hidden: ruleAlone)
            if exposures.contains(where: { !$0.isProtected }) { exposedSlices += 1 }
        }
        #expect(exposedSlices > 0)
    }

    @Test(arguments: seeds.prefix(6))
    func theAuditsIntervalsAreTheIndependentSolversIntervals(seed: Int) async throws {
        let block = Self.block(seed: seed)
        let final = Self.linkedHidden(block)
        // The rule alone leaves narrow intervals, where the exact rate span is computed: compare those too.
        let ruleAlone = Self.rule.suppressed(Self.table(block).cells, breakdowns: CubeSuppression.breakdowns(places: block.places.count))
        for hidden in [ruleAlone, final] {
            let table = Self.table(block, hidden: hidden)
            for known in Self.readers(block).prefix(2) {
                let ours = LinkedAudit(level: Self.level).exposures(table, hidden: hidden, known: known)
                let theirs = try await Self.independentIntervals(table, hidden: hidden, known: known)
                #expect(ours.map(\.cell) == theirs.map(\.cell))
                for (mine, other) in zip(ours, theirs) {
                    #expect(Self.same(mine.denominator, other.denominator), "seed \(seed), cell \(mine.cell) denominator")
                    #expect(Self.same(mine.numerator, other.numerator), "seed \(seed), cell \(mine.cell) numerator")
                    // Our rate span is certified (a span the rate can surely take), and exact where it
                    // decides: a small group whose counts hold and whose span is short of the level.
                    // An empty group published as hidden has a rate only where some table gives it students.
                    if mine.rate == nil && table.cells[mine.cell].denominator == 0 { continue }
                    guard let rate = mine.rate, let exact = other.rate else {
                        Issue.record("seed \(seed), cell \(mine.cell): a share without a rate interval")
                        continue
                    }
                    #expect(rate.lower >= exact.lower - 1e-6 && rate.upper <= exact.upper + 1e-6, "seed \(seed), cell \(mine.cell) rate")
                    let countsHold = mine.denominator.width >= 2 - 1e-6 && mine.numerator.width >= 1 - 1e-6
                    if Self.level.isSensitive(table.cells[mine.cell]) && countsHold && rate.width < Self.level.rateSpan {
                        #expect(Self.same(rate, exact), "seed \(seed), cell \(mine.cell) narrow rate")
                    }
                }
            }
        }
    }

    static func same(_ a: Interval, _ b: Interval) -> Bool {
        func close(_ x: Double, _ y: Double) -> Bool { x == y || abs(x - y) < 1e-6 }
        return close(a.lower, b.lower) && close(a.upper, b.upper)
    }

    struct SolverAnswer: Decodable {
        var cell: Int
        var denominator: [Double?]
        var numerator: [Double?]
        var rate: [Double?]?
    }

    /// The intervals by `intervals.py`, run on a thread of its own (waiting on a process must not hold
    /// one of the few threads the rest of the tests share).
    static func independentIntervals(
        _ table: LinkedTable,
        hidden: [Bool],
        known: [Int]
    ) async throws -> [(cell: Int, denominator: Interval, numerator: Interval, rate: Interval?)] {
        let relations: [Any] = table.relations.map { relation -> Any in
            switch relation {
            case .sum(let total, let parts): ["sum": [total, parts] as [Any]]
            case .subset(let part, let whole): ["subset": [part, whole]]
            }
        }
        let input: [String: Any] = [
            "measure": table.measure == .share ? "share" : "points",
            "cells": table.cells.map { [$0.numerator, $0.denominator] },
            "relations": relations, "hidden": hidden, "known": known, "mayBeEmpty": table.mayBeEmpty,
        ]
        let data = try JSONSerialization.data(withJSONObject: input)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("disclosure/intervals.py").path
        let output = try await onOwnThread { try run(["python3", script], input: data) }
        func interval(_ pair: [Double?]) -> Interval { Interval(lower: pair[0] ?? -.infinity, upper: pair[1] ?? .infinity) }
        return try JSONDecoder().decode([SolverAnswer].self, from: output).map {
            ($0.cell, interval($0.denominator), interval($0.numerator), $0.rate.map(interval))
        }
    }

    static func run(_ arguments: [String], input: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // Write from another thread: a large table could fill the pipe while the script waits to be read.
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SolverFailed(status: process.terminationStatus) }
        return output
    }

    struct SolverFailed: Error { var status: Int32 }

    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
