import Foundation
import Gazette
@testable import GazetteServer
import HummingbirdTesting
import Testing

@Suite("Hostile parameters")
struct HostileParameterTests {
    @Test func aQueryOf20000BytesIsA400QueryErrorNotACrash() async throws {
        let long = String(repeating: "flood ", count: 3_334)
        let answer = try await withServer { try await get($0, "/api/search?q=" + HTML.formEncode(long)) }
        #expect(long.utf8.count >= 20_000)
        #expect(answer.status == 400)
        #expect(answer.errorCode == "query_error")
        #expect(answer.errorColumn != nil)
    }

    @Test func invalidPercentEscapesAre400() async throws {
        try await withServer { client in
            for uri in ["/api/search?q=%FF%FE", "/api/search?q=%C3%28", "/api/search?q=%zz", "/api/search?q=abc%",
                        "/api/search?q%FF=levee", "/api/count?q=%ED%A0%80"] {
                let answer = try await get(client, uri)
                #expect(answer.status == 400, "\(uri)")
                #expect(answer.errorCode == "invalid_parameter", "\(uri)")
            }
            // The page answers the same with an error page, not a crash.
            let page = try await get(client, "/?q=%FF")
            #expect(page.status == 400 && page.contentType.hasPrefix("text/html"))
        }
    }

    @Test func outOfRangeNumbersAre400() async throws {
        try await withServer { client in
            for uri in ["/api/search?q=levee&limit=-1", "/api/search?q=levee&offset=1e99",
                        "/api/search?q=levee&offset=9223372036854775807", "/api/search?q=levee&limit=100000",
                        "/api/search?q=levee&recency=-3", "/api/search?q=levee&recency=nan", "/api/stats?top=-1",
                        "/api/search?q=levee&facets=maybe", "/api/search?q=levee&sort=sideways",
                        "/api/search?q=levee&from=2024-13-45", "/api/search?q=levee&by=fortnight"] {
                let answer = try await get(client, uri)
                #expect(answer.status == 400, "\(uri)")
                #expect(answer.errorCode == "invalid_parameter", "\(uri)")
            }
        }
    }

    @Test func repeatedSingleParametersAndUnknownOnesAre400() async throws {
        try await withServer { client in
            let twice = try await get(client, "/api/search?q=levee&q=flood")
            #expect(twice.status == 400 && twice.text.contains("given 2 times"))
            let limits = try await get(client, "/api/search?q=levee&limit=1&limit=2")
            #expect(limits.status == 400)
            let unknown = try await get(client, "/api/search?q=levee&limt=5")
            #expect(unknown.status == 400 && unknown.text.contains("limt"))
            // Repeatable ones: several sources unite; several count queries give columns.
            let sources = try await get(client, "/api/search?q=levee&source=harborgazette.com&source=valleytribune.org")
            #expect(sources.status == 200)
            let missing = try await get(client, "/api/search")
            #expect(missing.status == 400 && missing.errorCode == "missing_parameter")
        }
    }

    @Test func plusAndPercentTwentyAreSpaces() async throws {
        try await withServer { client in
            let plus = try await get(client, "/api/search?q=levee+Riverton").json
            let escaped = try await get(client, "/api/search?q=levee%20Riverton").json
            #expect(plus["query"] as? String == "levee Riverton")
            #expect(escaped["total"] as? Int == plus["total"] as? Int)
        }
    }

    @Test func errorMessagesEchoAtMost60CharactersOfInput() async throws {
        let answer = try await withServer { try await get($0, "/api/search?q=levee&sort=" + String(repeating: "x", count: 5_000)) }
        #expect(answer.status == 400)
        #expect(answer.text.utf8.count < 400)
    }
}
