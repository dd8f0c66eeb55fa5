import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// The writer keeps the frequent words' lists exact however a run is cut into
/// batches and transactions: parse workers count the articles, a batch's
/// changes go into the last chunk the writer kept from the batch before, and
/// a commit keeps those chunks only while no other connection writes.
@Suite struct TermDocsWriterTests {
    final class Folder {
        let path: String

        init(articles: Int, seed: UInt64) throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-tdw-\(UUID().uuidString)").path
            try CorpusGenerator(seed: seed, articleCount: articles).write(to: path + "/corpus")
        }

        var corpus: String { path + "/corpus" }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Words in three or more articles are frequent; batches of 32 end mid-month
    /// (the generated tree is year/month/source), so each batch's first days
    /// interleave with the days the batch before ended on.
    static func options() -> IndexOptions {
        var options = TermDocsTests.options(rechoose: false, commitEvery: 45)
        options.batchSize = 32
        return options
    }

    @Test func listsStayExactWhenBatchesInterleaveDatesAcrossCommits() throws {
        let folder = try Folder(articles: 400, seed: 12)
        let index = try GazetteIndex(path: folder.path + "/g.db", access: .write)
        let indexer = Indexer(index: index, options: Self.options())
        let summary = try indexer.run(roots: [folder.corpus])
        #expect(summary.indexed == 400)
        #expect(try index.termDocsProblems() == [])
        let statistics = indexer.termDocsStatistics
        // The words were chosen at the first commit (45 articles); the workers count
        // against them from then on, but some articles were parsed before.
        #expect(statistics.countedByWorkers > 200, "\(statistics)")
        #expect(statistics.countedHere > 0, "\(statistics)")
        #expect(statistics.countedByWorkers + statistics.countedHere == 400, "\(statistics)")
        #expect(statistics.cachedChunksUpdated > 10 * statistics.chunksRead, "\(statistics)")
    }

    @Test func anotherWriterBetweenCommitsMakesTheWriterReadItsChunksAgain() throws {
        let folder = try Folder(articles: 300, seed: 13)
        let other = try Folder(articles: 60, seed: 14)
        let path = folder.path + "/g.db"
        let index = try GazetteIndex(path: path, access: .write)
        let indexer = Indexer(index: index, options: Self.options())
        var commits = 0
        var otherRun: IndexSummary?
        indexer.betweenTransactions = {
            commits += 1
            // After the words were chosen and the writer cached their chunks: the
            // other run adds articles on the same days, into the same chunks.
            guard commits == 3 else { return }
            let second = try GazetteIndex(path: path, access: .write)
            otherRun = try Indexer(index: second, options: Self.options()).run(roots: [other.corpus])
        }
        let summary = try indexer.run(roots: [folder.corpus])
        let added = try #require(otherRun)
        #expect(added.indexed > 0)
        #expect(try index.termDocsProblems() == [])
        #expect(try index.database.scalarInt("SELECT count(*) FROM articles") == summary.indexed + added.indexed)
        // Read back after the other run's commit, and on the first commit's reload of the chosen words.
        #expect(indexer.termDocsStatistics.chunksRead > 0)
    }
}
