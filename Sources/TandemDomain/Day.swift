/// A calendar day, written `YYYY-MM-DD` in the data contract. No time, no time zone.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid calendar day, or `nil` (`2010-13-01`, `2011-02-29`).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day as one number, `yyyymmdd` (`20090815`): ordered as the days are.
    public var packed: Int32 { Int32(year * 10_000 + month * 100 + day) }

    /// The day of a `packed` number, if it is one.
    public init?(packed: Int32) {
        self.init(year: Int(packed / 10_000), month: Int(packed / 100 % 100), day: Int(packed % 100))
    }

    /// Parses exactly `YYYY-MM-DD` (ten characters, digits and two dashes).
    public init?(iso text: some StringProtocol) {
        self.init(isoBytes: Array(text.utf8))
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes (the importer's cells, without making a string).
    @inlinable
    public init?<Bytes: RandomAccessCollection<UInt8>>(isoBytes bytes: Bytes) where Bytes.Index == Int {
        guard bytes.count == 10 else { return nil }
        let start = bytes.startIndex
        guard bytes[start + 4] == 0x2D, bytes[start + 7] == 0x2D else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var result = 0
            for offset in range {
                let digit = Int(bytes[start + offset]) &- 48
                guard digit >= 0, digit <= 9 else { return nil }
                result = result * 10 + digit
            }
            return result
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// Days since 0001-01-01 (proleptic Gregorian), for differences between days.
    public var ordinal: Int {
        let y = year - 1
        var days = y * 365 + y / 4 - y / 100 + y / 400
        for m in 1..<month { days += Day.daysIn(month: m, year: year) }
        return days + day - 1
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { iso }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// A day is written in files as its `YYYY-MM-DD` text; anything else is refused where it is read.
extension Day: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(text) is not a day (YYYY-MM-DD)")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}
