/// The student groups every indicator is broken down by (`shared/spec/indicators.md`, "Student groups").
///
/// Membership in a year is read from that year's enrollment row; race and gender from the student row.
/// The raw values are the ids used in exports and URLs.
public enum StudentGroup: String, CaseIterable, Hashable, Sendable, Codable {
    case all = "ALL"
    case hispanic = "HI"
    case africanAmerican = "AA"
    case white = "WH"
    case asian = "AS"
    case filipino = "FI"
    case pacificIslander = "PI"
    case americanIndian = "AI"
    case twoOrMore = "MR"
    case socioeconomicallyDisadvantaged = "SED"
    case disability = "SWD"
    case englishLearner = "EL"
    case reclassified = "RFEP"
    /// EL or RFEP: a group whose make-up does not shift as students are reclassified.
    case everEnglishLearner = "EVER_EL"
    /// EL with six or more years since `el_start_date` (see `GroupMembership.longTermYears`).
    case longTermEnglishLearner = "LTEL"
    case englishOnly = "EO"
    case female = "F"
    case male = "M"
    case homeless = "HOMELESS"
    case foster = "FOSTER"

    /// The bit of this group in a `GroupSet`.
    public var bit: UInt32 { 1 << UInt32(StudentGroup.allCases.firstIndex(of: self)!) }

    public static func race(_ race: RaceEthnicity) -> StudentGroup? {
        switch race {
        case .hispanic: .hispanic
        case .africanAmerican: .africanAmerican
        case .white: .white
        case .asian: .asian
        case .filipino: .filipino
        case .pacificIslander: .pacificIslander
        case .americanIndian: .americanIndian
        case .twoOrMore: .twoOrMore
        case .notReported: nil  // counted in ALL only
        }
    }
}

/// A set of student groups as one 32-bit mask: the compact form the indicator engine keeps per record.
public struct GroupSet: Hashable, Sendable, Sequence {
    public private(set) var mask: UInt32

    public init(mask: UInt32 = 0) { self.mask = mask }

    public init(_ groups: some Sequence<StudentGroup>) {
        mask = groups.reduce(0) { $0 | $1.bit }
    }

    public func contains(_ group: StudentGroup) -> Bool { mask & group.bit != 0 }

    public mutating func insert(_ group: StudentGroup) { mask |= group.bit }

    public mutating func formUnion(_ other: GroupSet) { mask |= other.mask }

    public func makeIterator() -> some IteratorProtocol<StudentGroup> {
        StudentGroup.allCases.filter { contains($0) }.makeIterator()
    }
}

/// Which groups a student belongs to in a school year.
public enum GroupMembership {
    /// The years a student has been an English learner on the census day of `schoolYear` (taken as
    /// 1 October of its first calendar year): whole years since `el_start_date`.
    public static func longTermYears(elStart: Day, schoolYear: Int) -> Int {
        wholeYears(since: elStart, toCensusDayOf: schoolYear)
    }

    /// Whole years from `day` to the census day of `schoolYear` (1 October of its first calendar year);
    /// 0 when the day is later.
    public static func wholeYears(since day: Day, toCensusDayOf schoolYear: Int) -> Int {
        let census = Day(year: schoolYear - 1, month: 10, day: 1)!
        var years = census.year - day.year
        if (census.month, census.day) < (day.month, day.day) { years -= 1 }
        return max(0, years)
    }

    /// Years as EL at which a student is a long-term English learner.
    public static let longTermThreshold = 6

    /// The groups of a student in a year. Without an enrollment row only the groups the student row
    /// gives (race, gender) apply, besides `ALL`. An EL without `el_start_date` cannot be placed in `LTEL`.
    public static func groups(student: Student?, enrollment: Enrollment?) -> GroupSet {
        var groups = student.map { studentGroups(race: $0.race, gender: $0.gender) } ?? GroupSet([.all])
        if let enrollment {
            groups.formUnion(
                enrollmentGroups(
                    sed: enrollment.socioeconomicallyDisadvantaged,
                    swd: enrollment.disability,
                    homeless: enrollment.homeless,
                    foster: enrollment.foster,
                    elStatus: enrollment.elStatus,
                    elStartDate: enrollment.elStartDate,
                    schoolYear: enrollment.schoolYear
                )
            )
        }
        return groups
    }

    /// `ALL` with the groups the student row gives: race (not `NR`) and gender (not `X`).
    public static func studentGroups(race: RaceEthnicity, gender: Gender?) -> GroupSet {
        var groups = GroupSet([.all])
        if let race = StudentGroup.race(race) { groups.insert(race) }
        switch gender {
        case .female: groups.insert(.female)
        case .male: groups.insert(.male)
        case .nonBinary, nil: break
        }
        return groups
    }

    /// The groups an enrollment row gives. An unknown `sed` or `swd` (`nil`) puts the student in neither
    /// the group nor, were there one, its complement: counted in `ALL` only.
    public static func enrollmentGroups(
        sed: Bool?,
        swd: Bool?,
        homeless: Bool,
        foster: Bool,
        elStatus: ELStatus,
        elStartDate: Day?,
        schoolYear: Int
    ) -> GroupSet {
        var groups = GroupSet()
        if sed == true { groups.insert(.socioeconomicallyDisadvantaged) }
        if swd == true { groups.insert(.disability) }
        if homeless { groups.insert(.homeless) }
        if foster { groups.insert(.foster) }
        switch elStatus {
        case .englishLearner:
            groups.insert(.englishLearner)
            groups.insert(.everEnglishLearner)
            if let elStartDate, longTermYears(elStart: elStartDate, schoolYear: schoolYear) >= longTermThreshold {
                groups.insert(.longTermEnglishLearner)
            }
        case .reclassified:
            groups.insert(.reclassified)
            groups.insert(.everEnglishLearner)
        case .englishOnly:
            groups.insert(.englishOnly)
        case .initiallyFluent, .toBeDetermined:
            break
        }
        return groups
    }
}

extension StudentGroup {
    /// The group's name as a board member would read it.
    public var title: String {
        switch self {
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
