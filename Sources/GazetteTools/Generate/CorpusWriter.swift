import Gazette
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to write the generated corpus, naming the path involved.
public struct CorpusWriteError: Error, CustomStringConvertible, Sendable {
    /// The file or directory that could not be created or written.
    public let path: String
    /// The system's explanation (from `errno`).
    public let reason: String

    public var description: String { "cannot write \(path): \(reason)" }

    static func fromErrno(_ path: String) -> CorpusWriteError {
        CorpusWriteError(path: path, reason: String(cString: strerror(errno)))
    }
}

extension CorpusGenerator {
    /// Writes every article as a dump file under `directory` (created if
    /// needed), streaming: one article is in memory at a time.
    ///
    /// - Parameter progress: Called with (files done, total, bytes written so far)
    ///   every 500 files and once at the end.
    /// - Returns: The number of files and bytes written.
    /// - Throws: `CorpusWriteError` naming the first path that failed.
    @discardableResult
    public func write(
        to directory: String,
        progress: (Int, Int, Int64) -> Void = { _, _, _ in }
    ) throws(CorpusWriteError) -> (articles: Int, bytes: Int64) {
        let root = PathText.trimmingTrailingSlashes(directory)
        try Self.makeDirectories(root)
        var created = Set<String>()  // membership only: a few thousand folders at most
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        var bytes: Int64 = 0
        var done = 0
        for article in articles() {
            let relative = article.relativePath
            let folder = relative.lastIndex(of: "/").map { String(relative[..<$0]) } ?? ""
            if created.insert(folder).inserted { try Self.makeDirectories(root + "/" + folder) }
            buffer.removeAll(keepingCapacity: true)
            article.appendDump(to: &buffer)
            try Self.writeFile(root + "/" + relative, buffer)
            bytes += Int64(buffer.count)
            done += 1
            if done % 500 == 0 || done == articleCount { progress(done, articleCount, bytes) }
        }
        return (done, bytes)
    }

    /// `mkdir -p`: existing directories are fine; anything else that is in the
    /// way surfaces when the file inside it is opened.
    static func makeDirectories(_ path: String) throws(CorpusWriteError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0, errno != EEXIST { throw .fromErrno(prefix) }
            prefix += "/"
        }
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(CorpusWriteError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .fromErrno(path) }
        var offset = 0
        let failure: CorpusWriteError? = bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = systemWrite(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return .fromErrno(path)
                }
                offset += n
            }
            return nil
        }
        // close reports deferred write errors (e.g. on network filesystems).
        let closed = close(fd)
        if let failure { throw failure }
        if closed != 0 { throw .fromErrno(path) }
    }
}

/// The C `write(2)`, which the `write(to:)` method would otherwise shadow.
private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, pointer, count)
    #else
    return Darwin.write(fd, pointer, count)
    #endif
}

/// What `gazette generate --json` prints: `articles`, `bytes`, `seconds`.
public struct GeneratedCorpus: Encodable, Sendable {
    public var articles: Int
    public var bytes: Int64
    /// Wall-clock seconds, printed to the millisecond.
    public var seconds: Double

    public init(articles: Int, bytes: Int64, seconds: Double) {
        self.articles = articles
        self.bytes = bytes
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey { case articles, bytes, seconds }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(articles, forKey: .articles)
        try container.encode(bytes, forKey: .bytes)
        try container.encode((seconds * 1000).rounded() / 1000, forKey: .seconds)
    }
}
