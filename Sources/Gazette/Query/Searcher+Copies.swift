/// Syndicated copies in search: one hit per copy cluster, cluster counts
/// beside article counts, and distinct facets (see `CopySchema`).
extension Searcher {
    /// `coalesce(cm.cluster, rowid)` is an article's cluster key; counting
    /// `count(*) - count(cm.cluster) + count(DISTINCT cm.cluster)` gives the
    /// number of distinct keys while only the rare clustered rows go through
    /// the DISTINCT b-tree.
    static let distinctCount = "count(*) - count(cm.cluster) + count(DISTINCT cm.cluster)"

    static func joinMembers(_ scope: MatchScope) -> String {
        " LEFT JOIN copy_members cm ON cm.id = \(scope.rowid)"
    }

    /// Matching copy clusters: the matches with copies counted once.
    func countDistinct(_ scope: MatchScope, plan: inout [String]) throws -> Int {
        let sql = "SELECT \(Searcher.distinctCount) FROM \(scope.from)\(Searcher.joinMembers(scope))\(scope.whereClause)"
        plan.append(sql)
        return try index.database.scalarInt(sql, scope.values) ?? 0
    }

    /// The ranked page, with copies collapsed unless `collapseCopies` is off:
    /// each cluster is shown by its best-ranked member. `rankWindow` ranks the
    /// first `limit` matches of its options; a window a few times larger than
    /// the page is ranked, and widened until the page is full or the matches
    /// run out.
    func collapsed(_ options: SearchOptions,
                   _ rankWindow: (SearchOptions) throws -> [(id: Int64, score: Double)]) throws -> [(id: Int64, score: Double)] {
        guard options.collapseCopies else { return try rankWindow(options) }
        if let after = options.after { return try collapsed(after: after, options, rankWindow) }
        let wanted = options.rowsToRank
        var window = firstRankWindow(options) ?? Int.max
        let lookup = try index.database.cached("SELECT cluster FROM copy_members WHERE id = ?1")
        while true {
            var windowOptions = options
            windowOptions.offset = 0
            windowOptions.limit = window
            let rows = try rankWindow(windowOptions)
            var seen: Set<Int64> = []
            var kept: [(id: Int64, score: Double)] = []
            for row in rows {
                if kept.count >= wanted { break }
                lookup.bind(row.id, at: 1)
                let key = try lookup.step() && !lookup.isNull(0) ? lookup.int64(0) : row.id
                lookup.reset()
                if seen.insert(key).inserted { kept.append(row) }
            }
            if kept.count >= wanted || rows.count < window {
                return Array(kept.dropFirst(max(0, options.offset)))
            }
            window = window.multipliedReportingOverflow(by: 4).overflow ? Int.max : window * 4
        }
    }

    /// The hits the first ranking window asks for: the page, or four times
    /// it (at least 32) when copies collapse, so that a few collapsed copies
    /// need no second window. Saturating: a window of Int.max ranks every
    /// match. Nil for a cursor page, whose windows start after the cursor.
    func firstRankWindow(_ options: SearchOptions) -> Int? {
        guard options.after == nil else { return nil }
        let wanted = options.rowsToRank
        guard options.collapseCopies else { return wanted }
        return max(32, wanted.multipliedReportingOverflow(by: 4).overflow ? Int.max : wanted * 4)
    }

    /// Fills in each hit's cluster, its copies, their sources and the wire credit.
    func withCopies(_ hits: [SearchHit]) throws -> [SearchHit] {
        let member = try index.database.cached("SELECT cluster, wire FROM copy_members WHERE id = ?1")
        let others = try index.database.cached("""
            SELECT count(*), count(DISTINCT a.source_id) FROM copy_members c JOIN article_sources a ON a.id = c.id
            WHERE c.cluster = ?1 AND c.id != ?2
            """)
        return try hits.map { hit in
            var hit = hit
            hit.cluster = hit.id
            member.bind(hit.id, at: 1)
            if try member.step() {
                if !member.isNull(0) { hit.cluster = member.int64(0) }
                hit.wire = member.optionalString(1)
            }
            member.reset()
            if hit.cluster != hit.id || hit.wire != nil {
                others.bind(hit.cluster, at: 1)
                others.bind(hit.id, at: 2)
                if try others.step() {
                    hit.copies = others.int(0)
                    hit.copySources = others.int(1)
                }
                others.reset()
            }
            return hit
        }
    }

    /// Facets that count copy clusters: a source counts each story it ran
    /// once; the date histogram counts each cluster once, on the day of its
    /// earliest matching article, so the buckets add up to `totalDistinct`.
    func distinctFacets(_ query: CompiledQuery, options: SearchOptions, plan: inout [String]) throws -> Facets {
        let scope = MatchScope(query: query, joinArticles: true)
        let sourcesSQL = """
            SELECT s.host, \(Searcher.distinctCount) AS n FROM \(scope.from) JOIN sources s ON s.id = a.source_id\
            \(Searcher.joinMembers(scope))\(scope.whereClause)
            GROUP BY a.source_id ORDER BY n DESC, s.host LIMIT ?
            """
        plan.append(sourcesSQL)
        let statement = try index.database.cached(sourcesSQL)
        defer { statement.reset() }
        statement.bind(scope.values + [.integer(max(0, options.facetLimit))])
        var sources: [FacetCount] = []
        while try statement.step() {
            sources.append(FacetCount(value: statement.string(0), count: statement.int(1)))
        }
        let perDay = try perDayDistinct(query, plan: &plan)
        let granularity = options.granularity
            ?? perDay.first.flatMap { first in perDay.last.map { DateGranularity.suited(first: first.0, last: $0.0) } }
            ?? .month
        var facets = Facets(sources: sources, granularity: granularity,
                            dates: Histogram.buckets(perDay, granularity: granularity))
        facets.languages = try languageFacet(query, distinct: true, plan: &plan)
        return facets
    }

    /// Matching clusters per day, each on the day of its earliest matching article.
    func perDayDistinct(_ query: CompiledQuery, plan: inout [String]) throws -> [(Day, Int)] {
        let scope = MatchScope(query: query, joinArticles: false)
        let sql = """
            SELECT k, count(*) FROM (SELECT \(ArticleID.daySQL(of: "min(\(scope.rowid))")) AS k FROM \(scope.from)\
            \(Searcher.joinMembers(scope))\(scope.whereClause) GROUP BY coalesce(cm.cluster, \(scope.rowid)))
            GROUP BY k ORDER BY k
            """
        plan.append(sql)
        return try dayCounts(sql, scope.values)
    }
}
