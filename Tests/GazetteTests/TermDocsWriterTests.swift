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
        // against them from then on, but some articles were parsed before (how many
        // depends on how far ahead the workers got, which the machine's load decides).
        #expect(statistics.countedByWorkers > 0, "\(statistics)")
        #expect(statistics.countedHere > 0, "\(statistics)")
        #expect(statistics.countedByWorkers + statistics.countedHere == 400, "\(statistics)")
        // Each word's chunk is read back once, after the choice; every later flush updates the kept one.
        let chosen = try #require(try index.database.scalarInt("SELECT count(*) FROM frequent_terms"))
        #expect(statistics.chunksRead <= chosen, "\(statistics)")
        #expect(statistics.cachedChunksUpdated > 4 * statistics.chunksRead, "\(statistics)")
    }

    /// A second run adds 200 articles and, in later batches of the same
    /// transaction, replaces 50 of them with later-dated files of the same URL:
    /// an article's addition and its removal wait together for one flush.
    /// Flushing only at the commit, or between batches (a tiny budget), the
    /// lists must equal FTS5's.
    @Test(arguments: [TermDocsWriter.defaultFlushEntries, 40])
    func listsStayExactWhenAdditionsAndRemovalsWaitForOneFlush(flushEntries: Int) throws {
        let first = try Folder(articles: 200, seed: 21)
        let second = try Folder(articles: 200, seed: 22)
        let path = first.path + "/g.db"
        var options = TermDocsTests.options(rechoose: false)
        options.batchSize = 16
        options.commitInterval = 100_000
        options.termDocsFlushEntries = flushEntries
        let index = try GazetteIndex(path: path, access: .write)
        _ = try Indexer(index: index, options: options).run(roots: [first.corpus])
        #expect(try index.database.scalarInt("SELECT count(*) FROM frequent_terms") ?? 0 > 20)

        let files = try #require(FileManager.default.subpaths(atPath: second.corpus)).filter { $0.hasSuffix(".txt") }.sorted()
        let later = second.corpus + "/zz-later"
        try FileManager.default.createDirectory(atPath: later, withIntermediateDirectories: true)
        for (number, file) in files.prefix(50).enumerated() {
            let text = try String(contentsOfFile: second.corpus + "/" + file, encoding: .utf8)
            var lines = text.components(separatedBy: "\n")
            let header = lines[0].split(separator: " ", omittingEmptySubsequences: true)
            let day = try #require(Day(parsing: String(header[1])))
            lines[0] = " date \(Day(daysSinceEpoch: day.daysSinceEpoch + 1)) \(header[2])"
            lines.append("A later edition adds the harbor levee report number \(number).")
            try lines.joined(separator: "\n").write(toFile: later + "/\(number).txt", atomically: true, encoding: .utf8)
        }
        let indexer = Indexer(index: index, options: options)
        let summary = try indexer.run(roots: [first.corpus, second.corpus])
        #expect(summary.indexed == 200)
        #expect(summary.duplicates.count == 50)
        #expect(try index.database.scalarInt("SELECT count(*) FROM articles") == 400)
        #expect(try index.termDocsProblems() == [])
        let statistics = indexer.termDocsStatistics
        if flushEntries == TermDocsWriter.defaultFlushEntries {
            #expect(statistics.flushes == 1, "\(statistics)")
        } else {
            #expect(statistics.flushes > 10, "\(statistics)")
        }
    }

    /// The end of a large run counts the candidates for frequent words on two
    /// connections, each walking half the vocabulary: together they must find
    /// exactly the words one walk finds, whatever the threshold.
    @Test func theVocabularyWalkSplitInTwoFindsTheSameWords() throws {
        let folder = try Folder(articles: 300, seed: 23)
        let index = try GazetteIndex(path: folder.path + "/g.db", access: .write)
        _ = try Indexer(index: index, options: TermDocsTests.options(rechoose: false)).run(roots: [folder.corpus])
        let split = try #require(try TermDocs.medianPageTerm(index.database))
        #expect(!split.isEmpty)
        for threshold: Int64 in [1, 3, 30, 150] {
            let whole = try TermDocs.candidates(index.database, threshold: threshold, rows: 300, parallelFrom: .max)
            let halves = try TermDocs.candidates(index.database, threshold: threshold, rows: 300, parallelFrom: 0)
            #expect(!whole.isEmpty)
            #expect(whole.count == Set(whole).count)
            #expect(Set(halves) == Set(whole), "threshold \(threshold)")
            #expect(halves.count == whole.count, "threshold \(threshold)")
        }
    }

    /// A first run over a whole archive chooses its frequent words at its end
    /// from what its parse threads tallied, not by walking FTS5's vocabulary:
    /// it must choose exactly the words the walk chooses, including a word
    /// that only appears after the early choice, with exact lists. A later
    /// run over an index it did not write whole walks the vocabulary.
    @Test func aRunThatWritesTheWholeIndexChoosesItsWordsAsTheVocabularyWalkDoes() throws {
        let folder = try Folder(articles: 400, seed: 31)
        let late = folder.corpus + "/zz-late"
        try FileManager.default.createDirectory(atPath: late, withIntermediateDirectories: true)
        for number in 0..<90 {
            try " date 2025-06-\(10 + number % 20) https://late.example/\(number)\nZephyrine storm\nThe zephyrine storm reached the harbor levee on day \(number).\n"
                .write(toFile: late + "/\(number).txt", atomically: true, encoding: .utf8)
        }
        var options = TermDocsTests.options(rechoose: true, commitEvery: 45)
        options.batchSize = 32
        options.frequentTerms = FrequentTermPolicy(minimumArticles: 60, shareOfArchive: 0.1, rechooseAfterChangedShare: 0.1)
        var chosen: [[String]] = []
        for tally in [true, false] {
            options.tallyFrequentTerms = tally
            let index = try GazetteIndex(path: folder.path + "/\(tally).db", access: .write)
            let indexer = Indexer(index: index, options: options)
            #expect(try indexer.run(roots: [folder.corpus]).indexed == 490)
            #expect(indexer.lastChoice.source == (tally ? .tallies : .vocabularyWalk))
            #expect(indexer.lastChoice.added > 0)
            #expect(try index.termDocsProblems() == [])
            let rows = try index.database.prepare("SELECT term, docs FROM frequent_terms ORDER BY term")
            var terms: [String] = []
            while try rows.step() { terms.append("\(rows.string(0)) \(rows.int64(1))") }
            chosen.append(terms)
        }
        #expect(chosen[0] == chosen[1])
        #expect(chosen[0].contains { $0.hasPrefix("zephyr") && $0.hasSuffix(" 90") }, "\(chosen[0].prefix(20))")

        // Too small a share would make the tallies' buckets too wide to hold: such a run walks.
        var exact = options
        exact.frequentTerms.shareOfArchive = 0
        let walked = Indexer(index: try GazetteIndex(path: folder.path + "/exact.db", access: .write), options: exact)
        #expect(try walked.run(roots: [folder.corpus]).indexed == 490)
        #expect(walked.lastChoice.source == .vocabularyWalk)

        let more = try Folder(articles: 100, seed: 32)
        options.tallyFrequentTerms = true
        let index = try GazetteIndex(path: folder.path + "/true.db", access: .write)
        let indexer = Indexer(index: index, options: options)
        #expect(try indexer.run(roots: [folder.corpus, more.corpus]).indexed == 100)
        #expect(indexer.lastChoice.source == .vocabularyWalk)
        #expect(try index.termDocsProblems() == [])
    }

    /// Every row of both tables, for comparing two builds.
    static func termDocsRows(_ index: GazetteIndex) throws -> [String] {
        var rows: [String] = []
        let chosen = try index.database.prepare("SELECT term, docs FROM frequent_terms ORDER BY term")
        while try chosen.step() { rows.append("\(chosen.string(0)) \(chosen.int64(1))") }
        let chunks = try index.database.prepare("SELECT term, first, hex(data) FROM term_docs ORDER BY term, first")
        while try chunks.step() { rows.append("\(chunks.string(0)) \(chunks.int64(1)) \(chunks.string(2))") }
        return rows
    }

    /// A first run keeps its lists in a spill and writes them in its last
    /// transaction. With batches whose days interleave, later-dated copies
    /// of earlier articles (replacements in the same run), and flushes
    /// between batches, it must write exactly the rows the table path writes.
    @Test(arguments: [TermDocsWriter.defaultFlushEntries, 300])
    func aFirstRunThatSpillsItsListsWritesTheRowsTheTablePathWrites(flushEntries: Int) throws {
        let folder = try Folder(articles: 400, seed: 41)
        let files = try #require(FileManager.default.subpaths(atPath: folder.corpus)).filter { $0.hasSuffix(".txt") }.sorted()
        let later = folder.corpus + "/zz-later"
        try FileManager.default.createDirectory(atPath: later, withIntermediateDirectories: true)
        for (number, file) in files.prefix(60).enumerated() {
            var lines = try String(contentsOfFile: folder.corpus + "/" + file, encoding: .utf8).components(separatedBy: "\n")
            let header = lines[0].split(separator: " ", omittingEmptySubsequences: true)
            let day = try #require(Day(parsing: String(header[1])))
            lines[0] = " date \(Day(daysSinceEpoch: day.daysSinceEpoch + 2)) \(header[2])"
            lines.append("A later edition adds the harbor levee report number \(number).")
            try lines.joined(separator: "\n").write(toFile: later + "/\(number).txt", atomically: true, encoding: .utf8)
        }
        var options = Self.options()
        options.termDocsFlushEntries = flushEntries
        var builds: [[String]] = []
        // The spill with its flushes on their own thread (the default), the spill flushed in line, the table.
        for (spill, background) in [(true, true), (true, false), (false, false)] {
            options.spillFrequentTermLists = spill
            options.flushSpillInBackground = background
            let index = try GazetteIndex(path: folder.path + "/\(spill)-\(background)-\(flushEntries).db", access: .write)
            let indexer = Indexer(index: index, options: options)
            let summary = try indexer.run(roots: [folder.corpus])
            // Each later copy replaced its article in the same run: the earlier one is the duplicate.
            #expect(summary.indexed == 400, "\(summary)")
            #expect(summary.duplicates.count == 60, "\(summary)")
            #expect(indexer.spilledFrequentTermLists == spill)
            #expect(try index.termDocsProblems() == [])
            #expect(try index.database.scalarInt("SELECT count(*) FROM frequent_terms") ?? 0 > 20)
            builds.append(try Self.termDocsRows(index))
        }
        #expect(builds[0] == builds[2])
        #expect(builds[1] == builds[2])
    }

    /// The commits of a first run before its last hold no choice of words,
    /// so a run cut short leaves an index without lists, not with lists that
    /// miss articles; the next run chooses and builds them exactly.
    @Test func aFirstRunCutShortLeavesNoListsAndTheNextRunBuildsExactOnes() throws {
        struct CutShort: Error {}
        let folder = try Folder(articles: 300, seed: 42)
        let index = try GazetteIndex(path: folder.path + "/g.db", access: .write)
        // The writer parses alone, so commits fall every 45 articles: with a parse worker, those
        // after it has parsed every file come at each batch's end.
        var options = Self.options()
        options.parseWorkers = 0
        let indexer = Indexer(index: index, options: options)
        var commits = 0
        indexer.betweenTransactions = {
            commits += 1
            if commits == 4 { throw CutShort() }
        }
        let error = #expect(throws: GazetteError.self) { try indexer.run(roots: [folder.corpus]) }
        #expect("\(error.map { $0 } as Any)".contains("CutShort"))
        #expect(indexer.spilledFrequentTermLists)
        #expect(try index.database.scalarInt("SELECT count(*) FROM articles") ?? 0 >= 4 * 45)
        #expect(try index.database.scalarInt("SELECT count(*) FROM frequent_terms") == 0)
        #expect(try index.database.scalarInt("SELECT count(*) FROM term_docs") == 0)
        #expect(try !TermDocs.chosen(index.database))
        #expect(try index.termDocsProblems() == [])

        let resumed = Indexer(index: index, options: Self.options())
        let summary = try resumed.run(roots: [folder.corpus])
        #expect(summary.indexed + summary.unchanged == 300, "\(summary)")
        #expect(!resumed.spilledFrequentTermLists)
        #expect(try index.database.scalarInt("SELECT count(*) FROM frequent_terms") ?? 0 > 20)
        #expect(try index.termDocsProblems() == [])
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
