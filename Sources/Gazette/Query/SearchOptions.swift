/// Everything that shapes one search besides the query text.
public struct SearchOptions: Sendable {
    public var limit = 10
    public var offset = 0
    /// Start after this cursor (a previous page's `SearchResult.next`) instead of at `offset`, which must then be 0.
    public var after: SearchCursor?
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
    /// Lets a page leave unscored the matches that cannot reach it (`TopKTermination`). The results
    /// are the same either way; false scores every match, so tests and benchmarks can compare.
    public var earlyTermination = true

    public enum Evaluation: String, Sendable, CaseIterable {
        /// One pass over the postings with BM25 computed from `article_facts`, when the index has it.
        case automatic
        /// The one pass, but always over FTS5's postings, never a frequent word's `term_docs` list.
        case fullTextPostings
        /// FTS5's `bm25()` in SQL, every match scored inside SQLite.
        case fts5
    }

    public static let defaultTitleWeight = 3.0

    public init() {}
}
