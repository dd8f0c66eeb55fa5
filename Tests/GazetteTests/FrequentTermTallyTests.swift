import Testing
@testable import Gazette
@testable import GazetteTools

/// The tally that lets a run choose its frequent terms without walking FTS5's
/// vocabulary must never miss a term in the share it is asked about, however
/// the articles are split among the parsing threads, and must stay small on
/// an endless stream of new words.
@Suite struct FrequentTermTallyTests {
    /// `articles` sets of terms: a Zipf-like vocabulary, plus words that only
    /// start to appear two thirds of the way in (a story that breaks late).
    static func stream(articles: Int, seed: UInt64) -> [[String]] {
        var random = SplitMix64(seed: seed)
        return (0..<articles).map { number in
            var terms: [String] = []
            for rank in 1...400 where Double(random.next() % 1_000_000) / 1_000_000 < 0.9 / Double(rank).squareRoot() / 2 {
                terms.append("w\(rank)")
            }
            if number >= articles * 2 / 3 {
                for late in 0..<5 where random.next() % 10 < UInt64(late + 1) { terms.append("late\(late)") }
            }
            // Repeated within the article: it must count once.
            terms += terms.prefix(3)
            return terms
        }
    }

    static func tallied(_ articles: [[String]], share: Double, threads: Int, interleaved: Bool) -> [FrequentTermTally] {
        var tallies = (0..<threads).map { _ in FrequentTermTally(share: share) }
        for (number, terms) in articles.enumerated() {
            let thread = interleaved ? number % threads : number * threads / articles.count
            for term in terms {
                var bytes = Array(term.utf8)
                bytes.withUnsafeMutableBufferPointer { buffer in
                    let token = UnsafeBufferPointer(buffer)
                    tallies[thread].note(token, hash: FrequentTermSet.hash(token))
                }
            }
            tallies[thread].finishArticle()
        }
        return tallies
    }

    @Test(arguments: [(1, false), (2, false), (2, true), (3, true)])
    func everyTermInTheShareIsACandidateHoweverTheArticlesAreSplit(threads: Int, interleaved: Bool) throws {
        let articles = Self.stream(articles: 3_000, seed: UInt64(threads * 7 + (interleaved ? 1 : 0)))
        var documentFrequency: [String: Int] = [:]
        for terms in articles { for term in Set(terms) { documentFrequency[term, default: 0] += 1 } }
        let tallies = Self.tallied(articles, share: 0.05, threads: threads, interleaved: interleaved)
        #expect(tallies.reduce(0) { $0 + $1.articles } == articles.count)
        let slack = tallies.reduce(0) { $0 + $1.completedBuckets }
        #expect(slack > 0, "the tallies must have thinned their tables for this test to mean anything")
        for threshold in [150, 300, 900] {
            let candidates = try #require(FrequentTermTally.candidates(tallies, atLeast: Int64(threshold)))
            let named = Set(candidates.map { String(decoding: $0, as: UTF8.self) })
            let frequent = Set(documentFrequency.filter { $0.value >= threshold }.keys)
            #expect(!frequent.isEmpty)
            #expect(frequent.isSubset(of: named), "missed \(frequent.subtracting(named)) at \(threshold)")
            // A candidate's bound exceeds its true count by at most the buckets the tallies completed.
            for term in named { #expect(documentFrequency[term, default: 0] >= threshold - slack, "\(term)") }
        }
        #expect(try #require(FrequentTermTally.candidates(tallies, atLeast: 300)).contains(Array("late4".utf8)))
    }

    @Test func tooCoarseATallyForTheThresholdSaysSo() {
        let tallies = Self.tallied(Self.stream(articles: 1_000, seed: 3), share: 0.2, threads: 1, interleaved: false)
        // Its buckets are 20 articles wide: after 50 of them, a word it dropped may be in 50 articles.
        #expect(FrequentTermTally.candidates(tallies, atLeast: 50) == nil)
        #expect(FrequentTermTally.candidates(tallies, atLeast: 51) != nil)
    }

    @Test func memoryStaysBoundedOnAStreamOfNewWords() {
        var tally = FrequentTermTally(share: 0.02)
        var largest = 0
        for article in 0..<20_000 {
            for word in 0..<50 {
                var bytes = Array("new\(article)-\(word)".utf8)
                bytes.withUnsafeMutableBufferPointer { buffer in
                    let token = UnsafeBufferPointer(buffer)
                    tally.note(token, hash: FrequentTermSet.hash(token))
                }
            }
            var common = Array("the".utf8)
            common.withUnsafeMutableBufferPointer { buffer in
                let token = UnsafeBufferPointer(buffer)
                tally.note(token, hash: FrequentTermSet.hash(token))
            }
            tally.finishArticle()
            largest = max(largest, tally.heldTerms)
        }
        // A million distinct words went by; the table held a few buckets' worth at most.
        #expect(largest < 5 * tally.bucketWidth * 50, "held \(largest)")
        let candidates = FrequentTermTally.candidates([tally], atLeast: 400)
        #expect(candidates == [Array("the".utf8)])
    }
}
