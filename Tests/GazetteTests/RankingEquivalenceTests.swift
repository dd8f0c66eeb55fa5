import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// The one-pass evaluation must give exactly what FTS5's `bm25()` gives:
/// the same totals, stories, facets, hit order and scores, on every kind of
/// query, before and after articles are added, changed and deleted.
@Suite struct RankingEquivalenceTests {
    /// A generated archive written to disk, indexed, and changed between rounds.
    final class Archive {
        let folder: TemporaryFolder
        let dumps: URL
        let index: GazetteIndex
        let generator: CorpusGenerator
        private(set) var words: [String] = []
        let options: IndexOptions

        init(articles: Int, seed: UInt64, options: IndexOptions = IndexOptions()) throws {
            self.options = options
            folder = try TemporaryFolder(prefix: "gazette-equivalence")
            dumps = try folder.folder("dumps")
            generator = CorpusGenerator(seed: seed, articleCount: articles, duplicateRate: 0.05)
            for article in generator.articles() { try Archive.write(article, into: dumps) }
            index = try GazetteIndex(path: folder.url.appendingPathComponent("index.db").path, access: .write)
            try reindex()
            // Query words drawn from the archive itself: frequent and rare ones alike.
            var seen = Set<String>()
            for number in stride(from: 0, to: articles, by: max(1, articles / 60)) {
                let article = generator.article(at: number)
                for word in (article.title + " " + (article.paragraphs.first ?? "")).split(separator: " ") {
                    let plain = word.lowercased().filter(\.isLetter)
                    if plain.count >= 3, seen.insert(plain).inserted { words.append(plain) }
                }
            }
        }

        static func write(_ article: GeneratedArticle, into dumps: URL) throws {
            let file = dumps.appendingPathComponent(article.relativePath)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(article.dumpText().utf8).write(to: file)
        }

        func reindex() throws {
            let summary = try Indexer(index: index, options: options).run(roots: [dumps.path])
            #expect(summary.rejected.isEmpty)
        }

        /// Deletes, rewrites and adds articles, then indexes the change.
        func change(round: Int, using random: inout SplitMix64) throws {
            let all = try FileManager.default.subpathsOfDirectory(atPath: dumps.path).filter { $0.hasSuffix(".txt") }.sorted()
            for path in all where random.next() % 12 == 0 {
                try FileManager.default.removeItem(at: dumps.appendingPathComponent(path))
            }
            for path in all where random.next() % 15 == 0 {
                let file = dumps.appendingPathComponent(path)
                guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
                try Data((text + "Rewritten in round \(round) with \(words[Int(random.next() % UInt64(words.count))]).\n").utf8)
                    .write(to: file)
            }
            let extra = CorpusGenerator(seed: 1_000 + UInt64(round), articleCount: 40, duplicateRate: 0.1)
            for article in extra.articles() { try Archive.write(article, into: dumps) }
            try reindex()
        }
    }

    /// A random query of the query language over `words`, with random options.
    static func randomSearch(_ words: [String], _ random: inout SplitMix64) -> (String, SearchOptions) {
        var pick = random
        func word() -> String { words[Int(pick.next() % UInt64(words.count))] }
        let text: String
        switch random.next() % 13 {
        case 0: text = word()
        case 1: text = "\(word()) \(word())"
        case 2: text = "\(word()) \(word()) \(word())"
        case 3: text = "\"\(word()) \(word())\""
        case 4: text = "\(word()) OR \(word())"
        case 5: text = "\(word()) -\(word())"
        case 6: text = "title:\(word())"
        case 7: text = "title:\(word()) \(word())"
        case 8: text = "\(word()) after:2019 before:2022-06"
        case 9: text = "NEAR(\(word()) \(word()), 8)"
        case 10: text = "\(String(word().prefix(3)))*"
        case 11: text = "(\(word()) OR \(word())) \(word())"
        default: text = "\(word()) \(word()) \(word()) \(word())"
        }
        random = pick
        var options = SearchOptions()
        options.limit = [10, 3, 25][Int(random.next() % 3)]
        options.offset = random.next() % 4 == 0 ? 5 : 0
        options.sort = random.next() % 5 == 0 ? (random.next() % 2 == 0 ? .newest : .oldest) : .relevance
        options.compile.anyMode = random.next() % 6 == 0
        options.facets = random.next() % 3 == 0
        options.collapseCopies = random.next() % 4 != 0
        if random.next() % 6 == 0 { options.recencyHalfLife = 200 }
        if random.next() % 7 == 0 { options.compile.sources = [CorpusGenerator.sources[Int(random.next() % 5)]] }
        if random.next() % 7 == 0 { options.compile.from = DateSpec(parsing: "2018") }
        return (text, options)
    }

    static func expectSame(_ fast: SearchResult, _ reference: SearchResult, _ label: String) {
        #expect(fast.total == reference.total, "total: \(label)")
        #expect(fast.totalDistinct == reference.totalDistinct, "distinct: \(label)")
        #expect(fast.hits.map(\.id) == reference.hits.map(\.id), "hit order: \(label)")
        for (hit, expected) in zip(fast.hits, reference.hits) {
            #expect(abs(hit.score - expected.score) <= 1e-9, "score of \(hit.id): \(hit.score) vs \(expected.score): \(label)")
            #expect(hit.snippet == expected.snippet && hit.copies == expected.copies, "hit \(hit.id): \(label)")
        }
        #expect(fast.facets == reference.facets, "facets: \(label)")
    }

    @Test func onePassRankingEqualsFTS5Bm25OverRandomQueriesWithUpdatesAndDeletions() throws {
        let archive = try Archive(articles: 400, seed: 7)
        var random = SplitMix64(seed: 20_261_203)
        var onePass = 0
        for round in 0..<3 {
            let searcher = Searcher(index: archive.index)
            for _ in 0..<120 {
                let (text, options) = Self.randomSearch(archive.words, &random)
                var reference = options
                reference.evaluation = .fts5
                let label = "round \(round): \(text) \(options.sort) limit \(options.limit) offset \(options.offset)"
                let fast: SearchResult
                let exhaustive: SearchResult
                do {
                    fast = try searcher.search(text, options: options)
                    exhaustive = try searcher.search(text, options: reference)
                } catch {
                    // A query error must be the same error on both paths.
                    #expect(throws: (any Error).self) { try searcher.search(text, options: reference) }
                    continue
                }
                #expect(exhaustive.path == .fts5BM25 || exhaustive.path == .filtersOnly, "\(label)")
                if fast.path == .phrasePostings || fast.path == .matchRows { onePass += 1 }
                Self.expectSame(fast, exhaustive, label)
            }
            try archive.change(round: round, using: &random)
        }
        #expect(onePass > 250, "the one-pass path answered \(onePass) of 360 queries")
    }

    @Test func bothWalksFindTheSameMatches() throws {
        let archive = try Archive(articles: 150, seed: 11)
        let searcher = Searcher(index: archive.index)
        var random = SplitMix64(seed: 5)
        for _ in 0..<40 {
            let word = archive.words[Int(random.next() % UInt64(archive.words.count))]
            var options = SearchOptions()
            options.limit = 1_000
            options.collapseCopies = false
            options.sort = .oldest
            // One phrase walks its postings; the same word twice is read row by row.
            let walked = try searcher.search(word, options: options)
            let perRow = try searcher.search("\(word) OR \(word)", options: options)
            #expect(walked.path == .phrasePostings)
            #expect(perRow.path == .matchRows)
            #expect(walked.total == perRow.total && walked.hits.map(\.id) == perRow.hits.map(\.id), "\(word)")
        }
    }

    @Test func articlesLongerThanStoredLengthsRankWithTheirRealLength() throws {
        let long = Array(repeating: "filler words here", count: 24_000).joined(separator: " ")
        let corpus = try makeIndex([
            TestArticle("https://a.example/long", "2024-01-01", "Harbor report", long + " harbor"),
            TestArticle("https://b.example/short", "2024-01-02", "Harbor", "harbor harbor"),
            TestArticle("https://c.example/other", "2024-01-03", "Other", "nothing to see"),
        ])
        let searcher = corpus.searcher
        var reference = SearchOptions()
        reference.evaluation = .fts5
        let fast = try searcher.search("harbor")
        #expect(fast.path == .phrasePostings)
        Self.expectSame(fast, try searcher.search("harbor", options: reference), "long article")
    }
}
