import Testing
@testable import Gazette

/// Clean UTF-8 files are parsed from their own bytes, and the scan that finds
/// them clean also stands in for the binary check's count of control bytes.
/// These pin that the shortcut decides exactly as the full checks do.
@Suite("Clean text path")
struct CleanTextPathTests {
    private let body = String(repeating: "Officials said the plan would go ahead. ", count: 40)

    @Test func aCleanFileWithAPDFSignatureIsStillRejectedAsBinary() throws {
        let reason = try #require(ingestRejection("%PDF-1.4\n" + ingestSampleHeader + "T\n" + body))
        #expect(reason == "looks binary (PDF document signature)")
    }

    @Test func controlBytesAfterTheFirstEightKilobytesAreRepairedNotJudgedBinary() throws {
        var bytes = Array((ingestSampleHeader + "Title\n" + String(repeating: "word ", count: 2_000) + "\n").utf8)
        #expect(bytes.count > 8_192)
        bytes += [UInt8](repeating: 0x01, count: 50) + Array(" tail words\n".utf8)
        let article = try #require(ingestArticle(bytes))
        #expect(article.repairs.contains("removed 50 control characters"))
        #expect(article.paragraphs.last?.hasSuffix("tail words") == true)
    }

    @Test func aControlHeavyFileBehindAUTF8ByteOrderMarkIsStillBinary() throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(ingestSampleHeader.utf8)
        for index in 0..<3_000 { bytes.append(index % 3 == 0 ? 0x02 : 0x61) }
        let reason = try #require(ingestRejection(bytes))
        #expect(reason.hasPrefix("looks binary"))
    }

    @Test func aCleanFileParsesTheSameFromItsOwnBytesAsItsRewrittenTwin() throws {
        // The same article twice: clean (parsed in place), and with one stray NUL that sends
        // it through the rewriting decoder, which removes it.
        let text = ingestSampleHeader + "Héadline “quoted”\r\nFirst paragraph.\r\n\r\nSecond — para.\r\n"
        let clean = try #require(ingestArticle(Array(text.utf8)))
        let rewritten = try #require(ingestArticle(Array(text.utf8) + [0]))
        #expect(clean.title == "Héadline “quoted”")
        #expect(clean.paragraphs == ["First paragraph.", "Second — para."])
        #expect(clean.repairs.isEmpty)
        #expect(rewritten.title == clean.title)
        #expect(rewritten.paragraphs == clean.paragraphs)
        #expect(rewritten.repairs == ["removed 1 control characters"])
    }

    @Test func aCleanFileBehindAUTF8ByteOrderMarkLosesTheMarkOnly() throws {
        let text = ingestSampleHeader + "Title\nBody words.\n"
        let article = try #require(ingestArticle([0xEF, 0xBB, 0xBF] + Array(text.utf8)))
        #expect(article.title == "Title")
        #expect(article.paragraphs == ["Body words."])
        #expect(article.repairs.isEmpty)
    }
}
