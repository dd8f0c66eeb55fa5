import Foundation
import Testing
@testable import Gazette

/// Issue 7.2: `gazette verify` passes intact indexes and names every problem of damaged ones.
@Suite("gazette verify")
struct VerifyTests {
    static let checkNames = ["sqlite-integrity", "fts-integrity", "fts-coverage", "sources", "article-facts", "term-docs", "files", "article-ids", "copies"]

    @Test func intactIndexPassesEveryCheckWithTypedJSON() throws {
        let temp = try CLITempDirectory()
        try temp.index(CLITests.articles)
        let run = try temp.run(["verify", "--db", temp.db, "--json"])
        #expect(run.status == 0, "\(run)")
        let json = try #require(run.json, "\(run)")
        #expect(json["ok"] as? Bool == true && cliIsBool(json["ok"]))
        #expect(cliInt(json, "articles") == 50)
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(checks.compactMap { $0["name"] as? String } == Self.checkNames)
        for check in checks {
            #expect(check["ok"] as? Bool == true, "\(check)")
            #expect((check["problems"] as? [Any])?.isEmpty == true, "\(check)")
        }
        let human = try temp.run(["verify", "--db", temp.db])
        #expect(human.status == 0 && human.out.contains("all checks passed"), "\(human)")
    }

    @Test func libraryVerifyPassesAFreshIndex() throws {
        let corpus = try makeIndex([TestArticle("https://a.example/1", "2024-02-03", "Ferry", "The ferry sails."),
                                    TestArticle("https://b.example/2", "2023-01-01", "Levee", "The levee holds.")])
        let report = corpus.index.verify()
        #expect(report.ok, "\(report.checks.filter { !$0.ok })")
        #expect(report.articles == 2)
    }

    @Test func tamperedIndexFailsNamingEachProblem() throws {
        let temp = try CLITempDirectory()
        try temp.index(CLITests.articles)
        let lost: Int
        do {
            // Break each invariant behind Gazette's back, with plain SQL.
            let index = try GazetteIndex(path: temp.db, access: .write)
            let database = index.database
            lost = try #require(try database.scalarInt("SELECT min(id) FROM articles"))
            try database.execute("DELETE FROM articles WHERE id = \(lost)")
            try database.execute("UPDATE articles SET source_id = 9999 WHERE id = (SELECT max(id) FROM articles)")
            try database.execute("UPDATE articles SET day = day + 1 WHERE id = (SELECT max(id) FROM articles)")
            try database.execute("INSERT INTO files VALUES ('/nowhere/ghost.txt', 'ghost.txt', '/nowhere', 1, 1, 'https://ghost.example/', 0)")
        }
        let (run, ok, problems) = try verifyIndex(temp)
        #expect(!ok)
        #expect(run.status == 3, "\(run)")
        #expect(problems["sqlite-integrity"]?.isEmpty == true, "the SQLite file itself is intact: \(run)")
        #expect(problems["fts-integrity"]?.isEmpty == false, "\(run)")
        #expect(problems["fts-coverage"]?.contains { $0.contains("49 articles but 50 documents") } == true, "\(run)")
        #expect(problems["fts-coverage"]?.contains { $0.contains("has no article") } == true, "\(run)")
        #expect(problems["sources"]?.contains { $0.contains("source 9999") } == true, "\(run)")
        // The narrow facet table no longer mirrors the articles it was written with.
        #expect(problems["sources"]?.contains { $0.contains("facet table names article \(lost)") } == true, "\(run)")
        #expect(problems["sources"]?.contains { $0.contains("another source in the facet table") } == true, "\(run)")
        #expect(problems["files"]?.contains { $0.contains("/nowhere/ghost.txt") } == true, "\(run)")
        #expect(problems["article-ids"]?.count == 1, "\(run)")
        // Ranking's lengths and sources no longer agree with the articles either.
        #expect(problems["article-facts"]?.contains { $0.contains("9999 in articles") } == true, "\(run)")

        let human = try temp.run(["verify", "--db", temp.db])
        #expect(human.status == 3)
        #expect(human.out.contains("FAILED fts-coverage") && human.out.contains("source 9999"), "\(human)")
        #expect(human.err.contains(temp.db) && human.err.contains("failed verification"), "\(human)")
    }

    @Test func damagedFileExitsThreeWithoutRawSQLiteText() throws {
        let temp = try CLITempDirectory()
        try temp.index(CLITests.articles)
        // Overwrite pages in the middle of the file (the WAL was checkpointed when the run closed).
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: temp.db))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        handle.write(Data(repeating: 0xA5, count: 16_384))
        try handle.close()
        let run = try temp.run(["verify", "--db", temp.db])
        #expect(run.status == 3, "\(run)")
        #expect(run.out.contains("FAILED") || run.err.contains("damaged"), "\(run)")
        let text = run.out + run.err
        #expect(!text.contains("malformed") && !text.contains("SQLITE_") && !text.contains("SQLite error"), "\(run)")
    }

    @Test func verifyOfAMissingIndexExitsThreeNamingThePath() throws {
        let temp = try CLITempDirectory()
        let run = try temp.run(["verify", "--db", temp.db])
        #expect(run.status == 3, "\(run)")
        #expect(run.err.contains(temp.db) && run.err.contains("no index"), "\(run)")
    }
}
