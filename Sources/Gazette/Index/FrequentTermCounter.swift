#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The chosen frequent terms as a writer run loaded them, shared with the
/// parse workers: they count each article's instances off the writer's
/// thread, and the writer takes the counts only when they were made against
/// this very set (`===`).
final class SharedFrequentTerms: Sendable {
    let set: FrequentTermSet

    init(_ set: FrequentTermSet) {
        self.set = set
    }
}

/// One article's instances of the chosen terms, per column, counted against `terms`.
struct FrequentTermCounts: Sendable {
    struct Entry: Sendable, Equatable {
        let term: Int32
        let title: UInt32
        let body: UInt32
    }

    let terms: SharedFrequentTerms
    /// The terms the article has, in the order first met.
    let entries: [Entry]
}

/// Counts articles' instances of the chosen terms in the token streams FTS5
/// indexes; one per thread, its scratch reused from article to article.
/// With a tally, it also counts the articles holding each other term, for
/// the next choice of frequent terms (`FrequentTermTally`).
final class FrequentTermCounter {
    private var scratch: [UInt32] = []
    private var touched: [Int32] = []
    /// This thread's tally of the other terms, when the run keeps one.
    private(set) var tally: FrequentTermTally?

    init(tally: FrequentTermTally? = nil) {
        self.tally = tally
    }

    /// One article's counts, held in locals while its tokens stream by (a
    /// class's properties would cost an exclusivity check per token).
    struct Counting {
        fileprivate var scratch: [UInt32]
        fileprivate var touched: [Int32]
        fileprivate var tally: FrequentTermTally?

        @inline(__always)
        mutating func count(_ token: UnsafeBufferPointer<UInt8>, column: Int, in terms: FrequentTermSet) {
            let hash = FrequentTermSet.hash(token)
            guard let term = terms.index(of: token, hash: hash) else {
                tally?.note(token, hash: hash)
                return
            }
            let slot = Int(term) * TermDocs.columns
            if scratch[slot] == 0 && scratch[slot + 1] == 0 { touched.append(term) }
            scratch[slot + column] &+= 1
        }
    }

    /// Starts an article; `finish` returns its counts.
    func start(for terms: FrequentTermSet) -> Counting {
        if scratch.count < terms.terms.count * TermDocs.columns {
            scratch = Array(repeating: 0, count: terms.terms.count * TermDocs.columns)
        }
        let counting = Counting(scratch: scratch, touched: touched, tally: tally)
        scratch = []
        touched = []
        tally = nil
        return counting
    }

    func finish(_ counting: Counting) -> [FrequentTermCounts.Entry] {
        var counting = counting
        var entries: [FrequentTermCounts.Entry] = []
        entries.reserveCapacity(counting.touched.count)
        for term in counting.touched {
            let slot = Int(term) * TermDocs.columns
            entries.append(.init(term: term, title: counting.scratch[slot], body: counting.scratch[slot + 1]))
            counting.scratch[slot] = 0
            counting.scratch[slot + 1] = 0
        }
        counting.touched.removeAll(keepingCapacity: true)
        counting.tally?.finishArticle()
        scratch = counting.scratch
        touched = counting.touched
        tally = counting.tally
        return entries
    }

    /// The counts of an article's title and body streams against `terms`
    /// (none when nil: then only the tally counts the article).
    func counts(of tokens: [PreTokenized], in terms: FrequentTermSet?) -> [FrequentTermCounts.Entry] {
        guard terms != nil || tally != nil else { return [] }
        let terms = terms ?? FrequentTermSet.empty
        var counting = start(for: terms)
        for (column, stream) in tokens.prefix(TermDocs.columns).enumerated() {
            _ = stream.replay { token, _, _, _ in
                counting.count(token, column: column, in: terms)
                return 0
            }
        }
        return finish(counting)
    }
}

/// The chosen terms with a byte-keyed lookup that allocates nothing per token.
/// The terms' bytes sit in one buffer and each slot keeps its term's hash, so
/// a lookup (one per token of every article) touches no per-term array and
/// compares bytes only when the hashes agree.
struct FrequentTermSet {
    let terms: [[UInt8]]
    /// Open addressing: slot → the term's 32-bit hash << 32 | term index + 1 (0 empty).
    private let slots: [UInt64]
    /// Every term's bytes, one after another; term i is `bytes[starts[i]..<starts[i + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int]
    private let mask: Int

    init(_ database: Database) throws(SQLiteError) {
        var terms: [[UInt8]] = []
        let select = try database.prepare("SELECT term FROM frequent_terms")
        while try select.step() { terms.append(select.blob(0)) }
        self.init(terms: terms)
    }

    init(terms: [[UInt8]]) {
        self.terms = terms
        var size = 16
        while size < terms.count * 2 { size <<= 1 }
        mask = size - 1
        var slots = Array(repeating: UInt64(0), count: size)
        var bytes: [UInt8] = []
        var starts = [0]
        for (index, term) in terms.enumerated() {
            bytes += term
            starts.append(bytes.count)
            let hash = term.withUnsafeBufferPointer { FrequentTermSet.hash($0) }
            var slot = Int(truncatingIfNeeded: hash) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = UInt64(UInt32(truncatingIfNeeded: hash)) << 32 | UInt64(index + 1)
        }
        self.slots = slots
        self.bytes = bytes
        self.starts = starts
    }

    static let empty = FrequentTermSet(terms: [])

    @inline(__always)
    func index(of token: UnsafeBufferPointer<UInt8>) -> Int32? {
        index(of: token, hash: FrequentTermSet.hash(token))
    }

    /// `index(of:)` with the token's `hash(_:)` computed by the caller.
    @inline(__always)
    func index(of token: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32? {
        guard !terms.isEmpty, let tokenBase = token.baseAddress else { return nil }
        let tag = UInt64(UInt32(truncatingIfNeeded: hash))
        return slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { bytes in
                starts.withUnsafeBufferPointer { starts in
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let entry = slots[slot]
                        if entry == 0 { return nil }
                        if entry >> 32 == tag {
                            let candidate = Int(entry & 0xFFFF_FFFF) - 1
                            let start = starts[candidate]
                            if starts[candidate + 1] - start == token.count,
                               let stored = bytes.baseAddress, memcmp(stored + start, tokenBase, token.count) == 0 {
                                return Int32(candidate)
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// FNV-1a.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
