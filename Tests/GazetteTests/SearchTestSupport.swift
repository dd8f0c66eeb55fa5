import Foundation
import Testing
@testable import Gazette

/// One article of an in-code test corpus.
struct TestArticle: Sendable {
    var url: String
    var date: String
    var title: String
    /// Paragraphs separated by "\n".
    var body: String

    init(_ url: String, _ date: String, _ title: String, _ body: String) {
        self.url = url
        self.date = date
        self.title = title
        self.body = body
    }
}

/// A temporary directory holding dump files and the index built from them;
/// removed when the last reference goes away.
final class TestCorpus {
    let directory: URL
    let index: GazetteIndex
    let summary: IndexSummary

    init(index: GazetteIndex, directory: URL, summary: IndexSummary) {
        self.index = index
        self.directory = directory
        self.summary = summary
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    var searcher: Searcher { Searcher(index: index) }

    /// Runs `query` and returns the hits' URLs in result order.
    func urls(_ query: String, _ options: SearchOptions = SearchOptions()) throws -> [String] {
        var options = options
        if options.limit == 10 { options.limit = 1000 }
        return try searcher.search(query, options: options).hits.map(\.url)
    }

    /// The set of URLs found by `query`, checked against `total`.
    func urlSet(_ query: String, _ options: SearchOptions = SearchOptions()) throws -> Set<String> {
        var options = options
        options.limit = 100_000
        let result = try searcher.search(query, options: options)
        #expect(result.total == result.hits.count, "total \(result.total) vs \(result.hits.count) hits for \(query)")
        return Set(result.hits.map(\.url))
    }

    /// Runs a one-column integer SQL query on the index.
    func sqlInt(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        try index.database.scalarInt(sql, values) ?? 0
    }
}

/// The dump format: line 1 ` date YYYY-MM-DD URL`, line 2 the headline,
/// then one paragraph per line.
func searchTestDumpText(_ article: TestArticle) -> String {
    " date \(article.date) \(article.url)\n\(article.title)\n\(article.body)\n"
}

/// Writes `articles` as `.txt` dumps into a fresh temporary directory and
/// indexes them into `index.db` next to them (outside the dump root).
func makeIndex(_ articles: [TestArticle], sourceLocation: SourceLocation = #_sourceLocation) throws -> TestCorpus {
    let base = FileManager.default.temporaryDirectory
        .appendingPathComponent("gazette-search-tests-\(UUID().uuidString)", isDirectory: true)
    let dumps = base.appendingPathComponent("dumps", isDirectory: true)
    try FileManager.default.createDirectory(at: dumps, withIntermediateDirectories: true)
    for (number, article) in articles.enumerated() {
        let file = dumps.appendingPathComponent(String(format: "article-%05d.txt", number))
        try Data(searchTestDumpText(article).utf8).write(to: file)
    }
    let index = try GazetteIndex(path: base.appendingPathComponent("index.db").path, access: .write)
    let summary = try Indexer(index: index).run(roots: [dumps.path])
    #expect(summary.rejected.isEmpty, "rejected: \(summary.rejected)", sourceLocation: sourceLocation)
    #expect(summary.indexed == articles.count, "indexed \(summary.indexed) of \(articles.count)",
            sourceLocation: sourceLocation)
    return TestCorpus(index: index, directory: base, summary: summary)
}

/// Indexes one article (title and body) and returns its corpus.
func makeSingleArticleIndex(title: String = "Headline", body: String,
                            url: String = "https://example.com/doc",
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> TestCorpus {
    try makeIndex([TestArticle(url, "2025-01-01", title, body)], sourceLocation: sourceLocation)
}

/// A fresh folder under the system's temporary directory, removed with its
/// contents when released: the base of every on-disk test tree.
final class TemporaryFolder {
    let url: URL

    init(prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A subfolder, created if missing.
    func folder(_ path: String) throws -> URL {
        let folder = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
