import Foundation
import Testing
@testable import Gazette

/// Short news-like texts in 16 languages, written for this test.
private let snippetsURL: URL? = Bundle.module.url(forResource: "language-detection", withExtension: nil)?
    .appendingPathComponent("snippets.tsv")

@Suite("Language detection")
struct LanguageDetectionTests {
    @Test func atLeast97PercentOfSnippetsGetTheirLanguage() throws {
        let url = try #require(snippetsURL, "the language-detection resource is missing from the test bundle")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        var total: [String: Int] = [:]
        var right: [String: Int] = [:]
        var wrong: [String] = []
        for line in lines {
            let fields = line.split(separator: "\t", maxSplits: 1)
            let expected = String(fields[0])
            let detected = LanguageDetector.detect(String(fields[1]))
            total[expected, default: 0] += 1
            if detected == expected { right[expected, default: 0] += 1 } else { wrong.append("\(expected) as \(detected): \(fields[1].prefix(40))") }
        }
        #expect(total.count >= 10)
        let correct = right.values.reduce(0, +)
        let all = total.values.reduce(0, +)
        let summary = total.keys.sorted().map { "\($0) \(right[$0, default: 0])/\(total[$0]!)" }.joined(separator: ", ")
        #expect(Double(correct) >= 0.97 * Double(all), "\(correct)/\(all): \(summary); wrong: \(wrong)")
    }

    @Test func scriptsThatNameOneLanguageAreDecidedByScript() {
        #expect(LanguageDetector.detect("Η αστυνομία αναζητά μάρτυρες για τη σύγκρουση") == "el")
        #expect(LanguageDetector.detect("東京の天気は晴れ、気温は二十度まで上がる見込みです。") == "ja")
        #expect(LanguageDetector.detect("경찰은 목격자를 찾고 있다고 밝혔다 오늘 오후") == "ko")
    }

    @Test func tooLittleTextIsNotGuessed() {
        #expect(LanguageDetector.detect("") == "")
        #expect(LanguageDetector.detect("ok 42") == "")
    }

    @Test func theHeaderStatesTheLanguage() {
        #expect(ArticleHeader.statedLanguage("lang=DE") == "de")
        #expect(ArticleHeader.statedLanguage("lang=zh-Hant") == "zh")
        #expect(ArticleHeader.statedLanguage("lang=german") == nil)
        #expect(ArticleHeader.statedLanguage("language") == nil)
    }
}
