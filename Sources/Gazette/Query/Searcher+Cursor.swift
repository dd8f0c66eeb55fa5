/// Cursor pagination (`SearchCursor`): which hits come after a cursor, the
/// cursor of the page just found, and scoring with pinned statistics.
///
/// The match pass and the SQL paths stay as they are; they only ask
/// `SearchCursor.admits` (or `cursorSpan`) which hits may be kept, where
/// they would otherwise skip `offset` of them.
extension Searcher {
    /// The key a cursor of `query` under `options` compares.
    static func cursorOrder(_ query: CompiledQuery, sort: SortOrder) -> SearchCursor.Order {
        switch sort {
        case .relevance: return query.match == nil ? .idDescending : .score
        case .newest: return .idDescending
        case .oldest: return .idAscending
        }
    }

    /// Everything that decides the order of the hits, hashed: a cursor only
    /// continues the search it came from. The limit, facets and snippets may change between pages.
    static func cursorFingerprint(_ query: CompiledQuery, options: SearchOptions) -> UInt64 {
        var fingerprint = OrderFingerprint()
        fingerprint.add(query.match ?? "")
        fingerprint.add(query.filters.firstDay?.description ?? "")
        fingerprint.add(query.filters.lastDay?.description ?? "")
        fingerprint.add(query.filters.sources.sorted().joined(separator: " "))
        fingerprint.add(query.filters.languages.sorted().joined(separator: " "))
        fingerprint.add(options.sort.rawValue)
        fingerprint.add(options.sort == .relevance ? (options.recencyHalfLife ?? 0).bitPattern : 0)
        fingerprint.add(options.titleWeight.bitPattern)
        fingerprint.add(options.bodyWeight.bitPattern)
        fingerprint.add(options.collapseCopies ? "one hit per story" : "every copy")
        return fingerprint.value
    }

    /// `options.after`, checked against the search it is meant to continue.
    func checkedCursor(_ query: CompiledQuery, options: SearchOptions) throws(GazetteError) -> SearchCursor? {
        guard let after = options.after else { return nil }
        guard options.offset == 0 else {
            throw GazetteError.cursor("give either an offset or a cursor, not both: a cursor already says where the page starts")
        }
        guard after.order == Searcher.cursorOrder(query, sort: options.sort),
              after.fingerprint == Searcher.cursorFingerprint(query, options: options) else {
            throw GazetteError.cursor("""
                the cursor belongs to another search: continue with the same query, filters, sort, recency and \
                copies setting as the page that printed it
                """)
        }
        return after
    }

    /// The cursor after the last hit of a page, or nil when the page is the last one.
    func nextCursor(_ query: CompiledQuery, options: SearchOptions, ranked: [(id: Int64, score: Double)],
                    available: Int, statistics: CollectionStatistics?) -> String? {
        guard let last = ranked.last, options.limit > 0, ranked.count >= options.limit else { return nil }
        let (rank, overflow) = (options.after?.rank ?? max(0, options.offset)).addingReportingOverflow(ranked.count)
        // The rank is only a count of hits shown; the cursor's key decides where the next page starts.
        guard overflow || rank < available else { return nil }
        let order = Searcher.cursorOrder(query, sort: options.sort)
        return SearchCursor(order: order, fingerprint: Searcher.cursorFingerprint(query, options: options),
                            id: last.id, score: last.score, rank: overflow ? Int.max : rank,
                            statistics: order == .score ? statistics : nil).encoded
    }

    /// The page after `cursor` with copies collapsed. A story already shown by
    /// its best-ranked member must not come back through another member, so
    /// the order is ranked from the top, collapsed as on the first page, and
    /// the stories up to the cursor are passed over: a deep page costs what a
    /// deep `--offset` costs, but its start is a key, not a count.
    func collapsed(after cursor: SearchCursor, _ options: SearchOptions,
                   _ rankWindow: (SearchOptions) throws -> [(id: Int64, score: Double)]) throws -> [(id: Int64, score: Double)] {
        let wanted = max(0, options.limit)
        guard wanted > 0 else { return [] }
        var window = max(32, wanted.multipliedReportingOverflow(by: 4).overflow ? Int.max : wanted * 4)
        let lookup = try index.database.cached("SELECT cluster FROM copy_members WHERE id = ?1")
        while true {
            var windowOptions = options
            windowOptions.offset = 0
            windowOptions.limit = window
            windowOptions.after = nil
            let rows = try rankWindow(windowOptions)
            var seen: Set<Int64> = []
            var kept: [(id: Int64, score: Double)] = []
            for row in rows {
                if kept.count >= wanted { break }
                lookup.bind(row.id, at: 1)
                let key = try lookup.step() && !lookup.isNull(0) ? lookup.int64(0) : row.id
                lookup.reset()
                if seen.insert(key).inserted && cursor.admits(id: row.id, score: row.score) { kept.append(row) }
            }
            if kept.count >= wanted || rows.count < window { return kept }
            window = window.multipliedReportingOverflow(by: 4).overflow ? Int.max : window * 4
        }
    }

    /// The indices of a pass's ids (ascending) that come after a date-order cursor; all of them otherwise.
    static func cursorSpan(of ids: [Int64], after cursor: SearchCursor?) -> Range<Int> {
        guard let cursor, cursor.order != .score else { return ids.indices }
        // First index whose id is above the cursor's (ascending) or at it (descending).
        let bound = cursor.order == .idAscending ? cursor.id : cursor.id - 1
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] <= bound { low = middle + 1 } else { high = middle }
        }
        return cursor.order == .idAscending ? low..<ids.count : 0..<low
    }
}

extension BM25 {
    /// BM25 over the statistics a cursor pinned instead of the collection's
    /// current ones, so that a later page scores every article as the first did.
    init(_ matches: FullTextMatches, weights: [Double], phraseWeights: [Double]?, k1: Double, b: Double,
         pinned: CollectionStatistics?) throws(GazetteError) {
        guard let pinned else {
            self.init(matches, weights: weights, phraseWeights: phraseWeights, k1: k1, b: b)
            return
        }
        guard pinned.phraseRows.count == matches.phraseCount, pinned.rowCount > 0 else {
            throw GazetteError.cursor("the cursor's statistics do not fit this query: search again from the first page")
        }
        self.init(rowCount: pinned.rowCount, totalTokens: pinned.totalTokens, phraseRows: pinned.phraseRows,
                  columns: matches.columnCount, weights: weights, phraseWeights: phraseWeights, k1: k1, b: b)
    }
}

extension CollectionStatistics {
    /// The statistics a match pass read, with the newest day the recency boost counted from.
    init(_ matches: FullTextMatches, newestDay: Int64) {
        self.init(rowCount: matches.rowCount, totalTokens: matches.totalTokens, phraseRows: matches.phraseRows,
                  newestDay: newestDay)
    }
}
