import Testing
@testable import Gazette
@testable import GazetteTools

/// The shingle hashes are part of what an index stores (its copy band keys):
/// the loop that takes eight bytes a step must give exactly the hashes of the
/// loop that took one byte at a time, which `referenceShingles` keeps.
@Suite struct ShinglerTests {
    @Test func eightBytesAStepGiveTheHashesOfAByteAtATime() {
        var rng = SplitMix64(seed: 2026)
        // Pieces that meet at every offset of an eight-byte step: words of every
        // length up to past sixteen bytes, case, digits, punctuation, accents,
        // CJK, separators from the scalar table, and stray UTF-8 bytes.
        let pieces = ["a", "Ab", "the", "SAID", "x9", "2024", "officials", "Pendaicting", "abcdefgh", "ABCDEFGHI",
                      "abcdefghijklmnop", "Abcdefghijklmnopq", "supercalifragilistic", "café", "Zürich", "naïve",
                      "日本語", "東京", "한국", "—", "–", "…", "\u{00A0}", "\u{3000}", "don't", "U.S.", "1,000",
                      "well-known", "$335,000", "(", ")", "\"", ".", ",", " ", "  ", "\t", "\n", "é", "ß", "x\u{00D7}y"]
        var checked = 0
        for _ in 0..<4_000 {
            var text = ""
            for _ in 0..<Int(rng.below(24)) {
                text += pieces[Int(rng.below(pieces.count))]
                if rng.below(3) > 0 { text += " " }
            }
            var bytes = Array(text.utf8)
            // Now and then a byte no UTF-8 text holds, or a sequence cut short.
            if rng.below(8) == 0, !bytes.isEmpty { bytes[Int(rng.below(bytes.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            let fast = bytes.withUnsafeBufferPointer { buffer in
                var hashes: [UInt64] = []
                Shingler.forEachShingle(utf8: buffer) { hashes.append($0) }
                return hashes
            }
            #expect(fast == referenceShingles(bytes), "\(bytes)")
            checked += fast.count
        }
        #expect(checked > 10_000, "the texts make shingles")
    }

    @Test func aWordOfEightBytesAndOneOfNineHashApart() {
        // Eight bytes fill the packed word exactly; a ninth starts the next.
        let hashes = ["abcdefgh", "abcdefghi", "ABCDEFGH"].map { word -> [UInt64] in
            var result: [UInt64] = []
            Shingler.forEachShingle(word) { result.append($0) }
            return result
        }
        #expect(hashes[0].count == 1 && hashes[1].count == 1)
        #expect(hashes[0] != hashes[1])
        #expect(hashes[0] == hashes[2], "case folds")
    }
}

/// The shingle loop as it was before it took eight bytes a step: one byte at a time.
private func referenceShingles(_ utf8: [UInt8]) -> [UInt64] {
    var result: [UInt64] = []
    var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0
    var words = 0
    var packed: UInt64 = 0
    var word: UInt64 = 0
    var inWord = false
    func endWord() {
        let hash = mix64(word ^ packed)
        w0 = w1; w1 = w2; w2 = hash
        words += 1
        if words >= 3 { result.append(mix64(w0 &* 0x9E37_79B9_7F4A_7C15 ^ (w1 &* 0xC2B2_AE3D_27D4_EB4F) ^ w2 ^ 3)) }
        packed = 0
        word = 0
        inWord = false
    }
    func append(_ byte: UInt8) {
        if packed >> 56 != 0 {
            word = mix64(word ^ packed)
            packed = 0
        }
        packed = packed << 8 | UInt64(byte)
        inWord = true
    }
    func kind(_ scalar: UInt32) -> Int {
        switch scalar {
        case 0x80...0xBF, 0xD7, 0xF7: return 0
        case 0x2000...0x206F, 0x2E00...0x2E7F, 0x3000...0x303F, 0xFE10...0xFE6F, 0xFEFF, 0xFF01...0xFF0F,
             0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65:
            return 0
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x3FFFF:
            return 2
        default: return 1
        }
    }
    let count = utf8.count
    var index = 0
    while index < count {
        let byte = utf8[index]
        if byte < 0x80 {
            index += 1
            let folded = byte &- 0x41 < 26 ? byte | 0x20 : byte
            if folded &- 0x61 < 26 || folded &- 0x30 < 10 {
                append(folded)
            } else if inWord {
                endWord()
            }
            continue
        }
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        let end = min(count, index + length)
        var scalar = UInt32(byte) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
        for position in (index + 1)..<max(index + 1, end) { scalar = scalar << 6 | UInt32(utf8[position] & 0x3F) }
        switch kind(scalar) {
        case 0:
            if inWord { endWord() }
        case 2:
            if inWord { endWord() }
            for position in index..<end { append(utf8[position]) }
            endWord()
        default:
            for position in index..<end { append(utf8[position]) }
        }
        index = end
    }
    if inWord { endWord() }
    if words == 1 { result.append(mix64(w2 ^ 1)) }
    if words == 2 { result.append(mix64(w1 &* 0x9E37_79B9_7F4A_7C15 ^ w2 ^ 2)) }
    return result
}
