import Foundation
import Testing
@testable import Gazette

/// Issue 7.5: resource faults give a clear message naming the path, exit 3
/// where the run cannot go on, and leave an index that still verifies.
@Suite("Resource faults", .serialized)
struct FaultTests {
    /// Messages must be Gazette's words, never SQLite's.
    static func expectNoRawSQLite(_ run: CLIRun, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = run.err + run.out
        #expect(!text.contains("SQLite error") && !text.contains("SQLITE_") && !text.contains("(in: "),
                "\(run)", sourceLocation: sourceLocation)
    }

    @Test func fileSizeLimitStopsTheRunWithAClearMessageAndTheIndexResumes() throws {
        let temp = try CLITempDirectory()
        let corpus = try generateCorpus(articles: 600, seed: 5, in: temp)
        let command = ["index", corpus.path, "--db", temp.db, "--commit-every", "50", "--json"]
        // ulimit -f counts 512-byte blocks in sh; SIGXFSZ is ignored so write() fails with EFBIG instead.
        let limited = try BackgroundGazette(command, in: temp.url, shellPrefix: "trap '' XFSZ; ulimit -f 4000").finish()
        #expect(limited.status == 3, "\(limited)")
        #expect(limited.err.contains(temp.db) && limited.err.contains("file size limit"), "\(limited)")
        Self.expectNoRawSQLite(limited)
        let verified = try verifyIndex(temp)
        #expect(verified.ok, "\(verified.run)")
        let committed = try #require(committedArticles(temp.db))
        #expect(committed > 0 && committed < 600, "some batches were committed before the limit: \(committed)")

        let resumed = try temp.run(command)
        #expect(resumed.status == 0, "\(resumed)")
        let reference = temp.path("reference.db").path
        #expect(try temp.run(["index", corpus.path, "--db", reference]).status == 0)
        #expect(try articleFingerprint(temp.db) == articleFingerprint(reference))
    }

    @Test(.enabled(if: canMountTmpfs, "needs root and mount for a real full disk"))
    func fullDiskStopsTheRunWithAClearMessageAndTheIndexResumes() throws {
        let temp = try CLITempDirectory()
        let corpus = try generateCorpus(articles: 1_000, seed: 6, in: temp)
        let disk = try TmpfsMount(megabytes: 2)
        let db = disk.url.appendingPathComponent("index.db").path
        let command = ["index", corpus.path, "--db", db, "--commit-every", "100", "--json"]
        let full = try temp.run(command)
        #expect(full.status == 3, "\(full)")
        #expect(full.err.contains(db) && full.err.contains("disk is full"), "\(full)")
        Self.expectNoRawSQLite(full)
        let verified = try verifyIndex(temp, db: db)
        #expect(verified.ok, "\(verified.run)")
        let committed = try #require(committedArticles(db))
        #expect(committed > 0 && committed < 1_000, "\(committed)")
        let search = try temp.run(["search", "--db", db, "--json", "--limit", "0", "after:1900"])
        #expect(cliInt(search.json, "total") == committed, "\(search)")

        // More space, same command: the run finishes from the last commit.
        #expect(disk.remountReadWrite(size: 64))
        let resumed = try temp.run(command)
        #expect(resumed.status == 0, "\(resumed)")
        let reference = temp.path("reference.db").path
        #expect(try temp.run(["index", corpus.path, "--db", reference]).status == 0)
        #expect(try articleFingerprint(db) == articleFingerprint(reference))
        #expect(try verifyIndex(temp, db: db).ok)
    }

    @Test func readOnlyIndexFileIsRefusedNamingThePathAndStillVerifies() throws {
        let temp = try CLITempDirectory()
        try temp.index(CLITests.articles)
        let before = try articleFingerprint(temp.db)
        // Root ignores permission bits, so root makes the file immutable instead.
        let locked: Bool
        if geteuid() != 0 {
            locked = chmod(temp.db, 0o444) == 0
        } else {
            locked = Self.chattr("+i", temp.db)
        }
        try #require(locked || geteuid() == 0)
        guard locked else { return }  // a file system without the immutable attribute
        defer { if geteuid() == 0 { _ = Self.chattr("-i", temp.db) } else { chmod(temp.db, 0o644) } }

        let extra = temp.path("extra")
        try FileManager.default.createDirectory(at: extra, withIntermediateDirectories: true)
        try Data(" date 2025-03-01 https://extra.example/new\nNew headline\nNew body.\n".utf8)
            .write(to: extra.appendingPathComponent("new.txt"))
        let run = try temp.run(["index", extra.path, "--db", temp.db])
        #expect(run.status == 3, "\(run)")
        #expect(run.err.contains(temp.db) && run.err.contains("read-only"), "\(run)")
        Self.expectNoRawSQLite(run)
        let verified = try verifyIndex(temp)
        #expect(verified.ok, "verify reads a read-only index (FTS5's check runs on a copy): \(verified.run)")
        #expect(try temp.search(["flood"]).status == 0)
        #expect(try articleFingerprint(temp.db) == before)
    }

    @Test(.enabled(if: canMountTmpfs, "needs root and mount for a read-only file system"))
    func indexOnAReadOnlyFileSystemIsRefusedNamingThePath() throws {
        let temp = try CLITempDirectory()
        let disk = try TmpfsMount(megabytes: 16)
        let db = disk.url.appendingPathComponent("index.db").path
        #expect(try temp.run(["index", CLITests.articles.path, "--db", db]).status == 0)
        #expect(disk.remountReadOnly())
        for arguments in [["index", CLITests.articles.path, "--db", db], ["verify", "--db", db], ["search", "--db", db, "flood"]] {
            let run = try temp.run(arguments)
            #expect(run.status == 3, "\(run)")
            #expect(run.err.contains(db) && run.err.contains("writable"), "\(run)")
            Self.expectNoRawSQLite(run)
        }
        #expect(disk.remountReadWrite(size: 16))
        #expect(try verifyIndex(temp, db: db).ok, "nothing was damaged")
    }

    @Test func indexInAMissingFolderIsRefusedNamingThePath() throws {
        let temp = try CLITempDirectory()
        let db = temp.path("no/such/folder/index.db").path
        let run = try temp.run(["index", CLITests.articles.path, "--db", db])
        #expect(run.status == 3, "\(run)")
        #expect(run.err.contains(db) && run.err.contains("folder exists"), "\(run)")
        Self.expectNoRawSQLite(run)
        for command in ["verify", "stats"] {
            let read = try temp.run([command, "--db", db])
            #expect(read.status == 3 && read.err.contains(db), "\(read)")
        }
        #expect(!FileManager.default.fileExists(atPath: temp.path("no").path), "no folder is created")
    }

    @Test(.enabled(if: geteuid() != 0, "root reads any file; BadInputTests covers vanished files and folders instead"))
    func unreadableInputFileIsRejectedAndTheRunGoesOn() throws {
        let temp = try CLITempDirectory()
        let articles = try temp.copyFixtures("articles")
        let locked = articles.appendingPathComponent(CLITests.ferry2023)
        #expect(chmod(locked.path, 0) == 0)
        defer { chmod(locked.path, 0o644) }
        let summary = try temp.index(articles)
        let rejected = summary["rejected"] as? [[String: Any]] ?? []
        #expect(rejected.contains { ($0["path"] as? String)?.hasSuffix(CLITests.ferry2023) == true
            && ($0["reason"] as? String) == "permission denied" }, "\(summary)")
        #expect(try verifyIndex(temp).ok)
    }

    @Test func failedRunRollsBackToTheLastCommitAndStopsTheParseThread() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-fault-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let dumps = base.appendingPathComponent("dumps")
        try FileManager.default.createDirectory(at: dumps, withIntermediateDirectories: true)
        let body = (0..<40).map { "Paragraph \($0) of the harbour report, with tide tables and pier notes." }.joined(separator: "\n")
        for number in 0..<400 {
            let article = TestArticle("https://fault.example/\(number)", "2024-05-\(String(format: "%02d", number % 28 + 1))",
                                      "Report \(number)", body)
            try Data(searchTestDumpText(article).utf8).write(to: dumps.appendingPathComponent(String(format: "a%04d.txt", number)))
        }
        let path = base.appendingPathComponent("index.db").path
        let index = try GazetteIndex(path: path, access: .write)
        // A page limit on the connection fails writes with SQLITE_FULL, exactly as a full disk does.
        let pages = try #require(try index.database.scalarInt("PRAGMA page_count"))
        try index.database.execute("PRAGMA max_page_count = \(pages + 80)")
        var options = IndexOptions()
        options.commitInterval = 25
        let indexer = Indexer(index: index, options: options)
        let error = try #require(throws: GazetteError.self) { try indexer.run(roots: [dumps.path]) }
        #expect(error.exitCode == 3)
        #expect(error.description.contains(path) && error.description.contains("disk is full"), "\(error)")
        #expect(indexer.lastPipeline?.hasStopped == true, "the parse thread stopped before run returned")
        #expect(!index.database.isInTransaction, "the failed batch was rolled back")
        let committed = try #require(try index.database.scalarInt("SELECT count(*) FROM articles"))
        #expect(committed > 0 && committed < 400 && committed % 25 == 0, "whole batches only: \(committed)")
        #expect(index.verify().ok)

        try index.database.execute("PRAGMA max_page_count = 1073741823")
        let summary = try Indexer(index: index, options: options).run(roots: [dumps.path])
        #expect(summary.indexed == 400 - committed && summary.unchanged == committed)
        #expect(try index.database.scalarInt("SELECT count(*) FROM articles") == 400)
        #expect(index.verify().ok)
    }

    static func chattr(_ flag: String, _ path: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        process.arguments = [flag, path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
