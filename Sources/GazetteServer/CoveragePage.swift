import Gazette

/// "Coverage over time": `count` for up to five queries, charted as counts
/// or as shares of all articles per period, with the numbers as CSV.
struct CoveragePage {
    let parameters: QueryParameters
    let queries: [String]
    let series: CoverageSeries?
    let error: APIError?

    var shares: Bool { parameters.pairs.contains { $0.name == "mode" && $0.value == "shares" } }

    private func value(_ name: String) -> String { parameters.all(name).first ?? "" }

    func render() -> String {
        var body = form()
        if let error { body += HTML.errorBox(error, query: queries.count == 1 ? queries[0] : nil) }
        if let series, !queries.isEmpty {
            let periods = series.periods.map(\.period)
            let lines = queries.enumerated().map { index, query in
                (label: query, values: series.periods.map { shares ? $0.shares[index] : Double($0.counts[index]) })
            }
            let state = parameters.pairs.filter { !$0.value.isEmpty && $0.name != "mode" }.map { ($0.name, $0.value) }
            body += "<main class=\"coverage-view\"><p class=\"summary\">\(shares ? "Share of all articles" : "Matching \(value("distinct").isEmpty ? "articles" : "stories")") by \(series.granularity.rawValue)"
            body += " · <a class=\"csv\" href=\"\(HTML.escape(HTML.link("/coverage.csv", state)))\" download>Download CSV</a></p>"
            body += Chart.lines(periods: periods, series: lines, percent: shares)
            body += "<details class=\"numbers\"><summary>Numbers</summary><table><tr><th>period</th>"
                + queries.map { "<th>\(HTML.escape($0))</th>" }.joined() + "<th>all articles</th></tr>"
            for period in series.periods {
                body += "<tr><td>\(HTML.escape(period.period))</td>"
                    + zip(period.counts, period.shares).map { "<td>\($0.0) <small>(\(Chart.format($0.1 * 100, digits: 2))%)</small></td>" }.joined()
                    + "<td>\(period.articles)</td></tr>"
            }
            body += "</table></details></main>"
        }
        return HTML.page(title: queries.isEmpty ? "Coverage over time – Gazette" : queries.joined(separator: ", ") + " – coverage", body: body)
    }

    private func form() -> String {
        var fields = ""
        for slot in 0..<CountRequest.maxQueries {
            let text = slot < queries.count ? queries[slot] : ""
            fields += "<input type=\"search\" name=\"q\" value=\"\(HTML.escape(text))\" placeholder=\"query \(slot + 1)\" aria-label=\"query \(slot + 1)\">"
        }
        func option(_ name: String, _ selected: String, _ label: String) -> String {
            "<option value=\"\(name)\"\(selected == name ? " selected" : "")>\(label)</option>"
        }
        let by = value("by"), mode = shares ? "shares" : "counts"
        return """
            <form class="search coverage-form" method="get" action="/coverage">
            <div class="queries">\(fields)</div>
            <div class="row controls">
            <label>By <select name="by" data-autosubmit>\(option("", by, "auto"))\(option("day", by, "day"))\(option("week", by, "week"))\(option("month", by, "month"))\(option("year", by, "year"))</select></label>
            <label>Show <select name="mode" data-autosubmit>\(option("counts", mode, "counts"))\(option("shares", mode, "shares"))</select></label>
            <label>From <input name="from" value="\(HTML.escape(value("from")))" placeholder="YYYY-MM-DD" size="10"></label>
            <label>To <input name="to" value="\(HTML.escape(value("to")))" placeholder="YYYY-MM-DD" size="10"></label>
            <label>Source <input name="source" value="\(HTML.escape(value("source")))" placeholder="any" size="16"></label>
            <button type="submit">Chart</button>
            </div></form>
            """
    }

    /// The CSV of `gazette count --csv`: `period,<query>,<query> share,…`.
    static func csv(_ series: CoverageSeries, queries: [String]) -> String {
        var lines = [(["period"] + queries.flatMap { [$0, $0 + " share"] }).map(csvField).joined(separator: ",")]
        for period in series.periods {
            var fields = [period.period]
            for (count, share) in zip(period.counts, period.shares) {
                fields.append(String(count))
                fields.append(JSONValue.double(share).serialized())
            }
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 quoting; a field starting with `=`, `+`, `-` or `@` gets a leading
    /// apostrophe so a spreadsheet does not run a query text as a formula.
    static func csvField(_ text: String) -> String {
        var field = text
        if let first = field.first, "=+-@".contains(first), Double(field) == nil { field = "'" + field }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + String(field.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
    }
}
