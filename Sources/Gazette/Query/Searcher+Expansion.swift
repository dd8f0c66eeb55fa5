/// A search answered with query expansion, and what expansion added.
public struct ExpandedSearchResult: Sendable {
    /// The result as `search` shapes it; its `query` is the expanded query.
    public var result: SearchResult
    public let expansion: ExpandedQuery
}

extension Searcher {
    /// Searches with RM3-style query expansion (`search --expand`): a first pass
    /// ranks the query, its best articles give the added terms, and one second
    /// pass ranks the expanded query with the original terms at weight 1 and the
    /// added terms at theirs. With `--any` the added terms also widen the
    /// matches; otherwise they only re-rank them. Relevance order only: other
    /// sorts do not use scores, so they search without expansion.
    public func searchExpanded(_ text: String, options: SearchOptions,
                               settings: ExpansionSettings = ExpansionSettings()) throws(GazetteError) -> ExpandedSearchResult {
        let compiled: CompiledQuery
        do {
            compiled = try QueryCompiler.compile(text, options: options.compile)
        } catch {
            throw GazetteError.query(error, query: text)
        }
        return try searchExpanded(compiled, options: options, settings: settings)
    }

    /// Runs an already compiled query with expansion (see `searchExpanded(_:options:settings:)`).
    public func searchExpanded(_ query: CompiledQuery, options: SearchOptions,
                               settings: ExpansionSettings = ExpansionSettings()) throws(GazetteError) -> ExpandedSearchResult {
        guard query.tree != nil, options.sort == .relevance, options.recencyHalfLife == nil else {
            let plain = try search(query, options: options)
            return ExpandedSearchResult(result: plain, expansion: ExpandedQuery(original: query, expanded: query,
                                                                                phraseWeights: [], added: []))
        }
        let parameters = BM25Parameters(titleWeight: options.titleWeight, bodyWeight: options.bodyWeight)
        return try index.wrap { try index.database.readSnapshot {
            try index.stemQueries(for: query.filters.languages)
            var plan: [String] = []
            let expander = QueryExpander(searcher: self, settings: settings, parameters: parameters)
            let expansion = try expander.expand(query, anyMode: options.compile.anyMode, plan: &plan)
            var total = 0
            var distinct = 0
            let ranked = try collapsed(options) { window in
                let pass = try weightedRank(expansion.expanded, weights: expansion.phraseWeights, parameters: parameters,
                                            limit: window.rowsToRank, plan: &plan)
                total = pass.total
                distinct = pass.distinct
                return Array(pass.ranked.dropFirst(window.offset))
            }
            let terms = snippets.terms(of: expansion.expanded.tree)
            var hits: [SearchHit] = []
            for (position, entry) in ranked.enumerated() {
                if let hit = try hit(id: entry.id, score: entry.score, rank: options.offset + position + 1,
                                     terms: terms, options: options) {
                    hits.append(hit)
                }
            }
            hits = try withCopies(hits)
            var facets: Facets?
            if options.facets {
                var counting = options
                counting.limit = 0
                counting.offset = 0
                let counted = try search(expansion.expanded, options: counting)
                facets = counted.facets
                plan += counted.plan
            }
            var result = SearchResult(query: expansion.expanded, sort: options.sort, total: total, hits: hits,
                                      facets: facets, plan: plan)
            result.totalDistinct = distinct
            return ExpandedSearchResult(result: result, expansion: expansion)
        } }
    }

    /// The best `limit` article ids for `query` with expansion, without
    /// building hits: what `gazette evaluate` ranks.
    func expandedRanking(_ query: CompiledQuery, anyMode: Bool, settings: ExpansionSettings,
                         parameters: BM25Parameters, limit: Int) throws -> [(id: Int64, score: Double)] {
        var plan: [String] = []
        let expansion = try QueryExpander(searcher: self, settings: settings, parameters: parameters)
            .expand(query, anyMode: anyMode, plan: &plan)
        return try weightedRank(expansion.expanded, weights: expansion.phraseWeights, parameters: parameters,
                                limit: limit, plan: &plan).ranked
    }
}
