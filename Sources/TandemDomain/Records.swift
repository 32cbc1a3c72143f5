/// The student records of one district, as the data contract defines them.
///
/// These are plain values: the generator builds them, the indicator engine reads them. A school year is
/// always its **ending** calendar year (`2011` is 2010–11).

public struct School: Hashable, Sendable {
    public var code: String
    public var name: String
    public var type: SchoolType?
    public var lowGrade: Grade?
    public var highGrade: Grade?

    public init(code: String, name: String, type: SchoolType? = nil, lowGrade: Grade? = nil, highGrade: Grade? = nil) {
        self.code = code
        self.name = name
        self.type = type
        self.lowGrade = lowGrade
        self.highGrade = highGrade
    }
}

public struct Student: Hashable, Sendable {
    public var id: String
    public var gender: Gender?
    public var race: RaceEthnicity
    public var birthYear: Int?
    public var usSchoolEntryDate: Day?

    public init(id: String, gender: Gender?, race: RaceEthnicity, birthYear: Int? = nil, usSchoolEntryDate: Day? = nil) {
        self.id = id
        self.gender = gender
        self.race = race
        self.birthYear = birthYear
        self.usSchoolEntryDate = usSchoolEntryDate
    }
}

/// The census-day record of one student in one school year.
public struct Enrollment: Hashable, Sendable {
    public var studentID: String
    public var schoolYear: Int
    public var schoolCode: String
    public var grade: Grade
    /// `nil` when the district's file says it is not known (`U`): counted in `ALL`, in no group.
    public var socioeconomicallyDisadvantaged: Bool?
    /// `nil` when not known (`U`), like `socioeconomicallyDisadvantaged`.
    public var disability: Bool?
    public var elStatus: ELStatus
    public var elStartDate: Day?
    public var rfepDate: Day?
    public var homeless: Bool
    public var foster: Bool

    public init(
        studentID: String,
        schoolYear: Int,
        schoolCode: String,
        grade: Grade,
        socioeconomicallyDisadvantaged: Bool?,
        disability: Bool?,
        elStatus: ELStatus,
        elStartDate: Day? = nil,
        rfepDate: Day? = nil,
        homeless: Bool = false,
        foster: Bool = false
    ) {
        self.studentID = studentID
        self.schoolYear = schoolYear
        self.schoolCode = schoolCode
        self.grade = grade
        self.socioeconomicallyDisadvantaged = socioeconomicallyDisadvantaged
        self.disability = disability
        self.elStatus = elStatus
        self.elStartDate = elStartDate
        self.rfepDate = rfepDate
        self.homeless = homeless
        self.foster = foster
    }
}

/// One test result. `test` names an entry of the test catalog; `subject` is the subject or, for AP,
/// the exam.
public struct AssessmentResult: Hashable, Sendable {
    public var studentID: String
    public var schoolYear: Int
    public var test: String
    public var subject: String
    public var gradeTested: Grade?
    public var administration: String
    public var testDate: Day?
    public var scaleScore: Double?
    public var performanceLevel: Int?
    public var firstAttempt: Bool?

    public static let defaultAdministration = "ANNUAL"

    public init(
        studentID: String,
        schoolYear: Int,
        test: String,
        subject: String,
        gradeTested: Grade?,
        administration: String = AssessmentResult.defaultAdministration,
        testDate: Day? = nil,
        scaleScore: Double? = nil,
        performanceLevel: Int? = nil,
        firstAttempt: Bool? = nil
    ) {
        self.studentID = studentID
        self.schoolYear = schoolYear
        self.test = test
        self.subject = subject
        self.gradeTested = gradeTested
        self.administration = administration
        self.testDate = testDate
        self.scaleScore = scaleScore
        self.performanceLevel = performanceLevel
        self.firstAttempt = firstAttempt
    }
}

/// One course on a student's transcript or schedule in one term.
public struct CourseRecord: Hashable, Sendable {
    public var studentID: String
    public var schoolYear: Int
    public var schoolCode: String
    public var term: Term
    public var courseCode: String
    public var courseTitle: String
    public var agArea: AGArea?
    public var isAP: Bool
    public var isHonors: Bool
    public var gradeLevel: Grade
    public var mark: Mark?
    public var creditsAttempted: Double?
    public var creditsEarned: Double?

    public init(
        studentID: String,
        schoolYear: Int,
        schoolCode: String,
        term: Term,
        courseCode: String,
        courseTitle: String,
        agArea: AGArea?,
        isAP: Bool = false,
        isHonors: Bool = false,
        gradeLevel: Grade,
        mark: Mark?,
        creditsAttempted: Double? = nil,
        creditsEarned: Double? = nil
    ) {
        self.studentID = studentID
        self.schoolYear = schoolYear
        self.schoolCode = schoolCode
        self.term = term
        self.courseCode = courseCode
        self.courseTitle = courseTitle
        self.agArea = agArea
        self.isAP = isAP
        self.isHonors = isHonors
        self.gradeLevel = gradeLevel
        self.mark = mark
        self.creditsAttempted = creditsAttempted
        self.creditsEarned = creditsEarned
    }
}

/// A member of a four-year graduation cohort and how their cohort year ended.
public struct CohortOutcome: Hashable, Sendable {
    public var studentID: String
    public var cohortYear: Int
    public var outcome: CohortOutcomeCode
    public var outcomeDate: Day?
    /// A–G completion as the district reports it; `nil` means "derive it from the transcript".
    public var agComplete: Bool?

    public init(studentID: String, cohortYear: Int, outcome: CohortOutcomeCode, outcomeDate: Day? = nil, agComplete: Bool? = nil) {
        self.studentID = studentID
        self.cohortYear = cohortYear
        self.outcome = outcome
        self.outcomeDate = outcomeDate
        self.agComplete = agComplete
    }
}

/// One student on a school's roster: what a student-level page shows of them.
public struct RosterEntry: Sendable, Hashable, Codable {
    public let studentID: String
    public let grade: Int
    public let gender: Gender?
    public let raceEthnicity: RaceEthnicity
    public let elStatus: ELStatus
    /// `nil` when the district does not know (`U` in its file).
    public let sed: Bool?
    public let swd: Bool?
    public let homeless: Bool
    public let foster: Bool

    public init(
        studentID: String,
        grade: Int,
        gender: Gender?,
        raceEthnicity: RaceEthnicity,
        elStatus: ELStatus,
        sed: Bool?,
        swd: Bool?,
        homeless: Bool,
        foster: Bool
    ) {
        self.studentID = studentID
        self.grade = grade
        self.gender = gender
        self.raceEthnicity = raceEthnicity
        self.elStatus = elStatus
        self.sed = sed
        self.swd = swd
        self.homeless = homeless
        self.foster = foster
    }
}
