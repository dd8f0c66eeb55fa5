import CSQLite

/// The single owner of one SQLite connection.
///
/// A `Database` is used from one thread at a time. It keeps a cache of
/// prepared statements so that hot statements are compiled once. Opening
/// through the public initializer (FTS5/) registers Gazette's FTS5 tokenizer,
/// so every connection analyses text the same way.
public final class Database {
    /// How to open the file.
    public enum Mode: Sendable {
        case readOnly
        case readWrite
        /// Read-write, creating the file when it is missing.
        case create
    }

    let handle: OpaquePointer
    public let path: String
    private var statementCache: [String: Statement] = [:]
    /// State that an extension registered on this connection points to from C
    /// (the FTS5 tokenizer's hand-off): released only after the connection
    /// closes, so no callback can outlive it.
    package var extensionState: AnyObject?

    /// Opens (or creates) the database at `path`, then lets `setUp` register
    /// extensions on it; the connection is closed when `setUp` throws.
    package init(path: String, mode: Mode, busyTimeout: Int32,
                 setUp: (Database) throws(SQLiteError) -> Void) throws(SQLiteError) {
        SQLiteRuntime.configureOnce()
        var connection: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        let rc = sqlite3_open_v2(path, &connection, flags, nil)
        guard rc == SQLITE_OK, let connection else {
            let error = SQLiteError(code: rc, connection: connection)
            sqlite3_close_v2(connection)
            throw error
        }
        self.handle = connection
        self.path = path
        sqlite3_busy_timeout(connection, busyTimeout)
        do {
            try setUp(self)
        } catch {
            statementCache.removeAll()
            sqlite3_close_v2(connection)
            throw error
        }
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that take no parameters (schema, pragmas).
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text, sql: sql,
                              systemErrno: sqlite3_system_errno(handle))
        }
    }

    /// Prepares a statement for one-off use.
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        try Statement(database: self, sql: sql, persistent: false)
    }

    /// Returns the cached prepared statement for `sql`, preparing it on first use.
    /// The statement comes back reset, with no bindings.
    public func cached(_ sql: String) throws(SQLiteError) -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            return statement
        }
        let statement = try Statement(database: self, sql: sql, persistent: true)
        statementCache[sql] = statement
        return statement
    }

    /// Drops all cached statements (needed before schema changes that would invalidate them).
    public func clearStatementCache() { statementCache.removeAll() }

    /// Runs a query and returns the first column of the first row as an integer.
    public func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> Int? {
        let statement = try cached(sql)
        defer { statement.reset() }
        statement.bind(values)
        guard try statement.step(), !statement.isNull(0) else { return nil }
        return statement.int(0)
    }

    public func scalarString(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> String? {
        let statement = try cached(sql)
        defer { statement.reset() }
        statement.bind(values)
        guard try statement.step() else { return nil }
        return statement.optionalString(0)
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` inside `BEGIN IMMEDIATE ... COMMIT`, rolling back when it throws.
    public func transaction<T, E: Error>(_ body: () throws(E) -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}

/// Process-wide SQLite settings that must be made before any connection opens.
enum SQLiteRuntime {
    private static let configured: Bool = {
        // Without this every SQLite allocation takes one process-wide mutex,
        // which serialises parallel writers.
        _ = gazette_sqlite_disable_memstatus()
        return true
    }()

    static func configureOnce() { _ = configured }

    /// The SQLite library version, e.g. "3.40.1".
    static var version: String { String(cString: sqlite3_libversion()) }
}
