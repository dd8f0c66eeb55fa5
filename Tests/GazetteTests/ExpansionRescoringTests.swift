import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// Expansion without `--any` scores the first pass's matches again from their
/// kept counts and the added terms' postings (`Searcher.rescoredPass`) instead
/// of a second FTS5 pass: it must give the very doubles that pass gives.
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

    @Test func expandedSearchWithoutAnyTakesNoSecondFullTextPass() throws {
        let folder = try CLITempDirectory()
        let searcher = Searcher(index: try ExpansionTests.fixtureIndex(folder))
        var options = SearchOptions()
        let expanded = try searcher.searchExpanded("river", options: options)
        #expect(!expanded.expansion.added.isEmpty)
        #expect(expanded.result.plan.contains { $0.contains("no second FTS5 pass") }, "\(expanded.result.plan)")
        #expect(expanded.result.plan.filter { $0.contains("gazette_matches") }.count == 1, "\(expanded.result.plan)")
    }
}
