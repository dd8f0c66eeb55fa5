#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A direct-mapped cache of recent stems, so the Zipf head of a news
/// vocabulary ("said", "officials", "government") is stemmed once, not on
/// every occurrence. Fixed memory, no allocation per token; a collision
/// simply replaces the slot.
final class StemCache {
    static let slotCount = 1 << 16
    /// Longer words bypass the cache (they are rare and stem quickly enough).
    static let maxWordBytes = 15
    /// [word length][stem length][word bytes][stem bytes]: 2 MB in all, enough for the
    /// vocabulary that makes up ~97% of news text, so misses (a full stem) are rare.
    static let slotBytes = 32

    private let memory: UnsafeMutableRawPointer
    let stemmer = EnglishStemmer()

    init() {
        // calloc hands out fresh zero pages for a block this large, so an analyzer that stems a
        // few words (a query, one search's snippets) touches only the slots it uses instead of
        // faulting in and clearing 2 MB: a tenth of a one-off CLI search's time.
        let size = StemCache.slotCount * StemCache.slotBytes
        if let zeroed = calloc(size, 1) {
            memory = zeroed
        } else {
            memory = .allocate(byteCount: size, alignment: 64)
            memory.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            ownsCallocBlock = false
        }
    }

    /// Whether `memory` came from calloc (freed with free) or from Swift's allocator.
    private var ownsCallocBlock = true

    deinit {
        if ownsCallocBlock { free(memory) } else { memory.deallocate() }
    }

    /// Stems `word[0..<count]` in place like `EnglishStemmer.stem`, through the cache.
    func stem(_ word: UnsafeMutableBufferPointer<UInt8>, count: Int) -> Int {
        guard count > 0, count <= StemCache.maxWordBytes, let base = word.baseAddress else {
            return stemmer.stem(word, count: count)
        }
        var hash: UInt32 = 2_166_136_261
        for index in 0..<count { hash = (hash ^ UInt32(base[index])) &* 16_777_619 }
        let slot = memory + Int(hash & UInt32(StemCache.slotCount - 1)) * StemCache.slotBytes
        let keyBytes = slot + 2
        let stemBytes = slot + 2 + StemCache.maxWordBytes
        if Int(slot.load(as: UInt8.self)) == count && memcmp(keyBytes, base, count) == 0 {
            let stemLength = Int(slot.load(fromByteOffset: 1, as: UInt8.self))
            UnsafeMutableRawPointer(base).copyMemory(from: stemBytes, byteCount: stemLength)
            return stemLength
        }
        keyBytes.copyMemory(from: base, byteCount: count)
        let stemLength = stemmer.stem(word, count: count)
        stemBytes.copyMemory(from: base, byteCount: stemLength)
        slot.storeBytes(of: UInt8(count), as: UInt8.self)
        slot.storeBytes(of: UInt8(stemLength), toByteOffset: 1, as: UInt8.self)
        return stemLength
    }
}
