import Gazette

/// Escaping and small building blocks for the server-rendered pages.
/// Every piece of text that comes from an article or a request goes
/// through `escape` before it is written into a page.
enum HTML {
    /// Text safe in element content and in double-quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A snippet with its highlights (code point ranges) as `<mark>`, escaped.
    static func highlighted(_ snippet: Snippet) -> String {
        var out = ""
        var pending = ""
        var open = false
        var position = 0
        var ranges = snippet.highlights.makeIterator()
        var next = ranges.next()
        func flush(_ tag: String) {
            out += escape(pending) + tag
            pending = ""
        }
        for scalar in snippet.text.unicodeScalars {
            if !open, let range = next, position == range.lowerBound {
                flush("<mark>")
                open = true
            }
            pending.unicodeScalars.append(scalar)
            position += 1
            if open, let range = next, position >= range.upperBound {
                flush("</mark>")
                open = false
                next = ranges.next()
            }
        }
        flush(open ? "</mark>" : "")
        return out
    }

    /// Form-encodes one query-string component (`application/x-www-form-urlencoded`).
    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// `path?name=value&…`, values encoded, empty values left out.
    static func link(_ path: String, _ pairs: [(String, String)]) -> String {
        let query = pairs.filter { !$0.1.isEmpty }.map { formEncode($0.0) + "=" + formEncode($0.1) }
        return query.isEmpty ? path : path + "?" + query.joined(separator: "&")
    }

    /// The frame every page shares: viewport for phones, the style sheet and script.
    static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <link rel="stylesheet" href="/static/gazette.css">
        <script src="/static/gazette.js" defer></script>
        </head>
        <body>
        <header class="top"><a class="brand" href="/">Gazette</a>
        <nav><a href="/">Search</a> <a href="/coverage">Coverage over time</a></nav></header>
        \(body)
        </body>
        </html>
        """
    }

    /// An error box for a page: the message and, for query errors, where.
    static func errorBox(_ error: APIError, query: String? = nil) -> String {
        var text = "<div class=\"error\" role=\"alert\"><strong>\(error.status == 400 ? "Cannot search this" : "Something failed")</strong>: "
            + escape(error.message)
        if let column = error.column, let query {
            let before = String(query.prefix(max(0, column - 1)).suffix(40))
            let rest = String(query.dropFirst(max(0, column - 1)).prefix(40))
            text += " <span class=\"where\">(column \(column): <code>\(escape(before))<mark>\(escape(rest.isEmpty ? " " : rest))</mark></code>)</span>"
        }
        return text + "</div>"
    }
}

/// The first and last day of a histogram or coverage bucket label
/// (`YYYY`, `YYYY-MM`, `YYYY-Www`, `YYYY-MM-DD`), for links that narrow dates.
enum BucketRange {
    static func days(_ label: String) -> (first: String, last: String)? {
        if let spec = DateSpec(parsing: label) { return (spec.first.description, spec.last.description) }
        let parts = label.split(separator: "-")
        guard parts.count == 2, parts[1].first == "W", let year = Int(parts[0]), let week = Int(parts[1].dropFirst()),
              (1...53).contains(week), let january4 = Day(year: year, month: 1, day: 4) else { return nil }
        // ISO week 1 is the week holding 4 January.
        let start = january4.daysSinceEpoch - january4.isoWeekday + 1 + 7 * (week - 1)
        return (Day(daysSinceEpoch: start).description, Day(daysSinceEpoch: start + 6).description)
    }
}
