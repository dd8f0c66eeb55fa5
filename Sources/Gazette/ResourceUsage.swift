import Glibc

/// Process resource figures for summaries and benchmarks.
public enum ResourceUsage {
    /// Peak resident set size of this process in bytes (getrusage's ru_maxrss).
    public static var peakResidentBytes: Int64 {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Int64(usage.ru_maxrss) * 1024
    }
}

/// Monotonic elapsed time.
public struct Stopwatch: Sendable {
    private let start: UInt64

    public init() { start = Stopwatch.now() }

    /// Seconds since the stopwatch was made.
    public var elapsed: Double { Double(Stopwatch.now() - start) / 1e9 }

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
