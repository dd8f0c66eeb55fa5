#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed read or write of a scratch file.
struct ScratchFileError: Error, Sendable, CustomStringConvertible {
    enum Operation: String, Sendable { case read, write }
    let operation: Operation
    let folder: String
    /// The errno behind it; 0 for a file that ended early.
    let code: Int32

    var description: String {
        "cannot \(operation.rawValue) a scratch file in \(folder)"
            + (code != 0 ? ": " + String(cString: strerror(code)) : ": it ended early")
    }
}

/// A file without a name, for data an index run writes and reads back
/// instead of holding it in memory (the copy band store's sorted runs, the
/// run's list of files to read).
///
/// It is created in the index's folder (beside the database, on the disk the
/// user chose for the index) and unlinked at once, so it has no name: a
/// crashed or killed run leaves nothing behind, and the space returns when
/// the descriptor is closed. It is read with `pread` into small buffers
/// rather than mapped, because mapped pages count towards the process's
/// resident memory, which these files exist to keep small.
final class ScratchFile {
    private let descriptor: Int32
    /// The folder the file was made in, for error messages.
    let folder: String

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
    static func create(inFirstOf folders: [String]) -> ScratchFile? {
        for folder in folders {
            var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast())
            template += Array(".gazette-scratch-XXXXXX".utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { $0.baseAddress.map { mkstemp($0) } ?? -1 }
            guard descriptor >= 0 else { continue }
            unlink(template)
            // Not inherited by child processes, which have no use for it.
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            return ScratchFile(descriptor: descriptor, folder: folder)
        }
        return nil
    }

    /// Writes all of `bytes` at `offset`.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(ScratchFileError) {
        var done = 0
        while done < bytes.count {
            let written = pwrite(descriptor, bytes.baseAddress.map { $0 + done }, bytes.count - done,
                                 off_t(offset) + off_t(done))
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw ScratchFileError(operation: .write, folder: folder, code: written < 0 ? errno : 0)
            }
            done += written
        }
    }

    /// Writes all of `bytes` at `offset`.
    func write(_ bytes: [UInt8], at offset: Int64) throws(ScratchFileError) {
        let failure: ScratchFileError? = bytes.withUnsafeBytes { raw in
            do throws(ScratchFileError) { try write(raw, at: offset) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// The `count` bytes from `offset`; a file that ends first is an error.
    func read(count: Int, at offset: Int64) throws(ScratchFileError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let failure: ScratchFileError? = bytes.withUnsafeMutableBytes { raw in
            do throws(ScratchFileError) { try read(into: raw, at: offset) } catch { return error }
            return nil
        }
        if let failure { throw failure }
        return bytes
    }

    /// Fills all of `bytes` from `offset`; a file that ends first is an error.
    func read(into bytes: UnsafeMutableRawBufferPointer, at offset: Int64) throws(ScratchFileError) {
        var done = 0
        while done < bytes.count {
            let read = pread(descriptor, bytes.baseAddress.map { $0 + done }, bytes.count - done,
                             off_t(offset) + off_t(done))
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else {
                throw ScratchFileError(operation: .read, folder: folder, code: read < 0 ? errno : 0)
            }
            done += read
        }
    }
}
