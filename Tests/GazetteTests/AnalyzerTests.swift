import Testing
@testable import Gazette

/// The analyzer's tokens, checked directly (no index involved).
@Suite struct AnalyzerTests {
    let analyzer = Analyzer()

    func words(_ text: String, _ purpose: AnalysisPurpose = .document) -> [String] {
        analyzer.tokens(of: text, purpose: purpose).map(\.token)
    }

    @Test func foldsCaseAndStemsEnglish() {
        #expect(words("Elections ELECTED electing") == ["elect", "elect", "elect"])
    }

    @Test func offsetsPointIntoTheOriginalBytes() {
        let text = "Müller’s café"
        let tokens = analyzer.tokens(of: text)
        let bytes = Array(text.utf8)
        #expect(tokens.map(\.token) == ["muller", "cafe"])
        for token in tokens {
            let original = String(decoding: bytes[token.start..<token.end], as: UTF8.self)
            #expect(!original.isEmpty)
        }
        #expect(String(decoding: bytes[tokens[0].start..<tokens[0].end], as: UTF8.self) == "Müller’s")
        #expect(String(decoding: bytes[tokens[1].start..<tokens[1].end], as: UTF8.self) == "café")
    }

    @Test func composedAndDecomposedFormsGiveTheSameToken() {
        #expect(words("M\u{00FC}ller") == words("Mu\u{0308}ller"))
        #expect(words("M\u{00FC}ller") == ["muller"])
    }

    @Test func fullWidthLettersAndDigitsMatchASCII() {
        #expect(words("Ｔｏｋｙｏ ２０２６") == ["tokyo", "2026"])
    }

    @Test func typographicApostrophesActLikeASCII() {
        #expect(words("Russia’s") == words("Russia's"))
        #expect(words("Russia‘s Russiaʼs") == ["russia", "russia"])
        #expect(words("Russia's") == ["russia"])
    }

    @Test func softHyphenIsIgnoredAndNoBreakSpaceSeparates() {
        #expect(words("nego\u{00AD}tiations") == words("negotiations"))
        #expect(words("peace\u{00A0}talks") == ["peac", "talk"])
    }

    @Test func hyphenatedCompoundsIndexPartsAndJoinedForm() {
        let tokens = analyzer.tokens(of: "cease-fire")
        #expect(tokens.map(\.token) == ["ceas", "fire", "ceasefir"])
        #expect(tokens.map(\.colocated) == [false, false, true])
        #expect(tokens[2].start == 0 && tokens[2].end == 10)
        // Queries never add the joined form, so "cease-fire" is a two-word phrase.
        #expect(words("cease-fire", .query) == ["ceas", "fire"])
        #expect(words("ceasefire", .query) == ["ceasefir"])
    }

    @Test func numbersAreTokens() {
        #expect(words("Boeing 737 in 2026, up 4.5% of 1,000") == ["boe", "737", "in", "2026", "up", "4.5", "of", "1000"])
    }

    @Test func shortAndVeryLongTokensAreNotStemmed() {
        #expect(words("is as") == ["is", "as"])
        let long = String(repeating: "abcdefghij", count: 7) + "ing"
        #expect(words(long) == [long])
    }

    @Test func cjkRunsBecomeOverlappingBigrams() {
        #expect(words("北京贸易") == ["北京", "京贸", "贸易"])
        #expect(words("北") == ["北"])
        #expect(words("東京タワー") == ["東京", "京タ", "タワ", "ワー"])
        let tokens = analyzer.tokens(of: "在北京")
        #expect(tokens[1].start == 3 && tokens[1].end == 9)
    }

    @Test func cyrillicAndGreekAreFoldedButNotStemmed() {
        #expect(words("Фёдор ЁЛКА") == ["федор", "елка"])
        #expect(words("ΑΘΗΝΑ Ελλάδα") == ["αθηνα", "ελλαδα"])
    }

    @Test func prefixQueriesLeaveOnlyTheLastTokenUnstemmed() {
        let tokens = analyzer.tokens(of: "running elections", purpose: .queryPrefix)
        #expect(tokens.map(\.token).prefix(2) == ["run", "elections"])
        #expect(tokens.dropFirst(2).allSatisfy { $0.colocated })
    }

    @Test func prefixQueriesAddShorterStemsOfTheirCompletionsAsAlternatives() {
        let tokens = analyzer.tokens(of: "negotia", purpose: .queryPrefix)
        #expect(tokens.first?.token == "negotia")
        #expect(tokens.first?.colocated == false)
        #expect(tokens.contains { $0.token == "negoti" && $0.colocated })
        // A prefix that is already a stem adds nothing shorter than itself.
        #expect(words("bridg", .queryPrefix) == ["bridg"])
    }

    @Test func punctuationAndSymbolsSeparateWords() {
        #expect(words("C++ AT&T B^2 e-mail U.S. 9/11") == ["c", "at", "t", "b", "2", "e", "mail", "email", "u", "s", "9", "11"])
    }

    @Test func malformedUTF8NeverTraps() {
        let bytes: [UInt8] = [0x61, 0x62, 0x63, 0xFF, 0xC3, 0x28, 0xE2, 0x82, 0x64, 0x65, 0x66, 0xF0, 0x9F]
        let tokens = bytes.withUnsafeBytes { raw -> [String] in
            var out: [String] = []
            _ = analyzer.tokenize(raw, purpose: .document) { token, _, _, _ in
                out.append(String(decoding: token, as: UTF8.self))
                return 0
            }
            return out
        }
        #expect(tokens.contains("abc"))
        #expect(tokens.contains("def"))
    }

    @Test func aMegabyteWithoutSpacesIsCutToTheTokenLimit() {
        let tokens = analyzer.tokens(of: String(repeating: "x", count: 1_000_000))
        #expect(tokens.count == 1)
        #expect(tokens[0].token.utf8.count == Analyzer.maxTokenBytes)
        #expect(tokens[0].end == 1_000_000)
    }

    @Test func emitStopsWhenTheCallbackReturnsNonZero() {
        var seen = 0
        let rc = "one two three".utf8CString.withUnsafeBytes { raw in
            analyzer.tokenize(UnsafeRawBufferPointer(rebasing: raw.dropLast()), purpose: .document) { _, _, _, _ in
                seen += 1
                return seen == 2 ? 7 : 0
            }
        }
        #expect(rc == 7)
        #expect(seen == 2)
    }
}
