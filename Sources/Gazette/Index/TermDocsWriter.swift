#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps `term_docs` exact as articles are added and removed: it counts each
/// frequent term's instances in the same token stream FTS5 indexes, and
/// applies the changes to the stored blocks at every `flush`.
final class TermDocsWriter {
    private let database: Database
    /// The chosen terms, loaded on first use in a transaction.
    private var terms: FrequentTermSet?
    private var enabled: Bool?
    /// Changes per chosen term (by its index), in the order they happened, and the terms that have some.
    private var pending: [[Change]] = []
    private var changedTerms: [Int32] = []
    /// Each term's last chunk as this transaction wrote it: appends, the
    /// common case (ids follow dates), extend it without reading it back.
    private var lastChunks: [Int32: (first: Int64, list: TermDocs.Block)] = [:]
    /// Instances per chosen term of the article being counted (`columns` per term), and the terms it touched.
    private var scratch: [UInt32] = []
    private var touched: [Int32] = []
    private lazy var analyzer = Analyzer()

    private struct Change {
        let id: Int64
        let title: UInt32
        let body: UInt32
        let removes: Bool
    }

    init(database: Database) {
        self.database = database
    }

    /// Records a new article from the token streams FTS5 was given (title, body).
    func added(id: Int64, tokens: [PreTokenized]) throws(SQLiteError) {
        guard try prepared() else { return }
        for (column, stream) in tokens.prefix(TermDocs.columns).enumerated() {
            _ = stream.replay { token, _, _, _ in
                count(token, column: column)
                return 0
            }
        }
        record(id: id, removes: false)
    }

    /// Records a new or removed article from the text FTS5 was given (with
    /// its language marker, see `LanguageMarker`), analysed as FTS5's
    /// tokenizer analyses a row it reads back.
    func changed(id: Int64, title: String, body: String, removes: Bool) throws(SQLiteError) {
        guard try prepared() else { return }
        for (column, text) in [title, body].enumerated() {
            var copy = text
            copy.withUTF8 { utf8 in
                var buffer = UnsafeRawBufferPointer(utf8)
                if let language = LanguageMarker.language(of: buffer) {
                    analyzer.setLanguage(language)
                    buffer = UnsafeRawBufferPointer(rebasing: buffer[LanguageMarker.byteCount...])
                } else {
                    analyzer.setLanguage("")
                }
                _ = analyzer.tokenize(buffer, purpose: .document) { token, _, _, _ in
                    count(token, column: column)
                    return 0
                }
            }
        }
        record(id: id, removes: removes)
    }

    @inline(__always)
    private func count(_ token: UnsafeBufferPointer<UInt8>, column: Int) {
        guard let terms, let term = terms.index(of: token) else { return }
        let slot = Int(term) * TermDocs.columns
        if scratch[slot] == 0 && scratch[slot + 1] == 0 { touched.append(term) }
        scratch[slot + column] &+= 1
    }

    private func record(id: Int64, removes: Bool) {
        for term in touched {
            let slot = Int(term) * TermDocs.columns
            if pending[Int(term)].isEmpty { changedTerms.append(term) }
            pending[Int(term)].append(Change(id: id, title: scratch[slot], body: scratch[slot + 1], removes: removes))
            scratch[slot] = 0
            scratch[slot + 1] = 0
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// Writes the changed chunks and the terms' article counts.
    func flush() throws(SQLiteError) {
        guard !changedTerms.isEmpty, let terms else { return }
        let update = try database.cached("UPDATE frequent_terms SET docs = docs + ?2 WHERE term = ?1")
        for termIndex in changedTerms.sorted() {
            let unordered = pending[Int(termIndex)]
            pending[Int(termIndex)].removeAll(keepingCapacity: true)
            let term = terms.terms[Int(termIndex)]
            if try appended(unordered, to: termIndex, of: term) {
                defer { update.reset() }
                update.bind(textBytes: term, at: 1)
                update.bind(unordered.count, at: 2)
                _ = try update.step()
                continue
            }
            lastChunks[termIndex] = nil
            // By id, and in the order they happened for the same id.
            let changes = unordered.enumerated().sorted { ($0.element.id, $0.offset) < ($1.element.id, $1.offset) }.map(\.element)
            var change = 0
            var docsChange = 0
            while change < changes.count {
                var chunk = try chunkHolding(changes[change].id, of: term)
                let before = chunk.list.count
                while change < changes.count && changes[change].id < chunk.nextFirst {
                    let next = changes[change]
                    if next.removes {
                        chunk.list.remove(id: next.id)
                    } else {
                        chunk.list.set(id: next.id, title: next.title, body: next.body)
                    }
                    change += 1
                }
                docsChange += chunk.list.count - before
                try replace(chunk.first, of: term, with: chunk.list)
                if chunk.nextFirst == Int64.max, let last = chunk.list.chunks.last {
                    lastChunks[termIndex] = (chunk.list.ids[last.lowerBound], chunk.list.slice(last))
                }
            }
            if docsChange != 0 {
                defer { update.reset() }
                update.bind(textBytes: term, at: 1)
                update.bind(docsChange, at: 2)
                _ = try update.step()
            }
        }
        changedTerms.removeAll(keepingCapacity: true)
    }

    /// Applies `changes` when they only add articles after the term's last
    /// chunk as known here; false when they need the general path.
    private func appended(_ changes: [Change], to termIndex: Int32, of term: [UInt8]) throws(SQLiteError) -> Bool {
        guard var last = lastChunks[termIndex], var previous = last.list.ids.last else { return false }
        for change in changes {
            guard !change.removes, change.id > previous else { return false }
            previous = change.id
        }
        let wasFull = last.list.count >= TermDocs.chunkEntries
        for change in changes { last.list.set(id: change.id, title: change.title, body: change.body) }
        let insert = try database.cached(TermDocs.insertSQL)
        // The first chunk keeps its key (`first`), so writing it replaces the stored one; a full one is unchanged.
        let pieces = last.list.chunks
        for piece in pieces.dropFirst(wasFull ? 1 : 0) {
            try TermDocs.write(insert, term: term, first: last.list.ids[piece.lowerBound], data: last.list.encoded(piece))
        }
        if let tail = pieces.last {
            lastChunks[termIndex] = (last.list.ids[tail.lowerBound], last.list.slice(tail))
        }
        return true
    }

    /// The stored chunk a change to `id` belongs in: the last one starting at
    /// or before it, else the first (or none yet), with where the next one starts.
    private func chunkHolding(_ id: Int64, of term: [UInt8]) throws(SQLiteError) -> (first: Int64?, list: TermDocs.Block, nextFirst: Int64) {
        let before = try database.cached("""
            SELECT first, data FROM term_docs WHERE term = ?1 AND first <= ?2 ORDER BY first DESC LIMIT 1
            """)
        let earliest = try database.cached("SELECT first, data FROM term_docs WHERE term = ?1 ORDER BY first LIMIT 1")
        let after = try database.cached("SELECT first FROM term_docs WHERE term = ?1 AND first > ?2 ORDER BY first LIMIT 1")
        defer {
            before.reset()
            earliest.reset()
            after.reset()
        }
        before.bind(textBytes: term, at: 1)
        before.bind(id, at: 2)
        var found = try before.step() ? before : nil
        if found == nil {
            earliest.bind(textBytes: term, at: 1)
            found = try earliest.step() ? earliest : nil
        }
        guard let found else { return (nil, TermDocs.Block(), Int64.max) }
        let first = found.int64(0)
        let list = found.withBlob(1) { TermDocs.Block(decoding: $0, first: first) }
        after.bind(textBytes: term, at: 1)
        after.bind(first, at: 2)
        let nextFirst = try after.step() ? after.int64(0) : Int64.max
        return (first, list, nextFirst)
    }

    /// Replaces the chunk stored at `first` (if any) with `list`, split into chunks.
    private func replace(_ first: Int64?, of term: [UInt8], with list: TermDocs.Block) throws(SQLiteError) {
        if let first {
            let delete = try database.cached("DELETE FROM term_docs WHERE term = ?1 AND first = ?2")
            defer { delete.reset() }
            delete.bind(textBytes: term, at: 1)
            delete.bind(first, at: 2)
            _ = try delete.step()
        }
        let insert = try database.cached(TermDocs.insertSQL)
        for chunk in list.chunks {
            try TermDocs.write(insert, term: term, first: list.ids[chunk.lowerBound], data: list.encoded(chunk))
        }
    }

    /// Forgets unwritten changes and the chosen terms: after a rollback, or
    /// when another process may have chosen again.
    func forget() {
        for term in changedTerms { pending[Int(term)].removeAll() }
        changedTerms.removeAll()
        lastChunks.removeAll()
        terms = nil
        enabled = nil
        touched.removeAll()
    }

    /// Loads the chosen terms; false when the index keeps no lists.
    private func prepared() throws(SQLiteError) -> Bool {
        if enabled == nil {
            enabled = try TermDocs.exists(database)
        }
        guard enabled == true else { return false }
        if terms == nil {
            let loaded = try FrequentTermSet(database)
            terms = loaded
            scratch = Array(repeating: 0, count: loaded.terms.count * TermDocs.columns)
            pending = Array(repeating: [], count: loaded.terms.count)
            changedTerms.removeAll()
            lastChunks.removeAll()
        }
        return true
    }
}

/// The chosen terms with a byte-keyed lookup that allocates nothing per token.
struct FrequentTermSet {
    let terms: [[UInt8]]
    /// Open addressing: slot → term index + 1 (0 empty).
    private let slots: [Int32]
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
        var slots = Array(repeating: Int32(0), count: size)
        for (index, term) in terms.enumerated() {
            var slot = term.withUnsafeBufferPointer { Int(truncatingIfNeeded: FrequentTermSet.hash($0)) } & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(index + 1)
        }
        self.slots = slots
    }

    @inline(__always)
    func index(of token: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard !terms.isEmpty else { return nil }
        var slot = Int(truncatingIfNeeded: FrequentTermSet.hash(token)) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            let candidate = Int(entry - 1)
            let matches = terms[candidate].withUnsafeBufferPointer { stored in
                guard stored.count == token.count else { return false }
                guard let mine = stored.baseAddress, let theirs = token.baseAddress else { return true }
                return memcmp(mine, theirs, token.count) == 0
            }
            if matches { return Int32(candidate) }
            slot = (slot + 1) & mask
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
