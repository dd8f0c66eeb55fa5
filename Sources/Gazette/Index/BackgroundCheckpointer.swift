import Foundation

/// Copies an index run's committed pages from the WAL into the database file
/// on a thread and connection of its own, while the writer goes on.
///
/// SQLite's automatic checkpoint does that copy inside each commit, on the
/// writer's thread: at 100,000 generated articles 16% of the writer's time
/// (writing the database file, reading the WAL back, one `fsync` each). A
/// checkpoint never blocks a writer and copies committed pages only, so a
/// killed run leaves what it left before: its commits, in the WAL or in the file.
///
/// A WAL starts over from its beginning only when a transaction begins with
/// every frame copied. So once the WAL holds `restartBytes`, the writer waits
/// for the copy of its last commit (`letWALStartOverIfFull`) before its next
/// transaction, and the WAL stays bounded whatever the size of the archive.
/// Mid-run that wait takes back most of what the thread saves the writer
/// (waiting after every commit measured the same); what the thread gains is
/// at the end of a run, where the writer works alone: the copies overlap the
/// batches the parse workers left, and the final choice of frequent words
/// (`Indexer.commitEachBatchOnceParsingEnds`, `Indexer+Checkpoints.swift`).
///
/// `@unchecked Sendable`: `connection` is used by the checkpoint thread only,
/// once `init` has returned, which lets go of it under `condition` (the only
/// write; `hasClosedItsConnection` reads it there); everything else is guarded
/// by `condition`.
final class BackgroundCheckpointer: @unchecked Sendable {
    /// Closed by the thread before `stop` returns, so that the writer's
    /// connection closes last: only the last connection to close deletes the
    /// WAL, and a WAL left behind, even fully copied, is read again by the next
    /// connection. Left to `deinit`, the close raced the writer's, and lost when
    /// the process exited first.
    private var connection: Database?
    private let pageBytes: Int
    private let restartBytes: Int
    private let condition = NSCondition()
    private var requested = 0
    private var copied = 0
    private var stopping = false
    private var running = false
    /// Frames the WAL held when the last checkpoint ended.
    private var walFrames = 0
    private var checkpointCount = 0
    private var restartCount = 0

    /// Less than a transaction of 10,000 articles writes (80 MB at 100,000
    /// generated articles): the WAL starts over every second commit. Waiting
    /// after every commit, or letting the WAL grow to 128 MB, gave the same
    /// times; 256 MB or 1 GB longer ones: pages the WAL had already written are
    /// cheaper to write again than new ones.
    static let defaultRestartBytes = 64 << 20

    /// Opens a second connection to the index at `path`, whose pages are `pageBytes` long.
    init(path: String, pageBytes: Int, restartBytes: Int = BackgroundCheckpointer.defaultRestartBytes)
        throws(SQLiteError) {
        connection = try Database(path: path, mode: .readWrite, busyTimeout: 0)
        self.pageBytes = max(1, pageBytes)
        self.restartBytes = restartBytes
    }

    func start() {
        condition.lock()
        running = true
        condition.unlock()
        let thread = Thread { [self] in run() }
        thread.name = "gazette-checkpoint"
        thread.start()
    }

    /// Asks for the frames committed so far to be copied.
    func committed() {
        condition.lock()
        requested += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Called before the writer begins a transaction: when the WAL has grown
    /// to `restartBytes`, waits for the copy of the last commit, so that the
    /// transaction begins with every frame copied and writes the WAL from its start.
    func letWALStartOverIfFull() {
        condition.lock()
        if walFrames * pageBytes >= restartBytes {
            waitForRequestedCopies()
            // Counted again by the next checkpoint; until then the WAL holds this transaction only.
            walFrames = 0
            restartCount += 1
        }
        condition.unlock()
    }

    /// Checkpoints that ran, and times the writer waited for the WAL to start over (tests look at them).
    var counts: (checkpoints: Int, restarts: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (checkpointCount, restartCount)
    }

    /// Waits until every commit asked for so far has been copied (as far as readers allowed).
    func settle() {
        condition.lock()
        waitForRequestedCopies()
        condition.unlock()
    }

    /// With `condition` locked: waits until the copies asked for so far are done or the thread ended.
    private func waitForRequestedCopies() {
        while running && copied < requested { condition.wait() }
    }

    /// Lets the thread finish its copy in progress, close its connection and end.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while true {
            while !stopping && copied == requested { condition.wait() }
            if stopping { break }
            let target = requested
            condition.unlock()
            let frames = checkpoint()
            condition.lock()
            copied = target
            checkpointCount += 1
            if let frames { walFrames = frames }
            condition.broadcast()
        }
        connection = nil
        running = false
        condition.broadcast()
        condition.unlock()
    }

    /// True once the thread has closed its connection (tests look at it). The
    /// thread lets go of `connection` under `condition`, so reading it under
    /// `condition` from another thread is safe.
    var hasClosedItsConnection: Bool {
        condition.lock()
        defer { condition.unlock() }
        return connection == nil
    }

    /// One passive checkpoint: it copies what no reader still needs and never
    /// waits. Returns the WAL's frames, or nil when it failed. A failure loses
    /// nothing (the frames stay in the WAL, and the next checkpoint copies
    /// them), as with SQLite's automatic checkpoint, which ignores its errors too.
    private func checkpoint() -> Int? {
        guard let statement = try? connection?.cached("PRAGMA wal_checkpoint(PASSIVE)") else { return nil }
        defer { statement.reset() }
        guard (try? statement.step()) == true else { return nil }
        // Columns: busy, frames in the WAL, frames copied.
        return statement.int(1)
    }
}
