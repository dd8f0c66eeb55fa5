#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The translation lives beside SQLite, not in Model: Model knows no SQLite type.
extension GazetteError {
    /// Runs `body`, translating whatever it throws into a `GazetteError` about `path`.
    static func translating<T>(path: String, _ body: () throws -> T) throws(GazetteError) -> T {
        do {
            return try body()
        } catch let error as GazetteError {
            throw error
        } catch let error as SQLiteError {
            throw GazetteError.from(error, path: path)
        } catch {
            throw GazetteError.database(path: path, detail: "\(error)", underlying: error)
        }
    }

    /// Translates an SQLite error on the database at `path` into words a user can act on.
    ///
    /// Write failures say that the committed state is kept, because an index
    /// run commits as it goes and the same command resumes from there.
    package static func from(_ error: SQLiteError, path: String) -> GazetteError {
        let resume = "the index keeps what was committed before; run the same command again to finish"
        let detail: String
        // SQLite often reports a failed write as a plain I/O error without the
        // errno, so the likely causes are looked up: a file size limit, a full disk.
        let writeFailed = error.isFull || error.isIOError
        if error.systemErrno == EFBIG || (writeFailed && error.systemErrno == 0 && fileSizeLimit != nil) {
            let limit = fileSizeLimit.map { " of \($0) bytes" } ?? ""
            detail = "the index file reached this process's file size limit\(limit) (ulimit -f): raise the limit; \(resume)"
        } else if error.isFull || error.systemErrno == ENOSPC || error.systemErrno == EDQUOT
                    || (writeFailed && error.systemErrno == 0 && diskIsFull(under: path)) {
            detail = "the disk is full (or over quota): free some space; \(resume)"
        } else if error.isReadOnly || error.systemErrno == EROFS {
            detail = "the index is read-only here: check the file's and its folder's permissions "
                + "and that its file system is not mounted read-only"
        } else if error.isBusy {
            detail = "the index is locked by another gazette process; try again when it finishes"
        } else if error.isCorrupt {
            return .notAnIndex(path: path, detail: "the file is damaged or not an SQLite database", underlying: error)
        } else if error.isCantOpen {
            detail = "cannot open the index file: check that its folder exists and is writable "
                + "(an index keeps its -wal and -shm files beside it, even for reading)"
        } else if error.isIOError {
            let cause = error.systemErrno != 0 ? " (\(SystemError.describe(error.systemErrno)))" : ""
            detail = "an I/O error occurred while reading or writing the index\(cause)"
        } else {
            detail = "database error (SQLite code \(error.code))"
        }
        return .database(path: path, detail: detail, underlying: error)
    }

    /// The process's RLIMIT_FSIZE in bytes, or nil when unlimited.
    private static var fileSizeLimit: UInt64? {
        var limit = rlimit()
        #if canImport(Glibc)
        // Glibc imports RLIMIT_FSIZE as an enum; Darwin as a plain Int32.
        let resource = Int32(RLIMIT_FSIZE.rawValue)
        #else
        let resource = RLIMIT_FSIZE
        #endif
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return UInt64(limit.rlim_cur)
    }

    /// True when the file system holding `path` has (almost) no space left.
    private static func diskIsFull(under path: String) -> Bool {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        var info = statvfs()
        guard statvfs(folder, &info) == 0 else { return false }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize) < 64 * 1024
    }
}
