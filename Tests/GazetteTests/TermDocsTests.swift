import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// Frequent words are answered from their document lists beside FTS5
/// (`term_docs`), which the writer keeps exact: the results must be those of
/// FTS5's own postings and of `bm25()`, through additions, rewrites and
/// deletions, with and without choosing the frequent words again.
@Suite struct TermDocsTests {
    typealias Archive = RankingEquivalenceTests.Archive

    /// Words in three or more articles are frequent on these small archives.
    static func options(rechoose: Bool, commitEvery: Int? = nil) -> IndexOptions {
        var options = IndexOptions()
        if let commitEvery { options.commitInterval = commitEvery }
        options.frequentTerms = FrequentTermPolicy(minimumArticles: 3, shareOfArchive: 0,
                                                   rechooseAfterChangedShare: rechoose ? 0.1 : 1_000)
        return options
    }

    static func randomWordSearch(_ words: [String], _ random: inout SplitMix64) -> (String, SearchOptions) {
        // One word, or two or three that must all be there.
        let count = [1, 1, 2, 3][Int(random.next() % 4)]
        let word = (0..<count).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
        var options = SearchOptions()
        options.limit = [10, 3, 25][Int(random.next() % 3)]
        options.offset = random.next() % 4 == 0 ? 5 : 0
        options.sort = random.next() % 4 == 0 ? (random.next() % 2 == 0 ? .newest : .oldest) : .relevance
        options.facets = random.next() % 3 == 0
        options.collapseCopies = random.next() % 4 != 0
        if random.next() % 5 == 0 { options.recencyHalfLife = 150 }
        if random.next() % 6 == 0 { options.compile.sources = [CorpusGenerator.sources[Int(random.next() % 5)]] }
        if random.next() % 5 == 0 { options.compile.from = DateSpec(parsing: "2019-03") }
        if random.next() % 5 == 0 { options.compile.to = DateSpec(parsing: "2023") }
        return (word, options)
    }

    func checkRounds(rechoose: Bool, seed: UInt64, commitEvery: Int? = nil, expectedFromLists: Int = 150) throws {
        let archive = try Archive(articles: 300, seed: seed, options: Self.options(rechoose: rechoose, commitEvery: commitEvery))
        var random = SplitMix64(seed: seed &* 31)
        var fromLists = 0
        for round in 0..<4 {
            let searcher = Searcher(index: archive.index)
            for _ in 0..<80 {
                let (word, options) = Self.randomWordSearch(archive.words, &random)
                var postings = options
                postings.evaluation = .fullTextPostings
                var reference = options
                reference.evaluation = .fts5
                let label = "round \(round): \(word) \(options.sort) limit \(options.limit) offset \(options.offset)"
                let fast = try searcher.search(word, options: options)
                if fast.path == .termDocs { fromLists += 1 }
                let walked = try searcher.search(word, options: postings)
                #expect(walked.path != .termDocs, "\(label)")
                RankingEquivalenceTests.expectSame(fast, walked, label + " vs FTS5's postings")
                RankingEquivalenceTests.expectSame(fast, try searcher.search(word, options: reference), label + " vs bm25()")
            }
            try archive.change(round: round, using: &random)
        }
        #expect(fromLists > expectedFromLists, "term_docs answered \(fromLists) of 320 queries")
    }

    @Test func frequentWordsRankAsFTS5ThroughChangesKeptByTheWriter() throws {
        try checkRounds(rechoose: false, seed: 41)
    }

    @Test func frequentWordsChosenAtAFirstRunsFirstCommitRankAsFTS5() throws {
        // Chosen on the first 60 articles, then kept by the writer for the other 240 and every change.
        // Fewer words were frequent in those 60 than in all 300, and none is chosen later here.
        try checkRounds(rechoose: false, seed: 47, commitEvery: 60, expectedFromLists: 60)
    }

    @Test func frequentWordsRankAsFTS5WhenChosenAgainAfterChanges() throws {
        try checkRounds(rechoose: true, seed: 43)
    }

    @Test func storedListsEqualFTS5InstanceCounts() throws {
        let archive = try Archive(articles: 120, seed: 5, options: Self.options(rechoose: false))
        var random = SplitMix64(seed: 9)
        try archive.change(round: 0, using: &random)
        let database = archive.index.database
        try database.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.check_instances USING fts5vocab(main, 'fts', 'instance')")
        let terms = try FrequentTermSet(database).terms
        #expect(terms.count > 50)
        let select = try database.prepare("SELECT first, data FROM term_docs WHERE term = ?1 ORDER BY first")
        let instances = try database.prepare("SELECT doc, col = 'title' FROM temp.check_instances WHERE term = ?1")
        for term in terms {
            var stored: [Int64: [UInt32]] = [:]
            select.bind(textBytes: term, at: 1)
            while try select.step() {
                let first = select.int64(0)
                let decoded = select.withBlob(1) { TermDocs.Block(decoding: $0, first: first) }
                #expect(decoded.ids.first == first && decoded.count <= TermDocs.chunkEntries)
                for (index, id) in decoded.ids.enumerated() {
                    stored[id] = [decoded.counts[index * 2], decoded.counts[index * 2 + 1]]
                }
            }
            select.reset()
            var expected: [Int64: [UInt32]] = [:]
            instances.bind(textBytes: term, at: 1)
            while try instances.step() {
                expected[instances.int64(0), default: [0, 0]][instances.int(1) != 0 ? 0 : 1] += 1
            }
            instances.reset()
            let name = String(decoding: term, as: UTF8.self)
            #expect(stored == expected, "\(name)")
            let docs = try database.scalarInt("SELECT docs FROM frequent_terms WHERE term = ?1", [.text(name)])
            #expect(docs == expected.count, "\(name)")
        }
    }

    @Test func fullTextTotalsAreThoseFTS5GivesRankingFunctions() throws {
        let archive = try Archive(articles: 80, seed: 3)
        let totals = try FullTextTotals.read(archive.index.database)
        let matches = FullTextMatches(walk: .phrasePostings)
        let statement = try archive.index.database.prepare("SELECT gazette_matches(fts, ?1) FROM fts WHERE fts MATCH ?2 LIMIT 1")
        statement.bind(matches: matches, at: 1)
        statement.bind(archive.words[0], at: 2)
        while try statement.step() {}
        #expect(matches.rowCount == totals.rows && matches.rowCount > 0)
        #expect(matches.totalTokens == totals.tokens)
        #expect(totals.columnTokens.count == 2)
    }

    @Test func aWordBelowTheThresholdIsNotChosen() throws {
        let corpus = try makeIndex([
            TestArticle("https://a.example/1", "2024-01-01", "Harbor", "harbor levee"),
            TestArticle("https://b.example/2", "2024-01-02", "Harbor", "harbor"),
            TestArticle("https://c.example/3", "2024-01-03", "Other", "levee"),
        ])
        // The default policy wants a thousand articles: nothing here is frequent.
        #expect(try FrequentTermSet(corpus.searcher.index.database).terms.isEmpty)
        #expect(try corpus.searcher.search("harbor").path == .phrasePostings)
    }
}

@Suite struct TermDocsVerifyTests {
    @Test func verifyReportsAWordListThatDisagreesWithTheFullTextIndex() throws {
        let archive = try RankingEquivalenceTests.Archive(articles: 60, seed: 17, options: TermDocsTests.options(rechoose: false))
        let database = archive.index.database
        #expect(try archive.index.termDocsProblems().isEmpty)
        // Drop one article from the first stored block of the first word.
        let select = try database.prepare("SELECT term, first, data FROM term_docs ORDER BY term, first LIMIT 1")
        #expect(try select.step())
        let term = select.blob(0)
        let first = select.int64(1)
        var decoded = select.withBlob(2) { TermDocs.Block(decoding: $0, first: first) }
        select.reset()
        let dropped = try #require(decoded.ids.last)
        decoded.remove(id: dropped)
        try TermDocs.write(try database.prepare(TermDocs.insertSQL), term: term, first: first,
                           data: decoded.encoded(0..<decoded.count))
        let problems = try archive.index.termDocsProblems()
        #expect(problems.count == 1)
        #expect(problems.first?.contains("article \(dropped)") == true, "\(problems)")
    }
}

@Suite struct TermDocsLanguageTests {
    /// German and French articles are analysed with their own stemmers; their
    /// words' lists must stay exact when such articles are rewritten and removed.
    @Test func listsOfWordsInOtherLanguagesStayExactThroughRewritesAndDeletions() throws {
        let folder = try TemporaryFolder(prefix: "gazette-termdocs-languages")
        let dumps = try folder.folder("dumps")
        let german = ["Die Wahlen in der Stadt", "Wahl und Wahlkampf der Parteien", "Die Partei gewinnt die Wahlen"]
        let french = ["Les élections municipales", "Une élection présidentielle", "Les électeurs et les élections"]
        for number in 0..<18 {
            let (lang, title) = number % 2 == 0 ? ("de", german[number % 3]) : ("fr", french[number % 3])
            let body = number % 2 == 0 ? "Die Wähler wählten in den Wahlen \(number) Parteien." : "Les électeurs ont voté aux élections \(number)."
            try Data(" date 2025-01-\(String(format: "%02d", number + 1)) https://example.com/\(number) lang=\(lang)\n\(title)\n\(body)\n".utf8)
                .write(to: dumps.appendingPathComponent("a\(number).txt"))
        }
        var options = IndexOptions()
        options.frequentTerms = FrequentTermPolicy(minimumArticles: 2, shareOfArchive: 0, rechooseAfterChangedShare: 1_000)
        let index = try GazetteIndex(path: folder.url.appendingPathComponent("index.db").path, access: .write)
        _ = try Indexer(index: index, options: options).run(roots: [dumps.path])
        #expect(try FrequentTermSet(index.database).terms.count > 5)
        #expect(try index.termDocsProblems().isEmpty)
        // Rewrite three articles and delete three: the lists are kept by the writer, not chosen again.
        for number in 0..<3 {
            try Data(" date 2025-02-0\(number + 1) https://example.com/\(number) lang=de\nNeue Wahlen\nDie Wahl der Wähler.\n".utf8)
                .write(to: dumps.appendingPathComponent("a\(number).txt"))
            try FileManager.default.removeItem(at: dumps.appendingPathComponent("a\(number + 10).txt"))
        }
        _ = try Indexer(index: index, options: options).run(roots: [dumps.path])
        #expect(try index.termDocsProblems().isEmpty)
        let searcher = Searcher(index: index)
        for word in ["Wahlen", "élections", "Wähler", "électeurs"] {
            let fast = try searcher.search(word)
            var reference = SearchOptions()
            reference.evaluation = .fts5
            RankingEquivalenceTests.expectSame(fast, try searcher.search(word, options: reference), word)
            #expect(fast.total > 0, "\(word)")
        }
    }
}

@Suite struct TermDocsChunkTests {
    /// A frequent word's list is decoded into room for its stated article count;
    /// entries past that room (a count that fell short) still come whole and in order.
    @Test func aWordsListDecodesWholeWhateverRoomItsArticleCountMakes() throws {
        let archive = try RankingEquivalenceTests.Archive(articles: 300, seed: 41, options: TermDocsTests.options(rechoose: false))
        let searcher = Searcher(index: archive.index)
        let database = archive.index.database
        let select = try database.prepare("SELECT term, docs FROM frequent_terms ORDER BY docs DESC LIMIT 3")
        var words: [([UInt8], Int64)] = []
        while try select.step() {
            words.append((select.withBlob(0) { Array($0.bindMemory(to: UInt8.self)) }, select.int64(1)))
        }
        #expect(words.count == 3)
        for (term, articles) in words {
            var reference: [(Int64, UInt32, UInt32)] = []
            try searcher.forEachEntry(of: term, in: 0...Int64.max) { reference.append(($0, $1, $2)) }
            #expect(Int64(reference.count) == articles)
            for stated in [articles, articles / 2, 1, 0] {
                let matches = FullTextMatches(walk: .termDocs, rowidRange: 0...Int64.max, reusing: nil,
                                              knownPhraseRows: [], rowsBeforeWalk: 0)
                try searcher.fill(matches, terms: [Searcher.FrequentTerm(term: term, articles: stated)], range: 0...Int64.max)
                #expect(matches.rowids == reference.map(\.0), "stated \(stated) of \(articles)")
                #expect(matches.instances == reference.flatMap { [$0.1, $0.2] }, "stated \(stated) of \(articles)")
            }
        }
    }

    /// A word in more articles than a chunk holds is stored in several
    /// chunks; inserts in the middle, deletions and appends keep them exact.
    @Test func aLongListSplitsIntoChunksThatStayExactThroughChanges() throws {
        let folder = try TemporaryFolder(prefix: "gazette-termdocs-chunks")
        let dumps = try folder.folder("dumps")
        func write(_ number: Int, day: Int, words: String) throws {
            let date = Day(daysSinceEpoch: 19_000 + day)
            try Data(" date \(date) https://example.com/\(number)\nHarbor \(number)\nThe harbor \(words) report \(number).\n".utf8)
                .write(to: dumps.appendingPathComponent("a\(number).txt"))
        }
        let count = TermDocs.chunkEntries * 2 + 300
        for number in 0..<count { try write(number, day: number / 4 * 2, words: number % 3 == 0 ? "harbor levee" : "levee") }
        var options = IndexOptions()
        options.frequentTerms = FrequentTermPolicy(minimumArticles: 2, shareOfArchive: 0, rechooseAfterChangedShare: 1_000)
        let index = try GazetteIndex(path: folder.url.appendingPathComponent("index.db").path, access: .write)
        _ = try Indexer(index: index, options: options).run(roots: [dumps.path])
        let chunks = try index.database.scalarInt("SELECT count(*) FROM term_docs WHERE term = 'harbor'") ?? 0
        #expect(chunks >= 3)
        #expect(try index.termDocsProblems().isEmpty)
        // Odd days fall between the stored articles: inserts in the middle of full chunks.
        for number in count..<(count + 400) { try write(number, day: (number - count) * 3 + 1, words: "harbor harbor") }
        for number in stride(from: 0, to: count, by: 7) {
            try FileManager.default.removeItem(at: dumps.appendingPathComponent("a\(number).txt"))
        }
        for number in (count + 400)..<(count + 450) { try write(number, day: 5_000 + number, words: "harbor") }
        _ = try Indexer(index: index, options: options).run(roots: [dumps.path])
        #expect(try index.termDocsProblems().isEmpty)
        let sizes = try index.database.prepare("SELECT data FROM term_docs WHERE term = 'harbor'")
        var longest = 0
        while try sizes.step() { longest = max(longest, sizes.withBlob(0) { TermDocs.Block(decoding: $0, first: 0).count }) }
        #expect(longest <= TermDocs.chunkEntries)
        let searcher = Searcher(index: index)
        var reference = SearchOptions()
        reference.evaluation = .fts5
        for text in ["harbor", "harbor levee", "levee"] {
            var options = SearchOptions()
            options.compile.from = DateSpec(parsing: "2022-01")
            for window in [SearchOptions(), options] {
                var exhaustive = window
                exhaustive.evaluation = .fts5
                let fast = try searcher.search(text, options: window)
                #expect(fast.path == .termDocs, "\(text)")
                RankingEquivalenceTests.expectSame(fast, try searcher.search(text, options: exhaustive), text)
            }
        }
    }
}
