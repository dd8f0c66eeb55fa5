import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// Issue 7.6: every kind of bad input file, in one library-level run beside
/// good files. Each bad file is indexed after repair or rejected with its path
/// and reason; the good files are all indexed; the index verifies.
@Suite("Bad input files")
struct BadInputTests {
    /// A temporary tree of good and bad files, and the index built from it.
    final class Tree {
        private let folder: TemporaryFolder
        let root: URL
        var base: URL { folder.url }
        init() throws {
            folder = try TemporaryFolder(prefix: "gazette-bad")
            root = try folder.folder("dumps")
        }

        func write(_ name: String, _ bytes: [UInt8]) throws {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }

        func write(_ name: String, _ text: String) throws { try write(name, Array(text.utf8)) }
        func path(_ name: String) -> String { root.appendingPathComponent(name).path }
    }

    @Test func badFilesAreRepairedOrRejectedWithReasonsAndGoodFilesAllIndexed() throws {
        let tree = try Tree()
        let fileManager = FileManager.default
        // Good files, spread so bad ones sort before, between and after them.
        let good = ["a-good.txt", "m/good.txt", "z-good.txt"]
        for (number, name) in good.enumerated() {
            try tree.write(name, " date 2024-03-0\(number + 1) https://good.example/\(number)\nGood story \(number)\nThe quay reopened.\n")
        }
        // The malformed fixtures: CRLF, CR-only, BOM, UTF-16, Latin-1, CP1252, truncated UTF-8,
        // NUL and control bytes, empty, header only, headline only without newline, HTML, binary, ._ files.
        let malformed = cliFixtures.appendingPathComponent("malformed")
        try fileManager.copyItem(at: malformed, to: tree.root.appendingPathComponent("malformed"))
        let expectations = try CLITests.malformedExpectations()

        // A 5 MB single-line body whose last word is unique, and 40,000 one-line paragraphs.
        let filler = String(repeating: "tide gauge reading steady ", count: 5_000_000 / 26)
        try tree.write("huge-line.txt", " date 2024-04-01 https://big.example/line\nOne long line\n\(filler)zanzibarquokka\n")
        let paragraphs = (0..<40_000).map { "Paragraph \($0) notes the pier." }.joined(separator: "\n")
        try tree.write("many-paragraphs.txt", " date 2024-04-02 https://big.example/paras\nMany paragraphs\n\(paragraphs)\n")
        // Over the 64 MiB limit, sparse so the test writes nothing.
        let oversize = tree.path("oversize.txt")
        #expect(fileManager.createFile(atPath: oversize, contents: nil))
        #expect(truncate(oversize, off_t(ArticleParser.maxFileBytes + 1)) == 0)
        // Random bytes named .txt, a macOS resource fork, a symlink loop, a dangling link.
        var rng = SplitMix64(seed: 99)
        try tree.write("random.txt", (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        try tree.write("._good.txt", " date 2024-03-01 https://good.example/fork\nFork\nBody.\n")
        try fileManager.createSymbolicLink(atPath: tree.path("loop"), withDestinationPath: ".")
        try fileManager.createSymbolicLink(atPath: tree.path("dangling.txt"), withDestinationPath: "nowhere.txt")
        // Files that change between listing and reading: one vanishes, one becomes a folder.
        try tree.write("vanishing.txt", " date 2024-05-01 https://gone.example/1\nGone\nBody.\n")
        try tree.write("becomes-folder.txt", " date 2024-05-02 https://gone.example/2\nFolder\nBody.\n")

        let index = try GazetteIndex(path: tree.base.appendingPathComponent("index.db").path, access: .write)
        let indexer = Indexer(index: index)
        indexer.afterWalk = {
            try? fileManager.removeItem(atPath: tree.path("vanishing.txt"))
            try? fileManager.removeItem(atPath: tree.path("becomes-folder.txt"))
            try? fileManager.createDirectory(atPath: tree.path("becomes-folder.txt"), withIntermediateDirectories: false)
        }
        let summary = try indexer.run(roots: [tree.root.path])

        var reasons: [String: String] = [:]
        for rejected in summary.rejected {
            #expect(!rejected.reason.isEmpty, "\(rejected.path) needs a reason")
            reasons[String(rejected.path.dropFirst(tree.root.path.count + 1))] = rejected.reason
        }
        let malformedIndexed = expectations.filter { $0.outcome == "indexed" }.count
        #expect(summary.indexed == good.count + malformedIndexed + 2, "\(summary.indexed) indexed; rejected: \(reasons)")
        for expectation in expectations where expectation.outcome == "rejected" {
            #expect(reasons["malformed/" + expectation.file] != nil, "\(expectation.file) is rejected")
        }
        #expect(reasons["oversize.txt"]?.contains("64 MB limit") == true, "\(reasons)")
        #expect(reasons["random.txt"] != nil, "\(reasons)")
        #expect(reasons["vanishing.txt"] == "file vanished before it could be read", "\(reasons)")
        #expect(reasons["becomes-folder.txt"] == "is a directory, not a file", "\(reasons)")
        #expect(reasons["dangling.txt"] == "broken symbolic link", "\(reasons)")
        #expect(reasons["loop"]?.contains("already walked") == true, "\(reasons)")
        #expect(reasons.count == expectations.filter { $0.outcome == "rejected" }.count + 6, "nothing else: \(reasons)")

        let searcher = Searcher(index: index)
        for number in good.indices {
            #expect(try searcher.search("source:good.example title:\"story \(number)\"").total == 1)
        }
        #expect(try searcher.search("source:good.example").total == good.count, "the ._ copy is skipped")
        // The 5 MB line is indexed whole: its last word is found, and the snippet stays short.
        let tail = try searcher.search("zanzibarquokka")
        #expect(tail.total == 1)
        let snippet = try #require(tail.hits.first?.snippet.text)
        #expect(snippet.count < 600 && snippet.contains("zanzibarquokka"), "\(snippet.count) characters")
        #expect(try searcher.search("\"paragraph 39999\"").total == 1, "the last of 40,000 paragraphs is indexed")
        #expect(index.verify().ok)
    }
}
