import Testing
@testable import Gazette

private func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
    var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    for unit in text.utf16 {
        let hi = UInt8(unit >> 8), lo = UInt8(unit & 0xFF)
        bytes += bigEndian ? [hi, lo] : [lo, hi]
    }
    return bytes
}

private let utf16Sample = " date 2026-02-05 https://www.lemonde.fr/a\r\nCafé à Paris 😀\r\nLe café est très bon.\r\n"

@Test func decodesUTF16LittleEndianWithBOM() throws {
    let article = try #require(ingestArticle(utf16(utf16Sample, bigEndian: false)))
    #expect(article.source == "lemonde.fr")
    #expect(article.title == "Café à Paris 😀")
    #expect(article.paragraphs == ["Le café est très bon."])
    #expect(article.repairs.contains("decoded as UTF-16 LE"))
}

@Test func decodesUTF16BigEndianWithBOM() throws {
    let article = try #require(ingestArticle(utf16(utf16Sample, bigEndian: true)))
    #expect(article.title == "Café à Paris 😀")
    #expect(article.repairs.contains("decoded as UTF-16 BE"))
}

@Test func decodesLatin1AsWindows1252() throws {
    // "café" and "naïve" in ISO-8859-1.
    let bytes = Array("date 2026-02-05 http://a.fr/x\nLe caf".utf8) + [0xE9] + Array(" est na".utf8) + [0xEF]
        + Array("ve\nCorps\n".utf8)
    let article = try #require(ingestArticle(bytes))
    #expect(article.title == "Le café est naïve")
    #expect(article.repairs.contains("decoded as Windows-1252"))
}

@Test func decodesWindows1252SmartQuotesAndEuro() throws {
    let bytes = Array("date 2026-02-05 http://a.com/x\n".utf8) + [0x93] + Array("Quoted".utf8) + [0x94]
        + Array(" costs ".utf8) + [0x80] + Array("5 ".utf8) + [0x96] + Array(" it".utf8) + [0x92] + Array("s ok".utf8)
        + [0x85, 0x0A]
    let article = try #require(ingestArticle(bytes))
    #expect(article.title == "“Quoted” costs €5 – it’s ok…")
}

@Test func decodesLatin1WordAtVeryEndOfFile() throws {
    // A lone é as the last byte of an otherwise ASCII file is 1252, not cut-off UTF-8.
    let bytes = Array("date 2026-02-05 http://a.com/x\nT\ncaf".utf8) + [0xE9]
    let article = try #require(ingestArticle(bytes))
    #expect(article.paragraphs == ["café"])
}

@Test func dropsTruncatedUTF8SequenceAtEnd() throws {
    // "café costs €" with the € (E2 82 AC) cut after two bytes.
    let bytes = Array("date 2026-02-05 http://a.com/x\nT\ncafé costs ".utf8) + [0xE2, 0x82]
    let article = try #require(ingestArticle(bytes))
    #expect(article.paragraphs == ["café costs"])
    #expect(!article.repairs.contains("decoded as Windows-1252"))
    #expect(article.repairs.contains { $0.contains("truncated") })
}

@Test func keepsValidUTF8WhenAFewBytesAreInvalid() throws {
    let bytes = Array("date 2026-02-05 http://a.com/x\nNaïve ".utf8) + [0xE9] + Array("t\n".utf8)
    let article = try #require(ingestArticle(bytes))
    #expect(article.title == "Naïve ét")
    #expect(article.repairs.contains("decoded 1 invalid UTF-8 bytes as Windows-1252"))
}

@Test func removesNULAndKeepsTextAfterIt() throws {
    let bytes = Array("date 2026-02-05 http://a.com/x\nTitle\nBefore ".utf8) + [0] + Array("after NUL\nNext\n".utf8)
    let article = try #require(ingestArticle(bytes))
    #expect(article.paragraphs == ["Before after NUL", "Next"])
    #expect(article.repairs.contains("removed 1 control characters"))
}

@Test func removesControlCharacters() throws {
    let bytes = Array("date 2026-02-05 http://a.com/x\nTi".utf8) + [0x01, 0x1B, 0x7F] + Array("tle\nA".utf8)
        + [0xC2, 0x81] + Array("B\n".utf8)
    let article = try #require(ingestArticle(bytes))
    #expect(article.title == "Title")
    #expect(article.paragraphs == ["AB"])
    #expect(article.repairs.contains("removed 4 control characters"))
}

@Test func mapsC1ControlsToWindows1252Punctuation() throws {
    // U+0093/U+0094: 1252 quotes that went through a Latin-1 decoder upstream.
    let bytes = Array("date 2026-02-05 http://a.com/x\n".utf8) + [0xC2, 0x93] + Array("Hi".utf8) + [0xC2, 0x94, 0x0A]
    let article = try #require(ingestArticle(bytes))
    #expect(article.title == "“Hi”")
}

@Test func turnsTabsIntoSpaces() throws {
    let article = try #require(ingestArticle(ingestSampleHeader + "T\n\tIndented\tand tabbed\n"))
    #expect(article.paragraphs == ["Indented and tabbed"])
}

@Test func leavesCleanUTF8Untouched() throws {
    let article = try #require(ingestArticle(ingestSampleHeader + "Zürich — 東京 😀\nBody\n"))
    #expect(article.title == "Zürich — 東京 😀")
    #expect(article.repairs.isEmpty)
}

@Test func decodesUTF16WithoutBOMWhenUnambiguous() throws {
    let le = Array(utf16(utf16Sample, bigEndian: false).dropFirst(2))
    let article = try #require(ingestArticle(le))
    #expect(article.title == "Café à Paris 😀")
    #expect(article.repairs.contains("decoded as UTF-16 LE (no byte-order mark)"))
    let be = Array(utf16(utf16Sample, bigEndian: true).dropFirst(2))
    #expect(ingestArticle(be)?.title == "Café à Paris 😀")
}
