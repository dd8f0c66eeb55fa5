import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

@Suite("Bench")
struct BenchTests {
    /// A fresh folder holding a 300-article generated corpus under `corpus/`.
    static func makeCorpus(_ name: String, articles: Int = 300) throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("gazette-bench-tests-\(name)-\(UUID().uuidString)").path
        try CorpusGenerator(seed: 11, articleCount: articles).write(to: folder + "/corpus")
        return folder
    }

    static func keys(_ value: JSONValue?) -> [String] {
        guard case .object(let members)? = value else { return [] }
        return members.map(\.0)
    }

    static func member(_ value: JSONValue, _ key: String) -> JSONValue? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.0 == key }?.1
    }

    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let v)?: return Double(v)
        case .double(let v)?: return v
        default: return nil
        }
    }

    @Test func baselineIndexesAndAnswersQueries() throws {
        let folder = try Self.makeCorpus("baseline")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let index = try BaselineIndex(path: folder + "/baseline.db")
        let summary = try index.build(roots: [folder + "/corpus"])
        #expect(summary.articles == 300)
        #expect(summary.rejected == 0)
        #expect(summary.bytes > 0)
        #expect(try index.articleCount() == 300)

        let article = CorpusGenerator(seed: 11, articleCount: 300).article(at: 17)
        let word = try #require(article.title.lowercased().split(separator: " ")
            .map { String($0.filter(\.isLetter)) }.first { $0.count >= 5 })
        let hits = try index.search(.init(words: [word]))
        #expect(!hits.isEmpty && hits.count <= 10)
        // bm25 order: best (lowest) first.
        #expect(hits.map(\.bm25) == hits.map(\.bm25).sorted())

        let day = article.date
        let dated = try index.search(.init(words: [word], firstDay: day, lastDay: day))
        #expect(!dated.isEmpty)
        let elsewhere = try index.search(.init(words: [word], firstDay: Day(year: 1990, month: 1, day: 1)!,
                                               lastDay: Day(year: 1990, month: 12, day: 31)!))
        #expect(elsewhere.isEmpty)
        #expect(!(try index.search(.init(words: [word], source: article.source))).isEmpty)
        let facet = try index.sourceFacet(.init(words: [word]))
        #expect(facet.contains { $0.value == article.source })

        let phrase = try #require(QueryMix.phrase(in: try ArticleParser.parse(Array(article.dumpText().utf8)).get()))
        #expect(!(try index.search(.init(phrase: phrase))).isEmpty)
        // Quotes inside a word cannot break out of the FTS5 string.
        #expect(BaselineIndex.Query(words: ["a\"b", "c"]).matchExpression == "\"a\"\"b\" AND \"c\"")
        #expect((try index.search(.init(words: ["x\" OR \"y"]))).isEmpty)
    }

    @Test func reportHasTheDocumentedJSON() throws {
        let folder = try Self.makeCorpus("report")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var settings = BenchConfiguration(root: folder + "/corpus")
        settings.rounds = 1
        settings.perCategory = 2
        settings.keepDirectory = folder + "/indexes"
        let report = try BenchRunner(configuration: settings).run()
        #expect(report.articles == 300)
        #expect(report.sanity.queries == report.queries.count)
        #expect(report.sanity.allAgree, "\(report.sanity)")
        #expect(FileManager.default.fileExists(atPath: folder + "/indexes/gazette.db"))
        #expect(FileManager.default.fileExists(atPath: folder + "/indexes/baseline.db"))

        let json = report.json()
        #expect(Array(Self.keys(json).prefix(5)) == ["articles", "bytes", "gazette", "baseline", "ratios"])
        #expect(Self.number(Self.member(json, "articles")) == 300)
        #expect((Self.number(Self.member(json, "bytes")) ?? 0) > 0)
        let engineKeys = ["index_seconds", "docs_per_second", "mb_per_second", "index_bytes", "peak_rss_bytes",
                          "queries_per_second", "p50_ms", "p99_ms"]
        for engine in ["gazette", "baseline"] {
            let object = Self.member(json, engine)
            #expect(Self.keys(object) == engineKeys)
            for key in engineKeys {
                let value = object.flatMap { Self.member($0, key) }
                #expect((Self.number(value) ?? 0) > 0, "\(engine).\(key) = \(String(describing: value))")
            }
        }
        let ratios = Self.member(json, "ratios")
        #expect(Array(Self.keys(ratios).prefix(2)) == ["index_speed", "query_speed"])
        for key in ["index_speed", "query_speed"] {
            #expect((Self.number(ratios.flatMap { Self.member($0, key) }) ?? 0) > 0)
        }
        // The serialized form parses as JSON.
        let data = Data(json.serialized().utf8)
        #expect(try JSONSerialization.jsonObject(with: data) is [String: Any])
        // Without --lang, Gazette detected each article's language, and the settings say so.
        let settingsObject = try #require(Self.member(json, "settings"))
        #expect(Self.keys(settingsObject).last == "lang")
        #expect(Self.member(settingsObject, "lang") == .null)
    }

    @Test func languageGivenToTheBenchIsTheLanguageOfGazettesArticles() throws {
        let folder = try Self.makeCorpus("language", articles: 120)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var settings = BenchConfiguration(root: folder + "/corpus")
        settings.rounds = 1
        settings.perCategory = 1
        settings.keepDirectory = folder + "/indexes"
        // German for an English archive: detection would say "en", so every "de" comes from the setting.
        settings.language = "de"
        let report = try BenchRunner(configuration: settings).run()
        #expect(report.articles == 120)
        let settingsObject = try #require(Self.member(report.json(), "settings"))
        #expect(Self.member(settingsObject, "lang") == .string("de"))

        let database = try Database(path: folder + "/indexes/gazette.db", mode: .readOnly)
        #expect(try database.scalarInt("SELECT count(*) FROM articles WHERE lang = 'de'") == 120)
    }

    @Test func benchCommandHeadlineNamesTheLanguageAndOneRound() throws {
        let folder = try Self.makeCorpus("headline", articles: 80)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try runGazette(["bench", folder + "/corpus", "--rounds", "1", "--lang", "EN"],
                                 in: URL(fileURLWithPath: folder), timeout: 120)
        #expect(run.status == 0, "\(run)")
        let headline = run.out.split(separator: "\n").first.map(String.init) ?? ""
        #expect(headline.contains("80 articles"), "\(headline)")
        #expect(headline.contains("× 1 round;"), "\(headline)")
        #expect(headline.hasSuffix("Gazette indexed with --lang en"), "\(headline)")
    }

    @Test func queryMixIsDeterministic() throws {
        let folder = try Self.makeCorpus("mix")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = try FileWalker.walk(root: folder + "/corpus").files
        let first = QueryMix.generate(from: QueryMix.sample(files))
        let second = QueryMix.generate(from: QueryMix.sample(files))
        #expect(first == second)
        let expected: [BenchQuery.Category] = [.rare, .medium, .common, .twoWords, .threeWords, .phrase,
                                                .dateFiltered, .sourceFiltered, .facet, .newest]
        var seen: [BenchQuery.Category] = []
        for query in first where seen.last != query.category { seen.append(query.category) }
        #expect(seen == expected)
        #expect(first.count == expected.count * QueryMix.defaultPerCategory)
        #expect(first.filter { $0.category == .facet }.allSatisfy { $0.facets })
        #expect(first.filter { $0.category == .newest }.allSatisfy { $0.sort == .newest && $0.baseline.newestFirst })
        #expect(first.filter { $0.category != .newest }.allSatisfy { $0.sort == .relevance && !$0.baseline.newestFirst })
        #expect(first.filter { $0.category == .twoWords }.allSatisfy { $0.baseline.terms.count == 2 })
        #expect(first.filter { $0.category == .threeWords }.allSatisfy { $0.baseline.terms.count == 3 })
        #expect(first.filter { $0.category == .dateFiltered }.allSatisfy { $0.baseline.firstDay != nil })
        #expect(first.filter { $0.category == .sourceFiltered }.allSatisfy { $0.baseline.source != nil })
    }

    @Test func queryFileLines() {
        #expect(QueryMix.parse(line: "  # a comment") == nil)
        #expect(QueryMix.parse(line: "   ") == nil)
        let query = QueryMix.parse(line: "election \"prime minister\" source:www.Example.com date:2019-05")
        #expect(query?.text == "election \"prime minister\" source:www.Example.com date:2019-05")
        #expect(query?.baseline.terms == [["election"], ["prime", "minister"]])
        #expect(query?.baseline.source == "example.com")
        #expect(query?.baseline.firstDay == Day(year: 2019, month: 5, day: 1))
        #expect(query?.baseline.lastDay == Day(year: 2019, month: 5, day: 31))
        #expect(query?.baseline.matchExpression == "\"election\" AND \"prime minister\"")
    }

    @Test func percentilesAreNearestRank() {
        let values = (1...100).map(Double.init)
        #expect(BenchRunner.percentile(values, 0.5) == 50)
        #expect(BenchRunner.percentile(values, 0.99) == 99)
        #expect(BenchRunner.percentile([3], 0.99) == 3)
        #expect(BenchRunner.percentile([], 0.5) == 0)
    }
}
