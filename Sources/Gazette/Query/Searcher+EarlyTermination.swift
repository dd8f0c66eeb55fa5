/// Early termination of the ranking pass: a page of k hits needs the k best
/// scores, and a match whose score bound (`ScoreBound`) is below the k-th best
/// score already found cannot be among them, so it is never scored. The
/// threshold is primed before the pass by scoring the matches with the
/// highest bounds, so it starts near its final value instead of climbing
/// from the first matches in id order (tantivy's and Lucene's block-max WAND
/// do the same per block of postings). Totals, distinct stories and facets
/// still see every match: they are exact, and cheap next to scoring.
extension Searcher {
    /// The page depth the pass may stop at, or nil when it must score every match: a cursor page (its
    /// admission depends on scores), query expansion's weights, or a negative column weight (which
    /// breaks the bound), and passes with no more matches than the depth.
    func earlyTerminationDepth(_ rankDepth: Int?, matches: Int, options: SearchOptions, scorer: BM25,
                               phraseWeights: [Double]?) -> Int? {
        guard options.earlyTermination, let rankDepth, rankDepth > 0, rankDepth < matches,
              options.after == nil, phraseWeights == nil, scorer.weights.allSatisfy({ $0 >= 0 }) else { return nil }
        return rankDepth
    }

    /// The `depth`-th best score among the admitted matches with the highest bounds, or -infinity
    /// when fewer than `depth` of them pass the filters. Every match of the final page scores at
    /// least this, so a match bounded below it can be skipped.
    func primedThreshold(_ instances: UnsafeBufferPointer<UInt32>, rowids: [Int64], depth: Int, bound: ScoreBound,
                         facts: ArticleFactsSnapshot, scorer: BM25, sources: IDFilter?, languages: IDFilter?,
                         halfLife: Double?, newestDay: Int64) throws -> Double {
        // Twice the depth, so that filters rejecting a few candidates still leave enough.
        var candidates = HighestBounds(capacity: min(rowids.count, 2 * depth))
        for match in 0..<rowids.count { candidates.offer(bound.bound(instances, match: match), match: match) }
        var best = TopHits(capacity: depth)
        for match in candidates.matches {
            let id = rowids[match]
            var cursor = ArticleFactsSnapshot.Cursor()
            guard let entry = facts.entry(of: id, cursor: &cursor) else { throw MissingFacts() }
            if let sources, !sources.contains(facts.source(at: entry)) { continue }
            if let languages, !languages.contains(facts.language(at: entry)) { continue }
            best.offer(id: id, score: try Self.scoreOfMatch(instances, match: match, id: id, entry: entry, facts: facts,
                                                     scorer: scorer, halfLife: halfLife, newestDay: newestDay,
                                                     database: database))
        }
        return best.worstScore ?? -.infinity
    }

    /// One match's score, exactly as the exhaustive pass computes it.
    @inline(__always)
    static func scoreOfMatch(_ instances: UnsafeBufferPointer<UInt32>, match: Int, id: Int64, entry: Int,
                      facts: ArticleFactsSnapshot, scorer: BM25, halfLife: Double?, newestDay: Int64,
                      database: Database) throws -> Double {
        let length = try length(ofMatch: id, entry: entry, facts: facts, database: database)
        let score = scorer.score(instances, match: match, length: length)
        guard let halfLife else { return score }
        return BM25.boosted(score, day: id >> Int64(ArticleID.sequenceBits), newestDay: newestDay, halfLife: halfLife)
    }

    /// A match's length in tokens: `article_facts`' own, or the full-text index's when it saturated there.
    static func length(ofMatch id: Int64, entry: Int, facts: ArticleFactsSnapshot, database: Database) throws -> Int {
        let length = facts.length(at: entry)
        guard length >= ArticleFacts.saturatedLength else { return length }
        return try ArticleFacts.documentSize(database, id: id) ?? length
    }

    /// Gives a pass's kept match arrays back for the next pass, once its page is built.
    func recycle(_ pass: MatchPass?) {
        if let deferred = pass?.deferred { recycledMatches = deferred.matches.recycle() }
    }
}

/// How a relevance page was ranked, for `--explain` and `gazette bench`.
public enum TopKTermination: String, Sendable, CaseIterable {
    /// Only the matches that could reach the page were scored.
    case earlyTermination = "early_termination"
    /// The pass stopped early, but the page then needed more hits than it proved (copies collapsed
    /// out of the window), so every match was scored after all.
    case fellBack = "fell_back"
    /// Every match was scored.
    case exhaustive

    /// A phrase for `--explain`.
    public var explanation: String {
        switch self {
        case .earlyTermination: return "early termination"
        case .fellBack: return "early termination could not prove the page; fell back to scoring every match"
        case .exhaustive: return "exhaustive"
        }
    }
}

/// The matches left unscored by a pass that stopped early, and what scores them on demand
/// (`ExpandedScorer` scores them for query expansion).
class DeferredScores {
    let matches: FullTextMatches
    /// For each kept match (in the pass's id order), its index among `matches`.
    var matchIndex: [Int32]
    let facts: ArticleFactsSnapshot
    let scorer: BM25
    let halfLife: Double?
    let newestDay: Int64
    let database: Database

    init(matches: FullTextMatches, matchIndex: [Int32], facts: ArticleFactsSnapshot, scorer: BM25,
         halfLife: Double?, newestDay: Int64, database: Database) {
        self.database = database
        self.matches = matches
        self.matchIndex = matchIndex
        self.facts = facts
        self.scorer = scorer
        self.halfLife = halfLife
        self.newestDay = newestDay
    }

    func score(kept: Int, id: Int64) throws -> Double {
        var cursor = ArticleFactsSnapshot.Cursor()
        guard let entry = facts.entry(of: id, cursor: &cursor) else { throw MissingFacts() }
        return try matches.instances.withUnsafeBufferPointer { instances in
            try Searcher.scoreOfMatch(instances, match: Int(matchIndex[kept]), id: id, entry: entry, facts: facts,
                               scorer: scorer, halfLife: halfLife, newestDay: newestDay, database: database)
        }
    }
}

extension Searcher.MatchPass {
    /// The score of kept match `kept`, computed now if the pass left it unscored.
    mutating func score(at kept: Int) throws -> Double {
        guard scores[kept] == -.infinity, let deferred else { return scores[kept] }
        scores[kept] = try deferred.score(kept: kept, id: ids[kept])
        scored += 1
        return scores[kept]
    }

    /// Scores every match the pass left unscored: the page needs more than the pass proved.
    mutating func scoreEveryMatch() throws {
        guard exactDepth != Int.max else { return }
        for kept in ids.indices where scores[kept] == -.infinity { _ = try score(at: kept) }
        exactDepth = Int.max
        termination = .fellBack
    }
}

/// The matches with the highest bounds, kept in a min-heap of fixed capacity.
struct HighestBounds {
    private var heap: [(bound: Double, match: Int)] = []
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        heap.reserveCapacity(capacity)
    }

    var matches: [Int] { heap.map(\.match) }

    @inline(__always)
    mutating func offer(_ bound: Double, match: Int) {
        if heap.count < capacity {
            heap.append((bound, match))
            siftUp(heap.count - 1)
        } else if capacity > 0, bound > heap[0].bound {
            heap[0] = (bound, match)
            siftDown(0)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].bound < heap[parent].bound else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            if left + 1 < heap.count && heap[left + 1].bound < heap[left].bound { smallest = left + 1 }
            guard heap[smallest].bound < heap[parent].bound else { return }
            heap.swapAt(smallest, parent)
            parent = smallest
        }
    }
}
