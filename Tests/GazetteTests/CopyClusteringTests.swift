import Foundation
import Testing
@testable import Gazette

/// Incremental clustering, collapse in search and distinct counts, on small in-code corpora.
@Suite("Copy clusters")
struct CopyClusteringTests {
    static let story = copyTestBody(seed: 100)
    static let other = copyTestBody(seed: 200)

    /// The story as another outlet ran it: a byline line added and one word changed.
    static var rewrite: [String] {
        var paragraphs = story
        paragraphs[2] += " indeed"
        return ["By Staff Writer"] + paragraphs
    }

    @Test func aLaterCopyJoinsAndAnEarlierOneBecomesTheOriginal() throws {
        let temp = try CopyTestIndex()
        try temp.write("a", url: "https://one.com/a", date: "2024-05-02", Self.story)
        try temp.write("x", url: "https://two.com/x", date: "2024-05-02", Self.other)
        try temp.run()
        #expect(try temp.cluster("https://one.com/a").size == 1)

        try temp.write("b", url: "https://two.com/b", date: "2024-05-03", Self.rewrite)
        try temp.run()
        let joined = try temp.cluster("https://two.com/b")
        #expect(joined.members.map(\.url) == ["https://one.com/a", "https://two.com/b"])
        #expect(joined.id == joined.members[0].id, "the cluster is named after its original")

        try temp.write("c", url: "https://three.com/c", date: "2024-05-01", Self.story)
        try temp.run()
        let earlier = try temp.cluster("https://one.com/a")
        #expect(earlier.members.map(\.url) == ["https://three.com/c", "https://one.com/a", "https://two.com/b"])
        #expect(earlier.id == earlier.members[0].id)
        #expect(earlier.sources == 3)
        let row = try temp.index.database.scalarInt("SELECT size * 10 + sources FROM copy_clusters")
        #expect(row == 33 && temp.clusterRows == 1)
        #expect(temp.index.verify().ok)

        try temp.index.database.execute("UPDATE copy_clusters SET size = 5")
        let report = temp.index.verify()
        #expect(report.checks.first { $0.name == "copies" }?.problems.count == 1, "\(report.checks)")
    }

    @Test func deletingTheOriginalReElectsAndTheLastCopyLeavesNoCluster() throws {
        let temp = try CopyTestIndex()
        try temp.write("a", url: "https://one.com/a", date: "2024-05-01", Self.story)
        try temp.write("b", url: "https://two.com/b", date: "2024-05-02", Self.rewrite)
        try temp.write("c", url: "https://one.com/c", date: "2024-05-03", Self.story)
        try temp.run()
        #expect(try temp.cluster("https://one.com/c").size == 3)

        try temp.remove("a")
        try temp.run()
        let rest = try temp.cluster("https://one.com/c")
        #expect(rest.members.map(\.url) == ["https://two.com/b", "https://one.com/c"])
        #expect(rest.id == rest.members[0].id)
        #expect(try temp.index.database.scalarInt("SELECT size * 10 + sources FROM copy_clusters WHERE id = ?1",
                                                  [.integer(Int(rest.id))]) == 22)

        try temp.remove("b")
        try temp.run()
        #expect(try temp.cluster("https://one.com/c").size == 1)
        #expect(temp.clusterRows == 0)
        #expect(try temp.index.database.scalarInt("SELECT count(*) FROM copy_members") == 0)
        #expect(try temp.index.database.scalarInt("SELECT count(*) FROM copy_signatures") == 1)
        #expect(temp.index.verify().ok)
    }

    @Test func changingAnArticleToAnotherStoryTakesItOutOfItsCluster() throws {
        let temp = try CopyTestIndex()
        try temp.write("a", url: "https://one.com/a", date: "2024-05-01", Self.story)
        try temp.write("b", url: "https://two.com/b", date: "2024-05-02", Self.rewrite)
        try temp.write("x", url: "https://two.com/x", date: "2024-05-02", Self.other)
        try temp.run()
        #expect(try temp.cluster("https://one.com/a").size == 2)

        try temp.write("b", url: "https://two.com/b", date: "2024-05-02", copyTestBody(seed: 300))
        try temp.run()
        #expect(try temp.cluster("https://one.com/a").size == 1)
        #expect(temp.clusterRows == 0)

        // Now b becomes a copy of x instead.
        try temp.write("b", url: "https://two.com/b", date: "2024-05-03", Self.other)
        try temp.run()
        #expect(try temp.cluster("https://two.com/x").members.map(\.url) == ["https://two.com/x", "https://two.com/b"])
    }

    /// Three copies of one story (two outlets), one other story, all matching "zebra".
    static func searchCorpus() throws -> CopyTestIndex {
        let temp = try CopyTestIndex()
        let story = ["zebra " + Self.story[0]] + Self.story.dropFirst()
        try temp.write("a", url: "https://one.com/a", date: "2024-05-01", title: "Story", story)
        try temp.write("b", url: "https://two.com/b", date: "2024-05-02", title: "Story again", ["By Staff Writer"] + story)
        try temp.write("c", url: "https://two.com/c", date: "2024-06-03", title: "zebra Story zebra", story)
        try temp.write("x", url: "https://three.com/x", date: "2024-06-02", title: "Other", ["zebra " + Self.other[0]])
        try temp.run()
        return temp
    }

    @Test func searchShowsOneHitPerClusterWithItsCopies() throws {
        let temp = try Self.searchCorpus()
        let searcher = Searcher(index: temp.index)
        let result = try searcher.search("zebra")
        #expect(result.total == 4 && result.totalDistinct == 2)
        #expect(result.hits.map(\.url) == ["https://two.com/c", "https://three.com/x"], "c ranks first: zebra in its title")
        #expect(result.hits[0].copies == 2 && result.hits[0].copySources == 2)
        #expect(result.hits[0].cluster == (try temp.cluster("https://one.com/a")).id)
        #expect(result.hits[1].copies == 0 && result.hits[1].cluster == result.hits[1].id)

        var all = SearchOptions()
        all.collapseCopies = false
        #expect(try searcher.search("zebra", options: all).hits.count == 4)

        var page = SearchOptions()
        page.limit = 1
        page.offset = 1
        #expect(try searcher.search("zebra", options: page).hits.map(\.url) == ["https://three.com/x"])
        page.sort = .oldest
        page.offset = 0
        #expect(try searcher.search("zebra", options: page).hits.map(\.url) == ["https://one.com/a"])
    }

    @Test func distinctFacetsAndCoverageCountStories() throws {
        let temp = try Self.searchCorpus()
        let searcher = Searcher(index: temp.index)
        var options = SearchOptions()
        options.facets = true
        options.granularity = .month
        let plain = try #require(try searcher.search("zebra", options: options).facets)
        #expect(plain.sources.map(\.count) == [2, 1, 1])
        options.distinct = true
        let distinct = try #require(try searcher.search("zebra", options: options).facets)
        #expect(distinct.sources.map(\.value) == ["one.com", "three.com", "two.com"])
        #expect(distinct.sources.map(\.count) == [1, 1, 1])
        #expect(distinct.dates.map(\.count) == [1, 1], "the story counts once, in May, when it first ran")

        let articles = try searcher.coverage(["zebra"], granularity: .month)
        #expect(articles.periods.map(\.counts) == [[2], [2]])
        let stories = try searcher.coverage(["zebra"], granularity: .month, distinct: true)
        #expect(stories.periods.map(\.counts) == [[1], [1]])
        #expect(stories.periods.map(\.articles) == [1, 1], "denominators count stories too")
    }
}

extension CopyClusteringTests {
    @Test func aZeroLimitShowsNoHitsButCountsBoth() throws {
        let temp = try Self.searchCorpus()
        var options = SearchOptions()
        options.limit = 0
        for sort in [SortOrder.relevance, .newest] {
            options.sort = sort
            let result = try Searcher(index: temp.index).search("zebra", options: options)
            #expect(result.hits.isEmpty && result.total == 4 && result.totalDistinct == 2, "\(sort)")
        }
    }
}
