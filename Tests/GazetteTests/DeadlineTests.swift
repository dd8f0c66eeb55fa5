import Foundation
import Testing
@testable import Gazette

/// `GazetteIndex.withDeadline` (what `gazette serve` wraps each request in) and
/// `GazetteIndex.article(id:)`, tested on the library itself.
@Suite("Deadline and stored articles")
struct DeadlineTests {
    static func corpus() throws -> TestCorpus {
        try makeIndex((0..<120).map { number in
            TestArticle("https://harbor.example/\(number)", String(format: "2024-03-%02d", number % 28 + 1),
                        "Harbor story \(number)", "The harbor board met on day \(number).\nSecond paragraph.")
        })
    }

    @Test func aStoppedSearchIsDeadlineExceededAndTheConnectionStaysUsable() throws {
        let corpus = try Self.corpus()
        let searcher = Searcher(index: corpus.index)
        var options = SearchOptions()
        options.facets = true
        options.distinct = true
        do {
            _ = try corpus.index.withDeadline(seconds: 1e-9) { () throws(GazetteError) in
                try searcher.search("harbor", options: options)
            }
            Issue.record("a search past its deadline returned")
        } catch {
            #expect(error.code == .deadlineExceeded, "\(error)")
            #expect(error.path == corpus.index.path)
        }
        // The stopped search's snapshot was ended, and the same connection and
        // searcher answer in full, with a deadline and after it is lifted.
        #expect(!corpus.index.database.isInTransaction)
        let within = try corpus.index.withDeadline(seconds: 60) { () throws(GazetteError) in
            try searcher.search("harbor", options: options)
        }
        #expect(within.total == 120)
        #expect(try searcher.search("harbor", options: options).total == 120)
    }

    @Test func theMessageNamesTheIndexAndTheDeadline() {
        #expect(GazetteError.deadlineExceeded(path: "/x/index.db", seconds: 10).description
                == "/x/index.db: the request took longer than its deadline of 10 s and was stopped")
        #expect(GazetteError.deadlineExceeded(path: "i.db", seconds: 0.25).description.contains("deadline of 0.25 s"))
        // Not a usage or query error: the documented exit code of every other failure.
        #expect(GazetteError.deadlineExceeded(path: "i.db", seconds: .infinity).exitCode == 3)
    }

    @Test func anArticleComesBackWholeAndAMissingIdIsNil() throws {
        let corpus = try Self.corpus()
        let hit = try #require(try corpus.searcher.search("\"day 7\"").hits.first)
        let article = try #require(try corpus.index.article(id: hit.id))
        #expect(article.url == "https://harbor.example/7" && article.title == "Harbor story 7")
        #expect(article.paragraphs == ["The harbor board met on day 7.", "Second paragraph."])
        #expect(article.date.description == "2024-03-08" && article.source == "harbor.example" && article.wire == nil)
        #expect(try corpus.index.article(id: 1) == nil)
    }
}
