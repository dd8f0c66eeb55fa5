import Foundation
import Testing
@testable import Gazette

/// Articles in several languages, written for this test.
private let multilingual = [
    TestArticle("https://zeitung.example.de/wahl", "2025-03-01", "Die Wahlen im Herbst",
                "Die Parteien bereiten sich auf die Wahlen vor. Umfragen sehen die Regierung vorne."),
    TestArticle("https://zeitung.example.de/flughafen", "2025-03-02", "Neuer Flughafen eröffnet",
                "Der Flughafen der Hauptstadt hat nach Jahren der Verzögerung endlich eröffnet."),
    TestArticle("https://novosti.example.ru/aero", "2025-03-03", "Рейсы задерживаются",
                "Рейсы из аэропортов столицы задерживаются из-за тумана, сообщили власти."),
    TestArticle("https://novosti.example.ru/aero2", "2025-03-04", "Новый аэропорт",
                "Строительство нового аэропорта завершится в следующем году, заявил министр."),
    TestArticle("https://journal.example.fr/elections", "2025-03-05", "Les élections régionales",
                "Les électeurs sont appelés aux urnes pour des élections régionales très disputées."),
    TestArticle("https://news.example.com/vote", "2025-03-06", "Voters head to the polls",
                "Officials said turnout in the elections was higher than expected across the country."),
]

@Suite("Multilingual search")
struct MultilingualSearchTests {
    @Test func eachArticleGetsItsLanguage() throws {
        let corpus = try makeIndex(multilingual)
        let select = try corpus.index.database.prepare("SELECT url, lang FROM articles ORDER BY id")
        var languages: [String: String] = [:]
        while try select.step() { languages[select.string(0)] = select.string(1) }
        #expect(languages["https://zeitung.example.de/wahl"] == "de")
        #expect(languages["https://novosti.example.ru/aero"] == "ru")
        #expect(languages["https://journal.example.fr/elections"] == "fr")
        #expect(languages["https://news.example.com/vote"] == "en")
        #expect(try corpus.index.storedLanguages().contains("ru"))
    }

    @Test func inflectedFormsAreFoundInEachLanguage() throws {
        let corpus = try makeIndex(multilingual)
        #expect(try corpus.urlSet("Wahl") == ["https://zeitung.example.de/wahl"])
        #expect(try corpus.urlSet("аэропорт") == ["https://novosti.example.ru/aero", "https://novosti.example.ru/aero2"])
        #expect(try corpus.urlSet("élection").contains("https://journal.example.fr/elections"))
        #expect(try corpus.urlSet("election").contains("https://news.example.com/vote"))
    }

    @Test func languageFiltersKeepOnlyThoseLanguages() throws {
        let corpus = try makeIndex(multilingual)
        var options = SearchOptions()
        options.compile.languages = ["fr"]
        #expect(try corpus.urlSet("elections", options) == ["https://journal.example.fr/elections"])
        #expect(try corpus.urlSet("elections lang:en") == ["https://news.example.com/vote"])
        options.compile.languages = ["ru"]
        options.evaluation = .fts5
        #expect(try corpus.urlSet("аэропортов", options).count == 2)
        #expect(throws: GazetteError.self) { try corpus.searcher.search("lang:xyz1") }
    }

    @Test func theHeaderLanguageWinsOverDetection() throws {
        let folder = try TemporaryFolder(prefix: "gazette-lang-header")
        let dumps = try folder.folder("dumps")
        try Data(" date 2025-01-01 https://example.com/a lang=de\nThe election\nOfficials said the elections were calm.\n".utf8)
            .write(to: dumps.appendingPathComponent("a.txt"))
        let index = try GazetteIndex(path: folder.url.appendingPathComponent("index.db").path, access: .write)
        _ = try Indexer(index: index).run(roots: [dumps.path])
        #expect(try index.database.scalarInt("SELECT count(*) FROM articles WHERE lang = 'de'") == 1)
    }

    /// FTS5 reads rows back through `fts_content` (deletes, the integrity check): the marker must
    /// make it analyse them in their language, or the index and the text would disagree.
    @Test func replacedAndVerifiedArticlesKeepTheIndexConsistent() throws {
        let folder = try TemporaryFolder(prefix: "gazette-lang-verify")
        let dumps = try folder.folder("dumps")
        for (number, article) in multilingual.enumerated() {
            try Data(searchTestDumpText(article).utf8).write(to: dumps.appendingPathComponent("a\(number).txt"))
        }
        let index = try GazetteIndex(path: folder.url.appendingPathComponent("index.db").path, access: .write)
        _ = try Indexer(index: index).run(roots: [dumps.path])
        // Change the Russian article: the old row is deleted by its values, tokenized again.
        var changed = multilingual[2]
        changed.body = "Рейсы из аэропортов отменены."
        try Data(searchTestDumpText(changed).utf8).write(to: dumps.appendingPathComponent("a2.txt"))
        _ = try Indexer(index: index).run(roots: [dumps.path])
        let report = index.verify()
        #expect(report.ok, "\(report)")
        #expect(try Searcher(index: index).search("отменить").total == 1)
    }
}
