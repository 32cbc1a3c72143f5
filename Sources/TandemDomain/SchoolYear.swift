/// `2008–09` for the school year ending in 2009: school years are named by the year their spring falls
/// in (the contract's `school_year`), and written as people say them.
public func schoolYearLabel(_ year: Int) -> String {
    let end = year % 100
    return "\(year - 1)–\(end < 10 ? "0" : "")\(end)"
}

/// The school years Tandem accepts from a person (a form or a query): wide enough for any district's
/// history and plans, narrow enough that arithmetic on a year (`year - 1`) can never overflow.
public let plausibleSchoolYears: ClosedRange<Int> = 1990...2100
