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

        init(slices: [Suppressed]) {
            reasons = slices.flatMap(\.reasons)
            unprotectable = slices.reduce(0) { $0 + $1.unprotectable }
        }

        init(reasons: [SuppressionReason], unprotectable: Int) {
            self.reasons = reasons
            self.unprotectable = unprotectable
        }
    }

    /// Why each cell of a block is hidden (or that it is shown), in the block's layout.
    public func reasons(_ block: CubeBlock) -> Suppressed {
        let sliceSize = block.places.count * CubeBlock.groupCount
        let measure = measures[block.indicator] ?? .share
        return Suppressed(
            slices: parallelMap(Array(0..<block.yearCount)) { yearOffset in
                reasons(block: block, measure: measure, offset: yearOffset * sliceSize, places: block.places.count)
            }
        )
    }

    /// Why each cell of a cohort block is hidden (or that it is shown), in the block's layout.
    public func reasons(_ block: CohortBlock) -> Suppressed {
        let sliceSize = block.places.count * CubeBlock.groupCount
        let measure = measures[block.indicator] ?? .share
        return Suppressed(
            slices: parallelMap(Array(0..<(block.yearCount * block.yearCount))) { slice in
                reasons(block: block, measure: measure, offset: slice * sliceSize, places: block.places.count)
            }
        )
    }

    private func reasons(block: some CountBlock, measure: Measure, offset: Int, places: Int) -> Suppressed {
        let cells = (0..<(places * CubeBlock.groupCount)).map {
            SuppressionRule.Cell(numerator: Int(block.numerators[offset + $0]), denominator: Int(block.denominators[offset + $0]))
        }
        guard cells.contains(where: rule.isSmall) else {
            return Suppressed(reasons: Array(repeating: .shown, count: cells.count), unprotectable: 0)
        }
        let initial = rule.suppressed(cells, breakdowns: Self.breakdowns(places: places))
        let table = LinkedTable(
            cells: cells,
            relations: Self.relations(places: places),
            measure: measure,
            mayBeEmpty: Self.placesHidingEmptyGroups(initial: initial, places: places)
        )
        let outcome = LinkedProtection(level: level)
            .protect(
                table,
                initial: initial,
                readers: Self.principals(cells: cells, places: places),
                place: cells.indices.map { $0 / CubeBlock.groupCount }
            )
        return Suppressed(reasons: outcome.reasons, unprotectable: outcome.unprotectable.count)
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
