/// Answers a query of frequent words from their document lists (`TermDocs`):
/// the same matches, instance counts and statistics a walk of FTS5's
/// postings gives, decoded from a few blobs instead of handed out one
/// callback per posting, and intersected here for several words.
extension Searcher {
    /// A frequent word of a query, with the articles containing it in the whole archive.
    struct FrequentTerm {
        let term: [UInt8]
        let articles: Int64
    }

    /// The query's words in FTS5's phrase order when the query is one bare
    /// word or an AND of bare words (no column, prefix, phrase or exclusion),
    /// each analysed to exactly one token that has a document list; else nil.
    func frequentTerms(of query: CompiledQuery) throws -> [FrequentTerm]? {
        let words: [String]
        switch query.tree {
        case .term(let text, nil, false)?:
            words = [text]
        case .and(let children)?:
            var texts: [String] = []
            for child in children {
                guard case .term(let text, nil, false) = child else { return nil }
                texts.append(text)
            }
            words = texts
        default:
            return nil
        }
        guard !words.isEmpty, try hasTermDocs() else { return nil }
        let select = try database.cached("SELECT docs FROM frequent_terms WHERE term = ?1")
        // The languages FTS5's query tokenizer stems for (`stemQueries`): a word with several
        // stems becomes an OR in FTS5, which these lists do not answer.
        queryAnalyzer.setLanguages(database.tokenizerContext.queryLanguages)
        var terms: [FrequentTerm] = []
        for word in words {
            let tokens = queryAnalyzer.tokens(of: word, purpose: .query)
            guard tokens.count == 1, let token = tokens.first, !token.colocated else { return nil }
            let term = Array(token.token.utf8)
            defer { select.reset() }
            select.bind(textBytes: term, at: 1)
            guard try select.step() else { return nil }
            terms.append(FrequentTerm(term: term, articles: select.int64(0)))
        }
        return terms
    }

    /// Fills `matches` with the articles in `range` that contain every term.
    func fill(_ matches: FullTextMatches, terms: [FrequentTerm], range: ClosedRange<Int64>) throws {
        let totals = try FullTextTotals.read(database)
        matches.fill(rowCount: totals.rows, totalTokens: totals.tokens, columns: TermDocs.columns,
                     phraseRows: terms.map(\.articles))
        if terms.count == 1 {
            // The word's article count bounds the entries; any past it (there are none while the
            // lists are exact) are appended one by one after the others, in order.
            var beyond = TermDocs.Block()
            try matches.appendMatches(room: Int(min(max(0, terms[0].articles), totals.rows))) { rowids, instances in
                try decode(terms[0].term, in: range, ids: rowids, counts: instances, beyond: &beyond)
            }
            for (index, id) in beyond.ids.enumerated() {
                matches.add(rowid: id)
                for column in 0..<TermDocs.columns { matches.add(instances: beyond.counts[index * TermDocs.columns + column]) }
            }
            matches.read(postings: matches.count)
            return
        }
        var lists: [TermDocs.Block] = []
        var read = 0
        for term in terms {
            let list = try block(of: term.term, in: range, expected: Int(min(max(0, term.articles), totals.rows)))
            read += list.count
            lists.append(list)
        }
        matches.read(postings: read)
        intersect(lists, into: matches)
    }

    /// A word's entries in `range`, decoded into arrays made at `expected` entries
    /// (its article count, which bounds them), and past it should the count fall short.
    private func block(of term: [UInt8], in range: ClosedRange<Int64>, expected: Int) throws -> TermDocs.Block {
        let room = max(0, expected)
        var beyond = TermDocs.Block()
        var counts: [UInt32] = []
        var ids = try [Int64](unsafeUninitializedCapacity: room) { idsOut, idsCount in
            counts = try [UInt32](unsafeUninitializedCapacity: room * TermDocs.columns) { countsOut, countsCount in
                idsCount = try decode(term, in: range, ids: idsOut, counts: countsOut, beyond: &beyond)
                countsCount = idsCount * TermDocs.columns
            }
        }
        ids.append(contentsOf: beyond.ids)
        counts.append(contentsOf: beyond.counts)
        var block = TermDocs.Block()
        block.ids = ids
        block.counts = counts
        return block
    }

    /// Decodes a word's entries in `range` into `ids` and `counts` (title and body
    /// per entry) while they have room, and the rest into `beyond`; how many fit.
    private func decode(_ term: [UInt8], in range: ClosedRange<Int64>, ids: UnsafeMutableBufferPointer<Int64>,
                        counts: UnsafeMutableBufferPointer<UInt32>, beyond: inout TermDocs.Block) throws -> Int {
        let room = min(ids.count, counts.count / TermDocs.columns)
        var written = 0
        try forEachEntry(of: term, in: range) { id, title, body in
            guard written < room else {
                beyond.ids.append(id)
                beyond.counts.append(title)
                beyond.counts.append(body)
                return
            }
            ids[written] = id
            // Title then body: `TermDocs.columns` is 2, as `Block.counts` lays them out.
            counts[written &* TermDocs.columns] = title
            counts[written &* TermDocs.columns &+ 1] = body
            written &+= 1
        }
        return written
    }

    /// Walks the shortest list and gallops through the others.
    private func intersect(_ lists: [TermDocs.Block], into matches: FullTextMatches) {
        guard let driver = lists.indices.min(by: { lists[$0].count < lists[$1].count }) else { return }
        Self.withBuffers(of: lists[...], []) { buffers in
            var positions = Array(repeating: 0, count: buffers.count)
            var found = Array(repeating: 0, count: buffers.count)
            let candidates = buffers[driver].ids
            let perMatch = buffers.count * TermDocs.columns
            matches.appendMatches(room: candidates.count, phrases: buffers.count) { rowids, instances in
                var written = 0
                candidates: for id in candidates {
                    for index in buffers.indices {
                        let ids = buffers[index].ids
                        let low = ids.firstPosition(notBelow: id, from: positions[index])
                        positions[index] = low
                        guard low < ids.count, ids[low] == id else { continue candidates }
                        found[index] = low
                    }
                    rowids[written] = id
                    var slot = written * perMatch
                    for index in buffers.indices {
                        let counts = buffers[index].counts
                        instances[slot] = counts[found[index] * TermDocs.columns]
                        instances[slot + 1] = counts[found[index] * TermDocs.columns + 1]
                        slot += TermDocs.columns
                    }
                    written += 1
                }
                return written
            }
        }
    }

    /// Calls `body` with every list's arrays as buffers, read per candidate without retaining them.
    private static func withBuffers<R>(
        of lists: ArraySlice<TermDocs.Block>,
        _ collected: [(ids: UnsafeBufferPointer<Int64>, counts: UnsafeBufferPointer<UInt32>)],
        _ body: ([(ids: UnsafeBufferPointer<Int64>, counts: UnsafeBufferPointer<UInt32>)]) -> R
    ) -> R {
        guard let first = lists.first else { return body(collected) }
        return first.ids.withUnsafeBufferPointer { ids in
            first.counts.withUnsafeBufferPointer { counts in
                withBuffers(of: lists.dropFirst(), collected + [(ids, counts)], body)
            }
        }
    }

    func forEachEntry(of term: [UInt8], in range: ClosedRange<Int64>,
                              _ body: (Int64, UInt32, UInt32) -> Void) throws {
        // The chunk holding the range's start (the last one starting at or before it), and every later one up to its end.
        let select = try database.cached("""
            SELECT first, data FROM term_docs WHERE term = ?1 AND first <= ?3
            AND first >= ifnull((SELECT max(first) FROM term_docs WHERE term = ?1 AND first <= ?2), ?2) ORDER BY first
            """)
        defer { select.reset() }
        select.bind(textBytes: term, at: 1)
        select.bind(range.lowerBound, at: 2)
        select.bind(range.upperBound, at: 3)
        while try select.step() {
            let first = select.int64(0)
            select.withBlob(1) { bytes in
                var reader = TermDocs.Reader(bytes, first: first)
                while let entry = reader.next(), entry.id <= range.upperBound {
                    if entry.id >= range.lowerBound { body(entry.id, entry.title, entry.body) }
                }
            }
        }
    }

    private func hasTermDocs() throws -> Bool {
        let version = try IndexVersion(database)
        if let termDocsPresence, termDocsPresence.version == version { return termDocsPresence.present }
        let present = try TermDocs.exists(database)
        termDocsPresence = (version, present)
        return present
    }
}
