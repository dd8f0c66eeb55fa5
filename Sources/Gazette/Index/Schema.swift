/// The layout of a Gazette index file, and its version.
///
/// `article_sources` repeats each article's source in rows of a few bytes:
/// facets and source filters read it for every match, and reading it from
/// `articles`, whose rows carry the body, cost a random page read per match.
///
/// FTS5 merges segments when 16 of a level have gathered (its default is 4),
/// and only past 64 merges during a write: each posting is rewritten fewer
/// times. On 100,000 generated articles the build took 23% less time; rare-word
/// queries, which look a term up in every segment, took about 0.2 ms more.
/// `gazette index --optimize` merges all segments into one.
///
/// Article ids follow publication date (`ArticleID`), so FTS5's rowid order
/// is date order: `--sort newest` and date filters become rowid ranges that
/// FTS5 answers without sorting.
enum Schema {
    /// Bumped whenever the tables or the analyzer change in a way that needs a re-index.
    /// Stored in `PRAGMA user_version`.
    static let version = 4
    /// Names the analyzer whose tokens the FTS index holds; checked on open.
    static let analyzerVersion = "gazette-analyzer-2"
    /// 16 KiB pages: a bulk load of 100,000 generated articles took 10% less
    /// time than with 4 KiB pages and made a 3% smaller file.
    static let pageSize = 16384

    static func create(tokenizer: IndexTokenizer) -> String {
        """
        CREATE TABLE meta(
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE sources(
            id INTEGER PRIMARY KEY,
            host TEXT NOT NULL UNIQUE
        );
        CREATE TABLE articles(
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            day INTEGER NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            path TEXT NOT NULL,
            file TEXT NOT NULL,
            hash INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            lang TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE languages(
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE
        );
        CREATE VIEW fts_content(id, title, body) AS
            SELECT id,
                CASE WHEN lang IN ('', 'en') THEN title ELSE char(\(LanguageMarker.scalarValue)) || lang || title END,
                CASE WHEN lang IN ('', 'en') THEN body ELSE char(\(LanguageMarker.scalarValue)) || lang || body END
            FROM articles;
        CREATE TABLE article_sources(
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL
        );
        CREATE INDEX article_sources_by_source ON article_sources(source_id);
        CREATE TABLE files(
            path TEXT PRIMARY KEY,
            shown TEXT NOT NULL,
            root TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime INTEGER NOT NULL,
            url TEXT,
            status INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX files_by_duplicate_url ON files(url) WHERE status = 1;
        CREATE VIRTUAL TABLE fts USING fts5(
            title, body,
            content='fts_content', content_rowid='id',
            tokenize='\(tokenizer.declaration)'
        );
        INSERT INTO fts(fts, rank) VALUES('hashsize', 16777216);
        INSERT INTO fts(fts, rank) VALUES('automerge', 16);
        INSERT INTO fts(fts, rank) VALUES('crisismerge', 64);
        """ + CopySchema.create + ArticleFacts.createSQL + (tokenizer == .gazette ? TermDocs.createSQL : "")
    }
}

/// The FTS5 tokenizer an index is built with. Users always get `gazette`;
/// the other exists so benchmarks can measure the analyzer's cost against
/// SQLite's own on an otherwise identical index.
public enum IndexTokenizer: Sendable {
    case gazette
    case porterUnicode61

    var declaration: String {
        switch self {
        case .gazette: return "gazette"
        case .porterUnicode61: return "porter unicode61 remove_diacritics 2"
        }
    }

    var analyzerVersion: String {
        switch self {
        case .gazette: return Schema.analyzerVersion
        case .porterUnicode61: return "porter-unicode61"
        }
    }
}

/// What a row of the `files` table says about its file.
enum FileStatus: Int {
    /// The file's article is in the index.
    case indexed = 0
    /// The file holds a URL whose article came from another file.
    case duplicate = 1
    /// The file was rejected; it is parsed again only when it changes.
    case rejected = 2
}

// Paths: `files.path`, `files.root` and `articles.file` are canonical
// (realpath of the root joined with the relative path), so the same tree
// indexed as `news`, `./news` or `/home/me/news` is one set of files;
// `articles.path` and `files.shown` keep the path as the user gave it.
//
// `files` has one index besides its key, and only over duplicates: every
// index is one more B-tree insert per article on the writer's thread. A
// root's files are a key range (`root/` up to `root0`, '0' following '/'),
// and only a duplicate's URL is ever looked up (to promote it).
