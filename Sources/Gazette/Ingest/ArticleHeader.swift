/// The fields of an article's first line, `date YYYY-MM-DD URL [lang=CODE]`.
struct ArticleHeader: Equatable {
    var date: Day
    var url: String
    var source: String
    var repairs: [String]
    /// The language the header states (`lang=de` after the URL), ISO 639-1; "" when it states none.
    var language: String = ""

    /// Parses a trimmed header line (spaces only; tabs are already spaces).
    ///
    /// Lenient where the meaning is unambiguous: the keyword `date` in any case
    /// and with an optional colon, or missing altogether when the line starts
    /// with a date; a time after the date (`T14:30:00Z` or ` 14:30 UTC`) is
    /// ignored; text after the URL is ignored.
    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> Result<ArticleHeader, ArticleRejection> {
        let tokens = tokenize(line)
        guard let first = tokens.first else { return .failure(ArticleRejection("no header")) }
        var repairs: [String] = []
        var next = 0
        let keyword = first.lowercased()
        if keyword == "date" || keyword == "date:" {
            next = 1
        } else if looksLikeDate(first) {
            repairs.append("header lacks the word \"date\"")
        } else {
            return .failure(ArticleRejection(
                "no header: the first line should be \"date YYYY-MM-DD URL\" but starts \"\(snippet(line))\""))
        }
        guard next < tokens.count else { return .failure(ArticleRejection("missing date in header")) }
        let dateText = tokens[next]
        next += 1
        guard let date = Day(parsing: dateText) else {
            // The date is unreadable, but the URL may not be: the rejection then counts against its source.
            let url = tokens.dropFirst().first { $0.contains("://") && host(ofURL: $0) != nil }
            return .failure(dateRejection(dateText).naming(url: url))
        }
        // "2026-02-05 14:30:00 UTC http://..." : skip the time and its zone.
        if next < tokens.count, isTime(tokens[next]) {
            next += 1
            if next + 1 < tokens.count, isZone(tokens[next]) { next += 1 }
        }
        guard next < tokens.count else { return .failure(ArticleRejection("no URL in header")) }
        let url = tokens[next]
        guard let source = host(ofURL: url) else {
            return .failure(ArticleRejection("URL has no host: \"\(snippet(url))\""))
        }
        var language = ""
        var ignored = false
        for token in tokens[(next + 1)...] {
            if let stated = statedLanguage(token), language.isEmpty {
                language = stated
            } else {
                ignored = true
            }
        }
        if ignored { repairs.append("ignored text after the URL in the header") }
        return .success(ArticleHeader(date: date, url: url, source: source, repairs: repairs, language: language))
    }

    /// The code of a `lang=xx` token (any case; `zh-Hant` and `iw` map to ISO 639-1), or nil.
    static func statedLanguage(_ token: String) -> String? {
        let lowered = token.lowercased()
        guard lowered.hasPrefix("lang=") else { return nil }
        return Languages.normalized(String(lowered.dropFirst(5)))
    }

    /// Why a date that is not a calendar day was refused.
    private static func dateRejection(_ dateText: String) -> ArticleRejection {
        if dateText.hasPrefix("0000-00-00") {
            return ArticleRejection("missing date (0000-00-00) in header")
        }
        if looksLikeDate(dateText) && (dateText.utf8.count == 10 || "Tt _".utf8.contains(Array(dateText.utf8)[10])) {
            return ArticleRejection("impossible date \(snippet(dateText)) in header")
        }
        if dateText.contains("://") || dateText.contains(".") && !looksLikeDate(dateText) {
            return ArticleRejection("missing date in header")
        }
        return ArticleRejection("unreadable date \"\(snippet(dateText))\" in header")
    }

    private static func tokenize(_ line: UnsafeBufferPointer<UInt8>) -> [String] {
        var tokens: [String] = []
        var start: Int? = nil
        for i in 0...line.count {
            let isSpace = i == line.count || line[i] == 0x20
            if isSpace, let s = start {
                tokens.append(String(decoding: UnsafeBufferPointer(rebasing: line[s..<i]), as: UTF8.self))
                start = nil
            } else if !isSpace && start == nil {
                start = i
            }
        }
        return tokens
    }

    /// `DDDD-DD-DD` at the start, whatever the values.
    static func looksLikeDate(_ text: String) -> Bool {
        let b = Array(text.utf8.prefix(10))
        guard b.count == 10 else { return false }
        for (i, c) in b.enumerated() {
            if i == 4 || i == 7 { if c != 0x2D { return false } } else if c < 0x30 || c > 0x39 { return false }
        }
        return true
    }

    private static func isTime(_ text: String) -> Bool {
        guard let first = text.utf8.first, first >= 0x30, first <= 0x39, text.contains(":") else { return false }
        return text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x3A) || $0 == 0x2E || $0 == 0x2B || $0 == 0x2D || $0 | 0x20 == 0x7A }
    }

    private static func isZone(_ text: String) -> Bool {
        let b = Array(text.utf8)
        if (2...5).contains(b.count), b.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) { return true }
        if b.count == 5, b[0] == 0x2B || b[0] == 0x2D, b.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return true }
        return false
    }

    /// A header fragment safe to quote in a one-line reason.
    static func snippet(_ text: some StringProtocol, limit: Int = 60) -> String {
        let s = String(text)
        return s.count <= limit ? s : String(s.prefix(limit)) + "…"
    }

    static func snippet(_ line: UnsafeBufferPointer<UInt8>) -> String {
        snippet(String(decoding: UnsafeBufferPointer(rebasing: line.prefix(240)), as: UTF8.self))
    }

    /// The host of `url`, lower-cased and without a leading `www.`; nil if it
    /// has none. A URL without a scheme (`example.com/x`) yields its host when
    /// its first segment looks like a domain name.
    static func host(ofURL url: String) -> String? {
        // Bytes, not Characters: this runs once per file, and grapheme-aware
        // Substring operations cost tens of thousands of instructions per URL.
        let bytes = Array(url.utf8)
        var start = 0
        var hadScheme = false
        if let colon = bytes.firstIndex(of: 0x3A), colon > 0, colon + 2 < bytes.count,
           bytes[colon + 1] == 0x2F, bytes[colon + 2] == 0x2F, isASCIILetter(bytes[0]),
           bytes[..<colon].allSatisfy({ isASCIILetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }) {
            start = colon + 3
            hadScheme = true
        } else if bytes.count >= 2, bytes[0] == 0x2F, bytes[1] == 0x2F {
            start = 2
            hadScheme = true
        }
        var end = start
        while end < bytes.count, bytes[end] != 0x2F, bytes[end] != 0x3F, bytes[end] != 0x23, bytes[end] != 0x5C { end += 1 }
        var authority = bytes[start..<end]
        if let at = authority.lastIndex(of: 0x40) {
            // Without a scheme "a@b.com" is an e-mail address, not userinfo.
            guard hadScheme else { return nil }
            authority = authority[(at + 1)...]
        }
        var host: ArraySlice<UInt8>
        if authority.first == 0x5B {
            guard let close = authority.firstIndex(of: 0x5D) else { return nil }
            host = authority[(authority.startIndex + 1)..<close]
        } else if let colon = authority.firstIndex(of: 0x3A) {
            let port = authority[(colon + 1)...]
            // Without a scheme "x:y" is something else ("mailto:a@b"), not host:port.
            guard hadScheme || port.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            host = authority[..<colon]
        } else {
            host = authority
        }
        while host.last == 0x2E { host = host.dropLast() }
        guard !host.isEmpty,
              host.allSatisfy({ isASCIILetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E
                                || $0 == 0x5F || $0 == 0x3A || $0 >= 0x80 })
        else { return nil }
        if !hadScheme && (!host.contains(0x2E) || host.first == 0x2E) { return nil }
        var lowered = host.allSatisfy({ $0 < 0x80 })
            ? String(decoding: host.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
            : String(decoding: host, as: UTF8.self).lowercased()
        if lowered.hasPrefix("www."), lowered.utf8.count > 4 { lowered.removeFirst(4) }
        return lowered
    }

    @inline(__always)
    private static func isASCIILetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
}
