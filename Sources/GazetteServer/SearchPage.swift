import Gazette

/// The search page: form, results, paging and the facet sidebar. Every
/// control is a form field or a link, so the page works without JavaScript
/// and every state of it is a URL.
struct SearchPage {
    /// The request's parameters, empty ones dropped: the base of every link.
    let state: [(String, String)]
    let query: String
    let result: SearchResult?
    /// Copies of each collapsed hit that has them, by hit id.
    let copies: [Int64: CopyCluster]
    let error: APIError?

    init(parameters: QueryParameters, query: String, result: SearchResult?, copies: [Int64: CopyCluster] = [:],
         error: APIError? = nil) {
        state = parameters.pairs.filter { !$0.value.isEmpty }.map { ($0.name, $0.value) }
        self.query = query
        self.result = result
        self.copies = copies
        self.error = error
    }

    private func value(_ name: String) -> String { state.first { $0.0 == name }?.1 ?? "" }

    /// This page's URL with `name` set to `values` (none: removed) and paging reset unless given.
    func link(setting name: String, to values: [String], path: String = "/") -> String {
        var pairs = state.filter { $0.0 != name && $0.0 != "offset" }
        if name == "offset" || name == "from" || name == "to" { pairs = pairs.filter { $0.0 != name } }
        pairs += values.map { (name, $0) }
        return HTML.link(path, pairs)
    }

    func render() -> String {
        var body = form()
        if let error { body += HTML.errorBox(error, query: query) }
        if let result {
            body += "<main class=\"layout\"><section class=\"results\">" + results(result) + "</section>"
            body += "<aside class=\"facets\">" + sidebar(result) + "</aside></main>"
        } else if error == nil {
            body += "<main class=\"intro\"><p>Search the archive: type words, a \"phrase\", or use the query language below.</p></main>"
        }
        return HTML.page(title: query.isEmpty ? "Gazette" : "\(query) – Gazette", body: body)
    }

    private func form() -> String {
        let sort = value("sort")
        func option(_ name: String, _ label: String) -> String {
            "<option value=\"\(name)\"\(sort == name || (sort.isEmpty && name == "relevance") ? " selected" : "")>\(label)</option>"
        }
        let sources = state.filter { $0.0 == "source" }.map(\.1)
        let anyChecked = ["", "0", "false", "off", "no"].contains(value("any").lowercased()) ? "" : " checked"
        let firstSource = HTML.escape(sources.first ?? "")
        let hiddenSources = sources.dropFirst().map { "<input type=\"hidden\" name=\"source\" value=\"\(HTML.escape($0))\">" }.joined()
        return """
            <form class="search" method="get" action="/" role="search">
            <div class="row"><input type="search" name="q" value="\(HTML.escape(query))" placeholder="flood insurance, &quot;peace talks&quot;, title:election" aria-label="Query" autofocus>
            <button type="submit">Search</button></div>
            <div class="row controls">
            <label>From <input name="from" value="\(HTML.escape(value("from")))" placeholder="YYYY-MM-DD" size="10"></label>
            <label>To <input name="to" value="\(HTML.escape(value("to")))" placeholder="YYYY-MM-DD" size="10"></label>
            <label>Source <input name="source" value="\(firstSource)" placeholder="any" size="16" list="sources"></label>\(hiddenSources)
            <label>Sort <select name="sort" data-autosubmit>\(option("relevance", "Relevance"))\(option("newest", "Newest"))\(option("oldest", "Oldest"))</select></label>
            <label><input type="checkbox" name="any" value="1"\(anyChecked)> any word</label>
            </div>
            \(datalist())
            </form>
            <details class="help"><summary>Query language</summary>
            <table>
            <tr><td><code>flood insurance</code></td><td>both words</td></tr>
            <tr><td><code>"peace talks"</code></td><td>the exact phrase</td></tr>
            <tr><td><code>strike OR walkout</code></td><td>either word</td></tr>
            <tr><td><code>port -strike</code></td><td>without a word</td></tr>
            <tr><td><code>negotia*</code></td><td>words starting with</td></tr>
            <tr><td><code>levee NEAR/5 breach</code></td><td>within 5 words</td></tr>
            <tr><td><code>title:election</code></td><td>in the headline</td></tr>
            <tr><td><code>source:example.com after:2024-03 before:2024</code></td><td>filters</td></tr>
            </table></details>
            """
    }

    private func datalist() -> String {
        guard let facets = result?.facets else { return "" }
        return "<datalist id=\"sources\">" + facets.sources.map { "<option value=\"\(HTML.escape($0.value))\">" }.joined() + "</datalist>"
    }

    private func results(_ result: SearchResult) -> String {
        let offset = Int(value("offset")) ?? 0
        let limit = Int(value("limit")) ?? 10
        var out = "<p class=\"summary\">"
        if result.hits.isEmpty {
            out += result.total == 0 ? "No matches." : "No more matches (\(result.total) in all)."
        } else {
            out += "\(result.total) \(result.total == 1 ? "match" : "matches")"
            if result.totalDistinct != result.total { out += ", \(result.totalDistinct) \(result.totalDistinct == 1 ? "story" : "stories")" }
            out += " · showing \(offset + 1)–\(offset + result.hits.count)"
        }
        out += " · <a href=\"\(HTML.escape(HTML.link("/coverage", [("q", query)])))\">coverage over time</a></p>"
        let filters = state.filter { ["source", "from", "to"].contains($0.0) }
        if !filters.isEmpty {
            out += "<p class=\"filters\">" + filters.map { filter in
                let rest = state.filter { !($0.0 == filter.0 && $0.1 == filter.1) && $0.0 != "offset" }
                return "<a class=\"chip\" href=\"\(HTML.escape(HTML.link("/", rest)))\" title=\"remove this filter\">\(HTML.escape(filter.0)): \(HTML.escape(filter.1)) ✕</a>"
            }.joined(separator: " ") + "</p>"
        }
        out += "<ol class=\"hits\" start=\"\(offset + 1)\">"
        for hit in result.hits { out += item(hit) }
        out += "</ol>"
        let collapsed = ["", "0", "false", "off", "no"].contains(value("all_copies").lowercased())
        out += pager(total: collapsed ? result.totalDistinct : result.total, shown: result.hits.count, offset: offset, limit: limit)
        return out
    }

    private func item(_ hit: SearchHit) -> String {
        let articleLink = HTML.link("/articles/\(hit.id)", [("q", query)])
        var out = "<li class=\"hit\"><div class=\"meta\"><time>\(hit.date)</time> · "
        out += "<a class=\"source\" href=\"\(HTML.escape(link(setting: "source", to: [hit.source])))\">\(HTML.escape(hit.source))</a>"
        if let wire = hit.wire { out += " · <span class=\"wire\">\(HTML.escape(wire)) wire</span>" }
        out += "</div><h2><a href=\"\(HTML.escape(articleLink))\">\(HTML.escape(hit.title.isEmpty ? "(no headline)" : hit.title))</a></h2>"
        out += "<p class=\"snippet\">\(HTML.highlighted(hit.snippet))</p>"
        if hit.copies > 0 {
            let label = "+\(hit.copies) \(hit.copies == 1 ? "copy" : "copies") in \(hit.copySources) \(hit.copySources == 1 ? "source" : "sources")"
            out += "<details class=\"copies\"><summary>\(label)</summary><ul>"
            for member in copies[hit.id]?.members ?? [] where member.id != hit.id {
                out += "<li><time>\(member.date)</time> \(HTML.escape(member.source))"
                    + (member.wire.map { " (\(HTML.escape($0)))" } ?? "")
                    + " <a href=\"\(HTML.escape(HTML.link("/articles/\(member.id)", [("q", query)])))\">\(HTML.escape(member.title))</a></li>"
            }
            out += "</ul></details>"
        }
        return out + "</li>"
    }

    private func pager(total: Int, shown: Int, offset: Int, limit: Int) -> String {
        guard limit > 0 else { return "" }
        var links: [String] = []
        if offset > 0 {
            let previous = max(0, offset - limit)
            links.append("<a rel=\"prev\" href=\"\(HTML.escape(link(setting: "offset", to: previous == 0 ? [] : [String(previous)])))\">← Previous</a>")
        }
        if offset + shown < total && offset + limit <= SearchRequest.maxOffset {
            links.append("<a rel=\"next\" href=\"\(HTML.escape(link(setting: "offset", to: [String(offset + limit)])))\">Next →</a>")
        }
        return links.isEmpty ? "" : "<nav class=\"pager\">" + links.joined(separator: " ") + "</nav>"
    }

    private func sidebar(_ result: SearchResult) -> String {
        guard let facets = result.facets, result.total > 0 else { return "" }
        var out = "<h3>Sources</h3><ul class=\"sources\">"
        for source in facets.sources {
            out += "<li><a href=\"\(HTML.escape(link(setting: "source", to: [source.value])))\">\(HTML.escape(source.value))</a> <span class=\"n\">\(source.count)</span></li>"
        }
        out += "</ul><h3>Dates <small>by \(facets.granularity.rawValue)</small></h3>"
        out += Chart.histogram(facets.dates) { label in
            guard let range = BucketRange.days(label) else { return nil }
            var pairs = state.filter { !["from", "to", "offset", "by"].contains($0.0) }
            pairs += [("from", range.first), ("to", range.last)]
            return HTML.link("/", pairs)
        }
        return out
    }
}
