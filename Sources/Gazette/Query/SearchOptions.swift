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

/// Everything that shapes one search besides the query text.
public struct SearchOptions: Sendable {
    public var limit = 10
    public var offset = 0
    public var sort = SortOrder.relevance
    /// Query-language options: `--any`, `--from`, `--to`, `--source`.
    public var compile = CompileOptions()
    /// Count sources and dates over all matches.
    public var facets = false
    public var facetLimit = 10
    /// Histogram buckets; chosen from the span of the matches when nil.
    public var granularity: DateGranularity?
    /// Half-life in days of an optional recency boost (relevance sort only).
    public var recencyHalfLife: Double?
    /// BM25 column weights, tuned on the judged fixture set (see README).
    public var titleWeight = SearchOptions.defaultTitleWeight
    public var bodyWeight = 1.0
    /// Tokens of context in a snippet.
    public var snippetTokens = 36
    /// One hit per copy cluster (the best ranked member); false lists every article.
    public var collapseCopies = true
    /// Facets count copy clusters instead of articles.
    public var distinct = false
    /// How matches are scored. Results are the same either way; `.fts5` exists
    /// so that tests and benchmarks can compare against FTS5's own `bm25()`.
    public var evaluation = Evaluation.automatic

    public enum Evaluation: String, Sendable, CaseIterable {
        /// One pass over the postings with BM25 computed from `article_facts`, when the index has it.
        case automatic
        /// FTS5's `bm25()` in SQL, every match scored inside SQLite.
        case fts5
    }

    public static let defaultTitleWeight = 3.0

    public init() {}
}
