import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// Pins the keys, and their order, of every `--json` shape. The golden
/// sequences were taken from real results before the shapes became `Encodable`
/// types, and the CLI's output was compared byte for byte at that change: a
/// reordered, renamed or missing key fails here before it reaches a user.
@Suite("JSON shapes")
struct JSONShapeTests {
    /// Every key in document order as a path: `a`, `a.b`, `list[].c` (an array's
    /// keys come from its first element; arrays of scalars add nothing).
    static func keyPaths(_ value: JSONValue, _ prefix: String = "") -> [String] {
        switch value {
        case .object(let members):
            return members.flatMap { key, member in
                let path = prefix.isEmpty ? key : prefix + "." + key
                return [path] + keyPaths(member, path)
            }
        case .array(let values):
            return values.first.map { keyPaths($0, prefix + "[]") } ?? []
        default:
            return []
        }
    }

    static func keyPaths<T: Encodable>(_ value: T) throws -> [String] {
        keyPaths(try GazetteJSON.value(value))
    }

    /// A small corpus with a syndicated copy (so clusters have two members and a wire credit).
    static func corpus() throws -> TestCorpus {
        let story = "RIVERTON (AP) — The Calder River burst its banks on Tuesday after three days of heavy rain, "
            + "flooding lowland homes and closing the old bridge. Emergency crews moved families to the school gym, "
            + "and the county asked drivers to stay off the valley road until the water falls."
        return try makeIndex([
            TestArticle("https://valley.example/2022/04/19/flood", "2022-04-19", "Calder River floods lowland homes",
                        story + "\nThe mayor said the levee would be repaired by summer."),
            TestArticle("https://coast.example/news/flood-copy", "2022-04-20", "River floods homes in Riverton",
                        story + "\nThe mayor said the levee would be repaired by summer."),
            TestArticle("https://metro.example/fire", "2023-07-02", "Wildfire smoke reaches the city",
                        "Smoke from the hill fire drifted over the city on Sunday.\nThe flood plain stayed clear."),
        ])
    }

    @Test func indexSummary() throws {
        var summary = try Self.corpus().summary
        summary.rejected = [RejectedFile(path: "a.txt", reason: "no date line")]
        summary.duplicates = [DuplicateFile(path: "b.txt", keptPath: "c.txt", url: "https://x.example/")]
        #expect(try Self.keyPaths(summary) == [
            "scanned", "indexed", "updated", "unchanged", "duplicates", "rejected", "rejected[].path",
            "rejected[].reason", "seconds", "bytes", "removed", "skipped", "duplicate_files",
            "duplicate_files[].path", "duplicate_files[].kept", "duplicate_files[].url", "docs_per_second",
            "peak_rss_bytes",
        ])
        #expect(try GazetteJSON.encode(summary) == ResultJSON.index(summary).serialized())
    }

    static let hitKeys = ["rank", "score", "date", "source", "url", "title", "snippet", "highlights", "path", "id",
                          "cluster", "copies", "copy_sources", "wire", "lang"]

    @Test func searchResultAndBatchLines() throws {
        let corpus = try Self.corpus()
        var options = SearchOptions()
        options.facets = true
        options.granularity = .month
        let result = try corpus.searcher.search("flood", options: options)
        #expect(!result.hits.isEmpty && result.facets != nil)
        let facets = ["facets", "facets.sources", "facets.sources[].value", "facets.sources[].count", "facets.by",
                      "facets.dates", "facets.dates[].value", "facets.dates[].count",
                      "facets.langs", "facets.langs[].value", "facets.langs[].count"]
        let head = ["query", "total", "total_distinct", "hits"] + Self.hitKeys.map { "hits[]." + $0 }
        #expect(try Self.keyPaths(result) == head + facets + ["next"])
        #expect(try GazetteJSON.encode(result) == ResultJSON.search(result, id: nil).serialized())

        // A --batch line: `id` first, `took_ms` last (the CLI times each search).
        let line = ResultJSON.BatchLine(id: "q1", result: result, tookSeconds: 0.0012345)
        #expect(try Self.keyPaths(line) == ["id"] + head + facets + ["next", "took_ms"])
        #expect(try GazetteJSON.encode(line).hasSuffix(",\"took_ms\":1.235}"))
        #expect(try Self.keyPaths(ResultJSON.BatchLine(id: "q1", result: result)) == ["id"] + head + facets + ["next"])
        #expect(try GazetteJSON.encode(ResultJSON.BatchLine(id: "q1", result: result))
                == ResultJSON.search(result, id: "q1").serialized())

        // Without facets, and a hit with no wire credit prints `"wire":null`.
        let plain = try corpus.searcher.search("smoke")
        #expect(try Self.keyPaths(plain) == head + ["next"])
        #expect(try GazetteJSON.encode(plain).contains("\"wire\":null"))
        // The corpus is English: each hit says so, and the language facet counts every match.
        #expect(try GazetteJSON.encode(plain).contains("\"lang\":\"en\""))
        #expect(result.facets?.languages == [FacetCount(value: "en", count: result.total)])
        // `next` is a cursor while more hits follow, null on the last page.
        #expect(try GazetteJSON.encode(plain).hasSuffix(",\"next\":null}"))
        var firstPage = SearchOptions()
        firstPage.limit = 1
        firstPage.collapseCopies = false
        let paged = try corpus.searcher.search("flood", options: firstPage)
        let pagedText = try GazetteJSON.encode(paged)
        #expect(paged.next != nil && pagedText.contains(",\"next\":\"\(paged.next ?? "")\"}"))
    }

    @Test func batchQueryError() throws {
        let corpus = try Self.corpus()
        let queryError: QueryError
        do {
            _ = try corpus.searcher.search("NOT flood")
            Issue.record("a query of only excluded words must fail")
            return
        } catch {
            guard let failure = error.queryError else { throw error }
            queryError = failure
        }
        let failure = ResultJSON.BatchFailure(id: "7", query: "NOT flood", error: queryError)
        #expect(try Self.keyPaths(failure) == ["id", "query", "error", "column"])
        #expect(try GazetteJSON.encode(failure)
                == ResultJSON.queryError(id: "7", query: "NOT flood", error: queryError).serialized())
    }

    @Test func coverage() throws {
        let corpus = try Self.corpus()
        let series = try corpus.searcher.coverage(["flood", "smoke"], granularity: .year)
        let coverage = ResultJSON.Coverage(series: series, queries: ["flood", "smoke"])
        #expect(try Self.keyPaths(coverage) == ["by", "queries", "series", "series[].period", "series[].counts",
                                                 "series[].shares", "gaps"])
        #expect(try GazetteJSON.encode(coverage) == ResultJSON.coverage(series, queries: ["flood", "smoke"]).serialized())

        // With a collection gap: each gap period names its sources.
        let gapped = try SourceCoverageTests.corpus()
        let marked = try Searcher(index: gapped.index).coverage(["harbor"], granularity: .month)
        #expect(try Self.keyPaths(ResultJSON.Coverage(series: marked, queries: ["harbor"])) == [
            "by", "queries", "series", "series[].period", "series[].counts", "series[].shares", "gaps", "gaps[].period",
            "gaps[].sources",
        ])
    }

    @Test func sources() throws {
        let corpus = try SourceCoverageTests.corpus()
        let report = try Searcher(index: corpus.index).sourceCoverage(granularity: .month)
        // The order the issue gives; gaps from the source that has one (arrays take their keys from the first element).
        let gapped = SourceCoverageReport(granularity: report.granularity,
                                          sources: report.sources.sorted { $0.gaps.count > $1.gaps.count },
                                          newestFileDay: report.newestFileDay, unattributedRejections: 0)
        #expect(try Self.keyPaths(gapped) == [
            "by", "sources", "sources[].source", "sources[].articles", "sources[].first_date", "sources[].last_date",
            "sources[].periods", "sources[].periods[].period", "sources[].periods[].count", "sources[].gaps",
            "sources[].gaps[].from", "sources[].gaps[].to", "sources[].gaps[].periods", "sources[].implausible_dates",
            "sources[].rejected",
        ])
        #expect(try GazetteJSON.encode(report) == ResultJSON.sources(report).serialized())
    }

    @Test func copies() throws {
        let corpus = try Self.corpus()
        let cluster = try #require(try corpus.index.copies(of: "https://coast.example/news/flood-copy"))
        #expect(cluster.size == 2)
        #expect(try Self.keyPaths(cluster) == [
            "article", "cluster", "size", "sources", "members", "members[].id", "members[].date", "members[].source",
            "members[].url", "members[].title", "members[].path", "members[].wire", "members[].similarity",
            "members[].original",
        ])
        let text = try GazetteJSON.encode(cluster)
        #expect(text == ResultJSON.copies(cluster).serialized())
        #expect(text.contains("\"wire\":\"AP\""))
        #expect(text.contains("\"original\":true") && text.contains("\"original\":false"))
    }

    @Test func storedArticle() throws {
        let corpus = try Self.corpus()
        let hit = try #require(try corpus.searcher.search("\"floods lowland\"").hits.first)
        let article = try #require(try corpus.index.article(id: hit.id))
        #expect(try Self.keyPaths(article) == ["id", "date", "source", "url", "title", "paragraphs", "wire", "path"])
        let text = try GazetteJSON.encode(article)
        #expect(text == ResultJSON.article(article).serialized())
        #expect(text.hasPrefix("{\"id\":\(hit.id),\"date\":\"2022-04-19\""))
    }

    @Test func statistics() throws {
        let corpus = try Self.corpus()
        let stats = try corpus.index.statistics(topSources: 5)
        #expect(try Self.keyPaths(stats) == ["articles", "sources", "top_sources", "top_sources[].value",
                                              "top_sources[].count", "first_date", "last_date", "index_bytes",
                                              "languages", "languages[].value", "languages[].count"])
        #expect(stats.languages == [FacetCount(value: "en", count: 3)])
        #expect(try GazetteJSON.encode(stats) == ResultJSON.statistics(stats).serialized())
    }

    @Test func analyze() throws {
        let tokens = Analyzer().tokens(of: "The Floods of 2019", purpose: .document)
        let list = ResultJSON.Tokens(tokens: tokens)
        #expect(try Self.keyPaths(list) == ["tokens", "tokens[].token", "tokens[].start", "tokens[].end",
                                             "tokens[].colocated", "lang", "stemmer"])
        #expect(try GazetteJSON.encode(list) == ResultJSON.tokens(tokens).serialized())
        #expect(try GazetteJSON.encode(list).hasSuffix(",\"lang\":\"\",\"stemmer\":\"english\"}"))
        let german = ResultJSON.Tokens(tokens: [], language: "de")
        #expect(try GazetteJSON.encode(german) == "{\"tokens\":[],\"lang\":\"de\",\"stemmer\":\"german\"}")
        let polish = ResultJSON.Tokens(tokens: [], language: "pl")
        #expect(try GazetteJSON.encode(polish) == "{\"tokens\":[],\"lang\":\"pl\",\"stemmer\":null}")
    }

    @Test func verification() throws {
        let corpus = try Self.corpus()
        let report = corpus.index.verify()
        let document = ResultJSON.Verification(report: report, path: "index.db")
        #expect(try Self.keyPaths(document) == ["ok", "checks", "checks[].name", "checks[].ok", "checks[].problems",
                                                 "articles", "path"])
        #expect(try GazetteJSON.encode(document) == ResultJSON.verification(report, path: "index.db").serialized())
    }

    @Test func benchReport() throws {
        var report = BenchReport()
        let query = BenchQuery(category: .rare, text: "flood", baseline: .init(words: ["flood"]))
        report.queries = [query, query]
        report.paths = [.phrasePostings, .phrasePostings]
        report.terminations = [.earlyTermination, .exhaustive]
        report.gazette.categories[.rare] = (p50: 0.5, p99: 1.25)
        let engine = ["index_seconds", "docs_per_second", "mb_per_second", "index_bytes", "peak_rss_bytes",
                      "queries_per_second", "p50_ms", "p99_ms"]
        #expect(try Self.keyPaths(report) == ["articles", "bytes", "gazette"] + engine.map { "gazette." + $0 }
                + ["baseline"] + engine.map { "baseline." + $0 }
                + ["ratios", "ratios.index_speed", "ratios.query_speed", "ratios.index_size", "ratios.peak_rss",
                   "categories", "categories.rare", "categories.rare.queries", "categories.rare.gazette_p50_ms",
                   "categories.rare.baseline_p50_ms", "categories.rare.gazette_p99_ms",
                   "categories.rare.baseline_p99_ms", "categories.rare.paths", "categories.rare.paths.phrase_postings",
                   "categories.rare.termination", "categories.rare.termination.early_termination",
                   "categories.rare.termination.exhaustive", "categories.rare.texts",
                   "sanity", "sanity.queries", "sanity.both_non_empty", "sanity.gazette_only", "sanity.baseline_only",
                   "sanity.neither", "memory", "memory.method", "memory.gazette_rss_growth_bytes",
                   "memory.baseline_rss_growth_bytes", "settings", "settings.files", "settings.baseline_articles",
                   "settings.repeat", "settings.rounds", "settings.queries", "settings.lang"])
        #expect(try GazetteJSON.encode(report) == report.json().serialized())
        let object = try JSONSerialization.jsonObject(with: Data(try GazetteJSON.encode(report).utf8)) as? [String: Any]
        let rare = (object?["categories"] as? [String: Any])?["rare"] as? [String: Any]
        #expect(rare?["texts"] as? [String] == ["flood", "flood"])
    }

    @Test func benchReportWithExpansionEndsWithTheUnexpandedTimings() throws {
        var report = BenchReport()
        report.gazette.p50Milliseconds = 3
        var plain = EngineReport()
        plain.p50Milliseconds = 2
        plain.p99Milliseconds = 4
        report.unexpanded = plain
        let keys = try Self.keyPaths(report)
        #expect(Array(keys.suffix(5)) == ["expansion", "expansion.unexpanded_p50_ms", "expansion.unexpanded_p99_ms",
                                          "expansion.p50_ratio", "expansion.p99_ratio"])
        #expect(try GazetteJSON.encode(report).contains(#""p50_ratio":1.5"#))
        report.unexpanded = nil
        #expect(!(try Self.keyPaths(report)).contains("expansion"))
    }

    @Test func toolOutputs() throws {
        #expect(try GazetteJSON.encode(GeneratedCorpus(articles: 3, bytes: 120, seconds: 0.12345))
                == #"{"articles":3,"bytes":120,"seconds":0.123}"#)
        let evaluation = CopyEvaluation(articles: 10, plantedCopies: 2, copiesWithOriginal: 2, truePairs: 2,
                                        predictedPairs: 3, correctPairs: 2)
        #expect(try Self.keyPaths(evaluation) == ["articles", "planted_copies", "copies_with_original", "true_pairs",
                                                   "predicted_pairs", "correct_pairs", "precision", "recall"])
    }

    /// Numbers print as `JSONValue` always printed them: integral doubles without
    /// `.0`, at most nine decimals, non-finite as null; strings escaped the same way.
    @Test func scalarsPrintAsBefore() throws {
        #expect(try GazetteJSON.encode([1.0, 2.5, 1.0 / 3, .infinity]) == "[1,2.5,0.333333333,null]")
        #expect(try GazetteJSON.encode(["a\"b/c\n"]) == #"["a\"b/c\n"]"#)
        #expect(try GazetteJSON.encode([Int64.max]) == "[\(Int64.max)]")
        #expect(try GazetteJSON.encode([String?.none]) == "[null]")
    }

    /// The HTTP server encodes results from many requests at once.
    @Test func encodesConcurrently() async throws {
        let corpus = try Self.corpus()
        let result = try corpus.searcher.search("flood")
        let expected = try GazetteJSON.encode(result)
        let texts = await withTaskGroup(of: String.self) { group in
            for _ in 0..<16 { group.addTask { ResultJSON.search(result, id: nil).serialized() } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(texts.allSatisfy { $0 == expected })
    }
}
