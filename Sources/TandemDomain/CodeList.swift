/// A closed list of codes from the data contract (race, EL status, outcome, …).
///
/// Codes are matched case-insensitively: a district that writes `el` for `EL` is understood, and the
/// canonical spelling (the raw value) is what Tandem stores.
public protocol CodeList: RawRepresentable<String>, CaseIterable, Hashable, Sendable {}

extension CodeList {
    /// The code whose canonical spelling matches `text`, ignoring case.
    public init?(code text: some StringProtocol) {
        let upper = text.uppercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.uppercased() == upper }) else { return nil }
        self = match
    }

    /// The allowed spellings, for error messages: `EO, IFEP, EL, RFEP, TBD`.
    public static var allowedList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Race/ethnicity as `students.csv` reports it; every code is also a student group.
public enum RaceEthnicity: String, CodeList {
    case hispanic = "HI"
    case africanAmerican = "AA"
    case white = "WH"
    case asian = "AS"
    case filipino = "FI"
    case pacificIslander = "PI"
    case americanIndian = "AI"
    case twoOrMore = "MR"
    case notReported = "NR"
}

public enum Gender: String, CodeList {
    case female = "F"
    case male = "M"
    case nonBinary = "X"
}

/// English-language acquisition status on the census day.
public enum ELStatus: String, CodeList {
    case englishOnly = "EO"
    case initiallyFluent = "IFEP"
    case englishLearner = "EL"
    case reclassified = "RFEP"
    case toBeDetermined = "TBD"
}

public enum SchoolType: String, CodeList {
    case elementary = "ES"
    case middle = "MS"
    case high = "HS"
    case kThrough8 = "K8"
    case kThrough12 = "K12"
    case alternative = "ALT"
    case other = "OTHER"
}

/// A graduation-cohort member's outcome in `outcomes.csv`.
public enum CohortOutcomeCode: String, CodeList {
    case graduated = "GRAD"
    case otherCompleter = "OTHER_COMPLETER"
    case ged = "GED"
    case dropout = "DROPOUT"
    case continuing = "CONTINUING"
    case transferredOut = "TRANSFER_OUT"
    case emigrated = "EMIGRATED"
    case deceased = "DECEASED"

    /// Outcomes that take a student out of the adjusted cohort (the graduation-rate denominator).
    public var leavesAdjustedCohort: Bool {
        self == .transferredOut || self == .emigrated || self == .deceased
    }
}

/// A UC/CSU A–G subject area; the contract writes them lower-case (`a`…`g`).
public enum AGArea: String, CodeList {
    case history = "a"
    case english = "b"
    case mathematics = "c"
    case laboratoryScience = "d"
    case languageOtherThanEnglish = "e"
    case visualPerformingArts = "f"
    case collegePrepElective = "g"

    /// Years the A–G requirement asks for in this area (a 2, b 4, c 3, d 2, e 2, f 1, g 1).
    public var requiredYears: Int {
        switch self {
        case .history: 2
        case .english: 4
        case .mathematics: 3
        case .laboratoryScience, .languageOtherThanEnglish: 2
        case .visualPerformingArts, .collegePrepElective: 1
        }
    }
}

/// A course term; each counts as a fraction of a school year for A–G.
public enum Term: String, CodeList {
    case s1 = "S1"
    case s2 = "S2"
    case fullYear = "FY"
    case t1 = "T1"
    case t2 = "T2"
    case t3 = "T3"
    case q1 = "Q1"
    case q2 = "Q2"
    case q3 = "Q3"
    case q4 = "Q4"
    case summer = "SUM"

    /// How much of a year the term is worth, in twelfths (exact arithmetic: ½ = 6, ⅓ = 4, ¼ = 3).
    public var twelfthsOfYear: Int {
        switch self {
        case .fullYear: 12
        case .s1, .s2, .summer: 6
        case .t1, .t2, .t3: 4
        case .q1, .q2, .q3, .q4: 3
        }
    }
}

/// A course mark. Letter marks carry grade points; `P`, `NP`, `I`, `W` do not.
public enum Mark: String, CodeList {
    case aPlus = "A+"
    case a = "A"
    case aMinus = "A-"
    case bPlus = "B+"
    case b = "B"
    case bMinus = "B-"
    case cPlus = "C+"
    case c = "C"
    case cMinus = "C-"
    case dPlus = "D+"
    case d = "D"
    case dMinus = "D-"
    case f = "F"
    case pass = "P"
    case noPass = "NP"
    case incomplete = "I"
    case withdrawn = "W"

    /// Unweighted grade points, plus and minus ignored (`A`=4 … `F`=0); `nil` for non-letter marks.
    public var gradePoints: Int? {
        switch self {
        case .aPlus, .a, .aMinus: 4
        case .bPlus, .b, .bMinus: 3
        case .cPlus, .c, .cMinus: 2
        case .dPlus, .d, .dMinus: 1
        case .f: 0
        case .pass, .noPass, .incomplete, .withdrawn: nil
        }
    }

    /// `C` or better: the marks that count toward A–G (`C-` does not).
    public var countsForAG: Bool {
        switch self {
        case .aPlus, .a, .aMinus, .bPlus, .b, .bMinus, .cPlus, .c: true
        default: false
        }
    }
}

/// The contract's booleans: `Y`/`N`, `true`/`false`, `1`/`0`, any case.
public enum ContractBoolean {
    public static func parse(_ text: some StringProtocol) -> Bool? {
        switch text.uppercased() {
        case "Y", "TRUE", "1": true
        case "N", "FALSE", "0": false
        default: nil
        }
    }

    /// `U` or `unknown`: the contract's explicit "not known" for `sed` and `swd`.
    public static func isUnknown(_ text: some StringProtocol) -> Bool {
        switch text.uppercased() {
        case "U", "UNKNOWN": true
        default: false
        }
    }
}

// Codes travel in view models and API answers by their contract spelling.
extension RaceEthnicity: Codable {}
extension Gender: Codable {}
extension ELStatus: Codable {}
