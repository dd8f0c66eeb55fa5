import ArgumentParser
import Gazette
import GazetteTools

struct CountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Count matching articles per period: coverage over time.",
        discussion: """
            For each query, the number of matching articles per day, week, month or year over the \
            index's date span (empty periods are 0), and each count's share of all articles of that \
            period. Several queries at once (--query A --query B) give one column each.
            Periods where a source that has articles before and after has none are marked as possible \
            collection gaps (◂ on the chart, "gaps" in JSON): a dip there may be the archive's, not the news's.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var filters: FilterOptions

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("A query (words are joined with spaces).", valueName: "query"))
    var words: [String] = []

    @Option(name: .long, help: ArgumentHelp("A query to count (repeatable; one column each).", valueName: "query"))
    var query: [String] = []

    @Option(name: .long, help: ArgumentHelp("Period: day, week, month or year (default: from the span).", valueName: "unit"))
    var by: Choice<DateGranularity>?

    @Flag(name: .long, help: "Count stories (copy clusters) instead of articles; shares too.")
    var distinct = false

    @Flag(name: .long, help: "Print CSV: period,<query>,<query> share,...")
    var csv = false

    @Flag(name: .long, help: "Print {\"by\", \"queries\", \"series\": [{\"period\", \"counts\", \"shares\"}], \"gaps\": [{\"period\", \"sources\"}]}.")
    var json = false

    var queries: [String] {
        let positional = (words.first == "--" ? Array(words.dropFirst()) : words).joined(separator: " ")
        return (positional.isEmpty ? [] : [positional]) + query
    }

    func validate() throws {
        guard !queries.isEmpty else { throw ValidationError("give a query, or one or more --query") }
        guard !(csv && json) else { throw ValidationError("choose --csv or --json, not both") }
        try by?.validate("--by")
    }

    func run() throws {
        let index = try GazetteIndex(path: database.path, access: .read)
        let options = filters.compileOptions
        let series = try Searcher(index: index).coverage(queries, granularity: by?.value,
                                                         options: options, distinct: distinct)
        if json {
            Terminal.out(try GazetteJSON.encode(ResultJSON.Coverage(series: series, queries: queries)))
        } else if csv {
            let header = ["period"] + queries.flatMap { [$0, $0 + " share"] }
            Terminal.out(header.map(CountCommand.csvField).joined(separator: ","))
            for period in series.periods {
                var fields = [period.period]
                for (count, share) in zip(period.counts, period.shares) {
                    fields.append(String(count))
                    fields.append(JSONValue.double(share).serialized())
                }
                Terminal.out(fields.map(CountCommand.csvField).joined(separator: ","))
            }
        } else {
            human(series)
        }
        if series.periods.allSatisfy({ $0.counts.allSatisfy { $0 == 0 } }) { throw ExitCode(1) }
    }

    private func human(_ series: CoverageSeries) {
        for (offset, text) in queries.enumerated() {
            let total = series.periods.reduce(0) { $0 + $1.counts[offset] }
            Terminal.out(Terminal.bold(text) + "  \(total) \(distinct ? "stories" : "articles"), by \(series.granularity.rawValue)")
            let buckets = series.periods.map { FacetCount(value: $0.period, count: $0.counts[offset]) }
            Terminal.out(GapMarks.chart(buckets, gaps: series.gaps))
            if offset < queries.count - 1 { Terminal.out("") }
        }
        if !series.gaps.isEmpty {
            Terminal.out("")
            Terminal.out("possible collection gaps (a source with articles before and after has none; see gazette sources):")
            for gap in series.gaps {
                Terminal.out("  \(gap.period): \(gap.sources.joined(separator: ", "))")
            }
        }
    }

    /// RFC 4180 quoting: fields with commas, quotes or line breaks are quoted.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The count chart with possible collection gaps marked: `◂ gap: HOST` after
/// a bar, or `^` under a sparkline's period.
enum GapMarks {
    static func chart(_ buckets: [FacetCount], gaps: [PeriodGaps]) -> String {
        let chart = BarChart.render(buckets)
        guard !gaps.isEmpty, buckets.contains(where: { $0.count > 0 }) else { return chart }
        let marked = Dictionary(gaps.map { ($0.period, $0.sources) }, uniquingKeysWith: +)
        var lines = chart.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if buckets.count <= 24 {
            for (index, bucket) in buckets.enumerated() where index < lines.count {
                if let sources = marked[bucket.value] { lines[index] += "  ◂ gap: " + sources.joined(separator: ", ") }
            }
            return lines.joined(separator: "\n")
        }
        // The sparkline: rows of 72 periods, "  FIRST MARKS LAST"; a row of ^ under each gap.
        var out: [String] = []
        for (row, start) in stride(from: 0, to: buckets.count, by: 72).enumerated() where row < lines.count {
            out.append(lines[row])
            let slice = buckets[start..<min(buckets.count, start + 72)]
            guard slice.contains(where: { marked[$0.value] != nil }) else { continue }
            let indent = String(repeating: " ", count: 3 + (slice.first?.value.count ?? 0))
            out.append(indent + String(slice.map { marked[$0.value] == nil ? Character(" ") : Character("^") }) + "  ^ possible gap")
        }
        out.append(contentsOf: lines.dropFirst((buckets.count + 71) / 72))
        return out.joined(separator: "\n")
    }
}
