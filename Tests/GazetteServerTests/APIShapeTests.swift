import Foundation
import Gazette
@testable import GazetteServer
import Hummingbird
import HummingbirdTesting
import Testing

/// The API's bodies are the CLI's `--json` objects: one parser reads both.
@Suite("API shapes match the CLI")
struct APIShapeTests {
    static var binary: URL? {
        var folder = Bundle.main.bundleURL
        if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        var candidates = [folder.appendingPathComponent("gazette")]
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("gazette"))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    func cli(_ arguments: [String]) throws -> NSDictionary {
        let process = Process()
        // Bound first: assigned straight to the optional property, #require would not unwrap (nor check) it.
        let binary = try #require(APIShapeTests.binary, "the gazette executable is built beside the tests")
        process.executableURL = binary
        process.arguments = arguments + ["--db", ServerCorpus.shared.database]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test(arguments: [
        (["search", "--json", "--facets", "--limit", "5", "levee"], "/api/search?q=levee&facets=1&limit=5"),
        (["search", "--json", "--sort", "newest", "--all-copies", "--from", "2023", "flood"],
         "/api/search?q=flood&sort=newest&all_copies=1&from=2023"),
        (["count", "--json", "--query", "levee", "--query", "flood", "--by", "month"], "/api/count?q=levee&q=flood&by=month"),
        (["stats", "--json"], "/api/stats"),
    ])
    func theAPIAnswersExactlyWhatTheCLIPrints(arguments: [String], uri: String) async throws {
        let expected = try cli(arguments)
        let answer = try await withServer { try await get($0, uri) }
        #expect(answer.status == 200)
        let actual = try #require(try JSONSerialization.jsonObject(with: Data(answer.text.utf8)) as? NSDictionary)
        #expect(actual == expected, "\(uri)")
    }
}

@Suite("Serving while indexing", .serialized)
struct ServingWhileIndexingTests {
    @Test func searchesKeepWorkingAndSeeNewArticlesAfterACommit() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-serve-live-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fresh = folder.appendingPathComponent("fresh")
        try FileManager.default.createDirectory(at: fresh, withIntermediateDirectories: true)
        let database = folder.appendingPathComponent("index.db").path
        _ = try Indexer(index: try GazetteIndex(path: database, access: .write)).run(roots: [ServerCorpus.fixtures.path])
        for number in 0..<400 {
            let text = " date 2025-07-\(String(format: "%02d", number % 28 + 1)) https://late.example/\(number)\nZebrafish story \(number)\nZebrafish paragraph number \(number) about tides.\n"
            try Data(text.utf8).write(to: fresh.appendingPathComponent("a\(number).txt"))
        }
        let pool = try ReaderPool(path: database, size: 4, deadline: 10)
        let app = Application(router: GazetteServer.router(pool: pool))
        try await app.test(.router) { client in
            let writer = Task.detached {
                var options = IndexOptions()
                options.commitInterval = 25
                return try Indexer(index: try GazetteIndex(path: database, access: .write), options: options)
                    .run(roots: [ServerCorpus.fixtures.path, fresh.path])
            }
            var last = 0
            var statuses: [Int] = []
            for _ in 0..<30 {
                let answers = try await withThrowingTaskGroup(of: Answer.self) { group in
                    for _ in 0..<4 { group.addTask { try await get(client, "/api/search?q=zebrafish&limit=1") } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                statuses += answers.map(\.status)
                let total = answers.compactMap { $0.json["total"] as? Int }.min() ?? 0
                #expect(total >= last, "totals never go back")
                last = max(last, total)
            }
            _ = try await writer.value
            #expect(statuses.allSatisfy { $0 == 200 })
            let final = try await get(client, "/api/search?q=zebrafish&limit=1").json
            #expect(final["total"] as? Int == 400, "articles committed by the writer are seen")
        }
    }
}
