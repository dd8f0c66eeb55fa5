/// Eight bytes of text classified at once (SWAR), for the loops that walk
/// every byte of a body: the snippet builder's word scan and the copy
/// detector's shingles. A loop per byte mispredicted its exit at every word's
/// end; a word is mostly a single step eight bytes wide.
enum ASCIILanes {
    /// The high bit of every lane.
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each byte of `bytes` (eight bytes of text, the first in the
    /// low byte) that is not an ASCII letter or digit, the bytes `Analyzer.asciiFold`
    /// keeps. Each lane's sums stay below 0x100, so no carry crosses lanes.
    @inline(__always)
    static func nonWordBytes(_ bytes: UInt64) -> UInt64 {
        let low = bytes & 0x7F7F_7F7F_7F7F_7F7F
        // Setting bit 5 maps A-Z onto a-z and nothing else into a-z.
        let folded = low | 0x2020_2020_2020_2020
        let letters = (folded &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(folded &+ 0x0505_0505_0505_0505)
        let digits = (low &+ 0x5050_5050_5050_5050) & ~(low &+ 0x4646_4646_4646_4646)
        let words = (letters | digits) & ~bytes & highBits
        return ~words & highBits
    }

    /// How many of the eight bytes, from the first, are ASCII letters or digits.
    @inline(__always)
    static func leadingWordBytes(_ bytes: UInt64) -> Int {
        nonWordBytes(bytes).trailingZeroBitCount >> 3
    }
}
