import Foundation
import Testing
@testable import Gazette

/// The stem cache must be invisible: whatever it holds, evicts or collides
/// on, every word comes back stemmed exactly as the stemmer alone stems it.
@Suite("StemCache")
struct StemCacheTests {
    private static let stemmer = EnglishStemmer()

    /// Words of a-z, 0-9 and ', 1 to 20 bytes (past the cache's 15-byte limit),
    /// with English-looking endings so that most of them do get stemmed.
    private static func randomWords(count: Int, seed: UInt64) -> [[UInt8]] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789'".utf8)
        let endings = ["", "s", "es", "ed", "ing", "ation", "ational", "ness", "ly", "ies", "ize", "ful", "y"].map { Array($0.utf8) }
        return (0..<count).map { _ in
            var word: [UInt8] = []
            let length = 1 + Int(next() % 14)
            for _ in 0..<length { word.append(letters[Int(next() % UInt64(next() % 4 == 0 ? letters.count : 26))]) }
            word += endings[Int(next() % UInt64(endings.count))]
            return word
        }
    }

    /// Stems `word` in a buffer of `capacity` bytes, through `cache` or the stemmer alone.
    private static func stem(_ word: [UInt8], capacity: Int, cache: StemCache?) -> [UInt8] {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(capacity, word.count))
        defer { buffer.deallocate() }
        // Garbage past the word: the cache must not read it into its key.
        buffer.initialize(repeating: 0xA5)
        _ = buffer.initialize(from: word)
        let length = cache?.stem(buffer, count: word.count) ?? stemmer.stem(buffer, count: word.count)
        return Array(buffer[0..<length])
    }

    @Test func randomWordsStemAsTheStemmerDoesThroughATinyCacheThatKeepsEvicting() {
        let vocabulary = Self.randomWords(count: 3_000, seed: 7)
        let cache = StemCache(setCount: 4)
        var state: UInt64 = 11
        for _ in 0..<30_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            // A Zipf-ish draw: low indexes come back often, so entries are hit as well as evicted.
            let index = Int((state >> 33) % UInt64(vocabulary.count)) >> Int((state >> 20) % 8)
            let word = vocabulary[index]
            #expect(Self.stem(word, capacity: 264, cache: cache) == Self.stem(word, capacity: 264, cache: nil))
        }
    }

    @Test func wordsStemTheSameInBuffersTooShortForWholeWordLoads() {
        let cache = StemCache(setCount: 64)
        for word in Self.randomWords(count: 2_000, seed: 3) {
            let expected = Self.stem(word, capacity: word.count, cache: nil)
            // Exactly the word's size (under 16 bytes: the byte-by-byte path), then a roomy buffer.
            #expect(Self.stem(word, capacity: word.count, cache: cache) == expected)
            #expect(Self.stem(word, capacity: 264, cache: cache) == expected)
            #expect(Self.stem(word, capacity: word.count, cache: cache) == expected)
        }
    }

    @Test func keysTellApartWordsThatDifferOnlyInLengthOrTrailingZeros() {
        let cache = StemCache(setCount: 1)
        let words: [[UInt8]] = [Array("runs".utf8), Array("runs".utf8) + [0], Array("run".utf8),
                                Array("running".utf8), Array("runnings".utf8), Array("abcdefgh".utf8),
                                Array("abcdefgh".utf8) + [0], Array("abcdefghijklmno".utf8)]
        for _ in 0..<3 {
            for word in words {
                #expect(Self.stem(word, capacity: 264, cache: cache) == Self.stem(word, capacity: 264, cache: nil))
            }
        }
    }

    @Test func theReferenceVocabularyStemsTheSameThroughTheCacheAsWithout() throws {
        let folder = try #require(Bundle.module.url(forResource: "snowball-english", withExtension: nil))
        let words = try String(contentsOf: folder.appendingPathComponent("voc.txt"), encoding: .utf8)
            .split(separator: "\n").map { Array($0.utf8) }
        #expect(words.count > 20_000)
        let cache = StemCache(setCount: 1_024)
        // Twice: the second pass is served from the cache where it still holds the word.
        for _ in 0..<2 {
            for word in words {
                #expect(Self.stem(word, capacity: 264, cache: cache) == Self.stem(word, capacity: 264, cache: nil))
            }
        }
    }

    @Test func aTableOnHugePagesStemsTheSame() {
        let cache = StemCache(setCount: StemCache.defaultSetCount, hugePages: true)
        for word in Self.randomWords(count: 5_000, seed: 5) {
            #expect(Self.stem(word, capacity: 264, cache: cache) == Self.stem(word, capacity: 264, cache: nil))
        }
    }
}
