/// Writes articles into the index tables and the FTS index, keeping them in
/// step. All SQL is prepared once per connection and bound.
final class ArticleWriter {
    let database: Database
    private var sourceIDs: [String: Int] = [:]
    private var languageIDs: [String: Int] = [:]
    private var nextSequence: [Int: Int64] = [:]
    /// The lowest id each day got in this run. A day's ids are handed out
    /// from one above its highest, so no article older than the run has an
    /// id at or above it: one entry per day, not per article.
    private var lowestNewID: [Int: Int64] = [:]

    /// Keeps copy clusters in step with every insert and delete.
    let copies: CopyDetector
    /// Keeps each article's length and source beside FTS5, for ranking and facets.
    private let facts: ArticleFactsWriter
    /// Keeps the frequent terms' document lists beside FTS5, for search.
    private let termDocs: TermDocsWriter

    /// `copyThreshold` nil turns copy detection off for new articles.
    init(database: Database, copyThreshold: Double? = CopySignature.defaultThreshold) {
        self.database = database
        self.copies = CopyDetector(database: database, threshold: copyThreshold)
        self.facts = ArticleFactsWriter(database: database)
        self.termDocs = TermDocsWriter(database: database)
    }

    /// An article already in the index, as the indexer compares it.
    struct Stored {
        let id: Int64
        /// Canonical path of the file the article came from.
        let file: String
        /// The path as the user gave it.
        let path: String
        let day: Day
        let hash: Int64
    }

    func stored(url: String) throws(SQLiteError) -> Stored? {
        let statement = try database.cached("SELECT id, file, path, hash FROM articles WHERE url = ?1")
        defer { statement.reset() }
        statement.bind(url, at: 1)
        guard try statement.step() else { return nil }
        let id = statement.int64(0)
        return Stored(id: id, file: statement.string(1), path: statement.string(2), day: ArticleID.day(of: id),
                      hash: statement.int64(3))
    }

    /// Inserts a new article and returns its id.
    ///
    /// - Throws: `SQLiteError`; `DayFullError` when its day has no id left;
    ///   the copy detector's `ScratchFileError`.
    @discardableResult
    func insert(_ article: ParsedArticle, body: String, tokens: [PreTokenized], file: String, path: String,
                hash: Int64, bytes: Int, copy: CopyAnalysis? = nil, termCounts: FrequentTermCounts? = nil) throws -> Int64 {
        let id = try newID(for: article.date)
        let sourceID = try sourceID(for: article.source)
        let languageID = try languageID(for: article.language)
        try database.cached("""
            INSERT INTO articles(id, url, source_id, day, title, body, path, file, hash, bytes, lang)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """).run([.integer(Int(id)), .text(article.url), .integer(sourceID),
                      .integer(article.date.daysSinceEpoch), .text(article.title), .text(body),
                      .text(path), .text(file), .integer(Int(hash)), .integer(bytes), .text(article.language)])
        try database.cached("INSERT INTO article_sources(id, source_id) VALUES (?1, ?2)")
            .run([.integer(Int(id)), .integer(sourceID)])
        pendingFullText[id] = pendingRows.count
        pendingRows.append(PendingRow(id: id, sourceID: sourceID, languageID: languageID, language: article.language,
                                      title: article.title, body: body, tokens: tokens, termCounts: termCounts))
        try copies.added(id: id, paragraphs: article.paragraphs, analysis: copy)
        return id
    }

    /// A row written to `articles` whose full-text entry is still to be added.
    private struct PendingRow {
        let id: Int64
        let sourceID: Int
        let languageID: Int
        let language: String
        let title: String
        let body: String
        let tokens: [PreTokenized]
        let termCounts: FrequentTermCounts?
    }

    // FTS5 writes its pending terms out as a new segment at every savepoint,
    // and SQLite opens one for each statement that may need a partial
    // rollback (an upsert, an insert under a UNIQUE constraint). So full-text
    // rows are not added one by one between such statements, which would
    // make one segment per article, but all together by `flushFullText`,
    // once per batch and before every commit.
    private var pendingRows: [PendingRow?] = []
    private var pendingFullText: [Int64: Int] = [:]

    /// Adds the full-text rows of the articles inserted since the last call.
    /// The frequent terms' lists are written when `committing`, or before
    /// when their pending changes pass `TermDocsWriter.flushEntries`.
    ///
    /// - Throws: `SQLiteError`; `ScratchFileError` while the lists are spilled.
    func flushFullText(committing: Bool = false) throws {
        defer {
            pendingRows.removeAll(keepingCapacity: true)
            pendingFullText.removeAll(keepingCapacity: true)
            database.tokenizerContext.pending.removeAll()
        }
        let statement = try database.cached("INSERT INTO fts(rowid, title, body) VALUES (?1, ?2, ?3)")
        for case let row? in pendingRows {
            // The tokenizer replays these instead of tokenizing the row again.
            database.tokenizerContext.pending = row.tokens
            try statement.run([.integer(Int(row.id)), .text(LanguageMarker.marked(row.title, language: row.language)),
                               .text(LanguageMarker.marked(row.body, language: row.language))])
            // FTS5 counts exactly the replayed tokens' positions; without a hand-off it tokenized
            // the text itself, and its own count is read back.
            let length = row.tokens.count == 2 ? row.tokens[0].lengthInTokens + row.tokens[1].lengthInTokens
                : try ArticleFacts.documentSize(database, id: row.id) ?? 0
            try facts.set(id: row.id, length: length, source: row.sourceID, language: row.languageID)
            if row.tokens.count == 2 {
                try termDocs.added(id: row.id, tokens: row.tokens, counted: row.termCounts)
            } else {
                try termDocs.changed(id: row.id, title: LanguageMarker.marked(row.title, language: row.language),
                                     body: LanguageMarker.marked(row.body, language: row.language), removes: false)
            }
        }
        try facts.flush()
        if committing || termDocs.pendingEntryCount >= termDocs.flushEntries { try termDocs.flush() }
        if facts.cachedChunks > ArticleFactsWriter.cacheLimit { facts.forget() }
    }

    /// Removes an article from the FTS index and the articles table.
    func delete(id: Int64) throws(SQLiteError) {
        // An external-content FTS5 table deletes by the old values (as FTS5 saw them,
        // with their language's marker), so they are read first.
        let select = try database.cached("SELECT title, body FROM fts_content WHERE id = ?1")
        select.bind(id, at: 1)
        guard try select.step() else { select.reset(); return }
        let title = select.string(0)
        let body = select.string(1)
        select.reset()
        try copies.removed(id: id)
        try facts.clear(id: id)
        if let pending = pendingFullText.removeValue(forKey: id) {
            // Not in the full-text index yet: dropping the pending row is the whole delete.
            pendingRows[pending] = nil
        } else {
            try database.cached("INSERT INTO fts(fts, rowid, title, body) VALUES ('delete', ?1, ?2, ?3)")
                .run([.integer(Int(id)), .text(title), .text(body)])
            try termDocs.changed(id: id, title: title, body: body, removes: true)
        }
        try database.cached("DELETE FROM articles WHERE id = ?1").run([.integer(Int(id))])
        try database.cached("DELETE FROM article_sources WHERE id = ?1").run([.integer(Int(id))])
    }

    /// Replaces an article's content (its URL stays); returns the new id.
    @discardableResult
    func replace(id: Int64, with article: ParsedArticle, body: String, tokens: [PreTokenized], file: String,
                 path: String, hash: Int64, bytes: Int, copy: CopyAnalysis? = nil,
                 termCounts: FrequentTermCounts? = nil) throws -> Int64 {
        try delete(id: id)
        return try insert(article, body: body, tokens: tokens, file: file, path: path, hash: hash, bytes: bytes,
                          copy: copy, termCounts: termCounts)
    }

    /// Points an article at another file, for a file moved within its root.
    func move(id: Int64, toFile file: String, path: String) throws(SQLiteError) {
        try database.cached("UPDATE articles SET file = ?2, path = ?3 WHERE id = ?1")
            .run([.integer(Int(id)), .text(file), .text(path)])
    }

    private func sourceID(for host: String) throws(SQLiteError) -> Int {
        if let id = sourceIDs[host] { return id }
        try database.cached("INSERT OR IGNORE INTO sources(host) VALUES (?1)").run([.text(host)])
        let id = try database.scalarInt("SELECT id FROM sources WHERE host = ?1", [.text(host)]) ?? 0
        sourceIDs[host] = id
        return id
    }

    /// The small id of a language (1-255) kept beside each article's source
    /// in `article_facts`; 0 for "not known" and past the 255th language.
    private func languageID(for code: String) throws(SQLiteError) -> Int {
        if let id = languageIDs[code] { return id }
        // "" has a row too, so that queries know the index holds text of no known language.
        try database.cached("INSERT OR IGNORE INTO languages(code) VALUES (?1)").run([.text(code)])
        let stored = try database.scalarInt("SELECT id FROM languages WHERE code = ?1", [.text(code)]) ?? 0
        let id = code.isEmpty || stored > ArticleFacts.maxLanguageID ? 0 : stored
        languageIDs[code] = id
        return id
    }

    /// The next free id of the article's day (ids follow publication date).
    private func newID(for day: Day) throws -> Int64 {
        let key = ArticleID.dayKey(day)
        let next: Int64
        if let cached = nextSequence[key] {
            next = cached
        } else {
            let first = ArticleID.first(of: day)
            let maxID = try database.scalarInt("SELECT max(id) FROM articles WHERE id BETWEEN ?1 AND ?2",
                                               [.integer(Int(first)), .integer(Int(ArticleID.last(of: day)))])
            next = maxID.map { Int64($0) + 1 } ?? first
        }
        guard next <= ArticleID.last(of: day) else {
            throw DayFullError(day: day)
        }
        nextSequence[key] = next + 1
        lowestNewID[key] = min(lowestNewID[key] ?? next, next)
        return next
    }

    /// The frequent terms whose lists the writer keeps, for the parse workers
    /// to count articles against; nil when the index keeps no lists.
    func frequentTerms() throws(SQLiteError) -> SharedFrequentTerms? {
        try termDocs.frequentTerms()
    }

    var termDocsStatistics: TermDocsWriter.Statistics { termDocs.statistics }

    /// Keeps the frequent terms' lists in a spill until the run's last
    /// transaction (see `TermDocsWriter.spill(terms:lists:chosenAtRows:)`).
    func spillFrequentTermLists(terms: [[UInt8]], lists: [TermDocs.Block], chosenAtRows: Int64) throws -> Bool {
        try termDocs.spill(terms: terms, lists: lists, chosenAtRows: chosenAtRows)
    }

    /// Writes spilled lists into the tables, after the last flush of the run's last transaction.
    func writeSpilledFrequentTermLists() throws {
        try termDocs.writeSpilledLists()
    }

    /// Pending term counts past which the lists are written before a commit.
    var termDocsFlushEntries: Int {
        get { termDocs.flushEntries }
        set { termDocs.flushEntries = newValue }
    }

    /// Whether the spill's flushes run on their own thread (see `TermDocsWriter.flush`).
    var termDocsFlushesSpillInBackground: Bool {
        get { termDocs.flushesSpillInBackground }
        set { termDocs.flushesSpillInBackground = newValue }
    }

    /// Starts an index run: `addedThisRun` forgets earlier runs.
    func startRun() {
        lowestNewID.removeAll()
    }

    /// Whether the article was added by the current run.
    func addedThisRun(_ id: Int64) -> Bool {
        guard let lowest = lowestNewID[ArticleID.dayKey(ArticleID.day(of: id))] else { return false }
        return id >= lowest
    }

    /// Forgets cached ids and unwritten rows; called after a rollback.
    func resetCaches() {
        facts.forget()
        termDocs.forget()
        pendingRows.removeAll()
        pendingFullText.removeAll()
        sourceIDs.removeAll()
        languageIDs.removeAll()
        nextSequence.removeAll()
    }
}

/// A 64-bit hash of an article's title and body: the content hash that
/// tells a changed article from a touched file. Eight bytes per step
/// (multiply and xor-shift), since it runs over every byte of every article.
func contentHash(title: String, body: String) -> Int64 {
    var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
    func mix(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            var offset = 0
            while offset + 8 <= bytes.count {
                hash = step(hash, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                offset += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                tail |= UInt64(base[offset]) << shift
                shift += 8
                offset += 1
            }
            hash = step(hash, tail ^ (UInt64(bytes.count) << 56))
        }
    }
    func step(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        var value = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
        value ^= value >> 31
        return value &* 0x94D0_49BB_1331_11EB
    }
    mix(title)
    mix(body)
    return Int64(bitPattern: hash ^ (hash >> 29))
}
