import Foundation
import TandemDomain

/// Simulates one district's students year by year: who is enrolled in which grade and school, their
/// groups and EL status, their tests, courses and cohort outcomes, steered so the records reproduce the
/// published figures; then on through the later, uncalibrated years (`LaterYears.swift`). One simulation
/// is single-threaded and fully determined by its seed.
final class DistrictSimulation {
    let profile: DistrictProfile
    var random: SeededRandom
    var students: [SimStudent] = []
    var outcomes: [SimOutcome] = []
    let schools: SchoolLayout
    /// Indices of the students enrolled in the current year.
    var enrolled: [Int] = []
    var year = 0
    /// Homeless and foster flags for the current year (set per census).
    var homeless: Set<Int> = []
    var foster: Set<Int> = []
    /// Each student's SED flag for the current year.
    var sed: [Bool] = []
    /// Each enrolled student's school this year (an index into `schools.entries`).
    var currentSchool: [Int] = []
    /// The students enrolled in grade 5 in the first year: the matched cohort the published story follows.
    var matchedCohort: Set<Int> = []
    /// The last graduation cohort whose members' departures are recorded as outcomes: the calibrated
    /// years' last until the later years begin.
    var lastRecordedCohort: Int
    /// The last cohort year ended, so that no cohort is ended twice (the writer ends the calibrated years'
    /// last one itself, and the first later year's census would otherwise end it again).
    var lastCohortYearEnded: Int?
    /// Whether reclassification needs a summative ELPAC level 4 (the statewide criterion from 2018–19);
    /// before, each district's own criteria applied and the most proficient were reclassified.
    var reclassificationNeedsELPAC = false

    init(profile: DistrictProfile, seed: UInt64) {
        self.profile = profile
        self.random = SeededRandom(seed: seed &* 0x9E37_79B9 &+ profile.seedOffset)
        self.schools = SchoolLayout(profile: profile)
        self.lastRecordedCohort = profile.years.upperBound
    }

    func id(_ student: Int) -> String {
        let digits = String(students[student].number)
        return profile.idPrefix + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    // MARK: - Grade sizes

    /// Enrollment per grade (index 0 is TK) summing exactly to the year's total, with grade 8 sized to
    /// the published Algebra participation denominators.
    func gradeTargets(_ year: Int) -> [Int] {
        let weights: [Double] = [0.45, 7.7, 7.6, 7.5, 7.5, 7.4, 7.4, 7.3, 7.3, 0, 8.3, 7.7, 7.1, 6.6]
        var targets = Array(repeating: 0, count: 14)
        let tested = profile.grade8Tested[year]!
        targets[9] = tested + untestedCount(enrolled: tested)
        let remaining = profile.enrollment[year]! - targets[9]
        let total = weights.reduce(0, +)
        let exact = weights.map { $0 / total * Double(remaining) }
        for index in 0..<14 where index != 9 { targets[index] = Int(exact[index]) }
        var shortfall = remaining - targets.enumerated().filter { $0.offset != 9 }.reduce(0) { $0 + $1.element }
        let order = (0..<14).filter { $0 != 9 }.sorted { exact[$0] - Double(Int(exact[$0])) > exact[$1] - Double(Int(exact[$1])) }
        var position = 0
        while shortfall > 0 {
            targets[order[position % order.count]] += 1
            shortfall -= 1
            position += 1
        }
        return targets
    }

    /// Grade-8 students without a CST math result (absent, or tested on an alternate assessment), sized
    /// so that `tested + untested` enrolled gives exactly `tested` results.
    func untestedCount(enrolled tested: Int) -> Int { Int((Double(tested) * 0.012).rounded()) }

    // MARK: - Shares to steer by

    func raceTargets(_ year: Int, total: Int) -> [RaceEthnicity: Int] {
        let shares = RaceEthnicity.allCases.map { profile.raceShare($0, year) }
        let counts = largestRemainder(shares.map { $0 / shares.reduce(0, +) * Double(total) }, total: total)
        return Dictionary(uniqueKeysWithValues: zip(RaceEthnicity.allCases, counts))
    }

    func shareTarget(_ percent: Double, total: Int) -> Int {
        Int((percent / 100 * Double(total)).rounded())
    }

    // MARK: - Years

    /// Runs the census for `year`: enrollment, groups and EL status. Tests, courses and outcomes follow.
    func census(_ year: Int) {
        census(year, targets: gradeTargets(year))
    }

    /// The census with the enrollment per grade (index 0 is TK) given.
    func census(_ year: Int, targets: [Int]) {
        self.year = year
        if year == profile.years.lowerBound {
            buildInitialPopulation(targets)
        } else {
            advance(to: year, targets: targets)
        }
        enrolled = students.indices.filter { students[$0].active }
        assignSED()
        assignFlags()
        currentSchool = Array(repeating: 0, count: students.count)
        for student in enrolled {
            let s = students[student]
            currentSchool[student] = schools.school(zone: s.zone, grade: s.grade, alternativeStudent: s.effort + s.ability < -1.6)
        }
        if year == profile.years.lowerBound {
            matchedCohort = Set(enrolled.filter { students[$0].grade == 5 })
        }
    }

    private func newStudent(grade: Int, year: Int, race: RaceEthnicity, arrivedThisYear: Bool) -> Int {
        let number = 1_000_000 + students.count + 1
        let gender: Gender = random.chance(0.49) ? .female : .male
        let zone = random.int(0...(schools.zones - 1))
        let homeLanguageOdds: [RaceEthnicity: Double] = [
            .hispanic: 0.72, .asian: 0.62, .filipino: 0.3, .pacificIslander: 0.3,
            .africanAmerican: 0.02, .white: 0.06, .americanIndian: 0.05, .twoOrMore: 0.08, .notReported: 0.2,
        ]
        let nonEnglish = random.chance(homeLanguageOdds[race] ?? 0.1)
        let raceEffect: [RaceEthnicity: Double] = [
            .asian: 0.35, .white: 0.35, .filipino: 0.25, .africanAmerican: -0.3, .hispanic: -0.15,
            .pacificIslander: -0.1, .americanIndian: -0.2, .twoOrMore: 0.1, .notReported: 0,
        ]
        let poverty = schools.zonePoverty[zone]
        let sesRank = min(0.999, max(0, 0.55 * random.unit() + 0.45 * (1 - poverty) + (raceEffect[race] ?? 0) * 0.2))
        let disability = random.chance(0.11)
        let ability =
            random.normal() * 0.85 + (raceEffect[race] ?? 0) - 0.35 * (1 - sesRank) + (disability ? -0.7 : 0)
            + (nonEnglish ? -0.15 : 0) + profile.abilityShift + schools.zoneEffect[zone]
        // Entry to US schools: kindergarten for most; newcomers arrive in later grades.
        let entryYear = arrivedThisYear && grade > 0 && nonEnglish && random.chance(0.35) ? year - 1 : year - 1 - max(0, grade)
        let entry = Day(year: entryYear, month: 8, day: 18 + random.int(0...12))!
        students.append(
            SimStudent(
                number: number,
                race: race,
                gender: gender,
                birthYear: year - grade - 6 - (random.chance(0.25) ? 1 : 0),
                usEntry: entry,
                ability: ability,
                effort: random.normal() * 0.6,
                sesRank: sesRank,
                disability: disability,
                nonEnglishHome: nonEnglish,
                zone: zone,
                collegePrep: ability + random.normal() * 0.5 > 0.1,
                grade: grade,
                el: .englishOnly,
                english: 1
            )
        )
        return students.count - 1
    }

    /// The district as it stands on the first census: every grade filled, with histories that make each
    /// student's EL status and cohort plausible for their grade.
    private func buildInitialPopulation(_ targets: [Int]) {
        let total = targets.reduce(0, +)
        var races = raceList(raceTargets(year, total: total).mapValues { $0 })
        random.shuffle(&races)
        var next = 0
        for (index, size) in targets.enumerated() {
            let grade = index - 1
            for _ in 0..<size {
                let student = newStudent(grade: grade, year: year, race: races[next], arrivedThisYear: false)
                next += 1
                initialLanguage(student)
                if grade >= 9 {
                    students[student].cohortYear = year + 12 - grade
                    students[student].enteredHighSchoolInDistrict = true
                    students[student].mathLevel = max(0, grade - 8 - (students[student].ability > 0.4 ? 0 : 1))
                }
            }
        }
        createGhostCohortMembers()
    }

    private func initialLanguage(_ student: Int) {
        let grade = students[student].grade
        guard students[student].nonEnglishHome else { return }
        let yearsInSchool = max(0, grade)
        let start = Day(year: year - 1 - yearsInSchool, month: 9, day: 1 + random.int(0...27))!
        if random.chance(0.14) {
            students[student].el = .initiallyFluent
            return
        }
        // Still EL after `yearsInSchool` years with about 10% reclassified each year from grade 2.
        let stillEL = pow(0.88, Double(max(0, grade - 2)))
        students[student].elStart = start
        if random.chance(stillEL) {
            students[student].el = .englishLearner
            students[student].english = min(5.9, 1.1 + 0.5 * Double(yearsInSchool) + random.normal() * 0.5 + students[student].ability * 0.3)
        } else {
            students[student].el = .reclassified
            let reclassifiedYear = year - 1 - random.int(0...max(0, min(yearsInSchool - 2, 6)))
            students[student].rfepDate = Day(year: reclassifiedYear, month: 4, day: 1 + random.int(0...27))!
            students[student].english = 5
        }
    }

    private func raceList(_ counts: [RaceEthnicity: Int]) -> [RaceEthnicity] {
        RaceEthnicity.allCases.flatMap { race in Array(repeating: race, count: max(0, counts[race] ?? 0)) }
    }

    /// Moves everyone from last year's census to this year's: the cohort's year ends (graduation), some
    /// leave, the rest are promoted or retained, and newcomers fill each grade to its size.
    private func advance(to year: Int, targets: [Int]) {
        let previous = year - 1
        endCohortYear(previous)
        let nextTargets = raceTargets(year, total: targets.reduce(0, +))
        let exitWeights = raceExitWeights(toward: nextTargets)
        for student in students.indices where students[student].active {
            let grade = students[student].grade
            if grade == 12 { continue }  // handled by the end of the cohort year
            let baseExit = grade >= 9 ? 0.07 : 0.065
            if random.chance(min(0.6, baseExit * exitWeights[students[student].race]!)) {
                leave(student, in: previous)
                continue
            }
            let retention: Double =
                switch grade {
                case -1: 0
                case 0: 0.03
                case 9: 0.035
                case 10, 11: 0.015
                default: 0.008
                }
            if !random.chance(retention) { students[student].grade += 1 }
            if students[student].grade == 9, students[student].cohortYear == nil {
                students[student].cohortYear = year + 3
                students[student].enteredHighSchoolInDistrict = true
            }
        }
        // Grades that came out too full lose their surplus; the others take newcomers.
        var continuing = Array(repeating: [Int](), count: 14)
        for student in students.indices where students[student].active {
            continuing[students[student].grade + 1].append(student)
        }
        var entrantsNeeded = Array(repeating: 0, count: 14)
        for index in 0..<14 {
            var members = continuing[index]
            while members.count > targets[index] {
                let position = random.int(0...(members.count - 1))
                leave(members[position], in: previous)
                members.remove(at: position)
            }
            entrantsNeeded[index] = targets[index] - members.count
        }
        let continuingIndices = students.indices.filter { students[$0].active }
        var counts: [RaceEthnicity: Int] = [:]
        for student in continuingIndices { counts[students[student].race, default: 0] += 1 }
        var needs = RaceEthnicity.allCases.map { Double(max(0, nextTargets[$0]! - (counts[$0] ?? 0))) }
        let entrantsTotal = entrantsNeeded.reduce(0, +)
        if needs.reduce(0, +) == 0 { needs[0] = 1 }
        let raceCounts = largestRemainder(needs.map { $0 / needs.reduce(0, +) * Double(entrantsTotal) }, total: entrantsTotal)
        var races = raceList(Dictionary(uniqueKeysWithValues: zip(RaceEthnicity.allCases, raceCounts)))
        random.shuffle(&races)
        var entrants: [Int] = []
        var next = 0
        for index in 0..<14 {
            for _ in 0..<entrantsNeeded[index] {
                let grade = index - 1
                let student = newStudent(grade: grade, year: year, race: races[next], arrivedThisYear: true)
                next += 1
                if grade >= 9 {
                    students[student].cohortYear = year + 12 - grade
                    students[student].mathLevel = max(0, grade - 9 + (students[student].ability > 0.3 ? 1 : 0))
                    students[student].enteredHighSchoolInDistrict = grade == 9
                }
                entrants.append(student)
            }
        }
        growEnglish(continuingIndices)
        steerEnglishLearners(continuingBeforeReclassification: continuingIndices, entrants: entrants)
    }

    /// Exit odds per race that pull the make-up toward next year's shares (an over-represented group
    /// leaves a little more often), so the published shares are reachable with newcomers alone.
    private func raceExitWeights(toward targets: [RaceEthnicity: Int]) -> [RaceEthnicity: Double] {
        var counts: [RaceEthnicity: Int] = [:]
        var total = 0
        for student in students where student.active {
            counts[student.race, default: 0] += 1
            total += 1
        }
        let targetTotal = targets.values.reduce(0, +)
        var weights: [RaceEthnicity: Double] = [:]
        for race in RaceEthnicity.allCases {
            let current = Double(counts[race] ?? 0) / Double(max(total, 1))
            let wanted = Double(targets[race] ?? 0) / Double(max(targetTotal, 1))
            let ratio = wanted > 0 ? current / wanted : 4
            weights[race] = min(5, max(0.3, pow(ratio, 8)))
        }
        return weights
    }

    /// A student leaves the district at the end of `year`; a high-school leaver's cohort records why.
    func leave(_ student: Int, in year: Int) {
        students[student].active = false
        guard students[student].grade >= 9, let cohort = students[student].cohortYear,
            cohort <= lastRecordedCohort, !students[student].cohortOutcomeRecorded
        else { return }
        let roll = random.unit()
        let dropoutShare = 0.36 - 0.1 * max(-1, min(1, students[student].ability))
        let outcome: CohortOutcomeCode =
            roll < 0.58
            ? .transferredOut
            : roll < 0.58 + dropoutShare
                ? .dropout
                : roll < 0.995 ? .emigrated : .deceased
        outcomes.append(
            SimOutcome(
                student: student,
                cohortYear: cohort,
                outcome: outcome,
                date: Day(year: year, month: 1 + random.int(0...5), day: 1 + random.int(0...27))!,
                agComplete: nil
            )
        )
        students[student].cohortOutcomeRecorded = true
    }

    private func growEnglish(_ continuing: [Int]) {
        for student in continuing where students[student].isEL {
            let gain = 0.55 + 0.12 * students[student].ability + random.normal() * 0.35
            students[student].english = min(5.99, max(1, students[student].english + gain))
        }
    }

    /// Makes this census's count of English learners exactly the steered share: newcomers from
    /// non-English homes are classified EL, and as many continuing ELs are reclassified (the most
    /// proficient first) as the count requires, about one in ten a year.
    private func steerEnglishLearners(continuingBeforeReclassification continuing: [Int], entrants: [Int]) {
        let total = students.reduce(0) { $0 + ($1.active ? 1 : 0) }
        let target = shareTarget(profile.elShare(year), total: total)
        let continuingEL = continuing.filter { students[$0].isEL }
        let candidates = continuingEL.filter { students[$0].grade >= 1 }.sorted {
            (students[$0].english + 0.3 * students[$0].ability, $0) > (students[$1].english + 0.3 * students[$1].ability, $1)
        }
        let nominal = Int((Double(candidates.count) * 0.095).rounded())
        let newcomers = entrants.filter { students[$0].nonEnglishHome && students[$0].el == .englishOnly }
            .sorted { (students[$0].grade, $0) < (students[$1].grade, $1) }
        let alreadyEL = entrants.filter { students[$0].isEL }.count
        var wanted = target - (continuingEL.count - nominal) - alreadyEL
        wanted = max(0, wanted)
        // Newcomers from non-English homes: most are EL, the rest IFEP; steer by how many are EL.
        var shuffled = newcomers
        random.shuffle(&shuffled)
        var madeEL = 0
        for student in shuffled {
            if madeEL < wanted {
                students[student].el = .englishLearner
                let grade = max(0, students[student].grade)
                students[student].elStart = Day(year: year - 1, month: 9, day: 1 + random.int(0...27))!
                students[student].english = min(5.5, max(1, 1.2 + random.normal() * 0.5 + 0.1 * Double(min(grade, 3))))
                madeEL += 1
            } else {
                students[student].el = .initiallyFluent
            }
        }
        if madeEL < wanted {
            // Not enough newcomers from non-English homes: classify further newcomers (home language
            // survey answered late).
            for student in entrants where madeEL < wanted && students[student].el == .englishOnly {
                students[student].nonEnglishHome = true
                students[student].el = .englishLearner
                students[student].elStart = Day(year: year - 1, month: 9, day: 1 + random.int(0...27))!
                students[student].english = 1.3
                madeEL += 1
            }
        }
        let reclassify = max(0, min(candidates.count, continuingEL.count + madeEL + alreadyEL - target))
        let eligible = reclassificationNeedsELPAC ? candidates.filter(meetsELPACReclassificationCriterion) : candidates
        for student in eligible.prefix(reclassify) {
            students[student].el = .reclassified
            // On the ELPAC criterion, once the spring's results are back (late summer); before, in the spring.
            students[student].rfepDate =
                reclassificationNeedsELPAC
                ? Day(year: year - 1, month: 8 + random.int(0...1), day: 15 + random.int(0...13))!
                : Day(year: year - 1, month: 3 + random.int(0...2), day: 1 + random.int(0...27))!
        }
    }

    private func assignSED() {
        sed = Array(repeating: false, count: students.count)
        let count = shareTarget(profile.sedShare(year), total: enrolled.count)
        let ranked = enrolled.sorted { (students[$0].sesRank, $0) < (students[$1].sesRank, $1) }
        for student in ranked.prefix(count) { sed[student] = true }
    }

    private func assignFlags() {
        homeless = []
        foster = []
        for student in enrolled {
            if sed[student], random.chance(0.035) { homeless.insert(student) }
            if random.chance(0.006) { foster.insert(student) }
        }
    }
}

/// Splits `total` in proportion to `exact` (which sums to about `total`), rounding so the parts add up
/// exactly: the largest fractional parts get the leftover units.
func largestRemainder(_ exact: [Double], total: Int) -> [Int] {
    var parts = exact.map { Int($0.rounded(.down)) }
    var leftover = total - parts.reduce(0, +)
    let order = exact.indices.sorted { (exact[$0] - exact[$0].rounded(.down), -$0) > (exact[$1] - exact[$1].rounded(.down), -$1) }
    var position = 0
    while leftover > 0 {
        parts[order[position % order.count]] += 1
        leftover -= 1
        position += 1
    }
    while leftover < 0 {
        let index = order[order.count - 1 - position % order.count]
        if parts[index] > 0 {
            parts[index] -= 1
            leftover += 1
        }
        position += 1
    }
    return parts
}
