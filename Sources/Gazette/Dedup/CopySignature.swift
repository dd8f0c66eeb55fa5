/// The locality-sensitive signature of an article body: MinHash over word
/// shingles, cut into LSH band keys that find likely copies with one indexed
/// lookup each.
///
/// The body is reduced to case-folded words, then to overlapping runs of
/// `shingleWords` words within a paragraph (see `Shingler`). The sketch is
/// one-permutation MinHash: each shingle is hashed once, the hash picks one of
/// `slots` bins and competes for that bin's minimum; empty bins of short bodies
/// borrow from other bins in a fixed pseudo-random order ("optimal
/// densification"), so equal bodies always give equal sketches. Two bodies
/// whose shingle sets have Jaccard similarity J agree on a bin with probability
/// about J, so on a band of `rowsPerBand` bins with probability J^4.
///
/// Only the band keys are kept: candidates are confirmed by the exact Jaccard
/// similarity of the two bodies' shingles (`ShingleSet`), which the index can
/// recompute from the stored text, so no sketch needs storing.
public struct CopySignature: Sendable, Equatable {
    /// Words per shingle.
    public static let shingleWords = 3
    /// Bands, of `rowsPerBand` bins each. Two bodies share at least one band
    /// with probability 1 - (1 - J^4)^12: 0.9998 at J = 0.8, 0.96 at J = 0.7,
    /// 0.0012 at J = 0.1, so unrelated articles are almost never compared.
    public static let bands = 12
    public static let rowsPerBand = 4
    static let slots = bands * rowsPerBand
    /// Default Jaccard similarity of shingles at or above which two bodies are copies.
    public static let defaultThreshold = 0.8

    /// One 31-bit key per band (31 bits so SQLite stores each in 4 bytes).
    public let bandKeys: [Int]

    /// The signature of a body given as paragraphs; nil when the body has no words.
    public init?(paragraphs: [String]) {
        var bins = [UInt64](repeating: .max, count: CopySignature.slots)
        var filled = 0
        bins.withUnsafeMutableBufferPointer { bins in
            for paragraph in paragraphs {
                Shingler.forEachShingle(paragraph) { hash in
                    // The high half picks the bin (multiply-shift), the low bits compete for its minimum.
                    let bin = Int(truncatingIfNeeded: ((hash >> 32) &* UInt64(CopySignature.slots)) >> 32)
                    let value = hash & 0xFFFF_FFFF
                    if bins[bin] == .max { filled += 1 }
                    if value < bins[bin] { bins[bin] = value }
                }
            }
        }
        guard filled > 0 else { return nil }
        if filled < CopySignature.slots {
            let original = bins
            for slot in 0..<CopySignature.slots where original[slot] == .max {
                var attempt: UInt64 = 0
                var value = UInt64.max
                while value == .max {
                    // A fixed probe sequence per slot, the same for every body, keeps sketches comparable.
                    attempt += 1
                    let probe = Int(truncatingIfNeeded: ((mix64(UInt64(slot) << 32 | attempt) >> 32) &* UInt64(CopySignature.slots)) >> 32)
                    value = original[probe]
                }
                bins[slot] = value
            }
        }
        bandKeys = (0..<CopySignature.bands).map { band in
            var key = UInt64(band + 1) &* 0xD6E8_FEB8_6659_FD93
            for row in 0..<CopySignature.rowsPerBand {
                key = mix64(key ^ bins[band * CopySignature.rowsPerBand + row])
            }
            return Int(truncatingIfNeeded: key & 0x7FFF_FFFF)
        }
    }
}

/// The set of shingle hashes of a body, for the exact similarity that
/// confirms an LSH candidate.
public struct ShingleSet: Sendable {
    let hashes: Set<UInt64>

    public init(paragraphs: [String]) {
        var hashes = Set<UInt64>()
        hashes.reserveCapacity(paragraphs.reduce(0) { $0 + $1.utf8.count / 5 })
        for paragraph in paragraphs {
            Shingler.forEachShingle(paragraph) { hashes.insert($0) }
        }
        self.hashes = hashes
    }

    /// A body as the articles table stores it (paragraphs joined by newlines).
    /// Split on newline bytes, without a String per paragraph: this runs on
    /// the writer's thread for every candidate copy.
    public init(body: String) {
        var body = body
        var hashes = Set<UInt64>()
        body.withUTF8 { utf8 in
            hashes.reserveCapacity(utf8.count / 5)
            var start = 0
            for index in 0...utf8.count where index == utf8.count || utf8[index] == 0x0A {
                if index > start {
                    Shingler.forEachShingle(utf8: UnsafeBufferPointer(rebasing: utf8[start..<index])) { hashes.insert($0) }
                }
                start = index + 1
            }
        }
        self.hashes = hashes
    }

    public var isEmpty: Bool { hashes.isEmpty }

    /// Jaccard similarity |A ∩ B| / |A ∪ B|; 0 when either body has no words.
    public func jaccard(_ other: ShingleSet) -> Double {
        guard !hashes.isEmpty, !other.hashes.isEmpty else { return 0 }
        let (small, large) = hashes.count <= other.hashes.count ? (hashes, other.hashes) : (other.hashes, hashes)
        var common = 0
        for hash in small where large.contains(hash) { common += 1 }
        return Double(common) / Double(hashes.count + other.hashes.count - common)
    }
}

/// SplitMix64's finalizer: a cheap bijective mix with full avalanche.
@inline(__always)
func mix64(_ input: UInt64) -> UInt64 {
    var z = input &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
