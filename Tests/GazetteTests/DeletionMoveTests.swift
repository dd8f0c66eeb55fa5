import Foundation
import Testing
@testable import Gazette

/// Issue 7.3, at the library level: files that disappear lose their article
/// (unless kept), and files moved within their root keep it.
@Suite("Deletions and moves")
struct DeletionMoveTests {
    /// Three articles in `root/2024/`, indexed once.
    final class Fixture {
        private let folder: TemporaryFolder
        var base: URL { folder.url }
        let root: URL
        let index: GazetteIndex
        init() throws {
            folder = try TemporaryFolder(prefix: "gazette-moves")
            root = folder.url.appendingPathComponent("news")
            _ = try folder.folder("news/2024")
            for (number, word) in ["harbour", "levee", "orchard"].enumerated() {
                let article = TestArticle("https://moves.example/\(word)", "2024-06-0\(number + 1)", "The \(word) story",
                                          "News about the \(word).")
                try Data(searchTestDumpText(article).utf8).write(to: root.appendingPathComponent("2024/\(word).txt"))
            }
            index = try GazetteIndex(path: folder.url.appendingPathComponent("index.db").path, access: .write)
            let first = try run()
            #expect(first.indexed == 3)
        }

        func file(_ relative: String) -> URL { root.appendingPathComponent(relative) }

        func run(keepMissing: Bool = false) throws -> IndexSummary {
            var options = IndexOptions()
            options.keepMissing = keepMissing
            return try Indexer(index: index, options: options).run(roots: [root.path])
        }

        func hit(_ query: String) throws -> SearchHit? { try Searcher(index: index).search(query).hits.first }
    }

    @Test func deletedFileLosesItsArticleUnlessKeepMissing() throws {
        let fixture = try Fixture()
        try FileManager.default.removeItem(at: fixture.file("2024/levee.txt"))

        let kept = try fixture.run(keepMissing: true)
        #expect(kept.removed == 0 && kept.unchanged == 2)
        #expect(try fixture.hit("levee") != nil, "kept while --keep-missing")

        let removed = try fixture.run()
        #expect(removed.removed == 1 && removed.indexed == 0, "\(removed)")
        #expect(try fixture.hit("levee") == nil)
        #expect(try fixture.hit("harbour") != nil, "the other articles stay")
        #expect(fixture.index.verify().ok)
        #expect(try fixture.run().removed == 0, "removed once, not again")
    }

    @Test func movedFileKeepsItsArticleIdAndURLWithTheNewPath() throws {
        let fixture = try Fixture()
        let before = try #require(try fixture.hit("orchard"))
        try FileManager.default.createDirectory(at: fixture.file("archive/june"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: fixture.file("2024/orchard.txt"), to: fixture.file("archive/june/orchard.txt"))

        let summary = try fixture.run()
        #expect(summary.removed == 0 && summary.indexed == 0 && summary.updated == 0, "a move is neither: \(summary)")
        let after = try #require(try fixture.hit("orchard"))
        #expect(after.id == before.id && after.url == before.url)
        #expect(after.path == fixture.file("archive/june/orchard.txt").path, "\(after.path)")
        #expect(before.path != after.path)
        #expect(fixture.index.verify().ok, "the file record moved with the article")
        let again = try fixture.run()
        #expect(again.unchanged == 3 && again.removed == 0, "\(again)")
    }

    @Test func movedAndEditedFileReplacesItsArticleUnderTheSameURL() throws {
        let fixture = try Fixture()
        let moved = fixture.file("2024/renamed-harbour.txt")
        try FileManager.default.moveItem(at: fixture.file("2024/harbour.txt"), to: moved)
        let edited = TestArticle("https://moves.example/harbour", "2024-06-01", "The harbour story", "Cranes idle at the harbour.")
        try Data(searchTestDumpText(edited).utf8).write(to: moved)

        let summary = try fixture.run()
        #expect(summary.updated == 1 && summary.removed == 0 && summary.indexed == 0, "\(summary)")
        let hit = try #require(try fixture.hit("cranes"))
        #expect(hit.url == "https://moves.example/harbour" && hit.path == moved.path)
        #expect(try Searcher(index: fixture.index).search("harbour").total == 1)
        #expect(fixture.index.verify().ok)
    }
}
