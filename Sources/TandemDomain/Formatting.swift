/// How numbers are written for people, on the command line, in pages and in a count's value alike (school
/// years: `schoolYearLabel`).
extension Int {
    /// `1,234,567`.
    public var grouped: String {
        let digits = String(magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return self < 0 ? "-" + result : result
    }
}

extension Double {
    /// The number as a district writes it in a file: `600`, not `600.0`; `401.5`.
    public var plain: String { Int(exactly: self).map(String.init) ?? String(self) }

    /// The value to `places` decimals, half away from zero, without Foundation: `1.67`, `-0.50`.
    public func fixed(_ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((magnitude * scale).rounded(.toNearestOrAwayFromZero))
        let whole = scaled / Int(scale)
        let fraction = String(scaled % Int(scale))
        let digits = places == 0 ? "" : "." + String(repeating: "0", count: places - fraction.count) + fraction
        return (self < 0 && scaled != 0 ? "-" : "") + String(whole) + digits
    }
}
