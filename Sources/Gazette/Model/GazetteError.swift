/// A failure a user can act on: what kind it is (`code`), the path or query it
/// concerns, what went wrong in words, and the error underneath, if any.
///
/// Raw SQLite errors are translated into these before they reach a person;
/// the CLI maps them to exit codes (`exitCode`). Build one with the static
/// functions (`.input(path:detail:)`, `.query(_:query:)`, …); match one by its
/// code, with `switch error.code` or `case .query = error`.
public struct GazetteError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is.
    public enum Code: String, Sendable, CaseIterable {
        /// The query cannot be run as written (exit code 2).
        case query
        /// A command-line value is wrong (exit code 2).
        case usage
        /// No index file at the path.
        case indexNotFound
        /// The file is not a Gazette index.
        case notAnIndex
        /// The index was written by another version and must be rebuilt.
        case reindexNeeded
        /// The database cannot be opened or written.
        case database
        /// An input root cannot be read.
        case input
        /// Writing a file failed.
        case output
        /// Work on the index ran past the deadline its caller set (`GazetteIndex.withDeadline`).
        case deadlineExceeded
        /// A search cursor (`search --after`, the API's `after`) is malformed or belongs
        /// to another query or sort (exit code 2).
        case cursor
    }

    public let code: Code
    /// The file or folder concerned: the index, an input root or an output file.
    public let path: String?
    /// The query text concerned (code `.query`).
    public let query: String?
    /// Why the query cannot be run, with its column (code `.query`).
    public let queryError: QueryError?
    /// What went wrong, in words, without the path; for `.usage`, the whole message.
    public let detail: String
    /// The error this one translates (an `SQLiteError`, a file walker's or a
    /// scratch file's error), kept for logs and for code that needs the cause.
    public let underlying: (any Error & Sendable)?

    public init(code: Code, path: String? = nil, query: String? = nil, queryError: QueryError? = nil,
                detail: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.path = path
        self.query = query
        self.queryError = queryError
        self.detail = detail
        self.underlying = underlying
    }

    /// The query cannot be run as written.
    public static func query(_ error: QueryError, query: String) -> GazetteError {
        GazetteError(code: .query, query: query, queryError: error, detail: error.description, underlying: error)
    }

    /// A command-line value is wrong; `message` is shown as it is.
    public static func usage(_ message: String) -> GazetteError {
        GazetteError(code: .usage, detail: message)
    }

    /// No index file at `path`.
    public static func indexNotFound(path: String) -> GazetteError {
        GazetteError(code: .indexNotFound, path: path, detail: "no index")
    }

    /// The file at `path` is not a Gazette index.
    public static func notAnIndex(path: String, detail: String, underlying: (any Error & Sendable)? = nil) -> GazetteError {
        GazetteError(code: .notAnIndex, path: path, detail: detail, underlying: underlying)
    }

    /// The index at `path` was written by another version.
    public static func reindexNeeded(path: String, detail: String) -> GazetteError {
        GazetteError(code: .reindexNeeded, path: path, detail: detail)
    }

    /// The database at `path` cannot be opened or written.
    public static func database(path: String, detail: String, underlying: (any Error & Sendable)? = nil) -> GazetteError {
        GazetteError(code: .database, path: path, detail: detail, underlying: underlying)
    }

    /// The input root at `path` cannot be read.
    public static func input(path: String, detail: String, underlying: (any Error & Sendable)? = nil) -> GazetteError {
        GazetteError(code: .input, path: path, detail: detail, underlying: underlying)
    }

    /// Writing the file or folder at `path` failed.
    public static func output(path: String, detail: String, underlying: (any Error & Sendable)? = nil) -> GazetteError {
        GazetteError(code: .output, path: path, detail: detail, underlying: underlying)
    }

    /// Work on the index at `path` ran past its caller's deadline of `seconds` and was stopped.
    public static func deadlineExceeded(path: String, seconds: Double) -> GazetteError {
        // Whole seconds print without ".0"; a huge or odd value prints as the
        // Double it is rather than trapping in Int(_:).
        let shown = seconds.isFinite && abs(seconds) < 1e9 && seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
        return GazetteError(code: .deadlineExceeded, path: path,
                            detail: "the request took longer than its deadline of \(shown) s and was stopped")
    }

    /// A search cursor that is malformed or belongs to another search; `message` is shown as it is.
    public static func cursor(_ message: String) -> GazetteError {
        GazetteError(code: .cursor, detail: message)
    }

    /// Lets `case .query = error` (and `switch error { case .usage: … }`) match by code.
    public static func ~= (code: Code, error: GazetteError) -> Bool {
        error.code == code
    }

    public var description: String {
        let path = self.path ?? ""
        switch code {
        case .query:
            return "query error in \"\(query ?? "")\": \(detail)"
        case .usage, .cursor:
            return detail
        case .indexNotFound:
            return "no index at \(path): run `gazette index DIR --db \(path)` first"
        case .notAnIndex:
            return "\(path) is not a Gazette index (\(detail))"
        case .reindexNeeded:
            return "\(path): \(detail); re-index needed: delete the file (or choose another --db) and run `gazette index` again"
        case .database, .input, .output, .deadlineExceeded:
            return "\(path): \(detail)"
        }
    }

    /// The documented exit code: 2 for usage, query and cursor errors, 3 for everything else.
    public var exitCode: Int32 {
        switch code {
        case .query, .usage, .cursor: return 2
        default: return 3
        }
    }
}
