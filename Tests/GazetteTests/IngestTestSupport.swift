@testable import Gazette

/// Parses `bytes`, returning the article or nil on rejection.
func ingestArticle(_ bytes: [UInt8]) -> ParsedArticle? {
    try? ArticleParser.parse(bytes).get()
}

func ingestArticle(_ text: String) -> ParsedArticle? {
    ingestArticle(Array(text.utf8))
}

/// The rejection reason for `bytes`, or nil when the file parses.
func ingestRejection(_ bytes: [UInt8]) -> String? {
    if case .failure(let rejection) = ArticleParser.parse(bytes) { return rejection.reason }
    return nil
}

func ingestRejection(_ text: String) -> String? {
    ingestRejection(Array(text.utf8))
}

let ingestSampleHeader = " date 2026-02-05 https://www.example.com/news/1\n"
