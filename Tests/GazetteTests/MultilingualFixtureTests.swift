import Foundation
import Testing
@testable import Gazette

/// `Fixtures/multilingual/`: fourteen short articles in six languages, some
/// stating their language with `lang=CODE` and the rest detected, about the
/// same two stories (elections, floods) in inflected forms. The README's
/// multilingual section shows these searches.
@Suite("Multilingual fixture folder")
struct MultilingualFixtureTests {
    static let folder = cliFixtures.appendingPathComponent("multilingual")

    /// The fixture indexed once into a fresh temporary index.
    static func indexed() throws -> (index: GazetteIndex, searcher: Searcher, folder: TemporaryFolder) {
        let temporary = try TemporaryFolder(prefix: "gazette-multilingual-fixture")
        let index = try GazetteIndex(path: temporary.url.appendingPathComponent("index.db").path, access: .write)
        let summary = try Indexer(index: index).run(roots: [folder.path])
        #expect(summary.indexed == 14 && summary.rejected.isEmpty)
        return (index, Searcher(index: index), temporary)
    }

    /// The slug of each match (the file name without `.txt`).
    static func slugs(_ searcher: Searcher, _ query: String, languages: [String] = []) throws -> Set<String> {
        var options = SearchOptions()
        options.limit = 100
        options.compile.languages = languages
        let result = try searcher.search(query, options: options)
        #expect(result.total == result.hits.count)
        return Set(result.hits.map { URL(fileURLWithPath: $0.path).deletingPathExtension().lastPathComponent })
    }

    @Test func everyArticleGetsItsLanguageStatedOrDetected() throws {
        let fixture = try Self.indexed()
        let select = try fixture.index.database.prepare("SELECT path, lang FROM articles")
        var wrong: [String] = []
        var count = 0
        while try select.step() {
            count += 1
            // The folder names end in the language's country: nordkurier-example.de holds German.
            let folder = URL(fileURLWithPath: select.string(0)).deletingLastPathComponent().lastPathComponent
            let expected = folder == "harborgazette.com" ? "en" : String(folder.suffix(2))
            if select.string(1) != expected { wrong.append("\(select.string(0)): \(select.string(1))") }
        }
        #expect(count == 14)
        #expect(wrong.isEmpty, "\(wrong)")
        let stats = try fixture.index.statistics()
        #expect(stats.languages.map(\.value).sorted() == ["de", "en", "es", "fr", "it", "ru"])
    }

    /// Each language's search for a dictionary form finds the articles that only
    /// have inflected forms of it (and nothing in the other languages).
    @Test(arguments: [
        ("Wahl", ["wahlen-im-herbst", "briefwahl-rekord"]),
        ("Flughafen", ["hochwasser-an-der-elbe"]),
        ("выборы", ["vybory-mera", "itogi-vyborov"]),
        ("аэропорт", ["navodnenie-aeroport"]),
        ("наводнение", ["navodnenie-aeroport"]),
        // French and English stems fold to the same token (élections, elections: elect), so
        // either spelling finds both; --lang or lang: keeps one language.
        ("élection", ["elections-municipales", "council-election-results"]),
        ("elected", ["elections-municipales", "council-election-results"]),
        ("inondation", ["inondations-dans-le-sud"]),
        ("elección", ["elecciones-regionales"]),
        ("inundación", ["inundaciones-en-el-valle"]),
        ("elezione", ["elezioni-comunali"]),
        ("alluvioni", ["alluvione-in-valle"]),
        ("flood", ["river-floods-airport-road"]),
    ])
    func theDictionaryFormFindsInflectedForms(query: String, expected: [String]) throws {
        let fixture = try Self.indexed()
        #expect(try Self.slugs(fixture.searcher, query) == Set(expected), "\(query)")
    }

    @Test func languageFacetsAndFiltersAgreeOnTheFolder() throws {
        let fixture = try Self.indexed()
        var options = SearchOptions()
        options.facets = true
        // Filters only: every article, counted per language.
        let all = try fixture.searcher.search("after:2025-01-01", options: options)
        #expect(all.total == 14)
        let languages = Dictionary(uniqueKeysWithValues: (all.facets?.languages ?? []).map { ($0.value, $0.count) })
        #expect(languages == ["de": 3, "ru": 3, "fr": 2, "es": 2, "it": 2, "en": 2])
        #expect(try Self.slugs(fixture.searcher, "wahl OR выборы OR élection", languages: ["ru"])
                == ["vybory-mera", "itogi-vyborov"])
        #expect(try Self.slugs(fixture.searcher, "élection lang:fr") == ["elections-municipales"])
        let hit = try #require(try fixture.searcher.search("наводнение").hits.first)
        #expect(hit.language == "ru")
    }
}
