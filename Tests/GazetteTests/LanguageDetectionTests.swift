import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

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

    /// Generated English (`gazette generate`, seed 42) cut to 384 bytes, which CLD2's
    /// summary calls Haitian, Norwegian and Scottish Gaelic: it names a language holding a
    /// fifth of the text when English holds the rest, a rule for web pages' boilerplate.
    @Test func theLanguageOfMostOfTheTextWinsOverCLD2sBoilerplateRule() {
        let samples = [
            "Service clubs mourlaix as mourlaix mourlaix Sunkly service tearmiont clubs mourlaix mourlaix mourlaix the ricing, the clamtainnesh of flaatrits stimtoms viomplan shaldiopleckation bills. Home, $680,000 vaccines them Blamsonkson the brinbearn numund chuntrel chuntrel but good pension dostroraived rested to blerbo launches not which about, the Wovix lonacks shoumtaived trosdaps. Prud",
            "Called jimndestrind stoban fourbiplosing friobever ganger bresneante chotinmeangely jimndestrinded Of branbasgainks cunpoumed, the plans soumndiont states as jimndestrind. Kiorluxes just jimndestrind all brervemed stoban weabanding davim just least strirmamndosly. Friornared were vimteplengness is stock trades fourbiplosing serdoted, oucted claplaps friobever dricking folsoul vacci",
            "Wonmestened diosdaile diosdailation pliocked pourgeld diosdaile Wonmestened diosdaile appoint this to diosdailation people pliocked. Be pourgeld and, the diosdaile rester no like stircump call diosdailed and chartrutrasness, by waislaimsteted appoint chant and of appointed diosdaile crenking trimtrour one the bronder. Ranstaivs Samuel Dumtiomman law pliock brupelraning pledavness s",
        ]
        for sample in samples {
            #expect(LanguageDetector.detect(sample) == "en", "\(sample.prefix(40))")
        }
    }

    /// The first step reads 256 bytes; what it cannot settle, the second reads at 1 KiB.
    @Test func generatedEnglishArticlesAreAllEnglish() {
        let generator = CorpusGenerator(seed: 42, articleCount: 3_000)
        var others: [String] = []
        for article in generator.articles() where article.copyOf == nil {
            let language = LanguageDetector.detect(title: article.title, body: article.paragraphs.joined(separator: "\n"))
            if language != "en" { others.append("\(article.index) as \(language): \(article.title)") }
        }
        #expect(others.isEmpty, "\(others)")
    }

    @Test func aLongArticleInAnotherLanguageIsFoundPastTheFirstSample() {
        // A German body behind an English-looking headline: the first 256 bytes are mixed.
        let body = String(repeating: "Der Stadtrat hat am Dienstag nach einer langen Debatte den neuen Haushalt beschlossen, "
                          + "und der Bürgermeister sagte, dass mehr Busse fahren und Straßen repariert würden. ", count: 6)
        #expect(LanguageDetector.detect(title: "Council budget vote: Stadtrat beschließt Haushalt", body: body) == "de")
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
