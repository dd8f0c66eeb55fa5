/// One whole article as the index stores it, for an article view or an API.
public struct StoredArticle: Sendable, Equatable {
    public let id: Int64
    public let date: Day
    public let source: String
    public let url: String
    public let title: String
    /// Body paragraphs in file order (the index keeps them one per line).
    public let paragraphs: [String]
    /// The news agency credited in the dateline, e.g. "AP".
    public let wire: String?
    /// Where the article was read from: the indexed directory joined with the file's relative path.
    public let path: String
}

extension GazetteIndex {
    /// The article with this id, or nil when the index has none.
    public func article(id: Int64) throws(GazetteError) -> StoredArticle? {
        try wrap {
            let select = try database.cached("""
                SELECT a.url, a.title, a.body, a.path, s.host, cm.wire FROM articles a
                JOIN sources s ON s.id = a.source_id LEFT JOIN copy_members cm ON cm.id = a.id WHERE a.id = ?1
                """)
            defer { select.reset() }
            select.bind(id, at: 1)
            guard try select.step() else { return nil }
            let paragraphs = select.string(2).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            return StoredArticle(id: id, date: ArticleID.day(of: id), source: select.string(4), url: select.string(0),
                                 title: select.string(1), paragraphs: paragraphs, wire: select.optionalString(5),
                                 path: select.string(3))
        }
    }
}
