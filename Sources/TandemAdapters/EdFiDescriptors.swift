import Foundation

/// How Ed-Fi descriptors map to contract codes: rules as data, with their source.
///
/// Source: Ed-Fi Data Standard 4.0's default descriptor values (`GradeLevelDescriptor`, `SexDescriptor`,
/// `RaceDescriptor`, `LimitedEnglishProficiencyDescriptor`, `StudentCharacteristicDescriptor`,
/// `ProgramTypeDescriptor`, `SchoolFoodServiceProgramServiceDescriptor`, `SchoolCategoryDescriptor`,
/// `SchoolTypeDescriptor`), as the SEA starter kit's interchange files use them. A descriptor is matched by
/// its code value, the part after `#` in `uri://ed-fi.org/GradeLevelDescriptor#Fifth grade`, ignoring case,
/// whatever namespace a district uses. A value not in these tables is reported, never guessed.
/// `docs/adapters.md` lists every mapping and the rules for what the source leaves unsaid.
enum EdFiDescriptors {
    /// The code value of a descriptor: the text after the last `#`, trimmed (the whole text when there is none).
    static func codeValue(_ descriptor: String) -> String {
        let text = descriptor.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let hash = text.lastIndex(of: "#") else { return text }
        return String(text[text.index(after: hash)...]).trimmingCharacters(in: .whitespaces)
    }

    static func lookup<Value>(_ table: [String: Value], _ descriptor: String) -> Value? {
        table[codeValue(descriptor).lowercased()]
    }

    /// `GradeLevelDescriptor` → contract grade. Preschool, ungraded, postsecondary and adult grades have
    /// no contract grade: such enrollments are dropped and reported.
    static let grades: [String: String] = [
        "transitional kindergarten": "TK",
        "kindergarten": "KN",
        "first grade": "1", "second grade": "2", "third grade": "3", "fourth grade": "4",
        "fifth grade": "5", "sixth grade": "6", "seventh grade": "7", "eighth grade": "8",
        "ninth grade": "9", "tenth grade": "10", "eleventh grade": "11", "twelfth grade": "12",
    ]

    /// `SexDescriptor` → `gender`; "Not Selected" is the student's choice not to say: an empty cell.
    static let sexes: [String: String] = ["female": "F", "male": "M", "non-binary": "X", "not selected": ""]

    /// `RaceDescriptor` → race code (Hispanic or Latino ethnicity is a separate flag and comes first).
    /// "Choose Not to Respond" is the contract's `NR`; "Other" has no contract race and is reported.
    static let races: [String: String] = [
        "american indian - alaska native": "AI",
        "asian": "AS",
        "black - african american": "AA",
        "native hawaiian - pacific islander": "PI",
        "white": "WH",
        "choose not to respond": "NR",
    ]

    /// `LimitedEnglishProficiencyDescriptor` → `el_status`. "NotLimited" is `EO` or `IFEP` by the student's
    /// languages (see `EdFiAdapter.elStatus`), so it is not in this table.
    static let englishProficiency: [String: String] = [
        "limited": "EL",
        "limited monitored 1": "RFEP",
        "limited monitored 2": "RFEP",
    ]
    static let notLimited = "notlimited"

    /// `StudentCharacteristicDescriptor` values that fill a contract column; other characteristics
    /// (Immigrant, Parent in Military, …) have no column and are listed in the report's notes.
    static let economicDisadvantage = "economic disadvantaged"
    static let homeless = "homeless"
    static let fosterCare = "foster care"

    /// `ProgramTypeDescriptor` of a special-education program (also any
    /// `StudentSpecialEducationProgramAssociation`).
    static let specialEducation = "special education"
    static let homelessProgram = "homeless"
    /// `SchoolFoodServiceProgramServiceDescriptor` values that say free or reduced-price lunch: the
    /// contract's `sed` ("free/reduced-price lunch eligible").
    static let freeOrReducedLunch: Set<String> = ["free lunch", "reduced price lunch"]

    /// `SchoolCategoryDescriptor` → `school_type`.
    static let schoolCategories: [String: String] = [
        "elementary school": "ES",
        "primary school": "ES",
        "middle school": "MS",
        "junior high school": "MS",
        "intermediate school": "MS",
        "high school": "HS",
        "secondary school": "HS",
        "elementary secondary school": "K12",
        "all levels": "K12",
        "ungraded": "OTHER",
    ]

    /// `SchoolTypeDescriptor` values that override the category: an alternative school is `ALT`.
    static let alternativeSchoolType = "alternative"
}
