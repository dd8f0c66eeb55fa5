import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// Expansion without `--any` scores the first pass's matches again from their
/// kept counts and the added terms' postings (`Searcher.rescoredPass`) instead
/// of a second FTS5 pass: it must give the very doubles that pass gives, whether
/// it scores every match or stops early at the page (`ScoreBound`-style bounds).
@Suite struct ExpansionRescoringTests {
    /// The second pass as FTS5 answers it: the expanded query walked row by row.
    static func perRowPass(_ searcher: Searcher, _ expansion: ExpandedQuery,
                           _ options: SearchOptions) throws -> Searcher.MatchPass? {
        let settings = ExpansionSettings()
        var plan: [String] = []
        return try searcher.matchPass(expansion.expanded, options: options, tally: nil,
                                      phraseWeights: expansion.phraseWeights, k1: settings.k1, b: settings.b, plan: &plan)
    }

    @Test func rescoringTheFirstPassGivesThePerRowPassScores() throws {
        // Words in three or more articles have term_docs lists, so added terms take both walks.
        let archive = try RankingEquivalenceTests.Archive(articles: 300, seed: 16,
                                                          options: TermDocsTests.options(rechoose: false))
        let searcher = Searcher(index: archive.index)
        var random = SplitMix64(seed: 1_616)
        var rescored = 0
        var walks = Set<String>()
        for round in 0..<60 {
            var (text, options) = RankingEquivalenceTests.randomSearch(archive.words, &random)
            options.sort = .relevance
            options.recencyHalfLife = nil
            options.compile.anyMode = false
            options.offset = 0
            options.limit = 1_000
            guard let query = try? QueryCompiler.compile(text, options: options.compile), query.tree != nil else { continue }
            var plan: [String] = []
            let passes = try archive.index.wrap { try archive.index.database.readSnapshot {
                try searcher.expandedPasses(query, options: options, anyMode: false, settings: ExpansionSettings(),
                                            tally: nil, plan: &plan)
            } }
            let label = "round \(round): \(text)"
            guard plan.contains(where: { $0.contains("no second FTS5 pass") }) else { continue }
            rescored += 1
            for walk in ["term_docs", "xQueryPhrase"] where plan.contains(where: { $0.contains(walk) }) { walks.insert(walk) }
            let reference = try #require(try Self.perRowPass(searcher, passes.expansion, options), "\(label)")
            let fast = try passes.rank(options)
            let slow = searcher.top(of: reference, options: options)
            #expect(passes.total == reference.total, "\(label)")
            #expect(fast.map(\.id) == slow.map(\.id), "\(label)")
            // The same counts through the same arithmetic: equal doubles, not merely close ones.
            #expect(fast.map(\.score) == slow.map(\.score), "\(label)")
        }
        #expect(rescored >= 20, "only \(rescored) queries took the rescoring path")
        #expect(walks == ["term_docs", "xQueryPhrase"], "walks seen: \(walks)")
    }

    @Test func earlyTerminationOfTheExpandedRankingChangesNoHitScoreOrCount() throws {
        let archive = try RankingEquivalenceTests.Archive(articles: 400, seed: 61,
                                                          options: TermDocsTests.options(rechoose: false))
        let searcher = Searcher(index: archive.index)
        var random = SplitMix64(seed: 16_003)
        var stopped = 0
        var fellBack = 0
        for round in 0..<150 {
            var (text, options) = RankingEquivalenceTests.randomSearch(archive.words, &random)
            options.sort = .relevance
            options.recencyHalfLife = nil
            // Mostly re-ranking expansions (the bounded path), some --any ones (an exhaustive second pass).
            options.compile.anyMode = round % 10 == 0
            options.limit = [1, 3, 10][round % 3]
            let label = "round \(round): \(text) limit \(options.limit) offset \(options.offset)"
            var exhaustive = options
            exhaustive.earlyTermination = false
            let fast: ExpandedSearchResult
            do {
                fast = try searcher.searchExpanded(text, options: options)
            } catch {
                #expect(throws: (any Error).self) { try searcher.searchExpanded(text, options: exhaustive) }
                continue
            }
            let reference = try searcher.searchExpanded(text, options: exhaustive)
            #expect(fast.expansion.added == reference.expansion.added, "added terms: \(label)")
            #expect(fast.expansion.phraseWeights == reference.expansion.phraseWeights, "weights: \(label)")
            RankingEquivalenceTests.expectSame(fast.result, reference.result, label)
            // The same arithmetic on the same counts: equal doubles, not merely close ones.
            #expect(fast.result.hits.map(\.score) == reference.result.hits.map(\.score), "scores: \(label)")
            #expect(reference.result.termination == .exhaustive, "\(label)")
            if fast.result.termination == .earlyTermination { stopped += 1 }
            if fast.result.termination == .fellBack { fellBack += 1 }
        }
        #expect(stopped >= 10, "only \(stopped) expanded searches stopped early (\(fellBack) fell back)")
    }

    @Test func expansionsRankingWithoutCopiesStopsEarlyWithThePerRowPassScores() throws {
        let archive = try RankingEquivalenceTests.Archive(articles: 300, seed: 17,
                                                          options: TermDocsTests.options(rechoose: false))
        let searcher = Searcher(index: archive.index)
        var random = SplitMix64(seed: 1_717)
        var stopped = 0
        for round in 0..<60 {
            var (text, options) = RankingEquivalenceTests.randomSearch(archive.words, &random)
            options.sort = .relevance
            options.recencyHalfLife = nil
            options.compile.anyMode = false
            options.collapseCopies = false
            options.offset = 0
            options.limit = [1, 2, 5, 10][round % 4]
            guard let query = try? QueryCompiler.compile(text, options: options.compile), query.tree != nil else { continue }
            var plan: [String] = []
            let passes = try archive.index.wrap { try archive.index.database.readSnapshot {
                try searcher.expandedPasses(query, options: options, anyMode: false, settings: ExpansionSettings(),
                                            tally: nil, plan: &plan)
            } }
            let label = "round \(round): \(text) limit \(options.limit)"
            guard plan.contains(where: { $0.contains("no second FTS5 pass") }) else { continue }
            let fast = try passes.rank(options)
            if passes.ranked?.pass.termination == .earlyTermination { stopped += 1 }
            let reference = try #require(try Self.perRowPass(searcher, passes.expansion, options), "\(label)")
            let slow = searcher.top(of: reference, options: options)
            #expect(passes.total == reference.total, "\(label)")
            #expect(fast.map(\.id) == slow.map(\.id), "\(label)")
            #expect(fast.map(\.score) == slow.map(\.score), "\(label)")
            // A wider window than the pass proved scores the rest: still the per-row pass's ranking.
            var wider = options
            wider.limit = 1_000
            #expect(try passes.rank(wider).map(\.score) == searcher.top(of: reference, options: wider).map(\.score),
                    "\(label)")
        }
        #expect(stopped >= 15, "only \(stopped) rankings stopped early")
    }

    @Test func expandedSearchWithoutAnyTakesNoSecondFullTextPass() throws {
        let folder = try CLITempDirectory()
        let searcher = Searcher(index: try ExpansionTests.fixtureIndex(folder))
        let options = SearchOptions()
        let expanded = try searcher.searchExpanded("river", options: options)
        #expect(!expanded.expansion.added.isEmpty)
        #expect(expanded.result.plan.contains { $0.contains("no second FTS5 pass") }, "\(expanded.result.plan)")
        #expect(expanded.result.plan.filter { $0.contains("gazette_matches") }.count == 1, "\(expanded.result.plan)")
    }
}
