import Foundation
import Gazette
@testable import GazetteServer
import HummingbirdTesting
import Testing

@Suite("Pages")
struct PageTests {
    @Test func theHomePageHasTheSearchFormAndHelp() async throws {
        let page = try await withServer { try await get($0, "/") }
        #expect(page.status == 200 && page.contentType == "text/html; charset=utf-8")
        #expect(page.text.contains("<meta name=\"viewport\""))
        #expect(page.text.contains("name=\"q\"") && page.text.contains("Query language"))
    }

    @Test func aTitleWithScriptIsEscapedEverywhere() async throws {
        try await withServer { client in
            let results = try await get(client, "/?q=levee+inspection")
            #expect(results.status == 200)
            #expect(results.text.contains("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;"))
            #expect(!results.text.contains("<script>alert"))
            #expect(!results.text.contains("<script>document"))
            let search = try await get(client, "/api/search?q=levee+inspection").json
            let id = try #require((search["hits"] as? [[String: Any]])?.first?["id"] as? Int)
            let article = try await get(client, "/articles/\(id)")
            #expect(article.status == 200)
            #expect(!article.text.contains("<script>alert") && article.text.contains("&lt;script&gt;"))
            // The query is echoed into the form and links, escaped too.
            let echoed = try await get(client, "/?q=" + HTML.formEncode("\"><script>x</script>"))
            #expect(!echoed.text.contains("<script>x"))
        }
    }

    @Test func resultsHaveFacetLinksAHistogramPagingAndCopies() async throws {
        let page = try await withServer { try await get($0, "/?q=levee&limit=2") }
        #expect(page.status == 200)
        #expect(page.text.contains("class=\"sources\"") && page.text.contains("source=harborgazette.com"))
        #expect(page.text.contains("<svg class=\"histogram\"") && page.text.contains("from="))
        #expect(page.text.contains("rel=\"next\"") && page.text.contains("offset=2"))
        #expect(page.text.contains("<mark>"))
        #expect(page.text.contains("copies in"))
    }

    @Test func aQueryErrorShowsTheColumnOnThePage() async throws {
        let page = try await withServer { try await get($0, "/?q=-peace") }
        #expect(page.status == 400)
        #expect(page.text.contains("column 1"))
    }

    @Test func coverageChartsUpToFiveQueriesAndOffersCSV() async throws {
        try await withServer { client in
            let page = try await get(client, "/coverage?q=levee&q=election&by=year&mode=shares")
            #expect(page.status == 200)
            #expect(page.text.contains("<svg class=\"coverage\"") && page.text.contains("<polyline"))
            #expect(page.text.contains("/coverage.csv?"))
            let csv = try await get(client, "/coverage.csv?q=levee&q=election&by=year")
            #expect(csv.status == 200 && csv.contentType.hasPrefix("text/csv"))
            #expect(csv.text.hasPrefix("period,levee,levee share,election,election share\n"))
        }
    }

    @Test func aMissingArticlePageIs404() async throws {
        let page = try await withServer { try await get($0, "/articles/999") }
        #expect(page.status == 404 && page.text.contains("no article"))
    }

    @Test func csvFieldsCannotBecomeFormulas() {
        #expect(CoveragePage.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CoveragePage.csvField("-peace") == "'-peace")
        #expect(CoveragePage.csvField("-3") == "-3")
    }

    @Test func weekBucketsNarrowToTheirSevenDays() {
        #expect(BucketRange.days("2024-W01")?.first == "2024-01-01")
        #expect(BucketRange.days("2020-W53")?.last == "2021-01-03")
        #expect(BucketRange.days("2024-03")?.last == "2024-03-31")
    }
}
