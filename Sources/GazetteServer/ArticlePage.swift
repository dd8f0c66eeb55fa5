import Gazette

/// One article in full, with the other members of its copy cluster.
struct ArticlePage {
    let article: StoredArticle
    let cluster: CopyCluster?
    /// The search the reader came from, for the way back.
    let query: String

    func render() -> String {
        var body = "<main class=\"article\">"
        if !query.isEmpty {
            body += "<p><a href=\"\(HTML.escape(HTML.link("/", [("q", query)])))\">← back to “\(HTML.escape(query))”</a></p>"
        }
        body += "<article><p class=\"meta\"><time>\(article.date)</time> · \(HTML.escape(article.source))"
        if let wire = article.wire { body += " · <span class=\"wire\">\(HTML.escape(wire)) wire</span>" }
        body += "</p><h1>\(HTML.escape(article.title.isEmpty ? "(no headline)" : article.title))</h1>"
        body += article.paragraphs.map { "<p>\(HTML.escape($0))</p>" }.joined()
        // Only web addresses become links: a `javascript:` URL in a dump stays text.
        let lowered = article.url.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            body += "<p class=\"origin\"><a href=\"\(HTML.escape(article.url))\" rel=\"noopener noreferrer nofollow\">\(HTML.escape(article.url))</a></p>"
        } else {
            body += "<p class=\"origin\">\(HTML.escape(article.url))</p>"
        }
        body += "</article>"
        if let cluster, cluster.size > 1 {
            body += "<section class=\"cluster\"><h2>\(cluster.size) articles in \(cluster.sources) sources, earliest first</h2><ol>"
            for member in cluster.members {
                let marks = (member.id == cluster.id ? " <em>original</em>" : "") + (member.id == article.id ? " <em>(this)</em>" : "")
                body += "<li><time>\(member.date)</time> \(HTML.escape(member.source))"
                    + (member.wire.map { " (\(HTML.escape($0)))" } ?? "")
                    + " <a href=\"\(HTML.escape(HTML.link("/articles/\(member.id)", [("q", query)])))\">\(HTML.escape(member.title))</a>"
                    + " <small>similarity \(Chart.format(member.similarity, digits: 2))</small>\(marks)</li>"
            }
            body += "</ol></section>"
        }
        return HTML.page(title: article.title.isEmpty ? "Article – Gazette" : article.title + " – Gazette", body: body + "</main>")
    }
}
