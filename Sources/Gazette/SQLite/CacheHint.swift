import CSQLite

/// Asks the CPU to start loading a cache line before it is read.
///
/// The C helper lives in the CSQLite shim (the package's one C module of its
/// own), and only SQLite/ and FTS5/ import that module, so the wrapper sits
/// here, like `ThreadPriority`.
enum CacheHint {
    /// Starts loading the line holding `address`. A hint only: it never
    /// faults and changes no result.
    @inline(__always)
    static func prefetch(_ address: UnsafeRawPointer) {
        gazette_prefetch(address)
    }
}
