import Gazette
import Hummingbird
import NIOCore

/// `gazette serve`: a read-only HTTP server over one index, with a JSON API
/// under `/api/` and server-rendered pages for people.
public enum GazetteServer {
    /// Where and how to serve.
    public struct Configuration: Sendable {
        public var databasePath: String
        /// Loopback unless the operator names another address.
        public var host = "127.0.0.1"
        public var port = 8080
        /// Seconds one request's index work may take before it is stopped (503).
        public var deadline = 10.0
        /// Read connections, hence requests served at once; the rest wait their turn.
        public var readers = 4

        public init(databasePath: String) {
            self.databasePath = databasePath
        }
    }

    /// The router with every route, over `pool`. Tests drive it in process.
    public static func router(pool: ReaderPool) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        APIRoutes(pool: pool).add(to: router)
        PageRoutes(pool: pool).add(to: router)
        return router
    }

    /// The server for `configuration`: opens the index (failing at once
    /// when it is missing or not an index); `Server.run` binds the address.
    /// `onRunning` gets the bound port (the system's choice when `port` is 0).
    public static func server(_ configuration: Configuration,
                              onRunning: @escaping @Sendable (Int) -> Void = { _ in }) throws(GazetteError) -> Server {
        let pool = try ReaderPool(path: configuration.databasePath, size: configuration.readers,
                                  deadline: configuration.deadline)
        return Server(application: Application(
            router: router(pool: pool),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: "gazette"),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? configuration.port) }
        ))
    }

    /// A server ready to run. It wraps Hummingbird's application so that the
    /// command line, which only starts it, need not import Hummingbird.
    public struct Server: Sendable {
        let application: Application<RouterResponder<BasicRequestContext>>

        /// Serves until SIGINT or SIGTERM, which Hummingbird's service group
        /// turns into a clean stop; throws when the address cannot be bound.
        public func run() async throws {
            try await application.runService()
        }
    }
}

/// A header name; `HTTPField` itself is not re-exported by Hummingbird.
typealias FieldName = HTTPFields.Element.Name

/// Response helpers shared by the API and the pages.
enum Reply {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        text(value.serialized(), type: "application/json; charset=utf-8", status: status)
    }

    static func error(_ error: APIError) -> Response {
        json(error.json, status: status(error.status))
    }

    static func text(_ body: String, type: String, status: HTTPResponse.Status = .ok,
                     extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: type]
        if let sniffing = FieldName("X-Content-Type-Options") { headers[sniffing] = "nosniff" }
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func status(_ code: Int) -> HTTPResponse.Status {
        switch code {
        case 400: return .badRequest
        case 404: return .notFound
        case 503: return .serviceUnavailable
        case 200: return .ok
        default: return .internalServerError
        }
    }

    /// Runs `body`, turning whatever it throws into the documented error reply.
    static func guarded(_ body: () async throws -> Response, failure: (APIError) -> Response = error) async -> Response {
        do {
            return try await body()
        } catch let error as APIError {
            return failure(error)
        } catch let error as GazetteError {
            return failure(APIError(error))
        } catch {
            return failure(APIError(status: 500, code: "internal_error", message: "the server failed while answering"))
        }
    }
}
