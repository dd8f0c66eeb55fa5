import Foundation
import Gazette
@testable import GazetteServer
import Hummingbird
import HummingbirdTesting
import Testing

/// The shipped fixtures plus a few hostile articles, indexed once for every server test.
final class ServerCorpus: @unchecked Sendable {
    static let shared: ServerCorpus = {
        do { return try ServerCorpus() } catch { fatalError("cannot build the server test index: \(error)") }
    }()

    let folder: URL
    let database: String
    let extras: URL

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/articles")
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-server-tests-\(UUID().uuidString)")
        extras = folder.appendingPathComponent("extras")
        try FileManager.default.createDirectory(at: extras, withIntermediateDirectories: true)
        let hostile = """
             date 2025-06-01 https://evil.example/2025/06/01/script
            &lt;script&gt;alert("pwned")&lt;/script&gt; Levee & "quotes" report
            The levee <b>report</b> mentions &lt;script&gt;document.cookie&lt;/script&gt; and ampersands & more.
            Second paragraph about the levee inspection.

            """
        try Data(hostile.utf8).write(to: extras.appendingPathComponent("hostile.txt"))
        database = folder.appendingPathComponent("index.db").path
        let index = try GazetteIndex(path: database, access: .write)
        _ = try Indexer(index: index).run(roots: [ServerCorpus.fixtures.path, extras.path])
        // Ingest strips markup from titles, so the hostile title is set
        // directly: the pages must escape whatever an index holds.
        let update = try index.database.prepare("UPDATE articles SET title = ?1 WHERE url = ?2")
        try update.run([.text("<script>alert(\"pwned\")</script> Levee & \"quotes\" report"),
                        .text("https://evil.example/2025/06/01/script")])
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func pool(deadline: Double = 10, readers: Int = 4) throws -> ReaderPool {
        try ReaderPool(path: database, size: readers, deadline: deadline)
    }
}

/// A reply as the tests read it.
struct Answer: Sendable {
    let status: Int
    let text: String
    let contentType: String

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorColumn: Int? { (json["error"] as? [String: Any])?["column"] as? Int }
}

/// Runs `body` against an in-process server over the shared test index.
func withServer<T>(deadline: Double = 10, readers: Int = 4,
                   _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
    let pool = try ServerCorpus.shared.pool(deadline: deadline, readers: readers)
    let app = Application(router: GazetteServer.router(pool: pool))
    return try await app.test(.router) { client in try await body(client) }
}

func get(_ client: any TestClientProtocol, _ uri: String) async throws -> Answer {
    try await client.execute(uri: uri, method: .get) { response in
        Answer(status: Int(response.status.code), text: String(buffer: response.body),
              contentType: response.headers[.contentType] ?? "")
    }
}
