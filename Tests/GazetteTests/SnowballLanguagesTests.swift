import Foundation
import Testing
@testable import Gazette

/// Snowball's reference vocabularies for ten languages, as `word<TAB>stem`
/// lines (just `word` when the stem is the word), from snowball-data at the
/// commit that matches libstemmer 2.2.0 (see the folder's README.md).
private let referenceFolder: URL? = Bundle.module.url(forResource: "snowball-languages", withExtension: nil)

private let referenceLanguages = [
    ("ru", "russian"), ("de", "german"), ("fr", "french"), ("es", "spanish"), ("it", "italian"),
    ("pt", "portuguese"), ("sv", "swedish"), ("no", "norwegian"), ("da", "danish"), ("ro", "romanian"),
]

private func referencePairs(_ name: String) throws -> [(word: String, stem: String)] {
    let folder = try #require(referenceFolder, "the snowball-languages resource is missing from the test bundle")
    let text = try String(contentsOf: folder.appendingPathComponent("\(name).txt"), encoding: .utf8)
    return text.split(separator: "\n").map { line in
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        return (String(fields[0]), String(fields.count > 1 ? fields[1] : fields[0]))
    }
}

@Suite("Snowball stemmers for other languages")
struct SnowballLanguagesTests {
    @Test(arguments: referenceLanguages)
    func everyReferenceWordStemsAsSnowballSays(code: String, name: String) throws {
        let stemmer = try #require(SnowballStemmer(language: code))
        let pairs = try referencePairs(name)
        #expect(pairs.count > 10_000)
        var wrong: [String] = []
        for (word, stem) in pairs {
            let got = stemmer.stem(word)
            if got != stem { wrong.append("\(word) -> \(got), Snowball: \(stem)") }
        }
        #expect(wrong.isEmpty, "\(name): \(wrong.count) of \(pairs.count) differ, e.g. \(wrong.prefix(5))")
    }

    /// The analyzer stems the accented lower-case word and folds the stem, so
    /// its token is Snowball's stem folded, whatever the word's case and accents.
    @Test(arguments: referenceLanguages)
    func analyzerTokensAreFoldedSnowballStems(code: String, name: String) throws {
        let analyzer = Analyzer()
        analyzer.setLanguage(code)
        let folder = Analyzer()
        folder.setLanguage("ja") // no stemmer: folding only
        let pairs = try referencePairs(name)
        var wrong: [String] = []
        // Every 7th word keeps the test quick while covering every ending class.
        for (index, (word, stem)) in pairs.enumerated() where index % 7 == 0 {
            let tokens = analyzer.tokens(of: word.uppercased())
            let folded = folder.tokens(of: stem).map(\.token)
            let got = tokens.filter { !$0.colocated }.map(\.token)
            // Words the scanner splits (apostrophes at edges, digits) are skipped.
            guard got.count == 1, folded.count == 1, (3...64).contains(got[0].utf8.count) else { continue }
            if got != folded { wrong.append("\(word) -> \(got), Snowball folded: \(folded)") }
        }
        #expect(wrong.isEmpty, "\(name): \(wrong.count) differ, e.g. \(wrong.prefix(5))")
    }

    @Test func everySnowballLanguageHasAStemmer() {
        for code in Languages.stemmed { #expect(SnowballStemmer(language: code) != nil, "\(code)") }
        #expect(SnowballStemmer(language: "zz") == nil)
    }

    @Test func englishAndUnknownTextKeepGazettesEnglishStemmer() {
        let plain = Analyzer()
        let english = Analyzer()
        english.setLanguage("en")
        let text = "Officials said the negotiations were running late; élections générales"
        #expect(plain.tokens(of: text) == english.tokens(of: text))
        #expect(plain.tokens(of: text).map(\.token).contains("negoti"))
    }

    @Test func queriesForSeveralLanguagesOrTheirDistinctStems() {
        let analyzer = Analyzer()
        analyzer.setLanguages(["en", "ru", "de"])
        let tokens = analyzer.tokens(of: "аэропортов Wahlen", purpose: .query)
        #expect(tokens.map(\.token) == ["аэропортов", "аэропорт", "wahlen", "wahl"])
        #expect(tokens.map(\.colocated) == [false, true, false, true])
    }
}
