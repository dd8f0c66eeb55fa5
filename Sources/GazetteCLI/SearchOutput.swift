import Gazette
import GazetteTools

/// How search results are printed, for people and for scripts.
enum SearchOutput {
    /// "AP wire · +2 copies in 2 sources": the wire credit and the collapsed copies of a hit.
    static func copyLine(_ hit: SearchHit) -> String? {
        var parts: [String] = []
        if let wire = hit.wire { parts.append("\(wire) wire") }
        if hit.copies > 0 {
            let sources = "\(hit.copySources) \(hit.copySources == 1 ? "source" : "sources")"
            parts.append("+\(hit.copies) \(hit.copies == 1 ? "copy" : "copies") in \(sources)")
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    static func human(_ result: SearchResult, offset: Int, collapsed: Bool = true) {
        let total = result.total
        var header = "\(total) \(total == 1 ? "match" : "matches")"
        if result.totalDistinct != total {
            header += ", \(result.totalDistinct) \(result.totalDistinct == 1 ? "story" : "stories")"
        }
        if !result.hits.isEmpty {
            header += " (showing \(offset + 1)-\(offset + result.hits.count))"
        }
        Terminal.out(header)
        for hit in result.hits {
            Terminal.out("")
            Terminal.out("\(hit.rank). \(hit.date)  \(hit.source)  \(Terminal.bold(hit.title))")
            if !hit.snippet.text.isEmpty {
                Terminal.out("   " + highlighted(hit.snippet))
            }
            Terminal.out("   " + Terminal.dim(hit.path))
            // Only when copies are collapsed: with --all-copies each hit stays three lines.
            if collapsed, let line = copyLine(hit) { Terminal.out("   " + Terminal.dim(line)) }
        }
        if let facets = result.facets {
            Terminal.out("")
            Terminal.out(Terminal.bold("Sources"))
            let width = facets.sources.map(\.value.count).max() ?? 0
            for source in facets.sources {
                Terminal.out("  " + source.value + String(repeating: " ", count: width - source.value.count) + "  \(source.count)")
            }
            Terminal.out("")
            Terminal.out(Terminal.bold("Dates (by \(facets.granularity.rawValue))"))
            Terminal.out(BarChart.render(facets.dates))
            if !facets.languages.isEmpty {
                Terminal.out("")
                Terminal.out(Terminal.bold("Languages"))
                let labels = facets.languages.map { $0.value.isEmpty ? "not known" : $0.value }
                let width = labels.map(\.count).max() ?? 0
                for (label, language) in zip(labels, facets.languages) {
                    Terminal.out("  " + label + String(repeating: " ", count: width - label.count) + "  \(language.count)")
                }
            }
        }
        if let next = result.next {
            Terminal.out("")
            Terminal.out(Terminal.dim("next page: --after \(next)"))
        }
    }

    /// The snippet with its matched words in bold on a terminal.
    static func highlighted(_ snippet: Snippet) -> String {
        guard Terminal.colorEnabled, !snippet.highlights.isEmpty else { return snippet.text }
        var out = ""
        var position = 0
        var ranges = snippet.highlights.makeIterator()
        var next = ranges.next()
        for scalar in snippet.text.unicodeScalars {
            if let range = next, position == range.lowerBound { out += "\u{1B}[1m" }
            out.unicodeScalars.append(scalar)
            position += 1
            if let range = next, position == range.upperBound {
                out += "\u{1B}[0m"
                next = ranges.next()
            }
        }
        return out
    }

    static func explain(_ result: SearchResult, to write: (String) -> Void) {
        let query = result.query
        write("query:   \(query.text)")
        write("tree:    \(query.treeDescription)")
        write("fts5:    \(query.match ?? "(none: filters only)")")
        let filters = query.filters
        var filterParts: [String] = []
        if filters.firstDay != nil || filters.lastDay != nil {
            filterParts.append("dates \(filters.firstDay?.description ?? "…") to \(filters.lastDay?.description ?? "…")")
        }
        if !filters.sources.isEmpty { filterParts.append("sources " + filters.sources.joined(separator: ", ")) }
        if !filters.languages.isEmpty { filterParts.append("languages " + filters.languages.joined(separator: ", ")) }
        write("filters: \(filterParts.isEmpty ? "none" : filterParts.joined(separator: "; "))")
        if query.match != nil {
            let from = filters.languages.isEmpty ? "the index's languages" : "--lang/lang:"
            let stemmers = (result.stemLanguages.isEmpty ? [""] : result.stemLanguages).map(Languages.stemmerDescription)
            write("stemmed: each word's stems ORed, for \(from): " + stemmers.joined(separator: "; "))
        }
        write("sort:    \(result.sort.rawValue)")
        write("path:    \(result.path.explanation); \(result.postingsRead) postings read, \(result.total) matches")
        if query.match != nil {
            let scoring: String
            switch result.termination {
            case .earlyTermination where result.sort == .relevance:
                scoring = "early termination: \(result.scored) of \(result.total) matches scored; the others' BM25 bounds"
                    + " were below the page's lowest score"
            case .earlyTermination:
                scoring = "early termination: \(result.scored) of \(result.total) matches scored (only the hits shown)"
            case .fellBack:
                scoring = "\(result.termination.explanation): \(result.scored) of \(result.total) matches scored"
            case .exhaustive:
                scoring = "exhaustive: \(result.scored) of \(result.total) matches scored"
            }
            write("ranking: " + scoring)
        }
        for sql in result.plan {
            write("sql:     " + sql.split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " "))
        }
    }
}

/// A compact chart for the terminal: one bar per bucket when there are few,
/// a sparkline with its date range and peak when there are many.
enum BarChart {
    static let sparkLevels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func render(_ buckets: [FacetCount], width: Int = 40) -> String {
        guard let maximum = buckets.map(\.count).max(), maximum > 0 else { return "  (no matches)" }
        if buckets.count > 24 { return sparkline(buckets, maximum: maximum) }
        let labelWidth = buckets.map(\.value.count).max() ?? 0
        let countWidth = String(maximum).count
        return buckets.map { bucket in
            let length = Int((Double(bucket.count) / Double(maximum) * Double(width)).rounded(.up))
            let count = String(bucket.count)
            return "  " + bucket.value + String(repeating: " ", count: labelWidth - bucket.value.count) + " "
                + String(repeating: " ", count: countWidth - count.count) + count + " "
                + String(repeating: "▇", count: bucket.count > 0 ? max(1, length) : 0)
        }.joined(separator: "\n")
    }
}

extension BarChart {
    static func sparkline(_ buckets: [FacetCount], maximum: Int) -> String {
        var lines: [String] = []
        let rowWidth = 72
        var start = 0
        while start < buckets.count {
            let row = buckets[start..<min(buckets.count, start + rowWidth)]
            let marks = String(row.map { bucket -> Character in
                guard bucket.count > 0 else { return " " }
                let level = Int((Double(bucket.count) / Double(maximum) * Double(sparkLevels.count - 1)).rounded(.up))
                return sparkLevels[max(0, min(sparkLevels.count - 1, level))]
            })
            lines.append("  \(row.first?.value ?? "") \(marks) \(row.last?.value ?? "")")
            start += rowWidth
        }
        if let peak = buckets.max(by: { $0.count < $1.count }) {
            lines.append("  peak \(peak.value): \(peak.count); \(buckets.count) periods, \(buckets.reduce(0) { $0 + $1.count }) in all")
        }
        return lines.joined(separator: "\n")
    }
}
