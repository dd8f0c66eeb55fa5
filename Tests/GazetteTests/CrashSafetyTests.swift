import Foundation
import Testing
@testable import Gazette

/// Issue 7.1: `kill -9` of `gazette index` at any moment leaves an index that
/// opens, verifies and answers with what was committed; re-running the same
/// command finishes the job with exactly the articles of an uninterrupted run.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    static let articleCount = 2_000

    @Test func killedIndexRunsLeaveAVerifiableIndexAndResumeToTheSameArticles() throws {
        let temp = try CLITempDirectory()
        let corpus = try generateCorpus(articles: Self.articleCount, seed: 7, in: temp)
        let reference = temp.path("reference.db").path
        let uninterrupted = try temp.run(["index", corpus.path, "--db", reference, "--commit-every", "200", "--json"])
        #expect(uninterrupted.status == 0, "\(uninterrupted)")
        let expected = try articleFingerprint(reference)
        #expect(expected.count > Self.articleCount * 9 / 10, "the corpus should index almost whole")

        let db = temp.db
        let command = ["index", corpus.path, "--db", db, "--commit-every", "200", "--json"]
        // Kill points, as committed-article counts to wait for: 0 = right after the
        // start (possibly inside schema creation), then early, middle, late, and
        // after the last commit (during the final optimize, or just after it).
        let targets = [0, 1, 400, 1_000, 1_600, expected.count]
        var killedMidRun = 0
        for target in targets {
            let before = committedArticles(db) ?? 0
            let run = try BackgroundGazette(command, in: temp.url)
            if target > 0 { waitUntil(run) { (committedArticles(db) ?? 0) >= target } }
            let wasRunning = run.process.isRunning
            run.killHard()
            if wasRunning { killedMidRun += 1 }

            guard FileManager.default.fileExists(atPath: db), let committed = committedArticles(db) else {
                // Killed before the schema was committed: nothing to check but the resume below.
                continue
            }
            #expect(committed >= before, "a killed run never loses earlier commits (\(before) -> \(committed))")
            let verified = try verifyIndex(temp)
            #expect(verified.ok, "after kill at \(target): \(verified.run)")
            let held = try articleFingerprint(db)
            #expect(held.isSubset(of: expected), "after kill at \(target): only articles of the uninterrupted run, unchanged")
            let search = try temp.search(["--limit", "0", "after:1900"])
            #expect(search.status == (committed > 0 ? 0 : 1), "\(search)")
            #expect(cliInt(search.json, "total") == committed, "search sees exactly the committed articles: \(search)")
        }
        #expect(killedMidRun >= 3, "most kills should land while the run was working")

        let resumed = try temp.run(command)
        #expect(resumed.status == 0, "\(resumed)")
        #expect(try articleFingerprint(db) == expected, "the resumed index equals the uninterrupted one")
        #expect(try verifyIndex(temp).ok)
        let again = try temp.run(command)
        #expect(cliInt(again.json, "indexed") == 0 && cliInt(again.json, "updated") == 0, "\(again)")
    }

    @Test func killedRunAfterEditsResumesToTheEditedArticles() throws {
        // A second run that updates and removes articles is killed too: the
        // resumed index must equal a clean index of the edited tree.
        let temp = try CLITempDirectory()
        let corpus = try generateCorpus(articles: 800, seed: 11, in: temp)
        let command = ["index", corpus.path, "--db", temp.db, "--commit-every", "50", "--json"]
        #expect(try temp.run(command).status == 0)

        let files = try FileManager.default.subpathsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".txt") }.sorted()
        for (number, file) in files.enumerated() where number % 7 == 0 {
            let url = corpus.appendingPathComponent(file)
            if number % 14 == 0 {
                try FileManager.default.removeItem(at: url)
            } else {
                let text = try String(contentsOf: url, encoding: .utf8)
                try Data((text + "A late correction paragraph number \(number).\n").utf8).write(to: url)
            }
        }
        let reference = temp.path("reference.db").path
        #expect(try temp.run(["index", corpus.path, "--db", reference]).status == 0)
        let expected = try articleFingerprint(reference)

        let run = try BackgroundGazette(command, in: temp.url)
        // Kill once the first batch of updates is committed, before the removals at the end.
        waitUntil(run) {
            guard let index = try? GazetteIndex(path: temp.db, access: .read) else { return false }
            let corrected = try? index.database.scalarInt("SELECT count(*) FROM articles WHERE body LIKE '%late correction%'")
            return (corrected ?? 0) > 0
        }
        run.killHard()
        #expect(try verifyIndex(temp).ok)
        let resumed = try temp.run(command)
        #expect(resumed.status == 0, "\(resumed)")
        #expect(try articleFingerprint(temp.db) == expected)
        #expect(try verifyIndex(temp).ok)
    }
}
