/// Turns a paragraph into hashes of its word shingles: every run of
/// `CopySignature.shingleWords` (3) consecutive words.
///
/// Deliberately simpler than the search `Analyzer`: no stemming, no compound
/// joining, no Unicode folding beyond ASCII case. Copies are byte-identical
/// apart from their edits, so what matters is speed (this runs over every body
/// on the parse thread) and stability: a word spelt the same hashes the same.
enum Shingler {
    /// Calls `emit` with the hash of every shingle of `paragraph`. A paragraph
    /// of one or two words gives one hash of them.
    @inline(__always)
    static func forEachShingle(_ paragraph: String, _ emit: (UInt64) -> Void) {
        var text = paragraph
        text.withUTF8 { forEachShingle(utf8: $0, emit) }
    }

    /// The same over a paragraph's UTF-8 bytes.
    ///
    /// A word's bytes are folded to lower case and packed eight at a time, the
    /// first in the high byte; each full eight is mixed into the word's hash when
    /// the word goes on. Runs of ASCII letters and digits are taken eight bytes
    /// a step (`ASCIILanes`): on generated news the loop per byte was a tenth of
    /// the parse thread. Hashes are exactly those of a byte at a time.
    @inline(__always)
    static func forEachShingle(utf8: UnsafeBufferPointer<UInt8>, _ emit: (UInt64) -> Void) {
        guard let base = utf8.baseAddress else { return }
        var hashes = WordHashes()
        let count = utf8.count
        var index = 0
        while index < count {
            if index + 8 <= count {
                let lanes = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let run = ASCIILanes.leadingWordBytes(lanes)
                if run > 0 {
                    // Setting bit 5 folds A-Z and keeps a-z and 0-9; the first byte goes high.
                    let folded = (lanes | 0x2020_2020_2020_2020).byteSwapped >> UInt64(64 - 8 * run)
                    hashes.append(folded, bytes: run)
                    index += run
                    // The byte that ended the run is in the lanes already: ASCII, it ends the
                    // word here, without loading the next eight bytes only to find it again.
                    if run < 8, (lanes >> UInt64(8 * run)) & 0x80 == 0 {
                        hashes.endWord(emit)
                        index += 1
                    }
                    continue
                }
            }
            let byte = utf8[index]
            if byte < 0x80 {
                index += 1
                // Unsigned wrap-around turns each range test into one compare.
                let folded = byte &- 0x41 < 26 ? byte | 0x20 : byte
                if folded &- 0x61 < 26 || folded &- 0x30 < 10 {
                    hashes.append(UInt64(folded), bytes: 1)
                } else if hashes.inWord {
                    hashes.endWord(emit)
                }
                continue
            }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            let end = min(count, index + length)
            var scalar = UInt32(byte) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
            for position in (index + 1)..<max(index + 1, end) { scalar = scalar << 6 | UInt32(utf8[position] & 0x3F) }
            switch kind(of: scalar) {
            case .separator:
                if hashes.inWord { hashes.endWord(emit) }
            case .ideograph:
                if hashes.inWord { hashes.endWord(emit) }
                for position in index..<end { hashes.append(UInt64(utf8[position]), bytes: 1) }
                hashes.endWord(emit)
            case .letter:
                for position in index..<end { hashes.append(UInt64(utf8[position]), bytes: 1) }
            }
            index = end
        }
        if hashes.inWord { hashes.endWord(emit) }
        hashes.finish(emit)
    }

    /// The word being read and the hashes of the last three, as the shingle
    /// loop carries them.
    private struct WordHashes {
        /// The last three word hashes; `words` counts the words seen.
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0
        var words = 0
        /// Up to eight bytes of the current word not mixed in yet, the first
        /// of them in the highest byte used. No word byte is zero, so the
        /// bytes held are told by the highest set bit.
        var packed: UInt64 = 0
        var word: UInt64 = 0
        var inWord = false

        /// Appends `bytes` (1...8) word bytes, given as `value` with the first
        /// of them in its highest used byte, as that many one-byte appends would:
        /// a full eight is mixed in only when another byte follows it.
        @inline(__always)
        mutating func append(_ value: UInt64, bytes: Int) {
            var room = 8 - (71 - packed.leadingZeroBitCount) / 8
            if room == 0 {
                word = mix64(word ^ packed)
                packed = 0
                room = 8
            }
            if bytes <= room {
                packed = packed << UInt64(8 * bytes) | value
            } else {
                let rest = UInt64(8 * (bytes - room))
                packed = packed << UInt64(8 * room) | value >> rest
                word = mix64(word ^ packed)
                packed = value & ((1 << rest) - 1)
            }
            inWord = true
        }

        @inline(__always)
        mutating func endWord(_ emit: (UInt64) -> Void) {
            let hash = mix64(word ^ packed)
            w0 = w1; w1 = w2; w2 = hash
            words += 1
            if words >= 3 { emit(mix64(w0 &* 0x9E37_79B9_7F4A_7C15 ^ (w1 &* 0xC2B2_AE3D_27D4_EB4F) ^ w2 ^ 3)) }
            packed = 0
            word = 0
            inWord = false
        }

        /// A paragraph of one or two words gives one hash of them.
        @inline(__always)
        func finish(_ emit: (UInt64) -> Void) {
            if words == 1 { emit(mix64(w2 ^ 1)) }
            if words == 2 { emit(mix64(w1 &* 0x9E37_79B9_7F4A_7C15 ^ w2 ^ 2)) }
        }
    }

    private enum Kind {
        case separator, letter, ideograph
    }

    private static func kind(of scalar: UInt32) -> Kind {
        switch scalar {
        case 0x80...0xBF, 0xD7, 0xF7: return .separator
        case 0x2000...0x206F, 0x2E00...0x2E7F, 0x3000...0x303F, 0xFE10...0xFE6F, 0xFEFF, 0xFF01...0xFF0F,
             0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65:
            return .separator
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x3FFFF:
            return .ideograph
        default: return .letter
        }
    }
}
