import Foundation
import Testing
@testable import Gazette

/// `gazette sources` and the gaps `gazette count` marks: on a corpus where one
/// source has a planted three-month hole, exactly that hole is reported.
@Suite struct SourceCoverageTests {
    /// Three sources with an article every four days over 2022 and 2023; `gap.example`
    /// has none from 2023-03-01 to 2023-05-31. `dates.example` also has two implausible
    /// dates (1850 and 2099), and `steady.example` one rejected file whose URL was readable.
    static func corpus() throws -> (folder: TemporaryFolder, index: GazetteIndex, summary: IndexSummary) {
        let folder = try TemporaryFolder(prefix: "gazette-sources")
        let dumps = try folder.folder("dumps")
        let start = try #require(Day(year: 2022, month: 1, day: 1)).daysSinceEpoch
        let end = try #require(Day(year: 2023, month: 12, day: 31)).daysSinceEpoch
        let holeStart = try #require(Day(year: 2023, month: 3, day: 1))
        let holeEnd = try #require(Day(year: 2023, month: 5, day: 31))
        var number = 0
        func write(_ host: String, _ date: String, _ title: String, _ body: String) throws {
            number += 1
            let text = " date \(date) https://\(host)/\(number)\n\(title)\n\(body)\n"
            try Data(text.utf8).write(to: dumps.appendingPathComponent("\(host)-\(number).txt"))
        }
        for (offset, host) in ["steady.example", "gap.example", "dates.example"].enumerated() {
            for dayNumber in stride(from: start + offset, through: end, by: 4) {
                let day = Day(daysSinceEpoch: dayNumber)
                if host == "gap.example" && day >= holeStart && day <= holeEnd { continue }
                try write(host, day.description, "Harbor report \(number)", "harbor traffic w\(number)a w\(number)b w\(number)c")
            }
        }
        try write("dates.example", "1850-06-01", "Old harbor", "harbor history z1")
        try write("dates.example", "2099-01-01", "Future harbor", "harbor future z2")
        // Rejected: a header with a readable URL but no headline or body; and one with no URL at all.
        try Data(" date 2023-01-05 https://steady.example/empty\n\n\n".utf8).write(to: dumps.appendingPathComponent("empty.txt"))
        try Data("no header here\nat all\n".utf8).write(to: dumps.appendingPathComponent("junk.txt"))
        let index = try GazetteIndex(path: folder.url.appendingPathComponent("index.db").path, access: .write)
        let summary = try Indexer(index: index).run(roots: [dumps.path])
        return (folder, index, summary)
    }

    @Test func sourcesReportExactlyThePlantedGap() throws {
        let (folder, index, summary) = try Self.corpus()
        _ = folder
        #expect(summary.rejected.count == 2)
        let report = try Searcher(index: index).sourceCoverage(granularity: .month)
        let bySource = Dictionary(uniqueKeysWithValues: report.sources.map { ($0.source, $0) })
        let gap = try #require(bySource["gap.example"])
        let steady = try #require(bySource["steady.example"])
        let dates = try #require(bySource["dates.example"])
        #expect(report.sources.count == 3)
        #expect(gap.gaps == [CoverageGap(from: "2023-03", to: "2023-05", periods: 3)])
        #expect(steady.gaps.isEmpty && dates.gaps.isEmpty)
        #expect(gap.periods.count == 24 && steady.periods.map(\.value) == gap.periods.map(\.value))
        #expect(gap.periods.filter { $0.count == 0 }.map(\.value) == ["2023-03", "2023-04", "2023-05"])
        #expect(gap.firstDate?.description == "2022-01-02" && gap.lastDate?.year == 2023)

        // Implausible dates: left out of the periods and the first and last date, counted as a share.
        #expect(dates.articles == dates.periods.reduce(0) { $0 + $1.count } + 2)
        #expect(abs(dates.implausibleDates - 2.0 / Double(dates.articles)) < 1e-12)
        #expect(dates.firstDate?.year == 2022 && dates.lastDate?.year == 2023)
        #expect(steady.implausibleDates == 0)

        // Rejections: counted against the source whose URL the header named; the other has none.
        #expect(steady.rejected == 1 && gap.rejected == 0 && dates.rejected == 0)
        #expect(report.unattributedRejections == 1)

        // Narrowed by source and dates; by year, the hole is inside one period and no gap.
        var window = CompileOptions()
        window.from = DateSpec(parsing: "2023-02")
        window.to = DateSpec(parsing: "2023-07")
        window.sources = ["www.gap.example"]
        let narrowed = try Searcher(index: index).sourceCoverage(granularity: .month, options: window)
        #expect(narrowed.sources.map(\.source) == ["gap.example"])
        #expect(narrowed.sources.first?.gaps == [CoverageGap(from: "2023-03", to: "2023-05", periods: 3)])
        #expect(try Searcher(index: index).sourceCoverage(granularity: .year).sources.allSatisfy { $0.gaps.isEmpty })
        let weekly = try Searcher(index: index).sourceCoverage(granularity: .week)
        #expect(weekly.sources.first { $0.source == "gap.example" }?.gaps.count == 1)
        #expect(weekly.sources.first { $0.source == "steady.example" }?.gaps.isEmpty == true)
    }

    @Test func countMarksTheGapMonths() throws {
        let (folder, index, _) = try Self.corpus()
        _ = folder
        let series = try Searcher(index: index).coverage(["harbor"], granularity: .month)
        #expect(series.gaps == ["2023-03", "2023-04", "2023-05"].map { PeriodGaps(period: $0, sources: ["gap.example"]) })
        let json = ResultJSON.coverage(series, queries: ["harbor"]).serialized()
        #expect(json.hasSuffix(#""gaps":[{"period":"2023-03","sources":["gap.example"]},{"period":"2023-04","sources":["gap.example"]},{"period":"2023-05","sources":["gap.example"]}]}"#))
        // Counting only the other sources, nothing is marked.
        var steadyOnly = CompileOptions()
        steadyOnly.sources = ["steady.example"]
        #expect(try Searcher(index: index).coverage(["harbor"], granularity: .month, options: steadyOnly).gaps.isEmpty)
    }

    @Test func cliSourcesAndCount() throws {
        let (folder, _, _) = try Self.corpus()
        let db = folder.url.appendingPathComponent("index.db").path
        let json = try runGazette(["sources", "--db", db, "--json"], in: folder.url)
        #expect(json.status == 0, "\(json)")
        let sources = try #require(json.json?["sources"] as? [[String: Any]], "\(json)")
        let gap = try #require(sources.first { $0["source"] as? String == "gap.example" })
        let gaps = try #require(gap["gaps"] as? [[String: Any]])
        #expect(gaps.count == 1 && gaps.first?["from"] as? String == "2023-03" && gaps.first?["to"] as? String == "2023-05"
                && cliInt(gaps.first, "periods") == 3)
        #expect(json.json?["by"] as? String == "month")

        let human = try runGazette(["sources", "--db", db], in: folder.url)
        #expect(human.status == 0 && human.out.contains("gap: 2023-03 to 2023-05 (3 periods without articles)"), "\(human)")
        let csv = try runGazette(["sources", "--db", db, "--csv", "--source", "gap.example"], in: folder.url)
        #expect(csv.out.split(separator: "\n").first == "source,period,count" && csv.out.contains("gap.example,2023-04,0"))

        let count = try runGazette(["count", "harbor", "--by", "month", "--db", db], in: folder.url)
        #expect(count.status == 0 && count.out.contains("2023-04: gap.example") && count.out.contains("^"), "\(count)")
        let stats = try runGazette(["stats", "--db", db], in: folder.url)
        #expect(stats.out.contains("gazette sources"))
    }
}
