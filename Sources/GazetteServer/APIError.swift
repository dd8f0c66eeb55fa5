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
        switch error {
        case .query(let query, _):
            self.init(status: 400, code: "query_error", message: query.message, column: query.column)
        case .usage(let message):
            self.init(status: 400, code: "invalid_parameter", message: message)
        case .deadlineExceeded(_, let seconds):
            self.init(status: 503, code: "deadline_exceeded",
                      message: "the request took longer than the server's deadline of \(APIError.seconds(seconds)) s and was stopped; narrow the query")
        case .database(_, let detail), .notAnIndex(_, let detail), .reindexNeeded(_, let detail):
            self.init(status: 500, code: "index_error", message: "reading the index failed: \(detail)")
        case .indexNotFound:
            self.init(status: 500, code: "index_error", message: "the index file is missing")
        case .input(_, let detail), .output(_, let detail):
            self.init(status: 500, code: "internal_error", message: "the server failed: \(detail)")
        }
    }

    static func seconds(_ value: Double) -> String {
        value.isFinite && abs(value) < 1e9 && value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The error body.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("code", .string(code)), ("message", .string(message))]
        if let column { members.append(("column", .int(column))) }
        return .object([("error", .object(members))])
    }
}
