/// The `--json` shape of every result, built in one place so the CLI (and any
/// other front end, such as an HTTP API) prints the same keys in the same order.
///
/// Each shape is an `Encodable` type whose `encode(to:)` writes its keys in the
/// documented order; `GazetteJSON` prints them. Results that are a library type
/// (`IndexSummary`, `SearchResult`, `CopyCluster`, `IndexStatistics`, …) conform
/// directly; shapes that add something the result does not hold (a batch line's
/// `id`, `count`'s query texts, `verify`'s path) are the small types below.
/// `JSONShapeTests` pins every shape's keys.
///
/// The functions return the same JSON as `JSONValue` trees; they are safe to
/// call concurrently.
public enum ResultJSON {
    /// `gazette index --json`.
    public static func index(_ summary: IndexSummary) -> JSONValue { tree(summary) }

    /// `gazette search --json`; `id` leads the object in `--batch` output.
    public static func search(_ result: SearchResult, id: String?) -> JSONValue {
        guard let id else { return tree(result) }
        return tree(BatchLine(id: id, result: result))
    }

    /// One search hit.
    public static func hit(_ hit: SearchHit) -> JSONValue { tree(hit) }

    /// A facet bucket: `{"value", "count"}`.
    public static func facet(_ facet: FacetCount) -> JSONValue { tree(facet) }

    /// A `--batch` line whose query cannot be run.
    public static func queryError(id: String, query: String, error: QueryError) -> JSONValue {
        tree(BatchFailure(id: id, query: query, error: error))
    }

    /// `gazette count --json`.
    public static func coverage(_ series: CoverageSeries, queries: [String]) -> JSONValue {
        tree(Coverage(series: series, queries: queries))
    }

    /// `gazette copies --json`.
    public static func copies(_ cluster: CopyCluster) -> JSONValue { tree(cluster) }

    /// `gazette stats --json`.
    public static func statistics(_ stats: IndexStatistics) -> JSONValue { tree(stats) }

    /// `gazette analyze --json`.
    public static func tokens(_ tokens: [AnalyzedToken]) -> JSONValue { tree(Tokens(tokens: tokens)) }

    /// `gazette verify --json`, for the index at `path`.
    public static func verification(_ report: VerificationReport, path: String) -> JSONValue {
        tree(Verification(report: report, path: path))
    }

    /// A whole stored article, as `gazette serve` answers `GET /api/articles/{id}`.
    public static func article(_ article: StoredArticle) -> JSONValue { tree(article) }

    /// The result types throw nothing (see `GazetteJSON.encode`), so the fallback is never taken;
    /// it keeps these entry points non-throwing without a trap.
    private static func tree<T: Encodable>(_ value: T) -> JSONValue {
        (try? GazetteJSON.value(value)) ?? .null
    }

    /// One line of `gazette search --batch --json`: `id`, the search's keys,
    /// then `took_ms` when timed.
    public struct BatchLine: Encodable, Sendable {
        public var id: String
        public var result: SearchResult
        /// Seconds spent in the search itself, printed as `took_ms`; nil leaves the key out.
        public var tookSeconds: Double?

        public init(id: String, result: SearchResult, tookSeconds: Double? = nil) {
            self.id = id
            self.result = result
            self.tookSeconds = tookSeconds
        }

        public func encode(to encoder: any Encoder) throws {
            try result.encode(to: encoder, id: id, tookSeconds: tookSeconds)
        }
    }

    /// A `--batch` line whose query cannot be run: `id`, `query`, `error`, `column`.
    public struct BatchFailure: Encodable, Sendable {
        public var id: String
        public var query: String
        public var error: QueryError

        public init(id: String, query: String, error: QueryError) {
            self.id = id
            self.query = query
            self.error = error
        }

        enum CodingKeys: String, CodingKey { case id, query, error, column }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(query, forKey: .query)
            try container.encode(error.description, forKey: .error)
            try container.encode(error.column, forKey: .column)
        }
    }

    /// `gazette count --json`: `by`, the query texts as given, one entry per period,
    /// then the periods with possible collection gaps and their sources.
    public struct Coverage: Encodable, Sendable {
        public var series: CoverageSeries
        public var queries: [String]

        public init(series: CoverageSeries, queries: [String]) {
            self.series = series
            self.queries = queries
        }

        enum CodingKeys: String, CodingKey { case by, queries, series, gaps }
        enum PeriodKeys: String, CodingKey { case period, counts, shares }
        enum GapKeys: String, CodingKey { case period, sources }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(series.granularity.rawValue, forKey: .by)
            try container.encode(queries, forKey: .queries)
            var periods = container.nestedUnkeyedContainer(forKey: .series)
            for period in series.periods {
                var entry = periods.nestedContainer(keyedBy: PeriodKeys.self)
                try entry.encode(period.period, forKey: .period)
                try entry.encode(period.counts, forKey: .counts)
                try entry.encode(period.shares, forKey: .shares)
            }
            // Periods where a source with articles around them has none: possible collection gaps.
            var gaps = container.nestedUnkeyedContainer(forKey: .gaps)
            for gap in series.gaps {
                var entry = gaps.nestedContainer(keyedBy: GapKeys.self)
                try entry.encode(gap.period, forKey: .period)
                try entry.encode(gap.sources, forKey: .sources)
            }
        }
    }

    /// `gazette analyze --json`: `{"tokens": [...], "lang", "stemmer"}`: the
    /// language the text was analysed as ("" when none was given: not known,
    /// stemmed as English) and its stemmer's name (`null` when folded only).
    public struct Tokens: Encodable, Sendable {
        public var tokens: [AnalyzedToken]
        public var language: String

        public init(tokens: [AnalyzedToken], language: String = "") {
            self.tokens = tokens
            self.language = language
        }

        enum CodingKeys: String, CodingKey { case tokens, lang, stemmer }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tokens, forKey: .tokens)
            try container.encode(language, forKey: .lang)
            if let stemmer = Languages.stemmerName(language) {
                try container.encode(stemmer, forKey: .stemmer)
            } else {
                try container.encodeNil(forKey: .stemmer)
            }
        }
    }

    /// `gazette verify --json`: `ok`, `checks`, `articles`, and the index's `path`.
    public struct Verification: Encodable, Sendable {
        public var report: VerificationReport
        public var path: String

        public init(report: VerificationReport, path: String) {
            self.report = report
            self.path = path
        }

        enum CodingKeys: String, CodingKey { case ok, checks, articles, path }
        enum CheckKeys: String, CodingKey { case name, ok, problems }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(report.ok, forKey: .ok)
            var checks = container.nestedUnkeyedContainer(forKey: .checks)
            for check in report.checks {
                var entry = checks.nestedContainer(keyedBy: CheckKeys.self)
                try entry.encode(check.name, forKey: .name)
                try entry.encode(check.ok, forKey: .ok)
                try entry.encode(check.problems, forKey: .problems)
            }
            try container.encode(report.articles, forKey: .articles)
            try container.encode(path, forKey: .path)
        }
    }
}

/// Rounds to thousandths, as the seconds and similarities of the JSON output are.
private func thousandths(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

extension IndexSummary: Encodable {
    enum CodingKeys: String, CodingKey {
        case scanned, indexed, updated, unchanged, duplicates, rejected, seconds, bytes, removed, skipped
        case duplicateFiles = "duplicate_files", docsPerSecond = "docs_per_second", peakRSSBytes = "peak_rss_bytes"
    }

    enum FileKeys: String, CodingKey { case path, reason, kept, url }

    /// `gazette index --json`. `duplicates` is a count here; the files are under `duplicate_files`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scanned, forKey: .scanned)
        try container.encode(indexed, forKey: .indexed)
        try container.encode(updated, forKey: .updated)
        try container.encode(unchanged, forKey: .unchanged)
        try container.encode(duplicates.count, forKey: .duplicates)
        var rejectedFiles = container.nestedUnkeyedContainer(forKey: .rejected)
        for file in rejected {
            var entry = rejectedFiles.nestedContainer(keyedBy: FileKeys.self)
            try entry.encode(file.path, forKey: .path)
            try entry.encode(file.reason, forKey: .reason)
        }
        try container.encode(thousandths(seconds), forKey: .seconds)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(removed, forKey: .removed)
        try container.encode(skipped, forKey: .skipped)
        var duplicateFiles = container.nestedUnkeyedContainer(forKey: .duplicateFiles)
        for file in duplicates {
            var entry = duplicateFiles.nestedContainer(keyedBy: FileKeys.self)
            try entry.encode(file.path, forKey: .path)
            try entry.encode(file.keptPath, forKey: .kept)
            try entry.encode(file.url, forKey: .url)
        }
        try container.encode(docsPerSecond.rounded(), forKey: .docsPerSecond)
        try container.encode(peakResidentBytes, forKey: .peakRSSBytes)
    }
}

extension SearchResult: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, query, total, hits, facets, next
        case totalDistinct = "total_distinct", tookMilliseconds = "took_ms"
    }

    enum FacetKeys: String, CodingKey { case sources, by, dates, langs }

    /// `gazette search --json`.
    public func encode(to encoder: any Encoder) throws {
        try encode(to: encoder, id: nil, tookSeconds: nil)
    }

    /// The search keys, led by `id` and followed by `took_ms` when given (a `--batch` line).
    func encode(to encoder: any Encoder, id: String?, tookSeconds: Double?) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let id { try container.encode(id, forKey: .id) }
        try container.encode(query.text, forKey: .query)
        try container.encode(total, forKey: .total)
        try container.encode(totalDistinct, forKey: .totalDistinct)
        try container.encode(hits, forKey: .hits)
        if let facets {
            var nested = container.nestedContainer(keyedBy: FacetKeys.self, forKey: .facets)
            try nested.encode(facets.sources, forKey: .sources)
            try nested.encode(facets.granularity.rawValue, forKey: .by)
            try nested.encode(facets.dates, forKey: .dates)
            try nested.encode(facets.languages, forKey: .langs)
        }
        // The cursor of the next page (`search --after`), null on the last page.
        if let next { try container.encode(next, forKey: .next) } else { try container.encodeNil(forKey: .next) }
        // Milliseconds to the microsecond.
        if let tookSeconds { try container.encode((tookSeconds * 1_000_000).rounded() / 1000, forKey: .tookMilliseconds) }
    }
}

extension SearchHit: Encodable {
    enum CodingKeys: String, CodingKey {
        case rank, score, date, source, url, title, snippet, highlights, path, id, cluster, copies, wire, lang
        case copySources = "copy_sources"
    }

    /// One hit of `gazette search --json`; `highlights` are `[start, end]` pairs.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rank, forKey: .rank)
        try container.encode(score, forKey: .score)
        try container.encode(date.description, forKey: .date)
        try container.encode(source, forKey: .source)
        try container.encode(url, forKey: .url)
        try container.encode(title, forKey: .title)
        try container.encode(snippet.text, forKey: .snippet)
        var ranges = container.nestedUnkeyedContainer(forKey: .highlights)
        for range in snippet.highlights {
            var pair = ranges.nestedUnkeyedContainer()
            try pair.encode(range.lowerBound)
            try pair.encode(range.upperBound)
        }
        try container.encode(path, forKey: .path)
        try container.encode(id, forKey: .id)
        try container.encode(cluster, forKey: .cluster)
        try container.encode(copies, forKey: .copies)
        try container.encode(copySources, forKey: .copySources)
        if let wire { try container.encode(wire, forKey: .wire) } else { try container.encodeNil(forKey: .wire) }
        try container.encode(language, forKey: .lang)
    }
}

extension FacetCount: Encodable {
    enum CodingKeys: String, CodingKey { case value, count }

    /// A facet bucket: `{"value", "count"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encode(count, forKey: .count)
    }
}

extension CopyCluster: Encodable {
    enum CodingKeys: String, CodingKey { case article, cluster, size, sources, members }
    enum MemberKeys: String, CodingKey { case id, date, source, url, title, path, wire, similarity, original }

    /// `gazette copies --json`; each member says whether it is the cluster's original.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(article, forKey: .article)
        try container.encode(id, forKey: .cluster)
        try container.encode(size, forKey: .size)
        try container.encode(sources, forKey: .sources)
        var list = container.nestedUnkeyedContainer(forKey: .members)
        for member in members {
            var entry = list.nestedContainer(keyedBy: MemberKeys.self)
            try entry.encode(member.id, forKey: .id)
            try entry.encode(member.date.description, forKey: .date)
            try entry.encode(member.source, forKey: .source)
            try entry.encode(member.url, forKey: .url)
            try entry.encode(member.title, forKey: .title)
            try entry.encode(member.path, forKey: .path)
            if let wire = member.wire { try entry.encode(wire, forKey: .wire) } else { try entry.encodeNil(forKey: .wire) }
            try entry.encode(thousandths(member.similarity), forKey: .similarity)
            try entry.encode(member.id == id, forKey: .original)
        }
    }
}

extension IndexStatistics: Encodable {
    enum CodingKeys: String, CodingKey {
        case articles, sources
        case topSources = "top_sources", firstDate = "first_date", lastDate = "last_date", indexBytes = "index_bytes"
        case languages
    }

    /// `gazette stats --json`; dates are `null` in an empty index; `languages`
    /// counts articles per language code ("" when not known).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(articles, forKey: .articles)
        try container.encode(sources, forKey: .sources)
        try container.encode(topSources, forKey: .topSources)
        for (day, key) in [(firstDate, CodingKeys.firstDate), (lastDate, .lastDate)] {
            if let day { try container.encode(day.description, forKey: key) } else { try container.encodeNil(forKey: key) }
        }
        try container.encode(indexBytes, forKey: .indexBytes)
        try container.encode(languages, forKey: .languages)
    }
}

extension AnalyzedToken: Encodable {
    enum CodingKeys: String, CodingKey { case token, start, end, colocated }

    /// One token of `gazette analyze --json`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(token, forKey: .token)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(colocated, forKey: .colocated)
    }
}

extension StoredArticle: Encodable {
    enum CodingKeys: String, CodingKey { case id, date, source, url, title, paragraphs, wire, path }

    /// `GET /api/articles/{id}` of `gazette serve` (no CLI command prints one);
    /// `wire` is `null` when no agency is credited.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(date.description, forKey: .date)
        try container.encode(source, forKey: .source)
        try container.encode(url, forKey: .url)
        try container.encode(title, forKey: .title)
        try container.encode(paragraphs, forKey: .paragraphs)
        if let wire { try container.encode(wire, forKey: .wire) } else { try container.encodeNil(forKey: .wire) }
        try container.encode(path, forKey: .path)
    }
}
