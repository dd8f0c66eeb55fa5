#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files of a walk, packed: relative paths back to back in one byte
/// buffer, with sizes and times in flat arrays, about 70 bytes a file where
/// an array of `SourceFile` took over 300. Sorted by byte order of the
/// paths, as the walk yields them. The indexer does not hold one (it reads
/// `FileWalker.stream`); the baseline and the tests do.
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

    mutating func append(relativePath: String, size: Int64, modificationTime: Int64) {
        pathBytes.append(contentsOf: relativePath.utf8)
        ends.append(pathBytes.count)
        sizes.append(size)
        modificationTimes.append(modificationTime)
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
