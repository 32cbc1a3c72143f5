import TandemDomain

/// One synthetic student's lasting traits and current state, as the simulation carries them from year
/// to year. Only what the data contract writes is ever output; the rest (ability, effort…) is latent.
struct SimStudent {
    let number: Int
    var race: RaceEthnicity
    let gender: Gender
    let birthYear: Int
    let usEntry: Day
    /// Latent academic ability (standard normal plus group effects); every score and mark derives from it.
    let ability: Double
    /// Persistent tilt of course marks relative to test scores (the "proficient but failing" students).
    let effort: Double
    /// Lower means poorer: the census-day SED flag goes to the lowest ranks each year.
    let sesRank: Double
    let disability: Bool
    var nonEnglishHome: Bool
    let zone: Int
    let collegePrep: Bool

    var grade: Int
    var active = true
    var el: ELStatus
    var elStart: Day?
    var rfepDate: Day?
    /// Latent English proficiency on the CELDT scale (1.0 … 5.99) while EL.
    var english: Double
    /// The school year the student is expected to graduate (set on entering high school).
    var cohortYear: Int?
    var cohortOutcomeRecorded = false
    /// Highest math course completed: 0 none, 1 Algebra 1, 2 Geometry, 3 Algebra 2, 4 beyond.
    var mathLevel = 0
    /// Last spring's grade-7 CST math scale score, for grade-8 Algebra placement.
    var grade7MathScale: Int?
    var passedCAHSEEMath = false
    var passedCAHSEEELA = false
    var takenCAHSEE = false
    var enteredHighSchoolInDistrict = false
    /// The school year and overall level of the latest summative ELPAC (the reclassification criterion).
    var lastELPAC: (year: Int, level: Int)?

    var isEL: Bool { el == .englishLearner }
}

/// The outcome of a cohort member, kept until the file is written.
struct SimOutcome {
    let student: Int
    let cohortYear: Int
    let outcome: CohortOutcomeCode
    let date: Day
    let agComplete: Bool?
}
