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
        // With facets asked for, the same pass reads each match's source too.
        let sourceColumn = tally == nil ? "" : ", a.source_id"
        let sql = "SELECT fts.rowid, \(score)\(sourceColumn) FROM \(scope.from)\(scope.whereClause)"
        plan.append(sql + "  -- all matches scored, top \(options.offset + options.limit) kept")
        let statement = try index.database.cached(sql)
        defer { statement.reset() }
        statement.bind(values)
        var top = TopHits(capacity: max(0, options.offset) + max(0, options.limit))
        var total = 0
        // Distinct stories: unclustered matches count once each, clustered ones once per cluster.
        var clustered = 0
        var clusters: Set<Int64> = []
        tally?.reset()
        while try statement.step() {
            total += 1
            let id = statement.int64(0)
            tally?.add(id: id, source: statement.int(2))
            if !clusterOf.isEmpty, let cluster = clusterOf[id] {
                clustered += 1
                clusters.insert(cluster)
            }
            top.offer(id: id, score: statement.double(1))
        }
        return (Array(top.hits.dropFirst(max(0, options.offset))), total, total - clustered + clusters.count)
    }
}

/// The best hits seen so far, best first, holding at most `capacity`.
struct TopHits {
    let capacity: Int
    private(set) var hits: [(id: Int64, score: Double)] = []

    init(capacity: Int) {
        self.capacity = capacity
        hits.reserveCapacity(min(capacity, 1024))
    }

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
        if hits.count == capacity {
            guard let worst = hits.last, Self.isBetter(candidate, than: worst) else { return }
            hits.removeLast()
        }
        // Binary search for the insertion point keeps the array sorted.
        var low = 0
        var high = hits.count
        while low < high {
            let middle = (low + high) / 2
            if Self.isBetter(hits[middle], than: candidate) { low = middle + 1 } else { high = middle }
        }
        hits.insert(candidate, at: low)
    }
}

/// Counts by source and by day gathered during the ranking pass, so facets
/// need no second pass over the matches.
///
/// Per match it costs two array writes: source ids are small dense integers,
/// and matches arrive in rowid (so day) order, so a day's count is a run that
/// grows until the day changes. A match out of order goes to a dictionary.
final class FacetTally {
    private var sourceCounts: [Int] = []
    private var dayRuns: [(day: Int64, count: Int)] = []
    private var outOfOrderDays: [Int64: Int] = [:]

    func reset() {
        sourceCounts.removeAll(keepingCapacity: true)
        dayRuns.removeAll(keepingCapacity: true)
        outOfOrderDays.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    func add(id: Int64, source: Int) {
        if source >= 0 && source < 1 << 24 {
            if source >= sourceCounts.count { sourceCounts.append(contentsOf: repeatElement(0, count: source + 1 - sourceCounts.count)) }
            sourceCounts[source] += 1
        }
        let day = id >> Int64(ArticleID.sequenceBits)
        if let last = dayRuns.last, last.day == day {
            dayRuns[dayRuns.count - 1].count += 1
        } else if dayRuns.last.map({ $0.day < day }) ?? true {
            dayRuns.append((day, 1))
        } else {
            outOfOrderDays[day, default: 0] += 1
        }
    }

    /// Matches per source id.
    var sources: [Int: Int] {
        var counts: [Int: Int] = [:]
        for (source, count) in sourceCounts.enumerated() where count > 0 { counts[source] = count }
        return counts
    }

    /// Matches per day key (`id >> ArticleID.sequenceBits`).
    var days: [Int64: Int] {
        var counts = outOfOrderDays
        for run in dayRuns { counts[run.day, default: 0] += run.count }
        return counts
    }
}
