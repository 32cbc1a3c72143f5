import TandemDomain
import TandemServices

/// What the header and footer of every results page show (`header.mustache`, `footer.mustache`): a
/// typed page holds one and renders the partials inside `{{#layout}}`.
struct PageLayout: Sendable {
    let title: String
    let synthetic: Bool
    /// When the values were computed, from which definitions, with which minimum group size (`nil` on a
    /// page that shows no results: the footer then says nothing about them).
    let computedAt: String?
    /// Records were loaded after the values were computed: the header says the values do not include them.
    let valuesPredateLatestLoad: Bool
    let definitionVersion: String?
    let minimumGroupSize: Int?
    let districtKey: [DistrictKey]
    let navigation: [NavigationItem]
    /// The footer explains the mark of a value only the reader's district sees (`own-mark.mustache`), once
    /// per page, when the page shows such a value.
    private(set) var explainsOwnOnly = false

    /// A district with its colour: the key in the header, and the columns of the tables that compare districts.
    struct DistrictKey: Sendable {
        let code: String
        let name: String
        let swatch: String
    }

    init(_ frame: ResultsFrame, title: String, navigation: [NavigationLink]) {
        self.title = title
        synthetic = frame.synthetic
        computedAt = frame.computedAt
        valuesPredateLatestLoad = frame.valuesPredateLatestLoad
        definitionVersion = frame.definitionVersion
        minimumGroupSize = frame.minimumGroupSize
        districtKey = frame.districts.enumerated().map { DistrictKey(code: $1.code, name: $1.name, swatch: Chart.swatch($0)) }
        self.navigation = NavigationItem.items(navigation)
    }

    /// This layout, with the footer's legend for the own-district mark if any of `cells` carries it.
    func explainingOwnOnly(_ cells: some Sequence<ValueCell>) -> PageLayout {
        var layout = self
        layout.explainsOwnOnly = explainsOwnOnly || cells.contains { $0.ownOnly }
        return layout
    }

    /// The layout of a page that shows no results (sign-in, accounts, the audit log).
    init(plain title: String, navigation: [NavigationLink]) {
        self.title = title
        synthetic = false
        computedAt = nil
        valuesPredateLatestLoad = false
        definitionVersion = nil
        minimumGroupSize = nil
        districtKey = []
        self.navigation = NavigationItem.items(navigation)
    }
}

/// A link of the main navigation as the header prints it: a space between links, none after the last.
struct NavigationItem: Sendable {
    let title: String
    let path: String
    let spaceBefore: Bool

    static func items(_ links: [NavigationLink]) -> [NavigationItem] {
        links.enumerated().map { NavigationItem(title: $1.title, path: $1.path, spaceBefore: $0 > 0) }
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
