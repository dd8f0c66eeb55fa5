/// A filter keyword that restricts the result set rather than the match.
enum QueryFilterKind: String, Sendable, CaseIterable {
    case source, after, before, date, lang
}

/// A lexical unit of the query language, with its 1-based column.
struct QueryToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A run of non-space characters; trailing `*`s are stripped into `prefix`.
        case word(String, prefix: Bool)
        /// A double-quoted string, closed at the end of input if unbalanced.
        case quoted(String, prefix: Bool)
        case openParen, closeParen
        /// `NEAR(`, written without a space before the parenthesis.
        case nearOpen
        /// `-` directly before a word, quote or parenthesis.
        case minus
        /// `=word` or `="a phrase"`: the folded, unstemmed form. The text is
        /// empty when nothing usable follows the `=` (the parser says so).
        case exact(String)
        /// `title:` or `body:` directly before a word, quote or parenthesis.
        case field(QueryField)
        /// `source:host`, `after:2024-05`, ...; the value is raw.
        case filter(QueryFilterKind, String)
    }

    let kind: Kind
    let column: Int
}

/// Splits query text into tokens. It never fails: every character ends up in
/// some token or is whitespace, which keeps the language lenient.
enum QueryLexer {
    static func tokenize(_ text: String) -> [QueryToken] {
        let chars = Array(text)
        var tokens: [QueryToken] = []
        var i = 0
        // `atStart`: a new token begins here, so `-` and `field:` are operators.
        var atStart = true
        // Cleared right after a `-` so that `--a` excludes the word `-a` once
        // rather than stacking negations.
        var minusAllowed = true

        func isBoundary(_ c: Character) -> Bool {
            isSpace(c) || c == "(" || c == ")" || isQuote(c)
        }

        while i < chars.count {
            let c = chars[i]
            let column = i + 1
            if isSpace(c) {
                i += 1; atStart = true; minusAllowed = true
                continue
            }
            if c == "(" || c == ")" {
                tokens.append(QueryToken(kind: c == "(" ? .openParen : .closeParen, column: column))
                i += 1; atStart = true; minusAllowed = true
                continue
            }
            if isQuote(c) {
                let (body, prefix, next) = readQuoted(chars, from: i)
                tokens.append(QueryToken(kind: .quoted(body, prefix: prefix), column: column))
                i = next; atStart = true; minusAllowed = true
                continue
            }
            if atStart {
                let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
                if c == "-", minusAllowed, let next, !isSpace(next), next != ")" {
                    tokens.append(QueryToken(kind: .minus, column: column))
                    i += 1; minusAllowed = false
                    continue
                }
                if c == "=" {
                    let (text, next) = readExact(chars, from: i)
                    tokens.append(QueryToken(kind: .exact(text), column: column))
                    i = next; atStart = true; minusAllowed = true
                    continue
                }
                if let (kind, next) = readFieldOrFilter(chars, from: i) {
                    tokens.append(QueryToken(kind: kind, column: column))
                    i = next
                    if case .field = kind { minusAllowed = true } else { atStart = true }
                    continue
                }
            }
            var end = i
            while end < chars.count, !isBoundary(chars[end]) { end += 1 }
            var word = String(chars[i..<end])
            var prefix = false
            while word.count > 1, word.hasSuffix("*") { word.removeLast(); prefix = true }
            if word == "NEAR", !prefix, end < chars.count, chars[end] == "(" {
                tokens.append(QueryToken(kind: .nearOpen, column: column))
                end += 1
            } else {
                tokens.append(QueryToken(kind: .word(word, prefix: prefix), column: column))
            }
            i = end; atStart = true; minusAllowed = true
        }
        return tokens
    }

    /// Reads what follows a `=` at `start`: a quoted phrase, or a word up to
    /// the next boundary. Nothing (space, a parenthesis, the end) gives "".
    private static func readExact(_ chars: [Character], from start: Int) -> (String, Int) {
        let first = start + 1
        guard first < chars.count else { return ("", first) }
        if isQuote(chars[first]) {
            let (body, _, next) = readQuoted(chars, from: first)
            return (body, next)
        }
        var end = first
        while end < chars.count, !isSpace(chars[end]), chars[end] != "(", chars[end] != ")", !isQuote(chars[end]) { end += 1 }
        return (String(chars[first..<end]), end)
    }

    /// Reads `"..."` starting at the opening quote; returns the body, whether a
    /// `*` follows the closing quote, and the index after all of it.
    private static func readQuoted(_ chars: [Character], from start: Int) -> (String, Bool, Int) {
        var end = start + 1
        while end < chars.count, !isQuote(chars[end]) { end += 1 }
        let body = String(chars[(start + 1)..<end])
        var next = min(end + 1, chars.count)
        var prefix = false
        while next < chars.count, chars[next] == "*" { next += 1; prefix = true }
        return (body, prefix, next)
    }

    /// Recognizes `title:`/`body:` and `source:`/`after:`/`before:`/`date:`
    /// (case-insensitive) when something other than space follows the colon;
    /// `title:` alone, or an unknown `author:`, stays an ordinary word.
    private static func readFieldOrFilter(_ chars: [Character], from start: Int) -> (QueryToken.Kind, Int)? {
        var colon = start
        while colon < chars.count, colon - start < 7, chars[colon].isASCII, chars[colon].isLetter { colon += 1 }
        guard colon > start, colon + 1 < chars.count, chars[colon] == ":" else { return nil }
        let after = chars[colon + 1]
        guard !isSpace(after), after != ")" else { return nil }
        let name = String(chars[start..<colon]).lowercased()
        if let field = QueryField(rawValue: name) {
            return (.field(field), colon + 1)
        }
        guard let filter = QueryFilterKind(rawValue: name), after != "(" else { return nil }
        if isQuote(after) {
            let (value, _, next) = readQuoted(chars, from: colon + 1)
            return (.filter(filter, value), next)
        }
        var end = colon + 1
        while end < chars.count, !isSpace(chars[end]), chars[end] != "(", chars[end] != ")", !isQuote(chars[end]) {
            end += 1
        }
        return (.filter(filter, String(chars[(colon + 1)..<end])), end)
    }

    /// Control characters count as space so that a NUL or newline can never
    /// reach FTS5 inside a literal.
    static func isSpace(_ c: Character) -> Bool {
        c.isWhitespace || c.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// Typographic quotes, as pasted from word processors, work like `"`.
    static func isQuote(_ c: Character) -> Bool {
        c == "\"" || c == "\u{201C}" || c == "\u{201D}" || c == "\u{201E}"
    }
}
