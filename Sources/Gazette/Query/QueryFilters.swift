/// Restrictions on the result set that are not part of the FTS5 match.
public struct QueryFilters: Sendable, Equatable, CustomStringConvertible {
    /// Inclusive bounds after intersecting every date in the query and the
    /// options. `firstDay > lastDay` means nothing can match; that is not an error.
    public var firstDay: Day?
    public var lastDay: Day?
    /// Allowed hosts, normalized, deduplicated and sorted; empty allows all.
    public var sources: [String]
    /// Allowed languages (ISO 639-1), deduplicated and sorted; empty allows all.
    public var languages: [String] = []

    public init(firstDay: Day? = nil, lastDay: Day? = nil, sources: [String] = [], languages: [String] = []) {
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.sources = sources
        self.languages = languages
    }

    /// True when the date bounds exclude every day.
    public var matchesNothing: Bool {
        guard let firstDay, let lastDay else { return false }
        return firstDay > lastDay
    }

    /// e.g. `dates 2024-05-01...2024-05-31; sources bbc.co.uk, npr.org`.
    public var description: String {
        var parts: [String] = []
        if firstDay != nil || lastDay != nil {
            parts.append("dates \(firstDay?.description ?? "")...\(lastDay?.description ?? "")")
        }
        if !sources.isEmpty { parts.append("sources " + sources.joined(separator: ", ")) }
        if !languages.isEmpty { parts.append("languages " + languages.joined(separator: ", ")) }
        return parts.isEmpty ? "none" : parts.joined(separator: "; ")
    }

    /// Normalizes a user-written source to the host stored at ingest:
    /// scheme, path, port and `www.` removed, lower-cased. Nil when no host remains.
    public static func normalizeSource(_ raw: String) -> String? {
        var host = Substring(raw.lowercased())
        if let scheme = host.firstRange(of: "://") { host = host[scheme.upperBound...] }
        if let slash = host.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { host = host[..<slash] }
        if let colon = host.firstIndex(of: ":") { host = host[..<colon] }
        while host.hasSuffix(".") { host = host.dropLast() }
        if host.hasPrefix("www.") { host = host.dropFirst(4) }
        guard host.hasQueryWordCharacters, !host.contains(where: { QueryLexer.isSpace($0) || $0 == "\"" }) else {
            return nil
        }
        return String(host)
    }
}

extension QueryFilters {
    /// Intersects the date bounds and unites the sources of the query and the options.
    init(_ terms: [QueryFilterTerm], _ options: CompileOptions) {
        var result = QueryFilters()
        var sources = Set(options.sources.compactMap(QueryFilters.normalizeSource))
        var languages = Set(options.languages.compactMap(Languages.normalized))
        func narrow(first: Day?, last: Day?) {
            if let first { result.firstDay = max(result.firstDay ?? first, first) }
            if let last { result.lastDay = min(result.lastDay ?? last, last) }
        }
        narrow(first: options.from?.first, last: options.to?.last)
        for term in terms {
            switch term.value {
            case .source(let host): sources.insert(host)
            case .language(let code): languages.insert(code)
            case .after(let spec): narrow(first: spec.first, last: nil)
            case .before(let spec): narrow(first: nil, last: spec.last)
            case .date(let spec): narrow(first: spec.first, last: spec.last)
            }
        }
        result.sources = sources.sorted()
        result.languages = languages.sorted()
        self = result
    }
}

/// A `source:` or date term found in the query, already validated.
struct QueryFilterTerm: Sendable, Equatable {
    enum Value: Sendable, Equatable {
        case source(String)
        case language(String)
        case after(DateSpec), before(DateSpec), date(DateSpec)
    }

    let kind: QueryFilterKind
    let value: Value
    let column: Int

    init(kind: QueryFilterKind, value: Value, column: Int) {
        self.kind = kind
        self.value = value
        self.column = column
    }

    /// Validates a filter's raw value; the error names the filter and its column.
    init(_ kind: QueryFilterKind, _ raw: String, column: Int) throws(QueryError) {
        if kind == .source {
            guard let host = QueryFilters.normalizeSource(raw) else {
                throw QueryError("source:\(raw) is not a host name", column: column)
            }
            self.init(kind: kind, value: .source(host), column: column)
            return
        }
        if kind == .lang {
            guard let code = Languages.normalized(raw) else {
                throw QueryError("lang:\(raw) is not a language code; use ISO 639-1, e.g. lang:de", column: column)
            }
            self.init(kind: kind, value: .language(code), column: column)
            return
        }
        guard let spec = DateSpec(parsing: raw) else {
            throw QueryError("\(kind.rawValue):\(raw) is not a date; use YYYY, YYYY-MM or YYYY-MM-DD", column: column)
        }
        let value: QueryFilterTerm.Value = switch kind {
        case .after: .after(spec)
        case .before: .before(spec)
        default: .date(spec)
        }
        self.init(kind: kind, value: value, column: column)
    }
}
