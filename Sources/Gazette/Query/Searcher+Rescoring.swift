/// The second pass of an expansion that only re-ranks (no `--any`), without
/// asking FTS5 again.
///
/// The expanded query `typed AND (added… OR anchor)` matches exactly the
/// first pass's articles, so a second FTS5 pass would only re-read what the
/// first one read, and evaluate the OR of the added terms on every match
/// (most of an expanded search's time, in `perf`). Instead, the first pass
/// keeps each match's instances and length, each added term's postings are
/// walked once (its `term_docs` list when it is frequent, else FTS5's
/// `xQueryPhrase`), and the matches are scored by the same `BM25` over the
/// same counts the per-row pass would have read: the same doubles.
extension Searcher {
    /// Scores `first`'s matches for `expansion.expanded`, laid out as `layout`;
    /// nil when the first pass kept no counts to score from.
    func rescoredPass(_ first: MatchPass, expansion: ExpandedQuery, layout: [ExpandedPhrase], options: SearchOptions,
                      k1: Double, b: Double, plan: inout [String]) throws -> MatchPass? {
        guard let statistics = first.statistics, !first.ids.isEmpty, first.columns > 0,
              layout.count == expansion.phraseWeights.count else { return nil }
        let columns = first.columns
        let typed = first.phraseRows.count
        guard first.lengths.count == first.ids.count, first.instances.count == first.ids.count * typed * columns,
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
        // Phrase by phrase in the layout's order, each over every match: a row's score is then summed in
        // the order `BM25.score` sums it. A phrase a row does not hold adds exactly +0 there (its frequency
        // is 0 and the length factor positive), so only the rows an added term holds are visited for it.
        let ids = first.ids, kept = first.instances
        let lengthFactors = first.lengths.map { scorer.lengthFactor($0) }
        guard lengthFactors.allSatisfy({ $0 > 0 }) else { return nil }
        var scores = [Double](repeating: 0, count: ids.count)
        for (phrase, source) in layout.enumerated() {
            switch source {
            case .typed(let index):
                kept.withUnsafeBufferPointer { kept in
                    for match in ids.indices {
                        let frequency = scorer.frequency(kept, at: (match * typed + index) * columns)
                        guard frequency != 0 else { continue }
                        scores[match] += scorer.contribution(of: phrase, frequency: frequency,
                                                             lengthFactor: lengthFactors[match])
                    }
                }
            case .added(let index):
                let list = lists[index]
                list.counts.withUnsafeBufferPointer { counts in
                    Self.forEachCommon(ids, list.rowids) { match, entry in
                        let frequency = scorer.frequency(counts, at: entry * columns)
                        guard frequency != 0 else { return }
                        scores[match] += scorer.contribution(of: phrase, frequency: frequency,
                                                             lengthFactor: lengthFactors[match])
                    }
                }
            }
        }
        var pass = first
        pass.scores = scores
        pass.postingsRead = postingsRead
        pass.instances = []
        pass.lengths = []
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
            var step = 1
            while low + step < long.count && long[low + step] < id { low += step; step <<= 1 }
            var high = min(long.count, low + step + 1)
            while low < high {
                let middle = (low + high) / 2
                if long[middle] < id { low = middle + 1 } else { high = middle }
            }
            guard low < long.count else { return }
            if long[low] == id {
                if swapped { body(low, position) } else { body(position, low) }
            }
        }
    }
}
