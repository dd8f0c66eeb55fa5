import CSQLite

/// An SQLite result code, primary or extended (the primary code in the low
/// byte, the detail above it), as a type rather than a bare number.
public struct SQLiteResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The primary result code (the low byte of an extended code).
    public var primary: SQLiteResultCode { SQLiteResultCode(rawValue: rawValue & 0xFF) }

    /// The number, as SQLite documents it.
    public var description: String { String(rawValue) }

    public static let error = SQLiteResultCode(rawValue: SQLITE_ERROR)
    public static let busy = SQLiteResultCode(rawValue: SQLITE_BUSY)
    public static let locked = SQLiteResultCode(rawValue: SQLITE_LOCKED)
    public static let readOnly = SQLiteResultCode(rawValue: SQLITE_READONLY)
    public static let ioError = SQLiteResultCode(rawValue: SQLITE_IOERR)
    public static let corrupt = SQLiteResultCode(rawValue: SQLITE_CORRUPT)
    public static let full = SQLiteResultCode(rawValue: SQLITE_FULL)
    public static let cantOpen = SQLiteResultCode(rawValue: SQLITE_CANTOPEN)
    public static let notADatabase = SQLiteResultCode(rawValue: SQLITE_NOTADB)
    public static let interrupt = SQLiteResultCode(rawValue: SQLITE_INTERRUPT)
}

/// An error reported by SQLite, with its result code, its message and the
/// statement that failed. It is meant for logs and for wrapping: commands
/// translate it into a user-facing message before it reaches a person.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended SQLite result code.
    public let code: SQLiteResultCode
    public let message: String
    /// The SQL text involved, when there is one.
    public let sql: String?
    /// The operating system's errno behind an I/O failure (0 when none): it
    /// tells a full disk (ENOSPC) from a file size limit (EFBIG), which SQLite
    /// reports alike or as a plain I/O error.
    public let systemErrno: Int32

    public init(code: SQLiteResultCode, message: String, sql: String? = nil, systemErrno: Int32 = 0) {
        self.code = code
        self.message = message
        self.sql = sql
        self.systemErrno = systemErrno
    }

    /// For the SQLite and FTS5 layers, which hold the C API's raw codes.
    package init(code: Int32, message: String, sql: String? = nil, systemErrno: Int32 = 0) {
        self.init(code: SQLiteResultCode(rawValue: code), message: message, sql: sql, systemErrno: systemErrno)
    }

    init(code: Int32, connection: OpaquePointer?, sql: String? = nil) {
        let text = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        self.init(code: code, message: text, sql: sql, systemErrno: connection.map { sqlite3_system_errno($0) } ?? 0)
    }

    /// The primary result code (the low byte of the extended code).
    public var primaryCode: SQLiteResultCode { code.primary }

    public var isBusy: Bool { primaryCode == .busy || primaryCode == .locked }
    public var isFull: Bool { primaryCode == .full }
    public var isReadOnly: Bool { primaryCode == .readOnly }
    public var isCorrupt: Bool { primaryCode == .corrupt || primaryCode == .notADatabase }
    public var isCantOpen: Bool { primaryCode == .cantOpen }
    public var isIOError: Bool { primaryCode == .ioError }

    public var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " (in: \($0))" } ?? "")
    }
}
