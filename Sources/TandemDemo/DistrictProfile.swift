import TandemDomain

/// Everything that makes one synthetic district itself: its size, make-up, schools and the rates the
/// generator steers towards. Published figures are taken from `PublishedFigures`; the rest are plausible
/// values chosen to sit smoothly around them.
struct DistrictProfile: Sendable {
    let code: String
    let name: String
    let idPrefix: String
    let seedOffset: UInt64
    /// The calibrated school years (the later ones are `later`'s).
    let years: ClosedRange<Int> = 2006...2011

    /// Census-day enrollment per year.
    var enrollment: [Int: Int]
    /// Grade-8 students with a CST math result per year (sets the Algebra participation denominator).
    var grade8Tested: [Int: Int]
    /// Race/ethnicity shares (percent) in the anchor years; other years are interpolated or extrapolated.
    let raceShares: [Int: [RaceEthnicity: Double]]
    /// SED and EL shares (percent) in the anchor years.
    let sedShares: [Int: Double]
    let elShares: [Int: Double]

    /// Schools by level.
    var elementarySchools: Int
    var middleSchools: Int
    var kThrough8Schools: Int
    var highSchools: Int
    var alternativeSchools: Int

    /// Proficiency rates (fractions) for uncalibrated cells: a level per subject plus a yearly gain.
    let elaBase: Double
    let mathBase: Double
    let yearlyGain: Double
    /// Graduation rates for cohorts with no published figure.
    let extraGraduationRates: [Int: Double]
    /// The first school year in which grade-7 students scoring 325–349 in math are placed in Algebra 1.
    let algebraPlacementFrom: Int
    /// Share of graduates reported A–G complete in the cohorts whose transcripts predate the data.
    let reportedAGRate: Double
    /// Tilt of the population's ability (district-level differences show up in every uncalibrated rate).
    let abilityShift: Double
    /// The school years after the calibrated ones (uncalibrated).
    var later: LaterYearsProfile

    /// How many times the published district this profile is (1 for the demo; larger for benchmarks).
    var scale: Double = 1

    func published(_ measure: PublishedFigure.Measure, _ year: Int) -> Double? {
        guard let figure = PublishedFigures.all.first(where: { $0.district == code && $0.year == year && $0.measure == measure }) else { return nil }
        // Counts grow with the district; rates stay.
        return figure.decimals == nil && figure.tolerance == nil ? (figure.value * scale).rounded() : figure.value
    }

    /// The same district grown (or shrunk) to about `students` enrolled a year, schools in proportion: the
    /// benchmark's synthetic partnership. Rates are steered as in the demo; counts scale.
    func scaled(toStudents students: Int) -> DistrictProfile {
        var profile = self
        profile.scale = Double(students) / Double(enrollment[2009]!)
        func grown(_ count: Int) -> Int { count == 0 ? 0 : max(1, Int((Double(count) * profile.scale).rounded())) }
        profile.enrollment = enrollment.mapValues(grown)
        profile.later.enrollment = later.enrollment.mapValues(grown)
        profile.grade8Tested = grade8Tested.mapValues(grown)
        profile.elementarySchools = grown(elementarySchools)
        profile.middleSchools = grown(middleSchools)
        profile.kThrough8Schools = grown(kThrough8Schools)
        profile.highSchools = grown(highSchools)
        profile.alternativeSchools = grown(alternativeSchools)
        return profile
    }

    /// A share in `year`, straight from an anchor year, or along the line through the anchors.
    static func interpolate(_ anchors: [Int: Double], _ year: Int) -> Double {
        if let value = anchors[year] { return value }
        let keys = anchors.keys.sorted()
        let (a, b) = (keys[0], keys[keys.count - 1])
        let slope = (anchors[b]! - anchors[a]!) / Double(b - a)
        // Before the first anchor the trend is gentler: the published years are the fast-changing ones.
        let damping = year < a ? 0.6 : 1
        return anchors[a]! + slope * Double(year - a) * damping
    }

    func raceShare(_ race: RaceEthnicity, _ year: Int) -> Double {
        laterOrCalibrated(raceShares.mapValues { $0[race] ?? 0 }, later.raceShares.mapValues { $0[race] ?? 0 }, year)
    }

    /// SED and EL shares (percent) the census steers to.
    func sedShare(_ year: Int) -> Double { laterOrCalibrated(sedShares, later.sedShares, year) }
    func elShare(_ year: Int) -> Double { laterOrCalibrated(elShares, later.elShares, year) }

    /// Census-day enrollment: the calibrated years' own, then along the later anchors from the last of them.
    func enrollmentTotal(_ year: Int) -> Int {
        if let calibrated = enrollment[year] { return calibrated }
        let anchors = later.enrollment.merging([years.upperBound: enrollment[years.upperBound]!]) { later, _ in later }
        return Int(LaterYearsProfile.piecewise(anchors.mapValues(Double.init), year).rounded())
    }

    /// A share in `year`: through the calibrated years exactly as they always were computed; after them along
    /// the later anchors, starting from the last calibrated year's value so the gap years move smoothly.
    private func laterOrCalibrated(_ calibrated: [Int: Double], _ laterAnchors: [Int: Double], _ year: Int) -> Double {
        guard year > years.upperBound else { return DistrictProfile.interpolate(calibrated, year) }
        var anchors = laterAnchors
        anchors[years.upperBound] = DistrictProfile.interpolate(calibrated, years.upperBound)
        return LaterYearsProfile.piecewise(anchors, year)
    }

    static let fresno = DistrictProfile(
        code: "FUSD",
        name: "Fresno Unified (synthetic)",
        idPrefix: "F",
        seedOffset: 1,
        enrollment: [2006: 77_900, 2007: 77_480, 2008: 77_050, 2009: 76_621, 2010: 75_720, 2011: 74_831],
        grade8Tested: [2006: 5_900, 2007: 5_880, 2008: 5_860, 2009: 5_840, 2010: 5_500, 2011: 5_600],
        raceShares: [
            2009: [
                .hispanic: 60.1, .africanAmerican: 10.7, .white: 13.9, .asian: 13.4, .filipino: 0.4,
                .pacificIslander: 0.4, .americanIndian: 0.68, .twoOrMore: 0.3, .notReported: 0.12,
            ],
            2011: [
                .hispanic: 62.0, .africanAmerican: 10.0, .white: 13.0, .asian: 12.0, .filipino: 0.4,
                .pacificIslander: 0.4, .americanIndian: 0.4, .twoOrMore: 1.4, .notReported: 0.4,
            ],
        ],
        sedShares: [2009: 80.4, 2011: 82.0],
        elShares: [2009: 26.0, 2011: 24.0],
        elementarySchools: 62,
        middleSchools: 16,
        kThrough8Schools: 0,
        highSchools: 8,
        alternativeSchools: 2,
        elaBase: 0.32,
        mathBase: 0.40,
        yearlyGain: 0.025,
        extraGraduationRates: [2010: 0.712, 2011: 0.735],
        algebraPlacementFrom: 2010,
        reportedAGRate: 0.34,
        abilityShift: -0.1,
        later: .fresno
    )

    static let longBeach = DistrictProfile(
        code: "LBUSD",
        name: "Long Beach Unified (synthetic)",
        idPrefix: "L",
        seedOffset: 2,
        enrollment: [2006: 89_800, 2007: 88_950, 2008: 88_150, 2009: 87_509, 2010: 86_150, 2011: 84_816],
        grade8Tested: [2006: 7_160, 2007: 7_200, 2008: 7_150, 2009: 6_900, 2010: 6_850, 2011: 6_800],
        raceShares: [
            2009: [
                .hispanic: 51.6, .africanAmerican: 17.1, .white: 16.1, .asian: 8.1, .filipino: 3.7,
                .pacificIslander: 1.9, .americanIndian: 0.2, .twoOrMore: 1.0, .notReported: 0.3,
            ],
            2011: [
                .hispanic: 53.0, .africanAmerican: 16.0, .white: 15.0, .asian: 8.0, .filipino: 4.0,
                .pacificIslander: 2.0, .americanIndian: 0.2, .twoOrMore: 1.5, .notReported: 0.3,
            ],
        ],
        sedShares: [2009: 68.3, 2011: 70.0],
        elShares: [2009: 23.7, 2011: 23.0],
        elementarySchools: 54,
        middleSchools: 14,
        kThrough8Schools: 6,
        highSchools: 10,
        alternativeSchools: 2,
        elaBase: 0.42,
        mathBase: 0.50,
        yearlyGain: 0.02,
        extraGraduationRates: [2010: 0.794, 2011: 0.801],
        algebraPlacementFrom: 2011,
        reportedAGRate: 0.44,
        abilityShift: 0.15,
        later: .longBeach
    )

    static let demo = [fresno, longBeach]
}
