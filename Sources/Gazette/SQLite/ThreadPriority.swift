import CSQLite

/// The calling thread's scheduling priority.
///
/// The C helper lives in the CSQLite shim (the package's one C module), and
/// only SQLite/ and FTS5/ import that module, so the wrapper sits here.
enum ThreadPriority {
    /// Lowers the calling thread's priority by `nice` (Linux: per-thread nice;
    /// elsewhere nothing happens).
    static func lower(by nice: Int32) {
        _ = gazette_lower_thread_priority(nice)
    }
}
