#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Walks input roots, parses each dump and brings the index up to date:
/// new files are added, changed files replace their article, unchanged files
/// are skipped without being read, and files that disappeared lose their
/// article unless `keepMissing` is set.
public final class Indexer {
    let index: GazetteIndex
    let options: IndexOptions
    private let writer: ArticleWriter
    var database: Database { index.database }
    private var summary = IndexSummary()
    private var pendingInTransaction = 0
    /// Called between listing the files and reading them: lets tests change
    /// the tree in that window (a file that vanishes, a file turned folder).
    var afterWalk: (() -> Void)?
    /// The parse pipeline of a run that failed, kept so tests can see its thread stopped.
    private(set) var lastPipeline: ParseAhead?
    /// The running parse pipeline, told the frequent terms again when the writer reloads them.
    private var parse: ParseAhead?
    /// Called between a commit and the next transaction: lets tests write
    /// from another connection where another process could.
    var betweenTransactions: (() throws -> Void)?
    /// What the frequent words' list writer did so far, for tests.
    var termDocsStatistics: TermDocsWriter.Statistics { writer.termDocsStatistics }
    /// Files the last run's writer parsed itself while waiting for the parse workers.
    private(set) var filesParsedByWriter = 0
    /// The run's background checkpointer (nil when it could not start: then SQLite checkpoints in each commit).
    var checkpointer: BackgroundCheckpointer?
    /// What the last run's checkpointer did (tests look at it); nil when the run had none.
    var lastCheckpointCounts: (checkpoints: Int, restarts: Int)?
    /// The connection's automatic checkpoint before the run turned it off.
    var automaticCheckpointPages: Int?

    /// The page cache of an index run's connection, in KiB: a fixed bound, whatever the corpus size.
    static let writeCacheKiB = 65_536

    public init(index: GazetteIndex, options: IndexOptions = IndexOptions()) {
        self.index = index
        self.options = options
        self.writer = ArticleWriter(database: index.database,
                                    copyThreshold: options.detectCopies ? options.copyThreshold : nil)
        writer.copies.bandMemoryKeys = options.copyBandMemoryKeys
        writer.termDocsFlushEntries = options.termDocsFlushEntries
        writer.termDocsFlushesSpillInBackground = options.flushSpillInBackground
    }

    /// A root to index: its canonical path (the files' identity) and the
    /// path as the user gave it (shown in results).
    private struct Root {
        let canonical: String
        let shown: String
    }

    /// What comparing the walk with the index found.
    private struct Scan {
        var filesTotal = 0
        var bytesTotal: Int64 = 0
        var unchangedBytes: Int64 = 0
        /// Canonical paths the index knows under a root that the walk no
        /// longer found, by root (as many as files were deleted, not as
        /// many as the archive holds).
        var missing: [(root: String, paths: [String])] = []
    }

    /// Indexes every `.txt` file below `roots`.
    /// A root that cannot be walked is an error; a file that cannot be read
    /// or parsed is reported in the summary and the run goes on.
    public func run(roots: [String], progress: ((IndexProgress) -> Void)? = nil) throws(GazetteError) -> IndexSummary {
        let clock = Stopwatch()
        summary = IndexSummary()
        if let language = options.language, Languages.normalized(language) != language {
            throw GazetteError.usage("an archive's language is a two-letter ISO 639-1 code such as en or de, not \"\(language)\"")
        }
        let roots = try resolve(roots)
        var filesDone = 0
        var bytesDone: Int64 = 0
        var filesTotal = 0
        var bytesTotal: Int64 = 0
        var lastReport = -1.0
        func report() {
            guard let progress, clock.elapsed - lastReport >= 0.1 else { return }
            lastReport = clock.elapsed
            progress(IndexProgress(filesDone: filesDone, filesTotal: filesTotal, bytesDone: bytesDone,
                                   bytesTotal: bytesTotal, articles: summary.indexed + summary.updated,
                                   elapsed: clock.elapsed))
        }
        try index.wrap {
            // A transaction rewrites the frequent words' last chunks and FTS5's
            // segments many times over; with a page cache smaller than what it
            // dirties, pages spill to the WAL mid-transaction and are written
            // again later (64 MB cut the writer's CPU by 8% at 100,000 articles).
            let sharedCache = try database.scalarInt("PRAGMA cache_size") ?? -16_384
            try database.execute("PRAGMA cache_size=-\(Indexer.writeCacheKiB)")
            defer { try? database.execute("PRAGMA cache_size=\(sharedCache)") }
            lastCheckpointCounts = nil
            let checkpointer = try startCheckpointer()
            defer { stopCheckpointer() }
            try database.execute("BEGIN IMMEDIATE")
            writer.startRun()
            chosenFrequentTerms = try !TermDocs.exists(database) || TermDocs.chosen(database)
            // A run that writes the whole index tallies its terms as it parses them,
            // so that its choice of frequent terms needs no walk of FTS5's postings.
            let writesWholeIndex = try TermDocs.exists(database) && FullTextTotals.read(database).rows == 0
            let share = options.frequentTerms.shareOfArchive
            let tallyShare = options.tallyFrequentTerms && share >= FrequentTermTally.smallestShare
                && writesWholeIndex ? share : nil
            // Such a run also keeps its frequent words' lists out of the table until its last transaction.
            spillFrequentTermLists = writesWholeIndex && options.spillFrequentTermLists
            spilledFrequentTermLists = false
            var tallies: [FrequentTermTally]?
            var pipeline: ParseAhead?
            do {
                // Unchanged files are skipped before any reading, so a re-run
                // costs a walk and one pass over the index's list of files.
                let queue = WorkQueue(scratchFolders: ScratchFile.folders(besideDatabaseAt: index.path),
                                      memoryLimit: options.workMemoryLimit)
                // FTS5 flushes its pending terms whenever a rowid is lower than the one
                // before, and ids follow dates: articles are written in date order
                // within each batch, so a bulk load makes one segment per batch,
                // not one per article.
                let parser = ParseAhead(count: 0, listingFinished: false, next: queue.next,
                                        batchSize: options.batchSize, batchBytes: options.batchBytes,
                                        detectCopies: options.detectCopies, language: options.language,
                                        workers: options.parseWorkers,
                                        tallyShare: tallyShare, rank: Indexer.writeRank)
                pipeline = parser
                parse = parser
                defer { parse = nil }
                parser.countFrequentTerms(against: try writer.frequentTerms())
                // The workers parse the first files while the walk lists the rest: on 100,000
                // files the walk took 0.4 s of one core while the other waited. A test that
                // changes files between the walk and the reading starts them after the walk.
                let parsesDuringWalk = afterWalk == nil
                if parsesDuringWalk { parser.start() }
                let scan = try self.scan(roots, into: queue, listing: parser)
                afterWalk?()
                parser.finishListing(queue.count)
                summary.scanned = scan.filesTotal
                filesTotal = scan.filesTotal
                bytesTotal = scan.bytesTotal
                filesDone = summary.unchanged
                bytesDone = scan.unchangedBytes
                report()
                writer.copies.expectedNewArticles = queue.count
                if !parsesDuringWalk { parser.start() }
                while let batch = parser.nextBatch() {
                    // Each file is read in place: copying one out of the array retained
                    // each of its texts and arrays, on memory another core wrote.
                    try batch.withUnsafeBufferPointer { files in
                        guard let first = files.baseAddress else { return }
                        for index in files.indices {
                            // `pointee` lends the file: a subscript returned a copy (a retain of each
                            // of its strings and arrays, on memory the parse thread wrote).
                            let file = first + index
                            try process(file.pointee)
                            filesDone += 1
                            bytesDone += file.pointee.file.size
                            report()
                        }
                    }
                    try writer.flushFullText()
                    parser.recycle(consume batch)
                    try commitEachBatchOnceParsingEnds(parser)
                }
                filesParsedByWriter = parser.parsedByWriter
                tallies = parser.tallies()
                pipeline = nil
                if let failure = queue.failure { throw failure }
                if !options.keepMissing {
                    for (root, paths) in scan.missing {
                        try removeMissing(root: root, paths: paths)
                    }
                }
                try writer.flushFullText(committing: true)
                try writer.writeSpilledFrequentTermLists()
                try database.execute("COMMIT")
                // Copied while the writer goes on below; `stopCheckpointer` waits for the copy.
                checkpointer?.committed()
            } catch {
                pipeline?.cancel()
                lastPipeline = pipeline
                try? database.execute("ROLLBACK")
                writer.resetCaches()
                throw error
            }
            try optimizeIfWorthIt()
            // Only new articles were tallied: a run that also replaced or removed some chooses by the walk.
            lastChoice = try TermDocs.refresh(database, policy: options.frequentTerms,
                                              changedArticles: summary.indexed + summary.updated + summary.removed,
                                              tallies: summary.updated == 0 && summary.removed == 0 ? tallies : nil)
        }
        if let progress {
            progress(IndexProgress(filesDone: filesDone, filesTotal: filesTotal, bytesDone: bytesDone,
                                   bytesTotal: bytesTotal, articles: summary.indexed + summary.updated,
                                   elapsed: clock.elapsed))
        }
        summary.seconds = clock.elapsed
        summary.peakResidentBytes = ResourceUsage.peakResidentBytes
        return summary
    }

    /// Files the walk lists between two notices to the parse workers: each
    /// notice takes their lock, and a worker waiting at the start of a run
    /// gets its first files after this many.
    static let listingNotice = 64

    /// Checks every root before anything is written: one that cannot be
    /// walked fails the run.
    private func resolve(_ roots: [String]) throws(GazetteError) -> [Root] {
        var resolved: [Root] = []
        for raw in roots {
            let shown = PathText.trimmingTrailingSlashes(raw)
            do {
                try FileWalker.checkRoot(shown)
            } catch {
                throw GazetteError.input(path: raw, detail: "cannot index it: \(error.reason)", underlying: error)
            }
            guard let canonical = Indexer.canonicalPath(shown) else {
                throw GazetteError.input(path: raw, detail: "cannot resolve the folder's real path")
            }
            resolved.append(Root(canonical: canonical, shown: shown))
        }
        return resolved
    }

    /// Walks each root in path order beside the index's files of that root
    /// (a key range, read in the same order): a file the index knows with the
    /// same size and time is unchanged; any other goes to `queue`; a known
    /// file the walk did not meet is missing.
    private func scan(_ roots: [Root], into queue: WorkQueue, listing: ParseAhead) throws -> Scan {
        var scan = Scan()
        for root in roots {
            let files: FileStream
            do {
                files = try FileWalker.stream(root: root.shown)
            } catch {
                throw GazetteError.input(path: root.shown, detail: "cannot index it: \(error.reason)", underlying: error)
            }
            let number = queue.addRoot(canonical: root.canonical, shown: root.shown)
            let missing = try compare(files, root: root.canonical, number: number, queue: queue, listing: listing,
                                      scan: &scan)
            scan.missing.append((root.canonical, missing))
            summary.skipped += files.skipped
            for problem in files.sortedProblems {
                summary.rejected.append(RejectedFile(path: problem.path, reason: problem.reason))
            }
        }
        return scan
    }

    private func compare(_ files: FileStream, root: String, number: Int, queue: WorkQueue, listing: ParseAhead,
                         scan: inout Scan) throws -> [String] {
        // The root's files are the key range after "root/" and before "root0";
        // rows of another root nested in this one count as known, never as missing.
        let prefix = root == "/" ? "/" : root + "/"
        let known = try database.cached("SELECT path, size, mtime, root FROM files WHERE path > ?1 AND path < ?2 ORDER BY path")
        known.bind(prefix, at: 1)
        known.bind(String(prefix.dropLast()) + "0", at: 2)
        defer { known.reset() }
        var row: (path: String, size: Int64, mtime: Int64, root: String)?
        func advance() throws {
            row = try known.step() ? (known.string(0), known.int64(1), known.int64(2), known.string(3)) : nil
        }
        try advance()
        var missing: [String] = []
        var listedSinceNotice = 0
        while let file = files.next() {
            let path = FileList.join(root, file.relativePath)
            scan.filesTotal += 1
            scan.bytesTotal += file.size
            while let current = row, utf8Less(current.path, path) {
                if current.root == root { missing.append(current.path) }
                try advance()
            }
            if let current = row, current.path == path {
                try advance()
                if current.size == file.size && current.mtime == file.modificationTime {
                    summary.unchanged += 1
                    scan.unchangedBytes += file.size
                    continue
                }
            }
            queue.append(root: number, relativePath: file.relativePath, size: file.size,
                             modificationTime: file.modificationTime)
            listedSinceNotice += 1
            if listedSinceNotice == Indexer.listingNotice {
                listing.listed(queue.count)
                listedSinceNotice = 0
            }
        }
        while let current = row {
            if current.root == root { missing.append(current.path) }
            try advance()
        }
        return missing
    }

    /// Where a file goes in its batch, before ties are broken by path:
    /// rejected files first (they get no id), then by date, so ids ascend and
    /// the order never depends on how files were listed.
    static func writeRank(_ parsed: ParsedFile) -> Int {
        switch parsed.result {
        case .failure: return Int.min
        case .success(let article): return article.date.daysSinceEpoch
        }
    }

    /// The absolute path with symbolic links and `.`/`..` resolved.
    static func canonicalPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    // MARK: One file

    private func process(_ parsed: borrowing ParsedFile) throws {
        let file = parsed.file
        summary.bytes += file.size
        let article: ParsedArticle
        switch parsed.result {
        case .failure(let rejection):
            summary.rejected.append(RejectedFile(path: parsed.shownPath, reason: rejection.reason))
            // The URL, when the header's was readable, attributes the rejection to a source (`gazette sources`).
            try recordFile(parsed, url: rejection.url, status: .rejected)
            return
        case .success(let success):
            article = success
        }
        let bytes = Int(file.size)
        guard let stored = try writer.stored(url: article.url) else {
            try writer.insert(article, body: parsed.body, tokens: parsed.tokens, file: file.path,
                              path: parsed.shownPath, hash: parsed.hash, bytes: bytes, copy: parsed.copy,
                              termCounts: parsed.termCounts)
            summary.indexed += 1
            try recordFile(parsed, url: article.url, status: .indexed)
            try committed()
            return
        }
        if stored.file == file.path || !fileExists(stored.file) {
            // The article's own file changed, or its file moved here.
            if stored.hash == parsed.hash && stored.day == article.date {
                if stored.file != file.path || stored.path != parsed.shownPath {
                    try writer.move(id: stored.id, toFile: file.path, path: parsed.shownPath)
                }
                summary.unchanged += 1
            } else {
                try replace(stored, with: article, parsed: parsed)
            }
            if stored.file != file.path { try forgetFile(stored.file) }
            try recordFile(parsed, url: article.url, status: .indexed)
            try committed()
            return
        }
        // Two files hold one URL: the later-dated version wins, whatever the
        // order they are read in (equal dates: the later path, so the choice is stable).
        if (article.date, file.path) > (stored.day, stored.file) {
            try replace(stored, with: article, parsed: parsed)
            try recordFile(parsed, url: article.url, status: .indexed)
            try database.cached("UPDATE files SET status = ?2 WHERE path = ?1")
                .run([.text(stored.file), .integer(FileStatus.duplicate.rawValue)])
            summary.duplicates.append(DuplicateFile(path: stored.path, keptPath: parsed.shownPath, url: article.url))
        } else {
            try recordFile(parsed, url: article.url, status: .duplicate)
            summary.duplicates.append(DuplicateFile(path: parsed.shownPath, keptPath: stored.path, url: article.url))
        }
        try committed()
    }

    private func replace(_ stored: ArticleWriter.Stored, with article: ParsedArticle, parsed: ParsedFile) throws {
        // Replacing an article this run added is not an update a user made.
        let added = writer.addedThisRun(stored.id)
        try writer.replace(id: stored.id, with: article, body: parsed.body, tokens: parsed.tokens,
                           file: parsed.file.path, path: parsed.shownPath, hash: parsed.hash,
                           bytes: Int(parsed.file.size), copy: parsed.copy, termCounts: parsed.termCounts)
        if !added { summary.updated += 1 }
    }

    private func recordFile(_ parsed: ParsedFile, url: String?, status: FileStatus) throws {
        let file = parsed.file
        try database.cached("""
            INSERT INTO files(path, shown, root, size, mtime, url, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT(path) DO UPDATE SET shown = ?2, root = ?3, size = ?4, mtime = ?5, url = ?6, status = ?7
            """).run([.text(file.path), .text(parsed.shownPath), .text(parsed.root), .integer(Int(file.size)),
                      .integer(Int(file.modificationTime)), url.map { .text($0) } ?? .null,
                      .integer(status.rawValue)])
    }

    private func forgetFile(_ path: String) throws {
        try database.cached("DELETE FROM files WHERE path = ?1").run([.text(path)])
    }

    private func fileExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// The end-of-run choice of frequent words of the last run (tests look at its source).
    private(set) var lastChoice = TermDocs.Choice(added: 0, source: .none)

    /// Whether this run has had its chance at the early choice of frequent words.
    private var chosenFrequentTerms = false
    /// Whether this run's early choice, and the lists kept from then on, wait
    /// in a spill for its last transaction (`TermDocsSpill`): the commits
    /// before it hold no choice, as before a first run's early choice, and
    /// a search meanwhile is answered by FTS5 alone.
    private var spillFrequentTermLists = false
    /// Whether the last run kept its lists in a spill (tests look at it).
    private(set) var spilledFrequentTermLists = false
    /// The first transaction of a run that may make the early choice ends
    /// after this many articles at most: the choice walks FTS5's postings of
    /// every article written so far (at 10,000 articles that walk was 5% of a
    /// 100,000-article run's writer time), and 2,000 articles already show
    /// which words pass the policy's share.
    static let earlyChoiceArticles = 2_000

    /// Commits every `commitInterval` articles: each commit is a state a
    /// killed run leaves behind intact and the next run resumes from.
    private func committed() throws {
        pendingInTransaction += 1
        let interval = chosenFrequentTerms ? options.commitInterval : min(options.commitInterval, Indexer.earlyChoiceArticles)
        if pendingInTransaction >= interval { try commitAndBegin(letWALStartOver: true) }
    }

    /// Once the workers have parsed every file, the writer still has the
    /// batches they parsed ahead to write, alone: their core is idle. Each of
    /// those batches is then committed, so that the checkpoint thread copies it
    /// on that core while the writer writes the next, instead of copying them
    /// all after the last commit (4% of a 100,000-article run for the first such
    /// commit in six alternating pairs, about 1% more for the others). Only
    /// a run that keeps its frequent words' lists in a spill does so: in
    /// others each commit also rewrites every list's last chunk.
    private func commitEachBatchOnceParsingEnds(_ parser: ParseAhead) throws {
        guard checkpointer != nil, spilledFrequentTermLists, pendingInTransaction > 0,
              parser.workersFinished else { return }
        try commitAndBegin(letWALStartOver: false)
    }

    /// Commits and begins the next transaction. `letWALStartOver`: wait, when
    /// the WAL is full, for its copy, so the next transaction writes it from its start.
    private func commitAndBegin(letWALStartOver: Bool) throws {
        try writer.flushFullText(committing: true)
        try database.execute("COMMIT")
        checkpointer?.committed()
        let committedVersion = try database.scalarInt("PRAGMA data_version")
        var choseNow = false
        var spilledNow = false
        if !chosenFrequentTerms {
            // A first large run: the writer keeps the frequent words' lists from here on.
            chosenFrequentTerms = true
            if spillFrequentTermLists, let choice = try TermDocs.earlyChoice(database, policy: options.frequentTerms) {
                spilledNow = try writer.spillFrequentTermLists(terms: choice.terms, lists: choice.lists,
                                                               chosenAtRows: choice.rows)
            }
            spilledFrequentTermLists = spilledNow
            if !spilledNow {
                choseNow = try TermDocs.refresh(database, policy: options.frequentTerms, changedArticles: 0,
                                                early: true).added > 0
            }
        }
        try betweenTransactions?()
        if letWALStartOver { checkpointer?.letWALStartOverIfFull() }
        try database.execute("BEGIN IMMEDIATE")
        // Another process may have written between the two: ids cached per
        // day would collide with its articles, and cached document-list
        // chunks would be stale. When nobody did, the caches stay: dropping
        // them made the next flush read every frequent word's last chunk
        // back (14% of the writer's time at 100,000 articles).
        let openedVersion = try database.scalarInt("PRAGMA data_version")
        // A spill is dropped too: its lists lack the other writer's articles, and nothing
        // was chosen in the table, so the end of the run chooses as if none was kept.
        if choseNow || openedVersion != committedVersion {
            writer.resetCaches()
        }
        if choseNow || spilledNow || openedVersion != committedVersion {
            parse?.countFrequentTerms(against: try writer.frequentTerms())
        }
        pendingInTransaction = 0
    }

    // MARK: Files that disappeared

    /// Forgets files the walk no longer found, and deletes their articles.
    /// Each row is read again: this run may have moved its article to
    /// another file (a file renamed) or forgotten it already.
    private func removeMissing(root: String, paths: [String]) throws {
        let select = try database.cached("SELECT url, status FROM files WHERE path = ?1 AND root = ?2")
        for path in paths {
            select.bind(path, at: 1)
            select.bind(root, at: 2)
            let row: (url: String?, status: Int)? = try select.step() ? (select.optionalString(0), select.int(1)) : nil
            select.reset()
            guard let row else { continue }
            try forgetFile(path)
            guard row.status == FileStatus.indexed.rawValue, let url = row.url,
                  let stored = try writer.stored(url: url), stored.file == path else { continue }
            try writer.delete(id: stored.id)
            summary.removed += 1
            try promoteDuplicate(of: url)
        }
    }

    /// When the file that held a URL's article disappears, another file with
    /// the same URL (recorded as a duplicate) takes its place.
    private func promoteDuplicate(of url: String) throws {
        // The literal status lets SQLite use the partial index of duplicates.
        let select = try database.cached("SELECT path, shown, root FROM files WHERE url = ?1 AND status = 1")
        select.bind(url, at: 1)
        var candidates: [(path: String, shown: String, root: String)] = []
        while try select.step() { candidates.append((select.string(0), select.string(1), select.string(2))) }
        select.reset()
        for candidate in candidates {
            try forgetFile(candidate.path)
            var info = stat()
            guard stat(candidate.path, &info) == 0 else { continue }
            let file = SourceFile(path: candidate.path, relativePath: candidate.path, size: Int64(info.st_size),
                                  modificationTime: FileTimes.modificationTime(info))
            try process(ParsedFile(WorkItem(file: file, shownPath: candidate.shown, root: candidate.root),
                                   detectCopies: options.detectCopies, language: options.language))
        }
    }

    /// Merges the full-text index into one segment when asked (`--optimize`).
    /// Not done by default: measured on 20,000 generated articles it cost 16%
    /// of the build and changed query times by less than the noise, since
    /// FTS5's automerge already keeps the segment count logarithmic.
    private func optimizeIfWorthIt() throws {
        guard options.optimize, summary.indexed + summary.updated + summary.removed > 0 else { return }
        try database.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    }
}
