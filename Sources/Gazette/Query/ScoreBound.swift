/// An upper bound on a match's BM25 score that costs a table lookup per
/// phrase instead of BM25's divisions, so a ranking pass can leave unscored
/// the matches that cannot reach the page (the "max score" of WAND-style
/// top-k retrieval, per match rather than per block: the exact distinct and
/// facet counts need every match decoded anyway, so what early termination
/// saves is the scoring, not the decoding).
///
/// BM25's term score grows with the phrase's instances and shrinks with the
/// article's length, so evaluating BM25's own expression at the shortest
/// article's length bounds every article's score. Because IEEE rounding is
/// monotone and the bound repeats `BM25.score`'s operations in the same order,
/// the bound is never below the computed score, not only in exact arithmetic:
/// skipping a match whose bound is below the k-th best score cannot change the
/// top k, ties included.
struct ScoreBound {
    /// Instances per column below which a phrase's bound comes from the table.
    static let tableTitles = 4
    static let tableBodies = 32

    private let scorer: BM25
    private let shortestLength: Int
    /// BM25's length factor at the shortest length, computed once as `BM25.score` computes it.
    private let shortestLengthFactor: Double
    /// The largest factor a ranking multiplies BM25 by (2 with a recency boost).
    private let boostLimit: Double
    /// Per phrase, bounds for title × body instance counts below the table's limits (two columns only).
    private let table: [Double]
    private let tabulated: Bool

    /// `boostLimit` bounds the recency multiplier `1 + 0.5^(age/halfLife)`: 2 when a half-life applies, else 1.
    init(scorer: BM25, shortestLength: Int, boostLimit: Double) {
        self.scorer = scorer
        self.shortestLength = max(0, shortestLength)
        shortestLengthFactor = scorer.lengthFactor(self.shortestLength)
        self.boostLimit = boostLimit
        tabulated = scorer.columns == 2 && scorer.phraseWeights == nil
        guard tabulated else {
            table = []
            return
        }
        var values: [Double] = []
        values.reserveCapacity(scorer.phrases * Self.tableTitles * Self.tableBodies)
        for phrase in 0..<scorer.phrases {
            for title in 0..<Self.tableTitles {
                for body in 0..<Self.tableBodies {
                    values.append(scorer.term(phrase: phrase, title: UInt32(title), body: UInt32(body),
                                              lengthFactor: shortestLengthFactor))
                }
            }
        }
        table = values
    }

    /// At least the score `BM25.score` (times the boost) gives match `match` at any length.
    @inline(__always)
    func bound(_ instances: UnsafeBufferPointer<UInt32>, match: Int) -> Double {
        guard tabulated else {
            return scorer.score(instances, match: match, length: shortestLength) * boostLimit
        }
        var total = 0.0
        var slot = match * scorer.phrases * 2
        var row = 0
        for phrase in 0..<scorer.phrases {
            let title = instances[slot], body = instances[slot + 1]
            if title < UInt32(Self.tableTitles) && body < UInt32(Self.tableBodies) {
                total += table[row + Int(title) * Self.tableBodies + Int(body)]
            } else {
                total += scorer.term(phrase: phrase, title: title, body: body, lengthFactor: shortestLengthFactor)
            }
            slot += 2
            row += Self.tableTitles * Self.tableBodies
        }
        return total * boostLimit
    }
}

extension BM25 {
    /// `k1(1 − b + b·D/avgdl)`, with `score`'s operations in the same order.
    @inline(__always)
    func lengthFactor(_ length: Int) -> Double {
        k1 * (1 - b + b * Double(length) / averageLength)
    }

    /// One phrase's term of `score` for a two-column match, with the same operations in the same order.
    @inline(__always)
    func term(phrase: Int, title: UInt32, body: UInt32, lengthFactor: Double) -> Double {
        let k1 = self.k1
        var frequency = 0.0
        frequency += weights[0] * Double(title)
        frequency += weights[1] * Double(body)
        return idf[phrase] * ((frequency * (k1 + 1.0)) / (frequency + lengthFactor))
    }
}
