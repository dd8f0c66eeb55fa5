import Foundation
import Testing
@testable import Gazette
import GazetteTools

/// The indexing pipeline's own machinery: tokens computed on the parse
/// thread, date-ordered batches, and the top-hits heap of the searcher.
@Suite struct IndexPipelineTests {
    static let samples = [
        "Elections in Müller’s café: the cease-fire held, 北京贸易 talks resumed at 4.5% — state-of-the-art.",
        "",
        String(repeating: "wordy ", count: 5000),
        "Фёдор and Zoë met; e-mail C++ AT&T 9/11 東京タワー",
    ]

    @Test func replayedTokensEqualTokensComputedInPlace() {
        let analyzer = Analyzer()
        for text in Self.samples {
            let direct = analyzer.tokens(of: text)
            let stream = PreTokenized(text: text, analyzer: Analyzer())
            var replayed: [AnalyzedToken] = []
            let rc = stream.replay { token, start, end, colocated in
                replayed.append(AnalyzedToken(token: String(decoding: token, as: UTF8.self), start: start, end: end,
                                              colocated: colocated))
                return 0
            }
            #expect(rc == 0)
            #expect(replayed == direct)
        }
    }

    @Test func aStreamMatchesOnlyItsOwnText() {
        let stream = PreTokenized(text: "peace talks", analyzer: Analyzer())
        #expect(Array("peace talks".utf8).withUnsafeBytes { stream.matches($0) })
        #expect(!Array("peace talk".utf8).withUnsafeBytes { stream.matches($0) })
        #expect(!Array("peace tAlks".utf8).withUnsafeBytes { stream.matches($0) })
    }

    /// Writes `count` articles whose file order is the reverse of their date order.
    static func reversedCorpus(count: Int) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for index in 0..<count {
            let day = Day(daysSinceEpoch: 20_000 - index / 3)
            let text = " date \(day) https://order.example/\(index)\nHeadline \(index)\nBody about rivers and item\(index).\n"
            try text.write(to: folder.appendingPathComponent(String(format: "%04d.txt", index)), atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test func idsFollowDatesWhateverTheFileOrder() throws {
        let corpus = try Self.reversedCorpus(count: 60)
        defer { try? FileManager.default.removeItem(at: corpus) }
        let database = corpus.appendingPathComponent("g.db").path
        let index = try GazetteIndex(path: database, access: .write)
        var options = IndexOptions()
        options.batchSize = 25
        _ = try Indexer(index: index, options: options).run(roots: [corpus.path])
        let statement = try index.database.prepare("SELECT id, day FROM articles ORDER BY id")
        var previousDay = Int.min
        var rows = 0
        while try statement.step() {
            let day = statement.int(1)
            #expect(ArticleID.day(of: statement.int64(0)).daysSinceEpoch == day)
            #expect(day >= previousDay)
            previousDay = day
            rows += 1
        }
        #expect(rows == 60)
    }

    /// Batches come out in write order (rank, then path), each file exactly
    /// once, whether or not the writer handed the batches before back.
    @Test(arguments: [false, true])
    func batchesComeInWriteOrderWithEveryFileOnce(handingBatchesBack: Bool) throws {
        let corpus = try Self.reversedCorpus(count: 47)
        defer { try? FileManager.default.removeItem(at: corpus) }
        let items = try FileWalker.walk(root: corpus.path).files.map { WorkItem(file: $0, shownPath: $0.path, root: corpus.path) }
        #expect(items.count == 47)
        var remaining = items[...]
        let parser = ParseAhead(count: items.count, next: { remaining.popFirst() }, batchSize: 10, batchBytes: 1 << 20,
                                rank: Indexer.writeRank)
        parser.start()
        var seen: [String] = []
        while let batch = parser.nextBatch() {
            let keys = batch.map { (Indexer.writeRank($0), $0.file.path) }
            #expect(keys.count <= 10)
            for (before, after) in zip(keys, keys.dropFirst()) {
                #expect(before.0 < after.0 || (before.0 == after.0 && utf8Less(before.1, after.1)), "\(before) \(after)")
            }
            seen += batch.map(\.file.path)
            if handingBatchesBack { parser.recycle(consume batch) }
        }
        #expect(seen.sorted() == items.map(\.file.path).sorted())
    }

    /// A pipeline fed as a walk feeds it: files listed into `queue` while
    /// the parser (not started) may already read them; `list` appends some.
    struct ListingPipeline {
        let items: [WorkItem]
        let queue: WorkQueue
        let root: Int
        let parser: ParseAhead

        init(corpus: URL, workers: Int = ParseAhead.defaultWorkers) throws {
            items = try FileWalker.walk(root: corpus.path).files.map { WorkItem(file: $0, shownPath: $0.path, root: corpus.path) }
            queue = WorkQueue(scratchFolders: [], memoryLimit: 1 << 20)
            root = queue.addRoot(canonical: corpus.path, shown: corpus.path)
            parser = ParseAhead(count: 0, listingFinished: false, next: queue.next, batchSize: 10, batchBytes: 1 << 20,
                                workers: workers, rank: Indexer.writeRank)
        }

        func list(_ listed: some Sequence<WorkItem>) {
            for item in listed {
                queue.append(root: root, relativePath: item.file.relativePath, size: item.file.size,
                             modificationTime: item.file.modificationTime)
            }
        }
    }

    /// Workers started while the walk still lists files parse those listed so
    /// far: a full batch is handed over before the listing ends, and every
    /// file once, in write order, after it.
    @Test func filesListedSoFarAreParsedBeforeTheListingEnds() throws {
        let corpus = try Self.reversedCorpus(count: 30)
        defer { try? FileManager.default.removeItem(at: corpus) }
        let pipeline = try ListingPipeline(corpus: corpus)
        let (items, queue, parser) = (pipeline.items, pipeline.queue, pipeline.parser)
        parser.start()
        pipeline.list(items.prefix(12))
        parser.listed(queue.count)
        let first = try #require(parser.nextBatch())
        #expect(first.count == 10, "a batch before the listing ends")
        pipeline.list(items.dropFirst(12))
        parser.finishListing(queue.count)
        var seen = first.map(\.file.path)
        while let batch = parser.nextBatch() { seen += batch.map(\.file.path) }
        #expect(seen.count == items.count)
        #expect(seen.sorted() == items.map(\.file.path).sorted())
        #expect(Set(first.map(\.file.path)).isSubset(of: Set(items.prefix(12).map(\.file.path))))
    }

    /// The indexer commits each batch left once the workers are done
    /// (`Indexer.commitEachBatchOnceParsingEnds`): they are done only when the
    /// listing has ended and every file is parsed, and a run without workers never is.
    @Test(arguments: [1, 0])
    func workersAreFinishedOnlyOnceTheListingEndedAndEveryFileIsParsed(workers: Int) throws {
        let corpus = try Self.reversedCorpus(count: 30)
        defer { try? FileManager.default.removeItem(at: corpus) }
        let pipeline = try ListingPipeline(corpus: corpus, workers: workers)
        let (items, queue, parser) = (pipeline.items, pipeline.queue, pipeline.parser)
        #expect(!parser.workersFinished, "not started")
        parser.start()
        pipeline.list(items)
        parser.listed(queue.count)
        var seen = try #require(parser.nextBatch()).count
        // Every file listed so far may be parsed, but more may still be listed.
        #expect(!parser.workersFinished)
        parser.finishListing(queue.count)
        while let batch = parser.nextBatch() { seen += batch.count }
        #expect(seen == items.count)
        // The worker thread ends just after handing its last file over.
        let deadline = Date().addingTimeInterval(30)
        while !parser.workersFinished && workers > 0 && Date() < deadline { usleep(1_000) }
        #expect(parser.workersFinished == (workers > 0))
    }

    @Test func theSameCorpusGetsTheSameIdsEveryTime() throws {
        let corpus = try Self.reversedCorpus(count: 40)
        defer { try? FileManager.default.removeItem(at: corpus) }
        var runs: [[String: Int64]] = []
        for run in 0..<2 {
            let index = try GazetteIndex(path: corpus.appendingPathComponent("g\(run).db").path, access: .write)
            var options = IndexOptions()
            options.batchSize = 7
            _ = try Indexer(index: index, options: options).run(roots: [corpus.path])
            let statement = try index.database.prepare("SELECT url, id FROM articles")
            var ids: [String: Int64] = [:]
            while try statement.step() { ids[statement.string(0)] = statement.int64(1) }
            runs.append(ids)
        }
        #expect(runs[0] == runs[1])
        #expect(runs[0].count == 40)
    }

    /// The writer parses files itself while it waits for the workers; with no
    /// worker at all it parses every file. Every table must come out the same
    /// as when one worker parses them all (ids, lists, copies, lengths).
    @Test func theWriterParsingFilesItselfBuildsTheSameIndex() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-sharing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try GazetteTools.CorpusGenerator(seed: 31, articleCount: 240).write(to: folder.appendingPathComponent("corpus").path)
        let tables = [
            "SELECT id || '|' || url || '|' || source_id || '|' || title || '|' || lang || '|' || hash FROM articles ORDER BY id",
            "SELECT term || '|' || first || '|' || hex(data) FROM term_docs ORDER BY term, first",
            "SELECT term || '|' || docs FROM frequent_terms ORDER BY term",
            "SELECT id || '|' || ifnull(cluster, '') || '|' || ifnull(wire, '') FROM copy_members ORDER BY id",
            "SELECT chunk || '|' || hex(data) FROM article_facts ORDER BY chunk",
            "SELECT id || '|' || hex(sz) FROM fts_docsize ORDER BY id",
        ]
        var dumps: [[[String]]] = []
        for workers in [1, 0] {
            let index = try GazetteIndex(path: folder.appendingPathComponent("g\(workers).db").path, access: .write)
            var options = IndexOptions()
            options.batchSize = 16
            options.commitInterval = 50
            options.parseWorkers = workers
            options.frequentTerms = FrequentTermPolicy(minimumArticles: 3, shareOfArchive: 0, rechooseAfterChangedShare: 1_000)
            let indexer = Indexer(index: index, options: options)
            let summary = try indexer.run(roots: [folder.appendingPathComponent("corpus").path])
            #expect(summary.indexed == 240)
            if workers == 0 { #expect(indexer.filesParsedByWriter == 240) }
            dumps.append(try tables.map { sql in
                let statement = try index.database.prepare(sql)
                var rows: [String] = []
                while try statement.step() { rows.append(statement.string(0)) }
                return rows
            })
        }
        #expect(dumps[0].map(\.count) == dumps[1].map(\.count))
        #expect(dumps[0][1].count > 20)
        for (table, sql) in tables.enumerated() { #expect(dumps[0][table] == dumps[1][table], "\(sql)") }
    }

    @Test func topHitsKeepTheBestInRankingOrder() {
        var top = TopHits(capacity: 3)
        let day = Int64(ArticleID.first(of: Day(year: 2024, month: 1, day: 1) ?? Day(daysSinceEpoch: 0)))
        let later = day + (1 << 20)
        top.offer(id: day + 1, score: 1.0)
        top.offer(id: day + 2, score: 3.0)
        top.offer(id: later + 5, score: 2.0)
        top.offer(id: day + 3, score: 2.0)   // ties with the later article: newer date wins
        top.offer(id: later + 4, score: 2.0) // same day and score: smaller id first
        top.offer(id: day + 9, score: 0.5)   // worse than all: dropped
        #expect(top.hits.map(\.id) == [day + 2, later + 4, later + 5])
    }

    @Test func topHitsGiveTheSameOrderWhetherOrNotTheyFill() {
        // Scores repeat so that the date and id tie-breaks are exercised too.
        let offers: [(id: Int64, score: Double)] = (0..<500).map { (n: Int) -> (id: Int64, score: Double) in
            (id: Int64((n * 7_919) % 500 + 1) << 18, score: Double((n * 31) % 17))
        }
        let everything: [Int64] = offers.sorted(by: TopHits.isBetter).map { $0.id }
        for capacity in [1, 10, 499, 500, 501, Int.max] {
            var top = TopHits(capacity: capacity)
            for offer in offers { top.offer(id: offer.id, score: offer.score) }
            let kept: [Int64] = top.hits.map { $0.id }
            #expect(kept == Array(everything.prefix(capacity)), "capacity \(capacity)")
        }
    }
}
