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
    /// Changes per (term, block), in the order they happened.
    private var pending: [BlockKey: [Change]] = [:]
    /// Instances per chosen term of the article being counted (`columns` per term), and the terms it touched.
    private var scratch: [UInt32] = []
    private var touched: [Int32] = []
    private lazy var analyzer = Analyzer()

    private struct BlockKey: Hashable, Comparable {
        let term: Int32
        let block: Int64
        static func < (a: BlockKey, b: BlockKey) -> Bool { (a.term, a.block) < (b.term, b.block) }
    }

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
        let block = TermDocs.block(of: id)
        for term in touched {
            let slot = Int(term) * TermDocs.columns
            pending[BlockKey(term: term, block: block), default: []]
                .append(Change(id: id, title: scratch[slot], body: scratch[slot + 1], removes: removes))
            scratch[slot] = 0
            scratch[slot + 1] = 0
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// Writes the changed blocks and the terms' article counts.
    func flush() throws(SQLiteError) {
        guard !pending.isEmpty, let terms else { return }
        let select = try database.cached("SELECT data FROM term_docs WHERE term = ?1 AND block = ?2")
        let write = try database.cached("INSERT OR REPLACE INTO term_docs(term, block, data) VALUES (?1, ?2, ?3)")
        let delete = try database.cached("DELETE FROM term_docs WHERE term = ?1 AND block = ?2")
        var docsChange: [Int32: Int] = [:]
        for key in pending.keys.sorted() {
            guard let changes = pending[key] else { continue }
            let term = terms.terms[Int(key.term)]
            select.bind(textBytes: term, at: 1)
            select.bind(key.block, at: 2)
            var block = try select.step()
                ? select.withBlob(0) { TermDocs.Block(decoding: $0, block: key.block) } : TermDocs.Block()
            select.reset()
            let before = block.count
            for change in changes {
                if change.removes {
                    block.remove(id: change.id)
                } else {
                    block.set(id: change.id, title: change.title, body: change.body)
                }
            }
            docsChange[key.term, default: 0] += block.count - before
            if block.count == 0 {
                defer { delete.reset() }
                delete.bind(textBytes: term, at: 1)
                delete.bind(key.block, at: 2)
                _ = try delete.step()
            } else {
                try TermDocs.write(write, term: term, block: key.block, data: block.encoded(block: key.block))
            }
        }
        pending.removeAll(keepingCapacity: true)
        let update = try database.cached("UPDATE frequent_terms SET docs = docs + ?2 WHERE term = ?1")
        for (term, change) in docsChange where change != 0 {
            defer { update.reset() }
            update.bind(textBytes: terms.terms[Int(term)], at: 1)
            update.bind(change, at: 2)
            _ = try update.step()
        }
    }

    /// Forgets unwritten changes and the chosen terms: after a rollback, or
    /// when another process may have chosen again.
    func forget() {
        pending.removeAll()
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
