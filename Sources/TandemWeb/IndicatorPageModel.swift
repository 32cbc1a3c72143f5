import TandemDomain
import TandemServices

/// The indicator page: the service's `IndicatorView` and what only a page adds (layout, filters, the
/// SVG charts drawn from the view's cells).
struct IndicatorPage: Sendable {
    let layout: PageLayout
    let view: IndicatorView
    let years: [FilterOption]
    let groups: [FilterOption]
    let query: String
    let trendChart: String
    /// The chosen group's line per district (the table under the trend).
    let trendRows: [NamedCells]
    let partnerNote: String?
    let groupChart: String
    let schoolChart: String
    let cohort: CohortSection?
    /// What the values are counted from, and that without it there is no value (not 0%).
    let sources: String?

    struct NamedCells: Sendable {
        let name: String
        let cells: [ValueCell]
    }

    init(_ view: IndicatorView, layout: PageLayout) {
        self.view = view
        let indicator = view.indicator
        let districts = view.frame.districts
        years = FilterOption.years(view.frame.years, selected: view.year)
        groups = FilterOption.groups(selected: view.group)
        query = "year=\(view.year)&group=\(view.group.rawValue)"

        // Trend; for English-learner groups, the stable EVER_EL beside the shifting EL (dashed).
        var title = "\(indicator.name), \(view.groupLabel), by year"
        if let partner = view.trend.partnerLabel { title += " (dashed: \(partner))" }
        trendChart = Chart.lines(
            id: "trend",
            title: title,
            xLabel: "school year",
            series: view.trend.lines.map { line in
                let index = districts.firstIndex(of: line.district) ?? 0
                let partner = line.group != view.group
                return Chart.Series(
                    name: line.district.name + (partner ? ", \(line.group.title)" : ""),
                    colour: Chart.colour(index),
                    points: Self.points(view.trend.yearLabels, line.values),
                    dashed: partner
                )
            },
            measure: indicator.measure
        )
        trendRows = view.trend.lines.filter { $0.group == view.group }.map { NamedCells(name: $0.district.name, cells: $0.values) }
        partnerNote = view.trend.partnerLabel.map {
            "Dashed lines: \($0). EL shrinks as students are reclassified; EVER_EL (EL or RFEP) does not, so the two together show the reclassification effect."
        }

        // Student groups in the year.
        groupChart = Chart.bars(
            id: "groups",
            title: "\(indicator.name) by student group, \(view.yearLabel)",
            categories: view.groups.map(\.label),
            series: districts.enumerated().map { index, district in
                Chart.Series(
                    name: district.name,
                    colour: Chart.colour(index),
                    points: view.groups.map { row in
                        let cell = row.cells[index].value
                        return Chart.Point(x: row.label, value: cell.shown, note: cell.chartNote)
                    }
                )
            },
            measure: indicator.measure
        )

        // Schools in the year.
        schoolChart = Chart.dots(
            id: "schools",
            title: "\(indicator.name), every school, \(view.groupLabel), \(view.yearLabel)",
            series: districts.enumerated().map { index, district in
                Chart.Series(
                    name: district.name,
                    colour: Chart.colour(index),
                    points: view.schools.filter { $0.district == district }.map {
                        Chart.Point(x: $0.school.name, value: $0.value.shown, note: $0.value.chartNote)
                    }
                )
            },
            measure: indicator.measure
        )
        sources = Self.sources(indicator.files)
        let cohort = view.cohort.map { CohortSection($0, districts: districts, year: view.year, group: view.group, indicatorField: nil) }
        self.cohort = cohort
        self.layout = layout.explainingOwnOnly(
            view.trend.lines.flatMap(\.values) + view.groups.flatMap { $0.cells.map(\.value) } + view.schools.map(\.value)
                + (cohort?.rows.flatMap(\.cells) ?? [])
        )
    }

    /// `Counted from enrollments.csv and courses.csv…`, or nil when the store does not say (values
    /// computed before it kept the files).
    static func sources(_ files: [String]) -> String? {
        guard let last = files.last else { return nil }
        let list = files.count == 1 ? last : files.dropLast().joined(separator: ", ") + " and " + last
        return "Counted from \(list) (each student's school and groups from enrollments.csv). A district or year "
            + "without the records it needs has no value (–), never 0%."
    }

    /// Chart points of a line: each year's label with its value as shown and its counts in words.
    static func points(_ labels: [String], _ cells: [ValueCell]) -> [Chart.Point] {
        zip(labels, cells).map { Chart.Point(x: $0, value: $1.shown, note: $1.chartNote) }
    }
}

/// A matched cohort on a page (`cohort-section.mustache`, on the indicator and cohort pages): the
/// service's `CohortView` with its chart, its table rows and the hidden fields that keep the filters.
struct CohortSection: Sendable {
    let view: CohortView
    let starts: [FilterOption]
    let chart: String
    let rows: [IndicatorPage.NamedCells]
    /// Kept by the starting-year form.
    let yearValue: Int
    let groupValue: String
    let indicatorValue: String?

    init(_ view: CohortView, districts: [DistrictInfo], year: Int, group: StudentGroup, indicatorField: String?) {
        self.view = view
        starts = FilterOption.years(view.starts, selected: view.start).reversed()
        yearValue = year
        groupValue = group.rawValue
        indicatorValue = indicatorField
        var series: [Chart.Series] = []
        var rows: [IndicatorPage.NamedCells] = []
        for cohort in view.districts {
            let colour = Chart.colour(districts.firstIndex(of: cohort.district) ?? 0)
            let name = cohort.district.name
            series.append(
                Chart.Series(name: "\(name), matched cohort", colour: colour, points: IndicatorPage.points(view.yearLabels, cohort.followed))
            )
            series.append(
                Chart.Series(
                    name: "\(name), each year's grade",
                    colour: colour,
                    points: IndicatorPage.points(view.yearLabels, cohort.eachYearsGrade),
                    dashed: true
                )
            )
            rows.append(IndicatorPage.NamedCells(name: "\(name): the same students", cells: cohort.followed))
            rows.append(IndicatorPage.NamedCells(name: "\(name): each year's grade", cells: cohort.eachYearsGrade))
            rows.append(
                IndicatorPage.NamedCells(name: "\(name): the same students, \(StudentGroup.englishLearner.title)", cells: cohort.englishLearners)
            )
            rows.append(
                IndicatorPage.NamedCells(
                    name: "\(name): the same students, \(StudentGroup.everEnglishLearner.title)",
                    cells: cohort.everEnglishLearners
                )
            )
        }
        self.rows = rows
        chart = Chart.lines(
            id: "cohort",
            title: "Grade \(view.grade) students of \(view.startLabel), followed (solid) and each year's grade (dashed)",
            xLabel: "school year",
            series: series
        )
    }
}
