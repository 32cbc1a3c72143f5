import Foundation
import TandemDomain

/// Graduation cohorts: how each cohort year ends, and the members who left before the first census.
extension DistrictSimulation {
    /// The four-year rate a cohort graduates at: published where there is a figure, plausible otherwise.
    func graduationRate(_ cohort: Int) -> Double {
        if let published = profile.published(.rate("grad_rate_4yr"), cohort) { return published / 100 }
        return profile.extraGraduationRates[cohort] ?? profile.later.graduationRate(cohort)
    }

    /// Ends school year `year` for its graduation cohort: exactly the steered share of the adjusted
    /// cohort graduates; the other members still enrolled continue, drop out or complete otherwise.
    /// Fifth-year seniors of earlier cohorts mostly graduate too (their cohort outcome stands).
    func endCohortYear(_ year: Int) {
        if let ended = lastCohortYearEnded, year <= ended { return }
        lastCohortYearEnded = year
        let members = students.indices.filter { students[$0].cohortYear == year }
        let present = members.filter { students[$0].active }
        let left = outcomes.filter { $0.cohortYear == year }
        let removed = left.filter { $0.outcome.leavesAdjustedCohort }.count
        let adjusted = members.count - removed
        let wanted = Int((graduationRate(year) * Double(adjusted)).rounded())
        let seniors = present.filter { students[$0].grade == 12 }
            .map { ($0, students[$0].ability + students[$0].effort + random.normal() * 0.6) }
            .sorted { ($0.1, $0.0) > ($1.1, $1.0) }
            .map(\.0)
        // The profile's rates leave room for this; a change that breaks it must fail loudly, not shift a figure.
        // After the calibrated years the rate is only a plan: too few seniors simply graduate them all.
        precondition(
            wanted <= seniors.count || !profile.years.contains(year),
            "\(profile.code) cohort \(year): \(wanted) graduates wanted, \(seniors.count) seniors"
        )
        let graduates = min(wanted, seniors.count)
        let graduating = Set(seniors.prefix(graduates))
        let date = Day(year: year, month: 6, day: 10)!
        for student in present.sorted() {
            if graduating.contains(student) {
                outcomes.append(
                    SimOutcome(
                        student: student,
                        cohortYear: year,
                        outcome: .graduated,
                        date: date,
                        agComplete: reportedAGCompletion(student, cohort: year)
                    )
                )
                students[student].active = false
            } else if students[student].grade < 12 {
                outcomes.append(SimOutcome(student: student, cohortYear: year, outcome: .continuing, date: date, agComplete: nil))
            } else {
                let roll = random.unit()
                let outcome: CohortOutcomeCode = roll < 0.45 ? .continuing : roll < 0.8 ? .dropout : roll < 0.9 ? .otherCompleter : .ged
                outcomes.append(SimOutcome(student: student, cohortYear: year, outcome: outcome, date: date, agComplete: nil))
                if outcome != .continuing { students[student].active = false }
            }
            students[student].cohortOutcomeRecorded = true
        }
        // Seniors from earlier cohorts: most finish this year, the rest leave.
        for student in students.indices
        where students[student].active && students[student].grade == 12
            && (students[student].cohortYear ?? Int.max) < year
        {
            students[student].active = false
        }
    }

    /// A–G completion as the district reports it. For cohorts whose ninth-grade year predates the data,
    /// and for graduates who came to the district after grade 9, the transcript here is incomplete, so
    /// the district reports the flag; for the rest it is left empty and derived from `courses.csv`.
    func reportedAGCompletion(_ student: Int, cohort: Int) -> Bool? {
        let later = cohort > profile.years.upperBound
        let firstTranscriptYear = later ? LaterYearsProfile.written.lowerBound : profile.years.lowerBound
        let transcriptComplete = cohort - 3 >= firstTranscriptYear && students[student].enteredHighSchoolInDistrict
        guard !transcriptComplete else { return nil }
        let s = students[student]
        let score = s.ability + 0.5 * s.effort + (s.collegePrep ? 0.6 : -0.6)
        return score > 0.9 - (later ? profile.later.reportedAGRate : profile.reportedAGRate) * 1.6
    }

    /// Members of the cohorts of the first years who left before the first census (the data starts in
    /// the middle of their high-school years): students with an outcome and no enrollment row.
    func createGhostCohortMembers() {
        let first = profile.years.lowerBound
        for cohort in first..<(first + 3) {
            let yearsBefore = cohort - first < 3 ? 3 - (cohort - first) : 0
            let present = students.indices.filter { students[$0].cohortYear == cohort && students[$0].active }.count
            let ghosts = Int(Double(present) * (pow(1 / 0.93, Double(yearsBefore)) - 1))
            for _ in 0..<ghosts {
                let race = RaceEthnicity.allCases[random.weighted(RaceEthnicity.allCases.map { profile.raceShare($0, first) })]
                let grade = 12 - (cohort - first)
                let student = newStudentLeftEarly(grade: grade, race: race)
                let leftIn = first - 1 - random.int(0...(yearsBefore - 1))
                students[student].cohortYear = cohort
                let roll = random.unit()
                let outcome: CohortOutcomeCode = roll < 0.58 ? .transferredOut : roll < 0.95 ? .dropout : roll < 0.995 ? .emigrated : .deceased
                outcomes.append(
                    SimOutcome(
                        student: student,
                        cohortYear: cohort,
                        outcome: outcome,
                        date: Day(year: leftIn, month: 1 + random.int(0...5), day: 1 + random.int(0...27))!,
                        agComplete: nil
                    )
                )
                students[student].cohortOutcomeRecorded = true
            }
        }
    }

    private func newStudentLeftEarly(grade: Int, race: RaceEthnicity) -> Int {
        let student = students.count
        students.append(
            SimStudent(
                number: 1_000_000 + student + 1,
                race: race,
                gender: random.chance(0.49) ? .female : .male,
                birthYear: year - grade - 6,
                usEntry: Day(year: year - 1 - grade, month: 8, day: 20)!,
                ability: random.normal() - 0.4,
                effort: random.normal() * 0.6,
                sesRank: random.unit(),
                disability: random.chance(0.12),
                nonEnglishHome: false,
                zone: 0,
                collegePrep: false,
                grade: grade,
                el: .englishOnly,
                english: 1
            )
        )
        students[student].active = false
        return student
    }
}
