import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The moment after which a connection's statements stop, read by SQLite's
/// progress handler on the connection's own thread.
final class DeadlineClock {
    let limit: UInt64
    private(set) var fired = false

    init(seconds: Double) {
        let span = seconds.isFinite && seconds > 0 ? min(seconds, 86_400) : 0
        limit = DeadlineClock.now() &+ UInt64(span * 1e9)
    }

    /// True (and remembered) once the deadline has passed.
    func expired() -> Bool {
        if !fired && DeadlineClock.now() >= limit { fired = true }
        return fired
    }

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}

extension GazetteIndex {
    /// Runs `body` with every SQLite statement it runs on this index stopped
    /// once `seconds` have passed, so one costly query cannot hold a server's
    /// connection for long. A stopped statement surfaces as
    /// `GazetteError.deadlineExceeded`; the index is only read, so nothing is
    /// left half done.
    public func withDeadline<T>(seconds: Double, _ body: () throws(GazetteError) -> T) throws(GazetteError) -> T {
        let clock = DeadlineClock(seconds: seconds)
        // SQLite calls the handler every N virtual-machine steps of a
        // statement: a hundred take about a microsecond, and reading the
        // clock costs tens of nanoseconds.
        sqlite3_progress_handler(database.handle, 100, { context in
            guard let context else { return 0 }
            return Unmanaged<DeadlineClock>.fromOpaque(context).takeUnretainedValue().expired() ? 1 : 0
        }, Unmanaged.passUnretained(clock).toOpaque())
        defer {
            sqlite3_progress_handler(database.handle, 0, nil, nil)
            withExtendedLifetime(clock) {}
        }
        do {
            return try body()
        } catch {
            if clock.fired { throw GazetteError.deadlineExceeded(path: path, seconds: seconds) }
            throw error
        }
    }
}
