import Glibc

/// Walks input roots, parses each dump and brings the index up to date:
/// new files are added, changed files replace their article, unchanged files
/// are skipped without being read, and files that disappeared lose their
/// article unless `keepMissing` is set.
public final class Indexer {
    let index: GazetteIndex
    let options: IndexOptions
    private let writer: ArticleWriter
    private var database: Database { index.database }
    private var summary = IndexSummary()
    private var pendingInTransaction = 0
    /// Ids inserted by this run: replacing one of them is not an update a user made.
    private var insertedThisRun: Set<Int64> = []
    /// Called between listing the files and reading them: lets tests change
    /// the tree in that window (a file that vanishes, a file turned folder).
    var afterWalk: (() -> Void)?
    /// The parse pipeline of a run that failed, kept so tests can see its thread stopped.
    private(set) var lastPipeline: ParseAhead?

    public init(index: GazetteIndex, options: IndexOptions = IndexOptions()) {
        self.index = index
        self.options = options
        self.writer = ArticleWriter(database: index.database,
                                    copyThreshold: options.detectCopies ? options.copyThreshold : nil)
        writer.copies.bandMemoryKeys = options.copyBandMemoryKeys
    }

    /// One walked root: its canonical path, and its files (packed, with the
    /// root as the user gave it).
    private struct Walked: Sendable {
        let root: String
        let list: FileList

        /// The work item of a file, built when a worker reads it: the list
        /// holds each path once, relative, for the whole run.
        func item(_ index: Int) -> WorkItem {
            let relative = list.relativePath(at: index)
            let file = SourceFile(path: FileList.join(root, relative), relativePath: "",
                                  size: list.size(at: index), modificationTime: list.modificationTime(at: index))
            return WorkItem(file: file, shownPath: FileList.join(list.root, relative), root: root)
        }
    }

    /// A file to read: its walk and its place in that walk's list.
    private struct WorkRef: Sendable {
        let walk: Int
        let file: Int
    }

    /// Indexes every `.txt` file below `roots`.
    /// A root that cannot be walked is an error; a file that cannot be read
    /// or parsed is reported in the summary and the run goes on.
    public func run(roots: [String], progress: ((IndexProgress) -> Void)? = nil) throws(GazetteError) -> IndexSummary {
        let clock = Stopwatch()
        summary = IndexSummary()
        insertedThisRun = []
        let walks = try walk(roots)
        afterWalk?()
        let filesTotal = walks.reduce(0) { $0 + $1.list.count }
        let bytesTotal = walks.reduce(Int64(0)) { total, walk in
            (0..<walk.list.count).reduce(total) { $0 + walk.list.size(at: $1) }
        }
        summary.scanned = filesTotal

        var filesDone = 0
        var bytesDone: Int64 = 0
        var lastReport = -1.0
        func report() {
            guard let progress, clock.elapsed - lastReport >= 0.1 else { return }
            lastReport = clock.elapsed
            progress(IndexProgress(filesDone: filesDone, filesTotal: filesTotal, bytesDone: bytesDone,
                                   bytesTotal: bytesTotal, articles: summary.indexed + summary.updated,
                                   elapsed: clock.elapsed))
        }
        try index.wrap {
            try database.execute("BEGIN IMMEDIATE")
            var pipeline: ParseAhead?
            do {
                // Unchanged files are skipped before any reading, so a re-run costs one lookup per file.
                var work: [WorkRef] = []
                // A new index knows no file: its first run skips a lookup per file.
                let knowsFiles = try database.scalarInt("SELECT EXISTS (SELECT 1 FROM files)") == 1
                for (number, walk) in walks.enumerated() {
                    let list = walk.list
                    for file in 0..<list.count {
                        let size = list.size(at: file)
                        if knowsFiles, let known = try knownFile(FileList.join(walk.root, list.relativePath(at: file))),
                           known.size == size, known.mtime == list.modificationTime(at: file) {
                            summary.unchanged += 1
                            filesDone += 1
                            bytesDone += size
                        } else {
                            work.append(WorkRef(walk: number, file: file))
                        }
                    }
                }
                report()
                writer.copies.expectedNewArticles = work.count
                // FTS5 flushes its pending terms whenever a rowid is lower than the one
                // before, and ids follow dates: articles are written in date order
                // within each batch, so a bulk load makes one segment per batch,
                // not one per article.
                let parser = ParseAhead(count: work.count, item: { [work] in walks[work[$0].walk].item(work[$0].file) },
                                        batchSize: options.batchSize, batchBytes: options.batchBytes,
                                        detectCopies: options.detectCopies, rank: Indexer.writeRank)
                pipeline = parser
                parser.start()
                while let batch = parser.nextBatch() {
                    for parsed in batch {
                        try process(parsed)
                        filesDone += 1
                        bytesDone += parsed.file.size
                        report()
                    }
                    try writer.flushFullText()
                }
                pipeline = nil
                if !options.keepMissing {
                    for walk in walks {
                        try removeMissing(root: walk.root, present: walk.list)
                    }
                }
                try writer.flushFullText()
                try database.execute("COMMIT")
            } catch {
                pipeline?.cancel()
                lastPipeline = pipeline
                try? database.execute("ROLLBACK")
                writer.resetCaches()
                throw error
            }
            try optimizeIfWorthIt()
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

    private func walk(_ roots: [String]) throws(GazetteError) -> [Walked] {
        var walks: [Walked] = []
        for raw in roots {
            let shownRoot = Indexer.trimmedRoot(raw)
            let walk: WalkResult
            do {
                walk = try FileWalker.walk(root: shownRoot)
            } catch {
                throw GazetteError.input(path: raw, detail: "cannot index it: \(error.reason)")
            }
            guard let root = Indexer.canonicalPath(shownRoot) else {
                throw GazetteError.input(path: raw, detail: "cannot resolve the folder's real path")
            }
            summary.skipped += walk.skipped
            for problem in walk.problems {
                summary.rejected.append(RejectedFile(path: problem.path, reason: problem.reason))
            }
            walks.append(Walked(root: root, list: walk.list))
        }
        return walks
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

    static func trimmedRoot(_ root: String) -> String {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        return root
    }

    /// The absolute path with symbolic links and `.`/`..` resolved.
    static func canonicalPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    // MARK: One file

    private func process(_ parsed: ParsedFile) throws {
        let file = parsed.file
        summary.bytes += file.size
        let article: ParsedArticle
        switch parsed.result {
        case .failure(let rejection):
            summary.rejected.append(RejectedFile(path: parsed.shownPath, reason: rejection.reason))
            try recordFile(parsed, url: nil, status: .rejected)
            return
        case .success(let success):
            article = success
        }
        let bytes = Int(file.size)
        guard let stored = try writer.stored(url: article.url) else {
            insertedThisRun.insert(try writer.insert(article, body: parsed.body, tokens: parsed.tokens, file: file.path,
                                                     path: parsed.shownPath, hash: parsed.hash, bytes: bytes,
                                                     copy: parsed.copy))
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
        let id = try writer.replace(id: stored.id, with: article, body: parsed.body, tokens: parsed.tokens,
                                    file: parsed.file.path, path: parsed.shownPath, hash: parsed.hash,
                                    bytes: Int(parsed.file.size), copy: parsed.copy)
        if insertedThisRun.remove(stored.id) != nil {
            insertedThisRun.insert(id)
        } else {
            summary.updated += 1
        }
    }

    private func knownFile(_ path: String) throws -> (size: Int64, mtime: Int64)? {
        let statement = try database.cached("SELECT size, mtime FROM files WHERE path = ?1")
        defer { statement.reset() }
        statement.bind(path, at: 1)
        guard try statement.step() else { return nil }
        return (statement.int64(0), statement.int64(1))
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

    /// Commits every `commitInterval` articles: each commit is a state a
    /// killed run leaves behind intact and the next run resumes from.
    private func committed() throws {
        pendingInTransaction += 1
        if pendingInTransaction >= options.commitInterval {
            try writer.flushFullText()
            try database.execute("COMMIT")
            try database.execute("BEGIN IMMEDIATE")
            // Another process may have written between the two: ids cached per
            // day would collide with its articles.
            writer.resetCaches()
            pendingInTransaction = 0
        }
    }

    // MARK: Files that disappeared

    private func removeMissing(root: String, present: FileList) throws {
        // The root's files are the key range after "root/" and before "root0".
        let prefix = root == "/" ? "/" : root + "/"
        let select = try database.cached("SELECT path, url, status FROM files WHERE path > ?1 AND path < ?2 AND root = ?3")
        select.bind(prefix, at: 1)
        select.bind(String(prefix.dropLast()) + "0", at: 2)
        select.bind(root, at: 3)
        var missing: [(path: String, url: String?, status: Int)] = []
        while try select.step() {
            let path = select.string(0)
            let relative = String(decoding: path.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
            if !present.contains(relativePath: relative) {
                missing.append((path, select.optionalString(1), select.int(2)))
            }
        }
        select.reset()
        for file in missing {
            try forgetFile(file.path)
            guard file.status == FileStatus.indexed.rawValue, let url = file.url,
                  let stored = try writer.stored(url: url), stored.file == file.path else { continue }
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
                                  modificationTime: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
            try process(ParsedFile(WorkItem(file: file, shownPath: candidate.shown, root: candidate.root),
                                   detectCopies: options.detectCopies))
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
