import CSQLite

/// The moment after which a connection's statements stop, read by SQLite's
/// progress handler on the connection's own thread.
final class DeadlineClock {
    let limit: UInt64
    private(set) var fired = false

    init(seconds: Double) {
        // Capped at a day so the nanosecond count cannot overflow; a
        // non-positive or non-finite span stops the first statement at once.
        let span = seconds.isFinite && seconds > 0 ? min(seconds, 86_400) : 0
        limit = Stopwatch.now() &+ UInt64(span * 1e9)
    }

    /// True (and remembered) once the deadline has passed.
    func expired() -> Bool {
        if !fired && Stopwatch.now() >= limit { fired = true }
        return fired
    }
}

extension Database {
    /// Runs `body` with every statement it runs on this connection stopped
    /// once `seconds` have passed. A stopped statement surfaces as
    /// `GazetteError.deadlineExceeded` about `path`, whatever error the
    /// interrupted statement was translated into on the way out.
    func withStatementDeadline<T>(seconds: Double, path: String,
                                  _ body: () throws(GazetteError) -> T) throws(GazetteError) -> T {
        let clock = DeadlineClock(seconds: seconds)
        // SQLite calls the handler every N virtual-machine steps of a
        // statement: a hundred take about a microsecond, and reading the
        // clock costs tens of nanoseconds.
        sqlite3_progress_handler(handle, 100, { context in
            guard let context else { return 0 }
            return Unmanaged<DeadlineClock>.fromOpaque(context).takeUnretainedValue().expired() ? 1 : 0
        }, Unmanaged.passUnretained(clock).toOpaque())
        defer {
            sqlite3_progress_handler(handle, 0, nil, nil)
            // The handler holds the clock unretained: keep it alive until the handler is removed.
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
