/// A column of `gazette export`.
public enum ExportField: String, Sendable, CaseIterable {
    case id, date, source, url, title, wire, cluster, copies, path, body, snippet, score, lang

    /// The columns written when `--fields` is not given.
    public static let defaults: [ExportField] = [.id, .date, .source, .url, .title, .wire, .cluster, .copies, .path]
}

/// One exported article. Fields that were not asked for are left empty
/// (`body`, `snippet`, `lang` nil; `score` 0), so no work is done for them.
public struct ExportRow: Sendable {
    public var id: Int64
    public var date: Day
    public var source: String
    public var url: String
    public var title: String
    public var path: String
    /// The news agency credited in the dateline, if any.
    public var wire: String?
    /// The copy cluster's id; the article's own id when it has no copies.
    public var cluster: Int64
    /// Other articles of the cluster.
    public var copies: Int
    /// Relevance score as `search` shows it (without the recency boost for date orders).
    public var score: Double
    public var body: String?
    public var snippet: String?
    /// The article's language (ISO 639-1); nil when it is not known.
    public var lang: String?
    /// Whether the article belongs to a cluster of two or more.
    var isClustered = false
}

/// Streaming every match of a query (`gazette export`).
///
/// Memory does not grow with the number of rows for the date orders: article
/// ids follow dates, so `newest` and `oldest` are one SQL statement stepping
/// through the matches in rowid order, each row written out before the next
/// is read. `relevance` must rank every match before writing the first: it
/// holds each match's id and score (from the one-pass walk) and its place in
/// the order, about 50 bytes a match with the walk's own buffers; with copies
/// collapsed, also the stories written so far.
extension Searcher {
    /// Calls `emit` with every article matching `text` in `options.sort` order
    /// (ties by id, as `search` orders them); `options.collapseCopies` keeps
    /// each story's first article in that order only. `limit`, `offset`,
    /// `after` and facets are ignored. Returns the number of rows emitted.
    /// Everything is read in one snapshot, so rows committed meanwhile are not mixed in.
    @discardableResult
    public func export(_ text: String, options: SearchOptions, fields: [ExportField],
                       emit: (ExportRow) throws(GazetteError) -> Void) throws(GazetteError) -> Int {
        let typed: CompiledQuery
        do {
            typed = try QueryCompiler.compile(text, options: options.compile)
        } catch {
            throw GazetteError.query(error, query: text)
        }
        let wanted = Set(fields)
        return try index.wrap { try database.readSnapshot {
            try index.stemQueries(for: typed.filters.languages)
            var plan: [String] = []
            let query = try withSurfaceChecks(typed, plan: &plan)
            if wanted.contains(.lang), try !hasLanguageColumn() {
                throw GazetteError.usage("--fields lang: this index records no article languages")
            }
            var writer = try ExportRowReader(searcher: self, query: query, options: options, fields: wanted)
            if options.sort == .relevance && query.match != nil {
                return try exportByRelevance(query, options: options, reader: &writer, emit: emit)
            }
            return try exportByDate(query, options: options, reader: &writer, emit: emit)
        } }
    }

    private func hasLanguageColumn() throws -> Bool {
        try database.scalarInt("SELECT count(*) FROM pragma_table_info('articles') WHERE name = 'lang'") ?? 0 > 0
    }

    /// Newest or oldest (and relevance of a query with no words, which is newest): one statement in rowid order.
    private func exportByDate(_ query: CompiledQuery, options: SearchOptions, reader: inout ExportRowReader,
                              emit: (ExportRow) throws(GazetteError) -> Void) throws -> Int {
        let scope = MatchScope(query: query, joinArticles: false)
        let descending = options.sort != .oldest
        var values = scope.values
        var score = "0.0"
        if scope.hasMatch && reader.fields.contains(.score) {
            // Date orders show FTS5's relevance without the recency boost, as `search --sort newest` does.
            let relevance = try relevanceScoreSQL(options, recency: false)
            score = relevance.sql
            values.insert(contentsOf: relevance.values, at: 0)
        }
        let sql = "SELECT \(scope.rowid), \(score) FROM \(scope.from)\(scope.whereClause) ORDER BY \(scope.rowid)\(descending ? " DESC" : "")"
        let statement = try database.cached(sql)
        defer { statement.reset() }
        statement.bind(values)
        // A story's first article in this order: no other matching member of its cluster comes before it.
        let earlierMember: Statement? = try options.collapseCopies ? database.cached("""
            SELECT 1 FROM \(scope.from)\(scope.whereClause.isEmpty ? " WHERE " : scope.whereClause + " AND ")\
            \(scope.rowid) IN (SELECT id FROM copy_members WHERE cluster = ?) AND \(scope.rowid) \(descending ? ">" : "<") ? LIMIT 1
            """) : nil
        var rows = 0
        while try statement.step() {
            let id = statement.int64(0)
            guard var row = try reader.row(id: id, score: statement.double(1)) else { continue }
            if let earlierMember, row.isClustered {
                earlierMember.bind(scope.values + [.integer(Int(row.cluster)), .integer(Int(id))])
                let shown = try earlierMember.step()
                earlierMember.reset()
                if shown { continue }
            }
            try reader.finish(&row)
            try emit(row)
            rows += 1
        }
        return rows
    }

    /// Every match ranked first (ids and scores held), then written best first.
    private func exportByRelevance(_ query: CompiledQuery, options: SearchOptions, reader: inout ExportRowReader,
                                   emit: (ExportRow) throws(GazetteError) -> Void) throws -> Int {
        var plan: [String] = []
        var ids: [Int64] = []
        var scores: [Double] = []
        var pass: MatchPass?
        if options.evaluation == .automatic {
            do {
                pass = try matchPass(query, options: options, tally: nil, plan: &plan)
            } catch is MissingFacts {
                pass = nil
            }
        }
        if let pass {
            ids = pass.ids
            scores = pass.scores
        } else {
            let scope = MatchScope(query: query, joinArticles: false)
            let relevance = try relevanceScoreSQL(options)
            let statement = try database.cached("SELECT \(scope.rowid), \(relevance.sql) FROM \(scope.from)\(scope.whereClause)")
            defer { statement.reset() }
            statement.bind(relevance.values + scope.values)
            while try statement.step() {
                ids.append(statement.int64(0))
                scores.append(statement.double(1))
            }
        }
        let order = ids.indices.sorted { TopHits.isBetter((ids[$0], scores[$0]), than: (ids[$1], scores[$1])) }
        var storiesShown: Set<Int64> = []
        var rows = 0
        for index in order {
            guard var row = try reader.row(id: ids[index], score: scores[index]) else { continue }
            if options.collapseCopies && !storiesShown.insert(row.cluster).inserted { continue }
            try reader.finish(&row)
            try emit(row)
            rows += 1
        }
        return rows
    }
}

/// Reads one article's exported fields: the cheap ones and its cluster first
/// (enough to decide whether a collapsed export keeps it), the snippet last.
struct ExportRowReader {
    let searcher: Searcher
    let fields: Set<ExportField>
    private let details: Statement
    private let membership: Statement
    private let terms: SnippetBuilder.Terms
    private let snippetTokens: Int

    init(searcher: Searcher, query: CompiledQuery, options: SearchOptions, fields: Set<ExportField>) throws {
        self.searcher = searcher
        self.fields = fields
        let lang = fields.contains(.lang) ? ", a.lang" : ""
        details = try searcher.database.cached("""
            SELECT a.url, a.title, a.path, s.host, a.body\(lang)
            FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?1
            """)
        membership = try searcher.database.cached("""
            SELECT m.cluster, m.wire, coalesce(c.size, 1) FROM copy_members m LEFT JOIN copy_clusters c ON c.id = m.cluster
            WHERE m.id = ?1
            """)
        terms = searcher.snippets.terms(of: query.tree)
        snippetTokens = options.snippetTokens
    }

    /// The article's row without its snippet, or nil when it is gone.
    func row(id: Int64, score: Double) throws -> ExportRow? {
        details.bind(id, at: 1)
        defer { details.reset() }
        guard try details.step() else { return nil }
        let wantsBody = fields.contains(.body) || fields.contains(.snippet)
        var row = ExportRow(id: id, date: ArticleID.day(of: id), source: details.string(3), url: details.string(0),
                            title: details.string(1), path: details.string(2), wire: nil, cluster: id, copies: 0,
                            score: score, body: wantsBody ? details.string(4) : nil, snippet: nil,
                            lang: fields.contains(.lang) ? details.optionalString(5).flatMap { $0.isEmpty ? nil : $0 } : nil)
        membership.bind(id, at: 1)
        defer { membership.reset() }
        if try membership.step() {
            row.wire = membership.optionalString(1)
            if !membership.isNull(0) {
                row.cluster = membership.int64(0)
                row.isClustered = true
                row.copies = max(0, membership.int(2) - 1)
            }
        }
        return row
    }

    /// Adds the snippet, when asked for, and drops a body that was read only for it.
    func finish(_ row: inout ExportRow) throws {
        guard let body = row.body else { return }
        if fields.contains(.snippet) {
            row.snippet = searcher.snippets.snippet(of: body, terms: terms, tokens: snippetTokens).text
        }
        if !fields.contains(.body) { row.body = nil }
    }
}
