import CSQLite

/// SQLITE_TRANSIENT is a cast macro the importer drops: it tells SQLite to copy bound values.
let sqliteTransient = unsafeBitCast(-1 as Int, to: sqlite3_destructor_type.self)

/// A prepared statement owned by a `Database`. Prepare once, then bind, step
/// and reset for each use; values are always bound, never interpolated.
public final class Statement {
    let handle: OpaquePointer
    unowned let database: Database
    public let sql: String

    init(database: Database, sql: String, persistent: Bool) throws(SQLiteError) {
        var statement: OpaquePointer?
        let flags: UInt32 = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, flags, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw SQLiteError(code: rc, connection: database.handle, sql: sql)
        }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    // MARK: Binding (1-based parameter indexes, as in SQL)

    public func bind(_ value: Int, at index: Int32) { sqlite3_bind_int64(handle, index, Int64(value)) }
    public func bind(_ value: Int64, at index: Int32) { sqlite3_bind_int64(handle, index, value) }
    public func bind(_ value: Double, at index: Int32) { sqlite3_bind_double(handle, index, value) }
    public func bindNull(at index: Int32) { sqlite3_bind_null(handle, index) }

    public func bind(_ value: String, at index: Int32) {
        var text = value
        text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    _ = sqlite3_bind_text(handle, index, base, Int32(chars.count), sqliteTransient)
                } else {
                    // An empty string may have no storage; SQLite needs a non-null pointer for ''.
                    _ = sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
                }
            }
        }
    }

    public func bind(_ value: String?, at index: Int32) {
        if let value { bind(value, at: index) } else { bindNull(at: index) }
    }

    public func bind(_ value: Int?, at index: Int32) {
        if let value { bind(value, at: index) } else { bindNull(at: index) }
    }

    /// Binds several values in order, starting at parameter 1.
    public func bind(_ values: [SQLValue]) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .integer(let v): bind(v, at: index)
            case .real(let v): bind(v, at: index)
            case .text(let v): bind(v, at: index)
            case .null: bindNull(at: index)
            }
        }
    }

    // MARK: Stepping

    /// Advances to the next row. Returns false when the statement is done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError(code: sqlite3_extended_errcode(database.handle) == 0 ? rc : sqlite3_extended_errcode(database.handle),
                                    connection: database.handle, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Resets the statement and clears its bindings, ready for reuse.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Runs a statement that returns no rows, then resets it.
    public func run(_ values: [SQLValue] = []) throws(SQLiteError) {
        defer { reset() }
        if !values.isEmpty { bind(values) }
        while try step() {}
    }

    // MARK: Columns (0-based, as in the C API)

    public func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    public func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    public func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    public func optionalString(_ column: Int32) -> String? {
        isNull(column) ? nil : string(column)
    }
}

/// A value to bind to a statement parameter.
public enum SQLValue: Sendable, Equatable {
    case integer(Int)
    case real(Double)
    case text(String)
    case null
}
