public import TandemDomain

/// Applies the partnership's small-group rule (`SuppressionRule`, the one function) to the cube, one
/// (indicator, district, year) slice at a time.
///
/// The breakdowns a reader could subtract within a slice, at every place: `ALL` into the race groups,
/// into `F`/`M`, and into `EL`/`RFEP`/`EO`; `EVER_EL` into `EL`/`RFEP`; and, for every group, the
/// district into its schools. (Groups that are one part of a total with an unpublished remainder, such as
/// `SED` or `LTEL`, form no breakdown: nothing published lets a reader subtract them.)
public struct CubeSuppression: Sendable {
    public let rule: SuppressionRule

    public init(rule: SuppressionRule) { self.rule = rule }

    /// The suppressed flag of every cell of a block, in the block's layout.
    public func flags(_ block: CubeBlock) -> [Bool] {
        let sliceSize = block.places.count * CubeBlock.groupCount
        let slices = parallelMap(Array(0..<block.yearCount)) { yearOffset in
            flags(numerators: block.numerators, denominators: block.denominators, offset: yearOffset * sliceSize, places: block.places.count)
        }
        return slices.flatMap { $0 }
    }

    /// The suppressed flag of every cell of a cohort block, in the block's layout.
    public func flags(_ block: CohortBlock) -> [Bool] {
        let sliceSize = block.places.count * CubeBlock.groupCount
        let slices = parallelMap(Array(0..<(block.yearCount * block.yearCount))) { slice in
            flags(numerators: block.numerators, denominators: block.denominators, offset: slice * sliceSize, places: block.places.count)
        }
        return slices.flatMap { $0 }
    }

    private func flags(numerators: [Int32], denominators: [Int32], offset: Int, places: Int) -> [Bool] {
        let groups = CubeBlock.groupCount
        let cells = (0..<(places * groups)).map {
            SuppressionRule.Cell(numerator: Int(numerators[offset + $0]), denominator: Int(denominators[offset + $0]))
        }
        guard cells.contains(where: { $0.denominator > 0 && $0.denominator < rule.minimumGroupSize }) else {
            return Array(repeating: false, count: cells.count)
        }
        return rule.suppressed(cells, breakdowns: Self.breakdowns(places: places))
    }

    private static let groupIndex = Dictionary(uniqueKeysWithValues: StudentGroup.allCases.enumerated().map { ($1, $0) })

    /// Group breakdowns within a place: (total, parts).
    private static let groupBreakdowns: [(StudentGroup, [StudentGroup])] = [
        (.all, [.hispanic, .africanAmerican, .white, .asian, .filipino, .pacificIslander, .americanIndian, .twoOrMore]),
        (.all, [.female, .male]),
        (.all, [.englishLearner, .reclassified, .englishOnly]),
        (.everEnglishLearner, [.englishLearner, .reclassified]),
    ]

    static func breakdowns(places: Int) -> [SuppressionRule.Breakdown] {
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
}
