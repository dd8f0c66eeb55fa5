import Gazette
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures the peak resident memory of this process during one piece of work.
///
/// On Linux it resets the kernel's high-water mark (`VmHWM`) by writing `5`
/// to `/proc/self/clear_refs`, then reads `VmHWM` when the work is done: exact,
/// and free while the work runs. Where the reset is refused (some sandboxes),
/// a background thread samples `VmRSS` every millisecond instead, which can
/// miss a spike shorter than that. Without `/proc` it falls back to
/// `getrusage`, whose peak covers the whole life of the process.
public final class MemoryMeter: @unchecked Sendable {
    /// How the peak was measured.
    public enum Method: String, Sendable {
        case highWaterMark = "VmHWM"
        case sampling = "VmRSS sampling"
        case processPeak = "getrusage"
    }

    public struct Reading: Sendable {
        /// Resident memory when the meter started.
        public let startBytes: Int64
        /// Peak resident memory while the meter ran.
        public let peakBytes: Int64
        public let method: Method
        /// How far the peak rose above the start.
        public var growthBytes: Int64 { max(0, peakBytes - startBytes) }
    }

    private let lock = NSLock()
    private var running = false
    private var sampledPeak: Int64 = 0
    private var thread: Thread?
    private var startBytes: Int64 = 0
    private var method = Method.processPeak

    public init() {}

    /// Starts measuring.
    /// Memory the allocator holds from earlier work is first handed back to
    /// the system (`malloc_trim`), so one build's leftovers do not hide the next one's growth.
    public func start() {
        MemoryMeter.trimAllocator()
        startBytes = MemoryMeter.status("VmRSS") ?? 0
        if startBytes == 0 {
            method = .processPeak
        } else if MemoryMeter.resetHighWaterMark() {
            method = .highWaterMark
        } else {
            method = .sampling
            lock.withLock {
                running = true
                sampledPeak = startBytes
            }
            let thread = Thread { [self] in sample() }
            thread.stackSize = 1 << 16
            self.thread = thread
            thread.start()
        }
    }

    /// Stops measuring and returns the figures.
    public func stop() -> Reading {
        switch method {
        case .highWaterMark:
            let peak = max(MemoryMeter.status("VmHWM") ?? 0, startBytes)
            return Reading(startBytes: startBytes, peakBytes: peak, method: method)
        case .sampling:
            let current = MemoryMeter.status("VmRSS") ?? 0
            let peak: Int64 = lock.withLock {
                running = false
                return max(sampledPeak, current)
            }
            thread = nil
            return Reading(startBytes: startBytes, peakBytes: peak, method: method)
        case .processPeak:
            return Reading(startBytes: 0, peakBytes: ResourceUsage.peakResidentBytes, method: method)
        }
    }

    private func sample() {
        while true {
            let rss = MemoryMeter.status("VmRSS") ?? 0
            let keepGoing: Bool = lock.withLock {
                sampledPeak = max(sampledPeak, rss)
                return running
            }
            if !keepGoing { return }
            usleep(1_000)
        }
    }

    /// glibc's `malloc_trim(0)`, looked up at run time (malloc.h is not part of the Glibc module).
    static func trimAllocator() {
        typealias Trim = @convention(c) (Int) -> Int32
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }

    /// Resets VmHWM to the current RSS; true when the kernel accepted it and the mark did drop.
    static func resetHighWaterMark() -> Bool {
        guard ResourceUsage.resetPeakResident(), let hwm = status("VmHWM"), let rss = status("VmRSS") else { return false }
        // The mark now sits at the current RSS (give or take pages touched in between).
        return hwm <= rss + (4 << 20)
    }

    /// A `kB` field of `/proc/self/status` in bytes, e.g. "VmRSS".
    static func status(_ field: String) -> Int64? { ResourceUsage.status(field) }
}
