import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// Cursor pagination: pages neither overlap nor skip while articles are
/// added between calls, and a cursor only continues its own search.
@Suite struct CursorTests {
    /// Writes `count` new articles holding `word`, spread over the archive's dates
    /// (before, inside and after them), and indexes them through a writer
    /// connection of its own, as another `gazette index` process would.
    static func addArticles(_ archive: ExportTests.Archive, word: String, round: Int, count: Int = 6) throws {
        let days = ["2015-03-02", "2018-07-14", "2020-01-09", "2022-11-30", "2025-12-30", "2026-06-01"]
        for number in 0..<count {
            let date = days[(number + round) % days.count]
            // Every other word is the article's own, so no two added articles are copies of each other.
            let body = (0..<40).map { $0 % 2 == 0 ? "q\(round)x\(number)y\($0)" : ($0 % 6 == 1 ? word : "and") }
            let text = " date \(date) https://added\(number % 3).example/\(round)/\(number)\n"
                + "Added \(word) report \(round) \(number)\n" + body.joined(separator: " ") + "\n"
            try Data(text.utf8).write(to: archive.dumps.appendingPathComponent("added-\(round)-\(number).txt"))
        }
        let writer = try GazetteIndex(path: archive.index.path, access: .write)
        let summary = try Indexer(index: writer).run(roots: [archive.dumps.path])
        #expect(summary.rejected.isEmpty && summary.indexed == count)
    }

    @Test(arguments: [Gazette.SortOrder.relevance, .newest, .oldest])
    func pagesNeitherRepeatNorSkipWhileArticlesAreAdded(sort: Gazette.SortOrder) throws {
        for collapse in [false, true] {
            let archive = try ExportTests.Archive(articles: 300, seed: 5)
            let reader = Searcher(index: try GazetteIndex(path: archive.index.path, access: .read))
            var options = SearchOptions()
            options.sort = sort
            options.collapseCopies = collapse
            options.recencyHalfLife = sort == .relevance ? 400 : nil
            // Everything the first call could see, in order, with its scores.
            var everything = options
            everything.limit = 100_000
            let before = try reader.search(archive.word, options: everything).hits
            let beforeScores = Dictionary(uniqueKeysWithValues: before.map { ($0.id, $0.score) })

            var seen: [SearchHit] = []
            var page = options
            page.limit = 13
            var round = 0
            while true {
                let result = try reader.search(archive.word, options: page)
                seen += result.hits
                guard let next = result.next else { break }
                round += 1
                try Self.addArticles(archive, word: archive.word, round: round)
                page.after = try SearchCursor(encoded: next)
            }
            let ids = seen.map(\.id)
            #expect(Set(ids).count == ids.count, "\(sort) collapse \(collapse): a hit came twice")
            #expect(Set(before.map(\.id)).isSubset(of: Set(ids)), "\(sort) collapse \(collapse): a hit was skipped")
            #expect(round >= 3, "the test must add articles between several pages")
            switch sort {
            case .newest: #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 > $1 })
            case .oldest: #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 })
            case .relevance:
                // Later pages score with the first page's statistics: every article keeps the score it had,
                // and the whole sequence is in one order.
                for hit in seen { if let score = beforeScores[hit.id] { #expect(hit.score == score) } }
                #expect(zip(seen, seen.dropFirst()).allSatisfy { TopHits.isBetter(($0.id, $0.score), than: ($1.id, $1.score)) })
            }
            // Ranks keep counting across pages.
            #expect(seen.map(\.rank) == Array(1...seen.count))
        }
    }

    @Test func aCursorContinuesOnlyItsOwnSearch() throws {
        let archive = try ExportTests.Archive(articles: 150, seed: 9)
        let searcher = Searcher(index: archive.index)
        var options = SearchOptions()
        options.limit = 5
        let first = try searcher.search(archive.word, options: options)
        let next = try #require(first.next)
        let cursor = try SearchCursor(encoded: next)

        func rejects(_ text: String, _ options: SearchOptions, _ words: String...) {
            do {
                _ = try searcher.search(text, options: options)
                Issue.record("\(text) with \(options.sort) should refuse the cursor")
            } catch {
                #expect(error.code == .cursor && error.exitCode == 2, "\(error)")
                for word in words { #expect(error.description.contains(word), "\(error.description)") }
            }
        }
        var other = options
        other.after = cursor
        rejects(archive.word + " zzz", other, "another search")
        var sorted = other
        sorted.sort = .newest
        rejects(archive.word, sorted, "another search")
        var copies = other
        copies.collapseCopies = false
        rejects(archive.word, copies, "another search")
        var dated = other
        dated.compile.from = DateSpec(parsing: "2019")
        rejects(archive.word, dated, "another search")
        var offset = other
        offset.offset = 5
        rejects(archive.word, offset, "offset")
        // The limit may change between pages.
        var wider = other
        wider.limit = 50
        #expect(try searcher.search(archive.word, options: wider).hits.first?.rank == 6)

        for garbage in ["", "x", "not a cursor", String(next.dropLast(3)), next + "AA", String(next.reversed()),
                        String(repeating: "A", count: 60), "🙂", String(repeating: "z", count: 20_000)] {
            do {
                _ = try SearchCursor(encoded: garbage)
                Issue.record("\(garbage.prefix(40)) should not decode")
            } catch {
                #expect(error.code == .cursor)
            }
        }
        // Every byte flipped in turn: refused by the checksum or the layout, never a crash.
        var bytes = try #require(Base64URL.decode(next))
        for position in bytes.indices {
            bytes[position] ^= 0x5A
            #expect(throws: GazetteError.self) { try SearchCursor(encoded: Base64URL.encode(bytes)) }
            bytes[position] ^= 0x5A
        }
        #expect(try SearchCursor(encoded: Base64URL.encode(bytes)) == cursor)
    }

    @Test func theLastPageHasNoNext() throws {
        let corpus = try makeIndex((1...5).map { TestArticle("https://last.example/\($0)", "2024-02-0\($0)", "Harbor \($0)", "harbor news \($0)") })
        var options = SearchOptions()
        options.limit = 5
        #expect(try corpus.searcher.search("harbor", options: options).next == nil)
        options.limit = 2
        options.sort = .oldest
        var ids: [Int64] = []
        var result = try corpus.searcher.search("harbor", options: options)
        ids += result.hits.map(\.id)
        while let next = result.next {
            options.after = try SearchCursor(encoded: next)
            result = try corpus.searcher.search("harbor", options: options)
            ids += result.hits.map(\.id)
        }
        #expect(ids.count == 5 && ids == ids.sorted())
    }

    @Test func cliCursorsAndTheirErrors() throws {
        let directory = try CLITempDirectory()
        try directory.index(try directory.copyFixtures("articles"))
        let first = try directory.search(["flood", "--limit", "2", "--sort", "oldest"])
        let next = try #require(first.json?["next"] as? String, "\(first)")
        let second = try directory.search(["flood", "--limit", "2", "--sort", "oldest", "--after", next])
        #expect(second.status == 0, "\(second)")
        let firstIDs = cliHits(first.json).compactMap { cliInt($0, "id") }
        let secondIDs = cliHits(second.json).compactMap { cliInt($0, "id") }
        #expect(firstIDs.count == 2 && secondIDs.count == 2 && (firstIDs.max() ?? 0) < (secondIDs.min() ?? 0))
        #expect(cliHits(second.json).first.flatMap { cliInt($0, "rank") } == 3)

        let garbage = try directory.search(["flood", "--after", "garbage!"])
        #expect(garbage.status == 2 && garbage.err.contains("not a search cursor"), "\(garbage)")
        let otherSort = try directory.search(["flood", "--limit", "2", "--after", next])
        #expect(otherSort.status == 2 && otherSort.err.contains("another search"), "\(otherSort)")
        let both = try directory.search(["flood", "--after", next, "--offset", "2", "--sort", "oldest"])
        #expect(both.status == 2 && both.err.contains("--offset"), "\(both)")
    }
}
