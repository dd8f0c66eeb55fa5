import Foundation
import Testing
@testable import Gazette

/// Issue 7.4: searches run while an index run writes and see one consistent
/// snapshot; two index runs on one database never corrupt it.
@Suite("Concurrent use", .serialized)
struct ConcurrencyTests {
    @Test func searchesDuringAnIndexRunAllSucceedOnConsistentSnapshots() throws {
        let temp = try CLITempDirectory()
        let corpus = try generateCorpus(articles: 1_500, seed: 21, in: temp)
        let writer = try BackgroundGazette(["index", corpus.path, "--db", temp.db, "--commit-every", "100"], in: temp.url)
        // The reader opens once the first run has made the schema.
        var index: GazetteIndex?
        while index == nil && writer.process.isRunning {
            index = try? GazetteIndex(path: temp.db, access: .read)
            if index == nil { usleep(5_000) }
        }
        let reader = try #require(index ?? (try? GazetteIndex(path: temp.db, access: .read)))
        let searcher = Searcher(index: reader)
        var options = SearchOptions()
        options.limit = 5
        options.facets = true
        options.facetLimit = 1_000
        var lastTotal = 0
        var searches = 0
        var totalsSeen = Set<Int>()
        var verifiedMidRun = false
        while writer.process.isRunning || searches == 0 {
            // Every article matches the filter, so total counts the committed articles.
            let result = try searcher.search("after:1900", options: options)
            #expect(result.total >= lastTotal, "totals never decrease: \(lastTotal) -> \(result.total)")
            let facetSum = result.facets?.sources.reduce(0) { $0 + $1.count } ?? -1
            #expect(facetSum == result.total, "count and facets come from one snapshot")
            #expect(result.hits.count == min(5, result.total))
            if !verifiedMidRun && result.total > 0 && writer.process.isRunning {
                // verify reads too, so it may run while the index is being written.
                verifiedMidRun = true
                let verified = try verifyIndex(temp)
                #expect(verified.ok, "verify during the run: \(verified.run)")
            }
            lastTotal = result.total
            totalsSeen.insert(result.total)
            searches += 1
        }
        let run = writer.finish()
        #expect(run.status == 0, "\(run)")
        #expect(totalsSeen.count > 1, "searches saw the index grow (\(searches) searches)")
        #expect(try searcher.search("after:1900", options: options).total == committedArticles(temp.db))
        #expect(try verifyIndex(temp).ok)
    }

    @Test func twoIndexRunsOnOneNewDatabaseLeaveItIntactAndComplete() throws {
        let temp = try CLITempDirectory()
        let corpus = try generateCorpus(articles: 1_200, seed: 22, in: temp)
        let reference = temp.path("reference.db").path
        #expect(try temp.run(["index", corpus.path, "--db", reference]).status == 0)
        let command = ["index", corpus.path, "--db", temp.db, "--commit-every", "100", "--json"]
        // Both start on a file that does not exist yet: both race to create the schema.
        let first = try BackgroundGazette(command, in: temp.url)
        let second = try BackgroundGazette(command, in: temp.url)
        for run in [first.finish(), second.finish()] {
            // Waiting for the lock and succeeding is fine; so is giving up with Gazette's message.
            #expect(run.status == 0 || (run.status == 3 && run.err.contains(temp.db) && run.err.contains("locked")), "\(run)")
            #expect(!run.err.contains("SQLite"), "\(run)")
        }
        #expect(try verifyIndex(temp).ok)
        let finish = try temp.run(command)
        #expect(finish.status == 0, "\(finish)")
        #expect(try articleFingerprint(temp.db) == articleFingerprint(reference))
    }

    @Test func twoIndexRunsWritingTheSameDayNeverCollide() throws {
        // Two roots whose articles all share one day: ids are per-day sequences,
        // so interleaved commits of two runs must not hand out the same id.
        let temp = try CLITempDirectory()
        for root in ["east", "west"] {
            let folder = temp.path(root)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for number in 0..<600 {
                let article = TestArticle("https://\(root).example/\(number)", "2024-01-01", "Story \(number) \(root)",
                                          "Body of story \(number) from the \(root).")
                try Data(searchTestDumpText(article).utf8).write(to: folder.appendingPathComponent("\(number).txt"))
            }
        }
        try temp.index(CLITests.articles)
        let runs = try ["east", "west"].map {
            try BackgroundGazette(["index", temp.path($0).path, "--db", temp.db, "--commit-every", "20"], in: temp.url)
        }
        for run in runs.map({ $0.finish() }) {
            #expect(run.status == 0 || (run.status == 3 && run.err.contains("locked")), "\(run)")
            #expect(!run.err.contains("SQLite"), "\(run)")
        }
        #expect(try verifyIndex(temp).ok)
        for root in ["east", "west"] {
            #expect(try temp.run(["index", temp.path(root).path, "--db", temp.db]).status == 0)
        }
        #expect(committedArticles(temp.db) == 1_250)
    }
}
