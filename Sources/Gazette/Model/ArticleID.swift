/// Article ids: the day in the high bits, a per-day sequence in the low 20.
///
/// Ordering by id is ordering by date, which lets FTS5 serve newest/oldest
/// sorts and date ranges from its rowid order.
public enum ArticleID {
    static let sequenceBits = 20
    /// Keeps day keys positive for every year from 1 to 9999.
    static let dayOffset = 800_000

    static func dayKey(_ day: Day) -> Int { day.daysSinceEpoch + dayOffset }

    /// The smallest id an article of `day` can have.
    public static func first(of day: Day) -> Int64 { Int64(dayKey(day)) << Int64(sequenceBits) }

    /// The largest id an article of `day` can have.
    public static func last(of day: Day) -> Int64 { first(of: day) | Int64((1 << sequenceBits) - 1) }

    /// SQL for the day key of the id in `column` (the id shifted right past the
    /// sequence), e.g. `fts.rowid >> 20`: every query that groups, orders or ages
    /// by day writes it this way, so the layout is stated in one place. It is not
    /// parenthesized, so the SQL text (shown by `--explain`) reads as before; in
    /// SQLite `>>` binds looser than `+` and `-`, so a caller parenthesizes it
    /// next to those.
    static func daySQL(of column: String) -> String { "\(column) >> \(sequenceBits)" }

    /// The day an id belongs to.
    public static func day(of id: Int64) -> Day {
        Day(daysSinceEpoch: Int(id >> Int64(sequenceBits)) - dayOffset)
    }
}

/// A day that already holds as many articles as ids have room for (2^20):
/// the id layout, not the database, refuses one more.
public struct DayFullError: Error, Sendable, CustomStringConvertible {
    /// The day with no id left.
    public let day: Day

    public init(day: Day) {
        self.day = day
    }

    public var description: String {
        "more than \(1 << ArticleID.sequenceBits) articles dated \(day): an article id has no room for more on one day"
    }
}
