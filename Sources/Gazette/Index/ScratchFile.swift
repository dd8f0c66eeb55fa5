#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file without a name for data a run writes once and reads back: created
/// in the index's folder (which the run can write, on the disk the index
/// lives on), or in `$TMPDIR` or /tmp when that fails, and unlinked at once,
/// so even a killed run leaves nothing behind. Read with `pread`: pages of a
/// mapped file would count as the process's resident memory.
final class ScratchFile {
    private let descriptor: Int32
    /// Where the file was made, for messages.
    let folder: String
    /// Bytes written so far.
    private(set) var length: Int64 = 0

    /// A scratch file near `path` (a file whose folder is tried first).
    init(near path: String) throws(GazetteError) {
        var folders: [String] = []
        if let slash = path.lastIndex(of: "/") {
            folders.append(slash == path.startIndex ? "/" : String(path[..<slash]))
        } else {
            folders.append(".")
        }
        if let temporary = getenv("TMPDIR").map({ String(cString: $0) }), !temporary.isEmpty {
            folders.append(temporary)
        }
        folders.append("/tmp")
        var reason = "no folder to write in"
        for folder in folders {
            var template = Array((folder + "/.gazette-scratch-XXXXXX").utf8CString)
            let made = template.withUnsafeMutableBufferPointer { $0.baseAddress.map { mkstemp($0) } ?? -1 }
            guard made >= 0 else {
                reason = "\(folder): \(ArticleParser.describe(errno))"
                continue
            }
            template.withUnsafeBufferPointer { if let name = $0.baseAddress { _ = unlink(name) } }
            descriptor = made
            self.folder = folder
            return
        }
        throw GazetteError.output(path: folders[0], detail: "cannot create a scratch file (\(reason))")
    }

    deinit { close(descriptor) }

    /// Appends `bytes` at the end of the file.
    func append(_ bytes: UnsafeRawBufferPointer) throws(GazetteError) {
        var done = 0
        while done < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let wrote = pwrite(descriptor, base + done, bytes.count - done, off_t(length) + off_t(done))
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else {
                throw GazetteError.output(path: folder, detail: "cannot write a scratch file: \(ArticleParser.describe(errno))")
            }
            done += wrote
        }
        length += Int64(bytes.count)
    }

    /// Reads up to `buffer.count` bytes at `offset`; returns how many (0 at the end).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(GazetteError) -> Int {
        guard let base = buffer.baseAddress, offset < length else { return 0 }
        while true {
            let got = pread(descriptor, base, min(buffer.count, Int(length - offset)), off_t(offset))
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else {
                throw GazetteError.output(path: folder, detail: "cannot read a scratch file: \(ArticleParser.describe(errno))")
            }
            return got
        }
    }
}
