import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// An index run copies its commits from the WAL into the database file on a
/// thread of its own (`BackgroundCheckpointer`). It must build the same index
/// as SQLite's checkpoint in each commit, leave every commit in the file when
/// it ends, and keep the WAL bounded by letting it start over.
@Suite("Background checkpoints")
struct BackgroundCheckpointTests {
    static let articles = 300

    static func corpus() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-checkpoint-\(UUID().uuidString)")
        try CorpusGenerator(seed: 23, articleCount: articles).write(to: folder.appendingPathComponent("corpus").path)
        return folder
    }

    /// With parse workers, commits after the workers have parsed every file
    /// (`Indexer.commitEachBatchOnceParsingEnds`) never wait for the WAL to start
    /// over, and on a corpus this small that may be every commit: tests that
    /// count restarts let the writer parse alone, so commits fall every 40 articles.
    static func options(background: Bool, restartBytes: Int, workers: Int = ParseAhead.defaultWorkers) -> IndexOptions {
        var options = IndexOptions()
        options.parseWorkers = workers
        options.batchSize = 16
        options.commitInterval = 40
        options.checkpointInBackground = background
        options.walRestartBytes = restartBytes
        options.frequentTerms = FrequentTermPolicy(minimumArticles: 3, shareOfArchive: 0, rechooseAfterChangedShare: 1_000)
        return options
    }

    static func dump(_ database: Database) throws -> [[String]] {
        let tables = [
            "SELECT id || '|' || url || '|' || title || '|' || hash FROM articles ORDER BY id",
            "SELECT term || '|' || first || '|' || hex(data) FROM term_docs ORDER BY term, first",
            "SELECT id || '|' || ifnull(cluster, '') FROM copy_members ORDER BY id",
            "SELECT id || '|' || hex(sz) FROM fts_docsize ORDER BY id",
            "SELECT count(*) FROM fts WHERE fts MATCH 'said'",
        ]
        return try tables.map { sql in
            let statement = try database.prepare(sql)
            var rows: [String] = []
            while try statement.step() { rows.append(statement.string(0)) }
            return rows
        }
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    @Test func backgroundCheckpointsBuildTheSameIndexAsCheckpointsInEachCommit() throws {
        let folder = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: folder) }
        var dumps: [[[String]]] = []
        // The writer alone (restarts at every commit), with a parse worker (commits at the end of
        // parsing too), and SQLite's checkpoint in each commit.
        for (name, background, workers) in [("alone", true, 0), ("workers", true, ParseAhead.defaultWorkers),
                                            ("inline", false, ParseAhead.defaultWorkers)] {
            let index = try GazetteIndex(path: folder.appendingPathComponent("\(name).db").path, access: .write)
            let indexer = Indexer(index: index, options: Self.options(background: background, restartBytes: 0,
                                                                      workers: workers))
            let summary = try indexer.run(roots: [folder.appendingPathComponent("corpus").path])
            #expect(summary.indexed == Self.articles)
            if background {
                let counts = try #require(indexer.lastCheckpointCounts)
                // One checkpoint per commit (at least the 300 / 40 of the interval) and one at the end.
                #expect(counts.checkpoints >= Self.articles / 40 + 1, "\(name)")
                if workers == 0 { #expect(counts.restarts >= Self.articles / 40 - 1) }
            } else {
                #expect(indexer.lastCheckpointCounts == nil)
            }
            dumps.append(try Self.dump(index.database))
        }
        #expect(dumps[0][0].count == Self.articles)
        #expect(dumps[0][1].count > 20, "the run should keep lists of frequent terms")
        for table in dumps[0].indices {
            #expect(dumps[0][table] == dumps[2][table])
            #expect(dumps[1][table] == dumps[2][table])
        }
    }

    @Test func theDatabaseFileHoldsEveryCommitWhenTheRunEnds() throws {
        let folder = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("g.db").path
        let index = try GazetteIndex(path: path, access: .write)
        _ = try Indexer(index: index, options: Self.options(background: true, restartBytes: 1 << 30))
            .run(roots: [folder.appendingPathComponent("corpus").path])
        // The writer's connection stays open, so its WAL is still there; an
        // immutable reader sees the database file alone, without the WAL.
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        let fileOnly = try Database(path: "file:\(path)?immutable=1", mode: .readOnly)
        #expect(try fileOnly.scalarInt("SELECT count(*) FROM articles") == Self.articles)
        #expect(try Self.dump(fileOnly) == Self.dump(index.database))
    }

    /// Only the last connection to close deletes the WAL, and a WAL left
    /// behind is read again by the next connection, even when fully copied: so
    /// the checkpointer must close its connection before `stop` returns, never
    /// later from its thread (which lost the race to a process's exit in CI).
    @Test func theCheckpointerClosesItsConnectionSoTheWritersCloseDeletesTheWAL() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("g.db").path
        var writer: GazetteIndex? = try GazetteIndex(path: path, access: .write)
        let checkpointer = try BackgroundCheckpointer(path: path, pageBytes: Schema.pageSize)
        checkpointer.start()
        try writer?.database.execute("CREATE TABLE notes(text); INSERT INTO notes VALUES ('kept')")
        checkpointer.committed()
        checkpointer.settle()
        checkpointer.stop()
        #expect(checkpointer.hasClosedItsConnection)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        writer = nil
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "the writer's close should have deleted the WAL")
        let fileOnly = try Database(path: "file:\(path)?immutable=1", mode: .readOnly)
        #expect(try fileOnly.scalarString("SELECT text FROM notes") == "kept")
        withExtendedLifetime(checkpointer) {}
    }

    @Test func theWALStartsOverOnceItHoldsTheRestartSize() throws {
        let folder = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: folder) }
        var walBytes: [Int] = []
        for restartBytes in [1, Int.max] {
            let path = folder.appendingPathComponent("g\(walBytes.count).db").path
            let index = try GazetteIndex(path: path, access: .write)
            let indexer = Indexer(index: index, options: Self.options(background: true, restartBytes: restartBytes, workers: 0))
            _ = try indexer.run(roots: [folder.appendingPathComponent("corpus").path])
            let counts = try #require(indexer.lastCheckpointCounts)
            #expect((counts.restarts > 0) == (restartBytes == 1))
            walBytes.append(Self.fileSize(path + "-wal"))
            withExtendedLifetime(index) {}
        }
        // Started over after each commit, the WAL held one transaction at a time; never, all of them.
        #expect(walBytes[0] > 0)
        #expect(walBytes[0] * 2 < walBytes[1], "WAL sizes with and without restarts: \(walBytes)")
    }
}
