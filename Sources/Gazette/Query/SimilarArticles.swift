import Glibc

/// Settings of `gazette similar`.
public struct SimilarSettings: Sendable {
    /// Distinctive terms of the article put in the query.
    public var terms = 25
    /// Terms in more than this share of the archive's articles are not distinctive.
    public var maxDocumentShare = 0.1

    public init() {}
}

extension Searcher {
    /// The id of the article `reference` names: an id as `search --json` prints it, or a URL.
    public func articleID(_ reference: String) throws(GazetteError) -> Int64 {
        try index.wrap {
            let select: Statement
            if let id = Int64(reference) {
                select = try index.database.cached("SELECT id FROM articles WHERE id = ?1")
                select.bind(id, at: 1)
            } else {
                select = try index.database.cached("SELECT id FROM articles WHERE url = ?1")
                select.bind(reference, at: 1)
            }
            defer { select.reset() }
            guard try select.step() else {
                throw GazetteError.input(path: index.path, detail: "no article with the id or URL \(reference)")
            }
            return select.int64(0)
        }
    }

    /// Articles like the one `reference` names (`gazette similar`): a query of its
    /// most distinctive terms (tf·idf against the archive, weighted by it), ranked
    /// by BM25, without the article and its copies; copies of other stories are
    /// collapsed as `search` collapses them. The result's `query.text` is `reference`.
    public func similar(to reference: String, options: SearchOptions,
                        settings: SimilarSettings = SimilarSettings()) throws(GazetteError) -> SearchResult {
        let id = try articleID(reference)
        return try index.wrap { try index.database.readSnapshot {
            try index.stemQueries(for: [])
            var plan: [String] = []
            guard let text = try storedText(of: id) else {
                throw GazetteError.input(path: index.path, detail: "no article with the id or URL \(reference)")
            }
            let analyzer = snippets.analyzer
            let counts = TermCounts(text.title + "\n" + text.body, analyzer: analyzer)
            let statistics = try termStatistics()
            let articles = Double(try statistics.documentCount())
            var scored: [(stem: String, score: Double)] = []
            for (stem, frequency) in counts.frequency where TermCounts.isWordLike(stem) {
                let word = TermCounts.shownForm(of: stem, in: counts.surfaces)
                guard !StopWords.english.contains(word) else { continue }
                let df = Double(try statistics.documentFrequency(stem, word: word,
                                                                 atMost: Int(articles * settings.maxDocumentShare) + 1))
                guard df >= 2, df <= articles * settings.maxDocumentShare else { continue }
                scored.append((stem, Double(frequency) * log(articles / df)))
            }
            scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.stem < $1.stem }
            let chosen = scored.prefix(settings.terms)
            guard let best = chosen.first?.score, best > 0 else {
                return SearchResult(query: QueryCompiler.compile(tree: .or([]), text: reference), sort: .relevance,
                                    total: 0, hits: [], facets: nil, plan: plan)
            }
            let leaves = chosen.map { QueryNode.term(TermCounts.shownForm(of: $0.stem, in: counts.surfaces), field: nil, prefix: false) }
            let query = QueryCompiler.compile(tree: leaves.count == 1 ? leaves[0] : .or(leaves), text: reference,
                                              options: options.compile)
            let weights = chosen.map { $0.score / best }
            // The article itself and every copy of it are left out.
            var excluded: Set<Int64> = [id]
            if let cluster = try clusterMap()[id] {
                for (member, memberCluster) in try clusterMap() where memberCluster == cluster { excluded.insert(member) }
            }
            var total = 0
            var distinct = 0
            let parameters = BM25Parameters(titleWeight: options.titleWeight, bodyWeight: options.bodyWeight)
            let ranked = try collapsed(options) { window in
                // Saturating, like rowsToRank: `similar --limit 9223372036854775807` must not trap.
                let wanted = window.rowsToRank
                let pass = try weightedRank(query, weights: weights, parameters: parameters,
                                            limit: wanted > Int.max - excluded.count ? Int.max : wanted + excluded.count,
                                            plan: &plan)
                let kept = pass.ranked.filter { !excluded.contains($0.id) }
                total = pass.total - (pass.total > 0 ? excluded.count : 0)
                distinct = max(0, pass.distinct - 1)
                return Array(kept.prefix(wanted).dropFirst(max(0, window.offset)))
            }
            let terms = snippets.terms(of: query.tree)
            var hits: [SearchHit] = []
            for (position, entry) in ranked.enumerated() {
                if let hit = try hit(id: entry.id, score: entry.score, rank: options.offset + position + 1,
                                     terms: terms, options: options) {
                    hits.append(hit)
                }
            }
            hits = try withCopies(hits)
            var result = SearchResult(query: query, sort: .relevance, total: max(0, total), hits: hits, facets: nil, plan: plan)
            result.totalDistinct = distinct
            return result
        } }
    }
}
