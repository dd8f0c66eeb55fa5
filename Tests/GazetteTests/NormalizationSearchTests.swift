import Testing
@testable import Gazette

/// Unicode normalization and English stemming seen through the index:
/// each test indexes a small document and searches it with variant spellings
/// (issue "Snowball English stemming and Unicode normalization").
@Suite struct NormalizationSearchTests {
    static let url = "https://example.com/doc"

    /// Indexes one article (plus an unrelated one, so that "found" is not
    /// trivially true) and checks that each query finds exactly the article.
    func expectFound(body: String, title: String = "Headline", by queries: [String],
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let corpus = try makeIndex([
            TestArticle(Self.url, "2025-01-01", title, body),
            TestArticle("https://other.org/unrelated", "2025-01-02", "Weather", "Sunny skies over the plains."),
        ], sourceLocation: sourceLocation)
        for query in queries {
            let found = try corpus.urlSet(query)
            #expect(found == [Self.url], "\(query.debugDescription) should find \(body.debugDescription)",
                    sourceLocation: sourceLocation)
        }
    }

    func expectNotFound(body: String, by queries: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let corpus = try makeIndex([TestArticle(Self.url, "2025-01-01", "Headline", body)], sourceLocation: sourceLocation)
        for query in queries {
            #expect(try corpus.urlSet(query).isEmpty, "\(query.debugDescription) should not find \(body.debugDescription)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func decomposedUmlautInDocumentIsFoundByComposedAndPlainQueries() throws {
        try expectFound(body: "Chancellor Mu\u{0308}ller spoke.", by: ["M\u{00FC}ller", "muller", "MÜLLER", "Mu\u{0308}ller"])
    }

    @Test func composedUmlautInDocumentIsFoundByDecomposedAndPlainQueries() throws {
        try expectFound(body: "Chancellor M\u{00FC}ller spoke.", by: ["Mu\u{0308}ller", "muller", "Muller", "\"chancellor mu\u{0308}ller\""])
    }

    @Test func fullWidthLettersAndDigitsAreFoundByASCII() throws {
        try expectFound(body: "Ｔｏｋｙｏ ２０２６ Olympics", by: ["tokyo 2026", "\"tokyo 2026\"", "TOKYO", "2026"])
    }

    @Test func asciiTextIsFoundByFullWidthQueries() throws {
        try expectFound(body: "Tokyo 2026 Olympics", by: ["Ｔｏｋｙｏ", "２０２６", "\"Ｔｏｋｙｏ ２０２６\""])
    }

    @Test func typographicApostropheIsFoundByPlainAndASCIIApostrophe() throws {
        try expectFound(body: "Russia\u{2019}s economy slowed.", by: ["Russia", "Russia's", "Russia\u{2019}s", "russias"].dropLast() + ["\"Russia's economy\""])
    }

    @Test func asciiApostropheIsFoundByTypographicApostrophe() throws {
        try expectFound(body: "Russia's economy slowed.", by: ["Russia\u{2019}s", "Russia\u{2018}s", "russia"])
    }

    @Test func softHyphenInsideAWordIsIgnored() throws {
        try expectFound(body: "The nego\u{00AD}tiations resumed.", by: ["negotiations", "negotiation", "\"the negotiations resumed\""])
    }

    @Test func noBreakSpaceSeparatesWords() throws {
        try expectFound(body: "The peace\u{00A0}talks resumed.", by: ["talks", "peace", "\"peace talks\"", "peace talks"])
    }

    @Test func hyphenatedCompoundIsFoundByEverySpelling() throws {
        try expectFound(body: "A cease-fire took hold.", by: ["cease-fire", "\"cease fire\"", "cease fire", "ceasefire",
                                                               "\"cease-fire took\"", "\"ceasefire took\"", "fire", "cease"])
    }

    @Test func unicodeHyphenCompoundIsFoundLikeASCIIHyphen() throws {
        try expectFound(body: "A cease\u{2010}fire took hold.", by: ["cease-fire", "ceasefire", "\"cease fire\""])
    }

    @Test func numbersAreSearchable() throws {
        try expectFound(body: "Boeing delivered 737 jets in 2026, up 4.5% on 1,000 orders.",
                        by: ["737", "2026", "\"737 jets\"", "4.5", "1000", "1,000", "boeing 2026"])
    }

    @Test func numbersDoNotMatchOtherNumbers() throws {
        try expectNotFound(body: "Boeing delivered 737 jets in 2026.", by: ["73", "7370", "2025", "\"2026 737\""])
    }

    @Test func chineseIsFoundByWordsAndPhrasesInsideARun() throws {
        try expectFound(body: "北京贸易协定签署", by: ["北京", "贸易", "\"北京贸易\"", "北京贸易", "协定", "北京 协定"])
    }

    @Test func chineseBigramsDoNotMatchAcrossUnrelatedText() throws {
        try expectNotFound(body: "北京贸易协定签署", by: ["\"贸易北京\"", "上海"])
    }

    @Test func cyrillicYoIsFoldedAndCaseIsIgnored() throws {
        try expectFound(body: "Алёна Иванова выиграла.", by: ["Алена", "алёна", "АЛЁНА", "алена"])
    }

    @Test func cyrillicEIsFoundByYo() throws {
        try expectFound(body: "Алена Иванова выиграла.", by: ["Алёна", "алёна"])
    }

    @Test func greekCaseAndAccentsAreFolded() throws {
        try expectFound(body: "ΑΘΗΝΑ ΚΑΙ ΟΔΥΣΣΕΑΣ", by: ["Αθήνα", "αθηνα", "ΑΘΉΝΑ", "Οδυσσέας", "οδυσσεας"])
    }

    @Test func greekLowercaseWithFinalSigmaIsFoundByUppercase() throws {
        try expectFound(body: "ο Οδυσσέας στην Αθήνα", by: ["ΟΔΥΣΣΕΑΣ", "ΑΘΗΝΑ", "\"ΟΔΥΣΣΕΑΣ ΣΤΗΝ ΑΘΗΝΑ\""])
    }

    @Test func prefixQueryFindsStemmedWords() throws {
        try expectFound(body: "The negotiations resumed.", by: ["negotia*", "negotiat*", "negot*", "nego*"])
    }

    @Test func prefixQueryOfAWholeWordFindsItsInflections() throws {
        try expectFound(body: "Both nations were negotiating.", by: ["negotiating*", "nation*", "nations*"])
    }

    @Test func inflectionsOfElectionFindEachOther() throws {
        try expectFound(body: "Voters elected a new council.", by: ["elections", "election", "elected", "elect"])
        try expectFound(body: "Elections were held.", by: ["elected", "election", "electing"])
        try expectFound(body: "The election was close.", by: ["elections", "elected"])
    }

    @Test func diacriticsAreIgnoredInBothDirections() throws {
        try expectFound(body: "Meet at the café.", by: ["cafe", "café", "CAFÉ", "cafe\u{0301}"])
        try expectFound(body: "Meet at the cafe.", by: ["café", "cafe\u{0301}"])
    }

    @Test func accentedNamesAreFoundWithoutAccents() throws {
        try expectFound(body: "José Peña won the race.", by: ["jose pena", "\"jose pena\"", "JOSE", "pena", "\"José Peña\""])
        try expectFound(body: "Jose Pena won the race.", by: ["José Peña", "\"josé peña\""])
    }

    @Test func ligaturesAndSharpSAreExpanded() throws {
        try expectFound(body: "The ﬁnance minister met in Straße", by: ["finance", "strasse"])
    }

    @Test func titleIsNormalizedLikeTheBody() throws {
        try expectFound(body: "Nothing else.", title: "Mu\u{0308}ller’s café in Ｔｏｋｙｏ", by: ["title:muller", "title:Müller's", "title:cafe", "title:tokyo"])
    }
}
