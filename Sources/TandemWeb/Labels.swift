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
}
