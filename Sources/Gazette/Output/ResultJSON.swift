/// The `--json` shape of every result, built in one place so the CLI (and any
/// other front end, such as an HTTP API) prints the same keys in the same order.
///
/// Key order is part of the documented output: `JSONValue` objects keep the
/// order written here, and `ResultJSONTests` pins it.
public enum ResultJSON {
    /// `gazette index --json`.
    public static func index(_ summary: IndexSummary) -> JSONValue {
        .object([
            ("scanned", .int(summary.scanned)),
            ("indexed", .int(summary.indexed)),
            ("updated", .int(summary.updated)),
            ("unchanged", .int(summary.unchanged)),
            ("duplicates", .int(summary.duplicates.count)),
            ("rejected", .array(summary.rejected.map { .object([("path", .string($0.path)), ("reason", .string($0.reason))]) })),
            ("seconds", .double((summary.seconds * 1000).rounded() / 1000)),
            ("bytes", .int(Int(summary.bytes))),
            ("removed", .int(summary.removed)),
            ("skipped", .int(summary.skipped)),
            ("duplicate_files", .array(summary.duplicates.map {
                .object([("path", .string($0.path)), ("kept", .string($0.keptPath)), ("url", .string($0.url))])
            })),
            ("docs_per_second", .double(summary.docsPerSecond.rounded())),
            ("peak_rss_bytes", .int(Int(summary.peakResidentBytes))),
        ])
    }

    /// `gazette search --json`; `id` leads the object in `--batch` output.
    public static func search(_ result: SearchResult, id: String?) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let id { members.append(("id", .string(id))) }
        members.append(("query", .string(result.query.text)))
        members.append(("total", .int(result.total)))
        members.append(("total_distinct", .int(result.totalDistinct)))
        members.append(("hits", .array(result.hits.map(hit))))
        if let facets = result.facets {
            members.append(("facets", .object([
                ("sources", .array(facets.sources.map(facet))),
                ("by", .string(facets.granularity.rawValue)),
                ("dates", .array(facets.dates.map(facet))),
            ])))
        }
        return .object(members)
    }

    /// One search hit.
    public static func hit(_ hit: SearchHit) -> JSONValue {
        .object([
            ("rank", .int(hit.rank)),
            ("score", .double(hit.score)),
            ("date", .string(hit.date.description)),
            ("source", .string(hit.source)),
            ("url", .string(hit.url)),
            ("title", .string(hit.title)),
            ("snippet", .string(hit.snippet.text)),
            ("highlights", .array(hit.snippet.highlights.map { .array([.int($0.lowerBound), .int($0.upperBound)]) })),
            ("path", .string(hit.path)),
            ("id", .int(Int(hit.id))),
            ("cluster", .int(Int(hit.cluster))),
            ("copies", .int(hit.copies)),
            ("copy_sources", .int(hit.copySources)),
            ("wire", hit.wire.map { .string($0) } ?? .null),
        ])
    }

    /// A facet bucket: `{"value", "count"}`.
    public static func facet(_ facet: FacetCount) -> JSONValue {
        .object([("value", .string(facet.value)), ("count", .int(facet.count))])
    }

    /// A `--batch` line whose query cannot be run.
    public static func queryError(id: String, query: String, error: QueryError) -> JSONValue {
        .object([
            ("id", .string(id)), ("query", .string(query)),
            ("error", .string(error.description)), ("column", .int(error.column)),
        ])
    }

    /// `gazette count --json`.
    public static func coverage(_ series: CoverageSeries, queries: [String]) -> JSONValue {
        .object([
            ("by", .string(series.granularity.rawValue)),
            ("queries", .array(queries.map { .string($0) })),
            ("series", .array(series.periods.map { period in
                .object([("period", .string(period.period)), ("counts", .array(period.counts.map { .int($0) })),
                         ("shares", .array(period.shares.map { .double($0) }))])
            })),
        ])
    }

    /// `gazette copies --json`.
    public static func copies(_ cluster: CopyCluster) -> JSONValue {
        .object([
            ("article", .int(Int(cluster.article))),
            ("cluster", .int(Int(cluster.id))),
            ("size", .int(cluster.size)),
            ("sources", .int(cluster.sources)),
            ("members", .array(cluster.members.map { member in
                .object([
                    ("id", .int(Int(member.id))), ("date", .string(member.date.description)),
                    ("source", .string(member.source)), ("url", .string(member.url)),
                    ("title", .string(member.title)), ("path", .string(member.path)),
                    ("wire", member.wire.map { .string($0) } ?? .null),
                    ("similarity", .double((member.similarity * 1000).rounded() / 1000)),
                    ("original", .bool(member.id == cluster.id)),
                ])
            })),
        ])
    }

    /// `gazette stats --json`.
    public static func statistics(_ stats: IndexStatistics) -> JSONValue {
        .object([
            ("articles", .int(stats.articles)),
            ("sources", .int(stats.sources)),
            ("top_sources", .array(stats.topSources.map(facet))),
            ("first_date", stats.firstDate.map { .string($0.description) } ?? .null),
            ("last_date", stats.lastDate.map { .string($0.description) } ?? .null),
            ("index_bytes", .int(Int(stats.indexBytes))),
        ])
    }

    /// `gazette analyze --json`.
    public static func tokens(_ tokens: [AnalyzedToken]) -> JSONValue {
        .object([("tokens", .array(tokens.map {
            .object([("token", .string($0.token)), ("start", .int($0.start)), ("end", .int($0.end)),
                     ("colocated", .bool($0.colocated))])
        }))])
    }

    /// `gazette verify --json`, for the index at `path`.
    public static func verification(_ report: VerificationReport, path: String) -> JSONValue {
        .object([
            ("ok", .bool(report.ok)),
            ("checks", .array(report.checks.map { check in
                .object([("name", .string(check.name)), ("ok", .bool(check.ok)),
                         ("problems", .array(check.problems.map { .string($0) }))])
            })),
            ("articles", .int(report.articles)),
            ("path", .string(path)),
        ])
    }
}
