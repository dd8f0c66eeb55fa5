/// An index run's checkpoints: handed to a `BackgroundCheckpointer` for the
/// run, and given back to SQLite's automatic checkpoint at its end.
extension Indexer {
    /// Hands the run's checkpoints to a `BackgroundCheckpointer`.
    func startCheckpointer() throws -> BackgroundCheckpointer? {
        guard options.checkpointInBackground, try database.scalarString("PRAGMA journal_mode") == "wal" else { return nil }
        let pageBytes = try database.scalarInt("PRAGMA page_size") ?? Schema.pageSize
        // Without a second connection the run checkpoints as SQLite does by default.
        guard let started = try? BackgroundCheckpointer(path: index.path, pageBytes: pageBytes,
                                                        restartBytes: options.walRestartBytes) else { return nil }
        automaticCheckpointPages = try database.scalarInt("PRAGMA wal_autocheckpoint")
        try database.execute("PRAGMA wal_autocheckpoint=0")
        started.start()
        checkpointer = started
        return started
    }

    /// Copies what the run left in the WAL, ends the checkpoint thread and
    /// gives the connection its automatic checkpoint back.
    func stopCheckpointer() {
        guard let running = checkpointer else { return }
        running.committed()
        running.settle()
        running.stop()
        lastCheckpointCounts = running.counts
        checkpointer = nil
        if let pages = automaticCheckpointPages {
            try? database.execute("PRAGMA wal_autocheckpoint=\(pages)")
        }
    }
}
