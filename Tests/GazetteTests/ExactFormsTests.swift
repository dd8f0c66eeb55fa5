import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

private let names = [
    TestArticle("https://news.example.com/hope", "2025-01-01", "Bob Hope remembered",
                "The comedian Hope toured for decades. Peace talks were on the news that night."),
    TestArticle("https://news.example.com/hoped", "2025-01-02", "Officials hoped for calm",
                "They hoped the peaceful talks would continue, hoping for an agreement."),
    TestArticle("https://news.example.com/hopes", "2025-01-03", "Hopes rise in the valley",
                "Farmers said their hopes rose after the rain. HOPE is a town too."),
    TestArticle("https://news.example.com/café", "2025-01-04", "Le Café reopens",
                "The café on the corner reopened; cafes nearby stayed shut."),
]

@Suite("Exact forms and true prefixes")
struct ExactFormsTests {
    @Test func equalsMarksAnExactWordOrPhrase() throws {
        #expect(try QueryCompiler.compile("=Hope").tree == .exact("Hope", field: nil))
        #expect(try QueryCompiler.compile("=\"peace talks\"").tree == .exact("peace talks", field: nil))
        #expect(try QueryCompiler.compile("title:=Hope").tree == .exact("Hope", field: .title))
        let compiled = try QueryCompiler.compile("=Hope valley*")
        #expect(compiled.surfaceChecks == [SurfaceCheck(kind: .words("Hope"), field: nil),
                                           SurfaceCheck(kind: .prefix("valley"), field: nil)])
        #expect(compiled.treeDescription == "AND(EXACT \"Hope\", term \"valley\"*)")
        #expect(compiled.match == "\"Hope\" AND \"valley\" *")
    }

    @Test func aBadEqualsIsATypedErrorWithItsColumn() {
        for (query, column) in [("=", 1), ("hope =", 6), ("a = b", 3), ("=(a)", 1), ("=!!", 1), ("=bund*", 1),
                                ("a OR =b", 6), ("-=b a", 2), ("NEAR(=a b)", 6)] {
            do {
                _ = try QueryCompiler.compile(query)
                Issue.record("\(query) compiled")
            } catch {
                #expect(error.column == column, "\(query): \(error.message)")
            }
        }
        var any = CompileOptions()
        any.anyMode = true
        #expect(throws: QueryError.self) { try QueryCompiler.compile("=a b", options: any) }
    }

    @Test func anExactWordMatchesItsFoldedFormOnly() throws {
        let corpus = try makeIndex(names)
        #expect(try corpus.urlSet("hope") == Set(names.prefix(3).map(\.url)))
        #expect(try corpus.urlSet("=Hope") == ["https://news.example.com/hope", "https://news.example.com/hopes"])
        #expect(try corpus.urlSet("=hopes") == ["https://news.example.com/hopes"])
        #expect(try corpus.urlSet("title:=hope") == ["https://news.example.com/hope"])
        // Diacritics still fold: =cafe is café, not cafes.
        #expect(try corpus.urlSet("=cafe") == ["https://news.example.com/café"])
        var fts5 = SearchOptions()
        fts5.evaluation = .fts5
        #expect(try corpus.urlSet("=Hope", fts5) == ["https://news.example.com/hope", "https://news.example.com/hopes"])
        #expect(try corpus.searcher.count(QueryCompiler.compile("=Hope")) == 2)
        let series = try corpus.searcher.coverage(["=Hope", "hope"], granularity: .year)
        #expect(series.periods.reduce(0) { $0 + $1.counts[0] } == 2)
        #expect(series.periods.reduce(0) { $0 + $1.counts[1] } == 3)
        var exported = 0
        _ = try corpus.searcher.export("=Hope", options: SearchOptions(), fields: [.url]) { _ in exported += 1 }
        #expect(exported == 2)
    }

    @Test func anExactPhraseMatchesTheWordsAsWritten() throws {
        let corpus = try makeIndex(names)
        #expect(try corpus.urlSet("\"peace talks\"") == ["https://news.example.com/hope", "https://news.example.com/hoped"])
        #expect(try corpus.urlSet("=\"peace talks\"") == ["https://news.example.com/hope"])
        var options = SearchOptions()
        options.facets = true
        let result = try corpus.searcher.search("=\"peace talks\"", options: options)
        #expect(result.total == 1)
        #expect(result.facets?.sources.reduce(0) { $0 + $1.count } == 1)
    }

    /// A prefix matches exactly the articles with a word starting with it, as a
    /// scan of the texts finds them (the stems FTS5 matches are only candidates).
    @Test func aPrefixMatchesExactlyTheWordsStartingWithIt() throws {
        let generator = CorpusGenerator(seed: 11, articleCount: 400)
        // Syndicated copies are left out: a search shows one hit per story.
        let articles = generator.articles().filter { $0.copyOf == nil }.map { article in
            TestArticle(article.url, article.date.description, article.title, article.paragraphs.joined(separator: "\n"))
        }
        let corpus = try makeIndex(articles)
        func words(_ text: String) -> [String] {
            text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        }
        let texts = articles.map { (url: $0.url, words: Set(words($0.title) + words($0.body))) }
        // Prefixes cut from the corpus's own words, frequent and rare.
        var vocabulary: [String: Int] = [:]
        for text in texts { for word in text.words where word.count >= 7 && word.allSatisfy(\.isLetter) { vocabulary[word, default: 0] += 1 } }
        let ranked = vocabulary.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        let picks = Array(ranked.prefix(6)) + stride(from: 40, to: min(ranked.count, 400), by: 60).map { ranked[$0] }
        var checked = 0
        for word in picks {
            for length in [4, 6] {
                let prefix = String(word.prefix(length))
                let expected = Set(texts.filter { $0.words.contains { $0.hasPrefix(prefix) } }.map(\.url))
                let found = try corpus.urlSet(prefix + "*")
                let extra = found.subtracting(expected).count, missing = expected.subtracting(found).count
                #expect(extra == 0 && missing == 0, "\(prefix)*: \(found.count) found, \(extra) extra, \(missing) missing")
                checked += 1
            }
        }
        #expect(checked >= 12)
    }
}
