import Foundation
import Testing
@testable import Gazette

/// English articles in number, and German ones few or many: queries are stemmed for German only
/// when it holds `GazetteIndex.minimumStemmingShare` of the archive, or when asked.
private func archive(english: Int, german: Int) -> [TestArticle] {
    var articles: [TestArticle] = []
    for number in 0..<english {
        articles.append(TestArticle("https://news.example.com/\(number)", "2025-01-\(String(format: "%02d", number % 28 + 1))",
                                    "Council meeting number \(number)",
                                    "Officials said the council met again on Tuesday to discuss roads and buses."))
    }
    for number in 0..<german {
        // Different texts: identical ones would be one story (copies are collapsed).
        let bodies = ["Die Parteien bereiten sich auf die Wahlen vor. Umfragen sehen die Regierung vorne, "
                      + "und der Bürgermeister sagte, dass die Stadt mehr Geld für Busse ausgeben werde.",
                      "Vor den Wahlen im Herbst streiten die Abgeordneten im Landtag über den neuen Haushalt, "
                      + "die Schulen und die Zukunft der Krankenhäuser auf dem Land."]
        articles.append(TestArticle("https://zeitung.example.de/\(number)", "2025-02-0\(number + 1)", "Die Wahlen im Herbst \(number)",
                                    bodies[number % bodies.count]))
    }
    return articles
}

@Suite("Stemming for rare languages")
struct RareLanguageStemmingTests {
    @Test func aLanguageUnderTheShareIsNotStemmedForUnlessAsked() throws {
        let corpus = try makeIndex(archive(english: 250, german: 1))
        let choice = try corpus.index.stemQueryChoice(for: [])
        #expect(!choice.stemmed.contains("de"))
        #expect(choice.stemmed.contains("en"))
        #expect(choice.rare == [LanguageShare(code: "de", articles: 1)])
        let result = try corpus.searcher.search("Wahlen")
        #expect(result.rareLanguages == [LanguageShare(code: "de", articles: 1)])
        #expect(!result.stemLanguages.contains("de"))
        // Its stored stem (`wahl`) is still found by the word that folds to it,
        // and the inflected form by asking for German.
        #expect(try corpus.urlSet("Wahl") == ["https://zeitung.example.de/0"])
        #expect(try corpus.urlSet("Wahlen lang:de") == ["https://zeitung.example.de/0"])
        var options = SearchOptions()
        options.compile.languages = ["de"]
        #expect(try corpus.urlSet("Wahlen", options) == ["https://zeitung.example.de/0"])
        #expect(try corpus.searcher.search("Wahlen lang:de").rareLanguages.isEmpty)
    }

    @Test func aLanguageWithAMeaningfulShareIsStemmedFor() throws {
        let corpus = try makeIndex(archive(english: 190, german: 2))
        let choice = try corpus.index.stemQueryChoice(for: [])
        #expect(choice.stemmed.contains("de") && choice.stemmed.contains("en"))
        #expect(choice.rare.isEmpty)
        #expect(try corpus.urlSet("Wahlen") == ["https://zeitung.example.de/0", "https://zeitung.example.de/1"])
    }

    @Test func englishQueriesGiveTheSameAnswersWhateverTheRareLanguages() throws {
        let corpus = try makeIndex(archive(english: 250, german: 1))
        // English words whose stems German shares or not: the same articles, counts and order
        // as when asking for English stemming alone.
        for query in ["officials council", "buses", "roads OR meeting"] {
            var english = SearchOptions()
            english.limit = 1_000
            let all = try corpus.searcher.search(query, options: english)
            english.compile.languages = ["en"]
            let alone = try corpus.searcher.search(query, options: english)
            #expect(all.total == alone.total, "\(query)")
            #expect(all.hits.map(\.url) == alone.hits.map(\.url), "\(query)")
        }
    }

    @Test func anIndexMadeOfOneLanguageHasNoRareLanguages() throws {
        let corpus = try makeIndex(archive(english: 20, german: 0))
        let choice = try corpus.index.stemQueryChoice(for: [])
        #expect(choice.rare.isEmpty)
        #expect(choice.stemmed == (try corpus.index.storedLanguages()))
    }
}
