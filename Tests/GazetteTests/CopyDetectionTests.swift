import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// A deterministic pseudo-story: `paragraphs` paragraphs of 40 words from a 3,000-word vocabulary.
func copyTestBody(seed: UInt64, paragraphs: Int = 5) -> [String] {
    var rng = SplitMix64(seed: seed &+ 0x5eed)
    return (0..<paragraphs).map { _ in (0..<40).map { _ in "w\(rng.below(3_000))" }.joined(separator: " ") }
}

/// An index on disk whose dump folder can be changed between runs.
final class CopyTestIndex {
    private let folder: TemporaryFolder
    var base: URL { folder.url }
    let dumps: URL
    let index: GazetteIndex

    init() throws {
        folder = try TemporaryFolder(prefix: "gazette-copies")
        dumps = try folder.folder("dumps")
        index = try GazetteIndex(path: folder.url.appendingPathComponent("index.db").path, access: .write)
    }


    func write(_ name: String, url: String, date: String, title: String = "Headline", _ paragraphs: [String]) throws {
        let text = " date \(date) \(url)\n\(title)\n" + paragraphs.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: dumps.appendingPathComponent(name + ".txt"))
    }

    func remove(_ name: String) throws {
        try FileManager.default.removeItem(at: dumps.appendingPathComponent(name + ".txt"))
    }

    @discardableResult
    func run(_ options: IndexOptions = IndexOptions()) throws -> IndexSummary {
        try Indexer(index: index, options: options).run(roots: [dumps.path])
    }

    func cluster(_ url: String) throws -> CopyCluster {
        try #require(try index.copies(of: url))
    }

    var clusterRows: Int { (try? index.database.scalarInt("SELECT count(*) FROM copy_clusters")) ?? -1 }
}

@Suite("Copy detection")
struct CopyDetectionTests {
    @Test func equalBodiesHaveEqualSignaturesAndWordlessBodiesNone() throws {
        let body = copyTestBody(seed: 1)
        let a = try #require(CopySignature(paragraphs: body))
        let b = try #require(CopySignature(paragraphs: body.map { $0.uppercased() }))
        #expect(a == b, "case is folded")
        #expect(CopySignature(paragraphs: ["", "— … —"]) == nil)
        #expect(try #require(CopySignature(paragraphs: ["Short."])).bandKeys.count == CopySignature.bands)
        #expect(ShingleSet(paragraphs: body).jaccard(ShingleSet(body: body.joined(separator: "\n"))) == 1)
    }

    @Test func similarityDropsWithEditsAndUnrelatedBodiesShareNoBand() throws {
        let body = copyTestBody(seed: 2)
        var edited = body
        edited.remove(at: 3)
        let jaccard = ShingleSet(paragraphs: body).jaccard(ShingleSet(paragraphs: edited))
        #expect(jaccard > 0.75 && jaccard < 0.85, "one of five paragraphs dropped: \(jaccard)")
        let other = try #require(CopySignature(paragraphs: copyTestBody(seed: 3)))
        let mine = try #require(CopySignature(paragraphs: body))
        #expect(zip(mine.bandKeys, other.bandKeys).allSatisfy { $0 != $1 })
    }

    @Test func fixtureWireClustersFormAndSameTopicStoriesStayApart() throws {
        let temp = try CopyTestIndex()
        let summary = try Indexer(index: temp.index).run(roots: [cliFixtures.appendingPathComponent("articles").path])
        #expect(summary.indexed == 50)
        let ap = try temp.cluster("https://thelakesidepost.com/region/calder-river-levee-breach-riverton")
        #expect(Set(ap.members.map(\.source)) == ["harborgazette.com", "valleytribune.org", "thelakesidepost.com"])
        #expect(ap.original?.source == "harborgazette.com", "2024-04-03, indexed before valleytribune's same-day copy")
        #expect(ap.members.allSatisfy { $0.wire == "AP" })
        let reuters = try temp.cluster("https://metro-ledger.com/business/borrowing-costs-rise-again-reserve-bank")
        #expect(reuters.size == 3, "\(reuters.members.map(\.url))")
        #expect(reuters.members.allSatisfy { $0.similarity >= CopySignature.defaultThreshold })
        #expect(try temp.cluster("https://www.riverbendobserver.com/news/2024/04/08/flood-hit-riverton-cleanup").size == 1)
        let stats = try temp.index.copyStatistics()
        #expect(stats.clusters == 2 && stats.clusteredArticles == 6 && stats.distinctArticles == 46)
    }

    @Test func stricterThresholdKeepsTheDroppedParagraphRewriteApart() throws {
        let temp = try CopyTestIndex()
        var options = IndexOptions()
        options.copyThreshold = 0.9
        _ = try Indexer(index: temp.index, options: options).run(roots: [cliFixtures.appendingPathComponent("articles").path])
        #expect(try temp.cluster("https://metro-ledger.com/business/borrowing-costs-rise-again-reserve-bank").size == 2)
    }

    @Test func detectionOffClustersNothingButKeepsWireCredits() throws {
        let temp = try CopyTestIndex()
        var options = IndexOptions()
        options.detectCopies = false
        _ = try Indexer(index: temp.index, options: options).run(roots: [cliFixtures.appendingPathComponent("articles").path])
        #expect(temp.clusterRows == 0)
        #expect(try temp.index.copyStatistics().wireCredited == 6)
        #expect(try temp.index.database.scalarInt("SELECT count(*) FROM copy_signatures") == 0)
    }

    @Test func generatedCopiesAreFoundWithHighPrecisionAndRecall() throws {
        let temp = try CopyTestIndex()
        let generator = CorpusGenerator(seed: 11, articleCount: 400, duplicateRate: 0.12)
        try generator.write(to: temp.dumps.path)
        try temp.run()
        let result = try CopyEvaluation.evaluate(index: temp.index, generator: generator)
        #expect(result.articles == 400)
        #expect(result.plantedCopies > 30)
        #expect(result.precision >= 0.95, "\(result)")
        #expect(result.recall >= 0.95, "\(result)")
    }
}

@Suite("Band index")
struct BandIndexTests {
    /// Twelve distinct band keys per article, derived from its number.
    static func keys(_ article: Int) -> [Int] {
        (0..<CopySignature.bands).map { Int(mix64(UInt64(article * 16 + $0)) & 0x7FFF_FFFF) }
    }

    private func keys(_ article: Int) -> [Int] { Self.keys(article) }

    @Test func findsEveryArticleSharingAKeyOnceAndNoOther() {
        var index = BandIndex(capacity: 50 * CopySignature.bands)
        for article in 0..<50 { index.insert(keys(article), id: Int64(1000 + article)) }
        // Article 7's keys, one of which article 9 shares as well.
        index.insert([keys(7)[3]], id: 9999)
        #expect(index.candidates(keys(7)).sorted() == [1007, 9999])
        #expect(index.candidates(keys(31)) == [1031])
        #expect(index.candidates(keys(50)).isEmpty)
    }

    @Test func keysSpreadOverTheWholeTable() {
        let index = BandIndex(capacity: 3_000)
        let homes = Set((0..<1_000).flatMap(keys).map { index.home(UInt64($0)) })
        // 12,000 keys over about 4,000 slots: a table that piles keys into few
        // home slots turns every lookup into a long scan.
        #expect(homes.count > 3_000)
        #expect(homes.allSatisfy { (0..<4_001).contains($0) })
    }

    @Test func removedArticlesAreNoLongerCandidatesAndOthersStay() {
        var index = BandIndex(capacity: 10 * CopySignature.bands)
        let shared = keys(1)
        index.insert(shared, id: 1)
        index.insert(shared, id: 2)
        index.remove(shared, id: 1)
        #expect(index.candidates(shared) == [2])
    }

    @Test func growingPastTheAnnouncedSizeKeepsEveryKey() {
        var index = BandIndex(capacity: 4)
        for article in 0..<500 { index.insert(keys(article), id: Int64(article)) }
        index.remove(keys(250), id: 250)
        for article in 0..<500 {
            #expect(index.candidates(keys(article)) == (article == 250 ? [] : [Int64(article)]))
        }
    }

    @Test func boundedTableGrowsNoFurtherThanItsBound() {
        var index = BandIndex(capacity: 0, maxKeys: 120)
        for article in 0..<10 { index.insert(keys(article), id: Int64(article)) }
        #expect(index.count == 120)
        #expect((0..<10).allSatisfy { index.candidates(keys($0)) == [Int64($0)] })
    }

    @Test func drainingHandsOverLiveEntriesInKeyOrderAndEmptiesTheTable() {
        var index = BandIndex(capacity: 100, maxKeys: 100)
        for article in 0..<8 { index.insert(keys(article), id: Int64(article)) }
        index.remove(keys(3), id: 3)
        var drained: [(UInt32, Int64)] = []
        index.drain { drained.append(($0, $1)) }
        #expect(drained.map(\.0) == drained.map(\.0).sorted())
        let expected = (0..<8).filter { $0 != 3 }.flatMap { article in keys(article).map { (UInt32($0), Int64(article)) } }
        #expect(drained.map { "\($0.0) \($0.1)" }.sorted() == expected.map { "\($0.0) \($0.1)" }.sorted())
        #expect(index.count == 0 && index.candidates(keys(1)).isEmpty)
        index.insert(keys(1), id: 11)
        #expect(index.candidates(keys(1)) == [11])
    }

    private struct Refused: Error {}

    @Test func drainThatFailsKeepsEveryEntry() {
        var index = BandIndex(capacity: 100, maxKeys: 100)
        for article in 0..<8 { index.insert(keys(article), id: Int64(article)) }
        var handed = 0
        #expect(throws: Refused.self) {
            try index.drain { (_, _) throws(Refused) in
                handed += 1
                if handed == 30 { throw Refused() }
            }
        }
        #expect(index.count == 96)
        #expect((0..<8).allSatisfy { index.candidates(keys($0)) == [Int64($0)] })
    }
}
