import CSQLite

/// An error reported by SQLite, with its result code, its message and the
/// statement that failed. It is meant for logs and for wrapping: commands
/// translate it into a user-facing message before it reaches a person.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended SQLite result code.
    public let code: Int32
    public let message: String
    /// The SQL text involved, when there is one.
    public let sql: String?
    /// The operating system's errno behind an I/O failure (0 when none): it
    /// tells a full disk (ENOSPC) from a file size limit (EFBIG), which SQLite
    /// reports alike or as a plain I/O error.
    public let systemErrno: Int32

    public init(code: Int32, message: String, sql: String? = nil, systemErrno: Int32 = 0) {
        self.code = code
        self.message = message
        self.sql = sql
        self.systemErrno = systemErrno
    }

    init(code: Int32, connection: OpaquePointer?, sql: String? = nil) {
        let text = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        self.init(code: code, message: text, sql: sql, systemErrno: connection.map { sqlite3_system_errno($0) } ?? 0)
    }

    /// An I/O error reading a file of the database's own (SQLITE_IOERR_READ,
    /// a macro Swift does not import), for stages that must not touch the C API.
    static func readFailure(message: String, systemErrno: Int32) -> SQLiteError {
        SQLiteError(code: SQLITE_IOERR | 1 << 8, message: message, systemErrno: systemErrno)
    }

    /// The primary result code (the low byte of the extended code).
    public var primaryCode: Int32 { code & 0xFF }

    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    public var isFull: Bool { primaryCode == SQLITE_FULL }
    public var isReadOnly: Bool { primaryCode == SQLITE_READONLY }
    public var isCorrupt: Bool { primaryCode == SQLITE_CORRUPT || primaryCode == SQLITE_NOTADB }
    public var isCantOpen: Bool { primaryCode == SQLITE_CANTOPEN }
    public var isIOError: Bool { primaryCode == SQLITE_IOERR }

    public var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " (in: \($0))" } ?? "")
    }
}
