/// Turns a paragraph into hashes of its word shingles.
///
/// Deliberately simpler than the search `Analyzer`: no stemming, no compound
/// joining, no Unicode folding beyond ASCII case. Copies are byte-identical
/// apart from their edits, so what matters is speed and stability, and a word
/// that is spelt the same hashes the same.
struct Shingler {
    private let size: Int
    private var window: [UInt64]
    private var words = 0

    /// `size` words per shingle; other sizes than the default are for experiments.
    init(size: Int = CopySignature.shingleWords) {
        self.size = max(1, size)
        window = [UInt64](repeating: 0, count: self.size)
    }

    /// Calls `emit` with the hash of every shingle of `paragraph`. A paragraph
    /// shorter than one shingle gives one hash of all its words.
    mutating func paragraph(_ paragraph: String, emit: (UInt64) -> Void) {
        words = 0
        var text = paragraph
        text.withUTF8 { utf8 in
            var word: UInt64 = Shingler.wordSeed
            var inWord = false
            var index = 0
            let count = utf8.count
            while index < count {
                let byte = utf8[index]
                if byte < 0x80 {
                    index += 1
                    if Shingler.isASCIIWordByte(byte) {
                        // ASCII case folding: set the 0x20 bit of letters only.
                        let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                        word = (word ^ UInt64(folded)) &* Shingler.fnvPrime
                        inWord = true
                    } else if inWord {
                        push(word, emit)
                        word = Shingler.wordSeed
                        inWord = false
                    }
                    continue
                }
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                var scalar = UInt32(byte) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
                var end = index + 1
                while end < min(count, index + length) {
                    scalar = scalar << 6 | UInt32(utf8[end] & 0x3F)
                    end += 1
                }
                switch Shingler.kind(of: scalar) {
                case .separator:
                    if inWord {
                        push(word, emit)
                        word = Shingler.wordSeed
                        inWord = false
                    }
                case .ideograph:
                    if inWord {
                        push(word, emit)
                        inWord = false
                    }
                    push((Shingler.wordSeed ^ UInt64(scalar)) &* Shingler.fnvPrime, emit)
                    word = Shingler.wordSeed
                case .letter:
                    for position in index..<end {
                        word = (word ^ UInt64(utf8[position])) &* Shingler.fnvPrime
                    }
                    inWord = true
                }
                index = end
            }
            if inWord { push(word, emit) }
        }
        if words > 0 && words < size {
            emit(shingleHash(count: words))
        }
    }

    private mutating func push(_ word: UInt64, _ emit: (UInt64) -> Void) {
        let k = size
        if words < k {
            window[words] = word
        } else {
            for position in 1..<k { window[position - 1] = window[position] }
            window[k - 1] = word
        }
        words += 1
        if words >= k { emit(shingleHash(count: k)) }
    }

    private func shingleHash(count: Int) -> UInt64 {
        var hash = UInt64(count)
        for position in 0..<count {
            hash = (hash ^ window[position]) &* 0x9E37_79B9_7F4A_7C15
            hash = hash << 29 | hash >> 35
        }
        return mix64(hash)
    }

    private static let wordSeed: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let fnvPrime: UInt64 = 0x100_0000_01b3

    @inline(__always)
    private static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
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
