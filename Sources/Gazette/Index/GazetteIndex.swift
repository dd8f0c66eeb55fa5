#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open Gazette index: the owner of its connection and its schema checks.
public final class GazetteIndex {
    public enum Access: Sendable {
        case read
        case write
    }

    public let path: String
    public let database: Database
    /// Articles per language (`languages.code`), from `article_facts`, kept until the index
    /// changes: they decide which languages queries are stemmed for.
    var languageCounts: (version: IndexVersion, counts: [String: Int]?)?

    /// Opens the index at `path`. Writers create it when missing; readers
    /// require it. Any other version's index is refused with a clear message.
    public convenience init(path: String, access: Access) throws(GazetteError) {
        try self.init(path: path, access: access, tokenizer: .gazette)
    }

    /// Opens the index at `path`, creating a new one with `tokenizer` when
    /// missing. Only benchmarks choose a tokenizer other than `.gazette`.
    public init(path: String, access: Access, tokenizer: IndexTokenizer) throws(GazetteError) {
        self.path = path
        let exists = Glibc.access(path, F_OK) == 0
        if access == .read && !exists { throw GazetteError.indexNotFound(path: path) }
        do {
            database = try Database(path: path, mode: access == .read ? .readOnly : .create)
        } catch {
            if !exists, access == .write {
                throw GazetteError.database(path: path, detail: "cannot create the index file: check that its folder exists and is writable")
            }
            throw GazetteError.from(error, path: path)
        }
        try wrap { try prepareSchema(access: access, tokenizer: tokenizer) }
    }

    private func prepareSchema(access: Access, tokenizer: IndexTokenizer) throws {
        var version = try database.scalarInt("PRAGMA user_version") ?? 0
        if version == 0 {
            try requireNoForeignTables()
            guard access == .write else { throw GazetteError.indexNotFound(path: path) }
            // Only an empty file takes a page size, so it is set before anything else.
            try database.execute("PRAGMA page_size=\(Schema.pageSize)")
            try database.execute("PRAGMA journal_mode=WAL")
            // Two runs may start on a new file at once: the second waits for the
            // write lock and must then find the schema made, not make it again.
            version = try database.transaction { () throws in
                let current = try database.scalarInt("PRAGMA user_version") ?? 0
                guard current == 0 else { return current }
                try requireNoForeignTables()
                try database.execute(Schema.create(tokenizer: tokenizer))
                try database.cached("INSERT INTO meta(key, value) VALUES ('analyzer', ?1)")
                    .run([.text(tokenizer.analyzerVersion)])
                try database.execute("PRAGMA user_version = \(Schema.version)")
                return Schema.version
            }
        }
        if version != Schema.version {
            throw GazetteError.reindexNeeded(
                path: path, detail: "the index has schema version \(version), this gazette uses version \(Schema.version)")
        } else {
            let analyzer = try database.scalarString("SELECT value FROM meta WHERE key = 'analyzer'")
            if analyzer != tokenizer.analyzerVersion {
                throw GazetteError.reindexNeeded(
                    path: path, detail: "the index was built with the analyzer \(analyzer ?? "unknown"), this gazette uses \(tokenizer.analyzerVersion)")
            }
        }
        try database.execute("PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384")
        if access == .read {
            // Readers map the file: pages are read in place from the OS page cache instead of copied into
            // each connection's 16 MB cache by pread, which a query mix larger than that cache (expansion's
            // added words' postings) paid on every page. Up to SQLite's usual 2 GB cap; beyond, pread.
            try database.execute("PRAGMA mmap_size=2147418112")
        }
        if access == .write, tokenizer == .gazette, try !ArticleFacts.exists(database) {
            // An index made before `article_facts` existed gets it on its next write.
            try database.transaction { () throws(SQLiteError) in try ArticleFacts.build(database) }
        }
        if access == .write, tokenizer == .gazette, try !TermDocs.exists(database) {
            // Empty lists; the next index run chooses the frequent terms and builds them.
            try database.execute(TermDocs.createSQL)
        }
    }

    private func requireNoForeignTables() throws {
        let tables = try database.scalarInt("SELECT count(*) FROM sqlite_schema") ?? 0
        guard tables == 0 else {
            throw GazetteError.notAnIndex(path: path, detail: "it is an SQLite database without Gazette's tables")
        }
    }

    /// Translates errors thrown while working on this index.
    package func wrap<T>(_ body: () throws -> T) throws(GazetteError) -> T {
        try GazetteError.translating(path: path, body)
    }
}
