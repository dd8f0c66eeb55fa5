/// A calendar day (proleptic Gregorian), the unit of Gazette's date facet.
///
/// Dates in article headers and in queries are plain calendar days: no time
/// zone ever shifts them. `Day` validates its fields, so an impossible date
/// such as `2026-13-45` is rejected instead of rolling over.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a day, or nil when the fields name no real date.
    /// Years run from 1 to 9999; `0000-00-00` is not a date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysInMonth(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Creates the day at `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch: Int) {
        // Howard Hinnant's civil_from_days.
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days after 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ISO weekday, 1 = Monday ... 7 = Sunday.
    public var isoWeekday: Int {
        let d = (daysSinceEpoch + 3) % 7  // 1970-01-01 was a Thursday
        return (d < 0 ? d + 7 : d) + 1
    }

    /// The ISO 8601 week-numbering year and week of this day.
    public var isoWeek: (year: Int, week: Int) {
        let thursday = Day(daysSinceEpoch: daysSinceEpoch - isoWeekday + 4)
        let jan1 = Day(year: thursday.year, month: 1, day: 1)!.daysSinceEpoch
        return (thursday.year, (thursday.daysSinceEpoch - jan1) / 7 + 1)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        Day.pad(year, 4) + "-" + Day.pad(month, 2) + "-" + Day.pad(day, 2)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    package static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Day {
    /// Parses `YYYY-MM-DD`, optionally followed by a time (`T14:30:00Z`,
    /// ` 14:30`), which is ignored: the date part is kept as written, never
    /// shifted by a time zone. Returns nil for anything else or an impossible date.
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let y = Day.number(bytes[0..<4]), let m = Day.number(bytes[5..<7]),
              let d = Day.number(bytes[8..<10])
        else { return nil }
        if bytes.count > 10 {
            let next = bytes[10]
            guard next == UInt8(ascii: "T") || next == UInt8(ascii: "t") || next == UInt8(ascii: " ")
                    || next == UInt8(ascii: "_")
            else { return nil }
        }
        self.init(year: y, month: m, day: d)
    }

    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
}

/// A date as users write it in filters: a year, a month or a day.
/// It stands for the inclusive range of days it covers.
public struct DateSpec: Hashable, Sendable, CustomStringConvertible {
    public let first: Day
    public let last: Day
    public let text: String

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; nil when malformed or impossible.
    public init?(parsing raw: some StringProtocol) {
        let text = String(raw)
        let bytes = Array(text.utf8)
        switch bytes.count {
        case 4:
            guard let y = Day.number(bytes[0..<4]), let first = Day(year: y, month: 1, day: 1),
                  let last = Day(year: y, month: 12, day: 31) else { return nil }
            self.first = first; self.last = last
        case 7:
            guard bytes[4] == UInt8(ascii: "-"), let y = Day.number(bytes[0..<4]),
                  let m = Day.number(bytes[5..<7]), let first = Day(year: y, month: m, day: 1),
                  let last = Day(year: y, month: m, day: Day.daysInMonth(year: y, month: m))
            else { return nil }
            self.first = first; self.last = last
        case 10:
            guard let d = Day(parsing: text) else { return nil }
            self.first = d; self.last = d
        default:
            return nil
        }
        self.text = text
    }

    public var description: String { text }
}
