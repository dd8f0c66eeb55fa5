/// Each article's length in tokens and its source, packed 64 articles to a
/// row, for ranking and facets outside FTS5.
///
/// BM25 needs every match's length. FTS5 keeps it in `fts_docsize`, one row
/// per article, which costs a B-tree lookup per match; and facets need every
/// match's source, another lookup per match in `article_sources`. Here both
/// sit in rows of 64 consecutive article ids (ids follow dates, so a day's
/// articles share a few rows), which a reader loads into memory once per
/// index version: about 6 bytes an article.
///
/// A row's blob holds 6 bytes per slot up to its highest used slot: the
/// length as a little-endian UInt16 and a UInt32 whose low 24 bits are the
/// source id (0: no article) and whose top 8 bits are the language's id in
/// `languages` (0: not known, as in every index made before languages). A length of 65,535 or more is stored as 65,535, a lower bound:
/// readers look the real one up in `fts_docsize`.
enum ArticleFacts {
    static let slotBits = 6
    static let slotsPerChunk = 1 << slotBits
    static let entryBytes = 6
    /// The largest stored length; longer articles are looked up in `fts_docsize`.
    static let saturatedLength = Int(UInt16.max)
    /// Source ids take the low 24 bits of the second field, language ids the top 8.
    static let sourceBits: UInt32 = 24
    static let sourceMask: UInt32 = (1 << sourceBits) - 1
    static let maxLanguageID = 255

    static let createSQL = """
        CREATE TABLE article_facts(
            chunk INTEGER PRIMARY KEY,
            data BLOB NOT NULL
        );
        """

    static func chunk(of id: Int64) -> Int64 { id >> Int64(slotBits) }
    static func slot(of id: Int64) -> Int { Int(id & Int64(slotsPerChunk - 1)) }

    /// The article's length in tokens over all columns, as FTS5 counts it for
    /// BM25 (`xColumnSize(-1)`), or nil when it has no row.
    static func documentSize(_ database: Database, id: Int64) throws(SQLiteError) -> Int? {
        let select = try database.cached("SELECT sz FROM fts_docsize WHERE id = ?1")
        defer { select.reset() }
        select.bind(id, at: 1)
        guard try select.step() else { return nil }
        return sumOfVarints(select.blob(0))
    }

    /// Sums the SQLite varints of a `%_docsize` blob (one per column).
    static func sumOfVarints(_ bytes: [UInt8]) -> Int {
        var total = 0
        SQLiteVarints.forEach(in: bytes) { total &+= Int(truncatingIfNeeded: $0) }
        return total
    }

    static func exists(_ database: Database) throws(SQLiteError) -> Bool {
        try database.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'article_facts'") == 1
    }

    /// Creates and fills the table for an index made before it existed.
    static func build(_ database: Database) throws(SQLiteError) {
        try database.execute(createSQL)
        let writer = ArticleFactsWriter(database: database)
        let select = try database.prepare("""
            SELECT d.id, d.sz, a.source_id, coalesce(l.id, 0) FROM fts_docsize d
            JOIN article_sources a ON a.id = d.id JOIN articles r ON r.id = d.id LEFT JOIN languages l ON l.code = r.lang
            """)
        while try select.step() {
            try writer.set(id: select.int64(0), length: sumOfVarints(select.blob(1)), source: select.int(2),
                           language: select.int(3))
        }
        try writer.flush()
    }
}

/// Keeps `article_facts` in step with the writer: rows are read on first
/// touch, changed in memory and written back by `flush`.
final class ArticleFactsWriter {
    private let database: Database
    private var chunks: [Int64: [UInt8]] = [:]
    private var dirty: Set<Int64> = []

    init(database: Database) {
        self.database = database
    }

    func set(id: Int64, length: Int, source: Int, language: Int = 0) throws(SQLiteError) {
        let key = ArticleFacts.chunk(of: id)
        try load(key)
        let offset = ArticleFacts.slot(of: id) * ArticleFacts.entryBytes
        let stored = UInt16(clamping: max(0, length))
        let languageBits = UInt32(clamping: min(max(0, language), ArticleFacts.maxLanguageID)) << ArticleFacts.sourceBits
        let sourceBits = (UInt32(clamping: max(0, source)) & ArticleFacts.sourceMask) | languageBits
        // Changed in place: the dictionary's default subscript lends its storage, so no row is copied.
        ArticleFactsWriter.write(into: &chunks[key, default: []], at: offset,
                                 [UInt8(truncatingIfNeeded: stored), UInt8(truncatingIfNeeded: stored >> 8),
                                  UInt8(truncatingIfNeeded: sourceBits), UInt8(truncatingIfNeeded: sourceBits >> 8),
                                  UInt8(truncatingIfNeeded: sourceBits >> 16), UInt8(truncatingIfNeeded: sourceBits >> 24)])
        dirty.insert(key)
    }

    func clear(id: Int64) throws(SQLiteError) {
        let key = ArticleFacts.chunk(of: id)
        try load(key)
        ArticleFactsWriter.write(into: &chunks[key, default: []], at: ArticleFacts.slot(of: id) * ArticleFacts.entryBytes,
                                 [0, 0, 0, 0, 0, 0])
        dirty.insert(key)
    }

    private static func write(into bytes: inout [UInt8], at offset: Int, _ entry: [UInt8]) {
        if bytes.count < offset + entry.count {
            bytes.append(contentsOf: repeatElement(0, count: offset + entry.count - bytes.count))
        }
        for (index, byte) in entry.enumerated() { bytes[offset + index] = byte }
    }

    /// Writes the changed rows; the cache is kept for the rest of the transaction.
    func flush() throws(SQLiteError) {
        guard !dirty.isEmpty else { return }
        let upsert = try database.cached("INSERT OR REPLACE INTO article_facts(chunk, data) VALUES (?1, ?2)")
        let delete = try database.cached("DELETE FROM article_facts WHERE chunk = ?1")
        for key in dirty.sorted() {
            guard let bytes = chunks[key] else { continue }
            if bytes.allSatisfy({ $0 == 0 }) {
                try delete.run([.integer(Int(key))])
            } else {
                upsert.bind(key, at: 1)
                upsert.bind(blob: bytes, at: 2)
                _ = try upsert.step()
                upsert.reset()
            }
        }
        dirty.removeAll(keepingCapacity: true)
    }

    /// Rows kept between flushes: about 24 MB at most, so a run's memory stays bounded.
    static let cacheLimit = 65_536
    var cachedChunks: Int { chunks.count }

    /// Forgets every cached row: after a commit (bounded memory) or a rollback (stale rows).
    func forget() {
        chunks.removeAll()
        dirty.removeAll()
    }

    /// Reads a row into the cache unless it is there already.
    private func load(_ key: Int64) throws(SQLiteError) {
        guard chunks[key] == nil else { return }
        let select = try database.cached("SELECT data FROM article_facts WHERE chunk = ?1")
        defer { select.reset() }
        select.bind(key, at: 1)
        chunks[key] = try select.step() ? select.blob(0) : []
    }
}

/// `article_facts` in memory, as one read snapshot saw it.
final class ArticleFactsSnapshot {
    /// Row keys in ascending order; entry `i * 64 + slot` belongs to `chunkKeys[i]`.
    let chunkKeys: [Int64]
    let lengths: [UInt16]
    let sources: [UInt32]
    /// The shortest article's length: BM25 bounds for early termination (`ScoreBound`) are taken there.
    let shortestLength: Int
    /// Articles with an entry.
    let articles: Int

    init(_ database: Database) throws(SQLiteError) {
        var keys: [Int64] = []
        var lengths: [UInt16] = []
        var sources: [UInt32] = []
        // Sized from the row count, and each row decoded into a small buffer appended whole:
        // every CLI search pays this load. Appending entry by entry, each append checking the
        // array's uniqueness, took twice as long (12.7 ms against 5.8 ms at 1,000,000 articles).
        let rows = try database.scalarInt("SELECT count(*) FROM article_facts") ?? 0
        keys.reserveCapacity(rows)
        lengths.reserveCapacity(rows * ArticleFacts.slotsPerChunk)
        sources.reserveCapacity(rows * ArticleFacts.slotsPerChunk)
        var shortest = Int(UInt16.max)
        var articles = 0
        var rowLengths = [UInt16](repeating: 0, count: ArticleFacts.slotsPerChunk)
        var rowSources = [UInt32](repeating: 0, count: ArticleFacts.slotsPerChunk)
        // Rows come in key order: `chunk` is the rowid.
        let select = try database.cached("SELECT chunk, data FROM article_facts ORDER BY chunk")
        defer { select.reset() }
        while try select.step() {
            keys.append(select.int64(0))
            rowLengths.withUnsafeMutableBufferPointer { rowLengths in
                rowSources.withUnsafeMutableBufferPointer { rowSources in
                    select.withBlob(1) { bytes in
                        let entries = min(ArticleFacts.slotsPerChunk, bytes.count / ArticleFacts.entryBytes)
                        for slot in 0..<ArticleFacts.slotsPerChunk {
                            guard slot < entries else {
                                rowLengths[slot] = 0
                                rowSources[slot] = 0
                                continue
                            }
                            let offset = slot * ArticleFacts.entryBytes
                            let length = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
                            let source = UInt32(bytes[offset + 2]) | UInt32(bytes[offset + 3]) << 8
                                | UInt32(bytes[offset + 4]) << 16 | UInt32(bytes[offset + 5]) << 24
                            rowLengths[slot] = length
                            rowSources[slot] = source
                            if source != 0 {
                                shortest = min(shortest, Int(length))
                                articles += 1
                            }
                        }
                    }
                }
            }
            lengths.append(contentsOf: rowLengths)
            sources.append(contentsOf: rowSources)
        }
        self.chunkKeys = keys
        self.lengths = lengths
        self.sources = sources
        shortestLength = shortest
        self.articles = articles
    }

    /// Finds entries for ids met in ascending order, moving forward from the last one found.
    struct Cursor {
        var position = 0
    }

    /// Where the article's entry is, or nil when the index has none for it.
    @inline(__always)
    func entry(of id: Int64, cursor: inout Cursor) -> Int? {
        guard let index = slotIndex(of: id, cursor: &cursor) else { return nil }
        return sources[index] == 0 ? nil : index
    }

    /// Starts loading the facts of `id` into the CPU's caches, for a loop that
    /// reads them a few matches later: a query's matches are scattered over the
    /// archive, so each first read of their facts missed the caches. `cursor`
    /// is this look-ahead's own, moving forward as `entry(of:cursor:)`'s does.
    @inline(__always)
    func prefetch(_ id: Int64, cursor: inout Cursor) {
        guard let index = slotIndex(of: id, cursor: &cursor) else { return }
        sources.withUnsafeBufferPointer { if let base = $0.baseAddress { CacheHint.prefetch(base + index) } }
        lengths.withUnsafeBufferPointer { if let base = $0.baseAddress { CacheHint.prefetch(base + index) } }
    }

    /// The index of `id`'s slot in `lengths` and `sources` (filled or not), or
    /// nil when its chunk has no row; `cursor` moves forward to its chunk.
    @inline(__always)
    private func slotIndex(of id: Int64, cursor: inout Cursor) -> Int? {
        let key = ArticleFacts.chunk(of: id)
        var position = cursor.position
        if position >= chunkKeys.count || chunkKeys[position] != key {
            position = chunkKeys.firstPosition(notBelow: key, from: position < chunkKeys.count && chunkKeys[position] < key ? position : 0)
            guard position < chunkKeys.count, chunkKeys[position] == key else { return nil }
            cursor.position = position
        }
        return position * ArticleFacts.slotsPerChunk + ArticleFacts.slot(of: id)
    }

    @inline(__always) func length(at entry: Int) -> Int { Int(lengths[entry]) }
    @inline(__always) func source(at entry: Int) -> Int { Int(sources[entry] & ArticleFacts.sourceMask) }
    /// The article's language id in `languages` (0: not known).
    @inline(__always) func language(at entry: Int) -> Int { Int(sources[entry] >> ArticleFacts.sourceBits) }
}
