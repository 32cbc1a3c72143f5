public import TandemDomain

/// A value as a table cell gives it: the rate (or mean) with the students it counts, or why it is not
/// given. A value its own district sees although partners do not is marked (`ownOnly`: the pages put one mark
/// on the cell and one legend on the page), so nobody passes it on unawares.
public struct ValueCell: Codable, Sendable, Hashable {
    /// `53.2%`, `-30.1 points`; `–` when nothing was computed; `*` when hidden from this reader.
    public let rate: String
    /// The counts in words (`864 of 2,274`, `mean of 1,020 students`) or why the value is not shown.
    public let detail: String
    /// The students counted, with thousands separators; `nil` when not shown.
    public let n: String?
    public let missing: Bool
    /// Shown to its own district, hidden from partners.
    public let ownOnly: Bool
    /// The value as a number (percent, or points for a mean), for charts; `nil` when not shown.
    public let shown: Double?

    public init(_ value: PublishedValue?, minimumGroupSize: Int) {
        guard let value else {
            self.init(rate: "–", detail: "no students", n: nil, missing: true, ownOnly: false, shown: nil)
            return
        }
        guard let counts = value.counts, let text = value.text else {
            self.init(
                rate: "*",
                detail: "fewer than \(minimumGroupSize) students, or would reveal a small group",
                n: nil,
                missing: true,
                ownOnly: false,
                shown: nil
            )
            return
        }
        let counted =
            switch value.measure {
            case .share: "\(counts.numerator.grouped) of \(counts.denominator.grouped)"
            case .points: "mean of \(counts.denominator.grouped) students"
            case .count: "n = \(counts.denominator.grouped)"
            }
        self.init(rate: text, detail: counted, n: counts.denominator.grouped, missing: false, ownOnly: value.isOwnDistrictOnly, shown: value.shown)
    }

    /// The counts in words as a chart's tooltip gives them, where a cell's mark cannot be drawn.
    public var chartNote: String { ownOnly ? detail + ", your district only" : detail }

    init(rate: String, detail: String, n: String?, missing: Bool, ownOnly: Bool, shown: Double?) {
        self.rate = rate
        self.detail = detail
        self.n = n
        self.missing = missing
        self.ownOnly = ownOnly
        self.shown = shown
    }
}
