import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// Issue 6: an index run holds no per-file list: the walk streams files in
/// path order, the files to read wait in a queue that spills to a scratch
/// file, and whether an article was added by this run is known per day.
@Suite("Bounded memory while indexing")
struct BoundedMemoryTests {
    /// Every `.txt` path below `root` that the walker should list, found
    /// another way (Foundation's enumerator) and sorted by bytes.
    private static func expectedPaths(below root: String) throws -> [String] {
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue && name.lowercased().hasSuffix(".txt") { paths.append(relative) }
        }
        return paths.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    @Test func streamedWalkListsEveryFileInByteOrderOfItsFullPath() throws {
        let folder = try TemporaryFolder(prefix: "gazette-stream")
        let root = folder.url.path
        // Names built from characters on both sides of '/' (0x2F): '-' and '.'
        // sort before it, letters and 'é' after, so directory and file names
        // that share a prefix interleave.
        let pieces = ["a", "a-", "a.", "b", "é", "Z", "_", "0"]
        var random = SplitMix64(seed: 6)
        var directories = [""]
        for _ in 0..<40 {
            let parent = directories[Int(random.next() % UInt64(directories.count))]
            let name = pieces[Int(random.next() % UInt64(pieces.count))] + pieces[Int(random.next() % UInt64(pieces.count))]
            let path = parent.isEmpty ? name : parent + "/" + name
            guard !directories.contains(path) else { continue }
            try FileManager.default.createDirectory(atPath: root + "/" + path, withIntermediateDirectories: true)
            directories.append(path)
        }
        for number in 0..<300 {
            let parent = directories[Int(random.next() % UInt64(directories.count))]
            let name = pieces[Int(random.next() % UInt64(pieces.count))] + pieces[Int(random.next() % UInt64(pieces.count))]
                + (number % 7 == 0 ? ".md" : number % 11 == 0 ? ".TXT" : ".txt")
            let path = (parent.isEmpty ? "" : parent + "/") + name
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory) { continue }
            try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/" + path))
        }
        let stream = try FileWalker.stream(root: root)
        var streamed: [String] = []
        while let file = stream.next() { streamed.append(file.relativePath) }
        let expected = try Self.expectedPaths(below: root)
        #expect(expected.count > 100)
        #expect(streamed == expected)
        #expect(stream.problems.isEmpty)
        #expect(try FileWalker.walk(root: root).files.map(\.relativePath) == expected, "walk collects the same stream")
    }

    @Test func aFolderReachedByALinkListedEarlierStillGetsItsRealPath() throws {
        let folder = try TemporaryFolder(prefix: "gazette-claims")
        let root = folder.url.path
        try FileManager.default.createDirectory(atPath: root + "/zz-real/inner", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/zz-real/inner/story.txt"))
        // "aa-link" sorts first, but the real path wins, as a collect-then-sort walk had it.
        try FileManager.default.createSymbolicLink(atPath: root + "/aa-link", withDestinationPath: "zz-real")
        let result = try FileWalker.walk(root: root)
        #expect(result.files.map(\.relativePath) == ["zz-real/inner/story.txt"])
        #expect(result.problems.map(\.path) == [root + "/aa-link"])
        #expect(result.problems.first?.reason.contains("already walked") == true)
    }

    @Test func spilledWorkQueueReadsBackEveryFileInOrderAndLeavesNoScratchFile() throws {
        let folder = try TemporaryFolder(prefix: "gazette-queue")
        let queue = WorkQueue(scratchFolders: [folder.url.path], memoryLimit: 64)
        let first = queue.addRoot(canonical: "/real/news", shown: "news")
        let second = queue.addRoot(canonical: "/", shown: "/")
        var random = SplitMix64(seed: 2)
        var written: [(root: Int, path: String, size: Int64, time: Int64)] = []
        for number in 0..<2_000 {
            let path = "y\(random.next() % 40)/é-\(number)" + String(repeating: "n", count: Int(random.next() % 90)) + ".txt"
            let entry = (number % 5 == 0 ? second : first, path, Int64(random.next() % 1_000_000),
                         Int64(bitPattern: random.next()))
            written.append(entry)
            queue.append(root: entry.0, relativePath: entry.1, size: entry.2, modificationTime: entry.3)
        }
        #expect(queue.count == written.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty,
                "the scratch file has no name in the folder")
        for entry in written {
            let item = try #require(queue.next())
            let root = entry.root == first ? "/real/news" : "/"
            #expect(item.file.path == FileList.join(root, entry.path))
            #expect(item.shownPath == FileList.join(entry.root == first ? "news" : "/", entry.path))
            #expect(item.root == root)
            #expect(item.file.size == entry.size && item.file.modificationTime == entry.time)
        }
        #expect(queue.next() == nil)
        #expect(queue.failure == nil && !queue.memoryOnly)
    }

    /// The walk appends while the parse workers already read: records come out
    /// once each, in the order appended, however appends, spills and reads interleave.
    @Test func workQueueReadWhileItIsAppendedGivesEveryFileOnceInOrder() throws {
        let folder = try TemporaryFolder(prefix: "gazette-queue-interleaved")
        for memoryLimit in [48, 1_000, 1 << 20] {
            let queue = WorkQueue(scratchFolders: [folder.url.path], memoryLimit: memoryLimit)
            let root = queue.addRoot(canonical: "/a", shown: "a")
            var random = SplitMix64(seed: UInt64(memoryLimit))
            var appended = 0
            var read: [String] = []
            while appended < 1_500 {
                for _ in 0..<Int(random.next() % 40) where appended < 1_500 {
                    queue.append(root: root, relativePath: "f\(appended).txt", size: Int64(appended), modificationTime: 1)
                    appended += 1
                }
                for _ in 0..<Int(random.next() % 50) {
                    guard let item = queue.next() else { break }
                    read.append(item.shownPath)
                }
            }
            while let item = queue.next() { read.append(item.shownPath) }
            #expect(read == (0..<1_500).map { "a/f\($0).txt" }, "memory limit \(memoryLimit)")
            #expect(queue.failure == nil)
        }
    }

    @Test func workQueueTriesTheNextFolderAndKeepsRecordsInMemoryWhenNoneTakesAScratchFile() throws {
        let folder = try TemporaryFolder(prefix: "gazette-queue-fallback")
        for (folders, inMemory) in [(["/nonexistent-gazette-folder", folder.url.path], false),
                                    (["/nonexistent-gazette-folder"], true)] {
            let queue = WorkQueue(scratchFolders: folders, memoryLimit: 32)
            let root = queue.addRoot(canonical: "/a", shown: "a")
            for number in 0..<100 {
                queue.append(root: root, relativePath: "f\(number).txt", size: Int64(number), modificationTime: 1)
            }
            #expect(queue.memoryOnly == inMemory, "\(folders)")
            var read: [String] = []
            while let item = queue.next() { read.append(item.shownPath) }
            #expect(read == (0..<100).map { "a/f\($0).txt" })
            #expect(queue.failure == nil)
        }
    }

    /// Indexes `corpus` into a new index with `options`, returning url → (id, path).
    private static func index(_ corpus: String, at path: String, options: IndexOptions) throws
        -> (summary: IndexSummary, rows: [String: String]) {
        let index = try GazetteIndex(path: path, access: .write)
        let summary = try Indexer(index: index, options: options).run(roots: [corpus])
        let statement = try index.database.prepare("SELECT url, id, path FROM articles")
        var rows: [String: String] = [:]
        while try statement.step() { rows[statement.string(0)] = "\(statement.int64(1)) \(statement.string(2))" }
        return (summary, rows)
    }

    @Test func aRunWhoseFileListSpillsBuildsTheSameIndex() throws {
        let folder = try TemporaryFolder(prefix: "gazette-spill")
        let corpus = folder.url.path + "/corpus"
        try CorpusGenerator(seed: 11, articleCount: 400).write(to: corpus)
        var small = IndexOptions()
        small.workMemoryLimit = 100
        small.batchSize = 37
        var usual = IndexOptions()
        usual.batchSize = 37
        let spilled = try Self.index(corpus, at: folder.url.path + "/spilled.db", options: small)
        let held = try Self.index(corpus, at: folder.url.path + "/held.db", options: usual)
        #expect(spilled.summary.indexed == held.summary.indexed)
        #expect(spilled.rows.count > 350)
        #expect(spilled.rows == held.rows)

        // Deleting and touching files: the walk meets the index's rows in the same order.
        let files = try FileWalker.walk(root: corpus).files
        for file in files.enumerated() where file.offset % 9 == 0 {
            try FileManager.default.removeItem(atPath: file.element.path)
        }
        let again = try Self.index(corpus, at: folder.url.path + "/spilled.db", options: small)
        let expectedRemoved = files.indices.filter { $0 % 9 == 0 }.count
        #expect(again.summary.removed == held.rows.count - again.rows.count && again.summary.removed > 0)
        #expect(again.summary.indexed == 0 && again.summary.updated == 0)
        #expect(again.summary.unchanged == files.count - expectedRemoved, "\(again.summary)")
        let fresh = try Self.index(corpus, at: folder.url.path + "/fresh.db", options: usual)
        #expect(Set(again.rows.keys) == Set(fresh.rows.keys), "the same articles as a fresh index of what is left")
    }

    @Test func replacingAnArticleAddedByTheSameRunIsNotAnUpdate() throws {
        let folder = try TemporaryFolder(prefix: "gazette-added")
        let root = try folder.folder("news")
        let older = TestArticle("https://same.example/story", "2024-03-01", "First version", "Ferries run late.")
        let newer = TestArticle("https://same.example/story", "2024-03-02", "Second version", "Ferries run on time.")
        try Data(searchTestDumpText(older).utf8).write(to: root.appendingPathComponent("a.txt"))
        try Data(searchTestDumpText(newer).utf8).write(to: root.appendingPathComponent("b.txt"))
        let index = try GazetteIndex(path: folder.url.path + "/index.db", access: .write)
        let first = try Indexer(index: index).run(roots: [root.path])
        #expect(first.indexed == 1 && first.updated == 0 && first.duplicates.count == 1, "\(first)")

        let edited = TestArticle("https://same.example/story", "2024-03-02", "Second version", "Ferries are cancelled.")
        try Data(searchTestDumpText(edited).utf8).write(to: root.appendingPathComponent("b.txt"))
        let second = try Indexer(index: index).run(roots: [root.path])
        #expect(second.updated == 1 && second.indexed == 0, "an article from an earlier run: \(second)")
    }
}
