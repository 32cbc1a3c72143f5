import TandemDomain

/// The Smarter Balanced summative tests of the CAASPP (ELA and mathematics, grades 3–8 and 11) as the
/// state reports them: a scale score per grade and subject and one of four achievement levels, the
/// levels cut at the thresholds the State Board approved in November 2014 (unchanged since).
enum SmarterBalanced {
    static let grades = [3, 4, 5, 6, 7, 8, 11]
    static let subjects = ["ELA", "MATH"]

    /// The lowest scale score of levels 2, 3 ("Standard Met") and 4, by subject and grade.
    static let thresholds: [String: [Int: [Int]]] = [
        "ELA": [
            3: [2367, 2432, 2490], 4: [2416, 2473, 2533], 5: [2442, 2502, 2582], 6: [2457, 2531, 2618],
            7: [2479, 2552, 2649], 8: [2487, 2567, 2668], 11: [2493, 2583, 2682],
        ],
        "MATH": [
            3: [2381, 2436, 2501], 4: [2411, 2485, 2549], 5: [2455, 2528, 2579], 6: [2473, 2552, 2610],
            7: [2484, 2567, 2635], 8: [2504, 2586, 2653], 11: [2543, 2628, 2718],
        ],
    ]

    /// The lowest and highest obtainable scale scores: one range through 2019–20, wider from 2020–21.
    static func obtainable(_ subject: String, grade: Int, year: Int) -> ClosedRange<Int> {
        let before: [String: [Int: ClosedRange<Int>]] = [
            "ELA": [3: 2114...2623, 4: 2131...2663, 5: 2201...2701, 6: 2210...2724, 7: 2258...2745, 8: 2288...2769, 11: 2299...2795],
            "MATH": [3: 2189...2621, 4: 2204...2659, 5: 2219...2700, 6: 2235...2748, 7: 2250...2778, 8: 2265...2802, 11: 2280...2862],
        ]
        let from2021: [String: [Int: ClosedRange<Int>]] = [
            "ELA": [3: 2115...2650, 4: 2140...2690, 5: 2200...2730, 6: 2230...2770, 7: 2260...2810, 8: 2290...2850, 11: 2300...2900],
            "MATH": [3: 2190...2660, 4: 2205...2700, 5: 2220...2740, 6: 2235...2780, 7: 2250...2820, 8: 2265...2860, 11: 2280...2900],
        ]
        return (year >= 2021 ? from2021 : before)[subject]![grade]!
    }

    /// About one standard deviation of student scale scores in a grade: wider in the upper grades and in math.
    static let spread: [String: [Int: Double]] = [
        "ELA": [3: 88, 4: 94, 5: 95, 6: 95, 7: 100, 8: 98, 11: 110],
        "MATH": [3: 82, 4: 84, 5: 92, 6: 110, 7: 115, 8: 125, 11: 125],
    ]

    static func level(_ scale: Int, subject: String, grade: Int) -> Int {
        1 + thresholds[subject]![grade]!.filter { scale >= $0 }.count
    }
}

/// CAASPP results for a later school year. In every (subject, grade) the takers are ranked by the same
/// score the CST years use (ability, school, language, the year's luck) and the planned share meets the
/// standard; scale scores follow each student's score in standard deviations around the Level 3 cut, so
/// levels, distance from standard and the gaps between groups come out of one model.
extension DistrictSimulation {
    func caaspp() -> [SimResult] {
        let date = Day(year: year, month: 4, day: 20 + random.int(0...10))!
        let sparse = LaterYearsProfile.sparselyTested.contains(year)
        var takers: [Int: [Int]] = [:]
        for student in enrolled {
            let s = students[student]
            guard SmarterBalanced.grades.contains(s.grade) else { continue }
            // Absent, or on the alternate assessment (more often with an IEP); grade 11 misses more.
            let untested = (s.disability ? 0.06 : 0.008) + (s.grade == 11 ? 0.035 : 0)
            // 2021: those who tested were fewer and, on the whole, better off.
            let tests =
                sparse
                ? random.chance(min(0.6, max(0.05, 0.2 + 0.08 * s.ability + (sed[student] ? -0.04 : 0.04))))
                : !random.chance(untested)
            if tests { takers[s.grade, default: []].append(student) }
        }
        var results: [SimResult] = []
        for grade in SmarterBalanced.grades {
            let cohort = takers[grade] ?? []
            // English learners in their first year in a US school are exempt from the ELA test.
            let firstYear = Day(year: year - 1, month: 5, day: 1)!
            let ela = cohort.filter { !(students[$0].isEL && students[$0].usEntry > firstYear) }
            results += smarterBalancedCell("ELA", grade: grade, ela, date: date)
            results += smarterBalancedCell("MATH", grade: grade, cohort, date: date)
        }
        return results
    }

    private func smarterBalancedCell(_ subject: String, grade: Int, _ takers: [Int], date: Day) -> [SimResult] {
        guard !takers.isEmpty else { return [] }
        let ranked = takers.map { ($0, testScore($0, subject: subject)) }.sorted { ($0.1, $0.0) > ($1.1, $1.0) }
        let n = ranked.count
        let rate = min(0.92, max(0.03, profile.later.metRate(subject, grade: grade, year) + random.normal() * 0.012))
        let met = Int((rate * Double(n)).rounded())
        // The Level 3 cut in score units: between the last student who meets the standard and the first who does not.
        let cut = met == 0 ? ranked[0].1 + 0.05 : met == n ? ranked[n - 1].1 - 0.05 : (ranked[met - 1].1 + ranked[met].1) / 2
        let mean = ranked.reduce(0) { $0 + $1.1 } / Double(n)
        let deviation = max(0.2, (ranked.reduce(0) { $0 + ($1.1 - mean) * ($1.1 - mean) } / Double(n)).squareRoot())
        let levelThree = SmarterBalanced.thresholds[subject]![grade]![1]
        let spread = SmarterBalanced.spread[subject]![grade]!
        let range = SmarterBalanced.obtainable(subject, grade: grade, year: year)
        return ranked.enumerated().map { offset, entry in
            var scale = Int((Double(levelThree) + spread * (entry.1 - cut) / deviation).rounded())
            scale = offset < met ? max(levelThree, scale) : min(levelThree - 1, scale)
            scale = min(range.upperBound, max(range.lowerBound, scale))
            let level = SmarterBalanced.level(scale, subject: subject, grade: grade)
            return SimResult(
                student: entry.0,
                test: "CAASPP",
                subject: subject,
                grade: grade,
                administration: "SPRING",
                date: date,
                scale: scale,
                level: level,
                firstAttempt: nil,
                proficient: level >= 3
            )
        }
    }
}
