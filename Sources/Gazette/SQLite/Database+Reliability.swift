import CSQLite

extension Database {
    /// True when this connection cannot write its main database (opened
    /// read-only, or SQLite fell back to read-only because the file is).
    var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// Sets how long a statement waits for another connection's lock.
    func setBusyTimeout(milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

    /// Runs `body` in one read transaction, so that all its statements see the
    /// same snapshot even while another connection commits (WAL readers are
    /// never blocked). Inside a transaction already, `body` just runs in it.
    func readSnapshot<T>(_ body: () throws -> T) throws -> T {
        if isInTransaction { return try body() }
        try execute("BEGIN")
        // Nothing was written: COMMIT only ends the snapshot.
        defer { try? execute("COMMIT") }
        return try body()
    }

    /// Copies this connection's main database into `target`'s, page by page.
    ///
    /// The copy is made in one step, so it reads one snapshot under one read
    /// lock: a writer in another process neither blocks it nor restarts it.
    func copy(into target: Database) throws(SQLiteError) {
        guard let backup = sqlite3_backup_init(target.handle, "main", handle, "main") else {
            throw SQLiteError(code: sqlite3_extended_errcode(target.handle), connection: target.handle)
        }
        let stepped = sqlite3_backup_step(backup, -1)
        let finished = sqlite3_backup_finish(backup)
        guard stepped == SQLITE_DONE else { throw SQLiteError(code: stepped, connection: handle) }
        guard finished == SQLITE_OK else { throw SQLiteError(code: finished, connection: target.handle) }
    }
}
