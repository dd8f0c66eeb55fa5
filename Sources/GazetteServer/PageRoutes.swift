import Gazette
import Hummingbird

/// The pages for people: `/` (search), `/coverage`, `/coverage.csv`,
/// `/articles/{id}` and the two static files they use.
struct PageRoutes {
    let pool: ReaderPool

    /// Scripts and styles only from this server; no frames, no plugins.
    static let policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in await page { () async throws -> (Int, String) in
            let parameters: QueryParameters
            do throws(APIError) { parameters = try QueryParameters(query: request.uri.query) } catch {
                return (400, SearchPage(parameters: QueryParameters(pairs: []), query: "", result: nil, error: error).render())
            }
            let query = parameters.all("q").first ?? ""
            guard !query.isEmpty else { return (200, SearchPage(parameters: parameters, query: "", result: nil).render()) }
            do {
                var search = try SearchRequest(parameters)
                search.options.facets = true
                let options = search.options
                let (result, copies) = try await pool.read { reader throws(GazetteError) in
                    let result = try reader.searcher.search(query, options: options)
                    var copies: [Int64: CopyCluster] = [:]
                    for hit in result.hits where hit.copies > 0 {
                        copies[hit.id] = try reader.index.copies(of: String(hit.id))
                    }
                    return (result, copies)
                }
                return (200, SearchPage(parameters: parameters, query: query, result: result, copies: copies).render())
            } catch {
                let failure = PageRoutes.apiError(error)
                return (failure.status, SearchPage(parameters: parameters, query: query, result: nil, error: failure).render())
            }
        } }
        router.get("/coverage") { request, _ in await page { () async throws -> (Int, String) in
            let parameters = try QueryParameters(query: request.uri.query)
            let queries = parameters.all("q")
            guard !queries.isEmpty else {
                return (200, CoveragePage(parameters: parameters, queries: [], series: nil, error: nil).render())
            }
            do {
                let count = try CountRequest(parameters, alsoKnown: ["mode"])
                let series = try await pool.read { reader throws(GazetteError) in
                    try reader.searcher.coverage(count.queries, granularity: count.granularity, options: count.compile,
                                                 distinct: count.distinct)
                }
                return (200, CoveragePage(parameters: parameters, queries: queries, series: series, error: nil).render())
            } catch {
                let failure = PageRoutes.apiError(error)
                return (failure.status, CoveragePage(parameters: parameters, queries: queries, series: nil, error: failure).render())
            }
        } }
        router.get("/coverage.csv") { request, _ in await Reply.guarded {
            let parameters = try QueryParameters(query: request.uri.query)
            let count = try CountRequest(parameters, alsoKnown: ["mode"])
            let series = try await pool.read { reader throws(GazetteError) in
                try reader.searcher.coverage(count.queries, granularity: count.granularity, options: count.compile,
                                             distinct: count.distinct)
            }
            var extra = HTTPFields()
            if let disposition = FieldName("Content-Disposition") { extra[disposition] = "attachment; filename=\"coverage.csv\"" }
            return Reply.text(CoveragePage.csv(series, queries: count.queries), type: "text/csv; charset=utf-8", extra: extra)
        } }
        router.get("/articles/:id") { request, context in await page { () async throws -> (Int, String) in
            let parameters = try QueryParameters(query: request.uri.query)
            let id = try APIRoutes.articleID(context.parameters.get("id"))
            let found = try await pool.read { reader throws(GazetteError) -> (StoredArticle, CopyCluster?)? in
                guard let article = try reader.index.article(id: id) else { return nil }
                return (article, try reader.index.copies(of: String(id)))
            }
            guard let (article, cluster) = found else { throw APIError.notFound("no article with id \(id)") }
            return (200, ArticlePage(article: article, cluster: cluster, query: parameters.all("q").first ?? "").render())
        } }
        router.get("/static/gazette.css") { _, _ in
            Reply.text(Assets.css, type: "text/css; charset=utf-8", extra: PageRoutes.cacheable)
        }
        router.get("/static/gazette.js") { _, _ in
            Reply.text(Assets.javascript, type: "text/javascript; charset=utf-8", extra: PageRoutes.cacheable)
        }
    }

    static var cacheable: HTTPFields {
        var fields = HTTPFields()
        fields[.cacheControl] = "public, max-age=3600"
        return fields
    }

    static func apiError(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as GazetteError: return APIError(error)
        default: return APIError(status: 500, code: "internal_error", message: "the server failed while answering")
        }
    }

    /// An HTML reply; failures become an error page with the same status the API would give.
    private func page(_ body: () async throws -> (Int, String)) async -> Response {
        var headers = HTTPFields()
        if let name = FieldName("Content-Security-Policy") { headers[name] = PageRoutes.policy }
        do {
            let (status, html) = try await body()
            return Reply.text(html, type: "text/html; charset=utf-8", status: Reply.status(status), extra: headers)
        } catch {
            let failure = PageRoutes.apiError(error)
            let html = HTML.page(title: "Gazette", body: HTML.errorBox(failure))
            return Reply.text(html, type: "text/html; charset=utf-8", status: Reply.status(failure.status), extra: headers)
        }
    }
}
