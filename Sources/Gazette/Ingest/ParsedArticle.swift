/// One article as read from a `.txt` file: header fields, headline and body.
public struct ParsedArticle: Sendable, Equatable {
    /// The URL as written in the header, trimmed.
    public var url: String
    /// The URL's host, lower-cased, without a leading `www.`.
    public var source: String
    /// The header's calendar day (a time in the header is ignored, never applied).
    public var date: Day
    /// The headline; may be empty when the body is not.
    public var title: String
    /// Non-blank body lines, trimmed, in file order.
    public var paragraphs: [String]
    /// Short notes of what was repaired while reading, e.g. "decoded as Windows-1252".
    public var repairs: [String]
    /// The language the header states (`lang=CODE`), ISO 639-1; "" when it states none.
    public var language: String

    public init(url: String, source: String, date: Day, title: String, paragraphs: [String],
                repairs: [String] = [], language: String = "") {
        self.language = language
        self.url = url
        self.source = source
        self.date = date
        self.title = title
        self.paragraphs = paragraphs
        self.repairs = repairs
    }

    /// The paragraphs joined with newlines.
    public var body: String { paragraphs.joined(separator: "\n") }
}

/// Why a file is not an article. `reason` is one line starting in lower case,
/// e.g. "impossible date 2026-13-45 in header".
public struct ArticleRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    /// The header's URL when it could be read, so that a rejection can be
    /// counted against its source (`gazette sources`). Not part of equality:
    /// two rejections for the same reason are the same rejection.
    public var url: String?

    public init(_ reason: String) {
        self.reason = reason
    }

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { reason }

    public static func == (lhs: ArticleRejection, rhs: ArticleRejection) -> Bool {
        lhs.reason == rhs.reason
    }

    /// This rejection, naming the article's URL.
    func naming(url: String?) -> ArticleRejection {
        var named = self
        named.url = url
        return named
    }
}
