import TandemDomain
import TandemServices

/// What the header and footer of every results page show (`header.mustache`, `footer.mustache`): a
/// typed page holds one and renders the partials inside `{{#layout}}`.
struct PageLayout: Sendable {
    let title: String
    let synthetic: Bool
    let computedAt: String
    let definitionVersion: String
    let minimumGroupSize: Int
    let districtKey: [DistrictKey]
    let navigation: [NavigationLink]

    struct DistrictKey: Sendable {
        let name: String
        let swatch: String
    }

    init(_ frame: ResultsFrame, title: String, navigation: [NavigationLink]) {
        self.title = title
        synthetic = frame.synthetic
        computedAt = frame.computedAt
        definitionVersion = frame.definitionVersion
        minimumGroupSize = frame.minimumGroupSize
        districtKey = frame.districts.enumerated().map { DistrictKey(name: $1.name, swatch: Chart.swatch($0)) }
        self.navigation = navigation
    }
}

/// One choice of a filter's `<select>` (`filters.mustache`).
struct FilterOption: Sendable {
    let value: String
    let label: String
    let selected: Bool

    static func years(_ years: [Int], selected: Int) -> [FilterOption] {
        years.reversed().map { FilterOption(value: String($0), label: schoolYearLabel($0), selected: $0 == selected) }
    }

    static func groups(selected: StudentGroup) -> [FilterOption] {
        StudentGroup.allCases.map { FilterOption(value: $0.rawValue, label: $0.title, selected: $0 == selected) }
    }
}
