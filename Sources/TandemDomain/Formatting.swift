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
