import TandemDomain

/// One generated test result, before it is written.
struct SimResult {
    let student: Int
    let test: String
    let subject: String
    let grade: Int
    let administration: String
    let date: Day
    var scale: Int?
    var level: Int?
    var firstAttempt: Bool?
    var proficient: Bool
}

/// State tests for a school year: CST by grade and subject, CAHSEE in grade 10 (and retakes), CELDT for
/// English learners. Within every (test, subject, grade) the students are ranked by a score drawn from
/// their ability, school and a yearly draw, and exactly the steered number is proficient; scale scores
/// are then laid along the ranking so that the levels agree with the cut scores.
extension DistrictSimulation {
    /// CST cut scores: far below basic / below basic / basic / proficient / advanced start at
    /// 150 / 268 / 300 / 350 / 400 (basic and proficient as the data contract fixes them).
    static let cstCuts = [268, 300, 350, 400]

    func cstLevel(_ scale: Int) -> Int { 1 + DistrictSimulation.cstCuts.filter { scale >= $0 }.count }

    /// The plausible proficiency rate of an uncalibrated CST cell.
    func plannedRate(_ subject: String, grade: Int) -> Double {
        if subject == "MATH", grade == 3 || grade == 5, let published = profile.published(.rate("math_prof_g\(grade)"), year) {
            return published / 100
        }
        let trend = profile.yearlyGain * Double(year - profile.years.lowerBound)
        let elaAdjust = [2: 0.02, 3: -0.06, 4: 0.04, 5: 0.0, 6: -0.02, 7: 0.0, 8: -0.02, 9: 0.02, 10: -0.02, 11: -0.06]
        let mathAdjust = [2: 0.08, 3: 0.06, 4: 0.06, 5: 0.0, 6: -0.06, 7: -0.08]
        let rate: Double =
            switch subject {
            case "ELA": profile.elaBase + trend + (elaAdjust[grade] ?? 0)
            case "MATH": profile.mathBase + trend + (mathAdjust[grade] ?? 0)
            case "SCI": profile.elaBase + trend + 0.02 * Double(8 - grade)
            case "GENMATH": 0.16 + trend / 2
            case "GEOM": grade == 8 ? 0.86 : grade == 9 ? 0.55 : 0.2
            case "ALG1": 0.12 + trend / 3
            case "ALG2": grade == 10 ? 0.45 : 0.14
            default: 0.5  // SUMHS: the strongest students of grade 11
            }
        return min(0.92, max(0.05, rate))
    }

    /// A student's score for one test this year: ability, the school, language, and the year's luck.
    func testScore(_ student: Int, subject: String) -> Double {
        let s = students[student]
        let schoolEffect = schools.entries[currentSchool[student]].effect
        let language = s.isEL ? (subject == "ELA" ? -0.45 : -0.2) : 0
        return s.ability + schoolEffect + language + random.normal() * 0.55
    }

    func testYear() -> [SimResult] {
        var results: [SimResult] = []
        let date = Day(year: year, month: 5, day: 4 + random.int(0...10))!
        let tested = chooseTested()
        var byGrade = Array(repeating: [Int](), count: 14)
        for student in tested { byGrade[students[student].grade + 1].append(student) }

        for grade in 2...11 {
            results += cstCell("ELA", grade: grade, byGrade[grade + 1], date: date)
            if grade == 5 || grade == 8 || grade == 10 { results += cstCell("SCI", grade: grade, byGrade[grade + 1], date: date) }
        }
        for grade in 2...7 {
            let cell = cstCell("MATH", grade: grade, byGrade[grade + 1], date: date)
            if grade == 7 { for result in cell { students[result.student].grade7MathScale = result.scale } }
            results += cell
        }
        results += highSchoolMath(byGrade, date: date)
        results += grade8Math(byGrade[9], date: date, others: results)
        results += cahsee()
        results += celdt()
        return results
    }

    /// Who sits the CST this year: every enrolled student of grades 2–11 but a few (absent, or on an
    /// alternate assessment, more often with an IEP). Grade 8 leaves out exactly the planned number.
    private func chooseTested() -> [Int] {
        var tested: [Int] = []
        var grade8: [Int] = []
        for student in enrolled {
            let grade = students[student].grade
            guard (2...11).contains(grade) else { continue }
            if grade == 8 {
                grade8.append(student)
                continue
            }
            if !random.chance(students[student].disability ? 0.06 : 0.007) { tested.append(student) }
        }
        let untested = untestedCount(enrolled: profile.grade8Tested[year]!)
        let leaveOut = grade8.map { ($0, (students[$0].disability ? 1.0 : 0.0) + random.unit()) }
            .sorted { ($0.1, $0.0) > ($1.1, $1.0) }.prefix(untested).map(\.0)
        let excluded = Set(leaveOut)
        tested += grade8.filter { !excluded.contains($0) }
        return tested
    }

    /// Ranks `students` by this year's score and makes the top `count` (or `plannedRate`) proficient.
    func cstCell(_ subject: String, grade: Int, _ students: [Int], date: Day, proficientCount: Int? = nil) -> [SimResult] {
        guard !students.isEmpty else { return [] }
        let ranked = students.map { ($0, testScore($0, subject: subject)) }.sorted { ($0.1, $0.0) > ($1.1, $1.0) }
        let count = proficientCount ?? Int((plannedRate(subject, grade: grade) * Double(students.count)).rounded())
        let marked = ranked.enumerated().map { ($0.element.0, $0.offset < count) }
        return layScales(marked, test: "CST", subject: subject, grade: grade, date: date)
    }

    /// Gives scale scores along a ranking whose proficient students come first: 350 falls exactly at the
    /// proficient boundary, 325 about 11 points of rank lower (the Algebra placement band), 300 and 268
    /// lower still, 400 inside the proficient group.
    func layScales(_ ranked: [(Int, Bool)], test: String, subject: String, grade: Int, date: Day) -> [SimResult] {
        let n = Double(ranked.count)
        let p = Double(ranked.filter(\.1).count) / n
        let anchors: [(Double, Double)] = [
            (0, 600), (p * 0.42, 400), (p, 350), (min(p + 0.11, 0.97), 325), (min(p + 0.22, 0.98), 300),
            (min(p + 0.42, 0.99), 268), (1, 150),
        ]
        return ranked.enumerated().map { offset, entry in
            let u = (Double(offset) + 0.5) / n
            var value = interpolate(anchors, u)
            value = entry.1 ? max(350, value) : min(349, value)
            let scale = Int(value.rounded())
            return SimResult(
                student: entry.0,
                test: test,
                subject: subject,
                grade: grade,
                administration: "SPRING",
                date: date,
                scale: scale,
                level: cstLevel(scale),
                firstAttempt: nil,
                proficient: entry.1
            )
        }
    }

    private func interpolate(_ anchors: [(Double, Double)], _ u: Double) -> Double {
        for index in 1..<anchors.count where u <= anchors[index].0 {
            let (u0, v0) = anchors[index - 1]
            let (u1, v1) = anchors[index]
            guard u1 > u0 else { return v1 }
            return v0 + (v1 - v0) * (u - u0) / (u1 - u0)
        }
        return anchors[anchors.count - 1].1
    }

    /// High-school CST math follows each student's course sequence.
    private func highSchoolMath(_ byGrade: [[Int]], date: Day) -> [SimResult] {
        var results: [SimResult] = []
        let subjects = ["ALG1", "GEOM", "ALG2", "SUMHS"]
        for grade in 9...11 {
            var bySubject: [String: [Int]] = [:]
            for student in byGrade[grade + 1] {
                bySubject[subjects[min(3, students[student].mathLevel)], default: []].append(student)
            }
            for subject in subjects { results += cstCell(subject, grade: grade, bySubject[subject] ?? [], date: date) }
        }
        return results
    }

    /// Grade 8: the strongest take Geometry, then Algebra 1 exactly as many as published (from the
    /// placement year on, every grade-7 student who scored 325–349 first), and the rest General Math.
    /// Algebra 1 proficiency is the published count; in LBUSD 2008–09 General Math is set so the
    /// matched grade-5 cohort of 2005–06 lands on its published rate.
    private func grade8Math(_ grade8: [Int], date: Day, others: [SimResult]) -> [SimResult] {
        let n = grade8.count
        let algebraCount = Int(profile.published(.algebraTested, year)!)
        let algebraProficient = Int(profile.published(.algebraProficient, year)!)
        var geometryCount = Int((0.012 * Double(n)).rounded())
        if let participation = profile.published(.rate("alg1_g8_participation"), year) {
            geometryCount = Int((participation / 100 * Double(n)).rounded()) - algebraCount
        }
        precondition(geometryCount >= 0, "\(profile.code) \(year): grade-8 participation needs \(geometryCount) Geometry takers")
        var placementScores: [(Int, Double)] = []
        for student in grade8 {
            let prior: Int = students[student].grade7MathScale ?? Int(330 + 45 * students[student].ability)
            placementScores.append((student, Double(prior) + random.normal() * 12))
        }
        let placement = placementScores.sorted { ($0.1, $0.0) > ($1.1, $1.0) }.map(\.0)
        let geometry = Array(placement.prefix(geometryCount))
        var remaining = Array(placement.dropFirst(geometryCount))
        var algebra: [Int] = []
        if year >= profile.algebraPlacementFrom {
            algebra = remaining.filter { (325...349).contains(students[$0].grade7MathScale ?? 0) }
            algebra = Array(algebra.prefix(algebraCount))
            let placed = Set(algebra)
            remaining = remaining.filter { !placed.contains($0) }
        }
        let regular = algebraCount - algebra.count
        algebra += remaining.prefix(regular)
        let general = Array(remaining.dropFirst(regular))
        for student in geometry { students[student].mathLevel = max(students[student].mathLevel, 1) }

        var results = cstCell("GEOM", grade: 8, geometry, date: date)
        results += cstCell("ALG1", grade: 8, algebra, date: date, proficientCount: algebraProficient)
        results += generalMath(general, date: date, others: others + results)
        return results
    }

    private func generalMath(_ students: [Int], date: Day, others: [SimResult]) -> [SimResult] {
        guard let target = profile.published(.matchedCohortMath(grade: 5, startYear: 2006), year),
            year > 2006
        else {
            return cstCell("GENMATH", grade: 8, students, date: date)
        }
        // Members of the matched cohort with a math result this year, and how many are proficient
        // already on the other tests; General Math makes up the rest.
        let mathSubjects: Set<String> = ["MATH", "ALG1", "GEOM", "GENMATH", "ALG2", "SUMHS"]
        let memberResults = others.filter { matchedCohort.contains($0.student) && mathSubjects.contains($0.subject) }
        let members = students.filter { matchedCohort.contains($0) }
        let nonMembers = students.filter { !matchedCohort.contains($0) }
        let total = memberResults.count + members.count
        let wanted = Int((target / 100 * Double(total)).rounded())
        let memberCount = min(members.count, max(0, wanted - memberResults.filter(\.proficient).count))
        let memberRate = members.isEmpty ? 0 : Double(memberCount) / Double(members.count)
        let nonMemberCount = Int((memberRate * Double(nonMembers.count)).rounded())
        func rankAndMark(_ group: [Int], _ count: Int) -> [(Int, Double, Bool)] {
            group.map { ($0, testScore($0, subject: "GENMATH")) }.sorted { ($0.1, $0.0) > ($1.1, $1.0) }
                .enumerated().map { ($0.element.0, $0.element.1, $0.offset < count) }
        }
        let marked = (rankAndMark(members, memberCount) + rankAndMark(nonMembers, nonMemberCount))
            .sorted { ($0.2 ? 1 : 0, $0.1, $0.0) > ($1.2 ? 1 : 0, $1.1, $1.0) }
        return layScales(marked.map { ($0.0, $0.2) }, test: "CST", subject: "GENMATH", grade: 8, date: date)
    }

    /// CAHSEE: grade 10 sits it for the first time (ELA and math) in March; those who have not passed
    /// retake it in grades 11 and 12. First-attempt math passes exactly the steered share.
    private func cahsee() -> [SimResult] {
        var results: [SimResult] = []
        let date = Day(year: year, month: 3, day: 10 + random.int(0...5))!
        let first = enrolled.filter { students[$0].grade == 10 && !students[$0].takenCAHSEE }
        let mathRate = (profile.published(.rate("cahsee_math_first_pass"), year) ?? (profile.code == "FUSD" ? 72 : 80) + Double(year - 2010)) / 100
        for subject in ["MATH", "ELA"] {
            let rate = subject == "MATH" ? mathRate : mathRate + 0.03
            let ranked = first.map { ($0, testScore($0, subject: subject == "MATH" ? "MATH" : "ELA")) }.sorted { ($0.1, $0.0) > ($1.1, $1.0) }
            let passing = Int((rate * Double(ranked.count)).rounded())
            for (offset, entry) in ranked.enumerated() {
                let u = (Double(offset) + 0.5) / Double(ranked.count)
                let passed = offset < passing
                let scale = passed ? max(350, Int(450 - 100 * u / rate)) : min(349, Int(349 - 74 * (u - rate) / (1 - rate)))
                results.append(
                    SimResult(
                        student: entry.0,
                        test: "CAHSEE",
                        subject: subject,
                        grade: 10,
                        administration: "SPRING",
                        date: date,
                        scale: scale,
                        level: nil,
                        firstAttempt: true,
                        proficient: passed
                    )
                )
                if passed { if subject == "MATH" { students[entry.0].passedCAHSEEMath = true } else { students[entry.0].passedCAHSEEELA = true } }
            }
        }
        for student in first { students[student].takenCAHSEE = true }
        let firstSet = Set(first)
        for student in enrolled where students[student].grade >= 10 && students[student].takenCAHSEE && !firstSet.contains(student) {
            for subject in ["MATH", "ELA"] {
                let already = subject == "MATH" ? students[student].passedCAHSEEMath : students[student].passedCAHSEEELA
                guard !already else { continue }
                let passed = random.chance(0.45)
                let scale = passed ? 350 + random.int(0...35) : 300 + random.int(0...49)
                results.append(
                    SimResult(
                        student: student,
                        test: "CAHSEE",
                        subject: subject,
                        grade: students[student].grade,
                        administration: "SPRING",
                        date: date,
                        scale: scale,
                        level: nil,
                        firstAttempt: false,
                        proficient: passed
                    )
                )
                if passed { if subject == "MATH" { students[student].passedCAHSEEMath = true } else { students[student].passedCAHSEEELA = true } }
            }
        }
        return results
    }

    /// CELDT: every English learner, each fall; the overall level follows their latent English.
    func celdt() -> [SimResult] {
        let date = Day(year: year - 1, month: 10, day: 1 + random.int(0...20))!
        return enrolled.filter { students[$0].isEL }.map { student in
            let level = min(5, max(1, Int(students[student].english)))
            let scale = 380 + 45 * level + random.int(0...40)
            return SimResult(
                student: student,
                test: "CELDT",
                subject: "OVERALL",
                grade: students[student].grade,
                administration: "FALL",
                date: date,
                scale: scale,
                level: level,
                firstAttempt: nil,
                proficient: level >= 4
            )
        }
    }
}
