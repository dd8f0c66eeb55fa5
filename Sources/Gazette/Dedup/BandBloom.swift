/// A Bloom filter over the band keys `BandStore` has written to disk, so that
/// a probe key no spilled article holds (nearly all of them: unrelated
/// articles share no band) is answered without reading the disk.
///
/// Split-block layout (as in Parquet): each key maps to one 32-byte block and
/// sets one bit in each of its eight 32-bit words, so a lookup touches one
/// cache line. At `bitsPerKey` = 10 about 1% of absent keys pass. Band keys
/// are already uniform hashes, so the block and the eight bits come from
/// multiply-shifts of the key itself, with no hashing pass.
///
/// This filter is the one part of copy detection whose size follows the
/// archive: 1.25 bytes per spilled key, 15 bytes per article.
struct BandBloom {
    static let bitsPerKey = 10
    /// The number of keys the filter was sized for; past it the false
    /// positive rate climbs, and `BandStore` rebuilds it larger.
    let designKeys: Int
    private let blocks: Int
    private var words: [UInt32]

    init(expectedKeys: Int) {
        designKeys = max(1, expectedKeys)
        blocks = max(1, (designKeys * BandBloom.bitsPerKey + 255) / 256)
        words = Array(repeating: 0, count: blocks * 8)
    }

    /// Odd multipliers, one per word of a block (Parquet's split-block salts).
    private static let salts: [UInt32] = [
        0x47B6_137B, 0x4497_4D91, 0x8824_AD5B, 0xA2B7_289D,
        0x7054_95C7, 0x2DF1_424B, 0x9EFC_4947, 0x5C6B_FB31,
    ]

    /// The first word of the key's block, and the key spread over 32 bits
    /// for the bit positions.
    @inline(__always)
    private func place(_ key: UInt32) -> (first: Int, spread: UInt32) {
        let product = UInt64(key) &* 0x9E37_79B9_7F4A_7C15
        let block = Int(truncatingIfNeeded: ((product >> 32) &* UInt64(blocks)) >> 32)
        return (block * 8, UInt32(truncatingIfNeeded: product))
    }

    mutating func insert(_ key: UInt32) {
        let (first, spread) = place(key)
        words.withUnsafeMutableBufferPointer { words in
            for word in 0..<8 {
                words[first + word] |= 1 << ((spread &* BandBloom.salts[word]) >> 27)
            }
        }
    }

    /// False only when the key was never inserted.
    func mayContain(_ key: UInt32) -> Bool {
        let (first, spread) = place(key)
        return words.withUnsafeBufferPointer { words in
            for word in 0..<8 where words[first + word] & (1 << ((spread &* BandBloom.salts[word]) >> 27)) == 0 {
                return false
            }
            return true
        }
    }
}
