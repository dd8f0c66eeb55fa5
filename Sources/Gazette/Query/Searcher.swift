/// Runs compiled queries against an index: ranking, sorting, paging,
/// snippets and facets.
public final class Searcher {
    let index: GazetteIndex
    var database: Database { index.database }
    let snippets = SnippetBuilder()
    /// Clustered articles and their cluster, reloaded when the index changes.
    private var clusters: (version: Int, clusterOf: [Int64: Int64])?
    /// Article lengths and sources, reloaded when the index changes.
    private var facts: (version: IndexVersion, snapshot: ArticleFactsSnapshot?)?
    /// The last match pass's arrays, kept for the next one.
    var recycledMatches: MatchStorage?
    /// How many rows of a quoted phrase come from the statement before its postings
    /// are walked (`FullTextMatches.rowsBeforeWalk`); tests set it to force either way.
    var phraseRowsBeforeWalk = 64
    /// Analyses query words the way FTS5's query tokenizer does, to find frequent terms.
    lazy var queryAnalyzer = Analyzer()
    /// Whether this index keeps frequent terms' document lists, per index version.
    var termDocsPresence: (version: IndexVersion, present: Bool)?
    private var clusterCache: (version: IndexVersion, ids: [Int64], clusters: [Int64])?
    /// Article counts per stem (query expansion, `similar`), forgotten when the index changes.
    private var termCounts: (version: IndexVersion, languages: [String], statistics: TermStatistics)?

    public init(index: GazetteIndex) {
        self.index = index
    }

    /// Compiles and runs `text`.
    public func search(_ text: String, options: SearchOptions = SearchOptions()) throws(GazetteError) -> SearchResult {
        let compiled: CompiledQuery
        do {
            compiled = try QueryCompiler.compile(text, options: options.compile)
        } catch {
            throw GazetteError.query(error, query: text)
        }
        return try search(compiled, options: options)
    }

    /// Runs an already compiled query.
    public func search(_ query: CompiledQuery, options: SearchOptions) throws(GazetteError) -> SearchResult {
        let typed = query
        // One snapshot for the count, the ranking, the hits and the facets: an
        // index run committing meanwhile must not make them disagree.
        let cursor = try checkedCursor(query, options: options)
        return try index.wrap { try database.readSnapshot {
            let stemChoice = try index.stemQueryChoice(for: typed.filters.languages)
            var plan: [String] = []
            let query = try withSurfaceChecks(typed, plan: &plan)
            let scope = MatchScope(query: query, joinArticles: false)
            let total: Int
            let ranked: [(id: Int64, score: Double)]
            var distinct: Int?
            // Plain facets of a relevance search come from the ranking pass itself.
            let tally = options.facets && !options.distinct ? FacetTally() : nil
            var tallied = false
            var pass: MatchPass?
            if scope.hasMatch && options.evaluation != .fts5 {
                do {
                    pass = try matchPass(query, options: options, tally: tally, rankDepth: firstRankWindow(options),
                                         plan: &plan)
                } catch is MissingFacts {
                    plan.append("-- an article has no article_facts entry: FTS5's bm25() ranks instead")
                }
            }
            defer { recycle(pass) }
            if var found = pass {
                total = found.total
                distinct = found.distinct
                tallied = tally != nil
                ranked = try collapsed(options) { window in try top(of: &found, options: window) }
                pass = found
            } else if scope.hasMatch && options.sort == .relevance {
                // Every match is scored anyway, so counting them (and their stories)
                // in the same pass saves two more.
                let clusterOf = try clusterMap()
                var counted = 0
                ranked = try collapsed(options) { window in
                    let pass = tally == nil ? scope : MatchScope(query: query, joinArticles: true)
                    let (rows, all, stories) = try rankAndCount(scope: pass, options: window, clusterOf: clusterOf,
                                                                tally: tally, plan: &plan)
                    tallied = tally != nil
                    counted = all
                    distinct = stories
                    return rows
                }
                total = counted
            } else {
                total = try count(scope, plan: &plan)
                ranked = try collapsed(options) { window in try rank(query, scope: scope, options: window, plan: &plan) }
            }
            let terms = snippets.terms(of: query.tree)
            var hits: [SearchHit] = []
            hits.reserveCapacity(ranked.count)
            for (position, entry) in ranked.enumerated() {
                if let hit = try hit(id: entry.id, score: entry.score, rank: (cursor?.rank ?? options.offset) + position + 1,
                                     terms: terms, options: options) {
                    hits.append(hit)
                }
            }
            hits = try withCopies(hits)
            let facets: Facets?
            if !options.facets {
                facets = nil
            } else if options.distinct {
                facets = try distinctFacets(query, options: options, plan: &plan)
            } else if let tally, tallied {
                facets = try self.facets(from: tally, options: options)
            } else {
                facets = try self.facets(query, options: options, plan: &plan)
            }
            var result = SearchResult(query: query, sort: options.sort, total: total, hits: hits, facets: facets, plan: plan)
            result.stemLanguages = stemChoice.stemmed
                result.rareLanguages = stemChoice.rare
            if let pass {
                switch pass.walk {
                case .phrasePostings: result.path = .phrasePostings
                case .termDocs: result.path = .termDocs
                case .perRow: result.path = .matchRows
                }
                result.postingsRead = pass.postingsRead
                result.termination = pass.termination
                result.scored = pass.scored
            } else if scope.hasMatch {
                result.path = .fts5BM25
                result.postingsRead = total
                result.scored = total
            }
            result.totalDistinct = try distinct ?? countDistinct(scope, plan: &result.plan)
            result.next = nextCursor(query, options: options, ranked: ranked,
                                     available: options.collapseCopies ? result.totalDistinct : total,
                                     statistics: pass?.statistics)
            return result
        } }
    }

    /// Article id -> cluster id for every clustered article: a small table
    /// (copies are a few percent of an archive), read once and kept until
    /// another connection commits (`PRAGMA data_version` changes).
    func clusterMap() throws -> [Int64: Int64] {
        let version = try database.scalarInt("PRAGMA data_version") ?? 0
        if let clusters, clusters.version == version { return clusters.clusterOf }
        var map: [Int64: Int64] = [:]
        let select = try database.cached("SELECT id, cluster FROM copy_members WHERE cluster IS NOT NULL")
        defer { select.reset() }
        while try select.step() { map[select.int64(0)] = select.int64(1) }
        clusters = (version, map)
        return map
    }

    /// `article_facts` as this read snapshot sees it, or nil for an index without it.
    func factsSnapshot() throws -> ArticleFactsSnapshot? {
        let version = try IndexVersion(database)
        if let facts, facts.version == version { return facts.snapshot }
        let snapshot = try ArticleFacts.exists(database) ? ArticleFactsSnapshot(database) : nil
        facts = (version, snapshot)
        return snapshot
    }

    /// Archive-wide article counts per stem, kept until the index changes.
    /// `languages` is the query's language filter: it decides which stems a
    /// counted word matches (`GazetteIndex.stemQueries`), so counts are kept per filter.
    func termStatistics(languages: [String] = []) throws -> TermStatistics {
        let version = try IndexVersion(database)
        if let termCounts, termCounts.version == version, termCounts.languages == languages { return termCounts.statistics }
        let statistics = TermStatistics(database: database)
        termCounts = (version, languages, statistics)
        return statistics
    }

    /// Clustered articles in id order with their clusters, reloaded when the index changes.
    func clusterList() throws -> (ids: [Int64], clusters: [Int64]) {
        let version = try IndexVersion(database)
        if let clusterCache, clusterCache.version == version { return (clusterCache.ids, clusterCache.clusters) }
        var ids: [Int64] = []
        var clusters: [Int64] = []
        let select = try database.cached("SELECT id, cluster FROM copy_members WHERE cluster IS NOT NULL ORDER BY id")
        defer { select.reset() }
        while try select.step() {
            ids.append(select.int64(0))
            clusters.append(select.int64(1))
        }
        clusterCache = (version, ids, clusters)
        return (ids, clusters)
    }

    /// The number of articles matching `query`.
    public func count(_ query: CompiledQuery) throws(GazetteError) -> Int {
        try index.wrap { try database.readSnapshot {
            var plan: [String] = []
            let checked = try withSurfaceChecks(query, plan: &plan)
            return try count(MatchScope(query: checked, joinArticles: false), plan: &plan)
        } }
    }

    private func count(_ scope: MatchScope, plan: inout [String]) throws -> Int {
        let sql = "SELECT count(*) FROM \(scope.from)\(scope.whereClause)"
        plan.append(sql)
        return try database.scalarInt(sql, scope.values) ?? 0
    }

    func rank(_ query: CompiledQuery, scope: MatchScope, options: SearchOptions,
                      plan: inout [String]) throws -> [(id: Int64, score: Double)] {
        var values = scope.values
        let rowid = scope.rowid
        var scoreExpression = "0.0"
        if scope.hasMatch {
            let score = try relevanceScoreSQL(options, recency: options.sort == .relevance)
            scoreExpression = score.sql
            values.insert(contentsOf: score.values, at: 0)
        }
        let order: String
        switch options.sort {
        case .relevance where scope.hasMatch:
            order = "score DESC, \(ArticleID.daySQL(of: rowid)) DESC, \(rowid)"
        case .relevance, .newest:
            order = "\(rowid) DESC"
        case .oldest:
            order = "\(rowid)"
        }
        var whereClause = scope.whereClause
        if let after = options.after, after.order != .score {
            whereClause += (scope.conditions.isEmpty ? " WHERE " : " AND ") + "\(rowid) \(after.order == .idAscending ? ">" : "<") ?"
            values.append(.integer(Int(after.id)))
        }
        let sql = "SELECT \(rowid), \(scoreExpression) AS score FROM \(scope.from)\(whereClause) ORDER BY \(order) LIMIT ? OFFSET ?"
        plan.append(sql)
        values.append(.integer(max(0, options.limit)))
        values.append(.integer(max(0, options.offset)))
        let statement = try database.cached(sql)
        defer { statement.reset() }
        statement.bind(values)
        var ranked: [(Int64, Double)] = []
        while try statement.step() {
            ranked.append((statement.int64(0), statement.double(1)))
        }
        return ranked
    }

    func hit(id: Int64, score: Double, rank: Int, terms: SnippetBuilder.Terms,
                     options: SearchOptions) throws -> SearchHit? {
        let details = try database.cached("""
            SELECT a.url, a.title, a.path, s.host, a.body, a.lang
            FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?1
            """)
        defer { details.reset() }
        details.bind(id, at: 1)
        guard try details.step() else { return nil }
        let snippet = snippets.snippet(of: details.string(4), terms: terms, tokens: options.snippetTokens)
        var hit = SearchHit(rank: rank, id: id, score: score, date: ArticleID.day(of: id), source: details.string(3),
                            url: details.string(0), title: details.string(1), snippet: snippet, path: details.string(2))
        hit.language = details.string(5)
        return hit
    }

    // MARK: Facets

    /// Facets from counts gathered during the ranking pass.
    func facets(from tally: FacetTally, options: SearchOptions) throws -> Facets {
        var hosts: [Int: String] = [:]
        let select = try database.cached("SELECT id, host FROM sources")
        defer { select.reset() }
        while try select.step() { hosts[select.int(0)] = select.string(1) }
        let sources = tally.sources
            .map { FacetCount(value: hosts[$0.key] ?? "?", count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
            .prefix(max(0, options.facetLimit))
        let perDay = tally.daysInOrder.map { (ArticleID.day(of: $0.day << Int64(ArticleID.sequenceBits)), $0.count) }
        let granularity = options.granularity
            ?? perDay.first.flatMap { first in perDay.last.map { DateGranularity.suited(first: first.0, last: $0.0) } }
            ?? .month
        var facets = Facets(sources: Array(sources), granularity: granularity,
                            dates: Histogram.buckets(perDay, granularity: granularity))
        facets.languages = Self.languageFacet(tally.languages(codes: try languageCodes()))
        return facets
    }

    private func facets(_ query: CompiledQuery, options: SearchOptions, plan: inout [String]) throws -> Facets {
        let scope = MatchScope(query: query, joinArticles: true)
        let sourcesSQL = """
            SELECT s.host, count(*) AS n FROM \(scope.from) JOIN sources s ON s.id = a.source_id\(scope.whereClause)
            GROUP BY a.source_id ORDER BY n DESC, s.host LIMIT ?
            """
        plan.append(sourcesSQL)
        let sourcesStatement = try database.cached(sourcesSQL)
        sourcesStatement.bind(scope.values + [.integer(max(0, options.facetLimit))])
        var sources: [FacetCount] = []
        while try sourcesStatement.step() {
            sources.append(FacetCount(value: sourcesStatement.string(0), count: sourcesStatement.int(1)))
        }
        sourcesStatement.reset()

        let dayScope = MatchScope(query: query, joinArticles: false)
        let datesSQL = "SELECT \(ArticleID.daySQL(of: dayScope.rowid)) AS k, count(*) FROM \(dayScope.from)\(dayScope.whereClause) GROUP BY k ORDER BY k"
        plan.append(datesSQL)
        let perDay = try dayCounts(datesSQL, dayScope.values)
        let granularity = options.granularity
            ?? perDay.first.flatMap { first in perDay.last.map { DateGranularity.suited(first: first.0, last: $0.0) } }
            ?? .month
        var facets = Facets(sources: sources, granularity: granularity,
                            dates: Histogram.buckets(perDay, granularity: granularity))
        facets.languages = try languageFacet(query, distinct: false, plan: &plan)
        return facets
    }
}

/// Groups per-day counts into calendar buckets, filling the gaps with zero.
public enum Histogram {
    public static func buckets(_ perDay: [(Day, Int)], granularity: DateGranularity,
                               first: Day? = nil, last: Day? = nil) -> [FacetCount] {
        guard let start = first ?? perDay.first?.0, let end = last ?? perDay.last?.0 else { return [] }
        var counts: [Day: Int] = [:]
        for (day, count) in perDay { counts[granularity.bucketStart(day), default: 0] += count }
        var result: [FacetCount] = []
        var bucket = granularity.bucketStart(start)
        let lastBucket = granularity.bucketStart(end)
        while bucket <= lastBucket {
            result.append(FacetCount(value: granularity.label(bucket), count: counts[bucket] ?? 0))
            bucket = granularity.nextBucket(after: bucket)
        }
        return result
    }
}
