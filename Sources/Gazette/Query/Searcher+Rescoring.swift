/// The second pass of an expansion that only re-ranks (no `--any`), without
/// asking FTS5 again.
///
/// The expanded query `typed AND (added… OR anchor)` matches exactly the
/// first pass's articles, so a second FTS5 pass would only re-read what the
/// first one read, and evaluate the OR of the added terms on every match
/// (most of an expanded search's time, in `perf`). Instead, the first pass
/// keeps its matches' instances (`matchPass(keepMatches:)`), each added term's
/// postings are walked once (its `term_docs` list when it is frequent, else
/// FTS5's `xQueryPhrase`), and the matches are scored by the same `BM25` over
/// the same counts the per-row pass would have read: the same doubles.
///
/// With a page depth, the rescoring stops early as the plain ranking pass
/// does (`ScoreBound`): every match gets a bound, its expanded score at the
/// shortest article's length summed in the same order, and only the matches
/// whose bound reaches the depth-th best score are scored exactly.
extension Searcher {
    /// Scores `first`'s matches for `expansion.expanded`, laid out as `layout`:
    /// all of them, or with `depth` (the most hits a page will rank) only those
    /// that can reach the best `depth`, the rest left at -infinity and scored on
    /// demand. Nil when the first pass kept no matches to score from.
    func rescoredPass(_ first: MatchPass, expansion: ExpandedQuery, layout: [ExpandedPhrase], options: SearchOptions,
                      k1: Double, b: Double, depth: Int?, plan: inout [String]) throws -> MatchPass? {
        guard let statistics = first.statistics, let kept = first.deferred, !first.ids.isEmpty,
              kept.matchIndex.count == first.ids.count, kept.matches.columnCount > 0 else { return nil }
        let columns = kept.matches.columnCount
        let typed = kept.matches.phraseCount
        guard typed == first.phraseRows.count, layout.count == expansion.phraseWeights.count,
              layout.allSatisfy({ source in
                  switch source {
                  case .typed(let index): return index < typed
                  case .added(let index): return index < expansion.added.count
                  }
              }) else { return nil }
        let filters = expansion.original.filters
        let low = filters.firstDay.map { ArticleID.first(of: $0) } ?? 0
        let high = filters.lastDay.map { ArticleID.last(of: $0) } ?? Int64.max
        var lists: [PhraseList] = []
        var rows: [Int64] = []
        var postingsRead = first.postingsRead
        var walked: [String] = []
        for term in expansion.added {
            guard let found = try postings(of: term.term, low: low, high: high, columns: columns, options: options) else {
                return nil
            }
            lists.append(found.list)
            // A term with no posting in the range scores 0 everywhere, whatever its IDF.
            rows.append(found.rows ?? Int64(term.articles ?? 0))
            postingsRead += found.read
            walked.append(found.walk == .termDocs ? "term_docs" : "xQueryPhrase")
        }
        plan.append("-- expansion re-ranks the first pass's \(first.ids.count) matches: the added terms' postings ("
                    + walked.joined(separator: ", ") + "), no second FTS5 pass")

        let phraseRows = layout.map { source -> Int64 in
            switch source {
            case .typed(let index): return first.phraseRows[index]
            case .added(let index): return rows[index]
            }
        }
        let scorer = BM25(rowCount: statistics.rowCount, totalTokens: statistics.totalTokens, phraseRows: phraseRows,
                          columns: columns, weights: [options.titleWeight, options.bodyWeight],
                          phraseWeights: expansion.phraseWeights, k1: k1, b: b)
        // A phrase a row does not hold adds exactly +0 there only when the length factor is positive.
        // It is at every length when it is at the shortest and grows with the length (k1 > 0, b ≥ 0).
        let facts = kept.facts
        let shortest = scorer.lengthFactor(facts.shortestLength)
        guard scorer.k1 > 0, scorer.b >= 0, shortest > 0 else { return nil }
        let expanded = ExpandedScorer(scorer: scorer, layout: layout, lists: lists, typed: typed,
                                      matches: kept.matches, matchIndex: kept.matchIndex, facts: facts, database: database)
        var pass = first
        pass.postingsRead = postingsRead
        pass.deferred = expanded
        pass.scored = first.ids.count
        pass.termination = .exhaustive
        pass.exactDepth = Int.max
        // The bound needs every weight non-negative: a larger frequency or a shorter article then never lowers a term.
        let bounded = depth.map { $0 < first.ids.count } == true && options.earlyTermination
            && scorer.weights.allSatisfy { $0 >= 0 } && expansion.phraseWeights.allSatisfy { $0 >= 0 }
        guard bounded, let depth else {
            var lengthFactors: [Double] = []
            lengthFactors.reserveCapacity(first.ids.count)
            var cursor = ArticleFactsSnapshot.Cursor()
            for id in first.ids {
                guard let entry = facts.entry(of: id, cursor: &cursor) else { throw MissingFacts() }
                lengthFactors.append(scorer.lengthFactor(try Self.length(ofMatch: id, entry: entry, facts: facts,
                                                                          database: database)))
            }
            pass.scores = expanded.phraseByPhrase(ids: first.ids) { lengthFactors[$0] }
            return pass
        }
        // Each match's bound is its score at the shortest length, with the same operations in the same order.
        let bounds = expanded.phraseByPhrase(ids: first.ids) { _ in shortest }
        var candidates = HighestBounds(capacity: min(bounds.count, 2 * depth))
        for match in bounds.indices { candidates.offer(bounds[match], match: match) }
        var primed = TopHits(capacity: depth)
        for match in candidates.matches {
            primed.offer(id: first.ids[match], score: try expanded.score(kept: match, id: first.ids[match]))
        }
        var threshold = primed.worstScore ?? -.infinity
        var best = TopHits(capacity: depth)
        var scores = [Double](repeating: -.infinity, count: bounds.count)
        var scored = 0
        for match in bounds.indices where bounds[match] >= threshold {
            let score = try expanded.score(kept: match, id: first.ids[match])
            scores[match] = score
            scored += 1
            best.offer(id: first.ids[match], score: score)
            if let worst = best.worstScore { threshold = max(threshold, worst) }
        }
        pass.scores = scores
        pass.scored = scored
        pass.exactDepth = depth
        pass.termination = scored < bounds.count ? .earlyTermination : .exhaustive
        plan.append("-- expansion's ranking stopped early: \(scored) of \(bounds.count) matches scored for the best \(depth)")
        return pass
    }

    /// One added term's articles between `low` and `high` with its instances per
    /// column, and how many articles of the whole index hold it (nil when none in
    /// the range did). Nil when the walk's columns are not `columns`.
    private func postings(of word: String, low: Int64, high: Int64, columns: Int,
                          options: SearchOptions) throws -> (list: PhraseList, rows: Int64?, read: Int, walk: FullTextMatches.Walk)? {
        let query = QueryCompiler.compile(tree: .term(word, field: nil, prefix: false), text: word)
        guard let match = query.match else { return (PhraseList(), nil, 0, .phrasePostings) }
        if options.evaluation == .automatic, columns == TermDocs.columns,
           let frequent = try frequentTerms(of: query), frequent.count == 1 {
            // Decoded straight into the list: the same ids and counts `fill` would hand over.
            var list = PhraseList()
            try forEachEntry(of: frequent[0].term, in: low...high) { id, title, body in
                list.rowids.append(id)
                list.counts.append(title)
                list.counts.append(body)
            }
            return (list, frequent[0].articles, list.rowids.count, .termDocs)
        }
        let walk = FullTextMatches.Walk.phrasePostings
        let matches = FullTextMatches(walk: walk, rowidRange: low...high)
        var ignored: [String] = []
        try walkFullText(match, matches: matches, walk: walk, low: low, high: high, plan: &ignored)
        guard matches.phraseCount == 1 else { return (PhraseList(), nil, matches.postingsRead, walk) }
        guard matches.columnCount == columns else { return nil }
        var list = PhraseList(rowids: matches.rowids, counts: matches.instances)
        if zip(list.rowids, list.rowids.dropFirst()).contains(where: { $0 >= $1 }) {
            // The merge walks ids upward; both walks give them so, but the merge must not depend on it.
            let order = list.rowids.indices.sorted { list.rowids[$0] < list.rowids[$1] }
            list = PhraseList(rowids: order.map { list.rowids[$0] },
                              counts: order.flatMap { list.counts[$0 * columns ..< ($0 + 1) * columns] })
        }
        return (list, matches.phraseRows[0], matches.postingsRead, walk)
    }

    /// Calls `body` with the positions in `a` and in `b` of every id both hold
    /// (both ascending): walks the shorter and gallops through the longer.
    static func forEachCommon(_ a: [Int64], _ b: [Int64], _ body: (Int, Int) -> Void) {
        let swapped = a.count > b.count
        let short = swapped ? b : a, long = swapped ? a : b
        var low = 0
        for (position, id) in short.enumerated() {
            low = long.firstPosition(notBelow: id, from: low)
            guard low < long.count else { return }
            if long[low] == id {
                if swapped { body(low, position) } else { body(position, low) }
            }
        }
    }
}

/// Expanded BM25 over a first pass's kept matches and the added terms' postings:
/// one match's score on demand (and so the matches a bounded rescoring left unscored),
/// or every match's, phrase by phrase.
final class ExpandedScorer: DeferredScores {
    let expanded: BM25
    let layout: [ExpandedPhrase]
    let lists: [PhraseList]
    let typed: Int

    init(scorer: BM25, layout: [ExpandedPhrase], lists: [PhraseList], typed: Int, matches: FullTextMatches,
         matchIndex: [Int32], facts: ArticleFactsSnapshot, database: Database) {
        expanded = scorer
        self.layout = layout
        self.lists = lists
        self.typed = typed
        super.init(matches: matches, matchIndex: matchIndex, facts: facts, scorer: scorer, halfLife: nil,
                   newestDay: 0, database: database)
    }

    /// Kept match `kept`'s expanded score: its phrases in layout order, each added
    /// term's counts found in its list, the sum skipping the phrases it lacks (exact zeros).
    override func score(kept: Int, id: Int64) throws -> Double {
        var cursor = ArticleFactsSnapshot.Cursor()
        guard let entry = facts.entry(of: id, cursor: &cursor) else { throw MissingFacts() }
        let lengthFactor = expanded.lengthFactor(try Searcher.length(ofMatch: id, entry: entry, facts: facts,
                                                                      database: database))
        let columns = expanded.columns
        let row = Int(matchIndex[kept])
        var score = 0.0
        matches.instances.withUnsafeBufferPointer { instances in
            for (phrase, source) in layout.enumerated() {
                let frequency: Double
                switch source {
                case .typed(let index):
                    frequency = expanded.frequency(instances, at: (row * typed + index) * columns)
                case .added(let index):
                    let list = lists[index]
                    guard let position = Self.position(of: id, in: list.rowids) else { continue }
                    frequency = list.counts.withUnsafeBufferPointer { expanded.frequency($0, at: position * columns) }
                }
                guard frequency != 0 else { continue }
                score += expanded.contribution(of: phrase, frequency: frequency, lengthFactor: lengthFactor)
            }
        }
        return score
    }

    /// Every kept match's sum, phrase by phrase in layout order over all matches
    /// (so each row's sum is added in `score(kept:id:)`'s order), at the length
    /// factor `lengthFactor` gives for a kept match. Each added term visits only
    /// the matches it holds.
    func phraseByPhrase(ids: [Int64], lengthFactor: (Int) -> Double) -> [Double] {
        var sums = [Double](repeating: 0, count: ids.count)
        let columns = expanded.columns
        for (phrase, source) in layout.enumerated() {
            switch source {
            case .typed(let index):
                matches.instances.withUnsafeBufferPointer { instances in
                    for match in ids.indices {
                        let frequency = expanded.frequency(instances, at: (Int(matchIndex[match]) * typed + index) * columns)
                        guard frequency != 0 else { continue }
                        sums[match] += expanded.contribution(of: phrase, frequency: frequency,
                                                             lengthFactor: lengthFactor(match))
                    }
                }
            case .added(let index):
                let list = lists[index]
                list.counts.withUnsafeBufferPointer { counts in
                    Searcher.forEachCommon(ids, list.rowids) { match, entry in
                        let frequency = expanded.frequency(counts, at: entry * columns)
                        guard frequency != 0 else { return }
                        sums[match] += expanded.contribution(of: phrase, frequency: frequency,
                                                             lengthFactor: lengthFactor(match))
                    }
                }
            }
        }
        return sums
    }

    /// Where `id` is in the ascending `rowids`, if there.
    static func position(of id: Int64, in rowids: [Int64]) -> Int? {
        var low = 0, high = rowids.count
        while low < high {
            let middle = (low + high) / 2
            if rowids[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < rowids.count && rowids[low] == id ? low : nil
    }
}

