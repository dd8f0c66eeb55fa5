/// The FROM and WHERE parts shared by every statement of one search:
/// the FTS5 match, the date range as a rowid range, the source set.
///
/// Only fixed SQL fragments are assembled here; every value, the FTS5
/// expression included, is a bound parameter.
struct MatchScope {
    /// The rowid expression of the scope ("fts.rowid" or "a.id").
    let rowid: String
    let from: String
    let conditions: [String]
    let values: [SQLValue]
    let hasMatch: Bool

    init(query: CompiledQuery, joinArticles: Bool) {
        var conditions: [String] = []
        var values: [SQLValue] = []
        let needsArticles = joinArticles || !query.filters.sources.isEmpty
        if let match = query.match {
            hasMatch = true
            rowid = "fts.rowid"
            // `a` is the narrow table of each article's source (see `Schema`).
            from = needsArticles ? "fts JOIN article_sources a ON a.id = fts.rowid" : "fts"
            conditions.append("fts MATCH ?")
            values.append(.text(match))
            if let verified = query.verifiedIDs {
                // The candidates whose text passed the query's surface checks (exact forms, prefixes).
                conditions.append("fts.rowid IN (SELECT value FROM json_each(?))")
                values.append(.text("[" + verified.sorted().map(String.init).joined(separator: ",") + "]"))
            }
        } else {
            hasMatch = false
            rowid = "a.id"
            from = "article_sources a"
        }
        if query.filters.firstDay != nil || query.filters.lastDay != nil {
            let low = query.filters.firstDay.map { ArticleID.first(of: $0) } ?? 0
            let high = query.filters.lastDay.map { ArticleID.last(of: $0) } ?? Int64.max
            conditions.append("\(rowid) BETWEEN ? AND ?")
            values.append(.integer(Int(low)))
            values.append(.integer(Int(high)))
        }
        if !query.filters.sources.isEmpty {
            conditions.append("a.source_id IN (SELECT id FROM sources WHERE host IN (SELECT value FROM json_each(?)))")
            values.append(.text(JSONValue.array(query.filters.sources.map { .string($0) }).serialized()))
        }
        if !query.filters.languages.isEmpty {
            conditions.append("\(rowid) IN (SELECT id FROM articles WHERE lang IN (SELECT value FROM json_each(?)))")
            values.append(.text(JSONValue.array(query.filters.languages.map { .string($0) }).serialized()))
        }
        self.conditions = conditions
        self.values = values
    }

    var whereClause: String {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }
}
