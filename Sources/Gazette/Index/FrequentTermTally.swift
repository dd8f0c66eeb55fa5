#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    private struct Entry {
        var hash: UInt32
        var start: Int32
        var length: Int32
        var count: Int32
        var slack: Int32
        /// The last article counted, so that an article counts a term once.
        var article: Int32
    }

    /// Articles per bucket (1/ε of the paper).
    let bucketWidth: Int
    /// Articles counted so far.
    private(set) var articles = 0
    private var entries: [Entry] = []
    /// The entries' term bytes, one after another.
    private var bytes: [UInt8] = []
    /// Open addressing: entry index + 1, 0 empty.
    private var slots: [Int32]
    private var mask: Int
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
        slots = Array(repeating: 0, count: 1 << 12)
        mask = (1 << 12) - 1
    }

    /// Buckets completed: the most articles a term not in the table was in.
    var completedBuckets: Int { articles / bucketWidth }

    /// Terms held now (tests check the memory bound with it).
    var heldTerms: Int { entries.count }

    /// Counts `token` for the current article; `hash` is `FrequentTermSet.hash(token)`.
    @inline(__always)
    mutating func note(_ token: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        guard let tokenBase = token.baseAddress, token.count > 0 else { return }
        let tag = UInt32(truncatingIfNeeded: hash)
        let article = Int32(truncatingIfNeeded: articles)
        let found = entries.withUnsafeMutableBufferPointer { entries -> Int? in
            bytes.withUnsafeBufferPointer { bytes -> Int? in
                slots.withUnsafeBufferPointer { slots -> Int? in
                    var slot = Int(tag) & mask
                    while true {
                        let index = Int(slots[slot]) - 1
                        if index < 0 { return nil }
                        if entries[index].hash == tag && Int(entries[index].length) == token.count,
                           let stored = bytes.baseAddress,
                           memcmp(stored + Int(entries[index].start), tokenBase, token.count) == 0 {
                            if entries[index].article != article {
                                entries[index].article = article
                                entries[index].count &+= 1
                            }
                            return index
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        guard found == nil else { return }
        entries.append(Entry(hash: tag, start: Int32(truncatingIfNeeded: bytes.count), length: Int32(token.count),
                             count: 1, slack: Int32(truncatingIfNeeded: completedBuckets), article: article))
        bytes.append(contentsOf: token)
        if entries.count * 2 > slots.count {
            rehash(size: slots.count * 2)
        } else {
            place(entries.count - 1)
        }
    }

    /// Ends the current article; at a bucket's end, drops the terms that
    /// cannot be frequent any more. Only once the table has doubled since it
    /// was last thinned: keeping a term longer never breaks its bound, and
    /// copying the survivors at every bucket would cost more than counting.
    mutating func finishArticle() {
        articles += 1
        guard articles % bucketWidth == 0, entries.count >= thinAt else { return }
        let bucket = Int32(truncatingIfNeeded: completedBuckets)
        var kept: [Entry] = []
        kept.reserveCapacity(entries.count / 2)
        var keptBytes: [UInt8] = []
        keptBytes.reserveCapacity(bytes.count / 2)
        for var entry in entries where entry.count + entry.slack > bucket {
            let start = Int(entry.start)
            entry.start = Int32(truncatingIfNeeded: keptBytes.count)
            keptBytes.append(contentsOf: bytes[start..<(start + Int(entry.length))])
            kept.append(entry)
        }
        entries = kept
        bytes = keptBytes
        thinAt = max(FrequentTermTally.smallestThinning, entries.count * 2)
        var size = 1 << 12
        while size < entries.count * 2 { size <<= 1 }
        rehash(size: size)
    }

    /// Every held term with the most articles it may be in, less
    /// `completedBuckets` (what a tally without it may have missed).
    func forEachBound(_ body: ([UInt8], Int) -> Void) {
        for entry in entries {
            let start = Int(entry.start)
            body(Array(bytes[start..<(start + Int(entry.length))]),
                 Int(entry.count) + Int(entry.slack) - completedBuckets)
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

    private mutating func rehash(size: Int) {
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        for index in entries.indices { place(index) }
    }

    private mutating func place(_ index: Int) {
        var slot = Int(entries[index].hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index + 1)
    }
}
