#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `.txt` file found below a root.
public struct SourceFile: Sendable, Hashable {
    /// The root as given joined with `relativePath` ("root/sub/a.txt").
    public let path: String
    /// The path below the root ("sub/a.txt").
    public let relativePath: String
    /// Size in bytes when the walk saw it.
    public let size: Int64
    /// Nanoseconds since the epoch (`FileTimes.modificationTime`).
    public let modificationTime: Int64

    public init(path: String, relativePath: String, size: Int64, modificationTime: Int64) {
        self.path = path
        self.relativePath = relativePath
        self.size = size
        self.modificationTime = modificationTime
    }
}

/// An entry the walker could not use, and why (unreadable directory,
/// symbolic link loop, broken link).
public struct WalkProblem: Sendable, Hashable {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// What a walk found.
public struct WalkResult: Sendable {
    /// The files, sorted by path (byte order), so runs are deterministic.
    public var list: FileList
    /// Hidden entries (names starting with ".", including "._x.txt") and non-.txt files.
    public var skipped: Int
    /// Sorted by path.
    public var problems: [WalkProblem]

    /// The files one by one (each path a String of its own).
    public var files: [SourceFile] { (0..<list.count).map { list[$0] } }
}

/// The root of a walk is missing, unreadable or not a directory.
public struct FileWalkerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The root as given.
    public let path: String
    /// What is wrong with it, e.g. "not a directory".
    public let reason: String

    public var description: String { "cannot walk \(path): \(reason)" }
}

/// Finds article files below a root directory.
public enum FileWalker {
    /// Walks `root` recursively, collecting files whose names end in `.txt`
    /// (any case). Follows symbolic links to files and directories but never
    /// enters a directory twice, so link loops terminate; such links are
    /// reported in `problems`. Real directories are walked before linked
    /// ones, so a file reachable both ways is listed under its real path.
    public static func walk(root: String) throws(FileWalkerError) -> WalkResult {
        let files = try stream(root: root)
        var list = FileList(root: files.root)
        while let file = files.next() {
            list.append(relativePath: file.relativePath, size: file.size, modificationTime: file.modificationTime)
        }
        return WalkResult(list: list, skipped: files.skipped, problems: files.sortedProblems)
    }

    /// The same files as `walk`, in the same order, one at a time: memory
    /// holds the directories being read and the set of directories to enter,
    /// never the list of files, however large the archive.
    public static func stream(root: String) throws(FileWalkerError) -> FileStream {
        let (base, info) = try openableRoot(root)
        var claims = DirectoryClaims(root: base)
        claims.visited.insert(DirectoryID(info))
        claims.run()
        return FileStream(root: base, claimed: claims.claimed, problems: claims.problems)
    }

    /// Checks that `root` is a directory this process can read, before a
    /// walk or anything else starts; returns it without trailing slashes.
    @discardableResult
    public static func checkRoot(_ root: String) throws(FileWalkerError) -> String {
        try openableRoot(root).base
    }

    private static func openableRoot(_ root: String) throws(FileWalkerError) -> (base: String, info: stat) {
        let base = PathText.trimmingTrailingSlashes(root)
        var info = stat()
        guard stat(base, &info) == 0 else {
            throw FileWalkerError(path: root, reason: ArticleParser.describe(errno))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw FileWalkerError(path: root, reason: "not a directory")
        }
        guard let probe = opendir(base) else {
            throw FileWalkerError(path: root, reason: ArticleParser.describe(errno))
        }
        closedir(probe)
        return (base, info)
    }

    /// Whether a name ends in ".txt", in any case (no allocation: it runs for every entry).
    static func hasTextExtension(_ name: String) -> Bool {
        let bytes = name.utf8
        guard bytes.count >= 4 else { return false }
        let dot = bytes.index(bytes.endIndex, offsetBy: -4)
        return bytes[dot] == 0x2E && bytes[bytes.index(after: dot)...].lazy.map { $0 | 0x20 }.elementsEqual("txt".utf8)
    }
}

/// One file of a `FileStream`.
public struct StreamedFile: Sendable {
    /// The path below the root ("sub/a.txt").
    public let relativePath: String
    public let size: Int64
    /// Nanoseconds since the epoch (`FileTimes.modificationTime`).
    public let modificationTime: Int64
}

/// A directory entry's name; nil when it is not valid UTF-8.
private func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String? {
    withUnsafePointer(to: &entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(validatingCString: $0) }
    }
}

struct DirectoryID: Hashable {
    let device: UInt64
    let inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// The first pass of a walk: which directories are entered, and under which
/// path. It reads directories only (files are not even stat'ed), so the
/// second pass can list files in sorted order as it goes, and still give a
/// directory reachable both directly and through a link its real path, as
/// a walk that collected everything first would.
struct DirectoryClaims {
    let root: String
    var visited: Set<DirectoryID> = []
    /// Relative paths of the directories to enter ("" is the root).
    var claimed: Set<String> = [""]
    var problems: [WalkProblem] = []
    /// Directories to read, as (path, relative path).
    private var pending: [(String, String)] = []
    /// Symbolic links to directories, entered once no real directory is left.
    private var linked: [(String, String, stat)] = []

    init(root: String) {
        self.root = root
    }

    mutating func run() {
        pending.append((root, ""))
        while true {
            while let (path, relative) = pending.popLast() { read(path, relative) }
            guard !linked.isEmpty else { break }
            let links = linked
            linked = []
            for (path, relative, info) in links {
                if visited.insert(DirectoryID(info)).inserted {
                    claimed.insert(relative)
                    pending.append((path, relative))
                } else {
                    problems.append(WalkProblem(path: path, reason: "symbolic link to a directory already walked (loop or duplicate)"))
                }
            }
        }
    }

    /// Unreadable directories, broken links and vanished entries are left
    /// to the second pass, which meets them too and reports them once.
    private mutating func read(_ path: String, _ relative: String) {
        guard let dir = opendir(path) else { return }
        defer { closedir(dir) }
        let fd = dirfd(dir)
        var names: [String] = []
        while let entry = readdir(dir) {
            // A regular file is never a directory: skipped without a name or a stat.
            if entry.pointee.d_type == UInt8(DT_REG) { continue }
            guard let name = entryName(entry), !name.hasPrefix(".") else { continue }
            names.append(name)
        }
        // Sorted so link targets are claimed in the same order on every run.
        names.sort(by: utf8Less)
        for name in names {
            var info = stat()
            guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            let isLink = info.st_mode & S_IFMT == S_IFLNK
            if isLink && fstatat(fd, name, &info, 0) != 0 { continue }
            guard info.st_mode & S_IFMT == S_IFDIR else { continue }
            let childPath = path == "/" ? "/" + name : path + "/" + name
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            if isLink {
                linked.append((childPath, childRelative, info))
            } else if visited.insert(DirectoryID(info)).inserted {
                claimed.insert(childRelative)
                pending.append((childPath, childRelative))
            } else {
                problems.append(WalkProblem(path: childPath, reason: "directory already walked"))
            }
        }
    }
}

/// The second pass of a walk: the `.txt` files below a root in byte order
/// of their relative paths, one directory read at a time. Each directory's
/// entries are sorted with a directory's name followed by "/", which makes
/// the depth-first order the byte order of the full paths ("a-b.txt" comes
/// before "a/x.txt", since '-' sorts before '/').
public final class FileStream {
    /// The root as given, without trailing slashes.
    public let root: String
    /// Hidden entries (names starting with ".", including "._x.txt") and non-.txt files seen so far.
    public private(set) var skipped = 0
    /// Entries that could not be used, in the order met.
    public private(set) var problems: [WalkProblem]
    private let claimed: Set<String>
    private var frames: [Frame] = []

    private struct Entry {
        let name: String
        let isDirectory: Bool
        let size: Int64
        let modificationTime: Int64
    }

    /// A directory being listed: its sorted entries and how far the walk got.
    private struct Frame {
        let path: String
        let relative: String
        let entries: [Entry]
        var position = 0
    }

    init(root: String, claimed: Set<String>, problems: [WalkProblem]) {
        self.root = root
        self.claimed = claimed
        self.problems = problems
        if let frame = read(root, "") { frames.append(frame) }
    }

    /// Problems sorted by path, as reports show them.
    public var sortedProblems: [WalkProblem] { problems.sorted { utf8Less($0.path, $1.path) } }

    /// The next file, or nil when the walk is done.
    public func next() -> StreamedFile? {
        while let top = frames.last {
            guard top.position < top.entries.count else {
                frames.removeLast()
                continue
            }
            let entry = top.entries[top.position]
            frames[frames.count - 1].position += 1
            let relative = top.relative.isEmpty ? entry.name : top.relative + "/" + entry.name
            if entry.isDirectory {
                let path = top.path == "/" ? "/" + entry.name : top.path + "/" + entry.name
                if let frame = read(path, relative) { frames.append(frame) }
                continue
            }
            return StreamedFile(relativePath: relative, size: entry.size, modificationTime: entry.modificationTime)
        }
        return nil
    }

    private func read(_ path: String, _ relative: String) -> Frame? {
        guard let dir = opendir(path) else {
            problems.append(WalkProblem(path: path, reason: "cannot read directory: \(ArticleParser.describe(errno))"))
            return nil
        }
        defer { closedir(dir) }
        let fd = dirfd(dir)
        var names: [(name: String, type: UInt8)] = []
        while let entry = readdir(dir) {
            let type = entry.pointee.d_type
            guard let name = entryName(entry) else {
                problems.append(WalkProblem(path: path + "/?", reason: "file name is not valid UTF-8"))
                continue
            }
            if name == "." || name == ".." { continue }
            names.append((name, type))
        }
        var entries: [Entry] = []
        var keys: [String] = []
        for (name, type) in names {
            if name.hasPrefix(".") { skipped += 1; continue }
            let isText = FileWalker.hasTextExtension(name)
            if type == UInt8(DT_REG) && !isText { skipped += 1; continue }
            // Built only when needed: a file is listed by its relative path alone.
            var childPath: String { path == "/" ? "/" + name : path + "/" + name }
            var info = stat()
            guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                problems.append(WalkProblem(path: childPath, reason: "vanished during the walk"))
                continue
            }
            let isLink = info.st_mode & S_IFMT == S_IFLNK
            if isLink && fstatat(fd, name, &info, 0) != 0 {
                let reason = errno == ELOOP ? "symbolic link loop" : "broken symbolic link"
                problems.append(WalkProblem(path: childPath, reason: reason))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                // Directories the first pass did not claim were reported by it
                // (walked already) or appeared since; the next run sees the latter.
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                guard claimed.contains(childRelative) else { continue }
                entries.append(Entry(name: name, isDirectory: true, size: 0, modificationTime: 0))
                keys.append(name + "/")
            case S_IFREG where isText:
                let mtime = FileTimes.modificationTime(info)
                entries.append(Entry(name: name, isDirectory: false, size: Int64(info.st_size), modificationTime: mtime))
                keys.append(name)
            default:
                skipped += 1
            }
        }
        let order = keys.indices.sorted { utf8Less(keys[$0], keys[$1]) }
        return Frame(path: path, relative: relative, entries: order.map { entries[$0] })
    }
}
