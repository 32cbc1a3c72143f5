public import TandemDomain

/// What every results page and answer says about the values it carries: when they were computed, from
/// which definitions, the small-group rule they passed, whether the records are synthetic, and the
/// districts in their order (a district's colour follows its place here).
public struct ResultsFrame: Codable, Sendable, Hashable {
    public let computedAt: String
    public let definitionVersion: String
    public let minimumGroupSize: Int
    /// The database holds the synthetic demo: every page says so.
    public let synthetic: Bool
    /// Records were loaded after these values were computed.
    public let valuesPredateLatestLoad: Bool
    public let districts: [DistrictInfo]
    /// Every computed school year, oldest first.
    public let years: [Int]
}

extension ResultsView {
    public var frame: ResultsFrame {
        ResultsFrame(
            computedAt: computedAt,
            definitionVersion: definitionVersion,
            minimumGroupSize: minimumGroupSize,
            synthetic: isSynthetic,
            valuesPredateLatestLoad: valuesPredateLatestLoad,
            districts: districts,
            years: years
        )
    }
}
