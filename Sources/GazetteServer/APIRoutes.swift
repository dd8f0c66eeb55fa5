import Gazette
import Hummingbird

/// `/api/…`: the CLI's `--json` objects over HTTP, built by the same
/// `ResultJSON` functions the CLI prints, so one parser reads both. Every
/// answer is JSON, errors included (see `APIError`).
struct APIRoutes {
    let pool: ReaderPool

    func add(to router: Router<BasicRequestContext>) {
        router.get("/api/search") { request, _ in await answer(request) { parameters in
            let search = try SearchRequest(parameters)
            let result = try await pool.read { reader throws(GazetteError) in
                try reader.searcher.search(search.query, options: search.options)
            }
            return ResultJSON.search(result, id: nil)
        } }
        router.get("/api/count") { request, _ in await answer(request) { parameters in
            let count = try CountRequest(parameters)
            let series = try await pool.read { reader throws(GazetteError) in
                try reader.searcher.coverage(count.queries, granularity: count.granularity,
                                             options: count.compile, distinct: count.distinct)
            }
            return ResultJSON.coverage(series, queries: count.queries)
        } }
        router.get("/api/stats") { request, _ in await answer(request) { parameters in
            try parameters.requireKnown(["top"])
            let top = try parameters.integer("top", in: 0...100, default: 10)
            let stats = try await pool.read { reader throws(GazetteError) in try reader.index.statistics(topSources: top) }
            return ResultJSON.statistics(stats)
        } }
        router.get("/api/copies") { request, _ in await answer(request) { parameters in
            try parameters.requireKnown(["url", "id"])
            let url = try parameters.single("url")
            let id = try parameters.single("id")
            guard (url == nil) != (id == nil), let reference = url ?? id else {
                throw APIError(status: 400, code: "missing_parameter", message: "give either url or id (one of them)")
            }
            if id != nil, Int64(reference) == nil {
                throw APIError.badParameter("id", "expected an article id (a whole number), got \(APIError.quoted(reference))")
            }
            let cluster = try await pool.read { reader throws(GazetteError) in try reader.index.copies(of: reference) }
            guard let cluster else { throw APIError.notFound("no article with \(url == nil ? "id" : "URL") \(APIError.quoted(reference))") }
            return ResultJSON.copies(cluster)
        } }
        router.get("/api/articles/:id") { request, context in await answer(request) { parameters in
            try parameters.requireKnown([])
            let id = try Self.articleID(context.parameters.get("id"))
            let article = try await pool.read { reader throws(GazetteError) in try reader.index.article(id: id) }
            guard let article else { throw APIError.notFound("no article with id \(id)") }
            return ResultJSON.article(article)
        } }
        // Anything else under /api/ is a JSON 404, not the router's empty one.
        router.get("/api/**") { request, _ in
            Reply.error(.notFound("no API endpoint at \(APIError.quoted(request.uri.path))"))
        }
    }

    /// An article id from the path: 404 for anything that cannot be one,
    /// since no article lives at that address.
    static func articleID(_ text: String?) throws(APIError) -> Int64 {
        guard let text, let id = Int64(text), id > 0 else {
            throw APIError.notFound("no article with id \(APIError.quoted(text ?? ""))")
        }
        return id
    }

    private func answer(_ request: Request, _ body: (QueryParameters) async throws -> JSONValue) async -> Response {
        await Reply.guarded {
            Reply.json(try await body(try QueryParameters(query: request.uri.query)))
        }
    }
}
