/// Student lists as data (`docs/list-definitions.md`; `shared/spec/indicators.md`, "Lists and flags"): who
/// is on a list in a school year is decided by their enrollment row of that year and a set of criteria on
/// their records, with the parameters a district sets for itself (a score band, a GPA threshold, years as
/// EL). Lists name students, so they stay inside their district; only their counts leave it, under the
/// small-group rule.
public struct ListDefinition: Hashable, Sendable {
    public var id: String
    public var name: String
    /// What the list is for, in a sentence (shown above its roster).
    public var description: String
    /// The student's enrollment row of the list's year must match (a student without one is on no list).
    public var enrollment: RecordFilter
    /// Every criterion must hold.
    public var criteria: [ListCriterion]

    public init(id: String, name: String, description: String, enrollment: RecordFilter, criteria: [ListCriterion]) {
        self.id = id
        self.name = name
        self.description = description
        self.enrollment = enrollment
        self.criteria = criteria
    }
}

/// One condition a student must meet to be on a list in a year, judged from their records.
public indirect enum ListCriterion: Hashable, Sendable {
    /// The student has a record of this kind matching the filter in a year from `years.lowerBound` to
    /// `years.upperBound` relative to the list's year.
    case has(RecordKind, RecordFilter, years: ClosedRange<Int>)
    /// The student has no such record.
    case lacks(RecordKind, RecordFilter, years: ClosedRange<Int>)
    /// The student's GPA in the list's year is at least `min` and below `below` (either may be open): the
    /// mean of `Mark.gradePoints` over the year's courses with a letter mark. A student with no letter
    /// mark that year has no GPA and fails it.
    case gpa(min: Double?, below: Double?)
    /// Years as EL on the list year's census day (`GroupMembership.longTermYears`), from the enrollment
    /// row's `el_start_date`; a row without one fails it.
    case yearsAsEL(ClosedRange<Int>)
    /// Whole years since `rfep_date` on the list year's census day; a row without one fails it.
    case yearsSinceReclassification(ClosedRange<Int>)
    /// The A–G years completed through the list's year are behind the pace for the end of the year's
    /// grade (`AGPace`); grades outside 9–12 fail it.
    case agBehindPace
    /// At least one of these holds.
    case any([ListCriterion])
}

/// A partnership's lists: the built-in library with the partnership's own, each district's parameters
/// already put in.
public struct ListLibrary: Hashable, Sendable {
    /// Stamped on every computed list (`lists-1`).
    public var version: String
    /// The lists of each district (district code → lists, in the library's order).
    public var lists: [String: [ListDefinition]]

    public init(version: String, lists: [String: [ListDefinition]]) {
        self.version = version
        self.lists = lists
    }
}
