import Gazette

/// The API's JSON bodies. Each has the shape, and the key order, of the
/// matching `gazette … --json` output, so one parser reads both;
/// `APIShapeTests` checks the two against each other.
public enum APIJSON {
    /// `search --json`.
    public static func search(_ result: SearchResult) -> JSONValue {
        var members: [(String, JSONValue)] = []
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

    static func hit(_ hit: SearchHit) -> JSONValue {
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

    static func facet(_ facet: FacetCount) -> JSONValue {
        .object([("value", .string(facet.value)), ("count", .int(facet.count))])
    }

    /// `count --json`.
    public static func count(_ series: CoverageSeries, queries: [String]) -> JSONValue {
        .object([
            ("by", .string(series.granularity.rawValue)),
            ("queries", .array(queries.map { .string($0) })),
            ("series", .array(series.periods.map { period in
                .object([("period", .string(period.period)), ("counts", .array(period.counts.map { .int($0) })),
                         ("shares", .array(period.shares.map { .double($0) }))])
            })),
        ])
    }

    /// `stats --json`.
    public static func stats(_ stats: IndexStatistics) -> JSONValue {
        .object([
            ("articles", .int(stats.articles)),
            ("sources", .int(stats.sources)),
            ("top_sources", .array(stats.topSources.map(facet))),
            ("first_date", stats.firstDate.map { .string($0.description) } ?? .null),
            ("last_date", stats.lastDate.map { .string($0.description) } ?? .null),
            ("index_bytes", .int(Int(stats.indexBytes))),
        ])
    }

    /// `copies --json`.
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

    /// `GET /api/articles/{id}`: the whole article (no CLI command prints one).
    public static func article(_ article: StoredArticle) -> JSONValue {
        .object([
            ("id", .int(Int(article.id))),
            ("date", .string(article.date.description)),
            ("source", .string(article.source)),
            ("url", .string(article.url)),
            ("title", .string(article.title)),
            ("paragraphs", .array(article.paragraphs.map { .string($0) })),
            ("wire", article.wire.map { .string($0) } ?? .null),
            ("path", .string(article.path)),
        ])
    }
}
