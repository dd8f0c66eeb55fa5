/// A failure a user can act on, with the path or query it concerns.
///
/// Raw SQLite errors are translated into these before they reach a person;
/// the CLI maps them to exit codes (`exitCode`).
public enum GazetteError: Error, Sendable, CustomStringConvertible {
    /// The query cannot be run as written (exit code 2).
    case query(QueryError, query: String)
    /// A command-line value is wrong (exit code 2).
    case usage(String)
    /// No index file at the path.
    case indexNotFound(path: String)
    /// The file is not a Gazette index.
    case notAnIndex(path: String, detail: String)
    /// The index was written by another version and must be rebuilt.
    case reindexNeeded(path: String, detail: String)
    /// The database cannot be opened or written.
    case database(path: String, detail: String)
    /// An input root cannot be read.
    case input(path: String, detail: String)
    /// Writing a file failed.
    case output(path: String, detail: String)

    public var description: String {
        switch self {
        case .query(let error, let query):
            return "query error in \"\(query)\": \(error)"
        case .usage(let message):
            return message
        case .indexNotFound(let path):
            return "no index at \(path): run `gazette index DIR --db \(path)` first"
        case .notAnIndex(let path, let detail):
            return "\(path) is not a Gazette index (\(detail))"
        case .reindexNeeded(let path, let detail):
            return "\(path): \(detail); re-index needed: delete the file (or choose another --db) and run `gazette index` again"
        case .database(let path, let detail):
            return "\(path): \(detail)"
        case .input(let path, let detail):
            return "\(path): \(detail)"
        case .output(let path, let detail):
            return "\(path): \(detail)"
        }
    }

    /// The documented exit code: 2 for usage and query errors, 3 for everything else.
    public var exitCode: Int32 {
        switch self {
        case .query, .usage: return 2
        default: return 3
        }
    }
}
