/// How numbers and school years are written for people, on the command line and in pages alike.
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

/// `2008–09` for the school year ending in 2009.
public func schoolYearLabel(_ year: Int) -> String {
    let end = year % 100
    return "\(year - 1)–\(end < 10 ? "0" : "")\(end)"
}
