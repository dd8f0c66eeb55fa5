/// One ranked article.
public struct SearchHit: Sendable, Equatable {
    /// 1-based position in the whole result list (offset included).
    public let rank: Int
    public let id: Int64
    /// Ranking score: higher is better (negated BM25, boosted by recency when asked).
    public let score: Double
    public let date: Day
    public let source: String
    public let url: String
    public let title: String
    public let snippet: Snippet
    public let path: String
    /// The copy cluster's id: the id of its original (earliest) article; the
    /// article's own id when it has no copies.
    public var cluster: Int64 = 0
    /// Other articles of the cluster (0 when it has none).
    public var copies = 0
    /// Distinct sources among those other articles.
    public var copySources = 0
    /// The news agency credited in the article's dateline, e.g. "AP".
    public var wire: String?
    /// The article's language (ISO 639-1), "" when not known.
    public var language = ""
}

/// A short passage of an article with the matched words marked.
public struct Snippet: Sendable, Equatable {
    public let text: String
    /// Half-open ranges of matched words, in Unicode scalar (code point) offsets into `text`.
    public let highlights: [Range<Int>]

    public init(text: String, highlights: [Range<Int>]) {
        self.text = text
        self.highlights = highlights
    }

    /// Builds a snippet from text in which FTS5 marked matches with STX (U+0002) and ETX (U+0003).
    init(marked: String) {
        var text = String.UnicodeScalarView()
        var highlights: [Range<Int>] = []
        var offset = 0
        var openedAt: Int?
        for scalar in marked.unicodeScalars {
            switch scalar.value {
            case 0x02: openedAt = offset
            case 0x03:
                if let start = openedAt, start < offset { highlights.append(start..<offset) }
                openedAt = nil
            case 0x0A, 0x0D:
                // Paragraph breaks become spaces: a snippet is one line (one scalar for one, so offsets hold).
                text.append(" ")
                offset += 1
            default:
                text.append(scalar)
                offset += 1
            }
        }
        self.text = String(text)
        self.highlights = highlights
    }
}

/// Counts over all matching articles, not only the page shown.
public struct Facets: Sendable, Equatable {
    public let sources: [FacetCount]
    public let granularity: DateGranularity
    /// Buckets in date order, empty buckets included between the first and last match.
    public let dates: [FacetCount]
    /// Matches per article language (ISO 639-1; "" when not known), most first.
    public var languages: [FacetCount] = []
}

/// What `Searcher.search` found.
public struct SearchResult: Sendable {
    public let query: CompiledQuery
    public let sort: SortOrder
    /// Matching articles in the whole index (not only this page).
    public let total: Int
    public let hits: [SearchHit]
    public let facets: Facets?
    /// The SQL shapes used, for `--explain`.
    public var plan: [String]
    /// Distinct copy clusters among the matches: `total` with syndicated copies counted once.
    public var totalDistinct = 0
    /// How the matches were found and scored, for `--explain` and benchmarks.
    public var path = SearchPath.filtersOnly
    /// Postings read to answer: rows of each phrase walked, or matching rows.
    public var postingsRead = 0
    /// Whether the ranking stopped early (`--explain`, `gazette bench`).
    public var termination = TopKTermination.exhaustive
    /// Matches whose BM25 score was computed: all of them unless the ranking stopped early.
    public var scored = 0
    /// The languages each query word was stemmed for (its stems ORed), for
    /// `--explain`: `--lang`/`lang:` when given, else the index's languages.
    public var stemLanguages: [String] = []
    /// The cursor of the next page (`SearchCursor.encoded`), or nil when this page is the last.
    public var next: String?
}

/// The way a search found its matches. Every path gives the same results; they
/// differ in what each match costs. Whether scoring stopped early is `TopKTermination`.
public enum SearchPath: String, Sendable, CaseIterable {
    /// The one phrase's postings walked once; BM25 computed from `article_facts`.
    case phrasePostings = "phrase_postings"
    /// A frequent word's document list kept beside FTS5 (`term_docs`); BM25 computed from `article_facts`.
    case termDocs = "term_docs"
    /// Every matching row read once; BM25 computed from `article_facts`.
    case matchRows = "match_rows"
    /// FTS5's `bm25()` in SQL (an index without `article_facts`, or asked for).
    case fts5BM25 = "fts5_bm25"
    /// No words: the filters list articles by date.
    case filtersOnly = "filters_only"

    /// A phrase for `--explain`.
    public var explanation: String {
        switch self {
        case .phrasePostings: return "the phrase's postings walked once (xQueryPhrase), BM25 from article_facts"
        case .termDocs: return "the frequent word's document list (term_docs) decoded once, BM25 from article_facts"
        case .matchRows: return "every matching row read once, BM25 from article_facts"
        case .fts5BM25: return "FTS5 bm25() per match in SQL"
        case .filtersOnly: return "filters only: no scoring"
        }
    }
}
