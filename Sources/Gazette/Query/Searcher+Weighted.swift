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

extension Searcher {
    /// The best `limit` article ids for a query built by code, for `gazette
    /// evaluate`: with default parameters and no expansion, exactly the ranking
    /// relevance search uses (the one-pass scorer, else FTS5's `bm25()`); with
    /// other k1/b or with expansion, `gazette_bm25`. Copies are not collapsed.
    package func evaluationRanking(_ query: CompiledQuery, parameters: BM25Parameters = BM25Parameters(),
                                   expansion: ExpansionSettings?, limit: Int) throws(GazetteError) -> [Int64] {
        try index.wrap { try database.readSnapshot {
            try index.stemQueries(for: query.filters.languages)
            var plan: [String] = []
            if let expansion {
                return try expandedRanking(query, anyMode: true, settings: expansion, parameters: parameters,
                                           limit: limit).map(\.id)
            }
            guard let tree = query.tree else { return [] }
            if parameters == BM25Parameters() {
                var options = SearchOptions()
                options.limit = limit
                options.collapseCopies = false
                if let pass = try? matchPass(query, options: options, tally: nil, plan: &plan) {
                    return top(of: pass, options: options).map(\.id)
                }
                return try rankAndCount(scope: MatchScope(query: query, joinArticles: false), options: options,
                                        clusterOf: [:], plan: &plan).ranked.map(\.id)
            }
            let weights = QueryCompiler.phrases(of: tree).map { _ in 1.0 }
            return try weightedRank(query, weights: weights, parameters: parameters, limit: limit, plan: &plan).ranked.map(\.id)
        } }
    }
}
