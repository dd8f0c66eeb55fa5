/// One term that sets a query's matches apart from the archive.
public struct SignificantTerm: Sendable, Equatable {
    /// The most frequent surface form of `stem` in the sampled matches.
    public let term: String
    public let stem: String
    /// JLH significance: (fg - bg) · fg / bg, with fg and bg the shares of sampled
    /// matches and of all articles that contain the stem.
    public let score: Double
    /// Sampled matching articles that contain it.
    public let count: Int
}

/// What `gazette terms` found.
public struct SignificantTerms: Sendable {
    public let query: CompiledQuery
    /// Articles matching the query.
    public let matches: Int
    /// Matching articles read (the best-ranked ones when there are more than the sample size).
    public let sampled: Int
    public let terms: [SignificantTerm]
}

extension Searcher {
    /// The terms that distinguish the articles matching `text` from the archive
    /// (`gazette terms`), by Elasticsearch's `significant_terms` default, JLH.
    /// At most `sampleSize` matches are read: the best-ranked by relevance.
    /// Words of the query itself and terms in fewer than `minimumCount` sampled
    /// articles are left out.
    public func significantTerms(_ text: String, options: CompileOptions = CompileOptions(), limit: Int = 20,
                                 sampleSize: Int = 500, minimumCount: Int = 2) throws(GazetteError) -> SignificantTerms {
        let compiled: CompiledQuery
        do {
            compiled = try QueryCompiler.compile(text, options: options)
        } catch {
            throw GazetteError.query(error, query: text)
        }
        return try index.wrap { try index.database.readSnapshot {
            try index.stemQueries(for: compiled.filters.languages)
            var plan: [String] = []
            let sample: [(id: Int64, score: Double)]
            let matches: Int
            if let tree = compiled.tree {
                let weights = QueryCompiler.phrases(of: tree).map { _ in 1.0 }
                let pass = try weightedRank(compiled, weights: weights, limit: sampleSize, plan: &plan)
                sample = pass.ranked
                matches = pass.total
            } else {
                // Filters only: the newest matches.
                var window = SearchOptions()
                window.sort = .newest
                window.limit = sampleSize
                let scope = MatchScope(query: compiled, joinArticles: false)
                matches = try count(compiled)
                sample = try rank(compiled, scope: scope, options: window, plan: &plan)
            }
            let analyzer = snippets.analyzer
            var queryStems = Set<String>()
            for word in compiled.positiveTerms {
                for token in analyzer.tokens(of: word, purpose: .query) { queryStems.insert(token.token) }
            }
            var containing: [String: Int] = [:]
            var surfaces: [String: [String: Int]] = [:]
            for entry in sample {
                guard let stored = try storedText(of: entry.id) else { continue }
                let counts = TermCounts(stored.title + "\n" + stored.body, analyzer: analyzer)
                for stem in counts.frequency.keys { containing[stem, default: 0] += 1 }
                counts.mergeSurfaces(into: &surfaces)
            }
            let statistics = try termStatistics(languages: compiled.filters.languages)
            let articles = Double(try statistics.documentCount())
            let sampled = Double(sample.count)
            var scored: [SignificantTerm] = []
            for (stem, count) in containing where count >= minimumCount && !queryStems.contains(stem) && TermCounts.isWordLike(stem) {
                let df = Double(try statistics.documentFrequency(stem, word: TermCounts.shownForm(of: stem, in: surfaces)))
                guard df > 0, articles > 0, sampled > 0 else { continue }
                let foreground = Double(count) / sampled
                let background = df / articles
                guard foreground > background else { continue }
                let score = (foreground - background) * (foreground / background)
                scored.append(SignificantTerm(term: TermCounts.shownForm(of: stem, in: surfaces), stem: stem,
                                              score: score, count: count))
            }
            scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.stem < $1.stem }
            return SignificantTerms(query: compiled, matches: matches, sampled: sample.count,
                                    terms: Array(scored.prefix(max(0, limit))))
        } }
    }
}
