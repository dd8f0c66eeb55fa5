import Foundation
import Testing
@testable import Gazette

/// `gazette index --lang CODE` (`IndexOptions.language`): the archive says
/// what language its articles are in, instead of each one's being detected.
/// A header's own `lang=CODE` still wins.
@Suite("Archive language")
struct ArchiveLanguageTests {
    /// Each article's language by file name (without `.txt`), the fixture indexed with `language`.
    static func languages(indexingWith language: String?) throws -> [String: String] {
        let temporary = try TemporaryFolder(prefix: "gazette-archive-language")
        let index = try GazetteIndex(path: temporary.url.appendingPathComponent("index.db").path, access: .write)
        var options = IndexOptions()
        options.language = language
        let summary = try Indexer(index: index, options: options).run(roots: [MultilingualFixtureTests.folder.path])
        #expect(summary.indexed == 14 && summary.rejected.isEmpty)
        let select = try index.database.prepare("SELECT path, lang FROM articles")
        var languages: [String: String] = [:]
        while try select.step() {
            languages[URL(fileURLWithPath: select.string(0)).deletingPathExtension().lastPathComponent] = select.string(1)
        }
        return languages
    }

    /// The five fixture articles whose header states `lang=CODE`.
    static let stated = ["wahlen-im-herbst": "de", "vybory-mera": "ru", "elections-municipales": "fr",
                         "inundaciones-en-el-valle": "es", "alluvione-in-valle": "it"]

    @Test func theArchiveLanguageReplacesDetectionButNotAHeadersLanguage() throws {
        let detected = try Self.languages(indexingWith: nil)
        let declared = try Self.languages(indexingWith: "en")
        #expect(detected.count == 14 && declared.count == 14)
        for (slug, language) in declared {
            #expect(language == (Self.stated[slug] ?? "en"), "\(slug): \(language)")
        }
        // Detection named other languages for articles that do not state one: the option replaced it.
        let replaced = detected.filter { Self.stated[$0.key] == nil && $0.value != "en" }
        #expect(replaced.count >= 4, "\(detected)")
    }

    @Test func articlesOfTheArchiveLanguageAreStemmedInIt() throws {
        let temporary = try TemporaryFolder(prefix: "gazette-archive-language")
        let folder = temporary.url.appendingPathComponent("news")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Too short for CLD2 to be sure of, so detection leaves it unknown (analysed as English).
        try " date 2025-03-01 https://blatt.example.de/kurz\nWahlen\nWahlen.\n"
            .write(to: folder.appendingPathComponent("kurz.txt"), atomically: true, encoding: .utf8)
        for language in [nil, "de"] as [String?] {
            let index = try GazetteIndex(path: temporary.url.appendingPathComponent("\(language ?? "auto").db").path,
                                         access: .write)
            var options = IndexOptions()
            options.language = language
            _ = try Indexer(index: index, options: options).run(roots: [folder.path])
            let stored = try index.database.scalarString("SELECT lang FROM articles")
            if language == nil { try #require(stored != "de", "the test needs a text detection does not call German") }
            #expect(stored == (language ?? stored))
            // German stemming takes Wahlen to wahl; English leaves it wahlen.
            let total = try Searcher(index: index).search("Wahl").total
            #expect(total == (language == nil ? 0 : 1), "language \(language ?? "detected"): \(stored ?? "nil")")
        }
    }

    @Test func anArchiveLanguageThatIsNoCodeIsAUsageError() throws {
        let temporary = try TemporaryFolder(prefix: "gazette-archive-language")
        let index = try GazetteIndex(path: temporary.url.appendingPathComponent("index.db").path, access: .write)
        var options = IndexOptions()
        options.language = "english"
        let error = try #require(throws: GazetteError.self) {
            try Indexer(index: index, options: options).run(roots: [MultilingualFixtureTests.folder.path])
        }
        #expect(error.code == .usage && error.detail.contains("\"english\""), "\(error)")
    }

    @Test func indexLangTakesACodeInAnyCaseAndRefusesAnythingElse() throws {
        let temp = try CLITempDirectory()
        let refused = try temp.run(["index", MultilingualFixtureTests.folder.path, "--db", temp.db, "--lang", "english"])
        #expect(refused.status == 2 && refused.err.contains("--lang") && refused.err.contains("english"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: temp.db), "a refused run should not create the index")
        let summary = try temp.index(MultilingualFixtureTests.folder, ["--lang", "EN"])
        #expect(summary["indexed"] as? Int == 14)
        let stats = try #require(try temp.run(["stats", "--db", temp.db, "--json"]).json)
        let languages = try #require(stats["languages"] as? [[String: Any]])
        #expect(languages.first?["value"] as? String == "en" && languages.first?["count"] as? Int == 9, "\(languages)")
    }
}
