import Foundation
import Testing

/// `gazette copies`, the copy fields of `search --json`, `--all-copies` and `--distinct`.
@Suite("CLI copies")
struct CopiesCLITests {
    static let levee = "https://thelakesidepost.com/region/calder-river-levee-breach-riverton"

    @Test func copiesListsWhoRanTheStoryEarliestFirst() throws {
        let temp = try CLITests.indexedFixtures()
        let run = try temp.run(["copies", Self.levee, "--db", temp.db, "--json"])
        #expect(run.status == 0, "\(run)")
        let object = try #require(run.json, "\(run)")
        #expect(cliInt(object, "size") == 3 && cliInt(object, "sources") == 3)
        let members = try #require(object["members"] as? [[String: Any]])
        #expect(members.compactMap { $0["date"] as? String } == ["2024-04-03", "2024-04-03", "2024-04-04"])
        #expect(members.first?["source"] as? String == "harborgazette.com")
        #expect(members.allSatisfy { $0["wire"] as? String == "AP" && cliIsNumber($0["similarity"]) })
        #expect(members.first.map { cliIsBool($0["original"]) } == true)
        #expect(cliInt(object, "cluster") == cliInt(members.first, "id"))

        let byID = try temp.run(["copies", String(cliInt(members.first, "id") ?? 0), "--db", temp.db])
        #expect(byID.status == 0 && byID.out.contains("3 articles in 3 sources"), "\(byID)")
        let missing = try temp.run(["copies", "https://nowhere.example/x", "--db", temp.db])
        #expect(missing.status == 1 && missing.err.contains("no article"), "\(missing)")
    }

    @Test func searchCollapsesCopiesAndReportsBothTotals() throws {
        let temp = try CLITests.indexedFixtures()
        let collapsed = try temp.search(["levee", "Riverton"])
        let object = try #require(collapsed.json, "\(collapsed)")
        #expect(cliInt(object, "total") == 4 && cliInt(object, "total_distinct") == 2, "\(collapsed)")
        let hits = cliHits(object)
        #expect(hits.count == 2)
        let wire = try #require(hits.first { cliInt($0, "copies") == 2 }, "\(collapsed)")
        #expect(cliInt(wire, "copy_sources") == 2 && wire["wire"] as? String == "AP")
        #expect(hits.allSatisfy { cliIsInteger($0["cluster"]) })

        let all = try temp.search(["levee", "Riverton", "--all-copies"])
        #expect(cliHits(all.json).count == 4, "\(all)")
        let human = try temp.run(["search", "--db", temp.db, "levee", "Riverton"])
        #expect(human.out.contains("+2 copies in 2 sources") && human.out.contains("4 matches, 2 stories"), "\(human)")
    }

    @Test func facetsAndCountTakeDistinct() throws {
        let temp = try CLITests.indexedFixtures()
        let facets = try temp.search(["levee", "Riverton", "--facets", "--distinct", "--by", "year"])
        let dates = ((facets.json?["facets"] as? [String: Any])?["dates"] as? [[String: Any]]) ?? []
        #expect(dates.map { cliInt($0, "count") } == [2], "\(facets)")

        let articles = try temp.run(["count", "--db", temp.db, "--by", "year", "--json", "Reserve", "Bank"])
        let stories = try temp.run(["count", "--db", temp.db, "--by", "year", "--json", "--distinct", "Reserve", "Bank"])
        func counts(_ run: CLIRun) -> [Int] {
            ((run.json?["series"] as? [[String: Any]]) ?? []).flatMap { ($0["counts"] as? [Int]) ?? [] }
        }
        let plain = counts(articles), distinct = counts(stories)
        #expect(plain.reduce(0, +) - distinct.reduce(0, +) == 2, "\(articles)\n\(stories)")
    }

    @Test func indexValidatesTheThreshold() throws {
        let temp = try CLITempDirectory()
        let bad = try temp.run(["index", CLITests.articles.path, "--db", temp.db, "--copy-threshold", "1.5"])
        #expect(bad.status == 2, "\(bad)")
        try temp.index(CLITests.articles, ["--no-copy-detection"])
        let all = try temp.search(["levee", "Riverton"])
        #expect(cliInt(all.json, "total_distinct") == 4, "\(all)")
    }
}
