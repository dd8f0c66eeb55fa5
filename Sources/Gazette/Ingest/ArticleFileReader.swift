#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ArticleParser {
    /// Reads and parses one file. I/O failures (the file vanished, permission
    /// denied, a directory, not a regular file) come back as rejections that say so.
    public static func parseFile(atPath path: String) -> Result<ParsedArticle, ArticleRejection> {
        parseFile(atPath: path, maxFileBytes: maxFileBytes)
    }

    static func parseFile(atPath path: String, maxFileBytes limit: Int) -> Result<ParsedArticle, ArticleRejection> {
        switch readFile(atPath: path, limit: limit) {
        case .success(let bytes): return bytes.withUnsafeBytes { parse($0, maxFileBytes: limit) }
        case .failure(let rejection): return .failure(rejection)
        }
    }

    /// The whole file, or a rejection. Over-size files are not read at all.
    package static func readFile(atPath path: String, limit: Int) -> Result<[UInt8], ArticleRejection> {
        // O_NONBLOCK: a FIFO named .txt must not hang the indexer in open().
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .failure(ArticleRejection(openFailure(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(ArticleRejection("cannot stat file: \(describe(errno))")) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(ArticleRejection("is a directory, not a file"))
        default: return .failure(ArticleRejection("not a regular file"))
        }
        let size = Int(info.st_size)
        if size > limit { return .failure(sizeRejection(size: size, limit: limit)) }
        if size == 0 { return .failure(ArticleRejection("file is empty")) }
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            guard let base = buffer.baseAddress else { return }
            // A file that shrinks while being read yields what is left.
            while count < size {
                let got = read(fd, base + count, size - count)
                if got > 0 { count += got }
                else if got == 0 { break }
                else if errno != EINTR { failure = errno; break }
            }
        }
        if failure != 0 { return .failure(ArticleRejection("read error: \(describe(failure))")) }
        return .success(bytes)
    }

    private static func openFailure(_ code: Int32) -> String {
        switch code {
        case ENOENT, ENOTDIR: return "file vanished before it could be read"
        case EACCES, EPERM: return "permission denied"
        case ELOOP: return "symbolic link loop"
        default: return "cannot open file: \(describe(code))"
        }
    }

    /// strerror text with a lower-case start, to fit a one-line reason.
    package static func describe(_ code: Int32) -> String { SystemError.describe(code) }
}
