#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses article files: `date YYYY-MM-DD URL`, a headline line, then one
/// body paragraph per line. Repairs what can be repaired (encodings, BOMs,
/// line endings, control characters, leftover HTML) and rejects the rest
/// with a one-line reason.
public enum ArticleParser {
    /// Files larger than this (64 MiB) are rejected unread.
    public static let maxFileBytes = 64 << 20

    /// Parses one file's bytes.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<ParsedArticle, ArticleRejection> {
        parse(bytes, maxFileBytes: maxFileBytes)
    }

    /// Parses one file's bytes.
    public static func parse(_ bytes: [UInt8]) -> Result<ParsedArticle, ArticleRejection> {
        bytes.withUnsafeBytes { parse($0, maxFileBytes: maxFileBytes) }
    }

    /// `limit` stands in for `maxFileBytes` so tests need not allocate 64 MiB.
    static func parse(_ raw: UnsafeRawBufferPointer, maxFileBytes limit: Int) -> Result<ParsedArticle, ArticleRejection> {
        if raw.count > limit { return .failure(sizeRejection(size: raw.count, limit: limit)) }
        if raw.isEmpty { return .failure(ArticleRejection("file is empty")) }
        let input = raw.assumingMemoryBound(to: UInt8.self)
        switch TextDecoding.decodeUnlessBinary(input) {
        case .failure(let rejection):
            return .failure(rejection)
        case .success(.clean(let start, let containsCR)):
            return parseDecoded(UnsafeBufferPointer(rebasing: input[start...]), containsCR: containsCR, repairs: [])
        case .success(.rewritten(let decoded)):
            return decoded.bytes.withUnsafeBufferPointer { text in
                parseDecoded(text, containsCR: decoded.containsCR, repairs: decoded.repairs)
            }
        }
    }

    private static func parseDecoded(_ text: UnsafeBufferPointer<UInt8>, containsCR: Bool,
                                     repairs: [String]) -> Result<ParsedArticle, ArticleRejection> {
        var repairs = repairs
        var lines = LineCursor(text, containsCR: containsCR)
        var headerLine: Range<Int>? = nil
        while let line = lines.next() {
            let trimmed = trim(text, line)
            if !trimmed.isEmpty { headerLine = trimmed; break }
        }
        guard let headerLine else {
            return .failure(ArticleRejection(text.isEmpty ? "file has no text (only control characters)"
                                                           : "file is empty (only whitespace)"))
        }
        let header: ArticleHeader
        switch ArticleHeader.parse(UnsafeBufferPointer(rebasing: text[headerLine])) {
        case .success(let parsed): header = parsed
        case .failure(let rejection): return .failure(rejection)
        }
        repairs.append(contentsOf: header.repairs)

        let rest = UnsafeBufferPointer(rebasing: text[lines.position...])
        let (title, paragraphs): (String, [String])
        if HTMLCleaner.mayContainMarkup(rest) {
            var cleaner = HTMLCleaner()
            let cleaned = cleaner.clean(rest)
            (title, paragraphs) = cleaned.withUnsafeBufferPointer { splitBody($0, containsCR: containsCR) }
            if cleaner.strippedMarkup > 0 { repairs.append("stripped HTML") }
            if cleaner.decodedEntities > 0 { repairs.append("decoded HTML entities") }
        } else {
            (title, paragraphs) = splitBody(rest, containsCR: containsCR)
        }
        guard !title.isEmpty || !paragraphs.isEmpty else {
            return .failure(ArticleRejection("no headline or body after the header").naming(url: header.url))
        }
        return .success(ParsedArticle(url: header.url, source: header.source, date: header.date,
                                      title: title, paragraphs: paragraphs, repairs: repairs,
                                      language: header.language))
    }

    /// The first line is the headline (possibly blank); the other non-blank lines are paragraphs.
    private static func splitBody(_ text: UnsafeBufferPointer<UInt8>, containsCR: Bool) -> (String, [String]) {
        var lines = LineCursor(text, containsCR: containsCR)
        guard let titleLine = lines.next() else { return ("", []) }
        let title = string(text, trim(text, titleLine))
        var paragraphs: [String] = []
        while let line = lines.next() {
            let trimmed = trim(text, line)
            if !trimmed.isEmpty { paragraphs.append(string(text, trimmed)) }
        }
        return (title, paragraphs)
    }

    @inline(__always)
    private static func string(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self)
    }

    /// Trims spaces, NBSP (C2 A0) and zero-width no-break spaces (EF BB BF,
    /// e.g. a BOM after a leading space) from both ends.
    static func trim(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi {
            if text[lo] == 0x20 { lo += 1 }
            else if text[lo] == 0xC2, lo + 1 < hi, text[lo + 1] == 0xA0 { lo += 2 }
            else if text[lo] == 0xEF, lo + 2 < hi, text[lo + 1] == 0xBB, text[lo + 2] == 0xBF { lo += 3 }
            else { break }
        }
        while hi > lo {
            if text[hi - 1] == 0x20 { hi -= 1 }
            else if hi - lo >= 2, text[hi - 2] == 0xC2, text[hi - 1] == 0xA0 { hi -= 2 }
            else if hi - lo >= 3, text[hi - 3] == 0xEF, text[hi - 2] == 0xBB, text[hi - 1] == 0xBF { hi -= 3 }
            else { break }
        }
        return lo..<hi
    }

    static func sizeRejection(size: Int, limit: Int) -> ArticleRejection {
        ArticleRejection("file is \(formatSize(size, exact: false)), over the \(formatSize(limit, exact: true)) limit")
    }

    /// "70.2 MB", "64 MB", "1.5 KB", "100 bytes" (1 MB = 1 MiB).
    static func formatSize(_ bytes: Int, exact: Bool) -> String {
        func scaled(_ unit: Int, _ name: String) -> String {
            let tenths = (bytes * 10 + unit / 2) / unit
            if exact && bytes % unit == 0 { return "\(bytes / unit) \(name)" }
            return "\(tenths / 10).\(tenths % 10) \(name)"
        }
        if bytes >= 1 << 20 { return scaled(1 << 20, "MB") }
        if bytes >= 1 << 10 { return scaled(1 << 10, "KB") }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}

/// Iterates lines ended by LF, CRLF or CR; the last line needs no terminator.
struct LineCursor {
    let text: UnsafeBufferPointer<UInt8>
    let containsCR: Bool
    /// Start of the next line.
    private(set) var position = 0

    init(_ text: UnsafeBufferPointer<UInt8>, containsCR: Bool) {
        self.text = text
        self.containsCR = containsCR
    }

    mutating func next() -> Range<Int>? {
        let n = text.count
        guard position < n, let base = text.baseAddress else { return nil }
        let start = position
        if !containsCR {
            // LF-only text: let memchr find the line ends.
            if let hit = memchr(base + start, 0x0A, n - start) {
                let end = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
                position = end + 1
                return start..<end
            }
            position = n
            return start..<n
        }
        var i = start
        while i < n {
            let c = text[i]
            if c == 0x0A { position = i + 1; return start..<i }
            if c == 0x0D {
                position = i + 1 < n && text[i + 1] == 0x0A ? i + 2 : i + 1
                return start..<i
            }
            i += 1
        }
        position = n
        return start..<n
    }
}
