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
                // Every fifth word is longer than a packed token holds: the tally keeps those apart.
                terms.append(rank % 5 == 0 ? "a-longer-word-of-rank-\(rank)" : "w\(rank)")
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
                    tallies[thread].note(token)
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
                var bytes = Array((word % 5 == 0 ? "new-and-longer-\(article)-\(word)" : "new\(article)-\(word)").utf8)
                bytes.withUnsafeMutableBufferPointer { buffer in
                    let token = UnsafeBufferPointer(buffer)
                    tally.note(token)
                }
            }
            var common = Array("the".utf8)
            common.withUnsafeMutableBufferPointer { buffer in
                let token = UnsafeBufferPointer(buffer)
                tally.note(token)
            }
            tally.finishArticle()
            largest = max(largest, tally.heldTerms)
        }
        // A million distinct words went by; the table held a few buckets' worth at most.
        #expect(largest < 5 * tally.bucketWidth * 50, "held \(largest)")
        let candidates = FrequentTermTally.candidates([tally], atLeast: 400)
        #expect(candidates == [Array("the".utf8)])
    }

    @Test func setLookupsFindExactlyTheChosenTermsOfEveryLength() {
        var random = SplitMix64(seed: 11)
        func word(_ length: Int) -> [UInt8] { (0..<length).map { _ in UInt8(97 + random.next() % 26) } }
        let chosen = (0..<600).map { word(1 + $0 % 40) }
        let unique = Array(Set(chosen))
        let set = FrequentTermSet(terms: unique)
        for (index, term) in unique.enumerated() {
            #expect(term.withUnsafeBufferPointer { set.index(of: $0) } == Int32(index), "\(term)")
        }
        let known = Set(unique)
        for length in 1...40 {
            for _ in 0..<20 {
                let other = word(length)
                guard !known.contains(other) else { continue }
                #expect(other.withUnsafeBufferPointer { set.index(of: $0) } == nil)
            }
        }
        // A prefix or an extension of a chosen term is another term.
        for term in unique.prefix(50) where term.count > 1 {
            let shorter = Array(term.dropLast())
            if !known.contains(shorter) { #expect(shorter.withUnsafeBufferPointer { set.index(of: $0) } == nil) }
            let longer = term + [UInt8(ascii: "s")]
            if !known.contains(longer) { #expect(longer.withUnsafeBufferPointer { set.index(of: $0) } == nil) }
        }
    }

    @Test func aPackedTokenReadByWordsEqualsOneReadByBytesAndGivesItsBytesBack() {
        var random = SplitMix64(seed: 5)
        let buffer = (0..<64).map { _ in UInt8(1 + random.next() % 255) }
        buffer.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for start in 0..<24 {
                for length in 1...PackedToken.maxBytes {
                    let byWords = PackedToken(base + start, count: length, readable: buffer.count - start)
                    let byBytes = PackedToken(base + start, count: length, readable: length)
                    #expect(byWords == byBytes)
                    #expect(byWords.count == length)
                    #expect(byWords.bytes == Array(buffer[start..<(start + length)]))
                }
            }
        }
    }

    /// The counter reads each article's token streams with its lookups
    /// prefetched a few tokens ahead; what it counts, and in which order it
    /// first meets the terms, must be what a plain pass over the tokens gives.
    @Test func anArticlesCountsAndTallyEqualThoseOfAPlainPassOverItsTokens() {
        var random = SplitMix64(seed: 23)
        let vocabulary = (0..<300).map { rank in
            rank % 9 == 0 ? "internationalisation\(rank)" : "word\(rank)"
        }
        let chosen = vocabulary.enumerated().filter { $0.offset % 3 == 0 }.map { Array($0.element.utf8) }
        let set = FrequentTermSet(terms: chosen)
        let counter = FrequentTermCounter(tally: FrequentTermTally(share: 0.05))
        var plainTally = FrequentTermTally(share: 0.05)
        let analyzer = Analyzer()
        for _ in 0..<200 {
            let columns = (0..<2).map { column in
                (0..<(column == 0 ? 8 : 40 + Int(random.next() % 60))).map { _ in
                    vocabulary[Int(random.next() % UInt64(vocabulary.count))]
                }.joined(separator: " ")
            }
            let streams = columns.map { PreTokenized(text: $0, analyzer: analyzer) }
            var expected: [(term: Int32, title: UInt32, body: UInt32)] = []
            for (column, stream) in streams.enumerated() {
                _ = stream.replay { token, _, _, _ in
                    if let term = set.index(of: token) {
                        if let at = expected.firstIndex(where: { $0.term == term }) {
                            if column == 0 { expected[at].title += 1 } else { expected[at].body += 1 }
                        } else {
                            expected.append((term, column == 0 ? 1 : 0, column == 0 ? 0 : 1))
                        }
                    } else {
                        plainTally.note(token)
                    }
                    return 0
                }
            }
            plainTally.finishArticle()
            let counted = counter.counts(of: streams, in: set)
            #expect(counted.map(\.term) == expected.map(\.term))
            #expect(counted.map(\.title) == expected.map(\.title))
            #expect(counted.map(\.body) == expected.map(\.body))
        }
        var plainBounds: [[UInt8]: Int] = [:]
        plainTally.forEachBound { plainBounds[$0] = $1 }
        var counterBounds: [[UInt8]: Int] = [:]
        counter.tally?.forEachBound { counterBounds[$0] = $1 }
        #expect(!counterBounds.isEmpty)
        #expect(counterBounds == plainBounds)
    }
}
