public import TandemDomain

/// Every computed value: for each indicator and district, a block of counts by year × place × group.
public struct IndicatorCube: Sendable {
    public var blocks: [CubeBlock]
    /// Matched-cohort series of the grade-based indicators that say how to follow them.
    public var cohorts: [CohortBlock]

    /// Every cell with a denominator, as values (for tests and small exports; the store reads blocks).
    public var values: [IndicatorValue] { blocks.flatMap { $0.values } }
}

/// Where a value is counted: the district as a whole (place 0) or one of its schools (place 1…).
public struct Places: Sendable, Hashable {
    public let schoolCodes: [String]
    public var count: Int { schoolCodes.count + 1 }

    /// The school code of a place; `nil` for the district.
    public func school(_ place: Int) -> String? { place == 0 ? nil : schoolCodes[place - 1] }
}

/// Counts laid out as `[year][place][group]`, group being a `StudentGroup.allCases` index.
public struct CubeBlock: Sendable {
    public let indicator: String
    public let district: String
    public let firstYear: Int
    public let yearCount: Int
    public let places: Places
    public internal(set) var numerators: [Int32]
    public internal(set) var denominators: [Int32]

    public static let groupCount = StudentGroup.allCases.count

    init(indicator: String, district: String, firstYear: Int, yearCount: Int, places: Places) {
        self.indicator = indicator
        self.district = district
        self.firstYear = firstYear
        self.yearCount = yearCount
        self.places = places
        numerators = Array(repeating: 0, count: yearCount * places.count * Self.groupCount)
        denominators = numerators
    }

    public func index(yearOffset: Int, place: Int, group: Int) -> Int {
        (yearOffset * places.count + place) * Self.groupCount + group
    }

    public var values: [IndicatorValue] {
        var values: [IndicatorValue] = []
        for yearOffset in 0..<yearCount {
            for place in 0..<places.count {
                for (group, id) in StudentGroup.allCases.enumerated() {
                    let cell = index(yearOffset: yearOffset, place: place, group: group)
                    guard denominators[cell] > 0 else { continue }
                    values.append(
                        IndicatorValue(
                            indicator: indicator,
                            year: firstYear + yearOffset,
                            district: district,
                            school: places.school(place),
                            group: id,
                            numerator: Int(numerators[cell]),
                            denominator: Int(denominators[cell])
                        )
                    )
                }
            }
        }
        return values
    }
}

/// A matched cohort's counts, laid out as `[start year][value year][place][group]`. The place is the
/// school the member attended in the starting year; the groups are those of the value year.
public struct CohortBlock: Sendable {
    public let indicator: String
    public let grade: Int
    public let district: String
    public let firstYear: Int
    public let yearCount: Int
    public let places: Places
    public internal(set) var numerators: [Int32]
    public internal(set) var denominators: [Int32]

    init(indicator: String, grade: Int, district: String, firstYear: Int, yearCount: Int, places: Places) {
        self.indicator = indicator
        self.grade = grade
        self.district = district
        self.firstYear = firstYear
        self.yearCount = yearCount
        self.places = places
        numerators = Array(repeating: 0, count: yearCount * yearCount * places.count * CubeBlock.groupCount)
        denominators = numerators
    }

    public func index(startOffset: Int, yearOffset: Int, place: Int, group: Int) -> Int {
        ((startOffset * yearCount + yearOffset) * places.count + place) * CubeBlock.groupCount + group
    }

    public var values: [CohortValue] {
        var values: [CohortValue] = []
        for start in 0..<yearCount {
            for year in start..<yearCount {
                for place in 0..<places.count {
                    for (group, id) in StudentGroup.allCases.enumerated() {
                        let cell = index(startOffset: start, yearOffset: year, place: place, group: group)
                        guard denominators[cell] > 0 else { continue }
                        values.append(
                            CohortValue(
                                indicator: indicator,
                                grade: grade,
                                startYear: firstYear + start,
                                year: firstYear + year,
                                district: district,
                                school: places.school(place),
                                group: id,
                                numerator: Int(numerators[cell]),
                                denominator: Int(denominators[cell])
                            )
                        )
                    }
                }
            }
        }
        return values
    }
}

/// One value of the cube: how many of how many.
public struct IndicatorValue: Hashable, Sendable, CustomStringConvertible {
    public var indicator: String
    public var year: Int
    public var district: String
    /// `nil` for the district as a whole.
    public var school: String?
    public var group: StudentGroup
    public var numerator: Int
    public var denominator: Int

    public init(indicator: String, year: Int, district: String, school: String?, group: StudentGroup, numerator: Int, denominator: Int) {
        self.indicator = indicator
        self.year = year
        self.district = district
        self.school = school
        self.group = group
        self.numerator = numerator
        self.denominator = denominator
    }

    public var description: String {
        "\(indicator) \(year) \(district)/\(school ?? "-") \(group.rawValue): \(numerator)/\(denominator)"
    }
}

/// One value of a matched cohort: the students enrolled in `grade` in `startYear`, measured in `year`.
public struct CohortValue: Hashable, Sendable {
    public var indicator: String
    public var grade: Int
    public var startYear: Int
    public var year: Int
    public var district: String
    /// The members' school in the starting year; `nil` for the district as a whole.
    public var school: String?
    public var group: StudentGroup
    public var numerator: Int
    public var denominator: Int
}
