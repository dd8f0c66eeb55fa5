import Foundation
import Testing
@testable import Gazette

/// `gazette count`: matches per period and their share of the index.
@Suite struct CoverageTests {
    static let articles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/articles").path

    func fixtureIndex() throws -> (GazetteIndex, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-count-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let index = try GazetteIndex(path: folder.appendingPathComponent("g.db").path, access: .write)
        _ = try Indexer(index: index).run(roots: [Self.articles])
        return (index, folder)
    }

    @Test func yearlyCountsAndSharesAgreeWithDirectCounts() throws {
        let (index, folder) = try fixtureIndex()
        defer { try? FileManager.default.removeItem(at: folder) }
        let series = try Searcher(index: index).coverage(["flood", "bridge"], granularity: .year)
        #expect(series.periods.map(\.period) == ["2022", "2023", "2024", "2025"])
        let searcher = Searcher(index: index)
        for (offset, text) in ["flood", "bridge"].enumerated() {
            let total = try searcher.count(QueryCompiler.compile(text))
            #expect(series.periods.reduce(0) { $0 + $1.counts[offset] } == total)
            for period in series.periods {
                var options = CompileOptions()
                options.from = DateSpec(parsing: period.period)
                options.to = DateSpec(parsing: period.period)
                #expect(period.counts[offset] == (try searcher.count(QueryCompiler.compile(text, options: options))))
                let articles = try index.database.scalarInt(
                    "SELECT count(*) FROM articles WHERE id BETWEEN ?1 AND ?2",
                    [.integer(Int(ArticleID.first(of: options.from!.first))), .integer(Int(ArticleID.last(of: options.to!.last)))]) ?? 0
                #expect(period.articles == articles)
                #expect(abs(period.shares[offset] - Double(period.counts[offset]) / Double(articles)) < 1e-12)
            }
        }
    }

    @Test func emptyPeriodsAreFilledWithZero() throws {
        let (index, folder) = try fixtureIndex()
        defer { try? FileManager.default.removeItem(at: folder) }
        let series = try Searcher(index: index).coverage(["levee"], granularity: .month)
        // The fixtures span 2022-02 to 2025-xx: every month in between is present, in order.
        let labels = series.periods.map(\.period)
        #expect(labels.first == "2022-02")
        #expect(labels == labels.sorted())
        #expect(Set(labels).count == labels.count)
        #expect(labels.count >= 40)
        #expect(series.periods.contains { $0.counts[0] == 0 })
        #expect(series.periods.reduce(0) { $0 + $1.counts[0] } > 0)
    }

    @Test func dateOptionsNarrowTheSpan() throws {
        let (index, folder) = try fixtureIndex()
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = CompileOptions()
        options.from = DateSpec(parsing: "2023")
        options.to = DateSpec(parsing: "2024-06")
        let series = try Searcher(index: index).coverage(["council"], granularity: .month, options: options)
        #expect(series.periods.first?.period.hasPrefix("2023") == true)
        #expect(series.periods.last.map { $0.period <= "2024-06" } == true)
    }
}
