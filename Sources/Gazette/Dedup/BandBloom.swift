/// A Bloom filter over the band keys `BandStore` has written to disk, so that
/// a probe key no spilled article holds (nearly all of them: unrelated
/// articles share no band) is answered without reading the disk.
///
/// Split-block layout (as in Parquet): each key maps to one 32-byte block and
/// sets one bit in each of its eight 32-bit words, so a lookup touches one
/// cache line and is a few vector instructions. At `bitsPerKey` = 10 about 1%
/// of absent keys pass. Band keys are already uniform hashes, so the block and
/// the eight bits come from multiply-shifts of the key itself, with no
/// hashing pass.
///
/// This filter is the one part of copy detection whose size follows the
/// archive: 1.25 bytes per spilled key, 15 bytes per article.
struct BandBloom {
    static let bitsPerKey = 10
    /// The number of keys the filter was sized for; past it the false
    /// positive rate climbs, and `BandStore` rebuilds it larger.
    let designKeys: Int
    private var blocks: [SIMD8<UInt32>]

    init(expectedKeys: Int) {
        designKeys = max(1, expectedKeys)
        blocks = Array(repeating: .zero, count: max(1, (designKeys * BandBloom.bitsPerKey + 255) / 256))
    }

    /// The key's block, and the one bit it sets in each of the block's words.
    @inline(__always)
    private func place(_ key: UInt32) -> (block: Int, bits: SIMD8<UInt32>) {
        // Band keys have 31 bits (`CopySignature`): the block grows with the
        // key, so keys inserted in sorted order (runs) fill blocks in order.
        let block = Int(truncatingIfNeeded: (UInt64(key & 0x7FFF_FFFF) &* UInt64(blocks.count)) >> 31)
        // Odd multipliers, one per word (Parquet's split-block salts); the top 5 bits pick the bit.
        let salts = SIMD8<UInt32>(0x47B6_137B, 0x4497_4D91, 0x8824_AD5B, 0xA2B7_289D,
                                  0x7054_95C7, 0x2DF1_424B, 0x9EFC_4947, 0x5C6B_FB31)
        let positions = (SIMD8(repeating: key) &* salts) &>> 27
        return (block, SIMD8(repeating: 1) &<< positions)
    }

    mutating func insert(_ key: UInt32) {
        let (block, bits) = place(key)
        blocks[block] |= bits
    }

    /// False only when the key was never inserted. Without branches, so
    /// that the lookups of several keys overlap their cache misses.
    @inline(__always)
    func mayContain(_ key: UInt32) -> Bool {
        let (block, bits) = place(key)
        return !any(bits & ~blocks[block] .!= .zero)
    }
}
