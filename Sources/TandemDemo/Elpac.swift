import TandemDomain

/// The summative ELPAC (from spring 2018): English learners in kindergarten through grade 12, an overall
/// scale score and four levels (1 Minimally, 2 Somewhat, 3 Moderately, 4 Well Developed), cut at the
/// state's overall thresholds by grade (approved November 2018).
enum SummativeELPAC {
    /// The lowest overall scale score of levels 2, 3 and 4, by grade (grade spans 9–10 and 11–12 share cuts).
    static func thresholds(grade: Int) -> [Int] {
        switch grade {
        case ...0: [1374, 1422, 1474]
        case 1: [1411, 1455, 1507]
        case 2: [1424, 1471, 1532]
        case 3: [1448, 1488, 1535]
        case 4: [1459, 1499, 1549]
        case 5: [1467, 1514, 1560]
        case 6: [1475, 1517, 1567]
        case 7: [1481, 1527, 1576]
        case 8: [1486, 1534, 1590]
        case 9, 10: [1493, 1545, 1606]
        default: [1500, 1555, 1615]
        }
    }

    /// The obtainable overall scale scores: from 1150 to a top that rises with the grade span.
    static func obtainable(grade: Int) -> ClosedRange<Int> {
        switch grade {
        case ...2: 1150...1700
        case 3...5: 1150...1800
        case 6...8: 1150...1900
        default: 1150...1950
        }
    }

    /// Where levels 2, 3 and 4 begin on the simulation's latent English proficiency (the CELDT-like 1–6
    /// scale the CELDT years use), by grade. ELPAC levels are relative to the grade, as the latent scale is
    /// not: these spread each grade's English learners over the levels about as the state's are spread
    /// (a quarter at level 1 in kindergarten, most at levels 2–3, one in six or so at level 4).
    static func latentThresholds(grade: Int) -> [Double] {
        switch grade {
        case ...0: [1.15, 1.6, 1.95]
        case 1: [1.35, 1.8, 2.5]
        case 2: [1.5, 2.2, 2.95]
        case 3: [1.7, 2.55, 3.7]
        case 4: [1.95, 2.95, 4.0]
        case 5: [2.1, 3.2, 4.35]
        case 6...8: [2.05, 3.15, 4.45]
        case 9, 10: [2.1, 3.3, 4.6]
        default: [2.7, 3.75, 4.7]
        }
    }

    static func level(_ scale: Int, grade: Int) -> Int { 1 + thresholds(grade: grade).filter { scale >= $0 }.count }
}

extension DistrictSimulation {
    /// The summative ELPAC, in its February–May window: each English learner's latent English, with the
    /// day's luck, placed on the grade's scale so that the latent level thresholds land on the cut scores.
    func elpac() -> [SimResult] {
        let sparse = LaterYearsProfile.sparselyTested.contains(year)
        var results: [SimResult] = []
        for student in enrolled where students[student].isEL && students[student].grade >= 0 {
            guard random.chance(sparse ? 0.75 : 0.975) else { continue }
            let grade = students[student].grade
            let english = students[student].english + random.normal() * 0.3
            let cuts = SummativeELPAC.thresholds(grade: grade).map(Double.init)
            let latent = SummativeELPAC.latentThresholds(grade: grade)
            // Straight lines through (latent threshold, cut score), 60 points of scale per latent level below
            // level 2 and 65 above level 4.
            let value: Double =
                switch english {
                case ..<latent[0]: cuts[0] - 60 * (latent[0] - english)
                case ..<latent[1]: cuts[0] + (cuts[1] - cuts[0]) * (english - latent[0]) / (latent[1] - latent[0])
                case ..<latent[2]: cuts[1] + (cuts[2] - cuts[1]) * (english - latent[1]) / (latent[2] - latent[1])
                default: cuts[2] + 65 * (english - latent[2])
                }
            let range = SummativeELPAC.obtainable(grade: grade)
            let scale = min(range.upperBound, max(range.lowerBound, Int(value.rounded())))
            let level = SummativeELPAC.level(scale, grade: grade)
            students[student].lastELPAC = (year, level)
            let date = Day(year: year, month: 2 + random.int(0...3), day: 1 + random.int(0...27))!
            results.append(
                SimResult(
                    student: student,
                    test: "ELPAC",
                    subject: "OVERALL",
                    grade: grade,
                    administration: "SPRING",
                    date: date,
                    scale: scale,
                    level: level,
                    firstAttempt: nil,
                    proficient: level == 4
                )
            )
        }
        return results
    }

    /// The statewide criterion from the 2018–19 administration: the latest summative ELPAC at level 4, taken in
    /// the spring before this census (reclassification follows the results) or, as spring 2020 had none, the
    /// spring before that.
    func meetsELPACReclassificationCriterion(_ student: Int) -> Bool {
        guard let last = students[student].lastELPAC else { return false }
        return last.level == 4 && last.year >= year - 2
    }
}
