import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// A ranking pass may leave unscored the matches whose BM25 bound cannot
/// reach the page (`ScoreBound`, `TopKTermination`). Its pages, totals and
/// facets must be exactly those of scoring every match.
@Suite struct EarlyTerminationTests {
    typealias Archive = RankingEquivalenceTests.Archive

    @Test func earlyTerminationGivesTheExhaustivePagesThroughUpdatesAndDeletions() throws {
        // Words in three or more articles get document lists, so both the lists and FTS5's walks stop early.
        let archive = try Archive(articles: 300, seed: 61, options: TermDocsTests.options(rechoose: false))
        var random = SplitMix64(seed: 2_026_12_03)
        // The archive's most common words (and a few rare ones), so that most queries match more than a page.
        let counter = Searcher(index: archive.index)
        let counted = try archive.words.map { ($0, try counter.count(try QueryCompiler.compile($0))) }
        let words = counted.sorted { $0.1 > $1.1 }.prefix(40).map(\.0) + archive.words.suffix(5)
        var stoppedEarly = 0
        var scoredFewer = 0
        var queries = 0
        var longLists = 0
        for round in 0..<4 {
            let searcher = Searcher(index: archive.index)
            for _ in 0..<90 {
                var (text, options) = random.next() % 2 == 0
                    ? RankingEquivalenceTests.randomSearch(words, &random)
                    : TermDocsTests.randomWordSearch(words, &random)
                // Short pages, so that most queries match more articles than a page ranks.
                if random.next() % 4 != 0 {
                    options.limit = 1 + Int(random.next() % 5)
                    options.offset = random.next() % 3 == 0 ? 2 : 0
                }
                var exhaustive = options
                exhaustive.earlyTermination = false
                let label = "round \(round): \(text) \(options.sort) limit \(options.limit) offset \(options.offset)"
                let early: SearchResult
                do {
                    early = try searcher.search(text, options: options)
                } catch {
                    #expect(throws: (any Error).self) { try searcher.search(text, options: exhaustive) }
                    continue
                }
                let reference = try searcher.search(text, options: exhaustive)
                queries += 1
                #expect(reference.termination == .exhaustive, "\(label)")
                #expect(reference.scored == reference.total || reference.path == .filtersOnly, "\(label)")
                RankingEquivalenceTests.expectSame(early, reference, label)
                #expect(early.next == reference.next, "cursor: \(label)")
                if early.termination == .earlyTermination { stoppedEarly += 1 }
                if early.total > 60 && early.sort == .relevance { longLists += 1 }
                if early.scored < early.total { scoredFewer += 1 }
                #expect(early.scored <= early.total, "\(label)")
            }
            try archive.change(round: round, using: &random)
        }
        // Most of these queries match more articles than a page shows: the early path must really be taken.
        #expect(stoppedEarly > queries / 3, "stopped early on \(stoppedEarly) of \(queries) (\(longLists) long relevance)")
        #expect(scoredFewer > queries / 4, "scored fewer than all matches on \(scoredFewer) of \(queries)")
    }

    @Test func aPageDeeperThanThePassProvedScoresEveryMatchAndFallsBack() throws {
        let archive = try Archive(articles: 200, seed: 67)
        let searcher = Searcher(index: archive.index)
        var checked = 0
        for word in archive.words.prefix(40) {
            let query = try QueryCompiler.compile(word)
            var options = SearchOptions()
            options.collapseCopies = false
            var plan: [String] = []
            guard var pass = try searcher.matchPass(query, options: options, tally: nil, rankDepth: 2, plan: &plan),
                  pass.total > 30 else { continue }
            #expect(pass.termination == .earlyTermination, "\(word)")
            options.limit = 25
            let deeper = try searcher.top(of: &pass, options: options)
            #expect(pass.termination == .fellBack, "\(word)")
            #expect(pass.scored == pass.total, "\(word)")
            options.earlyTermination = false
            let exhaustive = try searcher.search(word, options: options)
            #expect(deeper.map(\.id) == exhaustive.hits.map(\.id), "\(word)")
            for (hit, expected) in zip(deeper, exhaustive.hits) { #expect(abs(hit.score - expected.score) <= 1e-9) }
            checked += 1
        }
        #expect(checked >= 5)
    }

    /// The bound is BM25 at the shortest length, and must never be below a score the pass computes.
    @Test func theScoreBoundIsNeverBelowTheScore() {
        var random = SplitMix64(seed: 88)
        for _ in 0..<2_000 {
            let phrases = 1 + Int(random.next() % 3)
            let rows = Int64(50 + random.next() % 10_000)
            let scorer = BM25(rowCount: rows, totalTokens: rows * Int64(20 + random.next() % 400),
                              phraseRows: (0..<phrases).map { _ in Int64(1 + random.next() % UInt64(rows)) },
                              columns: 2, weights: [Double(random.next() % 50) / 10, Double(1 + random.next() % 20) / 10])
            let shortest = Int(random.next() % 60)
            let boosted = random.next() % 2 == 0
            let bound = ScoreBound(scorer: scorer, shortestLength: shortest, boostLimit: boosted ? 2 : 1)
            let instances: [UInt32] = (0..<phrases * 2).map { _ in
                UInt32(random.next() % 3 == 0 ? random.next() % 80 : random.next() % 4)
            }
            let length = shortest + Int(random.next() % 900)
            instances.withUnsafeBufferPointer { buffer in
                var score = scorer.score(buffer, match: 0, length: length)
                if boosted {
                    score = BM25.boosted(score, day: Int64(random.next() % 1_000), newestDay: 1_000, halfLife: 30)
                }
                #expect(bound.bound(buffer, match: 0) >= score, "\(instances) at \(length) (shortest \(shortest))")
            }
        }
    }
}
