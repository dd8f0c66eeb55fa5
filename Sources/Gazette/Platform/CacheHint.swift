import CPlatform

/// Asks the CPU to start loading a cache line before it is read: for table
/// lookups that miss the CPU's caches and whose addresses are known a little
/// ahead (the frequent-term set and tally, `FrequentTermCounter`).
enum CacheHint {
    /// Starts loading the line holding `address`. A hint only: it never
    /// faults and changes no result.
    @inline(__always)
    static func prefetch(_ address: UnsafeRawPointer) {
        gazette_prefetch(address)
    }
}
