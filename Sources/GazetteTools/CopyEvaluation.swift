import Gazette
/// How well copy detection recovered the syndicated copies a `CorpusGenerator`
/// planted, counted over pairs of articles: a pair is "true" when both are
/// the same original or its copies, "predicted" when both are in one cluster.
public struct CopyEvaluation: Sendable, Equatable {
    /// Generated articles found in the index (matched by URL).
    public let articles: Int
    /// Planted copies among them.
    public let plantedCopies: Int
    /// Planted copies that share a cluster with their original.
    public let copiesWithOriginal: Int
    public let truePairs: Int
    public let predictedPairs: Int
    public let correctPairs: Int

    /// Share of predicted pairs that are true (1 when nothing was predicted).
    public var precision: Double { predictedPairs == 0 ? 1 : Double(correctPairs) / Double(predictedPairs) }
    /// Share of true pairs that were predicted (1 when nothing was planted).
    public var recall: Double { truePairs == 0 ? 1 : Double(correctPairs) / Double(truePairs) }

    /// Compares the index's clusters with `generator`'s ground truth.
    public static func evaluate(index: GazetteIndex, generator: CorpusGenerator) throws(GazetteError) -> CopyEvaluation {
        let clusterByURL: [String: Int64] = try index.wrap {
            let select = try index.database.prepare(
                "SELECT a.url, coalesce(cm.cluster, a.id) FROM articles a LEFT JOIN copy_members cm ON cm.id = a.id")
            var map: [String: Int64] = [:]
            while try select.step() { map[select.string(0)] = select.int64(1) }
            return map
        }
        var predicted: [Int64: Int] = [:]
        var truth: [Int: Int] = [:]
        var cells: [Pair: Int] = [:]
        var originalCluster: [Int: Int64] = [:]
        var copies: [(original: Int, cluster: Int64)] = []
        var found = 0
        for article in generator.articles() {
            guard let cluster = clusterByURL[article.url] else { continue }
            found += 1
            let group = article.copyOf ?? article.index
            predicted[cluster, default: 0] += 1
            truth[group, default: 0] += 1
            cells[Pair(group: group, cluster: cluster), default: 0] += 1
            if let original = article.copyOf {
                copies.append((original, cluster))
            } else {
                originalCluster[article.index] = cluster
            }
        }
        func pairs(_ n: Int) -> Int { n * (n - 1) / 2 }
        return CopyEvaluation(
            articles: found, plantedCopies: copies.count,
            copiesWithOriginal: copies.filter { originalCluster[$0.original] == $0.cluster }.count,
            truePairs: truth.values.reduce(0) { $0 + pairs($1) },
            predictedPairs: predicted.values.reduce(0) { $0 + pairs($1) },
            correctPairs: cells.values.reduce(0) { $0 + pairs($1) })
    }

    private struct Pair: Hashable {
        let group: Int
        let cluster: Int64
    }
}

extension CopyEvaluation: Encodable {
    enum CodingKeys: String, CodingKey {
        case articles, precision, recall
        case plantedCopies = "planted_copies", copiesWithOriginal = "copies_with_original"
        case truePairs = "true_pairs", predictedPairs = "predicted_pairs", correctPairs = "correct_pairs"
    }

    /// `gazette evaluate-copies` output, counts then precision and recall.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(articles, forKey: .articles)
        try container.encode(plantedCopies, forKey: .plantedCopies)
        try container.encode(copiesWithOriginal, forKey: .copiesWithOriginal)
        try container.encode(truePairs, forKey: .truePairs)
        try container.encode(predictedPairs, forKey: .predictedPairs)
        try container.encode(correctPairs, forKey: .correctPairs)
        try container.encode(precision, forKey: .precision)
        try container.encode(recall, forKey: .recall)
    }
}
