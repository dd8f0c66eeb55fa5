import Foundation
import Gazette
@testable import GazetteServer
import HummingbirdTesting
import Testing

@Suite("HTTP API")
struct APITests {
    @Test func searchReturnsTheSearchJSONObjectWithFacets() async throws {
        let answer = try await withServer { try await get($0, "/api/search?q=levee&facets=1&limit=3") }
        #expect(answer.status == 200)
        #expect(answer.contentType == "application/json; charset=utf-8")
        let json = answer.json
        #expect(json["query"] as? String == "levee")
        #expect((json["total"] as? Int ?? 0) >= 3)
        #expect(json["total_distinct"] is Int)
        let hits = try #require(json["hits"] as? [[String: Any]])
        #expect(hits.count == 3)
        for key in ["rank", "score", "date", "source", "url", "title", "snippet", "highlights", "path", "id",
                    "cluster", "copies", "copy_sources", "wire", "lang"] {
            #expect(hits[0].keys.contains(key), "hit has \(key)")
        }
        let facets = try #require(json["facets"] as? [String: Any])
        #expect(facets["sources"] is [[String: Any]] && facets["dates"] is [[String: Any]] && facets["by"] is String)
        #expect(facets["langs"] is [[String: Any]])
    }

    @Test func langTakesLanguageCodesLikeTheCLI() async throws {
        try await withServer { client in
            let all = try await get(client, "/api/search?q=levee").json
            let total = try #require(all["total"] as? Int)
            #expect(total > 0)
            // The test archive is English: `en` keeps every match, `de` none, `any` is no filter.
            for (uri, expected) in [("/api/search?q=levee&lang=en", total), ("/api/search?q=levee&lang=de", 0),
                                    ("/api/search?q=levee&lang=de&lang=en", total),
                                    ("/api/search?q=levee&lang=any", total), ("/api/count?q=levee&lang=EN", total)] {
                let answer = try await get(client, uri)
                #expect(answer.status == 200, "\(uri)")
                if uri.hasPrefix("/api/search") { #expect(answer.json["total"] as? Int == expected, "\(uri)") }
            }
            let bad = try await get(client, "/api/search?q=levee&lang=german1")
            #expect(bad.status == 400 && bad.errorCode == "invalid_parameter" && bad.text.contains("german1"))
        }
    }

    @Test func searchHonoursFiltersSortAndPaging() async throws {
        try await withServer { client in
            let first = try await get(client, "/api/search?q=levee&sort=newest&all_copies=1&limit=2").json
            let second = try await get(client, "/api/search?q=levee&sort=newest&all_copies=1&limit=2&offset=2").json
            let dates = ((first["hits"] as? [[String: Any]] ?? []) + (second["hits"] as? [[String: Any]] ?? []))
                .compactMap { $0["date"] as? String }
            #expect(dates.count == 4 && dates == dates.sorted(by: >))
            let filtered = try await get(client, "/api/search?q=levee&source=harborgazette.com&all_copies=true&limit=50").json
            let sources = Set((filtered["hits"] as? [[String: Any]] ?? []).compactMap { $0["source"] as? String })
            #expect(sources == ["harborgazette.com"])
        }
    }

    @Test func searchPagesByCursor() async throws {
        try await withServer { client in
            var ids: [Int] = []
            var uri = "/api/search?q=levee&sort=oldest&all_copies=1&limit=2"
            var pages = 0
            while true {
                let json = try await get(client, uri).json
                ids += (json["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                pages += 1
                guard let next = json["next"] as? String else {
                    #expect(json["next"] is NSNull)
                    break
                }
                uri = "/api/search?q=levee&sort=oldest&all_copies=1&limit=2&after=" + next
            }
            let all = try await get(client, "/api/search?q=levee&sort=oldest&all_copies=1&limit=100").json
            #expect(pages >= 2 && ids == (all["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int })

            let garbage = try await get(client, "/api/search?q=levee&after=nonsense")
            #expect(garbage.status == 400 && garbage.errorCode == "invalid_cursor")
            let first = try await get(client, "/api/search?q=levee&limit=1").json
            let cursor = try #require(first["next"] as? String)
            let otherQuery = try await get(client, "/api/search?q=flood&limit=1&after=" + cursor)
            #expect(otherQuery.status == 400 && otherQuery.errorCode == "invalid_cursor")
            let withOffset = try await get(client, "/api/search?q=levee&limit=1&offset=1&after=" + cursor)
            #expect(withOffset.status == 400 && withOffset.errorCode == "invalid_parameter")
        }
    }

    @Test func aQueryErrorIs400WithItsColumn() async throws {
        let answer = try await withServer { try await get($0, "/api/search?q=-peace") }
        #expect(answer.status == 400)
        #expect(answer.errorCode == "query_error")
        #expect(answer.errorColumn == 1)
        #expect(!answer.text.contains("SQLite") && !answer.text.contains("fts"))
    }

    @Test func countReturnsOneColumnPerQuery() async throws {
        let answer = try await withServer { try await get($0, "/api/count?q=levee&q=election&by=year") }
        #expect(answer.status == 200)
        let json = answer.json
        #expect(json["by"] as? String == "year")
        #expect(json["queries"] as? [String] == ["levee", "election"])
        let series = try #require(json["series"] as? [[String: Any]])
        #expect(!series.isEmpty)
        #expect((series[0]["counts"] as? [Int])?.count == 2 && (series[0]["shares"] as? [Double])?.count == 2)
        let six = try await withServer { try await get($0, "/api/count?q=a&q=b&q=c&q=d&q=e&q=f") }
        #expect(six.status == 400 && six.errorCode == "invalid_parameter")
    }

    @Test func statsDescribesTheIndex() async throws {
        let json = try await withServer { try await get($0, "/api/stats") }.json
        #expect((json["articles"] as? Int ?? 0) > 40)
        for key in ["sources", "top_sources", "first_date", "last_date", "index_bytes"] { #expect(json.keys.contains(key)) }
    }

    @Test func copiesListTheClusterByURLOrID() async throws {
        try await withServer { client in
            let search = try await get(client, "/api/search?q=levee+Riverton&limit=1").json
            let hit = try #require((search["hits"] as? [[String: Any]])?.first)
            let id = try #require(hit["id"] as? Int), url = try #require(hit["url"] as? String)
            let byID = try await get(client, "/api/copies?id=\(id)")
            #expect(byID.status == 200)
            #expect((byID.json["members"] as? [[String: Any]])?.count == byID.json["size"] as? Int)
            let byURL = try await get(client, "/api/copies?url=" + HTML.formEncode(url))
            #expect(byURL.json["cluster"] as? Int == byID.json["cluster"] as? Int)
            #expect(try await get(client, "/api/copies?url=https%3A%2F%2Fnowhere.example%2Fx").status == 404)
            #expect(try await get(client, "/api/copies").status == 400)
            #expect(try await get(client, "/api/copies?id=1&url=x").status == 400)
        }
    }

    @Test func anArticleComesWholeAndAMissingOneIs404() async throws {
        try await withServer { client in
            let search = try await get(client, "/api/search?q=levee&limit=1").json
            let id = try #require((search["hits"] as? [[String: Any]])?.first?["id"] as? Int)
            let article = try await get(client, "/api/articles/\(id)")
            #expect(article.status == 200)
            #expect((article.json["paragraphs"] as? [String])?.isEmpty == false)
            for key in ["date", "source", "url", "title", "wire"] { #expect(article.json.keys.contains(key)) }
            let missing = try await get(client, "/api/articles/12345")
            #expect(missing.status == 404 && missing.errorCode == "not_found")
            #expect(try await get(client, "/api/articles/not-a-number").status == 404)
            #expect(try await get(client, "/api/nothing-here").status == 404)
        }
    }

    @Test func aRequestPastItsDeadlineIs503() async throws {
        let answer = try await withServer(deadline: 0.000_000_001) { try await get($0, "/api/search?q=the&facets=1&distinct=1") }
        #expect(answer.status == 503)
        #expect(answer.errorCode == "deadline_exceeded")
    }
}
