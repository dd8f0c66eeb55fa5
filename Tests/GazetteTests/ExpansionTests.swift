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
