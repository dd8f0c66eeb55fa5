import Foundation
import Testing
@testable import Gazette

/// Snowball's English reference vocabulary (voc.txt, output.txt and their
/// licence, COPYING), a resource of this test target so the test runs everywhere.
private let referenceFolder: URL? = Bundle.module.url(forResource: "snowball-english", withExtension: nil)

private let stemmer = EnglishStemmer()

/// Reads one word per line, keeping line numbers aligned between voc.txt and output.txt.
private func readLines(_ url: URL) throws -> [String] {
    var lines = try String(contentsOf: url, encoding: .utf8)
        .split(separator: "\n", omittingEmptySubsequences: false)
        .map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
}

/// Stems through the allocation-free byte API, using one reusable buffer as the tokenizer does.
private func stemInPlace(_ word: String, buffer: UnsafeMutableBufferPointer<UInt8>) -> String {
    let bytes = Array(word.utf8)
    precondition(bytes.count <= buffer.count, "test buffer too small")
    for (index, byte) in bytes.enumerated() { buffer[index] = byte }
    let length = stemmer.stem(buffer, count: bytes.count)
    return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<length]), as: UTF8.self)
}

@Suite("EnglishStemmer")
struct EnglishStemmerTests {

    // MARK: - Ground truth

    @Test func referenceVocabularyMatchesSnowballOutput() throws {
        let folder = try #require(referenceFolder, "the snowball-english resource is missing from the test bundle")
        let vocabularyURL = folder.appendingPathComponent("voc.txt")
        let outputURL = folder.appendingPathComponent("output.txt")

        let words = try readLines(vocabularyURL)
        let expectedStems = try readLines(outputURL)
        try #require(words.count == expectedStems.count, "voc.txt and output.txt must have the same number of lines")

        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1024)
        defer { buffer.deallocate() }

        var differences = 0
        var firstMismatches: [String] = []
        var lengthenedWords: [String] = []
        for (word, expected) in zip(words, expectedStems) {
            let stem = stemInPlace(word, buffer: buffer)
            if stem != expected {
                differences += 1
                if firstMismatches.count < 20 { firstMismatches.append("\(word) -> \(stem) (expected \(expected))") }
            }
            if stem.utf8.count > word.utf8.count { lengthenedWords.append(word) }
        }

        #expect(differences == 0, "\(differences) of \(words.count) words differ; first: \(firstMismatches.joined(separator: ", "))")
        #expect(lengthenedWords.isEmpty, "stems longer than their word: \(lengthenedWords.prefix(20))")
    }

    // MARK: - Special cases

    @Test(arguments: [
        ("skis", "ski"), ("skies", "sky"), ("idly", "idl"), ("gently", "gentl"), ("ugly", "ugli"),
        ("early", "earli"), ("only", "onli"), ("singly", "singl"),
        ("sky", "sky"), ("news", "news"), ("howe", "howe"),
        ("atlas", "atlas"), ("cosmos", "cosmos"), ("bias", "bias"), ("andes", "andes"),
    ])
    func exceptionalFormsHaveFixedStems(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }

    @Test(arguments: [
        ("dying", "die"), ("lying", "lie"), ("tying", "tie"), ("vying", "vie"),
        ("inning", "inning"), ("innings", "inning"), ("outing", "outing"), ("canning", "canning"),
        ("herring", "herring"), ("earring", "earring"), ("evening", "evening"),
        ("proceed", "proceed"), ("exceed", "exceed"), ("succeed", "succeed"),
        // Only the bare words are exceptional; their inflections stem normally.
        ("proceeding", "proceed"), ("exceedingly", "exceed"), ("succeeded", "succeed"), ("spying", "spi"),
    ])
    func exceptionalIngAndEedWordsKeepTheirShape(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }

    @Test(arguments: [
        ("russia's", "russia"), ("children's", "children"), ("dogs'", "dog"), ("dog's'", "dog"),
        ("james'", "jame"), ("'bout", "bout"), ("'tis", "tis"), ("o'clock", "o'clock"),
    ])
    func apostrophesAndPossessivesAreRemoved(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }

    @Test(arguments: [
        // Initial y and y after a vowel are consonants, so they survive step 1c.
        ("youth", "youth"), ("yelling", "yell"), ("sayings", "say"), ("enjoying", "enjoy"),
        ("boys", "boy"), ("employed", "employ"), ("yes", "yes"),
        // y after a consonant is a vowel and becomes i.
        ("crying", "cri"), ("happy", "happi"),
        // Marking runs left to right: the marked Y is not a vowel for the next y.
        ("ayy", "ayi"),
    ])
    func consonantYIsMarkedAndRestored(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }

    @Test(arguments: [
        ("generous", "generous"), ("general", "general"), ("generation", "generat"),
        ("communism", "communism"), ("community", "communiti"), ("communications", "communic"),
        ("arsenal", "arsenal"), ("arsenic", "arsenic"),
        ("past", "past"), ("pasted", "paste"), ("pasting", "paste"), ("pastime", "pastim"),
        ("universal", "universal"), ("university", "universiti"), ("lateral", "lateral"),
        ("emergency", "emergenc"), ("organic", "organic"), ("organize", "organiz"),
        ("internal", "internal"), ("international", "internat"),
    ])
    func specialPrefixesFixRegionOne(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }

    // MARK: - Steps

    @Test(arguments: [
        ("caresses", "caress"), ("ties", "tie"), ("tied", "tie"), ("cries", "cri"), ("cried", "cri"),
        ("ponies", "poni"), ("gas", "gas"), ("gaps", "gap"), ("kiwis", "kiwi"),
        ("bus", "bus"), ("caress", "caress"), ("1990s", "1990s"),
    ])
    func step1aRemovesPluralEndings(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }

    @Test(arguments: [
        ("agreed", "agre"), ("feed", "feed"), ("bleed", "bleed"),
        ("luxuriated", "luxuri"), ("conflated", "conflat"), ("troubled", "troubl"), ("sized", "size"),
        ("hopping", "hop"), ("tanned", "tan"), ("fizzed", "fizz"), ("added", "add"), ("egged", "egg"),
        ("hoped", "hope"), ("hoping", "hope"), ("filing", "file"), ("failing", "fail"),
        ("fixing", "fix"), ("snowing", "snow"), ("sing", "sing"), ("bring", "bring"),
    ])
    func step1bRemovesEdAndIngAndRepairsTheStem(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }

    @Test(arguments: [("happy", "happi"), ("cry", "cri"), ("by", "by"), ("say", "say"), ("enjoy", "enjoy")])
    func step1cTurnsYAfterConsonantIntoI(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }

    @Test(arguments: [
        ("conditional", "condit"), ("relational", "relat"), ("valenci", "valenc"), ("hesitanci", "hesit"),
        ("digitizer", "digit"), ("conformabli", "conform"), ("radicalli", "radic"),
        ("differentli", "differ"), ("vileli", "vile"), ("analogousli", "analog"),
        ("vietnamization", "vietnam"), ("predication", "predic"), ("operator", "oper"),
        ("feudalism", "feudal"), ("decisiveness", "decis"), ("hopefulness", "hope"),
        ("callousness", "callous"), ("formaliti", "formal"), ("sensitiviti", "sensit"),
        ("sensibiliti", "sensibl"), ("ecologist", "ecolog"), ("archaeology", "archaeolog"),
        ("carelessly", "careless"), ("hopefully", "hope"), ("fluently", "fluentli"),
    ])
    func step2NormalisesDerivationalSuffixesInR1(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }

    @Test(arguments: [
        ("triplicate", "triplic"), ("formative", "format"), ("formalize", "formal"),
        ("electriciti", "electr"), ("electrical", "electr"), ("hopeful", "hope"), ("goodness", "good"),
    ])
    func step3RemovesSuffixesInR1(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }

    @Test(arguments: [
        ("revival", "reviv"), ("allowance", "allow"), ("inference", "infer"), ("airliner", "airlin"),
        ("gyroscopic", "gyroscop"), ("adjustable", "adjust"), ("defensible", "defens"),
        ("irritant", "irrit"), ("replacement", "replac"), ("adjustment", "adjust"),
        ("dependent", "depend"), ("adoption", "adopt"), ("homologous", "homolog"),
        ("communism", "communism"), ("activate", "activ"), ("angulariti", "angular"),
        ("effective", "effect"), ("bowdlerize", "bowdler"),
        // -ion only goes after s or t.
        ("opinion", "opinion"),
    ])
    func step4RemovesSuffixesInR2(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }

    @Test(arguments: [
        ("probate", "probat"), ("cease", "ceas"), ("controll", "control"),
        // A final e after a short syllable stays; so does the l of a single-l word.
        ("rate", "rate"), ("roll", "roll"), ("skating", "skate"),
    ])
    func step5RemovesFinalEAndDoubleL(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }

    @Test(arguments: ["a", "at", "is", "us", "'s", "by", "ab"])
    func wordsShorterThanThreeBytesAreUnchanged(word: String) {
        #expect(stemmer.stem(word) == word)
    }

    @Test(arguments: ["naïve", "Hello", "abc-def", "RUNNING", "new york", ""])
    func inputOutsideTheAlphabetIsUnchanged(word: String) {
        #expect(stemmer.stem(word) == word)
    }

    // MARK: - API contract

    @Test func inPlaceAndStringAPIsAgree() throws {
        var words = [
            "running", "generously", "russia's", "'yesterday's'", "skies", "dying", "internationally",
            "hopefulness", "controlling", "1990s", "naïve", "Hello", "ayy", "a",
        ]
        let folder = try #require(referenceFolder, "the snowball-english resource is missing from the test bundle")
        words += try readLines(folder.appendingPathComponent("voc.txt"))
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1024)
        defer { buffer.deallocate() }
        var disagreements: [String] = []
        for word in words where stemInPlace(word, buffer: buffer) != stemmer.stem(word) {
            disagreements.append(word)
        }
        #expect(disagreements.isEmpty, "APIs disagree on: \(disagreements.prefix(20))")
    }

    @Test func stemmingNeverWritesPastTheWord() {
        let sentinel: UInt8 = 0xAA
        for word in ["hopping", "generalizations", "'s'", "skies", "dying", "proceedingly", "ayy"] {
            let bytes = Array(word.utf8)
            var storage = bytes + [UInt8](repeating: sentinel, count: 8)
            let length = storage.withUnsafeMutableBufferPointer { stemmer.stem($0, count: bytes.count) }
            #expect(length <= bytes.count, "\(word)")
            #expect(storage[bytes.count...].allSatisfy { $0 == sentinel }, "\(word) wrote past its end")
        }
    }

    /// Snippets stem only words that start like a query term (`Analyzer.englishStemFirstBytes`), which
    /// is exact only because English stemming keeps a word's first byte.
    @Test func stemmingKeepsEveryReferenceWordsFirstByte() throws {
        let folder = try #require(referenceFolder, "the snowball-english resource is missing from the test bundle")
        let changed = try readLines(folder.appendingPathComponent("voc.txt"))
            .filter { !$0.hasPrefix("'") && $0.utf8.first != stemmer.stem($0).utf8.first }
        #expect(changed.isEmpty, "first byte changed: \(changed.prefix(20))")
    }

    @Test func stemmingOnlyWordsWithMarkedFirstBytesLeavesTheirTokensAsBefore() throws {
        let text = "Officials said the flooding was receding; rescuers' boats reached Yarmouth's skies and dying fields."
            + " Governments govern, governors' generalizations generate Ünited Ïdeas."
        let full = Analyzer().tokens(of: text)
        for marked in ["g", "rs", "oy", "dfw"] {
            let analyzer = Analyzer()
            var firstBytes = [Bool](repeating: false, count: 256)
            for byte in marked.utf8 { firstBytes[Int(byte)] = true }
            analyzer.englishStemFirstBytes = firstBytes
            let filtered = analyzer.tokens(of: text)
            #expect(filtered.count == full.count)
            for (token, reference) in zip(filtered, full) {
                guard let first = reference.token.utf8.first, firstBytes[Int(first)] else { continue }
                #expect(token == reference, "marked \(marked): \(token.token) vs \(reference.token)")
            }
            // Unmarked words were really left unstemmed.
            if marked == "g" { #expect(filtered.contains { $0.token == "flooding" } && full.contains { $0.token == "flood" }) }
        }
    }
}

extension SnippetWordFilterTests {
    /// In this file for its reader of Snowball's reference vocabulary.
    @Test func admitsEveryReferenceWordForItsStemAndTheStemsPrefixes() throws {
        let folder = try #require(referenceFolder, "the snowball-english resource is missing from the test bundle")
        let words = try readLines(folder.appendingPathComponent("voc.txt"))
            .filter { !$0.isEmpty && $0.utf8.allSatisfy { $0 < 0x80 && isalnum(Int32($0)) != 0 } }
        #expect(words.count > 40_000)
        let analyzer = Analyzer()
        for word in words { Self.expectAdmitted(word, stem: stemmer.stem(word), fold: analyzer.asciiFold) }
    }
}
