import TandemDemo
import TandemDomain
public import TandemPorts

/// Measures the demo against the published figures from the **stored indicator values** that
/// `tandem compute` wrote: the engine's answer, read back as a page or export would read it.
///
/// Group shares and enrollment come from the demo partnership's `enrollment` indicator (its own
/// definition file); the matched cohort from the stored cohort series; the Project 980/340 counts from the
/// stored `proficient_but_failing` list (the list engine's members, middle and high school).
public struct ComputedCalibration: Sendable {
    let store: any TandemStore

    public init(store: any TandemStore) { self.store = store }

    public func run() async throws -> [CalibrationCheck.Result] {
        try await store.read { db in
            try PublishedFigures.all.map { figure in
                let (measured, detail) = try Self.measure(figure, db: db)
                return CalibrationCheck.Result(figure: figure, measured: measured, detail: detail)
            }
        }
    }

    private static func measure(_ figure: PublishedFigure, db: any StoreReader) throws -> (Double, String) {
        func value(_ indicator: String, year: Int = figure.year, group: StudentGroup = .all) throws -> (numerator: Int, denominator: Int) {
            let stored = try db.value(indicator: indicator, district: figure.district, year: year, school: nil, group: group)
            return (stored?.numerator ?? 0, stored?.denominator ?? 0)
        }
        func percent(_ value: (numerator: Int, denominator: Int)) -> Double {
            value.denominator == 0 ? .nan : 100 * Double(value.numerator) / Double(value.denominator)
        }
        switch figure.measure {
        case .enrollment:
            return (Double(try value("enrollment").denominator), "")
        case .groupShare(let group):
            // The published shares name groups by their codes (`SED`, `EL`, `HI`, …), which are the group ids.
            guard let studentGroup = StudentGroup(rawValue: group) else { preconditionFailure("no student group \(group)") }
            let part = try value("enrollment", group: studentGroup).denominator
            let all = try value("enrollment").denominator
            return (percent((part, all)), "\(part) of \(all)")
        case .rate(let indicator):
            let counts = try value(indicator)
            return (percent(counts), "\(counts.numerator) of \(counts.denominator)")
        case .algebraTested:
            return (Double(try value("alg1_g8_proficiency").denominator), "")
        case .algebraProficient:
            return (Double(try value("alg1_g8_proficiency").numerator), "")
        case .matchedCohortMath(let grade, let startYear):
            let stored = try db.cohortValue(
                indicator: "math_prof_g\(grade)",
                district: figure.district,
                startYear: startYear,
                year: figure.year,
                group: .all
            )
            let counts: (numerator: Int, denominator: Int) = (stored?.numerator ?? 0, stored?.denominator ?? 0)
            return (percent(counts), "\(counts.numerator) of \(counts.denominator)")
        case .rateChange(let indicator):
            let now = percent(try value(indicator))
            let before = percent(try value(indicator, year: figure.year - 1))
            return (now - before, "\(before.rounded1) → \(now.rounded1)")
        case .proficientButFailing(let highSchool):
            let members = try db.listMembers(district: figure.district, list: "proficient_but_failing", year: figure.year)
            let grades = highSchool ? 9...12 : 6...8
            return (Double(members.count { grades.contains($0.grade) }), "from the proficient_but_failing list")
        }
    }
}
