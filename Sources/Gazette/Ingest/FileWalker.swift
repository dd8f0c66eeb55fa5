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
    /// Nanoseconds since the epoch (`st_mtim`).
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

/// The files of a walk, packed: relative paths back to back in one byte
/// buffer, with sizes and times in flat arrays, about 70 bytes a file where
/// an array of `SourceFile` took over 300. The list of a large archive is
/// held for a whole index run, and sorting offsets by `memcmp` moves no
/// reference-counted strings.
public struct FileList: Sendable {
    /// The root the paths are below, as given.
    public let root: String
    private var pathBytes: [UInt8] = []
    private var ends: [Int] = []
    private var sizes: [Int64] = []
    private var modificationTimes: [Int64] = []

    init(root: String) {
        self.root = root
    }

    public var count: Int { ends.count }

    public subscript(index: Int) -> SourceFile {
        let relative = relativePath(at: index)
        return SourceFile(path: FileList.join(root, relative), relativePath: relative, size: sizes[index],
                          modificationTime: modificationTimes[index])
    }

    public func relativePath(at index: Int) -> String {
        withRelativeBytes(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    public func size(at index: Int) -> Int64 { sizes[index] }
    public func modificationTime(at index: Int) -> Int64 { modificationTimes[index] }

    /// `root/relative`, with no doubled slash under "/".
    public static func join(_ root: String, _ relative: String) -> String {
        root == "/" ? "/" + relative : root + "/" + relative
    }

    /// Whether the list holds `relative` (binary search: the list is sorted).
    public func contains(relativePath relative: String) -> Bool {
        var relative = relative
        return relative.withUTF8 { wanted in
            var low = 0
            var high = count
            while low < high {
                let middle = (low + high) / 2
                let order = withRelativeBytes(at: middle) { compareBytes($0, wanted) }
                if order == 0 { return true }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return false
        }
    }

    private func withRelativeBytes<T>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let start = index == 0 ? 0 : ends[index - 1]
        return pathBytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<ends[index]])) }
    }

    mutating func append(relative prefix: String, name: String, size: Int64, modificationTime: Int64) {
        if !prefix.isEmpty {
            pathBytes.append(contentsOf: prefix.utf8)
            pathBytes.append(0x2F)
        }
        pathBytes.append(contentsOf: name.utf8)
        ends.append(pathBytes.count)
        sizes.append(size)
        modificationTimes.append(modificationTime)
    }

    /// The same files in byte order of their relative paths (which is the
    /// byte order of their full paths: they share the root).
    func sorted() -> FileList {
        let order = pathBytes.withUnsafeBufferPointer { bytes in
            (0..<count).sorted { a, b in
                let left = UnsafeBufferPointer(rebasing: bytes[(a == 0 ? 0 : ends[a - 1])..<ends[a]])
                let right = UnsafeBufferPointer(rebasing: bytes[(b == 0 ? 0 : ends[b - 1])..<ends[b]])
                return compareBytes(left, right) < 0
            }
        }
        var result = FileList(root: root)
        result.pathBytes.reserveCapacity(pathBytes.count)
        result.ends.reserveCapacity(count)
        result.sizes.reserveCapacity(count)
        result.modificationTimes.reserveCapacity(count)
        for index in order {
            let start = index == 0 ? 0 : ends[index - 1]
            result.pathBytes.append(contentsOf: pathBytes[start..<ends[index]])
            result.ends.append(result.pathBytes.count)
            result.sizes.append(sizes[index])
            result.modificationTimes.append(modificationTimes[index])
        }
        return result
    }
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
        var base = root
        while base.utf8.count > 1 && base.hasSuffix("/") { base.removeLast() }
        var info = stat()
        guard stat(base, &info) == 0 else {
            throw FileWalkerError(path: root, reason: ArticleParser.describe(errno))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw FileWalkerError(path: root, reason: "not a directory")
        }
        if let probe = opendir(base) {
            closedir(probe)
        } else {
            throw FileWalkerError(path: root, reason: ArticleParser.describe(errno))
        }
        var walk = Walk(root: base)
        walk.visited.insert(DirectoryID(info))
        walk.run()
        walk.problems.sort { utf8Less($0.path, $1.path) }
        return WalkResult(list: walk.files.sorted(), skipped: walk.skipped, problems: walk.problems)
    }
}

private struct DirectoryID: Hashable {
    let device: UInt64
    let inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

private struct Walk {
    let root: String
    var visited: Set<DirectoryID> = []
    var files: FileList
    var skipped = 0
    var problems: [WalkProblem] = []
    /// Directories to read, as (path, relative path).
    var pending: [(String, String)] = []
    /// Symbolic links to directories, entered once no real directory is left.
    var linked: [(String, String, stat)] = []

    init(root: String) {
        self.root = root
        files = FileList(root: root)
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
                    pending.append((path, relative))
                } else {
                    problems.append(WalkProblem(path: path, reason: "symbolic link to a directory already walked (loop or duplicate)"))
                }
            }
        }
    }

    private mutating func read(_ path: String, _ relative: String) {
        guard let dir = opendir(path) else {
            problems.append(WalkProblem(path: path, reason: "cannot read directory: \(ArticleParser.describe(errno))"))
            return
        }
        defer { closedir(dir) }
        let fd = dirfd(dir)
        var names: [(name: String, type: UInt8)] = []
        while let entry = readdir(dir) {
            let type = entry.pointee.d_type
            let name: String? = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(validatingCString: $0) }
            }
            guard let name else {
                problems.append(WalkProblem(path: path + "/?", reason: "file name is not valid UTF-8"))
                continue
            }
            if name == "." || name == ".." { continue }
            names.append((name, type))
        }
        // Sorted so link targets are claimed in the same order on every run.
        names.sort { utf8Less($0.name, $1.name) }
        for (name, type) in names {
            if name.hasPrefix(".") { skipped += 1; continue }
            let isText = Self.hasTextExtension(name)
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
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                if isLink {
                    linked.append((childPath, childRelative, info))
                } else if visited.insert(DirectoryID(info)).inserted {
                    pending.append((childPath, childRelative))
                } else {
                    problems.append(WalkProblem(path: childPath, reason: "directory already walked"))
                }
            case S_IFREG where isText:
                let mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
                files.append(relative: relative, name: name, size: Int64(info.st_size), modificationTime: mtime)
            default:
                skipped += 1
            }
        }
    }

    private static func hasTextExtension(_ name: String) -> Bool {
        let b = Array(name.utf8.suffix(4))
        return b.count == 4 && b[0] == 0x2E && b[1] | 0x20 == 0x74 && b[2] | 0x20 == 0x78 && b[3] | 0x20 == 0x74
    }
}

/// Byte order of UTF-8, with memcmp: String's own `<` compares by Unicode
/// rules and `utf8.lexicographicallyPrecedes` goes byte by byte through a
/// generic iterator, both far slower when sorting a million paths.
func utf8Less(_ lhs: String, _ rhs: String) -> Bool {
    var lhs = lhs
    var rhs = rhs
    return lhs.withUTF8 { left in rhs.withUTF8 { right in compareBytes(left, right) < 0 } }
}

/// memcmp order of two byte strings, a shorter prefix first: negative, zero or positive.
func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
    let shared = min(a.count, b.count)
    if shared > 0, let left = a.baseAddress, let right = b.baseAddress {
        let order = memcmp(left, right, shared)
        if order != 0 { return Int(order) }
    }
    return a.count - b.count
}
