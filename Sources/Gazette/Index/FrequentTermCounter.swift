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

    /// Tokens between a lookup's prefetch and the lookup.
    static let prefetchDistance = 8

    init(tally: FrequentTermTally? = nil) {
        self.tally = tally
    }

    /// One article's counts, held in locals while its tokens stream by (a
    /// class's properties would cost an exclusivity check per token).
    struct Counting {
        fileprivate var scratch: [UInt32]
        fileprivate var touched: [Int32]
        fileprivate var tally: FrequentTermTally?

        /// Counts one token of `length` bytes at `token`, with `readable`
        /// bytes from `token` on that may be read (at least `length`).
        @inline(__always)
        mutating func count(_ token: UnsafePointer<UInt8>, length: Int, readable: Int, column: Int,
                            in terms: FrequentTermSet) {
            if length <= PackedToken.maxBytes {
                guard length > 0 else { return }
                let key = PackedToken(token, count: length, readable: readable)
                count(key, hash: key.hash, column: column, in: terms)
                return
            }
            let buffer = UnsafeBufferPointer(start: token, count: length)
            guard let term = terms.index(ofLong: buffer) else {
                tally?.note(long: buffer)
                return
            }
            add(term, column: column)
        }

        /// Counts a packed token whose `PackedToken.hash` is `hash`.
        @inline(__always)
        mutating func count(_ key: PackedToken, hash: UInt64, column: Int, in terms: FrequentTermSet) {
            guard let term = terms.index(of: key, hash: hash) else {
                tally?.note(key, hash: hash)
                return
            }
            add(term, column: column)
        }

        @inline(__always)
        private mutating func add(_ term: Int32, column: Int) {
            let slot = Int(term) * TermDocs.columns
            if scratch[slot] == 0 && scratch[slot + 1] == 0 { touched.append(term) }
            scratch[slot + column] &+= 1
        }

        /// Counts one token held in a buffer.
        @inline(__always)
        mutating func count(_ token: UnsafeBufferPointer<UInt8>, column: Int, in terms: FrequentTermSet) {
            guard let base = token.baseAddress else { return }
            count(base, length: token.count, readable: token.count, column: column, in: terms)
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
        // Each lookup misses the CPU's caches (the tables outgrow them): the cells of the
        // tokens `prefetchDistance` ahead are asked for before a token is counted.
        var ring = PrefetchRing(distance: FrequentTermCounter.prefetchDistance)
        for (column, stream) in tokens.prefix(TermDocs.columns).enumerated() {
            stream.forEachToken { token, length, readable in
                guard length <= PackedToken.maxBytes else {
                    // Counted in stream order all the same: `entries` lists terms as first met.
                    ring.drain(into: &counting, terms)
                    counting.count(token, length: length, readable: readable, column: column, in: terms)
                    return
                }
                guard length > 0 else { return }
                let key = PackedToken(token, count: length, readable: readable)
                let hash = key.hash
                terms.prefetch(hash)
                counting.tally?.prefetch(hash)
                ring.push(key, hash: hash, column: column, countingOldestInto: &counting, terms)
            }
        }
        ring.drain(into: &counting, terms)
        return finish(counting)
    }
}

/// The tokens whose lookups were prefetched and that are not counted yet,
/// oldest first. A struct with mutating methods, not a local function over
/// captured variables: those took a dynamic exclusivity check per token.
private struct PrefetchRing {
    private var items: [(key: PackedToken, hash: UInt64, column: Int)] = []
    private var oldest = 0
    private let distance: Int

    init(distance: Int) {
        self.distance = max(1, distance)
        items.reserveCapacity(self.distance)
    }

    /// Adds a token; when the ring is full, counts the oldest first.
    @inline(__always)
    mutating func push(_ key: PackedToken, hash: UInt64, column: Int,
                       countingOldestInto counting: inout FrequentTermCounter.Counting, _ terms: FrequentTermSet) {
        if items.count < distance {
            items.append((key, hash, column))
            return
        }
        let item = items[oldest]
        counting.count(item.key, hash: item.hash, column: item.column, in: terms)
        items[oldest] = (key, hash, column)
        oldest = oldest + 1 == distance ? 0 : oldest + 1
    }

    /// Counts every held token, oldest first, and empties the ring.
    mutating func drain(into counting: inout FrequentTermCounter.Counting, _ terms: FrequentTermSet) {
        for offset in 0..<items.count {
            let item = items[(oldest + offset) % items.count]
            counting.count(item.key, hash: item.hash, column: item.column, in: terms)
        }
        items.removeAll(keepingCapacity: true)
        oldest = 0
    }
}

/// The chosen terms with a lookup that allocates nothing per token. Terms of
/// at most 15 bytes (nearly all) sit packed in the open-addressing table's
/// cells (`PackedToken`), so a lookup, one per token of every article,
/// compares two words in one cache line; longer ones are in a dictionary.
struct FrequentTermSet {
    let terms: [[UInt8]]
    private struct Cell {
        var key: PackedToken
        /// The term's index in `terms`.
        var term: Int32
    }
    /// Open addressing, at most half full; an empty cell's key is all zero.
    private let cells: [Cell]
    private let mask: Int
    private let longTerms: [[UInt8]: Int32]

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
        var cells = Array(repeating: Cell(key: PackedToken(low: 0, high: 0), term: 0), count: size)
        var longTerms: [[UInt8]: Int32] = [:]
        for (index, term) in terms.enumerated() {
            guard let key = term.withUnsafeBufferPointer({ PackedToken($0) }) else {
                longTerms[term] = Int32(index)
                continue
            }
            var slot = Int(truncatingIfNeeded: key.hash) & (size - 1)
            while cells[slot].key.high != 0 { slot = (slot + 1) & (size - 1) }
            cells[slot] = Cell(key: key, term: Int32(index))
        }
        self.cells = cells
        self.longTerms = longTerms
    }

    static let empty = FrequentTermSet(terms: [])

    /// The index of `token` in `terms`, or nil.
    func index(of token: UnsafeBufferPointer<UInt8>) -> Int32? {
        if let key = PackedToken(token) { return index(of: key, hash: key.hash) }
        return index(ofLong: token)
    }

    /// The index of a packed token whose `PackedToken.hash` is `hash`.
    @inline(__always)
    func index(of key: PackedToken, hash: UInt64) -> Int32? {
        cells.withUnsafeBufferPointer { cells in
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let cell = cells[slot]
                if cell.key == key { return cell.term }
                if cell.key.high == 0 { return nil }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Starts loading the cell a lookup of `hash` reads first.
    @inline(__always)
    func prefetch(_ hash: UInt64) {
        cells.withUnsafeBufferPointer { cells in
            if let base = cells.baseAddress { CacheHint.prefetch(base + (Int(truncatingIfNeeded: hash) & mask)) }
        }
    }

    /// The index of a token longer than a packed one holds.
    func index(ofLong token: UnsafeBufferPointer<UInt8>) -> Int32? {
        longTerms.isEmpty ? nil : longTerms[Array(token)]
    }
}
