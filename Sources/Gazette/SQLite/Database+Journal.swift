/// The journal a connection writes through: the write-ahead log an index
/// normally keeps, or a rollback journal while a run fills a new index.
///
/// With the log, every page is written twice, to the log and again when it is
/// copied into the file. A rollback journal keeps only the old content of pages
/// that existed before a transaction, so pages a bulk load appends are written
/// once (on 100,000 generated articles a first run took about 7% less time).
/// Readers still read during such a run: with cache spilling off, the writer
/// takes its exclusive lock only while it commits, and readers wait for that
/// through their busy timeout. `synchronous=FULL` keeps the rollback journal as
/// safe against power loss as the log is at `NORMAL`.
extension Database {
    /// Switches to a rollback journal for a bulk load. Returns false, changing
    /// nothing, when SQLite cannot leave the log (another connection has it
    /// open): the run then writes through the log, only slower.
    func useRollbackJournal() throws(SQLiteError) -> Bool {
        let mode = try scalarString("PRAGMA journal_mode=TRUNCATE")
        guard mode?.lowercased() == "truncate" else { return false }
        try execute("PRAGMA synchronous=FULL; PRAGMA cache_spill=OFF")
        return true
    }

    /// Returns to the write-ahead log with `synchronous=NORMAL`; true when the
    /// database is in WAL mode afterwards. Cannot switch inside a transaction,
    /// or while another connection reads in rollback mode (after the busy timeout).
    @discardableResult
    func useWriteAheadLog() throws(SQLiteError) -> Bool {
        try execute("PRAGMA cache_spill=ON; PRAGMA synchronous=NORMAL")
        return try scalarString("PRAGMA journal_mode=WAL")?.lowercased() == "wal"
    }
}
