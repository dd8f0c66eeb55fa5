import Gazette
import Glibc

/// The rankings `gazette evaluate` compares.
public enum RankingSystem: String, Sendable, CaseIterable {
    /// Raw SQLite FTS5: `porter unicode61 remove_diacritics 2`, `bm25()` with equal
    /// column weights, the query's words OR-ed (`BaselineIndex`).
    case porter = "fts5-porter"
    /// Gazette's relevance ranking with `--any`.
    case gazette = "gazette-bm25"
    /// Gazette with `--any --expand`.
    case expanded = "gazette-expand"
}

/// What one system scored on one collection.
public struct SystemEvaluation: Sendable {
    public let system: RankingSystem
    public let parameters: BM25Parameters
    public let mean: RetrievalMetrics
    /// Judged queries evaluated.
    public let queries: Int
    /// Mean milliseconds per query (ranking only).
    public let milliseconds: Double
}

/// Indexes a judged collection twice (Gazette and raw FTS5 porter) in a
/// folder and scores rankings of its judged queries, to depth 1,000.
///
/// Queries are natural-language text: each word becomes an optional term
/// (`QueryNode.bagOfWords`), so nothing in them is read as query syntax.
public final class CollectionEvaluator {
    public let collection: JudgedCollection
    public let folder: String
    let index: GazetteIndex
    let searcher: Searcher
    let baseline: BaselineIndex
    private var gazetteDocuments: [Int64: String] = [:]
    private var baselineDocuments: [Int64: String] = [:]
    private let analyzer = Analyzer()
    public static let depth = 1_000

    /// Writes the collection's dump into `folder/docs` (the folder must exist and be empty) and builds both indexes there.
    public init(collection: JudgedCollection, folder: String) throws(GazetteError) {
        self.collection = collection
        self.folder = folder
        let docs = folder + "/docs"
        guard mkdir(docs, 0o755) == 0 else {
            throw GazetteError.output(path: docs, detail: "cannot create the folder: \(ArticleParser.describe(errno))")
        }
        try collection.writeDump(to: docs)
        index = try GazetteIndex(path: folder + "/gazette.db", access: .write)
        var options = IndexOptions()
        options.detectCopies = false
        _ = try Indexer(index: index, options: options).run(roots: [docs])
        searcher = Searcher(index: index)
        baseline = try BaselineIndex(path: folder + "/porter.db")
        _ = try baseline.build(roots: [docs])
        gazetteDocuments = try documentMap(index.database, path: index.path)
        baselineDocuments = try documentMap(baseline.database, path: baseline.path)
    }

    private func documentMap(_ database: Database, path: String) throws(GazetteError) -> [Int64: String] {
        do {
            var map: [Int64: String] = [:]
            let select = try database.prepare("SELECT id, url FROM articles")
            while try select.step() { map[select.int64(0)] = JudgedCollection.documentID(fromURL: select.string(1)) }
            return map
        } catch {
            throw GazetteError.from(error, path: path)
        }
    }

    /// Scores `system` over the judged queries.
    public func evaluate(_ system: RankingSystem, parameters: BM25Parameters = BM25Parameters(),
                         expansion: ExpansionSettings = ExpansionSettings()) throws(GazetteError) -> SystemEvaluation {
        var all: [RetrievalMetrics] = []
        let queries = collection.judgedQueries
        let clock = Stopwatch()
        for query in queries {
            let ranked = try rank(query.text, system: system, parameters: parameters, expansion: expansion)
            all.append(RetrievalMetrics(ranked: ranked, grades: collection.judgements[query.id] ?? [:]))
        }
        let milliseconds = queries.isEmpty ? 0 : clock.elapsed * 1000 / Double(queries.count)
        return SystemEvaluation(system: system, parameters: parameters, mean: .mean(all), queries: queries.count,
                                milliseconds: milliseconds)
    }

    /// The ranked document ids `system` returns for `text`, best first.
    public func rank(_ text: String, system: RankingSystem, parameters: BM25Parameters = BM25Parameters(),
                     expansion: ExpansionSettings = ExpansionSettings()) throws(GazetteError) -> [String] {
        switch system {
        case .porter:
            return try porterRanking(text)
        case .gazette, .expanded:
            guard let tree = QueryNode.bagOfWords(text, analyzer: analyzer) else { return [] }
            let query = QueryCompiler.compile(tree: tree, text: text)
            let ids = try searcher.evaluationRanking(query, parameters: parameters,
                                                     expansion: system == .expanded ? expansion : nil, limit: Self.depth)
            return ids.compactMap { gazetteDocuments[$0] }
        }
    }

    /// Raw FTS5: every word (a run of letters and digits, as unicode61 splits) quoted and OR-ed.
    private func porterRanking(_ text: String) throws(GazetteError) -> [String] {
        var words: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        guard !words.isEmpty else { return [] }
        let expression = words.map { "\"" + $0 + "\"" }.joined(separator: " OR ")
        do {
            let select = try baseline.database.cached(
                "SELECT rowid FROM fts WHERE fts MATCH ?1 ORDER BY bm25(fts) LIMIT ?2")
            defer { select.reset() }
            select.bind([.text(expression), .integer(Self.depth)])
            var ranked: [String] = []
            while try select.step() {
                if let document = baselineDocuments[select.int64(0)] { ranked.append(document) }
            }
            return ranked
        } catch {
            throw GazetteError.from(error, path: baseline.path)
        }
    }
}

extension CollectionEvaluator {
    /// A new empty folder under `$TMPDIR` (else `/tmp`) for an evaluation's dump and indexes.
    public static func temporaryFolder() throws(GazetteError) -> String {
        var base = "/tmp"
        if let tmp = getenv("TMPDIR"), tmp.pointee != 0 { base = String(cString: tmp) }
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        var template = Array((base + "/gazette-eval.XXXXXX").utf8CString)
        let made: String? = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let made else {
            throw GazetteError.output(path: base, detail: "cannot create a temporary folder: \(ArticleParser.describe(errno))")
        }
        return made
    }
}
