import Foundation

/// FTS5's `bm25()` computed outside SQLite, operation for operation, from
/// the statistics a `FullTextMatches` pass gathered and each article's
/// length from `article_facts`: the same inputs give the same doubles.
///
/// FTS5 (fts5_aux.c): IDF = log((N − nHit + 0.5) / (nHit + 0.5)), at least
/// 1e-6; per phrase f = Σ column weight × instances; D = the row's tokens;
/// score = Σ IDF × f(k1 + 1) / (f + k1(1 − b + b·D/avgdl)), k1 = 1.2, b = 0.75.
struct BM25 {
    static let k1 = 1.2
    static let b = 0.75

    let idf: [Double]
    let averageLength: Double
    let weights: [Double]
    let phrases: Int
    let columns: Int
    /// A weight per phrase (query expansion's added terms), applied as
    /// `gazette_bm25` applies it; nil keeps `bm25()`'s exact arithmetic.
    let phraseWeights: [Double]?
    /// FTS5's constants unless query expansion asks for its own.
    let k1: Double
    let b: Double

    init(_ matches: FullTextMatches, weights: [Double], phraseWeights: [Double]? = nil,
         k1: Double = BM25.k1, b: Double = BM25.b) {
        self.init(rowCount: matches.rowCount, totalTokens: matches.totalTokens, phraseRows: matches.phraseRows,
                  columns: matches.columnCount, weights: weights, phraseWeights: phraseWeights, k1: k1, b: b)
    }

    /// From collection statistics given apart from a pass: a search cursor pins them (`SearchCursor`).
    init(rowCount: Int64, totalTokens: Int64, phraseRows: [Int64], columns: Int, weights: [Double],
         phraseWeights: [Double]? = nil, k1: Double = BM25.k1, b: Double = BM25.b) {
        self.k1 = k1
        self.b = b
        idf = phraseRows.map { hits in
            let value = log((Double(rowCount - hits) + 0.5) / (Double(hits) + 0.5))
            return value <= 0 ? 1e-6 : value
        }
        averageLength = Double(totalTokens) / Double(max(1, rowCount))
        self.phrases = phraseRows.count
        self.columns = columns
        self.weights = (0..<columns).map { $0 < weights.count ? weights[$0] : 1.0 }
        self.phraseWeights = phraseWeights.map { given in (0..<phraseRows.count).map { $0 < given.count ? given[$0] : 1.0 } }
    }

    /// The score of match `match` of `instances` (laid out as `FullTextMatches.instances`) at `length` tokens.
    @inline(__always)
    func score(_ instances: UnsafeBufferPointer<UInt32>, match: Int, length: Int) -> Double {
        let lengthFactor = self.lengthFactor(length)
        var score = 0.0
        var slot = match * phrases * columns
        for phrase in 0..<phrases {
            score += contribution(of: phrase, frequency: frequency(instances, at: slot), lengthFactor: lengthFactor)
            slot += columns
        }
        return score
    }

    /// A phrase's column-weighted frequency from its `columns` counts starting at `slot`.
    @inline(__always)
    func frequency(_ instances: UnsafeBufferPointer<UInt32>, at slot: Int) -> Double {
        var frequency = 0.0
        for column in 0..<columns {
            frequency += weights[column] * Double(instances[slot + column])
        }
        return frequency
    }

    /// What a phrase adds to a row's score, its weight applied.
    @inline(__always)
    func contribution(of phrase: Int, frequency: Double, lengthFactor: Double) -> Double {
        let term = idf[phrase] * ((frequency * (k1 + 1.0)) / (frequency + lengthFactor))
        if let phraseWeights { return phraseWeights[phrase] * term }
        return term
    }

    /// The recency boost `Searcher` applies in SQL: `score × (1 + 0.5^((newest − day) / halfLife))`.
    @inline(__always)
    static func boosted(_ score: Double, day: Int64, newestDay: Int64, halfLife: Double) -> Double {
        score * (1.0 + pow(0.5, Double(newestDay - day) / halfLife))
    }
}
