public import TandemDomain

/// Applies the partnership's small-group rule to the cube, one (indicator, district, year) slice at a
/// time, and then protects what the rule leaves exposed when breakdowns are combined.
///
/// 1. The rule (`SuppressionRule`, the one function): the small cells, and a complement in each
///    breakdown a reader could subtract within a slice — at every place `ALL` into the race groups, into
///    `F`/`M` and into `EL`/`RFEP`/`EO`; `EVER_EL` into `EL`/`RFEP`; and, for every group, the district
///    into its schools.
/// 2. The linked protection (`LinkedProtection`): every relation of the slice at once (`relations`), for
///    the public and for each school's principal (`principals`), with further cells hidden until every
///    small group is certified protected (`docs/suppression.md`).
public struct CubeSuppression: Sendable {
    public let rule: SuppressionRule
    /// Each indicator's measure: a share's successes are bounded by its students, a mean's points are not.
    public let measures: [String: Measure]

    public init(rule: SuppressionRule, measures: [String: Measure]) {
        self.rule = rule
        self.measures = measures
    }

    public var level: ProtectionLevel { ProtectionLevel(minimumGroupSize: rule.minimumGroupSize) }

    /// Why each cell of a block is hidden (or that it is shown), and how many small groups no
    /// suppression could protect from some reader (`LinkedProtection.Outcome.unprotectable`).
    public struct Suppressed: Sendable {
        public var reasons: [SuppressionReason]
        public var unprotectable: Int

        init(reasons: [SuppressionReason], unprotectable: Int) {
            self.reasons = reasons
            self.unprotectable = unprotectable
        }
    }

    /// Why each cell of every block and cohort block of a cube is hidden (or that it is shown), each in its
    /// block's layout: every slice of the cube on every core at once, the slices with the most small groups
    /// first (a block at a time would leave a core idle at the end of each).
    public func reasons(_ cube: IndicatorCube) -> (blocks: [Suppressed], cohorts: [Suppressed]) {
        (reasons(cube.blocks), reasons(cube.cohorts))
    }

    /// Why each cell of a block is hidden (or that it is shown), in the block's layout.
    public func reasons(_ block: some CountBlock) -> Suppressed {
        reasons([block])[0]
    }

    /// Why each cell of each block is hidden (or that it is shown): the blocks' slices in one parallel pass,
    /// the costliest first. (A cohort block's slices before their cohort starts have no students: shown, as
    /// they hold nothing.)
    public func reasons<Block: CountBlock>(_ blocks: [Block]) -> [Suppressed] {
        let sliceSize = { (block: Block) in block.places.count * CubeBlock.groupCount }
        let jobs = blocks.indices.flatMap { block in blocks[block].slices.map { (block: block, base: $0.base) } }
        let smallGroups = jobs.map { job in
            let block = blocks[job.block]
            return (job.base..<(job.base + sliceSize(block))).reduce(0) { count, cell in
                count + (rule.isSmall(.init(numerator: Int(block.numerators[cell]), denominator: Int(block.denominators[cell]))) ? 1 : 0)
            }
        }
        let order = jobs.indices.sorted { (smallGroups[$0], -$0) > (smallGroups[$1], -$1) }
        let results = parallelMap(order) { job in
            let block = blocks[jobs[job].block]
            return reasons(block: block, measure: measures[block.indicator] ?? .share, offset: jobs[job].base, places: block.places.count)
        }
        var blockReasons = blocks.map { Array(repeating: SuppressionReason.shown, count: $0.numerators.count) }
        var unprotectable = Array(repeating: 0, count: blocks.count)
        for (index, job) in order.map({ jobs[$0] }).enumerated() {
            blockReasons[job.block].replaceSubrange(job.base..<(job.base + results[index].reasons.count), with: results[index].reasons)
            unprotectable[job.block] += results[index].unprotectable
        }
        return blocks.indices.map { Suppressed(reasons: blockReasons[$0], unprotectable: unprotectable[$0]) }
    }

    private func reasons(block: some CountBlock, measure: Measure, offset: Int, places: Int) -> Suppressed {
        let groups = CubeBlock.groupCount
        func cell(_ index: Int) -> SuppressionRule.Cell {
            SuppressionRule.Cell(numerator: Int(block.numerators[offset + index]), denominator: Int(block.denominators[offset + index]))
        }
        // Only the district and the schools with students in the slice: a place without any is a row of
        // zeros every reader knows, in no sum but as 0 (a grade-3 slice has no high schools, a late year of
        // a cohort few schools), so leaving it out changes no relation and no search, and makes both small.
        let active = (0..<places).filter { place in place == 0 || (0..<groups).contains { block.denominators[offset + place * groups + $0] > 0 } }
        let cells = active.flatMap { place in (0..<groups).map { cell(place * groups + $0) } }
        guard cells.contains(where: rule.isSmall) else {
            return Suppressed(reasons: Array(repeating: .shown, count: places * groups), unprotectable: 0)
        }
        let outcome = protect(cells, measure: measure, places: active.count)
        var reasons = Array(repeating: SuppressionReason.shown, count: places * groups)
        for (compact, place) in active.enumerated() {
            reasons.replaceSubrange((place * groups)..<((place + 1) * groups), with: outcome.reasons[(compact * groups)..<((compact + 1) * groups)])
        }
        return Suppressed(reasons: reasons, unprotectable: outcome.unprotectable.count)
    }

    /// The rule and the linked protection over one slice of `places` places, each with every group.
    private func protect(_ cells: [SuppressionRule.Cell], measure: Measure, places: Int) -> LinkedProtection.Outcome {
        let initial = rule.suppressed(cells, breakdowns: Self.breakdowns(places: places))
        let table = LinkedTable(
            cells: cells,
            relations: Self.relations(places: places),
            measure: measure,
            mayBeEmpty: Self.placesHidingEmptyGroups(initial: initial, places: places)
        )
        return LinkedProtection(level: level)
            .protect(
                table,
                initial: initial,
                readers: Self.principals(cells: cells, places: places),
                place: cells.indices.map { $0 / CubeBlock.groupCount }
            )
    }

    /// The places that publish their empty groups as hidden: those where the rule hides some cell. There a
    /// group shown as empty would tell a reader which groups the hidden students are in (a school whose
    /// cohort is one student would give that student's race, gender and EL status, and with them the
    /// student's result through the district's sums), so each of the place's cells, hidden, may be empty.
    public static func placesHidingEmptyGroups(initial: [Bool], places: Int) -> [Bool] {
        let groups = CubeBlock.groupCount
        let hidesACell = (0..<places).map { place in initial[(place * groups)..<((place + 1) * groups)].contains(true) }
        return (0..<(places * groups)).map { hidesACell[$0 / groups] }
    }

    /// What a reader of the published slice can tell of each hidden cell's students: a place that shows
    /// one of its groups as empty does not hide empty groups, so its hidden cells have students; at any
    /// other place a hidden cell may be empty. (The audit's view; `placesHidingEmptyGroups` is what the
    /// protection assumes, never more than this.)
    public static func mayBeEmptyAsPublished(cells: [SuppressionRule.Cell], hidden: [Bool], places: Int) -> [Bool] {
        let groups = CubeBlock.groupCount
        let showsAnEmptyGroup = (0..<places).map { place in
            (place * groups..<(place + 1) * groups).contains { cells[$0].denominator == 0 && !hidden[$0] }
        }
        return cells.indices.map { !showsAnEmptyGroup[$0 / groups] }
    }

    private static let groupIndex = Dictionary(uniqueKeysWithValues: StudentGroup.allCases.enumerated().map { ($1, $0) })

    /// Group breakdowns within a place: (total, parts).
    private static let groupBreakdowns: [(StudentGroup, [StudentGroup])] = [
        (.all, [.hispanic, .africanAmerican, .white, .asian, .filipino, .pacificIslander, .americanIndian, .twoOrMore]),
        (.all, [.female, .male]),
        (.all, [.englishLearner, .reclassified, .englishOnly]),
        (.everEnglishLearner, [.englishLearner, .reclassified]),
    ]

    /// The breakdowns of a slice of `places` places (the district first, then its schools;
    /// `StudentGroup.allCases` order within each): the partitions at each place, then each group's
    /// district into its schools.
    public static func breakdowns(places: Int) -> [SuppressionRule.Breakdown] {
        let groups = CubeBlock.groupCount
        var breakdowns: [SuppressionRule.Breakdown] = []
        for place in 0..<places {
            for (total, parts) in groupBreakdowns {
                breakdowns.append(.init(total: place * groups + groupIndex[total]!, parts: parts.map { place * groups + groupIndex[$0]! }))
            }
        }
        if places > 1 {
            for group in 0..<groups {
                breakdowns.append(.init(total: group, parts: (1..<places).map { $0 * groups + group }))
            }
        }
        return breakdowns
    }

    /// Every relation a reader can write between the cells of a slice: the rule's breakdowns as sums, and
    /// at each place `LTEL` within `EL` and `SED`, `SWD`, `HOMELESS`, `FOSTER`, `EVER_EL` within `ALL`.
    public static func relations(places: Int) -> [LinkedTable.Relation] {
        let groups = CubeBlock.groupCount
        let sums = breakdowns(places: places).map { LinkedTable.Relation.sum(total: $0.total, parts: $0.parts) }
        let subsets: [(StudentGroup, StudentGroup)] = [
            (.longTermEnglishLearner, .englishLearner),
            (.socioeconomicallyDisadvantaged, .all), (.disability, .all), (.homeless, .all), (.foster, .all),
            (.everEnglishLearner, .all),
        ]
        return sums
            + (0..<places).flatMap { place in
                subsets.map { part, whole in
                    LinkedTable.Relation.subset(part: place * groups + groupIndex[part]!, whole: place * groups + groupIndex[whole]!)
                }
            }
    }

    /// The cells each school's principal sees unsuppressed: all of their school's, and each district cell
    /// that holds no student of another school (it is their own school's value, however it is hidden).
    public static func principals(cells: [SuppressionRule.Cell], places: Int) -> [[Int]] {
        let groups = CubeBlock.groupCount
        return (1..<max(places, 1)).map { place in
            let district = (0..<groups).filter { cells[$0].denominator > 0 && cells[$0].denominator == cells[place * groups + $0].denominator }
            return Array((place * groups)..<((place + 1) * groups)) + district
        }
    }
}
