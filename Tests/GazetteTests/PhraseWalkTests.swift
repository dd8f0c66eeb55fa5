import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// A quoted phrase takes its first rows from the statement and walks the rest
/// of its postings (`FullTextMatches.rowsBeforeWalk`). Whatever the split, and
/// whether or not the walk ever resumes, the answer must be FTS5's `bm25()`'s.
@Suite struct PhraseWalkTests {
    typealias Archive = RankingEquivalenceTests.Archive

    /// Two- and three-word runs of the archive's own text, so phrases match: some
    /// in one article, some (with the generator's frequent words) in many.
    static func phrases(of archive: Archive, count: Int) -> [String] {
        var phrases: [String] = []
        var seen = Set<String>()
        var number = 0
        while phrases.count < count && number < archive.generator.articleCount {
            let article = archive.generator.article(at: number)
            number += 3
            for paragraph in article.paragraphs.prefix(2) {
                let words = paragraph.split(separator: " ").map { $0.lowercased().filter(\.isLetter) }
                guard words.count >= 4 else { continue }
                let start = (number * 7) % (words.count - 3)
                let length = 2 + number % 2
                let phrase = words[start..<start + length].joined(separator: " ")
                if words[start..<start + length].allSatisfy({ !$0.isEmpty }), seen.insert(phrase).inserted {
                    phrases.append(phrase)
                }
            }
        }
        return phrases
    }

    static func randomPhraseSearch(_ phrase: String, _ random: inout SplitMix64) -> (String, SearchOptions) {
        var text: String
        switch random.next() % 6 {
        case 0: text = "title:\"\(phrase)\""
        case 1: text = "\"\(phrase)\" after:2019 before:2022-06"
        case 2: text = "\"\(phrase)\"*"
        default: text = "\"\(phrase)\""
        }
        var options = SearchOptions()
        options.limit = [10, 3, 25][Int(random.next() % 3)]
        options.offset = random.next() % 4 == 0 ? 5 : 0
        options.sort = random.next() % 5 == 0 ? (random.next() % 2 == 0 ? .newest : .oldest) : .relevance
        options.facets = random.next() % 3 == 0
        options.collapseCopies = random.next() % 4 != 0
        if random.next() % 6 == 0 { options.recencyHalfLife = 200 }
        if random.next() % 7 == 0 { options.compile.sources = [CorpusGenerator.sources[Int(random.next() % 5)]] }
        if random.next() % 7 == 0 { options.compile.from = DateSpec(parsing: "2018") }
        if random.next() % 9 == 0 { text += " source:" + CorpusGenerator.sources[Int(random.next() % 5)] }
        return (text, options)
    }

    @Test func phraseRowsTakenFromTheStatementRankAsFTS5Bm25ThroughUpdatesAndDeletions() throws {
        let archive = try Archive(articles: 300, seed: 23)
        var random = SplitMix64(seed: 20_261_214)
        var resumed = 0
        var neverResumed = 0
        var matched = 0
        for round in 0..<3 {
            let searcher = Searcher(index: archive.index)
            for phrase in Self.phrases(of: archive, count: 70) {
                let (text, options) = Self.randomPhraseSearch(phrase, &random)
                var reference = options
                reference.evaluation = .fts5
                let expected = try searcher.search(text, options: reference)
                // 0: every row from the postings walk, as before; 1 and 3: the walk resumes after a
                // row or three; 10,000: every row from the statement.
                for rowsBeforeWalk in [0, 1, 3, 10_000] {
                    searcher.phraseRowsBeforeWalk = rowsBeforeWalk
                    let label = "round \(round), \(rowsBeforeWalk) rows first: \(text) \(options.sort) "
                        + "limit \(options.limit) offset \(options.offset)"
                    let fast = try searcher.search(text, options: options)
                    #expect(fast.path == .phrasePostings || fast.path == .filtersOnly, "\(label)")
                    RankingEquivalenceTests.expectSame(fast, expected, label)
                    if rowsBeforeWalk == 1 && fast.total > 1 { resumed += 1 }
                    if rowsBeforeWalk == 10_000 && fast.total > 0 { neverResumed += 1 }
                }
                if expected.total > 0 { matched += 1 }
                // Counted and exhaustive passes agree too (early termination on and off).
                var exhaustive = options
                exhaustive.earlyTermination = false
                searcher.phraseRowsBeforeWalk = 3
                RankingEquivalenceTests.expectSame(try searcher.search(text, options: options),
                                                   try searcher.search(text, options: exhaustive), "exhaustive: \(text)")
            }
            try archive.change(round: round, using: &random)
        }
        #expect(matched > 100, "\(matched) of 210 phrase queries matched")
        #expect(resumed > 20, "the walk resumed after the statement's rows in \(resumed) queries")
        #expect(neverResumed > 60, "\(neverResumed) queries took every row from the statement")
    }

    @Test func aPhraseWithNoMatchInTheDatesStillCountsItsRowsForTheIDF() throws {
        let corpus = try makeIndex([
            TestArticle("https://a.example/1", "2020-01-01", "Harbor news", "the harbor master spoke today"),
            TestArticle("https://a.example/2", "2020-01-02", "More", "the harbor master retired"),
            TestArticle("https://a.example/3", "2024-01-03", "Later", "a harbor master again and the harbor master"),
            TestArticle("https://a.example/4", "2024-01-04", "Other", "nothing of note"),
        ])
        let searcher = corpus.searcher
        var reference = SearchOptions()
        reference.evaluation = .fts5
        for rowsBeforeWalk in [0, 1, 2, 64] {
            searcher.phraseRowsBeforeWalk = rowsBeforeWalk
            for text in ["\"harbor master\"", "\"harbor master\" after:2023", "\"harbor master\" before:2020-01-01",
                         "\"master harbor\"", "\"harbor master\" after:2025"] {
                let fast = try searcher.search(text)
                RankingEquivalenceTests.expectSame(fast, try searcher.search(text, options: reference),
                                                   "\(rowsBeforeWalk): \(text)")
            }
        }
    }
}
