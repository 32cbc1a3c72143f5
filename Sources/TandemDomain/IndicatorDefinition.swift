/// A library of indicator definitions: what the partnership agreed to measure, as data
/// (`docs/indicator-definitions.md` describes the file format; `shared/spec/indicators.md` the MOU library).
///
/// Every value is a count of **students**: one unit per student and value year, however many records the
/// student has that qualify. The denominator counts the units of the population; the numerator those of
/// them that meet the numerator condition — or, for distance from standard, adds up their points.
public struct IndicatorLibrary: Hashable, Sendable {
    /// The version stamped on every computed value (`mou-3`); it changes whenever a definition does.
    public var version: String
    public var name: String
    public var indicators: [IndicatorDefinition]

    public init(version: String, name: String, indicators: [IndicatorDefinition]) {
        self.version = version
        self.name = name
        self.indicators = indicators
    }

    /// The library with `other`'s indicators added (replacing any with the same id) and a combined version.
    public func adding(_ other: IndicatorLibrary) -> IndicatorLibrary {
        let replaced = Set(other.indicators.map(\.id))
        return IndicatorLibrary(
            version: "\(version)+\(other.version)",
            name: name,
            indicators: indicators.filter { !replaced.contains($0.id) } + other.indicators
        )
    }
}

/// One indicator, fully expanded (a grade family in the file becomes one definition per grade).
public struct IndicatorDefinition: Hashable, Sendable {
    public var id: String
    public var name: String
    /// The grade a grade-based indicator measures; cohorts start from it.
    public var grade: Int?
    public var population: Population
    public var numerator: Numerator
    public var groupsFrom: Placement
    /// How a matched cohort of this indicator is followed, when it can be.
    public var cohort: CohortRule?
    /// A lower rate is the better one (the share of long-term English learners): targets and statuses
    /// read it the other way up.
    public var lowerIsBetter: Bool

    public init(
        id: String,
        name: String,
        grade: Int? = nil,
        population: Population,
        numerator: Numerator,
        groupsFrom: Placement = .valueYear,
        cohort: CohortRule? = nil,
        lowerIsBetter: Bool = false
    ) {
        self.id = id
        self.name = name
        self.grade = grade
        self.population = population
        self.numerator = numerator
        self.groupsFrom = groupsFrom
        self.cohort = cohort
        self.lowerIsBetter = lowerIsBetter
    }

    /// The kinds of records its values read, population first: a value needs every one of them loaded.
    public var reads: [RecordKind] {
        var kinds = [population.records]
        if population.enrollmentFilter != nil || population.requiresEnrollmentInValueYear { kinds.append(.enrollments) }
        switch numerator {
        case .exists(let kind, _, _): kinds.append(kind)
        case .valueYearEnrollmentMatches: kinds.append(.enrollments)
        case .agComplete: kinds.append(.courses)
        default: break
        }
        var seen: Set<RecordKind> = []
        return kinds.filter { seen.insert($0).inserted }
    }

    /// The tests its filters name, each with the field of the definition file that names it
    /// (`population.where.test`): every one must be in the partnership's test catalog.
    public var testsNamed: [(field: String, test: String)] {
        var filters: [(String, RecordFilter)] = []
        if population.records == .assessments {
            filters.append(("population.where", population.filter))
            if case .recordMatches(let filter) = numerator { filters.append(("numerator.where", filter)) }
            if let cohort { filters.append(("cohort.where", cohort.filter)) }
        }
        if case .exists(.assessments, let filter, _) = numerator { filters.append(("numerator.exists.where", filter)) }
        return filters.flatMap { field, filter -> [(field: String, test: String)] in
            guard case .oneOf(let tests)? = filter.conditions["test"] else { return [] }
            return tests.sorted().map { (field: field + ".test", test: $0) }
        }
    }

    /// A share of students; (distance from standard) a mean of points; (a numerator that takes every unit)
    /// a count of students.
    public var measure: Measure {
        switch numerator {
        case .distanceFromStandard: .points
        case .recordMatches(let filter) where filter.conditions.isEmpty: .count
        default: .share
        }
    }
}

/// The kinds of records an indicator can count (the data contract's files).
public enum RecordKind: String, CaseIterable, Hashable, Sendable {
    case enrollments, assessments, courses, outcomes

    /// The contract's file of this kind.
    public var fileName: String { rawValue + ".csv" }

    /// The fields a filter may name, and what kind of value each holds.
    public var fields: [String: FieldKind] {
        switch self {
        case .enrollments:
            [
                "grade": .grade, "school_code": .text, "sed": .flag, "swd": .flag, "el_status": .text,
                "homeless": .flag, "foster": .flag, "group": .group,
            ]
        case .assessments:
            [
                "test": .text, "subject": .text, "grade_tested": .grade, "administration": .text,
                "scale_score": .number, "performance_level": .number, "first_attempt": .flag, "proficient": .flag,
            ]
        case .courses:
            [
                "school_code": .text, "term": .text, "course_code": .text, "ag_area": .text, "is_ap": .flag,
                "is_honors": .flag, "grade_level": .grade, "mark": .text,
            ]
        case .outcomes:
            ["outcome": .text, "ag_complete": .flag]
        }
    }
}

/// What a filter field holds, which fixes the conditions it accepts.
public enum FieldKind: Hashable, Sendable {
    /// Codes and identifiers: a list of accepted values (compared case-insensitively).
    case text
    /// A grade (`TK` = -1, `K` = 0, 1…12): a list of grades or a range.
    case grade
    /// A number: a range.
    case number
    /// A boolean: `true` or `false`. A missing value matches neither.
    case flag
    /// Student-group ids (`LTEL`, `SED`…): the record's student is in at least one of them.
    case group
}

/// One field's condition in a filter.
public enum FieldCondition: Hashable, Sendable {
    /// The value is one of these (upper-cased text codes, except A–G areas which the contract writes
    /// lower-case and are compared case-insensitively too).
    case oneOf(Set<String>)
    /// An integer or grade in this range (missing values never match).
    case integers(ClosedRange<Int>)
    /// A number at least `min` and at most `max` (either may be open; missing values never match).
    case numbers(min: Double?, max: Double?)
    case flag(Bool)
}

/// A conjunction of field conditions over one kind of record.
public struct RecordFilter: Hashable, Sendable {
    public var conditions: [String: FieldCondition]

    public init(_ conditions: [String: FieldCondition] = [:]) { self.conditions = conditions }
}

public struct Population: Hashable, Sendable {
    public var records: RecordKind
    public var filter: RecordFilter
    /// A condition on the enrollment row of each record's own year (a record without one fails it).
    public var enrollmentFilter: RecordFilter?
    public var valueYear: ValueYear
    /// The unit must also have an enrollment row in the value year.
    public var requiresEnrollmentInValueYear: Bool
    /// The unit must also have a population record of the same test, with a level, in the year before.
    public var requiresPreviousYearResult: Bool

    public init(
        records: RecordKind,
        filter: RecordFilter = RecordFilter(),
        enrollmentFilter: RecordFilter? = nil,
        valueYear: ValueYear = .recordYear,
        requiresEnrollmentInValueYear: Bool = false,
        requiresPreviousYearResult: Bool = false
    ) {
        self.records = records
        self.filter = filter
        self.enrollmentFilter = enrollmentFilter
        self.valueYear = valueYear
        self.requiresEnrollmentInValueYear = requiresEnrollmentInValueYear
        self.requiresPreviousYearResult = requiresPreviousYearResult
    }
}

/// Which year a record's unit counts in.
public enum ValueYear: String, Hashable, Sendable {
    /// The record's `school_year` (`cohort_year` for outcomes).
    case recordYear = "record_year"
    /// The year after the record's (a year-over-year change, counted in the later year).
    case nextYear = "next_year"
}

/// Which enrollment row gives a unit its school and student groups.
public enum Placement: String, Hashable, Sendable {
    /// The row of the value year.
    case valueYear = "value_year"
    /// The row of the record's own year (for `next_year` indicators, the year before the value year).
    case recordYear = "record_year"
    /// The latest row with `school_year` ≤ the value year (graduation cohorts).
    case latestThroughValueYear = "latest_through_value_year"
}

/// When a unit is in the numerator.
public enum Numerator: Hashable, Sendable {
    /// At least one of the unit's population records matches the filter.
    case recordMatches(RecordFilter)
    /// The student's enrollment row of the value year matches the filter.
    case valueYearEnrollmentMatches(RecordFilter)
    /// The student has a record of another kind matching the filter, in a year from `years.lowerBound` to
    /// `years.upperBound` relative to the value year.
    case exists(RecordKind, RecordFilter, years: ClosedRange<Int>)
    /// The unit's level rose by at least `atLeast` since the year before (highest level in each year), or
    /// the unit was at the test's top level both years when `topLevelBothYearsCounts`.
    case levelGain(atLeast: Int, topLevelBothYearsCounts: Bool)
    /// The student completed the A–G requirement: the reported `ag_complete` flag when present, else
    /// derived from the transcript by the rule.
    case agComplete(AGRequirement)
    /// Not a condition but an amount: the unit's distance from the standard in scale-score points (the
    /// test catalog's `standard_met` for the result's subject and grade), so the value is the mean
    /// distance — the California Dashboard's Academic indicator. A unit with several results counts its
    /// highest; a unit whose results have no distance (no scale score, no standard) is not in the denominator.
    case distanceFromStandard
}

/// The A–G rule: which courses count and how many years of each area are required.
public struct AGRequirement: Hashable, Sendable {
    /// Years required per area (a 2, b 4, c 3, d 2, e 2, f 1, g 1).
    public var years: [AGArea: Int]
    /// Marks that count (`C` or better).
    public var passingMarks: Set<Mark>
    public var gradeLevels: ClosedRange<Int>

    public init(years: [AGArea: Int], passingMarks: Set<Mark>, gradeLevels: ClosedRange<Int>) {
        self.years = years
        self.passingMarks = passingMarks
        self.gradeLevels = gradeLevels
    }

    /// Whether a transcript meets the rule. Each `(course, term)` counts once, however many years it was
    /// taken; each term counts as its part of a year. `Course` identifies a course (its code, or any key
    /// standing for it).
    /// Inlinable, as `twelfths` is: the engines call both once per transcript, and a specialised copy
    /// spares them the generic metadata lookups of every call.
    @inlinable
    public func isMet<Course: Hashable & Sendable>(by courses: some Sequence<AGCourse<Course>>) -> Bool {
        let completed = twelfths(completedIn: courses)
        return years.allSatisfy { area, required in completed[area, default: 0] >= required * 12 }
    }

    /// The A–G work a transcript completes, in twelfths of a year per area, counted as `isMet` counts it.
    @inlinable
    public func twelfths<Course: Hashable & Sendable>(completedIn courses: some Sequence<AGCourse<Course>>) -> [AGArea: Int] {
        var seen = Set<AGCourse<Course>.Attempt>()
        var twelfths: [AGArea: Int] = [:]
        for course in courses where gradeLevels.contains(course.gradeLevel) {
            guard let mark = course.mark, passingMarks.contains(mark) else { continue }
            guard seen.insert(AGCourse.Attempt(course: course.course, term: course.term)).inserted else { continue }
            twelfths[course.area, default: 0] += course.term.twelfthsOfYear
        }
        return twelfths
    }
}

/// One A–G-approved course on a transcript.
public struct AGCourse<Course: Hashable>: Sendable where Course: Sendable {
    public var course: Course
    public var term: Term
    public var area: AGArea
    public var gradeLevel: Int
    public var mark: Mark?

    public init(course: Course, term: Term, area: AGArea, gradeLevel: Int, mark: Mark?) {
        self.course = course
        self.term = term
        self.area = area
        self.gradeLevel = gradeLevel
        self.mark = mark
    }

    @usableFromInline
    struct Attempt: Hashable {
        @usableFromInline let course: Course
        @usableFromInline let term: Term

        @usableFromInline
        init(course: Course, term: Term) {
            self.course = course
            self.term = term
        }
    }
}

/// How a grade-based indicator's matched cohort is followed: the students enrolled in the indicator's
/// grade in a starting year, measured in each later year on the population records matching `filter`
/// (at whatever grade they are then).
public struct CohortRule: Hashable, Sendable {
    public var filter: RecordFilter

    public init(filter: RecordFilter) { self.filter = filter }
}
