/// Keeps `term_docs` exact as articles are added and removed: it counts each
/// frequent term's instances in the same token stream FTS5 indexes, and
/// applies the changes to the stored blocks at every `flush`.
final class TermDocsWriter {
    private let database: Database
    /// The chosen terms, loaded on first use in a transaction, and handed to
    /// the parse workers, which count articles against them.
    private var shared: SharedFrequentTerms?
    private var enabled: Bool?
    /// Articles recorded since the last flush, in the order they happened,
    /// each owning the entries up to its `end` in `pendingEntries`.
    private var pendingArticles: [PendingArticle] = []
    /// The recorded articles' term counts, one after another; `flush` groups them by term.
    private var pendingEntries: [FrequentTermCounts.Entry] = []
    /// Each term's last chunk as this transaction wrote it: appends, the
    /// common case (ids follow dates), extend it without reading it back.
    private var lastChunks: [Int32: (first: Int64, list: TermDocs.Block)] = [:]
    private var counter = FrequentTermCounter()
    /// The grouped changes' storage, kept from flush to flush: a fresh array
    /// of a commit's changes (up to 40 MB) page-faulted in on every flush.
    private var groupedStorage: [Change] = []
    /// The lists of a run that writes a whole new index, kept out of the
    /// table until its last transaction (see `TermDocsSpill`).
    private var spill: TermDocsSpill?
    private lazy var analyzer = Analyzer()
    /// What recording did (`countedByWorkers`, `countedHere`) and what
    /// flushing did (the rest): apart, as a flush may run on its own thread.
    private var recordStatistics = Statistics()
    private var flushStatistics = Statistics()
    /// A spill's flush running on its own thread, if any (see `flush`).
    private var backgroundFlush: BackgroundFlush?
    /// Emptied pending arrays a background flush handed back, reused for the next batch of changes.
    private var spareArticles: [PendingArticle] = []
    private var spareEntries: [FrequentTermCounts.Entry] = []

    /// What the writer did, for tests to see which paths a run took.
    var statistics: Statistics {
        settleBackgroundFlush()
        var all = flushStatistics
        all.countedByWorkers = recordStatistics.countedByWorkers
        all.countedHere = recordStatistics.countedHere
        return all
    }

    struct Statistics: Equatable {
        /// Articles whose counts a parse worker made against the current terms.
        var countedByWorkers = 0
        /// Articles the writer counted itself.
        var countedHere = 0
        /// Terms whose changes went into the last chunk this transaction wrote, without reading it back.
        var cachedChunksUpdated = 0
        /// Chunks read back from the table.
        var chunksRead = 0
        /// Flushes that wrote changes.
        var flushes = 0
    }

    struct PendingArticle {
        let id: Int64
        let removes: Bool
        let end: Int
    }

    /// One article's counts of one term, or its removal: 16 bytes, as a
    /// commit's worth of them is held at once.
    private struct Change {
        let id: Int64
        let title: UInt32
        let body: UInt32

        init(id: Int64, title: UInt32, body: UInt32, removes: Bool) {
            self.id = id
            // No article has 2^32 - 1 instances of a word in its title (files are capped far below that).
            self.title = removes ? UInt32.max : title
            self.body = removes ? 0 : body
        }

        var removes: Bool { title == UInt32.max }
    }

    init(database: Database) {
        self.database = database
    }

    /// The chosen terms, for the parse workers; nil when the index keeps no lists.
    func frequentTerms() throws(SQLiteError) -> SharedFrequentTerms? {
        try prepared() ? shared : nil
    }

    /// Records a new article from the token streams FTS5 was given (title,
    /// body), or from a parse worker's counts of them against the same terms.
    func added(id: Int64, tokens: [PreTokenized], counted: FrequentTermCounts? = nil) throws(SQLiteError) {
        guard try prepared(), let shared else { return }
        if let counted, counted.terms === shared {
            recordStatistics.countedByWorkers += 1
            record(id: id, removes: false, counted.entries)
            return
        }
        recordStatistics.countedHere += 1
        record(id: id, removes: false, counter.counts(of: tokens, in: shared.set))
    }

    /// Records a new or removed article from the text FTS5 was given (with
    /// its language marker, see `LanguageMarker`), analysed as FTS5's
    /// tokenizer analyses a row it reads back.
    func changed(id: Int64, title: String, body: String, removes: Bool) throws(SQLiteError) {
        guard try prepared(), let shared else { return }
        var counting = counter.start(for: shared.set)
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
                    counting.count(token, column: column, in: shared.set)
                    return 0
                }
            }
        }
        record(id: id, removes: removes, counter.finish(counting))
    }

    private func record(id: Int64, removes: Bool, _ entries: [FrequentTermCounts.Entry]) {
        pendingEntries.append(contentsOf: entries)
        pendingArticles.append(PendingArticle(id: id, removes: removes, end: pendingEntries.count))
    }

    /// Term counts recorded and not yet written.
    var pendingEntryCount: Int { pendingEntries.count }

    /// Pending term counts past which the writer flushes before its commit:
    /// about 40 MB held (these and their grouping), some 10,000 news articles.
    /// Every flush rewrites each changed term's last chunk, so flushing once
    /// per commit instead of once per batch of about a thousand articles
    /// encodes and writes a tenth as much (a quarter of the writer's time
    /// at 100,000 articles went to those rewrites).
    static let defaultFlushEntries = 2_500_000
    /// `defaultFlushEntries` unless a test wants flushes between commits.
    var flushEntries = TermDocsWriter.defaultFlushEntries

    /// Writes the changed chunks and the terms' article counts.
    ///
    /// While the lists are spilled, the work runs on a thread of its own and
    /// this returns at once: it touches only the spill and the kept last
    /// chunks, never the database, and the writer meanwhile only records new
    /// changes into a second pair of arrays (these flushes were about 8% of
    /// the writer's time at 100,000 articles, and the writer is the indexer's
    /// critical path). The next flush, `writeSpilledLists`, `forget` and
    /// `statistics` wait for it first, and the first two rethrow its error.
    ///
    /// - Throws: `SQLiteError`; `ScratchFileError` while the lists are spilled.
    func flush() throws {
        if let job = backgroundFlush {
            backgroundFlush = nil
            try job.wait()
            (spareArticles, spareEntries) = job.emptiedArrays()
        }
        guard !pendingEntries.isEmpty, let terms = shared?.set else {
            pendingArticles.removeAll(keepingCapacity: true)
            pendingEntries.removeAll(keepingCapacity: true)
            return
        }
        flushStatistics.flushes += 1
        var articles = pendingArticles
        var entries = pendingEntries
        pendingArticles = spareArticles
        pendingEntries = spareEntries
        spareArticles = []
        spareEntries = []
        guard spill != nil, flushesSpillInBackground else {
            try apply(articles: articles, entries: entries, terms: terms)
            // Emptied here, where they are the only reference, so no copy is made to keep their capacity.
            articles.removeAll(keepingCapacity: true)
            entries.removeAll(keepingCapacity: true)
            (spareArticles, spareEntries) = (articles, entries)
            return
        }
        let job = BackgroundFlush(writer: self, articles: articles, entries: entries, terms: terms)
        backgroundFlush = job
        job.start()
    }

    /// Whether a spill's flushes run on their own thread (tests turn it off to compare).
    var flushesSpillInBackground = true

    /// Waits for a background flush, keeping its error for the next `flush`
    /// or `writeSpilledLists` to throw.
    private func settleBackgroundFlush() {
        backgroundFlush?.settle()
    }

    /// Applies `entries` of `articles` to the lists of `terms` (on the
    /// writer's thread, or a `BackgroundFlush`'s while the lists are spilled).
    func apply(articles: [PendingArticle], entries: [FrequentTermCounts.Entry], terms: FrequentTermSet) throws {
        let grouped = groupedByTerm(termCount: terms.terms.count, articles: articles, entries: entries)
        defer { groupedStorage = grouped.changes }
        for termIndex in 0..<Int32(terms.terms.count) where grouped.starts[Int(termIndex)] < grouped.starts[Int(termIndex) + 1] {
            let changes = grouped.changes[grouped.starts[Int(termIndex)]..<grouped.starts[Int(termIndex) + 1]]
            let term = terms.terms[Int(termIndex)]
            if try appended(changes, to: termIndex, of: term) {
                flushStatistics.cachedChunksUpdated += 1
                try changeDocs(of: termIndex, term, by: changes.count)
                continue
            }
            let cachedLast = lastChunks.removeValue(forKey: termIndex)
            var change = changes.startIndex
            var docsChange = 0
            var reachedLast = false
            while change < changes.endIndex {
                // A batch's first days often interleave with the last one's, so its changes land in
                // the term's last chunk, which this transaction wrote and kept: no need to read it back.
                var chunk: (first: Int64?, list: TermDocs.Block, nextFirst: Int64)
                if let cachedLast, changes[change].id >= cachedLast.first {
                    flushStatistics.cachedChunksUpdated += 1
                    chunk = (cachedLast.first, cachedLast.list, Int64.max)
                } else {
                    chunk = try chunkHolding(changes[change].id, of: termIndex, term)
                }
                let before = chunk.list.count
                var end = change
                while end < changes.endIndex && changes[end].id < chunk.nextFirst { end += 1 }
                chunk.list = TermDocsWriter.merged(chunk.list, changes[change..<end])
                change = end
                docsChange += chunk.list.count - before
                try replace(chunk.first, of: termIndex, term, with: chunk.list)
                if chunk.nextFirst == Int64.max {
                    reachedLast = true
                    if let last = chunk.list.chunks.last {
                        lastChunks[termIndex] = (chunk.list.ids[last.lowerBound], chunk.list.slice(last))
                    }
                }
            }
            if !reachedLast, let cachedLast {
                // Only earlier chunks changed: the last one is still as cached.
                lastChunks[termIndex] = cachedLast
            }
            if docsChange != 0 { try changeDocs(of: termIndex, term, by: docsChange) }
        }
    }

    private func changeDocs(of termIndex: Int32, _ term: [UInt8], by change: Int) throws(SQLiteError) {
        if let spill {
            spill.docs[Int(termIndex)] += change
            return
        }
        let update = try database.cached("UPDATE frequent_terms SET docs = docs + ?2 WHERE term = ?1")
        defer { update.reset() }
        update.bind(textBytes: term, at: 1)
        update.bind(change, at: 2)
        _ = try update.step()
    }

    /// Stores one chunk, in the spill or the table.
    private func store(_ termIndex: Int32, _ term: [UInt8], first: Int64, _ bytes: [UInt8]) throws {
        if let spill {
            try spill.write(term: termIndex, first: first, bytes: bytes)
        } else {
            try TermDocs.write(try database.cached(TermDocs.insertSQL), term: term, first: first, data: bytes)
        }
    }

    /// The pending changes grouped by term with a counting sort over the
    /// articles in id order: each term's changes come out in id order, and
    /// one id's in the order they happened. (A flush spans several batches,
    /// each in id order, whose days interleave.)
    private func groupedByTerm(termCount: Int, articles pendingArticles: [PendingArticle],
                               entries pendingEntries: [FrequentTermCounts.Entry]) -> (starts: [Int], changes: [Change]) {
        var starts = Array(repeating: 0, count: termCount + 1)
        for entry in pendingEntries { starts[Int(entry.term) + 1] += 1 }
        for index in 1..<starts.count { starts[index] += starts[index - 1] }
        let inIDOrder = pendingArticles.indices.sorted {
            (pendingArticles[$0].id, $0) < (pendingArticles[$1].id, $1)
        }
        var next = starts
        var grouped = groupedStorage
        groupedStorage = []
        grouped.removeAll(keepingCapacity: true)
        grouped.append(contentsOf: repeatElement(Change(id: 0, title: 0, body: 0, removes: false), count: pendingEntries.count))
        for articleIndex in inIDOrder {
            let article = pendingArticles[articleIndex]
            for entry in pendingEntries[(articleIndex == 0 ? 0 : pendingArticles[articleIndex - 1].end)..<article.end] {
                let term = Int(entry.term)
                grouped[next[term]] = Change(id: article.id, title: entry.title, body: entry.body, removes: article.removes)
                next[term] += 1
            }
        }
        return (starts, grouped)
    }

    /// `list` with `changes` (in id order; one id's in the order they
    /// happened) applied in one pass, instead of an insertion per change.
    private static func merged(_ list: TermDocs.Block, _ changes: ArraySlice<Change>) -> TermDocs.Block {
        var result = TermDocs.Block()
        result.ids.reserveCapacity(list.ids.count + changes.count)
        result.counts.reserveCapacity(list.counts.count + changes.count * TermDocs.columns)
        var kept = 0
        var change = changes.startIndex
        while change < changes.endIndex {
            let id = changes[change].id
            while kept < list.ids.count && list.ids[kept] < id {
                result.ids.append(list.ids[kept])
                result.counts.append(list.counts[kept * TermDocs.columns])
                result.counts.append(list.counts[kept * TermDocs.columns + 1])
                kept += 1
            }
            var current: (title: UInt32, body: UInt32)?
            if kept < list.ids.count && list.ids[kept] == id {
                current = (list.counts[kept * TermDocs.columns], list.counts[kept * TermDocs.columns + 1])
                kept += 1
            }
            while change < changes.endIndex && changes[change].id == id {
                current = changes[change].removes ? nil : (changes[change].title, changes[change].body)
                change += 1
            }
            if let current {
                result.ids.append(id)
                result.counts.append(current.title)
                result.counts.append(current.body)
            }
        }
        result.ids.append(contentsOf: list.ids[kept...])
        result.counts.append(contentsOf: list.counts[(kept * TermDocs.columns)...])
        return result
    }

    /// Applies `changes` when they only add articles after the term's last
    /// chunk as known here; false when they need the general path.
    private func appended(_ changes: ArraySlice<Change>, to termIndex: Int32, of term: [UInt8]) throws -> Bool {
        guard var last = lastChunks[termIndex], var previous = last.list.ids.last else { return false }
        for change in changes {
            guard !change.removes, change.id > previous else { return false }
            previous = change.id
        }
        let wasFull = last.list.count >= TermDocs.chunkEntries
        for change in changes { last.list.set(id: change.id, title: change.title, body: change.body) }
        // The first chunk keeps its key (`first`), so writing it replaces the stored one; a full one is unchanged.
        let pieces = last.list.chunks
        for piece in pieces.dropFirst(wasFull ? 1 : 0) {
            try store(termIndex, term, first: last.list.ids[piece.lowerBound], last.list.encoded(piece))
        }
        if let tail = pieces.last {
            lastChunks[termIndex] = (last.list.ids[tail.lowerBound], last.list.slice(tail))
        }
        return true
    }

    /// The stored chunk a change to `id` belongs in: the last one starting at
    /// or before it, else the first (or none yet), with where the next one starts.
    private func chunkHolding(_ id: Int64, of termIndex: Int32, _ term: [UInt8]) throws -> (first: Int64?, list: TermDocs.Block, nextFirst: Int64) {
        if let spill {
            guard let chunk = try spill.chunk(holding: id, of: termIndex) else { return (nil, TermDocs.Block(), Int64.max) }
            flushStatistics.chunksRead += 1
            let list = chunk.bytes.withUnsafeBytes { TermDocs.Block(decoding: $0, first: chunk.first) }
            return (chunk.first, list, chunk.nextFirst)
        }
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
        flushStatistics.chunksRead += 1
        let first = found.int64(0)
        let list = found.withBlob(1) { TermDocs.Block(decoding: $0, first: first) }
        after.bind(textBytes: term, at: 1)
        after.bind(first, at: 2)
        let nextFirst = try after.step() ? after.int64(0) : Int64.max
        return (first, list, nextFirst)
    }

    /// Replaces the chunk stored at `first` (if any) with `list`, split into chunks.
    private func replace(_ first: Int64?, of termIndex: Int32, _ term: [UInt8], with list: TermDocs.Block) throws {
        // A chunk that keeps its first id is overwritten in place by the insert below.
        if let first, list.ids.first != first, let spill {
            spill.delete(term: termIndex, first: first)
        } else if let first, list.ids.first != first {
            let delete = try database.cached("DELETE FROM term_docs WHERE term = ?1 AND first = ?2")
            defer { delete.reset() }
            delete.bind(textBytes: term, at: 1)
            delete.bind(first, at: 2)
            _ = try delete.step()
        }
        for chunk in list.chunks {
            try store(termIndex, term, first: list.ids[chunk.lowerBound], list.encoded(chunk))
        }
    }

    /// Forgets unwritten changes and the chosen terms: after a rollback, or
    /// when another process may have chosen again.
    func forget() {
        settleBackgroundFlush()
        backgroundFlush = nil
        spareArticles = []
        spareEntries = []
        groupedStorage = []
        spill = nil
        pendingArticles.removeAll()
        pendingEntries.removeAll()
        lastChunks.removeAll()
        shared = nil
        enabled = nil
    }

    /// Keeps the lists of `terms`, which start as `lists`, in a spill instead
    /// of the table, until `writeSpilledLists` writes them; for a run that
    /// writes a whole new index, with the choice made by `TermDocs.earlyChoice`
    /// and not written. False, keeping nothing, when no scratch file can be made.
    func spill(terms: [[UInt8]], lists: [TermDocs.Block], chosenAtRows: Int64) throws -> Bool {
        forget()
        guard let spill = TermDocsSpill(termCount: terms.count, chosenAtRows: chosenAtRows,
                                        folders: ScratchFile.folders(besideDatabaseAt: database.path)) else { return false }
        self.spill = spill
        enabled = true
        shared = SharedFrequentTerms(FrequentTermSet(terms: terms))
        for (termIndex, list) in lists.enumerated() {
            try replace(nil, of: Int32(termIndex), terms[termIndex], with: list)
            spill.docs[termIndex] = list.count
            if let last = list.chunks.last {
                lastChunks[Int32(termIndex)] = (list.ids[last.lowerBound], list.slice(last))
            }
        }
        return true
    }

    /// Whether the lists are kept in a spill (see `spill(terms:lists:chosenAtRows:)`).
    var isSpilling: Bool { spill != nil }

    /// Writes the spilled lists and the choice into the tables, in the run's
    /// last transaction, after its last `flush`; the writer keeps them in the
    /// table from then on.
    func writeSpilledLists() throws {
        try backgroundFlush?.wait()
        backgroundFlush = nil
        guard let spill, let terms = shared?.set.terms else { return }
        try spill.writeAll(into: database, terms: terms)
        self.spill = nil
    }

    /// Loads the chosen terms; false when the index keeps no lists.
    private func prepared() throws(SQLiteError) -> Bool {
        if enabled == nil {
            enabled = try TermDocs.exists(database)
        }
        guard enabled == true else { return false }
        if shared == nil {
            settleBackgroundFlush()
            shared = SharedFrequentTerms(try FrequentTermSet(database))
            pendingArticles.removeAll()
            pendingEntries.removeAll()
            lastChunks.removeAll()
        }
        return true
    }
}
