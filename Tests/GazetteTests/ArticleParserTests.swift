import Testing
@testable import Gazette

@Test func parsesWellFormedArticle() throws {
    let article = try #require(ingestArticle(ingestSampleHeader + "Headline here\nFirst paragraph.\nSecond paragraph.\n"))
    #expect(article.url == "https://www.example.com/news/1")
    #expect(article.source == "example.com")
    #expect(article.date == Day(year: 2026, month: 2, day: 5))
    #expect(article.title == "Headline here")
    #expect(article.paragraphs == ["First paragraph.", "Second paragraph."])
    #expect(article.body == "First paragraph.\nSecond paragraph.")
    #expect(article.repairs.isEmpty)
}

@Test func acceptsHeaderWithLeadingSpaceAndTrailingSpaces() throws {
    let article = try #require(ingestArticle("   date 2026-02-05 http://a.com/x   \nT\nB\n"))
    #expect(article.url == "http://a.com/x")
    #expect(article.source == "a.com")
}

@Test func acceptsTabsAndRunsOfSpacesBetweenHeaderFields() throws {
    let article = try #require(ingestArticle("date\t2026-02-05 \t   http://a.com/x\t\nTitle\twith tab\nB\n"))
    #expect(article.date == Day(year: 2026, month: 2, day: 5))
    #expect(article.url == "http://a.com/x")
    #expect(article.title == "Title with tab")
}

@Test func acceptsDateKeywordInAnyCase() throws {
    let article = try #require(ingestArticle("DATE: 2026-02-05 http://a.com/x\nT\n"))
    #expect(article.title == "T")
}

@Test func acceptsHeaderWithoutDateKeywordWhenItStartsWithDate() throws {
    let article = try #require(ingestArticle("2026-02-05 http://a.com/x\nT\nB\n"))
    #expect(article.date == Day(year: 2026, month: 2, day: 5))
    #expect(article.repairs.contains { $0.contains("date") })
}

@Test func stripsUTF8ByteOrderMark() throws {
    let article = try #require(ingestArticle([0xEF, 0xBB, 0xBF] + Array((ingestSampleHeader + "Title\nBody\n").utf8)))
    #expect(article.title == "Title")
    #expect(article.source == "example.com")
}

@Test func splitsCRLFLines() throws {
    let article = try #require(ingestArticle(" date 2026-02-05 http://a.com/x\r\nTitle\r\nOne\r\n\r\nTwo\r\n"))
    #expect(article.title == "Title")
    #expect(article.paragraphs == ["One", "Two"])
}

@Test func splitsCROnlyLines() throws {
    let article = try #require(ingestArticle(" date 2026-02-05 http://a.com/x\rTitle\rOne\r\rTwo"))
    #expect(article.title == "Title")
    #expect(article.paragraphs == ["One", "Two"])
}

@Test func keepsDatePartOfTimestampWithoutShifting() throws {
    let late = try #require(ingestArticle("date 2026-02-05T23:30:00-08:00 http://a.com/x\nT\n"))
    #expect(late.date == Day(year: 2026, month: 2, day: 5))
    let utc = try #require(ingestArticle("date 2026-02-05T00:30:00Z http://a.com/x\nT\n"))
    #expect(utc.date == Day(year: 2026, month: 2, day: 5))
    let spaced = try #require(ingestArticle("date 2026-02-05 14:30:00 UTC http://a.com/x\nT\n"))
    #expect(spaced.date == Day(year: 2026, month: 2, day: 5))
    #expect(spaced.url == "http://a.com/x")
}

@Test func skipsBlankLinesBeforeHeader() throws {
    let article = try #require(ingestArticle("\n  \n" + ingestSampleHeader + "T\nB\n"))
    #expect(article.title == "T")
}

@Test func blankSecondLineMeansNoHeadline() throws {
    let article = try #require(ingestArticle(ingestSampleHeader + "\nBody one\n"))
    #expect(article.title == "")
    #expect(article.paragraphs == ["Body one"])
}

@Test func keepsLastLineWithoutNewline() throws {
    let article = try #require(ingestArticle(ingestSampleHeader + "T\nOne\nLast"))
    #expect(article.paragraphs == ["One", "Last"])
}

@Test func acceptsHeadlineOnlyWithoutFinalNewline() throws {
    let article = try #require(ingestArticle(ingestSampleHeader + "Only a headline"))
    #expect(article.title == "Only a headline")
    #expect(article.paragraphs.isEmpty)
    #expect(article.body == "")
}

@Test func rejectsEmptyFile() {
    #expect(ingestRejection([]) == "file is empty")
    #expect(ingestRejection(" \n\r\n  \n") == "file is empty (only whitespace)")
}

@Test func rejectsHeaderOnly() {
    #expect(ingestRejection(ingestSampleHeader) == "no headline or body after the header")
    #expect(ingestRejection(ingestSampleHeader + "  \n\n") == "no headline or body after the header")
}

@Test func rejectsMissingHeader() throws {
    let reason = try #require(ingestRejection("Just a headline\nand a body\n"))
    #expect(reason.hasPrefix("no header"))
    #expect(reason.contains("Just a headline"))
}

@Test func rejectsImpossibleDateWithoutRollingOver() {
    #expect(ingestRejection("date 2026-13-45 http://a.com/x\nT\n") == "impossible date 2026-13-45 in header")
    #expect(ingestRejection("date 2026-02-30 http://a.com/x\nT\n") == "impossible date 2026-02-30 in header")
}

@Test func rejectsZeroDateAsMissing() {
    #expect(ingestRejection("date 0000-00-00 http://a.com/x\nT\n") == "missing date (0000-00-00) in header")
    #expect(ingestRejection("date http://a.com/x\nT\n") == "missing date in header")
}

@Test func rejectsUnreadableDate() throws {
    let reason = try #require(ingestRejection("date yesterday http://a.com/x\nT\n"))
    #expect(reason.hasPrefix("unreadable date"))
}

@Test func rejectsMissingURL() {
    #expect(ingestRejection("date 2026-02-05\nT\nB\n") == "no URL in header")
    #expect(ingestRejection("date 2026-02-05   \nT\nB\n") == "no URL in header")
}

@Test func rejectsURLWithoutHost() throws {
    let reason = try #require(ingestRejection("date 2026-02-05 n/a\nT\nB\n"))
    #expect(reason.hasPrefix("URL has no host"))
    #expect(ingestRejection("date 2026-02-05 file:///tmp/x\nT\n")?.hasPrefix("URL has no host") == true)
}

@Test func rejectsBinaryPNGBytes() throws {
    var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]
    for i in 0..<2000 { png.append(UInt8(truncatingIfNeeded: i &* 7919 >> 3)) }
    let reason = try #require(ingestRejection(png))
    #expect(reason.hasPrefix("looks binary"))
}

@Test func rejectsControlHeavyBytesAsBinary() throws {
    var bytes: [UInt8] = Array("date 2026-02-05 http://a.com/x\n".utf8)
    for i in 0..<4000 { bytes.append(i % 3 == 0 ? 0 : UInt8(truncatingIfNeeded: i)) }
    let reason = try #require(ingestRejection(bytes))
    #expect(reason.hasPrefix("looks binary"))
}

@Test func rejectsFileOverSizeLimitNamingTheLimit() throws {
    let bytes = Array((ingestSampleHeader + "T\n" + String(repeating: "x", count: 3000)).utf8)
    let result = bytes.withUnsafeBytes { ArticleParser.parse($0, maxFileBytes: 2048) }
    #expect(result == .failure(ArticleRejection("file is 3.0 KB, over the 2 KB limit")))
    #expect(ArticleParser.maxFileBytes == 64 * 1024 * 1024)
    #expect(ArticleParser.sizeRejection(size: 73_610_035, limit: 64 << 20).reason
            == "file is 70.2 MB, over the 64 MB limit")
}

@Test func parsesFiveMegabyteSingleLineBodyWhole() throws {
    let line = String(repeating: "word ", count: 1_000_000) + "end"
    let article = try #require(ingestArticle(ingestSampleHeader + "T\n" + line))
    #expect(article.paragraphs.count == 1)
    #expect(article.paragraphs[0] == line)
    #expect(article.paragraphs[0].hasSuffix("word end"))
}

@Test func parsesFortyThousandParagraphs() throws {
    var text = ingestSampleHeader + "T\n"
    for i in 0..<40_000 { text += "Paragraph \(i).\n" }
    let article = try #require(ingestArticle(text))
    #expect(article.paragraphs.count == 40_000)
    #expect(article.paragraphs.last == "Paragraph 39999.")
}

@Test func extractsSourceHost() {
    #expect(ArticleHeader.host(ofURL: "https://www.Example.COM/a") == "example.com")
    #expect(ArticleHeader.host(ofURL: "http://news.example.com:8080/a?b=c") == "news.example.com")
    #expect(ArticleHeader.host(ofURL: "https://user:pw@WWW.example.org/") == "example.org")
    #expect(ArticleHeader.host(ofURL: "example.com/x") == "example.com")
    #expect(ArticleHeader.host(ofURL: "www.example.com") == "example.com")
    #expect(ArticleHeader.host(ofURL: "example.com/redirect?u=http://other.org") == "example.com")
    #expect(ArticleHeader.host(ofURL: "//cdn.example.net/x") == "cdn.example.net")
    #expect(ArticleHeader.host(ofURL: "http://[::1]:80/") == "::1")
    #expect(ArticleHeader.host(ofURL: "n/a") == nil)
    #expect(ArticleHeader.host(ofURL: "http:///path") == nil)
    #expect(ArticleHeader.host(ofURL: "mailto:someone@example.com") == nil)
    #expect(ArticleHeader.host(ofURL: "localhost/x") == nil)
}

@Test func parseFileReportsIOProblems() throws {
    let missing = ArticleParser.parseFile(atPath: "/nonexistent-gazette-dir/a.txt")
    #expect(missing == .failure(ArticleRejection("file vanished before it could be read")))
    let directory = ArticleParser.parseFile(atPath: "/tmp")
    #expect(directory == .failure(ArticleRejection("is a directory, not a file")))
}
