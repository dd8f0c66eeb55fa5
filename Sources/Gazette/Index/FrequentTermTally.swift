/// How many articles of a stream hold each term, counted in bounded memory
/// closely enough to name every term that may reach a given number of them:
/// Manku and Motwani's lossy counting ("Approximate Frequency Counts over
/// Data Streams", VLDB 2002), with articles as the transactions.
///
/// An index run's parse threads keep one each (`FrequentTermCounter`), fed
/// the tokens that are not chosen frequent terms, so that a run that builds
/// a whole index can choose its new frequent terms without walking every
/// posting of FTS5's vocabulary (`TermDocs.refresh`); each candidate's list
/// is then built from FTS5 and kept only when its exact count passes.
///
/// The stream is cut into buckets of `bucketWidth` articles. A term enters
/// with `slack` set to the buckets completed before it, which bounds how many
/// earlier articles may have held it; at each bucket's end the terms whose
/// count plus slack is at most the bucket's number are dropped. So a term in
/// the table was in at most `count + slack` articles, and one not in it in
/// at most `completedBuckets`. Memory stays near `bucketWidth` articles'
/// worth of distinct terms times the log of the stream's length (twice that
/// at most: the table is thinned only once it has doubled).
struct FrequentTermTally {
    /// A term's counts: articles counted, the bound on those it may have
    /// missed, and the last article counted (an article counts a term once).
    private struct Counts {
        var count: Int32
        var slack: Int32
        var article: Int32
    }

    /// A term of at most 15 bytes with its counts, in one half cache line.
    private struct Cell {
        var key: PackedToken
        var counts: Counts
    }

    /// Articles per bucket (1/ε of the paper).
    let bucketWidth: Int
    /// Articles counted so far.
    private(set) var articles = 0
    /// Open addressing over the packed terms, at most half full; an empty
    /// cell's key is all zero. One cell is all a lookup touches: the table
    /// outgrows the CPU's caches, and a separate slot array, entry and byte
    /// buffer cost a cache miss each (most of the parse thread's counting time).
    private var cells: [Cell]
    private var mask: Int
    private var shortTerms = 0
    /// Terms longer than a packed token holds (rare).
    private var longTerms: [[UInt8]: Counts] = [:]
    /// Terms held at which the next bucket's end thins the table.
    private var thinAt = FrequentTermTally.smallestThinning
    static let smallestThinning = 4_096

    /// Below this policy share a tally's buckets grow so wide (4,000 articles
    /// at 0.1%) that its table holds tens of MB: runs then walk the vocabulary.
    static let smallestShare = 0.001

    /// `share`: the smallest share of articles the tally must be able to name
    /// a term at; the error of each count is at most a quarter of it.
    init(share: Double) {
        let epsilon = max(share, 1e-6) / 4
        bucketWidth = max(1, Int((1 / epsilon).rounded(.up)))
        cells = FrequentTermTally.emptyCells(1 << 12)
        mask = (1 << 12) - 1
    }

    private static func emptyCells(_ count: Int) -> [Cell] {
        Array(repeating: Cell(key: PackedToken(low: 0, high: 0), counts: Counts(count: 0, slack: 0, article: 0)),
              count: count)
    }

    /// Buckets completed: the most articles a term not in the table was in.
    var completedBuckets: Int { articles / bucketWidth }

    /// Terms held now (tests check the memory bound with it).
    var heldTerms: Int { shortTerms + longTerms.count }

    /// Counts `token` for the current article.
    mutating func note(_ token: UnsafeBufferPointer<UInt8>) {
        if let key = PackedToken(token) { note(key, hash: key.hash) } else if !token.isEmpty { note(long: token) }
    }

    /// Counts a packed token whose `PackedToken.hash` is `hash`.
    @inline(__always)
    mutating func note(_ key: PackedToken, hash: UInt64) {
        let article = Int32(truncatingIfNeeded: articles)
        let slack = Int32(truncatingIfNeeded: completedBuckets)
        let mask = self.mask
        let added = cells.withUnsafeMutableBufferPointer { cells -> Bool in
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                if cells[slot].key == key {
                    if cells[slot].counts.article != article {
                        cells[slot].counts.article = article
                        cells[slot].counts.count &+= 1
                    }
                    return false
                }
                if cells[slot].key.high == 0 {
                    cells[slot] = Cell(key: key, counts: Counts(count: 1, slack: slack, article: article))
                    return true
                }
                slot = (slot + 1) & mask
            }
        }
        guard added else { return }
        shortTerms += 1
        if shortTerms * 2 > cells.count { rebuild(keeping: { _ in true }) }
    }

    /// Starts loading the cell a note of `hash` reads first.
    @inline(__always)
    func prefetch(_ hash: UInt64) {
        cells.withUnsafeBufferPointer { cells in
            if let base = cells.baseAddress { CacheHint.prefetch(base + (Int(truncatingIfNeeded: hash) & mask)) }
        }
    }

    /// Counts a token longer than a packed one holds.
    mutating func note(long token: UnsafeBufferPointer<UInt8>) {
        let article = Int32(truncatingIfNeeded: articles)
        let key = Array(token)
        if var counts = longTerms[key] {
            guard counts.article != article else { return }
            counts.article = article
            counts.count &+= 1
            longTerms[key] = counts
        } else {
            longTerms[key] = Counts(count: 1, slack: Int32(truncatingIfNeeded: completedBuckets), article: article)
        }
    }

    /// Ends the current article; at a bucket's end, drops the terms that
    /// cannot be frequent any more. Only once the table has doubled since it
    /// was last thinned: keeping a term longer never breaks its bound, and
    /// copying the survivors at every bucket would cost more than counting.
    mutating func finishArticle() {
        articles += 1
        guard articles % bucketWidth == 0, heldTerms >= thinAt else { return }
        let bucket = Int32(truncatingIfNeeded: completedBuckets)
        let survives = { (counts: Counts) in counts.count + counts.slack > bucket }
        longTerms = longTerms.filter { survives($0.value) }
        rebuild(keeping: survives)
        thinAt = max(FrequentTermTally.smallestThinning, heldTerms * 2)
    }

    /// Moves the packed terms that `keep` accepts into a table at most half full.
    private mutating func rebuild(keeping keep: (Counts) -> Bool) {
        let old = cells
        let kept = old.reduce(0) { $0 + ($1.key.high != 0 && keep($1.counts) ? 1 : 0) }
        var size = 1 << 12
        while size < kept * 2 + 2 { size <<= 1 }
        var fresh = FrequentTermTally.emptyCells(size)
        let mask = size - 1
        for cell in old where cell.key.high != 0 && keep(cell.counts) {
            var slot = Int(truncatingIfNeeded: cell.key.hash) & mask
            while fresh[slot].key.high != 0 { slot = (slot + 1) & mask }
            fresh[slot] = cell
        }
        cells = fresh
        self.mask = mask
        shortTerms = kept
    }

    /// Every held term with the most articles it may be in, less
    /// `completedBuckets` (what a tally without it may have missed).
    func forEachBound(_ body: ([UInt8], Int) -> Void) {
        for cell in cells where cell.key.high != 0 {
            body(cell.key.bytes, Int(cell.counts.count) + Int(cell.counts.slack) - completedBuckets)
        }
        for (term, counts) in longTerms {
            body(term, Int(counts.count) + Int(counts.slack) - completedBuckets)
        }
    }

    /// The terms that may be in at least `threshold` of the articles the
    /// tallies counted together (each article counted by one of them), or nil
    /// when a term none of them holds might be: the tallies are too coarse.
    static func candidates(_ tallies: [FrequentTermTally], atLeast threshold: Int64) -> [[UInt8]]? {
        // What a term held by no tally may have reached.
        let unheld = tallies.reduce(0) { $0 + $1.completedBuckets }
        guard Int64(unheld) < threshold else { return nil }
        var bounds: [[UInt8]: Int] = [:]
        for tally in tallies {
            tally.forEachBound { term, excess in bounds[term, default: unheld] += excess }
        }
        return bounds.filter { Int64($0.value) >= threshold }.map(\.key).sorted { $0.lexicographicallyPrecedes($1) }
    }
}
