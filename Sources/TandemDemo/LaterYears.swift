import TandemDomain

/// The school years after the calibrated ones, 2011–12 to 2023–24, run on the same simulation: the same
/// students keep ageing through the grades (a grade-3 student of 2010–11 is in grade 7 in 2014–15), new
/// kindergarten and TK classes and newcomers arrive, English learners progress and are reclassified,
/// cohorts graduate. Only the state tests change with the era: CAASPP (Smarter Balanced) and, after the
/// last CELDT, the summative ELPAC.
///
/// Every later year draws from its own random stream, derived from the seed and the year, never from
/// the generator the calibrated years use: those years' records stay byte for byte what they were.
extension DistrictSimulation {
    /// One later year's test results and courses (empty for the simulated years that are not written).
    struct LaterYearRecords {
        let results: [SimResult]
        let courses: [SimCourse]
    }

    /// Runs later school year `year` (in order, after the calibrated years have ended).
    func runLaterYear(_ year: Int, seed: UInt64) -> LaterYearRecords {
        random = SeededRandom(seed: seed, stream: "later-years", district: profile.seedOffset, year: year)
        lastRecordedCohort = LaterYearsProfile.simulated.upperBound
        // Newly reclassified at this census means since the last one, on the results of the spring between.
        reclassificationNeedsELPAC = year - 1 >= LaterYearsProfile.elpacReclassificationFrom
        census(year, targets: laterGradeTargets(year))
        guard LaterYearsProfile.written.contains(year) else {
            advanceMathSequence(algebraInGrade8: Set(grade8MathCourses().keys))
            return LaterYearRecords(results: [], courses: [])
        }
        let results = stateTests()
        let courses = courseYear(mathSubjects: grade8MathCourses())
        let collegeResults = collegeTests(courses)
        return LaterYearRecords(results: results + collegeResults, courses: courses + summerCreditRecovery(courses))
    }

    /// Ends the last later year's graduation cohort, from a stream of its own.
    func endLaterYears(seed: UInt64) {
        let last = LaterYearsProfile.simulated.upperBound
        random = SeededRandom(seed: seed, stream: "later-years-end", district: profile.seedOffset, year: last)
        endCohortYear(last)
    }

    /// Enrollment per grade (index 0 is TK) summing exactly to the year's total: the calibrated years'
    /// grade weights (with grade 8 no longer sized to published Algebra counts), a growing TK, and the
    /// smaller kindergarten of 2020–21.
    func laterGradeTargets(_ year: Int) -> [Int] {
        var weights: [Double] = [0, 7.7, 7.6, 7.5, 7.5, 7.4, 7.4, 7.3, 7.3, 7.3, 8.3, 7.7, 7.1, 6.6]
        weights[0] = LaterYearsProfile.transitionalKindergartenWeight(year)
        if year == 2021 { weights[1] *= 0.9 }
        let total = profile.enrollmentTotal(year)
        let sum = weights.reduce(0, +)
        return largestRemainder(weights.map { $0 / sum * Double(total) }, total: total)
    }

    /// CELDT in the fall through 2016–17; CAASPP and the summative ELPAC in the spring (none in spring 2020).
    private func stateTests() -> [SimResult] {
        var results = year <= LaterYearsProfile.lastCELDTYear ? celdt() : []
        guard !LaterYearsProfile.untested.contains(year) else { return results }
        results += caaspp()
        if year > LaterYearsProfile.lastCELDTYear { results += elpac() }
        return results
    }

    /// An unwritten year needs no transcript, only what the written years build on: each student's place
    /// in the math sequence. The spring mark of the math course a full schedule would give (see
    /// `highSchedule`) moves the student on, as `courseYear` does, for a fraction of its cost.
    private func advanceMathSequence(algebraInGrade8: Set<Int>) {
        for student in enrolled {
            let s = students[student]
            switch s.grade {
            case 8 where algebraInGrade8.contains(student):
                if mark(student, rigor: 0).countsForAG { students[student].mathLevel = max(s.mathLevel, 1) }
            case 9...12 where s.collegePrep || s.mathLevel < 2:
                let course = min(4, s.mathLevel)
                if mark(student, rigor: course == 4 ? 0.3 : 0).countsForAG { students[student].mathLevel = max(s.mathLevel, course + 1) }
            default:
                continue
            }
        }
    }

    /// Summer credit recovery: a high-school student below C in a semester of a regular A–G course retakes
    /// it in the summer term more often than not (the more diligent, the likelier), once per course, and mostly
    /// passes. The retake counts toward A–G as the course would; a passed math course moves the student on.
    private func summerCreditRecovery(_ courses: [SimCourse]) -> [SimCourse] {
        var retaken = Set<String>()
        var retakes: [SimCourse] = []
        for course in courses where course.grade >= 9 && course.area != nil && !course.isAP && !course.isHonors {
            guard let failed = course.mark, failed.gradePoints != nil, !failed.countsForAG,
                retaken.insert("\(course.student) \(course.code)").inserted
            else { continue }
            guard random.chance(min(0.85, max(0.25, 0.6 + 0.25 * students[course.student].effort))) else { continue }
            retakes.append(
                SimCourse(
                    student: course.student,
                    term: .summer,
                    code: course.code,
                    title: "\(course.title) (credit recovery)",
                    area: course.area,
                    isAP: false,
                    isHonors: false,
                    grade: course.grade,
                    mark: mark(course.student, rigor: -0.8)
                )
            )
        }
        advanceMathLevels(retakes)
        return retakes
    }

    /// Grade-8 math courses under the Common Core: the strongest (by ability and a placement draw) are
    /// accelerated into Algebra 1, the others take Math 8.
    private func grade8MathCourses() -> [Int: String] {
        let placement = enrolled.filter { students[$0].grade == 8 }
            .map { ($0, students[$0].ability + random.normal() * 0.35) }
            .sorted { ($0.1, $0.0) > ($1.1, $1.0) }
        let accelerated = Int((profile.later.grade8AlgebraShare * Double(placement.count)).rounded())
        return Dictionary(uniqueKeysWithValues: placement.prefix(accelerated).map { ($0.0, "ALG1") })
    }
}
