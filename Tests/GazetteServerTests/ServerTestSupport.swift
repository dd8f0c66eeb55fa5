import Foundation
import Gazette
@testable import GazetteServer
import Hummingbird
import Logging
import NIOEmbedded
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

/// Sends requests straight to the server's router, in process, as Hummingbird's
/// own router test mode does, without a socket or an HTTP client (whose
/// packages, AsyncHTTPClient and NIOSSL, would cost CI minutes to build).
struct InProcessClient: Sendable {
    let responder: RouterResponder<BasicRequestContext>

    init(pool: ReaderPool) {
        responder = GazetteServer.router(pool: pool).buildResponder()
    }

    /// GETs `uri` (path and query, as a browser sends it).
    func get(_ uri: String) async throws -> Answer {
        let request = Request(head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: uri),
                              body: RequestBody(buffer: ByteBuffer()))
        let context = BasicRequestContext(source: .init(channel: NIOAsyncTestingChannel(),
                                                        logger: Logger(label: "gazette-server-tests")))
        let response: Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch {
            // What the server would send for an error no route turned into a reply
            // (Hummingbird answers an HTTPError with its status, anything else with 500).
            response = Response(status: (error as? any HTTPResponseError)?.status ?? .internalServerError)
        }
        let body = BodyCollector()
        try await response.body.write(body)
        return Answer(status: Int(response.status.code), text: String(buffer: body.storage.buffer),
                      contentType: response.headers[.contentType] ?? "")
    }
}

/// Collects a response body; the class behind it outlives the writer, which
/// `ResponseBody.write` consumes.
private struct BodyCollector: ResponseBodyWriter {
    final class Storage { var buffer = ByteBuffer() }
    let storage = Storage()

    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        storage.buffer.writeBuffer(&buffer)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// Runs `body` against the router over the shared test index.
func withServer<T>(deadline: Double = 10, readers: Int = 4,
                   _ body: @Sendable (InProcessClient) async throws -> T) async throws -> T {
    try await body(InProcessClient(pool: try ServerCorpus.shared.pool(deadline: deadline, readers: readers)))
}

func get(_ client: InProcessClient, _ uri: String) async throws -> Answer {
    try await client.get(uri)
}
