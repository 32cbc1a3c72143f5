public import TandemDomain

/// Applies the partnership's small-group rule to the cube, one (indicator, district, year) slice at a
/// time: the small cells, and a complement in each breakdown (`SuppressionRule`, the one function).
///
/// The breakdowns a reader could subtract within a slice, at every place: `ALL` into the race groups,
/// into `F`/`M`, and into `EL`/`RFEP`/`EO`; `EVER_EL` into `EL`/`RFEP`; and, for every group, the
/// district into its schools. (Groups that are one part of a total with an unpublished remainder, such as
/// `SED` or `LTEL`, form no breakdown: nothing published lets a reader subtract them.) Breakdowns combined
/// can still pin a hidden cell; `TandemDisclosure` audits a slice as a whole (`docs/suppression.md`,
/// issue 13), but `tandem compute` does not yet apply it.
public struct CubeSuppression: Sendable {
    public let rule: SuppressionRule

    public init(rule: SuppressionRule) { self.rule = rule }

    /// Why each cell of a block is hidden (or that it is shown), in the block's layout.
    public func reasons(_ block: CubeBlock) -> [SuppressionReason] {
        let sliceSize = block.places.count * CubeBlock.groupCount
        let slices = parallelMap(Array(0..<block.yearCount)) { yearOffset in
            reasons(block: block, offset: yearOffset * sliceSize, places: block.places.count)
        }
        return slices.flatMap { $0 }
    }

    /// Why each cell of a cohort block is hidden (or that it is shown), in the block's layout.
    public func reasons(_ block: CohortBlock) -> [SuppressionReason] {
        let sliceSize = block.places.count * CubeBlock.groupCount
        let slices = parallelMap(Array(0..<(block.yearCount * block.yearCount))) { slice in
            reasons(block: block, offset: slice * sliceSize, places: block.places.count)
        }
        return slices.flatMap { $0 }
    }

    private func reasons(block: some CountBlock, offset: Int, places: Int) -> [SuppressionReason] {
        let cells = (0..<(places * CubeBlock.groupCount)).map {
            SuppressionRule.Cell(numerator: Int(block.numerators[offset + $0]), denominator: Int(block.denominators[offset + $0]))
        }
        guard cells.contains(where: { $0.denominator > 0 && $0.denominator < rule.minimumGroupSize }) else {
            return Array(repeating: .shown, count: cells.count)
        }
        return zip(rule.suppressed(cells, breakdowns: Self.breakdowns(places: places)), cells).map { hidden, cell in
            guard hidden else { return .shown }
            return cell.denominator < rule.minimumGroupSize ? .smallGroup : .complementary
        }
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
}
