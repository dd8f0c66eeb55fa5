import ArgumentParser
import Gazette
import GazetteTools

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Gazette against a raw SQLite FTS5 baseline on your own archive.",
        discussion: """
            Builds a Gazette index and a baseline index (plain FTS5, porter unicode61 tokenizer, \
            WAL, a commit every 1,000 articles) of DIR in a temporary folder, one after the other \
            in this process with the same warm file cache, then times the same queries on both. \
            Reports docs/s, MB/s, index size, peak memory, queries/s and p50/p99 latency, with the \
            ratios Gazette/baseline. Use a release build (swift build -c release) for real figures.

            The query mix is drawn from the archive's own vocabulary (rare, medium and common \
            words, two and three words, a phrase, date- and source-filtered queries, a facet query) \
            and is the same for the same archive. --queries FILE uses one query per line instead; \
            the baseline understands words, "phrases", source:HOST and date:/after:/before:.
            """
    )

    @Argument(help: ArgumentHelp("Directory holding the article dumps.", valueName: "dir"))
    var directory: String

    @Option(name: .long, help: ArgumentHelp("Queries to time, one per line (# starts a comment).", valueName: "file"))
    var queries: String?

    @Flag(name: .long, help: "Time Gazette's queries with query expansion (search --expand).")
    var expand = false

    @Flag(name: .long, help: "Score every match of Gazette's queries (no early termination), to measure what it gains.")
    var exhaustive = false

    @Flag(name: .long, help: "Print one JSON object on stdout.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Build each index N times, alternating the order; report medians.", valueName: "n"))
    var `repeat` = 1

    @Option(name: .long, help: ArgumentHelp("Timed passes over the queries.", valueName: "n"))
    var rounds = 10

    @Option(name: .long, help: ArgumentHelp("Keep both indexes (gazette.db, baseline.db) in DIR.", valueName: "dir"))
    var keep: String?

    @Option(name: .long, help: ArgumentHelp(
        "Build Gazette's index as gazette index --lang CODE does: the archive's language (ISO 639-1) instead of detecting each article's.",
        valueName: "code"))
    var lang: LanguageCode?

    func validate() throws {
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        try lang?.validate("--lang")
    }

    func run() throws {
        var settings = BenchConfiguration(root: directory)
        settings.repeatCount = `repeat`
        settings.rounds = rounds
        settings.keepDirectory = keep
        settings.expand = expand
        settings.exhaustive = exhaustive
        settings.language = lang?.code
        if let queries {
            settings.queries = try QueryMix.load(path: queries)
            if settings.queries?.isEmpty ?? true { throw GazetteError.usage("--queries \(queries): no queries in the file") }
        }
        let runner = BenchRunner(configuration: settings)
        let showProgress = Terminal.stderrIsTerminal
        if showProgress { runner.progress = { Terminal.status("bench: " + $0 + "…") } }
        let report = try runner.run()
        if showProgress { Terminal.clearStatus() }
        if json {
            Terminal.out(try GazetteJSON.encode(report))
        } else {
            Terminal.out(BenchCommand.table(report))
        }
    }

    static func table(_ report: BenchReport) -> String {
        let g = report.gazette, b = report.baseline
        var rows: [[String]] = [["", "gazette", "baseline", "gazette/baseline"]]
        func row(_ name: String, _ gv: Double, _ bv: Double, _ format: (Double) -> String, digits: Int = 2) {
            rows.append([name, format(gv), format(bv), bv > 0 ? Format.decimal(gv / bv, digits) : "-"])
        }
        let ms = { (v: Double) in Format.decimal(v, v < 10 ? 3 : 1) + " ms" }
        row("index time", g.indexSeconds, b.indexSeconds) { Format.decimal($0, 2) + " s" }
        row("docs/s", g.docsPerSecond, b.docsPerSecond) { Format.decimal($0, 0) }
        row("MB/s", g.megabytesPerSecond, b.megabytesPerSecond) { Format.decimal($0, 1) }
        row("index size", Double(g.indexBytes), Double(b.indexBytes)) { Format.megabytes(Int64($0)) }
        row("peak memory (RSS)", Double(g.peakRSSBytes), Double(b.peakRSSBytes)) { Format.megabytes(Int64($0)) }
        row("memory growth", Double(g.rssGrowthBytes), Double(b.rssGrowthBytes)) { Format.megabytes(Int64($0)) }
        row("queries/s", g.queriesPerSecond, b.queriesPerSecond) { Format.decimal($0, 0) }
        row("p50", g.p50Milliseconds, b.p50Milliseconds, ms)
        row("p99", g.p99Milliseconds, b.p99Milliseconds, ms)
        for category in report.categories {
            let count = report.queries.filter { $0.category == category }.count
            row("  p50 \(category.rawValue.replacing("_", with: " ")) (\(count))",
                g.categories[category]?.p50 ?? 0, b.categories[category]?.p50 ?? 0, ms)
        }
        if let plain = report.unexpanded {
            rows.append(["", "", "", ""])
            rows.append(["gazette without --expand", "", "", "expanded/unexpanded"])
            rows.append(["  p50", ms(plain.p50Milliseconds), "", plain.p50Milliseconds > 0 ? Format.decimal(g.p50Milliseconds / plain.p50Milliseconds, 2) : "-"])
            rows.append(["  p99", ms(plain.p99Milliseconds), "", plain.p99Milliseconds > 0 ? Format.decimal(g.p99Milliseconds / plain.p99Milliseconds, 2) : "-"])
            for category in report.categories {
                let expanded = g.categories[category]?.p50 ?? 0
                let unexpanded = plain.categories[category]?.p50 ?? 0
                rows.append(["  p50 \(category.rawValue.replacing("_", with: " "))", ms(unexpanded), "",
                             unexpanded > 0 ? Format.decimal(expanded / unexpanded, 2) : "-"])
            }
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines: [String] = []
        let mb = Format.megabytes(report.bytes)
        lines.append(Terminal.bold("gazette bench") + ": \(report.articles) articles (\(report.files) files, \(mb)); "
                     + "\(report.repeatCount) build\(report.repeatCount == 1 ? "" : "s") of each index"
                     + (report.repeatCount > 1 ? " (medians)" : "")
                     + "; \(report.queries.count) quer\(report.queries.count == 1 ? "y" : "ies") × \(report.rounds) round\(report.rounds == 1 ? "" : "s")"
                     + (report.language.map { "; Gazette indexed with --lang \($0)" } ?? ""))
        lines.append("")
        for (index, cells) in rows.enumerated() {
            var line = cells[0] + String(repeating: " ", count: widths[0] - cells[0].count)
            for column in 1..<4 {
                line += "  " + String(repeating: " ", count: widths[column] - cells[column].count) + cells[column]
            }
            lines.append(index == 0 ? Terminal.bold(line) : line)
        }
        lines.append("")
        lines.append("docs/s, MB/s and queries/s: above 1 means Gazette is faster; times, sizes and memory: below 1 means Gazette is smaller.")
        lines.append("peak memory: \(report.memoryMethod.rawValue) during each build; growth is the rise above the level at the build's start.")
        let sanity = report.sanity
        if sanity.allAgree {
            lines.append("sanity: all \(sanity.queries) queries return results on both indexes.")
        } else {
            lines.append("sanity: \(sanity.bothNonEmpty) of \(sanity.queries) queries return results on both indexes.")
            for query in sanity.gazetteOnly { lines.append("  only gazette:  " + query) }
            for query in sanity.baselineOnly { lines.append("  only baseline: " + query) }
            for query in sanity.neither { lines.append("  neither:       " + query) }
        }
        if report.baseline.articles != report.gazette.articles {
            lines.append("note: the baseline indexed \(report.baseline.articles) articles, Gazette \(report.gazette.articles).")
        }
        if let kept = report.keptDirectory {
            lines.append("indexes kept in \(kept) (gazette.db, baseline.db)")
        }
        return lines.joined(separator: "\n")
    }
}
