import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// The judged test collections, the evaluator's metrics and `gazette_bm25`.
@Suite struct JudgedEvaluationTests {
    static let collections = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/collections")

    static func load(_ name: String) throws -> JudgedCollection {
        try JudgedCollection.load(directory: collections.appendingPathComponent(name).path)
    }

    @Test func metricsFollowTrecEvalConventions() {
        // Relevant: a (grade 2), b (grade 1), c (grade 1, never retrieved).
        let grades = ["a": 2, "b": 1, "c": 1]
        let metrics = RetrievalMetrics(ranked: ["x", "a", "y", "b"], grades: grades)
        // AP = (1/2 + 2/4) / 3: the unretrieved relevant document counts in the denominator.
        #expect(abs(metrics.averagePrecision - (0.5 + 0.5) / 3) < 1e-12)
        #expect(abs(metrics.precision10 - 0.2) < 1e-12)
        #expect(abs(metrics.recall100 - 2.0 / 3) < 1e-12)
        let dcg = 2 / log2(3.0) + 1 / log2(5.0)
        let ideal = 2 / log2(2.0) + 1 / log2(3.0) + 1 / log2(4.0)
        #expect(abs(metrics.ndcg10 - dcg / ideal) < 1e-12)
        let perfect = RetrievalMetrics(ranked: ["a", "b", "c"], grades: grades)
        #expect(perfect.averagePrecision == 1 && abs(perfect.ndcg10 - 1) < 1e-12)
        #expect(RetrievalMetrics(ranked: [], grades: grades).averagePrecision == 0)
    }

    @Test func collectionsLoadWithTheirJudgedQueries() throws {
        let expected: [(String, Int, Int)] = [("cisi", 1460, 76), ("cranfield", 1400, 225), ("cacm", 3204, 52)]
        for (name, documents, judged) in expected {
            let collection = try Self.load(name)
            #expect(collection.documents.count == documents, "\(name)")
            #expect(collection.judgedQueries.count == judged, "\(name)")
            let ids = Set(collection.documents.map(\.id))
            for (query, grades) in collection.judgements {
                #expect(grades.keys.allSatisfy(ids.contains), "\(name) query \(query) judges an unknown document")
            }
        }
    }

    @Test func dumpFilesParseBackToTheirDocuments() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-dump-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var collection = try Self.load("cacm")
        collection.documents = Array(collection.documents.prefix(20))
        try collection.writeDump(to: folder.path)
        for document in collection.documents {
            let parsed = ArticleParser.parseFile(atPath: folder.appendingPathComponent(document.id + ".txt").path)
            guard case .success(let article) = parsed else {
                Issue.record("document \(document.id) did not parse: \(parsed)")
                continue
            }
            #expect(JudgedCollection.documentID(fromURL: article.url) == document.id)
            #expect(article.title == document.title)
        }
    }

    @Test func weightedBM25WithUnitWeightsIsFTS5BM25() throws {
        let folder = try CLITempDirectory()
        let index = try GazetteIndex(path: folder.db, access: .write)
        _ = try Indexer(index: index).run(roots: [RankingQualityTests.fixtures.appendingPathComponent("articles").path])
        for query in ["flood", "river flooding homes", "\"interest rates\" bank", "title:election council"] {
            var options = CompileOptions()
            options.anyMode = true
            let compiled = try QueryCompiler.compile(query, options: options)
            let phrases = QueryCompiler.phrases(of: try #require(compiled.tree)).count
            let weights = Array(repeating: "1", count: phrases).joined(separator: ",")
            let statement = try index.database.prepare("""
                SELECT -bm25(fts, 3.0, 1.0), gazette_bm25(fts, 1.2, 0.75, 3.0, 1.0, ?2) FROM fts WHERE fts MATCH ?1
                """)
            statement.bind([.text(try #require(compiled.match)), .text(weights)])
            var rows = 0
            while try statement.step() {
                rows += 1
                #expect(statement.double(0) == statement.double(1), "\(query)")
            }
            #expect(rows > 0, "\(query)")
        }
        // A heavier phrase weighs proportionally more.
        let statement = try index.database.prepare("""
            SELECT gazette_bm25(fts, 1.2, 0.75, 3.0, 1.0, '1'), gazette_bm25(fts, 1.2, 0.75, 3.0, 1.0, '2.5')
            FROM fts WHERE fts MATCH '"flood"'
            """)
        while try statement.step() {
            #expect(abs(statement.double(1) - 2.5 * statement.double(0)) < 1e-9)
        }
    }

    /// Cranfield is a tuning collection: Gazette must beat raw FTS5 porter on it,
    /// and expansion must not lose to Gazette's BM25 (the README has the full table).
    @Test func gazetteBeatsPorterAndExpansionDoesNotLoseOnCranfield() throws {
        var collection = try Self.load("cranfield")
        collection.queries = Array(collection.judgedQueries.prefix(80))
        let folder = try CLITempDirectory()
        let evaluator = try CollectionEvaluator(collection: collection, folder: folder.url.path)
        let porter = try evaluator.evaluate(.porter).mean
        let gazette = try evaluator.evaluate(.gazette).mean
        let expanded = try evaluator.evaluate(.expanded).mean
        print("cranfield, 80 queries, MAP: porter \(porter.averagePrecision), gazette \(gazette.averagePrecision), expanded \(expanded.averagePrecision)")
        #expect(gazette.averagePrecision > porter.averagePrecision)
        #expect(expanded.averagePrecision >= gazette.averagePrecision)
    }
}
