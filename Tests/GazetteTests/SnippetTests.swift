import Foundation
import Testing
@testable import Gazette

/// Snippets of search hits: what they contain, where their highlights
/// point, how long they are and how they are cut.
@Suite struct SnippetTests {
    let analyzer = Analyzer()
    static let url = "https://example.com/snippet"

    static let filler = ["river", "market", "council", "budget", "weather", "school", "train", "museum",
                         "festival", "library", "bridge", "garden", "mayor", "ferry", "orchard", "tunnel"]

    /// `count` filler words, deterministic.
    static func words(_ count: Int, from start: Int = 0) -> [String] {
        (0..<count).map { filler[($0 + start) % filler.count] }
    }

    func hit(_ query: String, body: String, title: String = "Headline") throws -> SearchHit? {
        let corpus = try makeIndex([TestArticle(Self.url, "2025-01-01", title, body)])
        return try corpus.searcher.search(query).hits.first
    }

    func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// The highlighted substrings; records an issue for an out-of-bounds range.
    func highlighted(_ snippet: Snippet, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        let all = scalars(snippet.text)
        return snippet.highlights.compactMap { range in
            guard range.lowerBound >= 0, range.upperBound <= all.count, !range.isEmpty else {
                Issue.record("highlight \(range) outside \(all.count) scalars", sourceLocation: sourceLocation)
                return nil
            }
            return string(all[range])
        }
    }

    /// The query's index tokens (folded and stemmed).
    func queryTokens(_ words: String) -> Set<String> {
        Set(analyzer.tokens(of: words, purpose: .query).map(\.token))
    }

    /// Every highlight covers only words that analyze to the query's tokens.
    func expectHighlightsMatch(_ snippet: Snippet, query: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let wanted = queryTokens(query)
        let parts = highlighted(snippet, sourceLocation: sourceLocation)
        #expect(!parts.isEmpty, "no highlight in \(snippet.text.debugDescription)", sourceLocation: sourceLocation)
        for part in parts {
            let tokens = analyzer.tokens(of: part, purpose: .query).map(\.token)
            #expect(!tokens.isEmpty && tokens.allSatisfy(wanted.contains),
                    "highlight \(part.debugDescription) is not a match of \(query)", sourceLocation: sourceLocation)
            // A highlight starts and ends on a word, not on space or punctuation.
            #expect(part.first.map { $0.isLetter || $0.isNumber } == true && part.last.map { $0.isLetter || $0.isNumber } == true,
                    "highlight \(part.debugDescription) has ragged edges", sourceLocation: sourceLocation)
        }
        // Highlights are ordered and do not overlap.
        #expect(zip(snippet.highlights, snippet.highlights.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound },
                sourceLocation: sourceLocation)
    }

    /// The snippet without its ellipses, which must be a piece of `body`.
    func core(_ snippet: Snippet) -> String {
        var text = Substring(snippet.text)
        if text.hasPrefix("…") { text = text.dropFirst() }
        if text.hasSuffix("…") { text = text.dropLast() }
        return String(text)
    }

    /// Whether `piece`'s scalars occur contiguously in `text`.
    func containsScalars(_ text: String, _ piece: String) -> Bool {
        let haystack = scalars(text), needle = scalars(piece)
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }

    func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: { $0.isWhitespace }).filter { $0 != "…" }.count
    }

    // MARK: - Content and highlights

    @Test func snippetContainsTheMatchedWordInTheMiddleOfALongBody() throws {
        let body = (Self.words(60) + ["volcano"] + Self.words(60, from: 3)).joined(separator: " ")
        let snippet = try #require(try hit("volcano", body: body)).snippet
        #expect(snippet.text.contains("volcano"))
        #expect(highlighted(snippet) == ["volcano"])
        expectHighlightsMatch(snippet, query: "volcano")
        #expect(snippet.text.hasPrefix("…") && snippet.text.hasSuffix("…"))
        #expect(body.contains(core(snippet)))
        #expect(wordCount(snippet.text) <= 40)
    }

    @Test func highlightsPointAtEveryInflectionOfTheQueryWord() throws {
        let body = "Voters elected a mayor. The Election was close; ELECTIONS are held yearly. Electricity prices rose."
        let snippet = try #require(try hit("elections", body: body)).snippet
        #expect(highlighted(snippet) == ["elected", "Election", "ELECTIONS"])
        expectHighlightsMatch(snippet, query: "elections")
        #expect(snippet.text == body)
    }

    @Test func highlightsOfSeveralWordsCoverEachOfThem() throws {
        let body = "The harbor council met. " + Self.words(5).joined(separator: " ") + " A ferry left the harbor."
        let snippet = try #require(try hit("harbor ferry", body: body)).snippet
        expectHighlightsMatch(snippet, query: "harbor ferry")
        #expect(highlighted(snippet).map { $0.lowercased() } == ["harbor", "ferry", "harbor"])
    }

    @Test func phraseHighlightsOnlyThePhraseOccurrence() throws {
        let body = "Diplomats held talks about peace. Later the peace talks resumed in Geneva."
        let snippet = try #require(try hit("\"peace talks\"", body: body)).snippet
        expectHighlightsMatch(snippet, query: "peace talks")
        // Only "peace talks" of the second sentence is marked, as one range or two adjacent words.
        let marked = highlighted(snippet).joined(separator: " ")
        #expect(marked == "peace talks")
        let start = try #require(snippet.highlights.first).lowerBound
        #expect(start == scalars(snippet.text).count - scalars("peace talks resumed in Geneva.").count)
    }

    @Test func highlightsUseUnicodeScalarOffsets() throws {
        let body = "Zoë and Müller met the café owner in 東京 😀 before the volcano erupted."
        let snippet = try #require(try hit("volcano cafe muller", body: body)).snippet
        #expect(snippet.text == body)
        #expect(highlighted(snippet) == ["Müller", "café", "volcano"])
        expectHighlightsMatch(snippet, query: "volcano cafe muller")
    }

    @Test func highlightsCoverDecomposedAndFullWidthWordsWhole() throws {
        let body = "Chancellor Mu\u{0308}ller visited Ｔｏｋｙｏ today."
        let snippet = try #require(try hit("muller tokyo", body: body)).snippet
        #expect(highlighted(snippet) == ["Mu\u{0308}ller", "Ｔｏｋｙｏ"])
        expectHighlightsMatch(snippet, query: "muller tokyo")
    }

    @Test func prefixQueryHighlightsTheWholeWord() throws {
        let body = "Negotiators resumed the negotiations on Monday."
        let snippet = try #require(try hit("negot*", body: body)).snippet
        #expect(highlighted(snippet) == ["Negotiators", "negotiations"])
    }

    @Test func excludedWordsAreNotHighlighted() throws {
        let body = "The harbor reopened after the storm."
        let snippet = try #require(try hit("harbor -tsunami", body: body)).snippet
        #expect(highlighted(snippet) == ["harbor"])
    }

    @Test func titleOnlyMatchStillGivesABodySnippet() throws {
        let body = Self.words(80).joined(separator: " ")
        let snippet = try #require(try hit("title:volcano", body: body, title: "Volcano erupts")).snippet
        #expect(!snippet.text.isEmpty)
        #expect(snippet.highlights.isEmpty)
        #expect(body.hasPrefix(core(snippet)))
        #expect(wordCount(snippet.text) <= 40)
    }

    // MARK: - Length and cuts

    @Test func shortBodyIsShownWholeWithoutEllipsis() throws {
        let body = "The volcano erupted at dawn."
        let snippet = try #require(try hit("volcano", body: body)).snippet
        #expect(snippet.text == body)
        #expect(!snippet.text.contains("…"))
    }

    @Test func matchAtTheStartIsCutOnlyAtTheEnd() throws {
        let body = (["Volcano"] + Self.words(100)).joined(separator: " ")
        let snippet = try #require(try hit("volcano", body: body)).snippet
        #expect(snippet.text.hasPrefix("Volcano"))
        #expect(snippet.text.hasSuffix("…"))
        #expect(body.hasPrefix(core(snippet)))
        #expect(wordCount(snippet.text) <= 40)
        #expect(highlighted(snippet) == ["Volcano"])
        #expect(snippet.highlights.first?.lowerBound == 0)
    }

    @Test func matchAtTheEndIsCutOnlyAtTheStart() throws {
        let body = (Self.words(100) + ["volcano"]).joined(separator: " ")
        let snippet = try #require(try hit("volcano", body: body)).snippet
        #expect(snippet.text.hasPrefix("…"))
        #expect(snippet.text.hasSuffix("volcano"))
        #expect(body.hasSuffix(core(snippet)))
        #expect(wordCount(snippet.text) <= 40)
    }

    @Test(arguments: [8, 20, 36, 64])
    func snippetLengthFollowsSnippetTokens(tokens: Int) throws {
        let body = (Self.words(100) + ["volcano"] + Self.words(100, from: 5)).joined(separator: " ")
        let corpus = try makeIndex([TestArticle(Self.url, "2025-01-01", "Headline", body)])
        var options = SearchOptions()
        options.snippetTokens = tokens
        let snippet = try #require(try corpus.searcher.search("volcano", options: options).hits.first).snippet
        #expect(wordCount(snippet.text) <= tokens)
        #expect(wordCount(snippet.text) >= tokens / 2)
        #expect(highlighted(snippet) == ["volcano"])
    }

    @Test func multiParagraphBodySnippetStaysShort() throws {
        let body = (0..<30).map { Self.words(20, from: $0).joined(separator: " ") + "." }.joined(separator: "\n")
            + "\nThe volcano slept.\n" + (0..<30).map { Self.words(20, from: $0).joined(separator: " ") }.joined(separator: "\n")
        let snippet = try #require(try hit("volcano", body: body)).snippet
        #expect(wordCount(snippet.text) <= 40)
        #expect(highlighted(snippet) == ["volcano"])
        // Paragraph breaks are shown as spaces: a snippet is one line.
        #expect(body.replacingOccurrences(of: "\n", with: " ").contains(core(snippet)))
        #expect(!snippet.text.contains("\n"))
    }

    // MARK: - Multi-byte text

    @Test func snippetNeverSplitsMultiByteCharacters() throws {
        let unit = "Café naïve résumé 北京贸易 😀 Ελλάδα Mu\u{0308}ller 👩‍👩‍👧 🇺🇦 Ｔｏｋｙｏ ąčęėįšųūž"
        let body = Array(repeating: unit, count: 40).joined(separator: " ") + " volcano "
            + Array(repeating: unit, count: 40).joined(separator: " ")
        let snippet = try #require(try hit("volcano", body: body)).snippet
        #expect(!snippet.text.contains("\u{FFFD}"))
        let piece = core(snippet)
        #expect(!piece.isEmpty)
        // A piece of the body at the level of scalars and of characters.
        #expect(containsScalars(body, piece), "snippet is not a run of the body's scalars")
        #expect(body.contains(piece), "snippet \(snippet.text.debugDescription) splits a character")
        #expect(highlighted(snippet) == ["volcano"])
        #expect(wordCount(snippet.text) <= 40)
    }

    @Test func matchesInsideAccentedAndCJKTextAreHighlightedWhole() throws {
        let unit = "北京贸易协定 😀 Ελλάδα naïve 🇺🇦 José Peña"
        let body = Array(repeating: unit, count: 30).joined(separator: " ")
        for query in ["jose", "ελλαδα", "\"北京贸易\"", "naive"] {
            let snippet = try #require(try hit(query, body: body)).snippet
            #expect(!snippet.text.contains("\u{FFFD}"))
            #expect(body.contains(core(snippet)), "\(query): \(snippet.text.debugDescription)")
            let parts = highlighted(snippet)
            #expect(!parts.isEmpty, "\(query)")
            for part in parts {
                #expect(body.contains(part), "\(query): highlight \(part.debugDescription)")
                #expect(!analyzer.tokens(of: part, purpose: .query).isEmpty)
            }
        }
    }

    // MARK: - Huge bodies

    @Test func fiveMegabyteSingleParagraphGivesAShortSnippet() throws {
        var words: [String] = []
        words.reserveCapacity(800_000)
        var bytes = 0
        var index = 0
        while bytes < 5_000_000 {
            let word = Self.filler[index % Self.filler.count]
            words.append(word)
            bytes += word.utf8.count + 1
            index += 1
        }
        words[words.count / 2] = "volcano"
        words[words.count - 3] = "volcano"
        let body = words.joined(separator: " ")
        #expect(body.utf8.count >= 5_000_000)
        let corpus = try makeIndex([TestArticle(Self.url, "2025-01-01", "Headline", body)])

        let match = try #require(try corpus.searcher.search("volcano").hits.first).snippet
        #expect(wordCount(match.text) <= 40)
        #expect(match.text.unicodeScalars.count < 1_000)
        #expect(highlighted(match).allSatisfy { $0 == "volcano" })
        #expect(!match.highlights.isEmpty)
        #expect(body.contains(core(match)))

        // A filter-only query shows the first words.
        let lead = try #require(try corpus.searcher.search("date:2025-01-01").hits.first).snippet
        #expect(wordCount(lead.text) <= 40)
        #expect(lead.text.hasSuffix("…"))
        #expect(body.hasPrefix(core(lead)))
        #expect(lead.highlights.isEmpty)
    }

    // MARK: - Filter-only snippets

    @Test func filterOnlySnippetIsTheLeadingWords() throws {
        let short = "The volcano slept."
        let corpus = try makeIndex([
            TestArticle("https://a.com/short", "2025-01-01", "Short", short),
            TestArticle("https://a.com/long", "2025-01-02", "Long", Self.words(100).joined(separator: " ")),
        ])
        let hits = try corpus.searcher.search("source:a.com").hits
        let byURL = Dictionary(uniqueKeysWithValues: hits.map { ($0.url, $0.snippet) })
        #expect(byURL["https://a.com/short"]?.text == short)
        let long = try #require(byURL["https://a.com/long"])
        #expect(long.text == Self.words(36).joined(separator: " ") + "…")
    }

    @Test func filterOnlySnippetMarksACutLongWordText() throws {
        // Few, long words: the 600-character cut falls inside a word.
        let ascii = Array(repeating: String(repeating: "a", count: 150), count: 8).joined(separator: " ")
        // Same with decomposed accents: 600 scalars are far fewer than 600 characters.
        let decomposed = Array(repeating: String(repeating: "e\u{0301}", count: 75), count: 8).joined(separator: " ")
        let corpus = try makeIndex([
            TestArticle("https://a.com/ascii", "2025-01-01", "Ascii", ascii),
            TestArticle("https://a.com/decomposed", "2025-01-02", "Decomposed", decomposed),
        ])
        let hits = try corpus.searcher.search("source:a.com").hits
        for hit in hits {
            #expect(hit.snippet.text.hasSuffix("…"), "\(hit.url): a cut snippet must end with …")
            let body = hit.url.hasSuffix("ascii") ? ascii : decomposed
            #expect(body.hasPrefix(core(hit.snippet)), "\(hit.url): the snippet must not split a character")
        }
    }
}

/// The snippet's word scan places plain ASCII words that no query piece can
/// match without analysing them; everything else goes through the analyzer.
@Suite struct SnippetWordScanTests {
    /// Words and stretches that stress where the scanner's words begin and end:
    /// compounds, apostrophes, numbers with separators, accents, CJK, soft
    /// hyphens, punctuation, a word longer than a token, and inflections.
    static let vocabulary = [
        "flood", "floods", "flooded", "Flooding", "FLOODS", "flood-hit", "well-known", "re-flooded", "storm",
        "stormy", "storms'", "don't", "'tis", "U.S.", "1,000", "3.5", "5.", "-5", "(flood)", "\"floods,\"",
        "café", "Straße", "naïve", "東京都庁", "日本", "soft\u{00AD}ware", "co-op", "x", "a", "Zürich-based",
        "rain", "rained", "raining", "rains.", "river", "rivers", "—", "...", "&", "e-mail", "O'Brien",
        "dying", "dies", "skies", "sky", "ies", "'", "-", String(repeating: "f", count: 300), "f00d", "9/11",
        "fl", "flo", "floo", "hyphen-", "-hyphen", "a-b-c-d", "ÉCOLE", "école", "ﬂood", "ﬂoods",
        "vying", "Vie", "tied", "ties", "eing", "oing", "yes", "Yarmouth", "by", "I", "idly", "ugly", "uglier",
    ]
    static let queries = [
        "flood", "floods", "storm rain", "\"flood hit\"", "flo*", "stor*", "=Flooding", "=\"well known\"",
        "river -rain", "café", "東京", "dying", "sky", "x", "1,000", "co-op", "zurich", "ecole", "f*",
        "\"rain river\" OR storm", "dies NEAR(sky rain)", "vie", "tie", "e", "o", "ugli*", "yes", "i",
    ]

    /// A deterministic body of `count` stretches, separated by varied white space.
    static func body(seed: Int, count: Int) -> String {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let spaces = [" ", " ", " ", "  ", "\n", "\r\n", "\t", "\n\n"]
        var text = ""
        for index in 0..<count {
            if index > 0 { text += spaces[Int(next() % UInt64(spaces.count))] }
            text += vocabulary[Int(next() % UInt64(vocabulary.count))]
        }
        return text
    }

    @Test func skippingUnmatchableWordsGivesTheWordsAndSnippetsOfAFullAnalysis() throws {
        let fast = SnippetBuilder()
        let full = SnippetBuilder()
        full.skipsUnmatchableWords = false
        var skippedSome = false
        for (queryIndex, query) in Self.queries.enumerated() {
            let compiled = try QueryCompiler.compile(query)
            let terms = fast.terms(of: compiled.tree)
            for seed in 0..<40 {
                let body = Self.body(seed: queryIndex * 100 + seed, count: 1 + seed * 7)
                let words = fast.words(of: body, terms: terms)
                #expect(words == full.words(of: body, terms: terms), "\(query) on \(body.debugDescription)")
                #expect(fast.snippet(of: body, terms: terms, tokens: 12) == full.snippet(of: body, terms: terms, tokens: 12))
                skippedSome = skippedSome || !words.isEmpty
            }
        }
        #expect(skippedSome)
    }

    @Test func aStretchIsPlainOnlyWhenItHoldsOneASCIIRunTheFilterRulesOut() {
        let analyzer = Analyzer()
        let filter = SnippetBuilder.WordFilter(tokens: [Array("flood".utf8)])
        let text = "  rain, (storm) flood fig well-known café \"x\"\n1,000 ... don't"
        var plain: [String] = []
        var other: [String] = []
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            SnippetBuilder.scanPlainWords(buffer, fold: analyzer.asciiFold, filter: filter,
                                          plainWord: { plain.append(String(decoding: bytes[$0..<$1], as: UTF8.self)) },
                                          other: { other.append(String(decoding: bytes[$0], as: UTF8.self)) })
        }
        #expect(plain == ["rain", "storm", "fig", "x"])
        // Stretches the analyzer reads are handed on together, with the space and punctuation between them.
        #expect(other == ["flood", "well-known café", "1,000 ... don't"])
    }
}

extension SnippetWordScanTests {
    @Test func eightBytesAtATimeFindTheBytesTheFoldTableKeeps() {
        let analyzer = Analyzer()
        for first in 0..<256 {
            for shift in 0..<8 {
                // Each byte value in each lane, among bytes of every kind.
                var bytes: [UInt8] = [0x41, 0x20, 0x7A, 0x30, 0xC3, 0x2D, 0x5F, 0x39]
                bytes[shift] = UInt8(first)
                let packed = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
                let others = ASCIILanes.nonWordBytes(packed)
                for lane in 0..<8 {
                    let isWord = analyzer.asciiFold[Int(bytes[lane])] != 0
                    #expect((others >> (8 * UInt64(lane) + 7)) & 1 == (isWord ? 0 : 1), "byte \(bytes[lane]) in lane \(lane)")
                }
            }
        }
    }
}

/// `SnippetBuilder.WordFilter` leaves a word unanalysed when its first two letters rule out every
/// piece: exact only while stemming keeps those letters as the filter assumes.
@Suite struct SnippetWordFilterTests {
    /// Every way `word` can match a piece built from `stem`: the stem whole, and each of its prefixes (a prefix query).
    static func expectAdmitted(_ word: String, stem: String, fold: UnsafeMutablePointer<UInt8>) {
        let letters = Array(word.utf8).map { fold[Int($0)] }
        guard let first = letters.first else { return }
        let second = letters.count > 1 ? letters[1] : nil
        let stemBytes = Array(stem.utf8)
        for length in stride(from: stemBytes.count, through: 1, by: -1) {
            let admitted = SnippetBuilder.WordFilter(tokens: [Array(stemBytes.prefix(length))]).admits(first, second)
            #expect(admitted, "\(word) (stem \(stem)) ruled out by the piece \(stem.prefix(length))")
        }
    }

    @Test func admitsMadeUpWordsForTheirStems() {
        // Short strings over letters that drive the stemmer's rules (vowels, y, doubled consonants,
        // suffixes), most of them no English word: "eing", "ying", "yied", "aed".
        let pieces = ["a", "e", "i", "o", "u", "y", "s", "d", "l", "t", "n", "g", "b", "ing", "ed", "ies", "ly", "ying", "eed"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        let analyzer = Analyzer()
        let stemmer = EnglishStemmer()
        for _ in 0..<60_000 {
            var word = ""
            let parts = 1 + Int(state % 4)
            for _ in 0..<parts {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                word += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            Self.expectAdmitted(word, stem: stemmer.stem(word), fold: analyzer.asciiFold)
        }
    }

    @Test func rulesOutWordsWhoseFirstTwoLettersNoPieceStartsWith() {
        let filter = SnippetBuilder.WordFilter(tokens: [Array("flood".utf8), Array("tie".utf8), Array("x".utf8)])
        func admits(_ word: String) -> Bool {
            let bytes = Array(word.utf8)
            return filter.admits(bytes[0], bytes.count > 1 ? bytes[1] : nil)
        }
        #expect(admits("floods") && admits("f") && admits("ties") && admits("tying") && admits("ty") && admits("xylophone"))
        #expect(!admits("fig") && !admits("toe") && !admits("rain"))
        #expect(!admits("fjord") && !admits("tuesday"))
    }
}
