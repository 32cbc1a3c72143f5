/// The pace of A–G completion a student needs to keep to finish the requirement in four years
/// (`shared/spec/indicators.md`, "A–G off-track"): by the end of grade 9, 2 years of a–g in total with
/// `b` ≥ 1; grade 10, 5 with `b` ≥ 2 and `c` ≥ 2; grade 11, 9 with `b` ≥ 3 and `c` ≥ 3; grade 12, all of
/// the requirement.
public struct AGPace: Hashable, Sendable {
    /// Years of a–g in all, and of English (`b`) and mathematics (`c`); `nil` in grade 12, where the whole
    /// requirement is the pace.
    public let totalYears: Int?
    public let english: Int
    public let mathematics: Int

    /// The pace for the end of `grade` (9–12); `nil` for other grades.
    public static func endOfGrade(_ grade: Int) -> AGPace? {
        switch grade {
        case 9: AGPace(totalYears: 2, english: 1, mathematics: 0)
        case 10: AGPace(totalYears: 5, english: 2, mathematics: 2)
        case 11: AGPace(totalYears: 9, english: 3, mathematics: 3)
        case 12: AGPace(totalYears: nil, english: 0, mathematics: 0)
        default: nil
        }
    }

    /// Whether completed A–G work, in twelfths of a year per area (as `AGRequirement` counts it), keeps the
    /// pace; in grade 12, whether it meets `requirement`'s years in every area.
    public func isKept(twelfths: [AGArea: Int], requirement: AGRequirement) -> Bool {
        guard let totalYears else {
            return requirement.years.allSatisfy { area, years in twelfths[area, default: 0] >= years * 12 }
        }
        return twelfths.values.reduce(0, +) >= totalYears * 12 && twelfths[.english, default: 0] >= english * 12
            && twelfths[.mathematics, default: 0] >= mathematics * 12
    }
}

extension AGRequirement {
    /// The University of California and CSU A–G rule (`shared/spec/indicators.md`): a 2 years, b 4, c 3,
    /// d 2, e 2, f 1, g 1, a mark of C or better, grades 9–12 — the built-in `ag_completion` rule.
    public static let universityOfCalifornia = AGRequirement(
        years: [
            .history: 2, .english: 4, .mathematics: 3, .laboratoryScience: 2, .languageOtherThanEnglish: 2, .visualPerformingArts: 1,
            .collegePrepElective: 1,
        ],
        passingMarks: [.aPlus, .a, .aMinus, .bPlus, .b, .bMinus, .cPlus, .c],
        gradeLevels: 9...12
    )
}
