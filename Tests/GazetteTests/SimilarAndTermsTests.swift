import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// `similar` and `terms` on a generated corpus with planted topics: background
/// articles from `CorpusGenerator`, and per topic articles whose paragraphs are
/// generated text with the topic's invented words sprinkled in, deterministically.
@Suite struct SimilarAndTermsTests {
    static let topics: [[String]] = [
        ["zorblat", "quenvik", "marathide", "plovstrand", "tesquor"],
        ["hulgrane", "vintrosk", "ebbelmarch", "cradwix", "osterlune"],
        ["fenmarrow", "glaskett", "ulvadine", "brimtoft", "jessaquin"],
    ]
    static let perTopic = 12

    /// Writes the corpus; returns the folder and the URL of each topic's articles.
    static func plantedCorpus(in folder: URL) throws -> [[String]] {
        let generator = CorpusGenerator(seed: 7, articleCount: 400, duplicateRate: 0)
        // Filler text comes from another corpus than the background, so no planted article copies a background one.
        let filler = CorpusGenerator(seed: 1234, articleCount: 400, duplicateRate: 0)
        var rng = SplitMix64(seed: 99)
        var urls: [[String]] = Array(repeating: [], count: topics.count)
        func write(_ relative: String, _ text: String) throws {
            let file = folder.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        for article in generator.articles() { try write("bg/" + article.relativePath, article.dumpText()) }
        for (topic, words) in topics.enumerated() {
            for number in 0..<perTopic {
                let text = filler.article(at: topic * 100 + number)
                var paragraphs: [String] = []
                for (position, paragraph) in text.paragraphs.prefix(4).enumerated() {
                    var tokens = paragraph.split(separator: " ").map(String.init)
                    // Every topic word once in the first paragraph, then three more at random.
                    for word in position == 0 ? words : (0..<3).map({ _ in words[rng.below(words.count)] }) {
                        tokens.insert(word, at: rng.below(tokens.count + 1))
                    }
                    paragraphs.append(tokens.joined(separator: " "))
                }
                let url = "https://planted\(topic).test/story/\(number)"
                urls[topic].append(url)
                let title = "\(words[number % words.count].capitalized) report \(number)"
                let dump = "date 2024-0\(topic + 1)-1\(number % 9) \(url)\n\(title)\n" + paragraphs.joined(separator: "\n") + "\n"
                try write("planted/\(topic)/\(number).txt", dump)
                if topic == 0 && number == 0 {
                    // Two syndicated copies of the first story, on other sites.
                    for copy in 1...2 {
                        try write("planted/copies/\(copy).txt",
                                  dump.replacingOccurrences(of: url, with: "https://copysite\(copy).test/wire/0"))
                    }
                }
            }
        }
        return urls
    }

    @Test func similarRanksSameTopicArticlesFirstAndNeverTheArticlesCopies() throws {
        let folder = try CLITempDirectory()
        let urls = try Self.plantedCorpus(in: folder.path("corpus"))
        let index = try GazetteIndex(path: folder.db, access: .write)
        _ = try Indexer(index: index).run(roots: [folder.path("corpus").path])
        let searcher = Searcher(index: index)
        var options = SearchOptions()
        options.limit = 8
        for topic in Self.topics.indices {
            let result = try searcher.similar(to: urls[topic][0], options: options)
            #expect(result.query.text == urls[topic][0])
            #expect(result.hits.count == 8)
            for hit in result.hits {
                #expect(urls[topic].contains(hit.url), "topic \(topic): \(hit.url) ranked among the 8 most similar")
                #expect(hit.url != urls[topic][0] && !hit.url.contains("copysite"))
            }
        }
        // The id from search --json works as input too.
        let id = try searcher.articleID(urls[1][0])
        #expect(try searcher.similar(to: String(id), options: options).hits.map(\.url) ==
                searcher.similar(to: urls[1][0], options: options).hits.map(\.url))
    }

    @Test func termsOfATopicQueryListItsPlantedWords() throws {
        let folder = try CLITempDirectory()
        _ = try Self.plantedCorpus(in: folder.path("corpus"))
        let index = try GazetteIndex(path: folder.db, access: .write)
        _ = try Indexer(index: index).run(roots: [folder.path("corpus").path])
        let searcher = Searcher(index: index)
        for words in Self.topics {
            let found = try searcher.significantTerms(words[0], limit: 10)
            #expect(found.matches >= Self.perTopic && found.sampled == found.matches)
            let shown = Set(found.terms.map(\.term))
            for word in words.dropFirst() {
                #expect(shown.contains(word), "\(word) missing from the terms of \(words[0]): \(found.terms.map(\.term))")
            }
            #expect(found.terms.allSatisfy { $0.count >= 2 && $0.count <= found.sampled && $0.score > 0 })
        }
        // A bounded sample is read, and said to be.
        let sampled = try searcher.significantTerms(Self.topics[0][0], limit: 10, sampleSize: 5)
        #expect(sampled.sampled == 5 && sampled.matches > 5)
    }

    @Test func cliTermsAndSimilarPrintTheDocumentedJSON() throws {
        let folder = try CLITempDirectory()
        let urls = try Self.plantedCorpus(in: folder.path("corpus"))
        try folder.index(folder.path("corpus"))
        let terms = try folder.run(["terms", "zorblat", "--db", folder.db, "--json", "--limit", "5"])
        #expect(terms.status == 0, "\(terms)")
        let object = try #require(terms.json)
        #expect(Set(object.keys) == ["query", "matches", "sampled", "terms"])
        let first = try #require((object["terms"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["term", "stem", "score", "count"])
        let similar = try folder.run(["similar", urls[2][3], "--db", folder.db, "--json", "--limit", "3"])
        #expect(similar.status == 0, "\(similar)")
        let plain = try folder.search(["fenmarrow"])
        #expect(Set(try #require(similar.json).keys) == Set(try #require(plain.json).keys))
        #expect(similar.json?["query"] as? String == urls[2][3])
    }
}
