#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cache of recent stems, so the Zipf head of a news vocabulary ("said",
/// "officials", "government") is stemmed once, not on every occurrence.
/// Fixed memory, no allocation per token.
///
/// Nearly all of a lookup's time is the load of its slot, which has usually
/// left the CPU's caches: a generated or real corpus has far more distinct
/// words than fit in L2. So a lookup touches one 64-byte line (a set of two
/// entries, compared with four 8-byte loads, no memcmp/memmove call), the two
/// ways keep a hot word from being evicted by one colliding rare word, and the
/// indexer's table can sit on a huge page so the load does not also miss the
/// TLB. Smaller tables (256 KB-1 MB) missed less in the CPU cache but stemmed
/// more words again, for no gain overall (measured on 100,000 generated articles).
final class StemCache {
    /// Sets of two entries, one cache line each: 2 MB, 65,536 words.
    static let defaultSetCount = 1 << 15
    /// Longer words bypass the cache (they are rare and stem quickly enough).
    static let maxWordBytes = 15
    static let entryBytes = 32
    static let setBytes = 64

    /// Each entry: the word's bytes zero-padded to 15 and its length (16
    /// bytes, compared as two words), then the stem the same way. An empty
    /// entry is all zero, which no word of 1...15 bytes matches.
    private let memory: UnsafeMutableRawPointer
    /// What calloc returned (`memory` is that rounded up to a cache line).
    private let block: UnsafeMutableRawPointer?
    private let mask: UInt64
    let stemmer = EnglishStemmer()
    /// Sets in the table, a power of two.
    let setCount: Int

    /// What mmap returned for a huge-page table (nil: calloc or Swift's allocator).
    private let mapping: (base: UnsafeMutableRawPointer, size: Int)?

    /// `setCount` is rounded up to a power of two; `hugePages` asks for a
    /// table on transparent huge pages (Linux; only for a table of 2 MB or more).
    init(setCount: Int = StemCache.defaultSetCount, hugePages: Bool = false) {
        var sets = 1
        while sets < setCount { sets <<= 1 }
        self.setCount = sets
        mask = UInt64(sets - 1)
        let size = sets * StemCache.setBytes
        #if os(Linux)
        if hugePages, size >= StemCache.hugePageBytes, let mapped = StemCache.mapHugePages(size) {
            mapping = mapped.mapping
            memory = mapped.aligned
            block = nil
            return
        }
        #endif
        mapping = nil
        // calloc hands out fresh zero pages for a block this large, so an analyzer that stems a
        // few words (a query, one search's snippets) touches only the sets it uses instead of
        // faulting in and clearing the whole table: a tenth of a one-off CLI search's time.
        block = calloc(size + StemCache.setBytes, 1)
        if let block {
            let address = UInt(bitPattern: block)
            let aligned = (address + UInt(StemCache.setBytes - 1)) & ~UInt(StemCache.setBytes - 1)
            memory = UnsafeMutableRawPointer(bitPattern: aligned) ?? block
        } else {
            memory = .allocate(byteCount: size, alignment: StemCache.setBytes)
            memory.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        }
    }

    deinit {
        if let mapping { munmap(mapping.base, mapping.size) } else if let block { free(block) } else { memory.deallocate() }
    }

    static let hugePageBytes = 2 << 20

    #if os(Linux)
    /// A zeroed table on transparent huge pages, 2 MB aligned: a lookup then
    /// never misses the TLB, which on a virtual machine costs a nested page walk.
    private static func mapHugePages(_ size: Int) -> (mapping: (base: UnsafeMutableRawPointer, size: Int),
                                                      aligned: UnsafeMutableRawPointer)? {
        let length = size + hugePageBytes
        guard let base = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              base != MAP_FAILED else { return nil }
        let address = UInt(bitPattern: base)
        let aligned = (address + UInt(hugePageBytes - 1)) & ~UInt(hugePageBytes - 1)
        guard let start = UnsafeMutableRawPointer(bitPattern: aligned) else {
            munmap(base, length)
            return nil
        }
        _ = madvise(start, size, MADV_HUGEPAGE)
        return ((base, length), start)
    }
    #endif

    /// Stems `word[0..<count]` in place like `EnglishStemmer.stem`, through the cache.
    func stem(_ word: UnsafeMutableBufferPointer<UInt8>, count: Int) -> Int {
        guard count > 0, count <= StemCache.maxWordBytes, let base = word.baseAddress else {
            return stemmer.stem(word, count: count)
        }
        // The key: the word's bytes, zero-padded, with its length in the last byte.
        let (low, high) = StemCache.key(base, count: count, readable: word.count)
        let hash = (low &* 0x9E37_79B9_7F4A_7C15) ^ (high &* 0xC2B2_AE3D_27D4_EB4F)
        let set = memory + Int(truncatingIfNeeded: (hash >> 29) & mask) &* StemCache.setBytes
        if set.load(as: UInt64.self) == low && set.load(fromByteOffset: 8, as: UInt64.self) == high {
            return StemCache.copyStem(from: set + 16, to: word)
        }
        let second = set + StemCache.entryBytes
        if second.load(as: UInt64.self) == low && second.load(fromByteOffset: 8, as: UInt64.self) == high {
            return StemCache.copyStem(from: second + 16, to: word)
        }
        let stemLength = stemmer.stem(word, count: count)
        // The stem is never longer than the word, so it fits the entry; the check keeps that a guarantee.
        guard stemLength <= StemCache.maxWordBytes else { return stemLength }
        let (stemLow, stemHigh) = StemCache.key(base, count: stemLength, readable: word.count)
        // The newest word takes the first entry; the one it displaces survives in the second.
        second.copyMemory(from: set, byteCount: StemCache.entryBytes)
        set.storeBytes(of: low, as: UInt64.self)
        set.storeBytes(of: high, toByteOffset: 8, as: UInt64.self)
        set.storeBytes(of: stemLow, toByteOffset: 16, as: UInt64.self)
        set.storeBytes(of: stemHigh, toByteOffset: 24, as: UInt64.self)
        return stemLength
    }

    /// `bytes[0..<count]` (count at most 15) packed as `PackedToken` does.
    @inline(__always)
    static func key(_ bytes: UnsafeMutablePointer<UInt8>, count: Int, readable: Int) -> (UInt64, UInt64) {
        let packed = PackedToken(UnsafePointer(bytes), count: count, readable: readable)
        return (packed.low, packed.high)
    }

    /// Writes the stem held at `entry` (16 bytes, its length in the last)
    /// into `word` and returns its length.
    @inline(__always)
    private static func copyStem(from entry: UnsafeMutableRawPointer, to word: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let low = entry.load(as: UInt64.self)
        let high = entry.load(fromByteOffset: 8, as: UInt64.self)
        let length = Int(truncatingIfNeeded: high >> 56)
        guard let base = word.baseAddress else { return length }
        if word.count >= 16 {
            // Bytes past the stem are scratch: the caller reads only `word[0..<length]`.
            let raw = UnsafeMutableRawPointer(base)
            raw.storeBytes(of: low.littleEndian, as: UInt64.self)
            raw.storeBytes(of: (high & 0x00FF_FFFF_FFFF_FFFF).littleEndian, toByteOffset: 8, as: UInt64.self)
        } else {
            for index in 0..<length {
                base[index] = UInt8(truncatingIfNeeded: index < 8 ? low >> UInt64(index * 8) : high >> UInt64((index - 8) * 8))
            }
        }
        return length
    }
}
