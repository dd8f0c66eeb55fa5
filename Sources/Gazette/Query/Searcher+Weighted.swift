/// The constants of BM25 as FTS5 computes it: `k1`, `b`, and the weight of
/// each column's term frequency.
public struct BM25Parameters: Sendable, Equatable, CustomStringConvertible {
    public var k1 = 1.2
    public var b = 0.75
    public var titleWeight = SearchOptions.defaultTitleWeight
    public var bodyWeight = 1.0

    public init(k1: Double = 1.2, b: Double = 0.75, titleWeight: Double = SearchOptions.defaultTitleWeight,
                bodyWeight: Double = 1.0) {
        self.k1 = k1
        self.b = b
        self.titleWeight = titleWeight
        self.bodyWeight = bodyWeight
    }

    public var description: String { "k1=\(k1) b=\(b) title=\(titleWeight) body=\(bodyWeight)" }
}

extension Searcher {
    /// Scores every match of `query` with `gazette_bm25` (BM25 with a weight per
    /// query phrase, see `WeightedBM25`) and keeps the best `limit`, ordered as
    /// relevance search orders (score, newer day, id). Also counts the matches
    /// and the distinct stories among them.
    ///
    /// With every weight 1 and the default parameters the scores are those of
    /// `search`'s relevance ranking.
    func weightedRank(_ query: CompiledQuery, weights: [Double], parameters: BM25Parameters = BM25Parameters(),
                      limit: Int, plan: inout [String]) throws -> (ranked: [(id: Int64, score: Double)], total: Int, distinct: Int) {
        let scope = MatchScope(query: query, joinArticles: false)
        guard scope.hasMatch else { return ([], 0, 0) }
        let weightsText = weights.map { String($0) }.joined(separator: ",")
        let sql = "SELECT fts.rowid, \(WeightedBM25.name)(fts, ?, ?, ?, ?, ?) FROM \(scope.from)\(scope.whereClause)"
        plan.append(sql + "  -- all matches scored with per-term weights, top \(limit) kept")
        let statement = try index.database.cached(sql)
        defer { statement.reset() }
        statement.bind([.real(parameters.k1), .real(parameters.b), .real(parameters.titleWeight),
                        .real(parameters.bodyWeight), .text(weightsText)] + scope.values)
        let clusterOf = try clusterMap()
        var top = TopHits(capacity: max(0, limit))
        var total = 0
        var clustered = 0
        var clusters: Set<Int64> = []
        while try statement.step() {
            total += 1
            let id = statement.int64(0)
            if !clusterOf.isEmpty, let cluster = clusterOf[id] {
                clustered += 1
                clusters.insert(cluster)
            }
            top.offer(id: id, score: statement.double(1))
        }
        return (top.hits, total, total - clustered + clusters.count)
    }

    /// The title and body of an article, or nil when it is not in the index.
    func storedText(of id: Int64) throws -> (title: String, body: String)? {
        let select = try index.database.cached("SELECT title, body FROM articles WHERE id = ?1")
        defer { select.reset() }
        select.bind(id, at: 1)
        guard try select.step() else { return nil }
        return (select.string(0), select.string(1))
    }
}
