import Gazette
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The yardstick Gazette is measured against: what a competent engineer would
/// write in an afternoon with raw SQLite FTS5.
///
/// - An `articles` table (id, url unique, source, date as `YYYY-MM-DD` text,
///   title, body) and an FTS5 table over title and body with its own content
///   (FTS5's default content storage, so the text is stored twice) and the
///   built-in `porter unicode61 remove_diacritics 2` tokenizer.
/// - WAL, `synchronous=NORMAL`, prepared statements, one transaction per
///   1,000 articles, no merge tuning and no final optimize.
/// - Files are read and parsed with Gazette's own `ArticleParser`, so both
///   sides pay the same parsing cost and a ratio measures the index.
/// - Queries: every word double-quoted and ANDed, ranked with
///   `ORDER BY bm25(fts) LIMIT 10`; date and source filters and the source
///   facet join `articles`.
///
/// A URL seen twice keeps its first article (`ON CONFLICT DO NOTHING`).
public final class BaselineIndex {
    public let path: String
    public let database: Database

    /// Articles per transaction.
    public static let commitInterval = 1_000
    /// The tokenizer of the FTS5 table.
    public static let tokenizer = "porter unicode61 remove_diacritics 2"

    static let schema = """
        CREATE TABLE IF NOT EXISTS articles(
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            date TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, body, tokenize='\(tokenizer)');
        """

    /// Opens (creating when missing) a baseline index at `path`.
    public init(path: String) throws(GazetteError) {
        self.path = path
        do {
            database = try Database(path: path, mode: .create)
            try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
            try database.execute(BaselineIndex.schema)
        } catch {
            throw GazetteError.from(error, path: path)
        }
    }

    // MARK: Building

    /// What one build did.
    public struct BuildSummary: Sendable {
        public var articles = 0
        public var rejected = 0
        /// URLs already in the index (skipped).
        public var duplicates = 0
        /// Bytes of the files read.
        public var bytes: Int64 = 0
        public var seconds = 0.0

        public init() {}

        public var docsPerSecond: Double { seconds > 0 ? Double(articles) / seconds : 0 }
        public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }
    }

    /// Walks `roots`, then reads, parses and inserts every `.txt` file.
    public func build(roots: [String]) throws(GazetteError) -> BuildSummary {
        let clock = Stopwatch()
        var files: [SourceFile] = []
        for root in roots {
            do {
                files += try FileWalker.walk(root: root).files
            } catch {
                throw GazetteError.input(path: root, detail: error.description)
            }
        }
        var summary = try build(files: files)
        summary.seconds = clock.elapsed
        return summary
    }

    /// Reads, parses and inserts `files` in order.
    public func build(files: [SourceFile]) throws(GazetteError) -> BuildSummary {
        let clock = Stopwatch()
        var summary = BuildSummary()
        do throws(SQLiteError) {
            let insertArticle = try database.cached("""
                INSERT INTO articles(url, source, date, title, body) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT(url) DO NOTHING
                """)
            let insertText = try database.cached("INSERT INTO fts(rowid, title, body) VALUES (?1, ?2, ?3)")
            var pending = 0
            try database.execute("BEGIN")
            do throws(SQLiteError) {
                for file in files {
                    summary.bytes += file.size
                    guard case .success(let article) = ArticleParser.parseFile(atPath: file.path) else {
                        summary.rejected += 1
                        continue
                    }
                    let body = article.body
                    try insertArticle.run([.text(article.url), .text(article.source), .text(article.date.description),
                                           .text(article.title), .text(body)])
                    guard database.changes > 0 else {
                        summary.duplicates += 1
                        continue
                    }
                    try insertText.run([.integer(Int(database.lastInsertRowID)), .text(article.title), .text(body)])
                    summary.articles += 1
                    pending += 1
                    if pending >= BaselineIndex.commitInterval {
                        try database.execute("COMMIT; BEGIN")
                        pending = 0
                    }
                }
                try database.execute("COMMIT")
            } catch {
                try? database.execute("ROLLBACK")
                throw error
            }
        } catch {
            throw GazetteError.from(error, path: path)
        }
        summary.seconds = clock.elapsed
        return summary
    }

    // MARK: Querying

    /// A query as the baseline understands it: terms (single words or
    /// phrases), all required, with optional filters.
    public struct Query: Sendable, Equatable {
        /// Each term is a word or a phrase (several words in order).
        public var terms: [[String]]
        /// Inclusive date bounds.
        public var firstDay: Day?
        public var lastDay: Day?
        public var source: String?
        /// Newest first (`ORDER BY date DESC`) instead of by bm25.
        public var newestFirst = false

        public init(terms: [[String]], firstDay: Day? = nil, lastDay: Day? = nil, source: String? = nil) {
            self.terms = terms
            self.firstDay = firstDay
            self.lastDay = lastDay
            self.source = source
        }

        /// Words ANDed.
        public init(words: [String], firstDay: Day? = nil, lastDay: Day? = nil, source: String? = nil) {
            self.init(terms: words.map { [$0] }, firstDay: firstDay, lastDay: lastDay, source: source)
        }

        /// One phrase.
        public init(phrase: [String]) {
            self.init(terms: [phrase])
        }

        /// The FTS5 expression: `"a" AND "b c"`; quotes inside a word are doubled.
        public var matchExpression: String {
            terms.map { term in
                "\"" + term.map { $0.replacing("\"", with: "\"\"") }.joined(separator: " ") + "\""
            }.joined(separator: " AND ")
        }

        var hasFilters: Bool { firstDay != nil || lastDay != nil || source != nil }

        /// The extra WHERE conditions and their values, for the articles join.
        var filterSQL: (String, [SQLValue]) {
            var sql = ""
            var values: [SQLValue] = []
            if firstDay != nil || lastDay != nil {
                sql += " AND a.date BETWEEN ? AND ?"
                values.append(.text(firstDay?.description ?? "0000-00-00"))
                values.append(.text(lastDay?.description ?? "9999-99-99"))
            }
            if let source {
                sql += " AND a.source = ?"
                values.append(.text(source))
            }
            return (sql, values)
        }
    }

    /// One ranked row.
    public struct Hit: Sendable, Equatable {
        public let id: Int64
        /// bm25 as FTS5 returns it: lower is better.
        public let bm25: Double
    }

    /// The best `limit` articles for `query`, best first; for `newestFirst` the newest `limit`
    /// (date, then id, descending: ids follow the walk's order, not dates) with a bm25 of 0.
    public func search(_ query: Query, limit: Int = 10) throws(GazetteError) -> [Hit] {
        let sql: String
        var values: [SQLValue] = [.text(query.matchExpression)]
        if query.newestFirst {
            let (conditions, filterValues) = query.filterSQL
            sql = "SELECT fts.rowid, 0.0 FROM fts JOIN articles a ON a.id = fts.rowid WHERE fts MATCH ?"
                + conditions + " ORDER BY a.date DESC, a.id DESC LIMIT ?"
            values += filterValues
        } else if query.hasFilters {
            let (conditions, filterValues) = query.filterSQL
            sql = "SELECT fts.rowid, bm25(fts) FROM fts JOIN articles a ON a.id = fts.rowid WHERE fts MATCH ?"
                + conditions + " ORDER BY bm25(fts) LIMIT ?"
            values += filterValues
        } else {
            sql = "SELECT rowid, bm25(fts) FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT ?"
        }
        values.append(.integer(limit))
        do {
            let statement = try database.cached(sql)
            defer { statement.reset() }
            statement.bind(values)
            var hits: [Hit] = []
            while try statement.step() { hits.append(Hit(id: statement.int64(0), bm25: statement.double(1))) }
            return hits
        } catch {
            throw GazetteError.from(error, path: path)
        }
    }

    /// Matching articles per source, most first (ties by name).
    public func sourceFacet(_ query: Query, limit: Int = 10) throws(GazetteError) -> [FacetCount] {
        let (conditions, filterValues) = query.filterSQL
        let sql = "SELECT a.source, count(*) AS n FROM fts JOIN articles a ON a.id = fts.rowid WHERE fts MATCH ?"
            + conditions + " GROUP BY a.source ORDER BY n DESC, a.source LIMIT ?"
        do {
            let statement = try database.cached(sql)
            defer { statement.reset() }
            statement.bind([.text(query.matchExpression)] + filterValues + [.integer(limit)])
            var counts: [FacetCount] = []
            while try statement.step() { counts.append(FacetCount(value: statement.string(0), count: statement.int(1))) }
            return counts
        } catch {
            throw GazetteError.from(error, path: path)
        }
    }

    /// Number of articles in the index.
    public func articleCount() throws(GazetteError) -> Int {
        do {
            return try database.scalarInt("SELECT count(*) FROM articles") ?? 0
        } catch {
            throw GazetteError.from(error, path: path)
        }
    }
}
