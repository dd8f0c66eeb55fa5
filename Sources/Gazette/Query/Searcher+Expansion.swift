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
        return try index.wrap { try index.database.readSnapshot {
            try index.stemQueries(for: query.filters.languages)
            var plan: [String] = []
            // Plain facets come from the pass that ranks, as in `search`.
            let tally = options.facets && !options.distinct ? FacetTally() : nil
            let passes = try expandedPasses(query, options: options, anyMode: options.compile.anyMode,
                                            settings: settings, tally: tally, plan: &plan)
            let expansion = passes.expansion
            let ranked = try collapsed(options) { window in try passes.rank(window) }
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
                if let tally, passes.tallied {
                    facets = try self.facets(from: tally, options: options)
                } else {
                    var counting = options
                    counting.limit = 0
                    counting.offset = 0
                    let counted = try search(expansion.expanded, options: counting)
                    facets = counted.facets
                    plan += counted.plan
                }
            }
            var result = SearchResult(query: expansion.expanded, sort: options.sort, total: passes.total, hits: hits,
                                      facets: facets, plan: plan)
            result.totalDistinct = passes.distinct
            result.path = passes.path
            result.postingsRead = passes.postingsRead
            if let ranked = passes.ranked {
                result.scored = ranked.pass.scored
                result.termination = ranked.pass.termination
                recycle(ranked.pass)
            } else {
                result.scored = passes.total
            }
            return ExpandedSearchResult(result: result, expansion: expansion)
        } }
    }

    /// The best `limit` article ids for `query` with expansion, without
    /// building hits: what `gazette evaluate` ranks, by the path `search --expand`
    /// takes. `parameters` gives the column weights (k1 and b are the settings').
    func expandedRanking(_ query: CompiledQuery, anyMode: Bool, settings: ExpansionSettings,
                         parameters: BM25Parameters, limit: Int) throws -> [(id: Int64, score: Double)] {
        var plan: [String] = []
        var options = SearchOptions()
        options.limit = limit
        options.collapseCopies = false
        options.titleWeight = parameters.titleWeight
        options.bodyWeight = parameters.bodyWeight
        let passes = try expandedPasses(query, options: options, anyMode: anyMode, settings: settings,
                                        parameters: parameters, tally: nil, plan: &plan)
        return try passes.rank(options)
    }
}

/// The two passes of an expanded search: what was added, and the second
/// pass's ranking, count and path.
struct ExpandedPasses {
    let expansion: ExpandedQuery
    /// The best `rowsToRank` of the window, best first (its offset applied).
    let rank: (SearchOptions) throws -> [(id: Int64, score: Double)]
    let total: Int
    let distinct: Int
    /// Whether the tally handed in holds the final matches' facets.
    let tallied: Bool
    let path: SearchPath
    let postingsRead: Int
    /// The match pass that ranks, when one does: how it scored, and its matches to recycle.
    var ranked: RankedPass?
}

/// A ranking pass that windows of an expanded search share: scores a window
/// needs beyond what the pass proved are computed into it.
final class RankedPass {
    var pass: Searcher.MatchPass

    init(_ pass: Searcher.MatchPass) {
        self.pass = pass
    }
}

extension Searcher {
    /// How many articles hold each phrase of the expanded query, where known:
    /// the first pass counted the typed ones, term statistics the added ones.
    static func knownPhraseRows(of expansion: ExpandedQuery, firstPass: MatchPass) -> [Int64?] {
        guard let original = expansion.original.tree, let expanded = expansion.expanded.tree else { return [] }
        var known: [String: Int64] = [:]
        let typed = QueryCompiler.phrases(of: original)
        if typed.count == firstPass.phraseRows.count {
            for (phrase, rows) in zip(typed, firstPass.phraseRows) { known[QueryCompiler.render(phrase, nested: true)] = rows }
        }
        for term in expansion.added {
            if let articles = term.articles {
                known[QueryCompiler.render(.term(term.term, field: nil, prefix: false), nested: true)] = Int64(articles)
            }
        }
        return QueryCompiler.phrases(of: expanded).map { known[QueryCompiler.render($0, nested: true)] }
    }

    /// Ranks `query`, expands it from its best articles and ranks the expanded
    /// query. Both passes are one-pass match walks (`matchPass`) with a weight
    /// per phrase, so the second pass costs what a search of the expanded query
    /// costs; an index the walk cannot answer goes through SQL with
    /// `gazette_bm25` instead. Both passes use the settings' k1 and b.
    func expandedPasses(_ query: CompiledQuery, options: SearchOptions, anyMode: Bool, settings: ExpansionSettings,
                        parameters: BM25Parameters? = nil, tally: FacetTally?,
                        plan: inout [String]) throws -> ExpandedPasses {
        let constants = BM25Parameters(k1: settings.k1, b: settings.b,
                                       titleWeight: parameters?.titleWeight ?? options.titleWeight,
                                       bodyWeight: parameters?.bodyWeight ?? options.bodyWeight)
        let expander = QueryExpander(searcher: self, settings: settings)
        var feedbackOptions = options
        feedbackOptions.offset = 0
        feedbackOptions.limit = settings.feedbackDocuments
        do {
            // Without --any (and without a cursor) the second pass scores the first pass's matches again.
            let rescoring = !anyMode && options.after == nil
            // The first pass ranks only the feedback articles: it may stop early at their number.
            if var first = try matchPass(query, options: options, tally: tally, keepMatches: rescoring,
                                         k1: constants.k1, b: constants.b, rankDepth: settings.feedbackDocuments,
                                         plan: &plan) {
                let expansion = try expander.expand(query, feedback: top(of: &first, options: feedbackOptions),
                                                    anyMode: anyMode)
                var second = first
                let changed = expansion.expanded.match != query.match || expansion.phraseWeights.contains(where: { $0 != 1 })
                if changed, rescoring, let layout = expansion.layout,
                   let rescored = try rescoredPass(first, expansion: expansion, layout: layout, options: options,
                                                   k1: constants.k1, b: constants.b, depth: firstRankWindow(options),
                                                   plan: &plan) {
                    second = rescored
                } else if changed {
                    recycle(first)
                    let known = Self.knownPhraseRows(of: expansion, firstPass: first)
                    // Without --any the matches do not change: the first pass's facets stand.
                    guard let pass = try matchPass(expansion.expanded, options: options, tally: anyMode ? tally : nil,
                                                   phraseWeights: expansion.phraseWeights, knownPhraseRows: known,
                                                   k1: constants.k1, b: constants.b, plan: &plan) else {
                        throw MissingFacts()
                    }
                    second = pass
                    second.postingsRead += first.postingsRead
                }
                let ranked = RankedPass(second)
                return ExpandedPasses(expansion: expansion, rank: { window in try self.top(of: &ranked.pass, options: window) },
                                      total: second.total, distinct: second.distinct, tallied: tally != nil,
                                      path: .matchRows, postingsRead: second.postingsRead, ranked: ranked)
            }
        } catch is MissingFacts {
            plan.append("-- an article has no article_facts entry: gazette_bm25 ranks instead")
        }
        guard let tree = query.tree else {
            return ExpandedPasses(expansion: ExpandedQuery(original: query, expanded: query, phraseWeights: [], added: []),
                                  rank: { _ in [] }, total: 0, distinct: 0, tallied: false, path: .filtersOnly, postingsRead: 0)
        }
        let unit = QueryCompiler.phrases(of: tree).map { _ in 1.0 }
        let feedback = try weightedRank(query, weights: unit, parameters: constants, limit: settings.feedbackDocuments,
                                        plan: &plan).ranked
        let expansion = try expander.expand(query, feedback: feedback, anyMode: anyMode)
        // Every window is a new SQL pass: the first is as wide as `collapsed`'s first window.
        let firstLimit = firstRankWindow(options) ?? Int.max
        let first = try weightedRank(expansion.expanded, weights: expansion.phraseWeights, parameters: constants,
                                     limit: firstLimit, plan: &plan)
        let firstWindow = first.ranked
        return ExpandedPasses(expansion: expansion, rank: { window in
            if window.rowsToRank <= firstWindow.count || firstWindow.count < firstLimit {
                return Array(firstWindow.prefix(window.rowsToRank).dropFirst(max(0, window.offset)))
            }
            var ignored: [String] = []
            let wider = try self.weightedRank(expansion.expanded, weights: expansion.phraseWeights, parameters: constants,
                                              limit: window.rowsToRank, plan: &ignored)
            return Array(wider.ranked.dropFirst(max(0, window.offset)))
        }, total: first.total, distinct: first.distinct, tallied: false, path: .fts5BM25, postingsRead: first.total)
    }
}
