import TandemDomain

/// A district's schools by level and the attendance zones that feed them: each elementary (or K–8)
/// school has a zone; zones feed middle and high schools in turn. Zones differ in poverty and in a
/// school effect, so schools differ in their results as real ones do.
struct SchoolLayout: Sendable {
    struct Entry: Sendable {
        let school: School
        /// A school's own effect on its students' scores.
        let effect: Double
    }

    let entries: [Entry]
    let zones: Int
    let zonePoverty: [Double]
    let zoneEffect: [Double]
    private let elementaryByZone: [Int]
    private let middleByZone: [Int]
    private let highByZone: [Int]
    private let alternative: [Int]

    init(profile: DistrictProfile) {
        var random = SeededRandom(seed: 7_000 + profile.seedOffset)
        var entries: [Entry] = []
        var names = SchoolLayout.namePool
        random.shuffle(&names)
        var nameIndex = 0
        func add(_ number: Int, _ suffix: String, _ type: SchoolType, _ low: Int, _ high: Int) -> Int {
            let name = "\(names[nameIndex % names.count]) \(suffix)"
            nameIndex += 1
            entries.append(
                Entry(
                    school: School(code: String(number), name: name, type: type, lowGrade: Grade(low), highGrade: Grade(high)),
                    effect: random.normal() * 0.12
                )
            )
            return entries.count - 1
        }
        // Codes 101…, 201…, one hundred per level; a district scaled past 99 schools of a level numbers them 10001….
        let base =
            [
                profile.elementarySchools, profile.kThrough8Schools, profile.middleSchools, profile.highSchools,
                profile.alternativeSchools,
            ].max()! < 100 ? 100 : 10_000
        let elementary = (0..<profile.elementarySchools).map { add(base + 1 + $0, "Elementary", .elementary, -1, 5) }
        let kThrough8 = (0..<profile.kThrough8Schools).map { add(2 * base + 1 + $0, "K-8 Academy", .kThrough8, -1, 8) }
        let middle = (0..<profile.middleSchools).map { add(3 * base + 1 + $0, "Middle", .middle, 6, 8) }
        let high = (0..<profile.highSchools).map { add(4 * base + 1 + $0, "High", .high, 9, 12) }
        alternative = (0..<profile.alternativeSchools).map { add(5 * base + 1 + $0, "Continuation High", .alternative, 9, 12) }

        zones = elementary.count + kThrough8.count
        zonePoverty = (0..<zones).map { _ in random.unit() }
        zoneEffect = zonePoverty.map { -0.25 * ($0 - 0.5) }
        elementaryByZone = elementary + kThrough8
        middleByZone = (0..<zones).map { zone in zone < elementary.count ? middle[zone % middle.count] : kThrough8[zone - elementary.count] }
        highByZone = (0..<zones).map { zone in high[zone % high.count] }
        self.entries = entries
    }

    /// The school a student of `zone` attends in `grade`; a few high-school students are at an
    /// alternative school.
    func school(zone: Int, grade: Int, alternativeStudent: Bool) -> Int {
        switch grade {
        case ...5: elementaryByZone[zone]
        case 6...8: middleByZone[zone]
        default: alternativeStudent && grade >= 10 && !alternative.isEmpty ? alternative[zone % alternative.count] : highByZone[zone]
        }
    }

    static let namePool = [
        "Addams", "Ahwahnee", "Anthony", "Baird", "Balderas", "Bancroft", "Birney", "Bryant", "Burroughs", "Calwa",
        "Carver", "Cesar Chavez", "Columbus", "Cooper", "Daniel Webster", "Dailey", "Douglass", "Edison", "Emerson",
        "Ericson", "Ewing", "Forkner", "Franklin", "Fremont", "Gaston", "Greenberg", "Hamilton", "Hart", "Heaton",
        "Hidalgo", "Holland", "Homan", "Hoover", "Hughes", "Irwin", "Jackson", "Jefferson", "Kennedy", "King",
        "Kirk", "Lafayette", "Lane", "Lincoln", "Lowell", "Madison", "Malloch", "Mann", "Manchester", "Mayfair",
        "McKinley", "Muir", "Norseman", "Olmos", "Pyle", "Powers", "Roosevelt", "Rowell", "Sequoia", "Slater",
        "Storey", "Sunnyside", "Tehipite", "Terronez", "Thomas", "Turner", "Vang Pao", "Viking", "Vinland",
        "Washington", "Webster", "Whittier", "Williams", "Wilson", "Wolters", "Yosemite", "Zapata", "Alvarado",
        "Bixby", "Burbank", "Cabrillo", "Carpenter", "Chavez", "Cleveland", "Dooley", "Edwards", "Gompers",
        "Grant", "Harte", "Hudson", "Keller", "Lafayette Park", "Longfellow", "Los Cerritos", "Mann Academy",
        "Naples", "Prisk", "Riley", "Stevenson", "Tincher", "Twain", "Willard",
    ]
}
