/// How search results are ordered.
public enum SortOrder: String, Sendable, CaseIterable {
    /// BM25 with the title weighted above the body; ties: newer first, then id.
    case relevance
    /// Newest first (then id).
    case newest
    /// Oldest first (then id).
    case oldest
}

/// Buckets of the date histogram and of `gazette count`.
public enum DateGranularity: String, Sendable, CaseIterable {
    case day, week, month, year

    /// The bucket label of a day: `YYYY-MM-DD`, `YYYY-Www`, `YYYY-MM` or `YYYY`.
    public func label(_ day: Day) -> String {
        switch self {
        case .day: return day.description
        case .week:
            let week = day.isoWeek
            return Day.pad(week.year, 4) + "-W" + Day.pad(week.week, 2)
        case .month: return Day.pad(day.year, 4) + "-" + Day.pad(day.month, 2)
        case .year: return Day.pad(day.year, 4)
        }
    }

    /// The first day of the bucket holding `day`.
    public func bucketStart(_ day: Day) -> Day {
        switch self {
        case .day: return day
        case .week: return Day(daysSinceEpoch: day.daysSinceEpoch - day.isoWeekday + 1)
        case .month: return Day(year: day.year, month: day.month, day: 1) ?? day
        case .year: return Day(year: day.year, month: 1, day: 1) ?? day
        }
    }

    /// The first day of the bucket after the one starting at `start`.
    public func nextBucket(after start: Day) -> Day {
        switch self {
        case .day: return Day(daysSinceEpoch: start.daysSinceEpoch + 1)
        case .week: return Day(daysSinceEpoch: start.daysSinceEpoch + 7)
        case .month:
            return start.month == 12 ? Day(year: start.year + 1, month: 1, day: 1) ?? start
                                     : Day(year: start.year, month: start.month + 1, day: 1) ?? start
        case .year: return Day(year: start.year + 1, month: 1, day: 1) ?? start
        }
    }

    /// A granularity that gives a readable number of buckets for a span of days.
    public static func suited(first: Day, last: Day) -> DateGranularity {
        let span = last.daysSinceEpoch - first.daysSinceEpoch
        if span <= 62 { return .day }
        if span <= 366 { return .week }
        if span <= 366 * 6 { return .month }
        return .year
    }
}

/// A value and how many matching articles have it.
public struct FacetCount: Sendable, Equatable {
    public let value: String
    public let count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}
