#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Gazette

/// A fresh temporary directory, removed when the value is dropped by `remove()`.
private struct WalkerTempDir {
    let path: String

    init() throws {
        var template = Array("/tmp/gazette-walker-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { $0.baseAddress.flatMap { mkdtemp($0) } }
        path = String(cString: try #require(made))
    }

    func mkdir(_ relative: String) {
        _ = Glibc.mkdir(path + "/" + relative, 0o755)
    }

    func write(_ relative: String, _ text: String) {
        let fd = open(path + "/" + relative, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return }
        _ = Array(text.utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    func link(_ relative: String, to target: String) {
        _ = symlink(target, path + "/" + relative)
    }

    func remove() {
        _ = system("rm -rf '\(path)'")
    }
}

@Test func walksNestedDirectoriesSortedByPath() throws {
    let dir = try WalkerTempDir()
    defer { dir.remove() }
    dir.mkdir("b")
    dir.mkdir("b/deep")
    dir.mkdir("a")
    dir.write("z.txt", "x")
    dir.write("b/deep/c.txt", "xyz")
    dir.write("a/one.TXT", "x")
    dir.write("a/two.txt", "x")
    let result = try FileWalker.walk(root: dir.path + "/")
    #expect(result.files.map(\.relativePath) == ["a/one.TXT", "a/two.txt", "b/deep/c.txt", "z.txt"])
    #expect(result.files.map(\.path) == result.files.map { dir.path + "/" + $0.relativePath })
    let deep = try #require(result.files.first { $0.relativePath == "b/deep/c.txt" })
    #expect(deep.size == 3)
    #expect(deep.modificationTime > 1_600_000_000 * 1_000_000_000)
    #expect(result.skipped == 0)
    #expect(result.problems.isEmpty)
}

@Test func skipsAndCountsHiddenAndNonTextFiles() throws {
    let dir = try WalkerTempDir()
    defer { dir.remove() }
    dir.mkdir(".git")
    dir.write(".git/inside.txt", "x")
    dir.write("._x.txt", "x")
    dir.write(".hidden.txt", "x")
    dir.write("notes.md", "x")
    dir.write("data.txt.bak", "x")
    dir.write("keep.txt", "x")
    let result = try FileWalker.walk(root: dir.path)
    #expect(result.files.map(\.relativePath) == ["keep.txt"])
    #expect(result.skipped == 5)
}

@Test func symlinkLoopTerminatesAndIsReported() throws {
    let dir = try WalkerTempDir()
    defer { dir.remove() }
    dir.mkdir("sub")
    dir.write("sub/a.txt", "x")
    dir.link("sub/loop", to: "..")
    dir.link("sub/self", to: "self")
    dir.link("broken.txt", to: "missing.txt")
    let result = try FileWalker.walk(root: dir.path)
    #expect(result.files.map(\.relativePath) == ["sub/a.txt"])
    #expect(result.problems.map(\.path) == [dir.path + "/broken.txt", dir.path + "/sub/loop", dir.path + "/sub/self"])
}

@Test func followsSymlinksToFilesAndDirectoriesOutsideRoot() throws {
    let outside = try WalkerTempDir()
    let dir = try WalkerTempDir()
    defer { outside.remove(); dir.remove() }
    outside.write("o.txt", "x")
    dir.link("linked", to: outside.path)
    dir.link("file.txt", to: outside.path + "/o.txt")
    let result = try FileWalker.walk(root: dir.path)
    #expect(result.files.map(\.relativePath) == ["file.txt", "linked/o.txt"])
    #expect(result.problems.isEmpty)
}

@Test func missingOrNonDirectoryRootThrows() throws {
    #expect(throws: FileWalkerError.self) { try FileWalker.walk(root: "/nonexistent-gazette-root") }
    let dir = try WalkerTempDir()
    defer { dir.remove() }
    dir.write("f.txt", "x")
    do {
        _ = try FileWalker.walk(root: dir.path + "/f.txt")
        Issue.record("expected an error")
    } catch {
        #expect(error.path == dir.path + "/f.txt")
        #expect(error.description.contains("not a directory"))
    }
}

@Test func parseFileReadsFromDisk() throws {
    let dir = try WalkerTempDir()
    defer { dir.remove() }
    dir.write("a.txt", " date 2026-02-05 https://example.com/a\r\nTitle\r\nBody")
    let article = try ArticleParser.parseFile(atPath: dir.path + "/a.txt").get()
    #expect(article.title == "Title")
    #expect(article.paragraphs == ["Body"])
    dir.write("big.txt", ingestSampleHeader + "T\n" + String(repeating: "x", count: 5000))
    let big = ArticleParser.parseFile(atPath: dir.path + "/big.txt", maxFileBytes: 4096)
    #expect(big == .failure(ArticleRejection("file is 4.9 KB, over the 4 KB limit")))
}

@Test func packedListSortsByBytesAndFindsExactlyItsPaths() throws {
    let dir = try WalkerTempDir()
    defer { dir.remove() }
    dir.mkdir("a")
    dir.mkdir("é")
    // '-' sorts before '/', so "a-b.txt" precedes everything in "a/".
    dir.write("a/x.txt", "1")
    dir.write("a-b.txt", "22")
    dir.write("a.txt", "333")
    dir.write("é/n.txt", "4")
    dir.write("Z.txt", "5")
    let list = try FileWalker.walk(root: dir.path).list
    let paths = (0..<list.count).map { list.relativePath(at: $0) }
    #expect(paths == ["Z.txt", "a-b.txt", "a.txt", "a/x.txt", "é/n.txt"])
    #expect(paths == paths.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    #expect((0..<list.count).map { list.size(at: $0) } == [1, 2, 3, 1, 1])
    for path in paths { #expect(list.contains(relativePath: path)) }
    for absent in ["", "a", "a/", "a/x.tx", "a/x.txt2", "b.txt", "é/n.tx"] {
        #expect(!list.contains(relativePath: absent), "\(absent)")
    }
}
