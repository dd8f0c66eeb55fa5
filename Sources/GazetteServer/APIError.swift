import Gazette

/// A failed request as the API reports it: an HTTP status and
/// `{"error": {"code", "message", "column"?}}`.
public struct APIError: Error, Sendable, Equatable {
    /// The HTTP status code: 400, 404, 503 or 500.
    public let status: Int
    /// A stable machine-readable name, e.g. `query_error`.
    public let code: String
    /// A sentence for a person, naming what failed; never SQLite's own text.
    public let message: String
    /// For query errors, the 1-based column in the query where the problem starts.
    public let column: Int?

    public init(status: Int, code: String, message: String, column: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.column = column
    }

    static func badParameter(_ name: String, _ problem: String) -> APIError {
        APIError(status: 400, code: "invalid_parameter", message: "parameter \(name): \(problem)")
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: 404, code: "not_found", message: message)
    }

    /// The API's reading of a library error. Messages name the index, not its
    /// file system path: the path is the server operator's business.
    init(_ error: GazetteError) {
        switch error.code {
        case .query:
            self.init(status: 400, code: "query_error", message: error.queryError?.message ?? error.detail,
                      column: error.queryError?.column)
        case .usage:
            self.init(status: 400, code: "invalid_parameter", message: error.detail)
        case .cursor:
            self.init(status: 400, code: "invalid_cursor", message: error.detail)
        case .deadlineExceeded:
            // The library's detail names the deadline in seconds; the advice is the API's own.
            self.init(status: 503, code: "deadline_exceeded", message: error.detail + "; narrow the query")
        case .database, .notAnIndex, .reindexNeeded:
            self.init(status: 500, code: "index_error", message: "reading the index failed: \(error.detail)")
        case .indexNotFound:
            self.init(status: 500, code: "index_error", message: "the index file is missing")
        case .input, .output:
            self.init(status: 500, code: "internal_error", message: "the server failed: \(error.detail)")
        }
    }

    /// The error body, printed by the library's one JSON encoder like every other body.
    public var json: JSONValue {
        // APIError's encode(to:) throws only what GazetteJSON's encoder throws, which is nothing.
        (try? GazetteJSON.value(self)) ?? .null
    }
}

extension APIError: Encodable {
    enum CodingKeys: String, CodingKey { case error }
    enum ErrorKeys: String, CodingKey { case code, message, column }

    /// `{"error": {"code", "message", "column"?}}`; `column` only for query errors.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var error = container.nestedContainer(keyedBy: ErrorKeys.self, forKey: .error)
        try error.encode(code, forKey: .code)
        try error.encode(message, forKey: .message)
        if let column { try error.encode(column, forKey: .column) }
    }
}
