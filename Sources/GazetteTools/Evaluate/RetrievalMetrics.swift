import Gazette
import Glibc

/// Per-query effectiveness figures, with trec_eval's conventions: unjudged
/// documents are non-relevant, any grade above 0 is relevant, nDCG uses the
/// grade itself as gain with a log2(rank + 1) discount, and average precision
/// divides by all relevant documents, retrieved or not.
public struct RetrievalMetrics: Sendable, Equatable {
    public var averagePrecision = 0.0
    public var ndcg10 = 0.0
    public var precision10 = 0.0
    public var recall100 = 0.0

    public init() {}

    /// Figures of one ranked list (best first, duplicates ignored) against `grades` (doc id -> grade).
    public init(ranked: [String], grades: [String: Int]) {
        let relevantCount = grades.values.filter { $0 > 0 }.count
        guard relevantCount > 0 else { return }
        var seen = Set<String>()
        var found = 0
        var precisionSum = 0.0
        var dcg = 0.0
        var rank = 0
        for document in ranked where seen.insert(document).inserted {
            rank += 1
            let grade = grades[document] ?? 0
            if grade > 0 {
                found += 1
                precisionSum += Double(found) / Double(rank)
                if rank <= 10 { precision10 += 1 }
                if rank <= 100 { recall100 += 1 }
                if rank <= 10 { dcg += Double(grade) / log2(Double(rank) + 1) }
            }
        }
        averagePrecision = precisionSum / Double(relevantCount)
        precision10 /= 10
        recall100 /= Double(relevantCount)
        let ideal = grades.values.filter { $0 > 0 }.sorted(by: >).prefix(10).enumerated().reduce(0.0) { sum, item in
            sum + Double(item.element) / log2(Double(item.offset) + 2)
        }
        ndcg10 = ideal > 0 ? dcg / ideal : 0
    }

    /// The mean of each figure over queries (MAP, mean nDCG@10, ...).
    public static func mean(_ all: [RetrievalMetrics]) -> RetrievalMetrics {
        var mean = RetrievalMetrics()
        guard !all.isEmpty else { return mean }
        let count = Double(all.count)
        mean.averagePrecision = all.reduce(0) { $0 + $1.averagePrecision } / count
        mean.ndcg10 = all.reduce(0) { $0 + $1.ndcg10 } / count
        mean.precision10 = all.reduce(0) { $0 + $1.precision10 } / count
        mean.recall100 = all.reduce(0) { $0 + $1.recall100 } / count
        return mean
    }
}
