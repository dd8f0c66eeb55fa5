import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

@Suite("CorpusGenerator")
struct CorpusGeneratorTests {
    /// Lowercased words without punctuation, as a tokenizer would see them.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    static func bodyWordSet(_ article: GeneratedArticle) -> Set<String> {
        Set(article.paragraphs.flatMap { words($0) })
    }

    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        Double(a.intersection(b).count) / Double(max(1, a.union(b).count))
    }

    static func bodyWordCount(_ article: GeneratedArticle) -> Int {
        article.paragraphs.reduce(0) { $0 + $1.split(separator: " ").count }
    }

    @Test func sameSeedGivesIdenticalOutput() {
        let a = CorpusGenerator(seed: 7, articleCount: 200)
        let b = CorpusGenerator(seed: 7, articleCount: 200)
        let first = a.articles().map { $0.dumpText() }
        #expect(first.count == 200)
        #expect(first == b.articles().map { $0.dumpText() })
        // Random access agrees with sequential iteration.
        #expect(a.article(at: 137).dumpText() == first[137])
    }

    @Test func differentSeedGivesDifferentOutput() {
        let a = CorpusGenerator(seed: 1, articleCount: 20).articles().map { $0.dumpText() }
        let b = CorpusGenerator(seed: 2, articleCount: 20).articles().map { $0.dumpText() }
        #expect(zip(a, b).allSatisfy { $0 != $1 })
    }

    @Test func articleShape() {
        let generator = CorpusGenerator(seed: 3, articleCount: 500)
        var bodyLengths: [Int] = []
        for article in generator.articles() {
            let headline = article.title.split(separator: " ")
            #expect((6...14).contains(headline.count), "headline: \(article.title)")
            #expect(article.title.first?.isUppercase == true)
            let count = Self.bodyWordCount(article)
            #expect((200...900).contains(count), "article \(article.index) has \(count) words")
            bodyLengths.append(count)
            #expect((3...12).contains(article.paragraphs.count))
            #expect(!article.title.contains("\n") && article.paragraphs.allSatisfy { !$0.contains("\n") })
            if article.copyOf == nil {
                #expect(article.paragraphs.allSatisfy { $0.hasSuffix(".") })
                // Headline words are the story's subject, so the body repeats them.
                let body = Self.bodyWordSet(article)
                let shared = Self.words(article.title).filter { body.contains($0) }.count
                #expect(shared * 2 >= headline.count, "headline words missing from body: \(article.title)")
            }
        }
        let mean = Double(bodyLengths.reduce(0, +)) / Double(bodyLengths.count)
        #expect((400...500).contains(mean), "mean body length \(mean)")
    }

    @Test func sentencesAreTwentyishWordsWithSomeCommasAndNumbers() {
        let text = CorpusGenerator(seed: 4, articleCount: 30).articles()
            .filter { $0.copyOf == nil }.flatMap(\.paragraphs).joined(separator: " ")
        let sentences = text.split(separator: ".", omittingEmptySubsequences: true)
            .map { $0.split(separator: " ").filter { !$0.allSatisfy(\.isNumber) } }
            .filter { !$0.isEmpty }
        #expect(text.contains(","))
        #expect(text.contains { $0.isNumber })
        // Decimal points in numbers ("4.5%") split a few sentences; the bulk is 8–30 words.
        let inRange = sentences.filter { (8...30).contains($0.count) }.count
        #expect(Double(inRange) / Double(sentences.count) > 0.9)
    }

    @Test func plantedCopiesMatchGroundTruthAndResembleOriginals() {
        let generator = CorpusGenerator(seed: 5, articleCount: 5_000)
        let truth = generator.duplicateGroundTruth()
        #expect((25...100).contains(truth.count), "copies: \(truth.count)")
        for pair in truth {
            #expect(pair.original < pair.copy)
            #expect(!truth.contains { $0.copy == pair.original }, "originals are never copies")
            let copy = generator.article(at: pair.copy)
            let original = generator.article(at: pair.original)
            #expect(copy.copyOf == pair.original)
            #expect(original.copyOf == nil)
            #expect(copy.url != original.url && copy.source != original.source)
            #expect((0...3).contains(copy.date.daysSinceEpoch - original.date.daysSinceEpoch))
            let similarity = Self.jaccard(Self.bodyWordSet(copy), Self.bodyWordSet(original))
            #expect(similarity >= 0.8, "copy \(pair.copy) of \(pair.original): \(similarity)")
        }
        // Unrelated articles share little beyond function words.
        let copies = Set(truth.map(\.copy))
        let plain = (0..<120).filter { !copies.contains($0) }
        for i in stride(from: 0, to: plain.count - 1, by: 2) {
            let a = generator.article(at: plain[i]), b = generator.article(at: plain[i + 1])
            #expect(a.copyOf == nil)
            #expect(Self.jaccard(Self.bodyWordSet(a), Self.bodyWordSet(b)) <= 0.5)
        }
    }

    @Test func groundTruthMatchesSequentialIteration() {
        let generator = CorpusGenerator(seed: 6, articleCount: 400, duplicateRate: 0.05)
        let planted = generator.articles().compactMap { a in a.copyOf.map { (a.index, $0) } }
        let truth = generator.duplicateGroundTruth()
        #expect(!truth.isEmpty)
        #expect(planted.map(\.0) == truth.map(\.copy) && planted.map(\.1) == truth.map(\.original))
        #expect(CorpusGenerator(seed: 6, articleCount: 400, duplicateRate: 0).duplicateGroundTruth().isEmpty)
    }

    @Test func sourcesAreSkewedAndDatesInRange() {
        let generator = CorpusGenerator(seed: 8, articleCount: 5_000)
        var counts = [Int](repeating: 0, count: CorpusGenerator.sources.count)
        var years: [Int: Int] = [:]
        for i in 0..<generator.articleCount {
            let place = generator.placement(of: i)
            counts[place.source] += 1
            #expect(CorpusGenerator.dateRange.contains(place.day))
            years[place.day.year, default: 0] += 1
        }
        #expect(CorpusGenerator.sources.count == 50 && Set(CorpusGenerator.sources).count == 50)
        #expect(counts.filter { $0 > 0 }.count >= 45)
        let sorted = counts.sorted()
        #expect(Double(sorted[sorted.count - 1]) > 3 * Double(sorted[sorted.count / 2]))
        #expect(years.keys.sorted() == Array(2016...2025))
        #expect(years.values.allSatisfy { $0 > 250 && $0 < 800 }, "\(years)")
        #expect(CorpusGenerator.dateRange.lowerBound.description == "2016-01-01")
        #expect(CorpusGenerator.dateRange.upperBound.description == "2025-12-31")
        // The cheap placement path agrees with full generation.
        for i in [0, 1, 999, 4_321] {
            let article = generator.article(at: i)
            let place = generator.placement(of: i)
            #expect(article.date == place.day && article.source == CorpusGenerator.sources[place.source])
            #expect(article.url.contains(article.source))
        }
    }

    @Test func vocabularyIsZipfianWithInflections() {
        let vocabulary = GeneratorVocabulary.shared
        #expect((30_000...60_000).contains(vocabulary.words.count))
        #expect(Set(vocabulary.words).count == vocabulary.words.count)
        var frequency: [String: Int] = [:]
        for article in CorpusGenerator(seed: 9, articleCount: 150).articles() {
            for paragraph in article.paragraphs { for word in Self.words(paragraph) { frequency[word, default: 0] += 1 } }
        }
        let ranked = frequency.values.sorted(by: >)
        #expect(ranked.count > 100 && ranked[0] > 10 * ranked[99])
        typealias V = GeneratorVocabulary
        #expect(V.inflect("dravel", .past) == "draveled")
        #expect(V.inflect("constrine", .progressive) == "constrining")
        #expect(V.inflect("constrine", .past) == "constrined")
        #expect(V.inflect("plan", .past) == "planned" && V.inflect("plan", .progressive) == "planning")
        #expect(V.inflect("policy", .plural) == "policies" && V.inflect("tax", .plural) == "taxes")
        #expect(V.inflect("happy", .ness) == "happiness" && V.inflect("simple", .adverb) == "simply")
        #expect(V.inflect("govern", .ment) == "government" && V.inflect("tie", .progressive) == "tying")
        // Lemmas really appear in several surface forms.
        #expect(vocabulary.lemmas.filter { $0.count >= 4 }.count > 3_000)
    }

    @Test func writesDumpFiles() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gazette-generator-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let generator = CorpusGenerator(seed: 10, articleCount: 120)
        var reports: [(Int, Int, Int64)] = []
        let result = try generator.write(to: directory) { reports.append(($0, $1, $2)) }
        #expect(result.articles == 120)
        #expect(reports.last.map { $0.0 == 120 && $0.1 == 120 && $0.2 == result.bytes } == true)
        var total: Int64 = 0
        for article in generator.articles() {
            let path = directory + "/" + article.relativePath
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            total += Int64(data.count)
            let text = String(decoding: data, as: UTF8.self)
            #expect(text == article.dumpText())
            #expect(text.hasPrefix(" date ") && text.hasSuffix("\n") && !text.hasSuffix("\n\n"))
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let header = lines[0].split(separator: " ")
            #expect(header.count == 3 && header[0] == "date")
            #expect(Day(parsing: header[1]) == article.date && header[2] == article.url[...])
            #expect(header[2].hasPrefix("https://") && header[2].contains(article.date.description.prefix(4)))
            #expect(lines[1] == article.title[...] && lines.count == article.paragraphs.count + 3)
        }
        #expect(total == result.bytes)
        #expect(Set(generator.articles().map(\.url)).count == 120)
    }

    @Test func writeFailureNamesThePath() throws {
        let blocker = FileManager.default.temporaryDirectory
            .appendingPathComponent("gazette-generator-file-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        #expect {
            try CorpusGenerator(articleCount: 3).write(to: blocker + "/corpus")
        } throws: { error in
            (error as? CorpusWriteError)?.description.contains(blocker) == true
        }
    }
}
