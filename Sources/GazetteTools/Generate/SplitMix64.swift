import Gazette
/// SplitMix64 (Steele, Lea & Flood), the corpus generator's only source of randomness.
///
/// The generator owns its PRNG and its range reduction because a corpus must be
/// byte-identical for a seed on every machine and toolchain: the standard
/// library's generator cannot be seeded, and `Int.random(in:using:)` does not
/// promise a stable algorithm across releases.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective avalanche used to derive
    /// independent per-article seeds from (corpus seed, index, stream).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Seed for stream `salt` of item `index`, so every article (and every
    /// decision about it) can be regenerated alone without replaying others.
    static func derive(_ seed: UInt64, index: Int, salt: UInt64) -> UInt64 {
        mix(seed ^ mix(UInt64(truncatingIfNeeded: index) &+ mix(salt)))
    }

    /// Uniform in `0..<bound` by multiply-high; the bias (≤ bound / 2^64) is far
    /// below anything a test corpus could show, and it needs no rejection loop.
    mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in `range`.
    mutating func within(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }
}

/// Walker/Vose alias table: O(1) draws from a fixed discrete distribution.
///
/// Vocabulary draws dominate generation time (hundreds per article), so a
/// binary search over cumulative weights would cost ~16 probes per word.
struct GeneratorAliasTable: Sendable {
    private let probability: [Double]
    private let alias: [Int32]

    var count: Int { probability.count }

    /// `weights` must be non-empty with a positive sum.
    init(weights: [Double]) {
        let n = weights.count
        let total = weights.reduce(0, +)
        var scaled = weights.map { $0 * Double(n) / total }
        var probability = [Double](repeating: 1, count: n)
        var alias = (0..<n).map { Int32($0) }
        var small: [Int] = []
        var large: [Int] = []
        for i in 0..<n {
            if scaled[i] < 1 { small.append(i) } else { large.append(i) }
        }
        while !small.isEmpty, !large.isEmpty {
            let s = small.removeLast()
            let l = large.removeLast()
            probability[s] = scaled[s]
            alias[s] = Int32(l)
            scaled[l] = (scaled[l] + scaled[s]) - 1
            if scaled[l] < 1 { small.append(l) } else { large.append(l) }
        }
        // Leftovers are exactly 1 up to rounding; keeping them whole avoids
        // pointing an alias at a bucket that has already been emptied.
        for i in small + large { probability[i] = 1; alias[i] = Int32(i) }
        self.probability = probability
        self.alias = alias
    }

    /// Zipf weights `1 / (rank + offset)^1` for `count` ranks. The exponent is
    /// exactly 1 so the table needs no `pow`, whose last bits vary by libm.
    init(zipfCount count: Int, offset: Double = 1) {
        self.init(weights: (0..<count).map { 1 / (Double($0) + offset) })
    }

    func sample(_ rng: inout SplitMix64) -> Int {
        let i = rng.below(probability.count)
        return rng.unit() < probability[i] ? i : Int(alias[i])
    }
}
