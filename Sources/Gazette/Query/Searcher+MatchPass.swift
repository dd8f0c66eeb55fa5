/// Search in one pass over the matches: the total, distinct stories,
/// facets and the ranking all come from a single walk of the postings, and
/// BM25 is computed in Swift from `article_facts` instead of by FTS5's
/// `bm25()`, which looks up every match's length in `fts_docsize`.
extension Searcher {
    /// What the pass found: every kept match with its score, in rowid order.
    struct MatchPass {
        var ids: [Int64] = []
        var scores: [Double] = []
        var total = 0
        var distinct = 0
        var walk: FullTextMatches.Walk = .perRow
        var postingsRead = 0
        /// Rows of the whole index holding each phrase (the IDFs' counts).
        var phraseRows: [Int64] = []
        /// The collection statistics the scores were computed with, for the next page's cursor.
        var statistics: CollectionStatistics?
        /// Relevance pages of up to this many hits are exact from `scores`. A pass that stopped early
        /// left the matches that could not reach them unscored, at -infinity.
        var exactDepth = Int.max
        var termination = TopKTermination.exhaustive
        /// Matches whose BM25 was computed.
        var scored = 0
        /// What scores the matches left unscored, when a page asks for them after all.
        var deferred: DeferredScores?
    }

    /// Runs the pass, or returns nil when this index cannot answer it that
    /// way (no `article_facts`, or an article missing from it), so that the
    /// caller uses the SQL path. `phraseWeights` weighs each phrase of the
    /// expression as `gazette_bm25` does (query expansion); nil is plain BM25.
    /// `knownPhraseRows` spares the walk counting phrases whose counts are
    /// known; `k1` and `b` other than FTS5's are expansion's own. `rankDepth`,
    /// the most hits a page will rank, lets the pass score only the matches
    /// that can reach them (`ScoreBound`); nil scores every match. `keepMatches`
    /// keeps the walk's matches in `deferred` even when every match was scored,
    /// so that query expansion can score them again (`rescoredPass`).
    func matchPass(_ query: CompiledQuery, options: SearchOptions, tally: FacetTally?,
                   phraseWeights: [Double]? = nil, knownPhraseRows: [Int64?] = [],
                   keepMatches: Bool = false, k1: Double = BM25.k1, b: Double = BM25.b, rankDepth: Int? = nil,
                   plan: inout [String]) throws -> MatchPass? {
        guard let match = query.match, let facts = try factsSnapshot() else { return nil }
        let filters = query.filters
        let low = filters.firstDay.map { ArticleID.first(of: $0) } ?? 0
        let high = filters.lastDay.map { ArticleID.last(of: $0) } ?? Int64.max
        let frequent = options.evaluation == .automatic ? try frequentTerms(of: query) : nil
        // One phrase: walk its postings directly (the IDF needs that walk anyway). Several phrases: FTS5's
        // own AND skips through the longer lists, and only the (usually few) matching rows are read.
        let walk: FullTextMatches.Walk = frequent != nil ? .termDocs : query.tree?.isLeaf == true ? .phrasePostings : .perRow
        guard low <= high else {
            // Dates that exclude each other: nothing can match.
            tally?.reset()
            return MatchPass(walk: walk)
        }
        // A quoted phrase (usually several words) takes its first rows from the statement: see `rowsBeforeWalk`.
        var rowsBeforeWalk = 0
        if case .phrase? = query.tree { rowsBeforeWalk = phraseRowsBeforeWalk }
        let matches = FullTextMatches(walk: walk, rowidRange: low...high, reusing: recycledMatches,
                                      knownPhraseRows: knownPhraseRows, rowsBeforeWalk: rowsBeforeWalk)
        recycledMatches = nil
        var keepsMatches = false
        defer { if !keepsMatches { recycledMatches = matches.recycle() } }
        if let frequent {
            plan.append("term_docs of \(frequent.count == 1 ? "a frequent word" : "\(frequent.count) frequent words, intersected")"
                        + "  -- one pass over the document lists, ids \(low)...\(high); BM25 from article_facts lengths")
            try fill(matches, terms: frequent, range: low...high)
        } else {
            try walkFullText(match, matches: matches, walk: walk, low: low, high: high, plan: &plan)
        }

        let allowedSources = try sourceIDs(filters.sources)
        let allowedLanguages = try languageIDs(filters.languages)
        let clustered = try clusterList()
        let pinned = options.after?.statistics
        let scorer = try BM25(matches, weights: [options.titleWeight, options.bodyWeight], phraseWeights: phraseWeights,
                              k1: k1, b: b, pinned: pinned)
        // Date-sorted hits show their relevance score too, as FTS5's path gives them.
        let ranked = true
        var halfLife: Double?
        var newestDay: Int64 = 0
        if options.sort == .relevance, let days = options.recencyHalfLife, days > 0 {
            halfLife = days
            newestDay = try pinned?.newestDay
                ?? database.scalarInt("SELECT max(id) FROM articles").map { Int64($0) >> Int64(ArticleID.sequenceBits) } ?? 0
        }
        var pass = MatchPass(walk: walk, postingsRead: matches.postingsRead, phraseRows: matches.phraseRows)
        pass.statistics = pinned ?? CollectionStatistics(matches, newestDay: newestDay)
        // Early termination: with a page depth known, a relevance pass scores only the matches whose bound
        // reaches the best `depth` scores seen, and a date-sorted pass scores only the hits it shows.
        // Not with surface checks: priming the threshold would score candidates the checks drop.
        let depth = query.verifiedIDs != nil ? nil
            : earlyTerminationDepth(rankDepth, matches: matches.count, options: options, scorer: scorer,
                                    phraseWeights: phraseWeights)
        let bound = depth.map { _ in
            ScoreBound(scorer: scorer, shortestLength: facts.shortestLength, boostLimit: halfLife == nil ? 1 : 2)
        }
        // Each match's facts are read for filters, facets and its score. A pass that stops early and
        // needs neither filters nor facets reads them only for the matches it scores, once the facts
        // are known to cover every article of the full-text index (the writer keeps the two together).
        let readsEveryFact = depth == nil || allowedSources != nil || allowedLanguages != nil || tally != nil
            || Int64(facts.articles) != matches.rowCount
        let keepsIndex = depth != nil || keepMatches
        var clusteredMatches = 0
        var clusters: Set<Int64> = []
        tally?.reset()
        let rowids = matches.rowids
        var cursor = ArticleFactsSnapshot.Cursor()
        var nextClustered = 0
        var previous = Int64.min
        var total = 0
        var scored = 0
        // Every kept match has an id, a score (-infinity when left unscored) and, for a pass that stops
        // early, its index among `matches`: written in place, as appends checked each array's
        // uniqueness and capacity per match (a fifth of a very common word's search).
        var matchIndex: [Int32] = []
        let ids = try [Int64](unsafeUninitializedCapacity: rowids.count) { idsOut, idsCount in
            pass.scores = try [Double](unsafeUninitializedCapacity: rowids.count) { scoresOut, scoresCount in
                matchIndex = try [Int32](unsafeUninitializedCapacity: keepsIndex ? rowids.count : 0) { indexOut, indexCount in
                    try matches.instances.withUnsafeBufferPointer { instances in
                        var best = TopHits(capacity: depth ?? 0)
                        var threshold = -Double.infinity
                        if let depth, let bound, options.sort == .relevance {
                            threshold = try primedThreshold(instances, rowids: rowids, depth: depth, bound: bound,
                                                            facts: facts, scorer: scorer, sources: allowedSources,
                                                            languages: allowedLanguages, halfLife: halfLife,
                                                            newestDay: newestDay)
                        }
                        // The matches lie all over the archive, so each one's first read of its facts missed the
                        // CPU's caches (a third of a rare word's search): they are asked for `factsLookahead`
                        // matches ahead, for a pass that reads every match's facts, or, in a relevance pass that
                        // stops early, for the matches whose bound still reaches the threshold (which only rises).
                        // Such a pass keeps the bounds it computed ahead, and reads each one when its match comes.
                        var lookahead = ArticleFactsSnapshot.Cursor()
                        let prefetchesEvery = readsEveryFact
                        let prefetchBound = !readsEveryFact && options.sort == .relevance ? bound : nil
                        var aheadBounds = [Double](repeating: 0, count: prefetchBound == nil ? 0 : Self.factsLookahead)
                        for ahead in 0..<min(Self.factsLookahead, rowids.count) {
                            if prefetchesEvery {
                                facts.prefetch(rowids[ahead], cursor: &lookahead)
                            } else if let prefetchBound {
                                aheadBounds[ahead] = prefetchBound.bound(instances, match: ahead)
                                if aheadBounds[ahead] >= threshold { facts.prefetch(rowids[ahead], cursor: &lookahead) }
                            }
                        }
                        for match in 0..<rowids.count {
                            let id = rowids[match]
                            // `ahead` and `match` share a slot of `aheadBounds`: this match's bound is read first.
                            var matchBound: Double?
                            let ahead = match &+ Self.factsLookahead
                            if prefetchesEvery {
                                if ahead < rowids.count { facts.prefetch(rowids[ahead], cursor: &lookahead) }
                            } else if let prefetchBound {
                                let slot = match & (Self.factsLookahead - 1)
                                matchBound = aheadBounds[slot]
                                if ahead < rowids.count {
                                    aheadBounds[slot] = prefetchBound.bound(instances, match: ahead)
                                    if aheadBounds[slot] >= threshold { facts.prefetch(rowids[ahead], cursor: &lookahead) }
                                }
                            }
                            // Both cursors walk forward; FTS5 hands out matches in rowid order.
                            if id < previous { nextClustered = 0 }
                            previous = id
                            // Only the candidates whose text passed the query's exact forms and prefixes.
                            if let verified = query.verifiedIDs, !verified.contains(id) { continue }
                            var entry = -1
                            if readsEveryFact {
                                guard let found = facts.entry(of: id, cursor: &cursor) else { throw MissingFacts() }
                                entry = found
                                let source = facts.source(at: entry)
                                if let allowedSources, !allowedSources.contains(source) { continue }
                                let language = facts.language(at: entry)
                                if let allowedLanguages, !allowedLanguages.contains(language) { continue }
                                if let tally {
                                    tally.add(id: id, source: source)
                                    tally.add(languageID: language)
                                }
                            }
                            let kept = total
                            total += 1
                            while nextClustered < clustered.ids.count && clustered.ids[nextClustered] < id { nextClustered += 1 }
                            if nextClustered < clustered.ids.count && clustered.ids[nextClustered] == id {
                                clusteredMatches += 1
                                clusters.insert(clustered.clusters[nextClustered])
                            }
                            idsOut[kept] = id
                            if keepsIndex { indexOut[kept] = Int32(truncatingIfNeeded: match) }
                            if let bound {
                                // Below the threshold (or not shown, for date sorts): it cannot reach the page.
                                if options.sort != .relevance || (matchBound ?? bound.bound(instances, match: match)) < threshold {
                                    scoresOut[kept] = -.infinity
                                    continue
                                }
                            }
                            if entry < 0 {
                                guard let found = facts.entry(of: id, cursor: &cursor) else { throw MissingFacts() }
                                entry = found
                            }
                            let score = try Self.scoreOfMatch(instances, match: match, id: id, entry: entry, facts: facts,
                                                              scorer: scorer, halfLife: halfLife, newestDay: newestDay,
                                                              database: database)
                            scoresOut[kept] = score
                            scored += 1
                            if depth != nil {
                                best.offer(id: id, score: score)
                                if let worst = best.worstScore { threshold = max(threshold, worst) }
                            }
                        }
                    }
                    indexCount = keepsIndex ? total : 0
                }
                scoresCount = total
            }
            idsCount = total
        }
        pass.ids = ids
        pass.total = total
        pass.scored = scored
        pass.distinct = pass.total - clusteredMatches + clusters.count
        if let depth {
            pass.exactDepth = options.sort == .relevance ? depth : 0
            pass.termination = pass.scored < pass.total ? .earlyTermination : .exhaustive
        }
        if keepsIndex {
            pass.deferred = DeferredScores(matches: matches, matchIndex: matchIndex, facts: facts, scorer: scorer,
                                           halfLife: halfLife, newestDay: newestDay, database: database)
            keepsMatches = true
        }
        if pass.ids.count > 1 && zip(pass.ids, pass.ids.dropFirst()).contains(where: { $0 >= $1 }) {
            // Sorting by date below relies on rowid order; FTS5 gives it, but a pass must not depend on that.
            let order = pass.ids.indices.sorted { pass.ids[$0] < pass.ids[$1] }
            pass.ids = order.map { pass.ids[$0] }
            if ranked { pass.scores = order.map { pass.scores[$0] } }
            if let deferred = pass.deferred { deferred.matchIndex = order.map { deferred.matchIndex[$0] } }
        }
        return pass
    }

    /// How many matches ahead a pass asks for an article's facts: enough for a
    /// load from memory to arrive before the match is reached. A power of two
    /// (the kept bounds are a ring indexed by `match & (factsLookahead - 1)`).
    static let factsLookahead = 16

    /// Runs `gazette_matches` over FTS5's matches of `match` between `low` and `high`.
    func walkFullText(_ match: String, matches: FullTextMatches, walk: FullTextMatches.Walk,
                      low: Int64, high: Int64, plan: inout [String]) throws {
        // One phrase: walk its postings directly (the IDF needs that walk anyway). Several phrases: FTS5's
        // own AND skips through the longer lists, and only the (usually few) matching rows are read.
        // A phrase taken row by row first needs every row of the table (its IDF counts them all);
        // `FullTextMatches` keeps those in the range.
        let rowByRowFirst = walk == .phrasePostings && matches.rowsBeforeWalk > 0
        let sql = "SELECT gazette_matches(fts, ?1) FROM fts WHERE fts MATCH ?2 AND fts.rowid BETWEEN ?3 AND ?4"
            + (walk == .phrasePostings && !rowByRowFirst ? " LIMIT 1" : "")
        let how: String
        switch walk {
        case .phrasePostings where rowByRowFirst:
            how = "the phrase's first \(matches.rowsBeforeWalk) rows from the statement, the rest by its postings (xQueryPhrase)"
        case .phrasePostings: how = "the phrase's postings (xQueryPhrase)"
        default: how = "every matching row"
        }
        plan.append(sql + "  -- one pass: " + how + "; BM25 from article_facts lengths")
        let statement = try database.cached(sql)
        defer { statement.reset() }
        statement.bind(matches: matches, at: 1)
        statement.bind(match, at: 2)
        statement.bind(rowByRowFirst ? Int64.min : low, at: 3)
        statement.bind(rowByRowFirst ? Int64.max : high, at: 4)
        do {
            while try statement.step() {
                if matches.isComplete { break }
            }
            matches.finish()
        } catch {
            if matches.failure != 0 { throw SQLiteError(code: matches.failure, message: "the full-text match pass failed") }
            throw error
        }
    }

    /// The best `options.offset + options.limit` of the pass, best first, in the order `options.sort` asks.
    /// A pass that stopped early scores the rest here when the page needs more than it proved
    /// (copy collapsing widening its window): the proof failed, and the pass falls back to every match.
    func top(of pass: inout MatchPass, options: SearchOptions) throws -> [(id: Int64, score: Double)] {
        let wanted = options.rowsToRank
        let rows: [(id: Int64, score: Double)]
        switch options.sort {
        case .relevance:
            if wanted > pass.exactDepth { try pass.scoreEveryMatch() }
            var top = TopHits(capacity: wanted)
            for index in pass.ids.indices where pass.scores[index] != -.infinity
                && options.after?.admits(id: pass.ids[index], score: pass.scores[index]) ?? true {
                // Unscored matches (-infinity) were proved unable to reach this page.
                top.offer(id: pass.ids[index], score: pass.scores[index])
            }
            rows = top.hits
        case .newest:
            rows = try Searcher.cursorSpan(of: pass.ids, after: options.after).suffix(wanted).reversed()
                .map { (pass.ids[$0], try pass.score(at: $0)) }
        case .oldest:
            rows = try Searcher.cursorSpan(of: pass.ids, after: options.after).prefix(wanted)
                .map { (pass.ids[$0], try pass.score(at: $0)) }
        }
        return Array(rows.dropFirst(max(0, options.offset)))
    }

    /// The page of a pass that scored every match (query expansion, `similar`): nothing is left to score.
    func top(of pass: MatchPass, options: SearchOptions) -> [(id: Int64, score: Double)] {
        var exhaustive = pass
        exhaustive.deferred = nil
        exhaustive.exactDepth = Int.max
        // Without deferred scores nothing is computed, so nothing can throw.
        return (try? top(of: &exhaustive, options: options)) ?? []
    }

    /// Language ids (as `article_facts` holds them) of `codes`, or nil when no language filter applies.
    private func languageIDs(_ codes: [String]) throws -> IDFilter? {
        guard !codes.isEmpty else { return nil }
        var ids: Set<Int> = []
        let select = try database.cached("SELECT id FROM languages WHERE code = ?1")
        for code in codes {
            select.bind(code, at: 1)
            if try select.step(), select.int(0) <= ArticleFacts.maxLanguageID { ids.insert(select.int(0)) }
            select.reset()
        }
        return IDFilter(ids)
    }

    /// Source ids of `hosts`, or nil when no source filter applies.
    private func sourceIDs(_ hosts: [String]) throws -> IDFilter? {
        guard !hosts.isEmpty else { return nil }
        var ids: Set<Int> = []
        let select = try database.cached("SELECT id FROM sources WHERE host = ?1")
        for host in hosts {
            select.bind(host, at: 1)
            if try select.step() { ids.insert(select.int(0)) }
            select.reset()
        }
        return IDFilter(ids)
    }
}

/// An article in the full-text index without an `article_facts` entry: the
/// pass gives up and the SQL path answers. Should it surface anyway (a page
/// scoring a deferred match), it says what is wrong and what to run.
struct MissingFacts: Error, CustomStringConvertible {
    var description: String {
        "an article of the full-text index has no article_facts entry; `gazette verify` reports the inconsistency"
    }
}
