public import TandemDomain
public import TandemEngine
public import TandemPorts

/// What a computation could measure, district by district: the years each indicator has a value for the
/// district as a whole, and, for an indicator with none, why — so a first load that leaves most
/// indicators empty says which file or test is missing instead of leaving a reader to guess.
public struct Coverage: Sendable {
    public typealias Row = IndicatorCoverage

    public let rows: [Row]

    init(cube: IndicatorCube, districts: [DistrictRecords], library: IndicatorLibrary) {
        let definitions = Dictionary(library.indicators.map { ($0.id, $0) }) { first, _ in first }
        let records = Dictionary(districts.map { ($0.districtCode, $0) }) { first, _ in first }
        rows = cube.blocks.map { block in
            let years = (0..<block.yearCount).filter { block.denominators[block.index(yearOffset: $0, place: 0, group: 0)] > 0 }
                .map { block.firstYear + $0 }
            let why =
                years.isEmpty
                ? definitions[block.indicator].flatMap { definition in records[block.district].map { Self.why(definition, $0) } } : nil
            return Row(district: block.district, indicator: block.indicator, years: years, why: why)
        }
    }

    /// The first thing an indicator needs that the district's records lack.
    static func why(_ definition: IndicatorDefinition, _ records: DistrictRecords) -> String {
        let rows: [RecordKind: Int] = [
            .enrollments: records.enrollments.count, .assessments: records.assessments.count,
            .courses: records.courses.count, .outcomes: records.outcomes.count,
        ]
        if let missing = definition.reads.first(where: { rows[$0] == 0 }) { return "no \(missing.fileName) loaded" }
        let loadedTests = Set(Set(records.assessments.test).map { records.assessments.tests[Int($0)] })
        var named: [Set<String>] = []
        if definition.population.records == .assessments, case .oneOf(let tests)? = definition.population.filter.conditions["test"] {
            named.append(tests)
        }
        if case .exists(.assessments, let filter, _) = definition.numerator, case .oneOf(let tests)? = filter.conditions["test"] {
            named.append(tests)
        }
        if let tests = named.first(where: { loadedTests.isDisjoint(with: $0) }) {
            return "no \(tests.sorted().joined(separator: " or ")) results in assessments.csv"
        }
        return "no student in its population (its grades, tests or outcomes are not in the records)"
    }
}
