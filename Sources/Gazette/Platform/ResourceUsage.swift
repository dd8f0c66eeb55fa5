#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process resource figures for summaries and benchmarks.
public enum ResourceUsage {
    /// Peak resident set size of this process in bytes: the kernel's
    /// high-water mark (`VmHWM`), or getrusage's `ru_maxrss` without
    /// `/proc`. `ru_maxrss` survives `exec`, so under `swift run` it reports
    /// the package manager's own peak; `VmHWM` belongs to this program alone.
    public static var peakResidentBytes: Int64 {
        if let highWaterMark = status("VmHWM") { return highWaterMark }
        var usage = rusage()
        #if canImport(Glibc)
        // Glibc imports RUSAGE_SELF as an enum; Darwin as a plain Int32.
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Int64(usage.ru_maxrss) * 1024  // kilobytes on Linux
        #else
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        return Int64(usage.ru_maxrss)  // bytes on Darwin
        #endif
    }

    /// A size field of `/proc/self/status` ("VmRSS", "VmHWM") in bytes; nil
    /// off Linux, where there is no `/proc`. Every `/proc` read goes through here.
    package static func status(_ field: String) -> Int64? {
        #if os(Linux)
        let fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var count = 0
        while count < buffer.count {
            let got = buffer.withUnsafeMutableBytes { raw in
                raw.baseAddress.map { read(fd, $0 + count, raw.count - count) } ?? 0
            }
            if got <= 0 { break }
            count += got
        }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let digits = line.dropFirst(field.count + 1).filter(\.isNumber)
            return Int64(digits).map { $0 * 1024 }
        }
        return nil
        #else
        return nil
        #endif
    }

    /// Resets the kernel's `VmHWM` to the current resident size (writing "5"
    /// to `/proc/self/clear_refs`); false when that is not possible, as off Linux.
    package static func resetPeakResident() -> Bool {
        #if os(Linux)
        let fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        let written = write(fd, "5", 1)
        close(fd)
        return written == 1
        #else
        return false
        #endif
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
