import Gazette

/// The API's parameters read into the library's options, with the CLI's
/// checks plus bounds a public server needs (a page of at most 100 hits,
/// at most 10,000 hits deep), so no request can ask for unbounded work.
public struct SearchRequest: Sendable {
    public static let maxLimit = 100
    public static let maxOffset = 10_000
    public static let maxFacetLimit = 100
    static let known: Set<String> = ["q", "from", "to", "source", "lang", "sort", "any", "recency", "limit", "offset",
                                     "facets", "facet_limit", "by", "distinct", "all_copies", "after"]

    public let query: String
    public var options: SearchOptions

    public init(_ parameters: QueryParameters) throws(APIError) {
        try parameters.requireKnown(SearchRequest.known)
        guard let query = try parameters.single("q") else {
            throw APIError(status: 400, code: "missing_parameter", message: "parameter q: give a query")
        }
        self.query = query
        var options = SearchOptions()
        options.compile = try Filters(parameters).compile
        options.limit = try parameters.integer("limit", in: 0...SearchRequest.maxLimit, default: 10)
        options.offset = try parameters.integer("offset", in: 0...SearchRequest.maxOffset, default: 0)
        if let sort = try parameters.single("sort") {
            guard let order = SortOrder(rawValue: sort) else {
                throw .badParameter("sort", "expected relevance, newest or oldest, got \(APIError.quoted(sort))")
            }
            options.sort = order
        }
        options.compile.anyMode = try parameters.flag("any")
        if let text = try parameters.single("recency") {
            guard let days = Double(text), days > 0, days.isFinite, days <= 1_000_000 else {
                throw .badParameter("recency", "expected a positive number of days, got \(APIError.quoted(text))")
            }
            options.recencyHalfLife = days
        }
        options.facets = try parameters.flag("facets")
        options.facetLimit = try parameters.integer("facet_limit", in: 0...SearchRequest.maxFacetLimit, default: 10)
        options.granularity = try Filters.granularity(parameters)
        options.distinct = try parameters.flag("distinct")
        options.collapseCopies = !(try parameters.flag("all_copies"))
        // A cursor has no depth bound: it names a key, and a page after it costs what the first page costs
        // (collapsed copies aside, which rank from the top like an offset).
        if let text = try parameters.single("after") {
            guard options.offset == 0 else {
                throw .badParameter("after", "give either after or offset, not both: a cursor already says where the page starts")
            }
            do {
                options.after = try SearchCursor(encoded: text)
            } catch {
                throw APIError(error)
            }
        }
        self.options = options
    }
}

/// `GET /api/count`: one to five queries counted per period.
public struct CountRequest: Sendable {
    public static let maxQueries = 5
    static let known: Set<String> = ["q", "by", "from", "to", "source", "lang", "distinct"]

    public let queries: [String]
    public let granularity: DateGranularity?
    public let compile: CompileOptions
    public let distinct: Bool

    /// `alsoKnown`: parameters a caller reads itself (the coverage page's `mode`).
    public init(_ parameters: QueryParameters, alsoKnown: Set<String> = []) throws(APIError) {
        try parameters.requireKnown(CountRequest.known.union(alsoKnown))
        queries = parameters.all("q")
        guard !queries.isEmpty else {
            throw APIError(status: 400, code: "missing_parameter", message: "parameter q: give one or more queries")
        }
        guard queries.count <= CountRequest.maxQueries else {
            throw .badParameter("q", "at most \(CountRequest.maxQueries) queries at once, got \(queries.count)")
        }
        granularity = try Filters.granularity(parameters)
        compile = try Filters(parameters).compile
        distinct = try parameters.flag("distinct")
    }
}

/// `from`, `to`, `source` (repeatable) and `lang`, shared by search and count.
struct Filters {
    let compile: CompileOptions

    init(_ parameters: QueryParameters) throws(APIError) {
        var options = CompileOptions()
        for name in ["from", "to"] {
            guard let text = try parameters.single(name) else { continue }
            guard let spec = DateSpec(parsing: text) else {
                throw .badParameter(name, "expected YYYY, YYYY-MM or YYYY-MM-DD, got \(APIError.quoted(text))")
            }
            if name == "from" { options.from = spec } else { options.to = spec }
        }
        let sources = parameters.all("source")
        guard sources.count <= 50 else { throw .badParameter("source", "at most 50 sources at once") }
        for host in sources where QueryFilters.normalizeSource(host) == nil {
            throw .badParameter("source", "\(APIError.quoted(host)) is not a host name")
        }
        options.sources = sources
        // `lang` is repeatable like `--lang`; `any` (the value older clients
        // sent when it was the only one accepted) means no language filter.
        let languages = parameters.all("lang").filter { $0 != "any" }
        guard languages.count <= 50 else { throw .badParameter("lang", "at most 50 languages at once") }
        for code in languages where Languages.normalized(code) == nil {
            throw .badParameter("lang", "\(APIError.quoted(code)) is not a language code; use ISO 639-1, e.g. de")
        }
        options.languages = languages
        compile = options
    }

    static func granularity(_ parameters: QueryParameters) throws(APIError) -> DateGranularity? {
        guard let text = try parameters.single("by") else { return nil }
        guard let unit = DateGranularity(rawValue: text) else {
            throw .badParameter("by", "expected day, week, month or year, got \(APIError.quoted(text))")
        }
        return unit
    }
}
