import TandemDomain

/// Words for ids, as a board member would read them.
enum Labels {
    static func group(_ group: StudentGroup) -> String {
        switch group {
        case .all: "All students"
        case .hispanic: "Hispanic or Latino"
        case .africanAmerican: "African American"
        case .white: "White"
        case .asian: "Asian"
        case .filipino: "Filipino"
        case .pacificIslander: "Pacific Islander"
        case .americanIndian: "American Indian or Alaska Native"
        case .twoOrMore: "Two or more races"
        case .socioeconomicallyDisadvantaged: "Socioeconomically disadvantaged"
        case .disability: "Students with disabilities"
        case .englishLearner: "English learners"
        case .reclassified: "Reclassified (RFEP)"
        case .everEnglishLearner: "Ever English learners (EL or RFEP)"
        case .longTermEnglishLearner: "Long-term English learners"
        case .englishOnly: "English only"
        case .female: "Female"
        case .male: "Male"
        case .homeless: "Homeless"
        case .foster: "Foster youth"
        }
    }

    /// `2008–09` for the school year ending in 2009.
    static func schoolYear(_ year: Int) -> String {
        let end = year % 100
        return "\(year - 1)–\(end < 10 ? "0" : "")\(end)"
    }

    static func count(_ number: Int) -> String {
        var digits = String(number)
        var result = ""
        while digits.count > 3 {
            result = "," + digits.suffix(3) + result
            digits.removeLast(3)
        }
        return digits + result
    }
}
