import Foundation
import TandemDomain

/// A source's date layout, as a mapping names it: `yyyy`, `M`/`MM`, `d`/`dd` between separators
/// (`M/d/yyyy`, `dd.MM.yyyy`, `yyyy-MM-dd`). Hand-written because Foundation's `DateFormatter` parses
/// leniently by time zone and calendar, where a school date is a plain day.
struct DateLayout: Sendable {
    private enum Part { case year, month, day }
    private let parts: [Part]
    private let separators: [Character]

    init?(_ format: String) {
        var parts: [Part] = []
        var separators: [Character] = []
        var previous: Character?
        for character in format {
            switch character {
            case "y", "M", "d":
                if character != previous {
                    let part: Part = character == "y" ? .year : character == "M" ? .month : .day
                    if parts.count > separators.count { return nil }  // two parts with no separator between
                    parts.append(part)
                }
            default:
                guard parts.count == separators.count + 1 else { return nil }
                separators.append(character)
            }
            previous = character
        }
        guard parts.count == 3, Set(parts.map { "\($0)" }).count == 3, separators.count == 2 else { return nil }
        self.parts = parts
        self.separators = separators
    }

    /// The day, or `nil` when the text does not follow the layout or names no real day.
    func day(_ text: String) -> Day? {
        let fields = text.trimmingCharacters(in: .whitespaces).split(omittingEmptySubsequences: false) { separators.contains($0) }
        guard fields.count == 3 else { return nil }
        var year = 0
        var month = 0
        var day = 0
        for (part, field) in zip(parts, fields) {
            guard !field.isEmpty, field.count <= 4, field.allSatisfy(\.isASCII), let number = Int(field) else { return nil }
            switch part {
            case .year:
                guard field.count == 4 else { return nil }
                year = number
            case .month: month = number
            case .day: day = number
            }
        }
        return Day(year: year, month: month, day: day)
    }
}

/// The census day of a school year, from a mapping's `MM-DD` (`10-01`): in the fall of the starting
/// year for a month from July on, else in the ending year.
struct CensusDay: Sendable {
    let month: Int
    let day: Int

    init?(_ text: String) {
        let fields = text.split(separator: "-")
        guard fields.count == 2, let month = Int(fields[0]), let day = Int(fields[1]), Day(year: 2000, month: month, day: day) != nil else {
            return nil
        }
        self.month = month
        self.day = day
    }

    /// The census day of the school year ending in `year`.
    func day(inSchoolYear year: Int) -> Day? { Day(year: month >= 7 ? year - 1 : year, month: month, day: day) }
}
