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

    public init(index: GazetteIndex, options: IndexOptions = IndexOptions()) {
        self.index = index
        self.options = options
        self.writer = ArticleWriter(database: index.database)
    }

    /// Indexes every `.txt` file below `roots`.
    /// A root that cannot be walked is an error; a file that cannot be read
    /// or parsed is reported in the summary and the run goes on.
    public func run(roots: [String], progress: ((IndexProgress) -> Void)? = nil) throws(GazetteError) -> IndexSummary {
        let clock = Stopwatch()
        summary = IndexSummary()
        insertedThisRun = []
        var walks: [(root: String, files: [SourceFile])] = []
        for raw in roots {
            let root = Indexer.normalizedRoot(raw)
            let walk: WalkResult
            do {
                walk = try FileWalker.walk(root: root)
            } catch {
                throw GazetteError.input(path: raw, detail: error.description)
            }
            summary.skipped += walk.skipped
            for problem in walk.problems {
                summary.rejected.append(RejectedFile(path: problem.path, reason: problem.reason))
            }
            walks.append((root, walk.files))
        }
        let filesTotal = walks.reduce(0) { $0 + $1.files.count }
        let bytesTotal = walks.reduce(Int64(0)) { total, walk in walk.files.reduce(total) { $0 + $1.size } }
        summary.scanned = filesTotal

        var filesDone = 0
        var bytesDone: Int64 = 0
        var lastReport = -1.0
        try index.wrap {
            try database.execute("BEGIN IMMEDIATE")
            do {
                for walk in walks {
                    for file in walk.files {
                        try process(file, root: walk.root)
                        filesDone += 1
                        bytesDone += file.size
                        if let progress, clock.elapsed - lastReport >= 0.1 {
                            lastReport = clock.elapsed
                            progress(IndexProgress(filesDone: filesDone, filesTotal: filesTotal, bytesDone: bytesDone,
                                                   bytesTotal: bytesTotal, articles: summary.indexed + summary.updated,
                                                   elapsed: clock.elapsed))
                        }
                    }
                    if !options.keepMissing {
                        try removeMissing(root: walk.root, present: Set(walk.files.map(\.path)))
                    }
                }
                try database.execute("COMMIT")
            } catch {
                try? database.execute("ROLLBACK")
                writer.resetCaches()
                throw error
            }
            try optimizeIfWorthIt()
        }
        progress?(IndexProgress(filesDone: filesDone, filesTotal: filesTotal, bytesDone: bytesDone,
                                bytesTotal: bytesTotal, articles: summary.indexed + summary.updated, elapsed: clock.elapsed))
        summary.seconds = clock.elapsed
        summary.peakResidentBytes = ResourceUsage.peakResidentBytes
        return summary
    }

    static func normalizedRoot(_ root: String) -> String {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        return root
    }

    // MARK: One file

    private func process(_ file: SourceFile, root: String) throws {
        if let known = try knownFile(file.path), known.size == file.size, known.mtime == file.modificationTime {
            summary.unchanged += 1
            return
        }
        summary.bytes += file.size
        let article: ParsedArticle
        switch ArticleParser.parseFile(atPath: file.path) {
        case .failure(let rejection):
            summary.rejected.append(RejectedFile(path: file.path, reason: rejection.reason))
            try recordFile(file, root: root, url: nil, status: .rejected)
            return
        case .success(let parsed):
            article = parsed
        }
        let hash = contentHash(title: article.title, body: article.body)
        let bytes = Int(file.size)
        guard let stored = try writer.stored(url: article.url) else {
            insertedThisRun.insert(try writer.insert(article, path: file.path, hash: hash, bytes: bytes))
            summary.indexed += 1
            try recordFile(file, root: root, url: article.url, status: .indexed)
            try committed()
            return
        }
        if stored.path == file.path || !fileExists(stored.path) {
            // The article's own file changed, or its file moved here.
            if stored.hash == hash && stored.day == article.date {
                if stored.path != file.path { try writer.move(id: stored.id, to: file.path) }
                summary.unchanged += 1
            } else {
                try replace(stored, with: article, path: file.path, hash: hash, bytes: bytes)
            }
            if stored.path != file.path { try forgetFile(stored.path) }
            try recordFile(file, root: root, url: article.url, status: .indexed)
            try committed()
            return
        }
        // Two files hold one URL: the later-dated version wins, whatever the
        // order they are read in (equal dates: the later path, so the choice is stable).
        if (article.date, file.path) > (stored.day, stored.path) {
            try replace(stored, with: article, path: file.path, hash: hash, bytes: bytes)
            try recordFile(file, root: root, url: article.url, status: .indexed)
            try database.cached("UPDATE files SET status = ?2 WHERE path = ?1")
                .run([.text(stored.path), .integer(FileStatus.duplicate.rawValue)])
            summary.duplicates.append(DuplicateFile(path: stored.path, keptPath: file.path, url: article.url))
        } else {
            try recordFile(file, root: root, url: article.url, status: .duplicate)
            summary.duplicates.append(DuplicateFile(path: file.path, keptPath: stored.path, url: article.url))
        }
        try committed()
    }

    private func replace(_ stored: ArticleWriter.Stored, with article: ParsedArticle, path: String,
                         hash: Int64, bytes: Int) throws {
        let id = try writer.replace(id: stored.id, with: article, path: path, hash: hash, bytes: bytes)
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

    private func recordFile(_ file: SourceFile, root: String, url: String?, status: FileStatus) throws {
        try database.cached("""
            INSERT INTO files(path, root, size, mtime, url, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT(path) DO UPDATE SET root = ?2, size = ?3, mtime = ?4, url = ?5, status = ?6
            """).run([.text(file.path), .text(root), .integer(Int(file.size)), .integer(Int(file.modificationTime)),
                      url.map { .text($0) } ?? .null, .integer(status.rawValue)])
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
            try database.execute("COMMIT")
            try database.execute("BEGIN IMMEDIATE")
            pendingInTransaction = 0
        }
    }

    // MARK: Files that disappeared

    private func removeMissing(root: String, present: Set<String>) throws {
        let select = try database.cached("SELECT path, url, status FROM files WHERE root = ?1")
        select.bind(root, at: 1)
        var missing: [(path: String, url: String?, status: Int)] = []
        while try select.step() {
            let path = select.string(0)
            if !present.contains(path) {
                missing.append((path, select.optionalString(1), select.int(2)))
            }
        }
        select.reset()
        for file in missing {
            try forgetFile(file.path)
            guard file.status == FileStatus.indexed.rawValue, let url = file.url,
                  let stored = try writer.stored(url: url), stored.path == file.path else { continue }
            try writer.delete(id: stored.id)
            summary.removed += 1
            try promoteDuplicate(of: url)
        }
    }

    /// When the file that held a URL's article disappears, another file with
    /// the same URL (recorded as a duplicate) takes its place.
    private func promoteDuplicate(of url: String) throws {
        let select = try database.cached("SELECT path, root FROM files WHERE url = ?1 AND status = ?2")
        select.bind(url, at: 1)
        select.bind(FileStatus.duplicate.rawValue, at: 2)
        var candidates: [(path: String, root: String)] = []
        while try select.step() { candidates.append((select.string(0), select.string(1))) }
        select.reset()
        for candidate in candidates {
            try forgetFile(candidate.path)
            var info = stat()
            guard stat(candidate.path, &info) == 0 else { continue }
            let file = SourceFile(path: candidate.path, relativePath: candidate.path, size: Int64(info.st_size),
                                  modificationTime: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
            try process(file, root: candidate.root)
        }
    }

    private func optimizeIfWorthIt() throws {
        let changed = summary.indexed + summary.updated
        guard changed >= 1000 else { return }
        let total = try database.scalarInt("SELECT count(*) FROM articles") ?? 0
        if changed * 10 >= total {
            // One merge of all segments after a bulk load makes every later query cheaper.
            try database.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        }
    }
}
