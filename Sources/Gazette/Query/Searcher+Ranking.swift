extension Searcher {
    /// The relevance score in SQL, with its values in bind order: `-bm25(fts, ?, ?)`
    /// (title and body weights), times the recency multiplier when a half-life is
    /// set. Both SQL ranking paths use it, so they cannot score differently.
    func relevanceScoreSQL(_ options: SearchOptions, recency: Bool = true) throws -> (sql: String, values: [SQLValue]) {
        let weights: [SQLValue] = [.real(options.titleWeight), .real(options.bodyWeight)]
        guard recency, let halfLife = options.recencyHalfLife, halfLife > 0 else { return ("-bm25(fts, ?, ?)", weights) }
        // Age is counted from the newest article in the index, not from today,
        // so an archive that ended years ago still ranks its own recent news first.
        let newest = try index.database.scalarInt("SELECT max(id) FROM articles").map { $0 >> ArticleID.sequenceBits } ?? 0
        return ("(-bm25(fts, ?, ?) * (1.0 + pow(0.5, (? - (\(ArticleID.daySQL(of: "fts.rowid")))) / ?)))",
                weights + [.integer(newest), .real(halfLife)])
    }

    /// Relevance ranking and the total in one pass over the matches: each is
    /// scored by FTS5's bm25 and the best `offset + limit` are kept in order
    /// (score, then newer date, then id), so no second pass counts them.
    func rankAndCount(scope: MatchScope, options: SearchOptions, clusterOf: [Int64: Int64],
                      tally: FacetTally? = nil,
                      plan: inout [String]) throws -> (ranked: [(id: Int64, score: Double)], total: Int, distinct: Int) {
        let (score, weights) = try relevanceScoreSQL(options)
        let values = weights + scope.values
        // With facets asked for, the same pass reads each match's source and language too
        // (this path serves indexes without `article_facts`, whose language ids the one pass reads).
        let sourceColumn = tally == nil ? "" : ", a.source_id, (SELECT lang FROM articles WHERE id = fts.rowid)"
        let sql = "SELECT fts.rowid, \(score)\(sourceColumn) FROM \(scope.from)\(scope.whereClause)"
        plan.append(sql + "  -- all matches scored, top \(options.rowsToRank) kept")
        let statement = try index.database.cached(sql)
        defer { statement.reset() }
        statement.bind(values)
        var top = TopHits(capacity: options.rowsToRank)
        var total = 0
        // Distinct stories: unclustered matches count once each, clustered ones once per cluster.
        var clustered = 0
        var clusters: Set<Int64> = []
        tally?.reset()
        while try statement.step() {
            total += 1
            let id = statement.int64(0)
            if let tally {
                tally.add(id: id, source: statement.int(2))
                tally.add(languageCode: statement.string(3))
            }
            if !clusterOf.isEmpty, let cluster = clusterOf[id] {
                clustered += 1
                clusters.insert(cluster)
            }
            let score = statement.double(1)
            if options.after?.admits(id: id, score: score) ?? true { top.offer(id: id, score: score) }
        }
        return (Array(top.hits.dropFirst(max(0, options.offset))), total, total - clustered + clusters.count)
    }
}

extension SearchOptions {
    /// `offset + limit`: how many of the best matches a page needs ranked.
    /// Saturates instead of trapping, because an offset past every match is
    /// a valid request for an empty page (`search --offset 9223372036854775807`).
    var rowsToRank: Int {
        let (sum, overflow) = max(0, offset).addingReportingOverflow(max(0, limit))
        return overflow ? Int.max : sum
    }
}

/// The best hits seen so far, best first, holding at most `capacity`.
///
/// Until `capacity` hits have come, they are only appended, and sorted once
/// when the last place fills (or when read): a capacity larger than the
/// matches (a deep `--offset` or a huge `--limit`) then costs one sort, not
/// an insertion into a sorted array per match, which is quadratic.
struct TopHits {
    let capacity: Int
    private var kept: [(id: Int64, score: Double)] = []
    private var sorted = false

    init(capacity: Int) {
        self.capacity = capacity
        kept.reserveCapacity(min(capacity, 1024))
    }

    /// The hits, best first.
    var hits: [(id: Int64, score: Double)] {
        sorted ? kept : kept.sorted(by: Self.isBetter)
    }

    /// The worst kept score once every place is filled, else nil.
    var worstScore: Double? { sorted ? kept.last?.score : nil }

    /// Orders by score (higher first), then newer day, then smaller id.
    static func isBetter(_ a: (id: Int64, score: Double), than b: (id: Int64, score: Double)) -> Bool {
        if a.score != b.score { return a.score > b.score }
        let dayA = a.id >> Int64(ArticleID.sequenceBits)
        let dayB = b.id >> Int64(ArticleID.sequenceBits)
        if dayA != dayB { return dayA > dayB }
        return a.id < b.id
    }

    mutating func offer(id: Int64, score: Double) {
        guard capacity > 0 else { return }
        let candidate = (id: id, score: score)
        guard sorted else {
            kept.append(candidate)
            if kept.count == capacity {
                kept.sort(by: Self.isBetter)
                sorted = true
            }
            return
        }
        guard let worst = kept.last, Self.isBetter(candidate, than: worst) else { return }
        kept.removeLast()
        // Binary search for the insertion point keeps the array sorted.
        var low = 0
        var high = kept.count
        while low < high {
            let middle = (low + high) / 2
            if Self.isBetter(kept[middle], than: candidate) { low = middle + 1 } else { high = middle }
        }
        kept.insert(candidate, at: low)
    }
}

/// Counts by source, by day and by language gathered during the ranking pass,
/// so facets need no second pass over the matches.
///
/// Per match it costs three array writes: source and language ids are small dense integers,
/// and matches arrive in rowid (so day) order, so a day's count is a run that
/// grows until the day changes. A match out of order goes to a dictionary.
/// The counters live behind a pointer: a class's array properties would cost
/// a dynamic exclusivity check per write (about a quarter of a facet query's
/// pass over a common word when they were properties).
final class FacetTally {
    private struct Counts {
        var sources: [Int] = []
        var dayRuns: [(day: Int64, count: Int)] = []
        var outOfOrderDays: [Int64: Int] = [:]
        /// Indexed by the language id of `article_facts` (0-255).
        var languageIDs = [Int](repeating: 0, count: ArticleFacts.maxLanguageID + 1)
        /// The SQL ranking path reads `articles.lang` itself: counts per code.
        var languageCodes: [String: Int] = [:]
    }

    private let counts = UnsafeMutablePointer<Counts>.allocate(capacity: 1)

    init() { counts.initialize(to: Counts()) }

    deinit {
        counts.deinitialize(count: 1)
        counts.deallocate()
    }

    func reset() {
        counts.pointee.sources.removeAll(keepingCapacity: true)
        counts.pointee.dayRuns.removeAll(keepingCapacity: true)
        counts.pointee.outOfOrderDays.removeAll(keepingCapacity: true)
        for language in counts.pointee.languageIDs.indices { counts.pointee.languageIDs[language] = 0 }
        counts.pointee.languageCodes.removeAll(keepingCapacity: true)
    }

    /// Counts a match's language by its `article_facts` id.
    @inline(__always)
    func add(languageID: Int) {
        if languageID >= 0 && languageID < counts.pointee.languageIDs.count { counts.pointee.languageIDs[languageID] += 1 }
    }

    /// Counts a match's language by its code.
    func add(languageCode: String) {
        counts.pointee.languageCodes[languageCode, default: 0] += 1
    }

    /// Matches per language code, given the `languages` table's id -> code.
    /// Id 0 (kept for languages past the 255th) counts as "" (not known).
    func languages(codes: [Int: String]) -> [String: Int] {
        var languages = counts.pointee.languageCodes
        for (language, count) in counts.pointee.languageIDs.enumerated() where count > 0 {
            languages[codes[language] ?? "", default: 0] += count
        }
        return languages
    }

    @inline(__always)
    func add(id: Int64, source: Int) {
        if source >= 0 && source < 1 << 24 {
            if source >= counts.pointee.sources.count {
                counts.pointee.sources.append(contentsOf: repeatElement(0, count: source + 1 - counts.pointee.sources.count))
            }
            counts.pointee.sources[source] += 1
        }
        let day = id >> Int64(ArticleID.sequenceBits)
        let runs = counts.pointee.dayRuns.count
        if runs > 0 && counts.pointee.dayRuns[runs - 1].day == day {
            counts.pointee.dayRuns[runs - 1].count += 1
        } else if runs == 0 || counts.pointee.dayRuns[runs - 1].day < day {
            counts.pointee.dayRuns.append((day, 1))
        } else {
            counts.pointee.outOfOrderDays[day, default: 0] += 1
        }
    }

    /// Matches per source id.
    var sources: [Int: Int] {
        var sources: [Int: Int] = [:]
        for (source, count) in counts.pointee.sources.enumerated() where count > 0 { sources[source] = count }
        return sources
    }

    /// Matches per day key (`id >> ArticleID.sequenceBits`).
    var days: [Int64: Int] {
        var days = counts.pointee.outOfOrderDays
        for run in counts.pointee.dayRuns { days[run.day, default: 0] += run.count }
        return days
    }

    /// Matches per day key in ascending day order: the runs themselves when every
    /// match came in order (no dictionary to build and sort), else `days` sorted.
    var daysInOrder: [(day: Int64, count: Int)] {
        guard counts.pointee.outOfOrderDays.isEmpty else {
            return days.sorted { $0.key < $1.key }.map { (day: $0.key, count: $0.value) }
        }
        return counts.pointee.dayRuns
    }
}
