/// The outcome of one consistency check of `gazette verify`.
public struct VerificationCheck: Sendable {
    /// A stable identifier, e.g. `fts-integrity`.
    public let name: String
    /// One sentence per problem found; empty when the check passed.
    public let problems: [String]

    public var ok: Bool { problems.isEmpty }
}

/// Everything `gazette verify` found out about an index.
public struct VerificationReport: Sendable {
    public let checks: [VerificationCheck]
    /// Articles in the `articles` table when the checks ran.
    public let articles: Int

    public var ok: Bool { checks.allSatisfy(\.ok) }
}

extension GazetteIndex {
    /// Problems listed per check before the rest are summarised: a badly
    /// damaged index would otherwise print one line per article.
    static let verifyProblemLimit = 20

    /// Runs SQLite's, FTS5's and Gazette's own consistency checks.
    ///
    /// It never throws for what it finds: a check that cannot even run (a
    /// damaged page, say) is itself reported as that check's problem, so the
    /// report always names every check. All checks read one snapshot, so an
    /// index run writing at the same time cannot make them disagree.
    public func verify() -> VerificationReport {
        let snapshot = (try? database.execute("BEGIN")) != nil
        defer { if snapshot { try? database.execute("COMMIT") } }
        var checks: [VerificationCheck] = []
        checks.append(check("sqlite-integrity") { problems in
            // integrity_check(N) stops after N problems; the literal is ours, not user input.
            let statement = try database.prepare("PRAGMA integrity_check(\(Self.verifyProblemLimit))")
            while try statement.step() {
                let text = statement.string(0)
                // One problem per line: SQLite puts a heading and its page errors in one row.
                // SQLite's closing "database disk image is malformed" is said in our words.
                if text != "ok" {
                    problems += text.split(separator: "\n").map {
                        $0 == "database disk image is malformed" ? "the file is damaged" : String($0)
                    }
                }
            }
        })
        checks.append(check("fts-integrity") { problems in
            if try !ftsIntegrityHolds() {
                problems.append("the full-text index does not match the articles table (FTS5 integrity-check failed)")
            }
        })
        checks.append(check("fts-coverage") { problems in
            let articles = try database.scalarInt("SELECT count(*) FROM articles") ?? 0
            let indexed = try database.scalarInt("SELECT count(*) FROM fts_docsize") ?? 0
            if articles != indexed {
                problems.append("\(articles) articles but \(indexed) documents in the full-text index")
            }
            try collect(&problems, "SELECT id FROM articles WHERE id NOT IN (SELECT id FROM fts_docsize) ORDER BY id") {
                "article \($0.int64(0)) is missing from the full-text index"
            }
            try collect(&problems, "SELECT id FROM fts_docsize WHERE id NOT IN (SELECT id FROM articles) ORDER BY id") {
                "full-text document \($0.int64(0)) has no article"
            }
        })
        checks.append(check("sources") { problems in
            try collect(&problems, """
                SELECT id, source_id FROM articles WHERE source_id NOT IN (SELECT id FROM sources) ORDER BY id
                """) { "article \($0.int64(0)) names source \($0.int64(1)), which does not exist" }
            // Facets and source filters read sources from `article_sources`: it must mirror `articles`.
            try collect(&problems, """
                SELECT a.id FROM articles a LEFT JOIN article_sources f ON f.id = a.id
                WHERE f.source_id IS NOT a.source_id ORDER BY a.id
                """) { "article \($0.int64(0)) has no or another source in the facet table" }
            try collect(&problems, "SELECT id FROM article_sources WHERE id NOT IN (SELECT id FROM articles) ORDER BY id") {
                "the facet table names article \($0.int64(0)), which does not exist"
            }
        })
        checks.append(check("article-facts") { problems in
            // The one-pass search ranks with these lengths and counts facets with these sources.
            guard try ArticleFacts.exists(database) else { return }
            let facts = try ArticleFactsSnapshot(database)
            var cursor = ArticleFactsSnapshot.Cursor()
            var seen = 0
            var extra = 0
            func report(_ problem: String) {
                if problems.count < Self.verifyProblemLimit { problems.append(problem) } else { extra += 1 }
            }
            let select = try database.prepare(
                "SELECT d.id, d.sz, a.source_id FROM fts_docsize d JOIN articles a ON a.id = d.id ORDER BY d.id")
            while try select.step() {
                let id = select.int64(0)
                guard let entry = facts.entry(of: id, cursor: &cursor) else {
                    report("article \(id) has no length and source entry")
                    continue
                }
                seen += 1
                let length = min(ArticleFacts.sumOfVarints(select.blob(1)), ArticleFacts.saturatedLength)
                if facts.length(at: entry) != length {
                    report("article \(id) is stored with \(facts.length(at: entry)) tokens, the full-text index counts \(length)")
                }
                if facts.source(at: entry) != select.int(2) {
                    report("article \(id) has source \(facts.source(at: entry)) in article_facts, \(select.int(2)) in articles")
                }
            }
            let entries = facts.sources.filter { $0 != 0 }.count
            if entries != seen { report("\(entries) length and source entries for \(seen) indexed articles") }
            if extra > 0 { problems.append("… and \(extra) more") }
        })
        checks.append(check("term-docs") { problems in
            // One-word searches for frequent words read these lists instead of FTS5's postings.
            problems += try termDocsProblems()
        })
        checks.append(check("files") { problems in
            try collect(&problems, """
                SELECT path, url FROM files WHERE status = ?1
                AND (url IS NULL OR NOT EXISTS (SELECT 1 FROM articles a WHERE a.url = files.url)) ORDER BY path
                """, [.integer(FileStatus.indexed.rawValue)]) {
                "file \($0.string(0)) is recorded as indexed but its article \($0.optionalString(1) ?? "(no URL)") is missing"
            }
            try collect(&problems, """
                SELECT a.id, a.file FROM articles a WHERE NOT EXISTS
                (SELECT 1 FROM files f WHERE f.path = a.file AND f.url = a.url AND f.status = ?1) ORDER BY a.id
                """, [.integer(FileStatus.indexed.rawValue)]) {
                "article \($0.int64(0)) has no indexed file record for \($0.string(1))"
            }
        })
        checks.append(check("article-ids") { problems in
            // Ids carry their day in the high bits (ArticleID); date filters and sorts rely on it.
            try collect(&problems, "SELECT id, day FROM articles WHERE (\(ArticleID.daySQL(of: "id"))) - ?1 != day ORDER BY id",
                        [.integer(ArticleID.dayOffset)]) {
                let stored = Day(daysSinceEpoch: $0.int(1))
                return "article \($0.int64(0)) has an id of \(ArticleID.day(of: $0.int64(0))) but is dated \(stored)"
            }
        })
        checks.append(check("copies") { problems in problems += try copyClusterProblems() })
        let articles = (try? database.scalarInt("SELECT count(*) FROM articles")) ?? nil
        return VerificationReport(checks: checks, articles: articles ?? 0)
    }

    /// FTS5's `integrity-check` with rank 1: it re-tokenizes the external content
    /// (the articles table) and compares it with the index.
    ///
    /// FTS5 runs it as an INSERT, which SQLite allows only on a connection that
    /// may write, although nothing is written. So it runs here on a read-write
    /// connection; when the file is read-only, or another process holds the write
    /// lock for long, it runs on a private copy of this connection's snapshot.
    private func ftsIntegrityHolds() throws -> Bool {
        if !database.isReadOnly { return try Self.ftsIntegrityHolds(on: database) }
        if let writable = try? Database(path: path, mode: .readWrite, busyTimeout: 2_000), !writable.isReadOnly {
            switch Result(catching: { () throws(SQLiteError) in try Self.ftsIntegrityHolds(on: writable) }) {
            case .success(let holds): return holds
            case .failure(let error) where error.isBusy || error.isReadOnly: break  // check the copy instead
            case .failure(let error): throw error
            }
        }
        let copy = try Database(path: "", mode: .create)
        try database.copy(into: copy)
        return try Self.ftsIntegrityHolds(on: copy)
    }

    private static func ftsIntegrityHolds(on database: Database) throws(SQLiteError) -> Bool {
        var failure: SQLiteError?
        do {
            try database.execute("INSERT INTO fts(fts, rank) VALUES('integrity-check', 1)")
        } catch {
            failure = error
        }
        guard let failure else { return true }
        if failure.isCorrupt { return false }
        throw failure
    }

    /// Runs one check, turning an SQLite failure into a problem of that check.
    private func check(_ name: String, _ body: (inout [String]) throws -> Void) -> VerificationCheck {
        var problems: [String] = []
        do {
            try body(&problems)
        } catch let error as SQLiteError {
            problems.append("the check could not run: \(Self.reason(error))")
        } catch {
            problems.append("the check could not run: \(error)")
        }
        return VerificationCheck(name: name, problems: problems)
    }

    /// The user-facing reason for an SQLite failure, without the path the report is already about.
    private static func reason(_ error: SQLiteError) -> String {
        let translated = GazetteError.from(error, path: "")
        switch translated.code {
        case .database, .notAnIndex: return translated.detail
        default: return translated.description
        }
    }

    /// Appends one problem per row of `sql`, up to the limit, then a count of the rest.
    private func collect(_ problems: inout [String], _ sql: String, _ values: [SQLValue] = [],
                         _ describe: (Statement) -> String) throws(SQLiteError) {
        let statement = try database.prepare(sql)
        statement.bind(values)
        var extra = 0
        while try statement.step() {
            if problems.count < Self.verifyProblemLimit {
                problems.append(describe(statement))
            } else {
                extra += 1
            }
        }
        if extra > 0 { problems.append("… and \(extra) more") }
    }
}
