#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an index holds, for `gazette stats`.
public struct IndexStatistics: Sendable {
    public let articles: Int
    public let sources: Int
    public let topSources: [FacetCount]
    public let firstDate: Day?
    public let lastDate: Day?
    /// Size on disk of the index file and its write-ahead log.
    public let indexBytes: Int64
    /// Articles per language (ISO 639-1; "" when not known), most first.
    public var languages: [FacetCount] = []
}

extension GazetteIndex {
    public func statistics(topSources limit: Int = 10) throws(GazetteError) -> IndexStatistics {
        try wrap {
            let articles = try database.scalarInt("SELECT count(*) FROM articles") ?? 0
            let sources = try database.scalarInt("SELECT count(DISTINCT source_id) FROM article_sources") ?? 0
            let statement = try database.cached("""
                SELECT s.host, count(*) AS n FROM article_sources a JOIN sources s ON s.id = a.source_id
                GROUP BY a.source_id ORDER BY n DESC, s.host LIMIT ?1
                """)
            defer { statement.reset() }
            statement.bind(limit, at: 1)
            var top: [FacetCount] = []
            while try statement.step() { top.append(FacetCount(value: statement.string(0), count: statement.int(1))) }
            let first = try database.scalarInt("SELECT min(id) FROM articles").map { ArticleID.day(of: Int64($0)) }
            let last = try database.scalarInt("SELECT max(id) FROM articles").map { ArticleID.day(of: Int64($0)) }
            var statistics = IndexStatistics(articles: articles, sources: sources, topSources: top, firstDate: first,
                                             lastDate: last, indexBytes: fileSize(path) + fileSize(path + "-wal"))
            let languages = try database.cached("SELECT lang, count(*) AS n FROM articles GROUP BY lang ORDER BY n DESC, lang")
            defer { languages.reset() }
            while try languages.step() {
                statistics.languages.append(FacetCount(value: languages.string(0), count: languages.int(1)))
            }
            return statistics
        }
    }

    private func fileSize(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}
