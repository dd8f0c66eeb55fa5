/// A token of at most `maxBytes` bytes packed into two machine words: its
/// bytes zero-padded to 15 and its length in the 16th, little-endian. Two
/// tokens are equal exactly when their packed words are, so a table keyed by
/// them compares two words instead of calling memcmp, and holds the key in
/// the entry itself (one cache line per lookup instead of a slot, an entry
/// and the bytes elsewhere). No packed token is all zero: an empty table
/// slot is.
struct PackedToken: Equatable {
    let low: UInt64
    let high: UInt64

    /// Longer tokens do not fit; callers keep them apart (they are rare).
    static let maxBytes = 15

    init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// Packs `bytes[0..<count]` (count 1...15). With `readable` at least 16
    /// bytes from `bytes` on, it reads two words at once and masks them.
    @inline(__always)
    init(_ bytes: UnsafePointer<UInt8>, count: Int, readable: Int) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        if readable >= 16 {
            let raw = UnsafeRawPointer(bytes)
            low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            if count < 8 {
                low &= (1 << UInt64(count * 8)) &- 1
                high = 0
            } else {
                high &= (1 << UInt64((count - 8) * 8)) &- 1
            }
        } else {
            for index in 0..<count {
                let byte = UInt64(bytes[index])
                if index < 8 { low |= byte << UInt64(index * 8) } else { high |= byte << UInt64((index - 8) * 8) }
            }
        }
        self.low = low
        self.high = high | UInt64(count) << 56
    }

    /// Packs a token of 1...15 bytes held in a buffer (nil for any other length).
    init?(_ token: UnsafeBufferPointer<UInt8>) {
        guard let base = token.baseAddress, token.count > 0, token.count <= PackedToken.maxBytes else { return nil }
        self.init(base, count: token.count, readable: token.count)
    }

    var count: Int { Int(truncatingIfNeeded: high >> 56) }

    /// The token's bytes.
    var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let word = index < 8 ? low : high
            let shift = UInt64((index % 8) * 8)
            result.append(UInt8(truncatingIfNeeded: word >> shift))
        }
        return result
    }

    /// A well-mixed hash of both words (SplitMix64's finalizer over them), for
    /// open addressing with any power-of-two mask.
    @inline(__always)
    var hash: UInt64 {
        var mixed = low ^ (high &* 0x9E37_79B9_7F4A_7C15)
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
