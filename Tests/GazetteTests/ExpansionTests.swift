import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// `search --expand`: RM3 feedback over the fixture articles.
@Suite struct ExpansionTests {
    static func fixtureIndex(_ folder: CLITempDirectory) throws -> GazetteIndex {
        let index = try GazetteIndex(path: folder.db, access: .write)
        _ = try Indexer(index: index).run(roots: [RankingQualityTests.fixtures.appendingPathComponent("articles").path])
        return index
    }

    @Test func anyModeExpansionAddsFeedbackTermsAndWidensTheMatches() throws {
        let folder = try CLITempDirectory()
        let searcher = Searcher(index: try Self.fixtureIndex(folder))
        var options = SearchOptions()
        options.compile.anyMode = true
        let plain = try searcher.search("flood insurance", options: options)
        let expanded = try searcher.searchExpanded("flood insurance", options: options)
        let added = expanded.expansion.added
        #expect(!added.isEmpty)
        #expect(added.allSatisfy { $0.stem != "flood" && $0.stem != "insur" && $0.weight > 0 })
        #expect(expanded.result.total >= plain.total)
        #expect(expanded.expansion.phraseWeights.count == QueryCompiler.phrases(of: try #require(expanded.result.query.tree)).count)
        // The original terms together weigh more than the added ones together (weight 0.2).
        #expect(added.reduce(0) { $0 + $1.weight } < 2)
        #expect(!expanded.result.hits.isEmpty)
    }

    @Test func feedbackRaisesTheTypedWordsItFindsAndOnlyThose() throws {
        let folder = try CLITempDirectory()
        let searcher = Searcher(index: try Self.fixtureIndex(folder))
        var options = SearchOptions()
        options.compile.anyMode = true
        let expanded = try searcher.searchExpanded("flood insurance", options: options)
        let raised = expanded.expansion.reweighted
        #expect(!raised.isEmpty)
        #expect(raised.allSatisfy { ["flood", "insur"].contains($0.stem) && $0.weight > 1 })
        // The typed words' phrases carry the raised weights: 0.1 extra per informative word at most.
        let typed = Array(expanded.expansion.phraseWeights.prefix(2))
        #expect(typed.contains { $0 > 1 })
        #expect(typed.reduce(0, +) - 2 <= 0.2 + 1e-9, "\(typed)")

        var off = ExpansionSettings()
        off.originalWeight = 0
        let plain = try searcher.searchExpanded("flood insurance", options: options, settings: off)
        #expect(plain.expansion.reweighted.isEmpty)
        #expect(plain.expansion.phraseWeights.prefix(2).allSatisfy { $0 == 1 })
    }

    @Test func expansionWithoutAnyReranksTheSameMatches() throws {
        let folder = try CLITempDirectory()
        let searcher = Searcher(index: try Self.fixtureIndex(folder))
        var options = SearchOptions()
        options.limit = 50
        options.collapseCopies = false
        let plain = try searcher.search("river", options: options)
        let expanded = try searcher.searchExpanded("river", options: options)
        #expect(!expanded.expansion.added.isEmpty)
        #expect(expanded.result.total == plain.total)
        #expect(Set(expanded.result.hits.map(\.id)) == Set(plain.hits.map(\.id)))
    }

    @Test func expansionWithoutAnyKeepsTheFacetsAndWithAnyCountsTheWiderMatches() throws {
        let folder = try CLITempDirectory()
        let searcher = Searcher(index: try Self.fixtureIndex(folder))
        var options = SearchOptions()
        options.facets = true
        let plain = try searcher.search("river", options: options)
        let expanded = try searcher.searchExpanded("river", options: options)
        #expect(plain.facets != nil)
        #expect(expanded.result.facets == plain.facets)

        options.compile.anyMode = true
        let widened = try searcher.searchExpanded("flood insurance", options: options)
        let sources = try #require(widened.result.facets).sources
        #expect(sources.reduce(0) { $0 + $1.count } == widened.result.total || sources.count == options.facetLimit)
        #expect(widened.result.total >= (try searcher.search("flood insurance", options: options)).total)
    }

    @Test func expansionKeepsExclusionsAndFilters() throws {
        let folder = try CLITempDirectory()
        let searcher = Searcher(index: try Self.fixtureIndex(folder))
        var options = SearchOptions()
        options.compile.anyMode = true
        options.limit = 50
        let expanded = try searcher.searchExpanded("flood river -insurance source:valleytribune.org", options: options)
        #expect(!expanded.result.hits.isEmpty)
        for hit in expanded.result.hits {
            #expect(hit.source == "valleytribune.org")
            #expect(!hit.title.lowercased().contains("insurance"))
        }
    }

    @Test func cliExpandKeepsTheJSONShapeAndExplainsTheAddedTerms() throws {
        let folder = try CLITempDirectory()
        try folder.index(try folder.copyFixtures("articles"))
        let plain = try folder.search(["flood", "insurance", "--any"])
        let expanded = try folder.search(["flood", "insurance", "--any", "--expand", "--explain"])
        #expect(expanded.status == 0, "\(expanded)")
        let keys = Set(try #require(expanded.json).keys)
        #expect(keys == Set(try #require(plain.json).keys))
        #expect(expanded.err.contains("expansion: "), "\(expanded.err)")
        #expect(expanded.err.contains("original terms weigh 1"))
    }
}

/// The fast path of expansion: weights per phrase in the one-pass scorer, and archive counts kept per index version.
@Suite struct ExpansionPassTests {
    @Test func weightedMatchPassScoresAsGazetteBM25Does() throws {
        let folder = try CLITempDirectory()
        let searcher = Searcher(index: try ExpansionTests.fixtureIndex(folder))
        var options = SearchOptions()
        options.compile.anyMode = true
        options.limit = 1_000
        let query = try QueryCompiler.compile("flood river insurance water", options: options.compile)
        let weights = [1.0, 0.4, 2.5, 0.0]
        var plan: [String] = []
        let pass = try #require(try searcher.matchPass(query, options: options, tally: nil, phraseWeights: weights, plan: &plan))
        let walked = searcher.top(of: pass, options: options)
        let sql = try searcher.weightedRank(query, weights: weights, limit: 1_000, plan: &plan)
        #expect(walked.count == sql.ranked.count)
        #expect(pass.total == sql.total)
        #expect(walked.count > 5)
        for (a, b) in zip(walked, sql.ranked) {
            #expect(a.id == b.id)
            #expect(abs(a.score - b.score) <= 1e-9 * max(1, abs(b.score)), "\(a) \(b)")
        }
        // A different weight changes the ranking's scores: the weights are really applied.
        let unweighted = try #require(try searcher.matchPass(query, options: options, tally: nil, plan: &plan))
        #expect(unweighted.scores != pass.scores)
        // Expansion's own k1 and b reach the walk as they reach gazette_bm25.
        let tuned = BM25Parameters(k1: 1.8, b: 0.4)
        let tunedPass = try #require(try searcher.matchPass(query, options: options, tally: nil, phraseWeights: weights,
                                                            k1: tuned.k1, b: tuned.b, plan: &plan))
        let tunedSQL = try searcher.weightedRank(query, weights: weights, parameters: tuned, limit: 1_000, plan: &plan)
        for (a, b) in zip(searcher.top(of: tunedPass, options: options), tunedSQL.ranked) {
            #expect(a.id == b.id)
            #expect(abs(a.score - b.score) <= 1e-9 * max(1, abs(b.score)), "\(a) \(b)")
        }
    }

    @Test func unweightedMatchPassIsTheSameAsPlainSearch() throws {
        let folder = try CLITempDirectory()
        let searcher = Searcher(index: try ExpansionTests.fixtureIndex(folder))
        var options = SearchOptions()
        options.compile.anyMode = true
        let query = try QueryCompiler.compile("flood river insurance", options: options.compile)
        var plan: [String] = []
        let plain = try #require(try searcher.matchPass(query, options: options, tally: nil, plan: &plan))
        let ones = try #require(try searcher.matchPass(query, options: options, tally: nil, phraseWeights: [1, 1, 1], plan: &plan))
        #expect(plain.ids == ones.ids)
        // Weight 1 multiplies exactly, so the scores are the same doubles.
        #expect(plain.scores == ones.scores)
    }

    @Test func expandedSearchRanksAsTheSQLPassDoes() throws {
        let folder = try CLITempDirectory()
        let searcher = Searcher(index: try ExpansionTests.fixtureIndex(folder))
        var options = SearchOptions()
        options.compile.anyMode = true
        options.limit = 20
        options.collapseCopies = false
        let expanded = try searcher.searchExpanded("flood insurance", options: options)
        #expect(!expanded.expansion.added.isEmpty)
        var plan: [String] = []
        let settings = ExpansionSettings()
        let sql = try searcher.weightedRank(expanded.result.query, weights: expanded.expansion.phraseWeights,
                                            parameters: BM25Parameters(k1: settings.k1, b: settings.b), limit: 20, plan: &plan)
        #expect(expanded.result.hits.map(\.id) == sql.ranked.map(\.id))
        #expect(expanded.result.total == sql.total)
    }

    @Test func termCountsAreKeptUntilTheIndexChanges() throws {
        let folder = try CLITempDirectory()
        let index = try ExpansionTests.fixtureIndex(folder)
        let searcher = Searcher(index: index)
        let statistics = try searcher.termStatistics()
        #expect(try searcher.termStatistics() === statistics)
        let before = try statistics.documentFrequency("flood", word: "flood")
        #expect(before > 0)
        // Asked again with a lower bound, the kept exact count answers.
        #expect(try statistics.documentFrequency("flood", word: "flood", atMost: 1) == 1)
        #expect(try statistics.documentFrequency("flood", word: "flood") == before)

        let more = folder.path("more")
        try FileManager.default.createDirectory(at: more, withIntermediateDirectories: true)
        try Data("  date 2024-05-01  https://example.org/more-flood\nAnother flood\nThe flood came back to the valley.\n".utf8)
            .write(to: more.appendingPathComponent("more-flood.txt"))
        _ = try Indexer(index: index).run(roots: [more.path])
        let after = try searcher.termStatistics()
        #expect(after !== statistics)
        #expect(try after.documentFrequency("flood", word: "flood") == before + 1)
    }

    @Test func batchSearchExpandsEachLine() throws {
        let folder = try CLITempDirectory()
        try folder.index(try folder.copyFixtures("articles"))
        let run = try folder.run(["search", "--db", folder.db, "--batch", "-", "--expand", "--any"],
                                 stdin: Data("a\tflood insurance\nb\triver\n".utf8))
        #expect(run.status == 0, "\(run)")
        let objects = run.jsonLines
        #expect(objects.map { $0["id"] as? String } == ["a", "b"])
        #expect(objects.map { $0["query"] as? String } == ["flood insurance", "river"])
        #expect(objects.allSatisfy { !cliHits($0).isEmpty })
    }
}
