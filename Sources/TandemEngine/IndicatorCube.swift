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

    /// One slice per year.
    public var slices: [CountSlice] {
        (0..<yearCount).map { CountSlice(startOffset: nil, yearOffset: $0, base: index(yearOffset: $0, place: 0, group: 0)) }
    }

    public var values: [IndicatorValue] {
        var values: [IndicatorValue] = []
        let groups = StudentGroup.allCases
        forEachCountedCell { slice, place, group, cell in
            values.append(
                IndicatorValue(
                    indicator: indicator,
                    year: firstYear + slice.yearOffset,
                    district: district,
                    school: places.school(place),
                    group: groups[group],
                    numerator: Int(numerators[cell]),
                    denominator: Int(denominators[cell])
                )
            )
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

    /// One slice per starting year and value year (a cohort is followed from its start onwards).
    public var slices: [CountSlice] {
        (0..<yearCount).flatMap { start in
            (start..<yearCount).map {
                CountSlice(startOffset: start, yearOffset: $0, base: index(startOffset: start, yearOffset: $0, place: 0, group: 0))
            }
        }
    }

    public var values: [CohortValue] {
        var values: [CohortValue] = []
        let groups = StudentGroup.allCases
        forEachCountedCell { slice, place, group, cell in
            values.append(
                CohortValue(
                    indicator: indicator,
                    grade: grade,
                    startYear: firstYear + (slice.startOffset ?? 0),
                    year: firstYear + slice.yearOffset,
                    district: district,
                    school: places.school(place),
                    group: groups[group],
                    numerator: Int(numerators[cell]),
                    denominator: Int(denominators[cell])
                )
            )
        }
        return values
    }
}

/// The cells of one year of a block, laid out `[place][group]` from `base`: a cube block has one per year,
/// a cohort block one per starting year and value year.
public struct CountSlice: Sendable {
    /// The cohort's starting year (from the block's first year); `nil` in a cube block.
    public let startOffset: Int?
    public let yearOffset: Int
    public let base: Int
}

/// Counts by slice × place × group: what the cube's and the cohorts' blocks share, so that values are
/// listed and stored by one walk over them.
public protocol CountBlock: Sendable {
    var indicator: String { get }
    var district: String { get }
    var firstYear: Int { get }
    var places: Places { get }
    var numerators: [Int32] { get }
    var denominators: [Int32] { get }
    var slices: [CountSlice] { get }
}

extension CountBlock {
    /// Calls `body` with the slice, place, group index and cell index of every cell that has students (and
    /// of every empty one `alsoEmpty` names), slice by slice, places and groups in the orders given (by
    /// default their own).
    @inlinable
    public func forEachCountedCell(
        placeOrder: [Int]? = nil,
        groupOrder: [Int]? = nil,
        alsoEmpty: ((Int) -> Bool)? = nil,
        _ body: (CountSlice, Int, Int, Int) throws -> Void
    ) rethrows {
        let placeOrder = placeOrder ?? Array(0..<places.count)
        let groupOrder = groupOrder ?? Array(0..<CubeBlock.groupCount)
        for slice in slices {
            for place in placeOrder {
                for group in groupOrder {
                    let cell = slice.base + place * CubeBlock.groupCount + group
                    guard denominators[cell] > 0 || alsoEmpty?(cell) == true else { continue }
                    try body(slice, place, group, cell)
                }
            }
        }
    }
}

extension CubeBlock: CountBlock {}
extension CohortBlock: CountBlock {}

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
