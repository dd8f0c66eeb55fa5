#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed read or write of the band store's scratch file.
struct BandSpillError: Error, Sendable, CustomStringConvertible {
    enum Operation: String, Sendable { case read, write }
    let operation: Operation
    let folder: String
    /// The errno behind it; 0 for a file that ended early.
    let code: Int32

    var description: String {
        "cannot \(operation.rawValue) the copy detection scratch file in \(folder)"
            + (code != 0 ? ": " + String(cString: strerror(code)) : ": it ended early")
    }
}

/// The scratch file that holds `BandStore`'s sorted runs.
///
/// It is created in the index's folder (beside the database, on the disk the
/// user chose for the index) and unlinked at once, so it has no name: a
/// crashed or killed run leaves nothing behind, and the space returns when
/// the descriptor is closed with the store. It is read with `pread` into
/// small buffers rather than mapped, because mapped pages count towards the
/// process's resident memory, which this file exists to keep small.
///
/// Space freed by merged runs is reused first-fit, so the file stays near
/// twice the size of the runs it holds rather than the sum of all writes.
final class BandSpillFile {
    private let descriptor: Int32
    /// The folder the file was made in, for error messages.
    let folder: String
    /// Bytes in use up to the last run, holes included.
    private(set) var end: Int64 = 0
    /// Unused extents below `end`, by offset, never adjacent.
    private var holes: [(offset: Int64, length: Int64)] = []

    private init(descriptor: Int32, folder: String) {
        self.descriptor = descriptor
        self.folder = folder
    }

    deinit { close(descriptor) }

    /// Where a scratch file for the database at `databasePath` may go, in
    /// order: its folder, then `$TMPDIR`, then `/tmp`.
    static func folders(besideDatabaseAt databasePath: String) -> [String] {
        var folders: [String] = []
        // SQLite treats "" and ":memory:" as in-memory databases, which have no folder.
        if !databasePath.isEmpty && databasePath != ":memory:" && !databasePath.hasPrefix("file:") {
            folders.append(databasePath.lastIndex(of: "/").map { String(databasePath[..<$0]) }
                .map { $0.isEmpty ? "/" : $0 } ?? ".")
        }
        if let temp = getenv("TMPDIR").map({ String(cString: $0) }), !temp.isEmpty { folders.append(temp) }
        folders.append("/tmp")
        return folders
    }

    /// A new, already unlinked scratch file in the first of `folders` that
    /// takes one; nil when none does.
    static func create(inFirstOf folders: [String]) -> BandSpillFile? {
        for folder in folders {
            var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast())
            template += Array(".gazette-bands-XXXXXX".utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { $0.baseAddress.map { mkstemp($0) } ?? -1 }
            guard descriptor >= 0 else { continue }
            unlink(template)
            // Not inherited by child processes, which have no use for it.
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            return BandSpillFile(descriptor: descriptor, folder: folder)
        }
        return nil
    }

    /// Reserves `length` bytes and returns their offset.
    func allocate(_ length: Int64) -> Int64 {
        if let index = holes.firstIndex(where: { $0.length >= length }) {
            let offset = holes[index].offset
            if holes[index].length == length {
                holes.remove(at: index)
            } else {
                holes[index] = (offset + length, holes[index].length - length)
            }
            return offset
        }
        let offset = end
        end += length
        return offset
    }

    /// Returns bytes reserved by `allocate` (or a tail of them) for reuse.
    func release(offset: Int64, length: Int64) {
        guard length > 0 else { return }
        let index = holes.firstIndex { $0.offset > offset } ?? holes.count
        var merged = (offset: offset, length: length)
        var replaced = index..<index
        if index < holes.count && offset + length == holes[index].offset {
            merged.length += holes[index].length
            replaced = replaced.lowerBound..<index + 1
        }
        if index > 0 && holes[index - 1].offset + holes[index - 1].length == offset {
            merged = (holes[index - 1].offset, holes[index - 1].length + merged.length)
            replaced = index - 1..<replaced.upperBound
        }
        holes.replaceSubrange(replaced, with: [merged])
        if let last = holes.last, last.offset + last.length == end {
            // A free tail is reused from the end. The file is not truncated:
            // ext4 writes out dirty pages of a truncated range first.
            holes.removeLast()
            end = last.offset
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(BandSpillError) {
        var done = 0
        while done < bytes.count {
            let written = pwrite(descriptor, bytes.baseAddress.map { $0 + done }, bytes.count - done,
                                 off_t(offset) + off_t(done))
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw BandSpillError(operation: .write, folder: folder, code: written < 0 ? errno : 0)
            }
            done += written
        }
    }

    func read(into bytes: UnsafeMutableRawBufferPointer, at offset: Int64) throws(BandSpillError) {
        var done = 0
        while done < bytes.count {
            let read = pread(descriptor, bytes.baseAddress.map { $0 + done }, bytes.count - done,
                             off_t(offset) + off_t(done))
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else {
                throw BandSpillError(operation: .read, folder: folder, code: read < 0 ? errno : 0)
            }
            done += read
        }
    }
}
