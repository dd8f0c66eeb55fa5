import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// Issue 7.7: generated hostile queries never crash, hang or reach SQLite as
/// an error: each compiles, or fails with a `QueryError`; a sample is searched
/// for real and gets results or `GazetteError.query`.
///
/// CI runs `GAZETTE_FUZZ_QUERIES` queries (default 100,000); the long run is
/// `GAZETTE_FUZZ_QUERIES=1000000 swift test --filter QueryFuzzTests`.
/// `GAZETTE_FUZZ_SEED` picks another deterministic stream.
@Suite("Query fuzzing")
struct QueryFuzzTests {
    static func environmentInt(_ name: String, default value: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) } ?? value
    }

    @Test func generatedQueriesCompileOrFailWithAQueryErrorAndASampleSearchesCleanly() throws {
        let count = Self.environmentInt("GAZETTE_FUZZ_QUERIES", default: 100_000)
        let seed = UInt64(Self.environmentInt("GAZETTE_FUZZ_SEED", default: 7))
        // Every 40th query also runs against a real index.
        let searchEvery = 40
        let corpus = try makeIndex([
            TestArticle("https://harbour.example/a", "2024-03-01", "Ferry service suspended", "The ferry to the pier is suspended after storms."),
            TestArticle("https://valley.example/b", "2023-07-15", "Levee breach", "Café owners near the levee count losses; war of words."),
            TestArticle("https://www.metro.example/c", "2022-01-09", "Peace talks resume", "Talks on peace and trade resume in the capital."),
        ])
        let searcher = corpus.searcher
        var options = SearchOptions()
        options.limit = 3
        var generator = HostileQueryGenerator(seed: seed)
        var compiled = 0, rejected = 0, searched = 0, answered = 0
        for number in 0..<count {
            let query = generator.next()
            switch Result(catching: { () throws(QueryError) in try QueryCompiler.compile(query) }) {
            case .success(let result):
                compiled += 1
                #expect(result.match != nil || result.filters != QueryFilters(), "\(query.debugDescription) compiled to nothing")
                // Every user term is one FTS5 string: its quotes, counted as scalars, pair up.
                let quotes = result.match?.unicodeScalars.filter { $0 == "\"" }.count ?? 0
                #expect(quotes % 2 == 0, "\(query.debugDescription) compiled to unbalanced \(result.match ?? "")")
            case .failure(let error):
                rejected += 1
                #expect(!error.message.isEmpty && error.column >= 1, "\(query.debugDescription)")
            }
            guard number % searchEvery == 0 else { continue }
            searched += 1
            do {
                _ = try searcher.search(query, options: options)
                answered += 1
            } catch {
                guard case .query = error else {
                    Issue.record("\(query.debugDescription) failed outside the query language: \(error)")
                    continue
                }
            }
        }
        #expect(compiled > count / 10 && rejected > count / 100, "the generator reaches both outcomes: \(compiled) / \(rejected)")
        #expect(answered > searched / 10, "\(answered) of \(searched) searches answered")
    }

    @Test func quoteWithACombiningMarkIsEscapedAsAQuote() throws {
        // `"` + U+0301 is one Character, so escaping by Character missed the quote
        // and FTS5 saw an unterminated string (found by the long fuzz run).
        let corpus = try makeSingleArticleIndex(body: "war and peace")
        for query in ["\"\u{301}war", "war\"\u{301}", "\"\"\u{301} peace", "talks \"-\"\u{301} war"] {
            let compiled = try QueryCompiler.compile(query)
            #expect((compiled.match?.unicodeScalars.filter { $0 == "\"" }.count ?? 0) % 2 == 0, "\(compiled.match ?? "")")
            #expect(throws: Never.self, "\(query.debugDescription)") { _ = try corpus.searcher.search(query) }
        }
    }

    @Test func extremeQueriesAreRejectedOrAnsweredWithoutCrashing() throws {
        let corpus = try makeSingleArticleIndex(body: "war and peace")
        let extremes = [
            String(repeating: "(", count: 100_000) + "war",
            String(repeating: "(", count: 5_000) + "war" + String(repeating: ")", count: 5_000),
            String(repeating: "-(", count: 3_000) + "war",
            String(repeating: "NEAR(", count: 2_000) + "war",
            String(repeating: "\"", count: 9_999),
            String(repeating: "war ", count: 2_499),
            String(repeating: "war OR ", count: 1_400) + "peace",
            String(repeating: "x", count: 10_000),
            String(repeating: "é", count: 5_001),
            String(repeating: "a*", count: 4_000),
            "war NEAR/99999999999999999999999 peace",
            "title:title:title:(body:war)",
            "\u{0}war\u{0}",
            String(repeating: "\u{301}", count: 3_000) + "war",
        ]
        for query in extremes {
            do {
                _ = try corpus.searcher.search(query)
            } catch {
                guard case .query = error else {
                    Issue.record("\(query.prefix(40).debugDescription)… failed outside the query language: \(error)")
                    continue
                }
            }
        }
    }
}

/// A deterministic stream of hostile queries: random bytes, random mixes of
/// the query language's tokens, deep nesting, and inputs at and past the limits.
struct HostileQueryGenerator {
    private var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    static let tokens = [
        "war", "peace", "ferry", "levee", "café", "Café", "CAFE", "talks", "x", "a", "the", "ß", "İ", "🙂", "東京",
        "\"", "\"\"", "(", ")", "()", "-", "--", "NOT", "not", "OR", "or", "|", "AND", "and", "NEAR", "NEAR(",
        "NEAR/", "NEAR/0", "NEAR/3", "NEAR/-1", "NEAR/99999999999999", ",", ", 5)", "5", "*", "**", "war*", "\"war peace\"*",
        "title:", "body:", "TITLE:", "source:", "source:harbour.example", "source:", "after:", "before:", "date:",
        "after:2024", "before:2023-07", "date:2024-03-01", "after:2024-13", "date:2024-02-30", "after:0000", "date:99999",
        ":", "^", "+", "{", "}", "[", "]", "'", "\\", "\u{0}", "\t", "\n", "\r\n", "\u{301}", "\u{200B}", "\u{FEFF}",
        "\u{7F}", "-(", "NOT(", "title:(", "\"-\"", "rank", "bm25", "MATCH", "fts", "';--", "%", "_",
    ]

    mutating func next() -> String {
        switch rng.next() % 100 {
        case 0..<20: return randomBytes()
        case 20..<85: return tokenSoup()
        case 85..<95: return nesting()
        default: return huge()
        }
    }

    private mutating func below(_ bound: Int) -> Int { Int(rng.next() % UInt64(bound)) }

    private mutating func randomBytes() -> String {
        let bytes = (0..<below(48)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func tokenSoup() -> String {
        var text = ""
        for _ in 0..<(1 + below(14)) {
            text += Self.tokens[below(Self.tokens.count)]
            // Mostly spaces between tokens; sometimes glued, which makes operators into words.
            if below(4) != 0 { text += " " }
        }
        return text
    }

    private mutating func nesting() -> String {
        let depth = below(80)
        let opener = ["(", "-(", "NEAR(", "title:(", "NOT ("][below(5)]
        let closer = below(3) == 0 ? "" : String(repeating: ")", count: below(depth + 2))
        return String(repeating: opener, count: depth) + tokenSoup() + closer
    }

    private mutating func huge() -> String {
        // Around the 10,000-byte and 256-term limits, on both sides.
        let word = ["war ", "w ", "(war) ", "\"a b\" ", "é "][below(5)]
        let count = [250, 255, 256, 257, 300, 2_000, 2_600][below(7)]
        return String(repeating: word, count: count)
    }
}
