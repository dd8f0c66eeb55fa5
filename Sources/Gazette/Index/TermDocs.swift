/// Document lists of the archive's frequent terms, kept beside FTS5: for each
/// term in `frequent_terms`, every article containing it with the term's
/// instances per column, and nothing else (no positions).
///
/// A word in a third of the archive has tens of thousands of postings. FTS5
/// hands them out one callback at a time with their positions, which is most
/// of what such a query costs; here they are a few compact blobs a search
/// decodes in a tight loop. Exactly the counts FTS5 would give are stored (the
/// writer counts the same token stream FTS5 indexes), so BM25 over them equals
/// `bm25()` to the last bit, which `RankingEquivalenceTests` checks.
///
/// Rows are (term, first id) chunks of at most `chunkEntries` articles in id
/// order, like the postings blocks of Lucene and tantivy: a blob stays small
/// enough to live inside its B-tree page (no overflow pages, which a long
/// blob half-fills), a write rewrites one small chunk, and a date filter
/// reads only the chunks in its id range. A blob is entries in id order, each
/// the id's distance from the previous one (the first entry's from the chunk's
/// first id, so 0) and the instances packed as `body << 2 | title` when the
/// title has fewer than 3 (else `body << 2 | 3` and then the title), LEB128
/// varints.
///
/// Which terms are frequent is decided by `refresh` at the end of an index
/// run (`FrequentTermPolicy`); between decisions the writer keeps every
/// chosen term's lists exact through adds, replacements and deletions.
enum TermDocs {
    static let columns = 2
    /// Articles per chunk: about 2.5 KB, well under the largest payload a
    /// 16 KB page keeps inline.
    static let chunkEntries = 1_000

    static let createSQL = """
        CREATE TABLE frequent_terms(
            term TEXT PRIMARY KEY,
            docs INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE term_docs(
            term TEXT NOT NULL,
            first INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY(term, first)
        ) WITHOUT ROWID;
        """

    /// `meta` key: the row count at the last choice of frequent terms.
    static let selectedAtKey = "frequent_terms_rows"


    static func exists(_ database: Database) throws(SQLiteError) -> Bool {
        try database.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'term_docs'") == 1
    }

    /// One term's articles in a chunk (or any run of them), in id order.
    struct Block {
        var ids: [Int64] = []
        /// `counts[i * columns + column]`.
        var counts: [UInt32] = []

        var count: Int { ids.count }

        /// Adds or overwrites `id`'s counts, keeping id order.
        mutating func set(id: Int64, title: UInt32, body: UInt32) {
            if let last = ids.last, last >= id {
                let at = insertionPoint(of: id)
                if at < ids.count, ids[at] == id {
                    counts[at * TermDocs.columns] = title
                    counts[at * TermDocs.columns + 1] = body
                    return
                }
                ids.insert(id, at: at)
                counts.insert(contentsOf: [title, body], at: at * TermDocs.columns)
            } else {
                ids.append(id)
                counts.append(title)
                counts.append(body)
            }
        }

        mutating func remove(id: Int64) {
            let at = insertionPoint(of: id)
            guard at < ids.count, ids[at] == id else { return }
            ids.remove(at: at)
            counts.removeSubrange(at * TermDocs.columns..<(at + 1) * TermDocs.columns)
        }

        private func insertionPoint(of id: Int64) -> Int {
            var low = 0
            var high = ids.count
            while low < high {
                let middle = (low + high) / 2
                if ids[middle] < id { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// The entries `range` as a stored blob, its first id the chunk's key.
        func encoded(_ range: Range<Int>) -> [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(range.count * 3)
            var previous = range.isEmpty ? 0 : ids[range.lowerBound]
            for index in range {
                TermDocs.appendVarint(UInt64(ids[index] - previous), to: &bytes)
                previous = ids[index]
                let title = UInt64(counts[index * TermDocs.columns])
                let body = UInt64(counts[index * TermDocs.columns + 1])
                if title < 3 {
                    TermDocs.appendVarint(body << 2 | title, to: &bytes)
                } else {
                    TermDocs.appendVarint(body << 2 | 3, to: &bytes)
                    TermDocs.appendVarint(title, to: &bytes)
                }
            }
            return bytes
        }

        /// The entries in `range`.
        func slice(_ range: Range<Int>) -> Block {
            var part = Block()
            part.ids = Array(ids[range])
            part.counts = Array(counts[range.lowerBound * TermDocs.columns..<range.upperBound * TermDocs.columns])
            return part
        }

        /// Index ranges of the chunks these entries are stored as: full
        /// chunks from the start, the rest in the last.
        var chunks: [Range<Int>] {
            stride(from: 0, to: ids.count, by: TermDocs.chunkEntries).map {
                $0..<min(ids.count, $0 + TermDocs.chunkEntries)
            }
        }

        init() {}

        /// Decodes a stored blob; a truncated entry at the end is dropped.
        init(decoding bytes: UnsafeRawBufferPointer, first: Int64) {
            var reader = TermDocs.Reader(bytes, first: first)
            while let entry = reader.next() {
                ids.append(entry.id)
                counts.append(entry.title)
                counts.append(entry.body)
            }
        }
    }

    /// Walks a blob's entries without copying it.
    struct Reader {
        private let bytes: UnsafeRawBufferPointer
        private var offset = 0
        private var previous: Int64

        init(_ bytes: UnsafeRawBufferPointer, first: Int64) {
            self.bytes = bytes
            previous = first
        }

        @inline(__always)
        mutating func next() -> (id: Int64, title: UInt32, body: UInt32)? {
            guard let delta = varint(), let packed = varint() else { return nil }
            var title = packed & 3
            if title == 3 {
                guard let long = varint() else { return nil }
                title = long
            }
            previous &+= Int64(truncatingIfNeeded: delta)
            return (previous, UInt32(truncatingIfNeeded: title), UInt32(truncatingIfNeeded: packed >> 2))
        }

        @inline(__always)
        private mutating func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
                if shift > 63 { return nil }
            }
            return nil
        }
    }

    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}

/// When a term counts as frequent, and when the choice is made again.
public struct FrequentTermPolicy: Sendable, Equatable {
    /// A term is frequent from this many articles on...
    public var minimumArticles: Int
    /// ...and from this share of the archive on, whichever is more.
    public var shareOfArchive: Double
    /// The choice is made at the end of a run when none was made yet, or when
    /// the run added, changed or removed this share of the archive's articles.
    /// Between choices the chosen terms' lists are kept exact; a term that
    /// became frequent meanwhile is answered by FTS5, only more slowly.
    public var rechooseAfterChangedShare: Double

    public init(minimumArticles: Int = 1_000, shareOfArchive: Double = 0.02, rechooseAfterChangedShare: Double = 0.1) {
        self.minimumArticles = minimumArticles
        self.shareOfArchive = shareOfArchive
        self.rechooseAfterChangedShare = rechooseAfterChangedShare
    }

    func threshold(rows: Int64) -> Int64 {
        max(Int64(max(1, minimumArticles)), Int64((Double(rows) * shareOfArchive).rounded(.up)))
    }

    /// The first large run's choice at its first commit (see `TermDocs.refresh`).
    func earlyThreshold(rows: Int64) -> Int64 {
        max(Int64(min(max(1, minimumArticles), 20)), Int64((Double(rows) * shareOfArchive).rounded(.up)))
    }
}

extension TermDocs {
    static let insertSQL = "INSERT OR REPLACE INTO term_docs(term, first, data) VALUES (?1, ?2, ?3)"

    /// Runs `insertSQL`.
    static func write(_ statement: Statement, term: [UInt8], first: Int64, data: [UInt8]) throws(SQLiteError) {
        defer { statement.reset() }
        statement.bind(textBytes: term, at: 1)
        statement.bind(first, at: 2)
        statement.bind(blob: data, at: 3)
        _ = try statement.step()
    }
}
