import ArgumentParser
import Gazette

struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "The archive's own coverage, per source: articles per period, gaps, bad dates, rejected files.",
        discussion: """
            For each source: its articles per period (a sparkline on a terminal), its first and last \
            date, its gaps (runs of empty periods between its first and last period with articles), \
            the share of its articles with implausible dates (after the newest file the index read, \
            or before 1900; they are left out of the periods and dates), and its files rejected by \
            `gazette index` (counted when the file's header named a readable URL).
            Use it before reading a dip in `gazette count` as a drop in attention.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: ArgumentHelp("Period: day, week, month (default) or year.", valueName: "unit"))
    var by = Choice<DateGranularity>(.month)

    @Flag(name: .long, help: "Print CSV: source,period,count, one row per source and period.")
    var csv = false

    @Flag(name: .long, help: "Print {\"by\", \"sources\": [{\"source\", \"articles\", \"first_date\", \"last_date\", \"periods\", \"gaps\", \"implausible_dates\", \"rejected\"}]}.")
    var json = false

    func validate() throws {
        guard !(csv && json) else { throw ValidationError("choose --csv or --json, not both") }
        try by.validate("--by")
    }

    func run() throws {
        let index = try GazetteIndex(path: database.path, access: .read)
        let report = try Searcher(index: index).sourceCoverage(granularity: by.value ?? .month, options: filters.compileOptions)
        if json {
            Terminal.out(try GazetteJSON.encode(report))
        } else if csv {
            Terminal.out(["source", "period", "count"].joined(separator: ","))
            for source in report.sources {
                for period in source.periods {
                    Terminal.out([source.source, period.value, String(period.count)].map(CSV.field).joined(separator: ","))
                }
            }
        } else {
            human(report)
        }
        if report.sources.isEmpty { throw ExitCode(1) }
    }

    private func human(_ report: SourceCoverageReport) {
        guard let first = report.sources.first?.periods.first?.value,
              let last = report.sources.first?.periods.last?.value else {
            Terminal.out(report.sources.isEmpty ? "no articles" : "no plausible dates")
            return
        }
        Terminal.out("\(report.sources.count) \(report.sources.count == 1 ? "source" : "sources"), by \(report.granularity.rawValue), \(first) to \(last)")
        let width = report.sources.map(\.source.count).max() ?? 0
        for source in report.sources {
            Terminal.out("")
            let dates = source.firstDate.map { "\($0) to \(source.lastDate.map(\.description) ?? "?")" } ?? "no plausible dates"
            Terminal.out(Terminal.bold(source.source) + String(repeating: " ", count: max(0, width - source.source.count))
                         + "  \(source.articles) articles, \(dates)")
            Terminal.out("  " + Sparkline.render(source.periods))
            for gap in source.gaps {
                let span = gap.from == gap.to ? gap.from : "\(gap.from) to \(gap.to)"
                Terminal.out("  gap: \(span) (\(gap.periods) \(gap.periods == 1 ? "period" : "periods") without articles)")
            }
            if source.implausibleDates > 0 {
                Terminal.out("  implausible dates: \(Format.decimal(source.implausibleDates * 100, 1))% of its articles")
            }
            if source.rejected > 0 {
                Terminal.out("  rejected files: \(source.rejected)")
            }
        }
        if report.unattributedRejections > 0 {
            Terminal.out("")
            Terminal.out("\(report.unattributedRejections) rejected files name no readable URL (no source)")
        }
    }
}

/// One character per period, from ▁ to █, a space for none: the shape of a
/// series at a glance. Empty periods stand out, which is the point.
enum Sparkline {
    static func render(_ periods: [FacetCount]) -> String {
        let maximum = periods.map(\.count).max() ?? 0
        guard maximum > 0 else { return String(repeating: "·", count: periods.count) }
        let marks = periods.map { period -> Character in
            guard period.count > 0 else { return "·" }
            let level = Int((Double(period.count) / Double(maximum) * Double(BarChart.sparkLevels.count - 1)).rounded(.up))
            return BarChart.sparkLevels[max(0, min(BarChart.sparkLevels.count - 1, level))]
        }
        // 72 periods a line (six years by month).
        return stride(from: 0, to: marks.count, by: 72).map { String(marks[$0..<min(marks.count, $0 + 72)]) }
            .joined(separator: "\n  ")
    }
}
