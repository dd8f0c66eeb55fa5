import Foundation
import Testing

/// End-to-end tests of the `gazette` executable: each test runs the built binary
/// in its own temporary directory with its own `--db`, and checks exit codes,
/// stdout/stderr and the JSON contract.
@Suite("CLI end-to-end")
struct CLITests {
    static let articles = cliFixtures.appendingPathComponent("articles")
    static let ferry2023 = "2023/coastalwire/ferry-service-suspended-pier.txt"
    static let ferry2024 = "2024/coastalwire/ferry-service-suspended-pier.txt"

    /// A temp directory with the fixture articles indexed (read in place; nothing writes to them).
    static func indexedFixtures() throws -> CLITempDirectory {
        let temp = try CLITempDirectory()
        try temp.index(articles)
        return temp
    }

    @Test func builtExecutableIsFoundAndRuns() throws {
        #expect(FileManager.default.isExecutableFile(atPath: cliExecutable.path), "\(cliExecutable.path)")
        let temp = try CLITempDirectory()
        let version = try temp.run(["--version"])
        #expect(version.status == 0, "\(version)")
        #expect(!version.out.isEmpty)
        let help = try temp.run(["search", "--help"])
        #expect(help.status == 0, "\(help)")
        #expect(help.out.contains("--batch"))
    }

    // MARK: - index

    @Test func indexingFixturesReportsExactCountsAndTypedJSON() throws {
        let temp = try CLITempDirectory()
        let run = try temp.run(["index", Self.articles.path, "--db", temp.db, "--json"])
        #expect(run.status == 0, "\(run)")
        let summary = try #require(run.json, "\(run)")

        #expect(cliInt(summary, "scanned") == 51)
        #expect(cliInt(summary, "indexed") == 50)
        #expect(cliInt(summary, "updated") == 0)
        #expect(cliInt(summary, "unchanged") == 0)
        #expect(cliInt(summary, "removed") == 0)
        #expect(cliInt(summary, "skipped") == 0)
        #expect(cliInt(summary, "duplicates") == 1)
        #expect((summary["rejected"] as? [Any])?.isEmpty == true)

        for key in ["scanned", "indexed", "updated", "unchanged", "duplicates", "bytes", "removed", "skipped", "peak_rss_bytes"] {
            #expect(cliIsInteger(summary[key]), "\(key) should be a JSON integer: \(String(describing: summary[key]))")
        }
        for key in ["seconds", "docs_per_second"] {
            #expect(cliIsNumber(summary[key]), "\(key) should be a JSON number")
        }
        #expect(summary["rejected"] is [Any])
        #expect(summary["duplicate_files"] is [Any])
        #expect((cliInt(summary, "peak_rss_bytes") ?? 0) > 0)
        #expect(((summary["seconds"] as? NSNumber)?.doubleValue ?? -1) >= 0)

        // Every file was read once: bytes is the total size of the 51 files.
        let sizes = try FileManager.default.subpathsOfDirectory(atPath: Self.articles.path)
            .filter { $0.hasSuffix(".txt") }
            .map { try FileManager.default.attributesOfItem(atPath: Self.articles.appendingPathComponent($0).path)[.size] as? Int ?? 0 }
        #expect(cliInt(summary, "bytes") == sizes.reduce(0, +))

        // The duplicate names both ferry files: the older one lost to the later-dated one.
        let duplicates = try #require(summary["duplicate_files"] as? [[String: Any]])
        #expect(duplicates.count == 1)
        let duplicate = try #require(duplicates.first)
        #expect((duplicate["path"] as? String)?.hasSuffix(Self.ferry2023) == true, "\(duplicate)")
        #expect((duplicate["kept"] as? String)?.hasSuffix(Self.ferry2024) == true, "\(duplicate)")
        #expect(duplicate["url"] as? String == "https://coastalwire.com/local/ferry-service-suspended-after-pier-damage")
        // ... and stderr says so too.
        #expect(run.err.contains(Self.ferry2023) && run.err.contains(Self.ferry2024), "\(run)")
    }

    @Test func indexWithoutJSONPrintsSummaryOnStderrOnly() throws {
        let temp = try CLITempDirectory()
        let run = try temp.run(["index", Self.articles.path, "--db", temp.db])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.isEmpty, "\(run)")
        #expect(run.err.contains("51 files"), "\(run)")
        #expect(run.err.contains("50 indexed"), "\(run)")
        #expect(!run.stderr.contains(0x1B), "no escape bytes when stderr is a pipe")
    }

    @Test func reindexingAnUnchangedTreeChangesNothing() throws {
        let temp = try CLITempDirectory()
        let articles = try temp.copyFixtures("articles")
        try temp.index(articles)
        let again = try temp.index(articles)
        #expect(cliInt(again, "scanned") == 51)
        #expect(cliInt(again, "unchanged") == 51, "50 articles + the duplicate file: \(again)")
        #expect(cliInt(again, "indexed") == 0)
        #expect(cliInt(again, "updated") == 0)
        #expect(cliInt(again, "removed") == 0)
        #expect(cliInt(again, "bytes") == 0, "unchanged files are not read")
        #expect(try statsArticles(temp) == 50)
    }

    @Test func touchedFileWithSameContentIsNotAnUpdate() throws {
        let temp = try CLITempDirectory()
        let articles = try temp.copyFixtures("articles")
        try temp.index(articles)
        let file = articles.appendingPathComponent("2022/valleytribune/calder-river-floods-lowland-homes.txt")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(3600)], ofItemAtPath: file.path)
        let again = try temp.index(articles)
        #expect(cliInt(again, "updated") == 0, "\(again)")
        #expect(cliInt(again, "indexed") == 0, "\(again)")
        #expect(cliInt(again, "unchanged") == 51, "\(again)")
        #expect(try statsArticles(temp) == 50)
    }

    @Test func modifiedFileIsUpdatedAndItsNewTextSearchable() throws {
        let temp = try CLITempDirectory()
        let articles = try temp.copyFixtures("articles")
        try temp.index(articles)
        #expect(try temp.search(["quokkaflume"]).status == 1)

        let file = articles.appendingPathComponent("2022/valleytribune/calder-river-floods-lowland-homes.txt")
        var text = try String(contentsOf: file, encoding: .utf8)
        if !text.hasSuffix("\n") { text += "\n" }
        text += "Volunteers named the new pump the quokkaflume.\n"
        try text.write(to: file, atomically: false, encoding: .utf8)

        let again = try temp.index(articles)
        #expect(cliInt(again, "updated") == 1, "\(again)")
        #expect(cliInt(again, "indexed") == 0, "\(again)")
        #expect(cliInt(again, "unchanged") == 50, "\(again)")
        #expect(try statsArticles(temp) == 50)

        let found = try temp.search(["quokkaflume"])
        #expect(found.status == 0, "\(found)")
        #expect(cliInt(found.json, "total") == 1)
        #expect((cliHits(found.json).first?["path"] as? String) == file.path)
    }

    @Test func deletedFileIsRemovedUnlessKeepMissing() throws {
        let temp = try CLITempDirectory()
        let articles = try temp.copyFixtures("articles")
        try temp.index(articles)
        let file = articles.appendingPathComponent("2023/valleytribune/flood-insurance-claims-denied.txt")
        try FileManager.default.removeItem(at: file)

        let kept = try temp.index(articles, ["--keep-missing"])
        #expect(cliInt(kept, "scanned") == 50)
        #expect(cliInt(kept, "removed") == 0, "\(kept)")
        #expect(try statsArticles(temp) == 50)
        #expect(try temp.search(["title:insurance"]).status == 0, "--keep-missing keeps the article searchable")

        let removed = try temp.index(articles)
        #expect(cliInt(removed, "removed") == 1, "\(removed)")
        #expect(cliInt(removed, "indexed") == 0)
        #expect(try statsArticles(temp) == 49)
        let gone = try temp.search(["title:insurance"])
        #expect(gone.status == 1, "\(gone)")
    }

    @Test func deletingTheKeptDuplicatePromotesTheOtherFile() throws {
        let temp = try CLITempDirectory()
        let articles = try temp.copyFixtures("articles")
        try temp.index(articles)
        try FileManager.default.removeItem(at: articles.appendingPathComponent(Self.ferry2024))
        let summary = try temp.index(articles)
        #expect(cliInt(summary, "removed") == 1, "\(summary)")
        #expect(try statsArticles(temp) == 50, "the 2023 copy takes the URL over")
        let found = try temp.search(["ferry", "pier"])
        let paths = cliHits(found.json).compactMap { $0["path"] as? String }
        #expect(paths.contains { $0.hasSuffix(Self.ferry2023) }, "\(found)")
        #expect(!paths.contains { $0.hasSuffix(Self.ferry2024) }, "\(found)")
    }

    // MARK: - malformed fixtures

    struct Expectation {
        let file: String
        let outcome: String
        let detail: String

        /// `key=value` fields of the detail column (`title=...; date=...; source=...`).
        func field(_ key: String) -> String? {
            for part in detail.components(separatedBy: "; ") where part.hasPrefix(key + "=") {
                return String(part.dropFirst(key.count + 1))
            }
            return nil
        }
    }

    static func malformedExpectations() throws -> [Expectation] {
        let table = try String(contentsOf: cliFixtures.appendingPathComponent("malformed/EXPECTED.tsv"), encoding: .utf8)
        return table.split(separator: "\n").compactMap { line in
            let columns = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 3 else { return nil }
            return Expectation(file: columns[0], outcome: columns[1], detail: columns[2])
        }
    }

    @Test func malformedFixturesMatchExpectedTable() throws {
        let expectations = try Self.malformedExpectations()
        let byOutcome = Dictionary(grouping: expectations, by: \.outcome)
        #expect(byOutcome["indexed"]?.count == 17)
        #expect(byOutcome["rejected"]?.count == 8)
        #expect(byOutcome["skipped"]?.count == 3)
        // The table covers every file of the folder.
        let present = try FileManager.default.contentsOfDirectory(atPath: cliFixtures.appendingPathComponent("malformed").path)
        #expect(Set(present) == Set(expectations.map(\.file)))

        let temp = try CLITempDirectory()
        let folder = try temp.copyFixtures("malformed")
        let run = try temp.run(["index", folder.path, "--db", temp.db, "--json"])
        #expect(run.status == 0, "rejections are not fatal without --strict: \(run)")
        let summary = try #require(run.json, "\(run)")
        #expect(cliInt(summary, "scanned") == 25)
        #expect(cliInt(summary, "indexed") == 17)
        #expect(cliInt(summary, "skipped") == 3)

        let rejected = try #require(summary["rejected"] as? [[String: Any]])
        var reasons: [String: String] = [:]
        for entry in rejected {
            guard let path = entry["path"] as? String else { continue }
            reasons[URL(fileURLWithPath: path).lastPathComponent] = entry["reason"] as? String ?? ""
        }
        #expect(rejected.count == 8)
        for expectation in byOutcome["rejected"] ?? [] {
            let reason = reasons[expectation.file]
            #expect(reason != nil, "\(expectation.file) should be rejected (\(expectation.detail))")
            #expect(reason.map { !$0.isEmpty } ?? true, "\(expectation.file) needs a reason")
            #expect(run.err.contains(expectation.file), "stderr lists rejected \(expectation.file)")
        }

        // Every indexed file is searchable: list all articles of the source and compare title, date and source.
        let all = try temp.search(["--limit", "100", "--all-copies", "source:example-news.com"])
        #expect(all.status == 0, "\(all)")
        var hits: [String: [String: Any]] = [:]
        for hit in cliHits(all.json) {
            if let path = hit["path"] as? String { hits[URL(fileURLWithPath: path).lastPathComponent] = hit }
        }
        for expectation in byOutcome["indexed"] ?? [] {
            guard let hit = hits[expectation.file] else {
                Issue.record("\(expectation.file) should be indexed and searchable (\(expectation.detail))")
                continue
            }
            #expect(hit["title"] as? String == expectation.field("title"), "\(expectation.file)")
            if let date = expectation.field("date") {
                #expect(hit["date"] as? String == String(date.prefix(10)), "\(expectation.file)")
            }
            if let source = expectation.field("source") {
                #expect(hit["source"] as? String == String(source.prefix { $0 != " " }), "\(expectation.file)")
            }
            if let url = expectation.field("url") {
                #expect(hit["url"] as? String == String(url.prefix { $0 != " " }), "\(expectation.file)")
            }
        }
        for expectation in expectations where expectation.outcome != "indexed" {
            #expect(hits[expectation.file] == nil, "\(expectation.file) must not be indexed")
        }

        // The repairs the table describes keep the text searchable (and drop what it says is dropped).
        let searchable: [(query: String, file: String?)] = [
            ("\"planners will publish route options in June\"", "nul-bytes.txt"),
            ("regional ferry \"Port Ashby\"", "control-chars.txt"),
            ("\"water fountain\"", "no-final-newline.txt"),
            ("\"will cost 2\"", "truncated-utf8.txt"),
            ("AT&T title:telecom", "html-leftovers.txt"),
            ("café title:telecom", "html-leftovers.txt"),
            ("SRD", "html-leftovers.txt"),
            ("\"var x\"", nil),
            ("naive murals", "latin1.txt"),
            ("euro loaf", "cp1252.txt"),
        ]
        for (query, file) in searchable {
            let result = try temp.search(["--limit", "100", query])
            let files = cliHits(result.json).compactMap { ($0["path"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } }
            if let file {
                #expect(files == [file], "\(query): \(result)")
            } else {
                #expect(result.status == 1 && files.isEmpty, "\(query) should find nothing: \(result)")
            }
        }
    }

    @Test func strictIndexingExitsThreeWhenFilesAreRejected() throws {
        let temp = try CLITempDirectory()
        let folder = try temp.copyFixtures("malformed")
        let run = try temp.run(["index", folder.path, "--db", temp.db, "--strict", "--json"])
        #expect(run.status == 3, "\(run)")
        #expect(cliInt(run.json, "indexed") == 17, "the good files are still indexed: \(run)")
        #expect(run.err.contains("empty.txt"))

        let clean = try CLITempDirectory()
        let ok = try clean.run(["index", Self.articles.path, "--db", clean.db, "--strict"])
        #expect(ok.status == 0, "--strict without rejections exits 0: \(ok)")
    }

    // MARK: - search: JSON shape and order

    @Test func searchJSONHasEveryDocumentedKey() throws {
        let temp = try Self.indexedFixtures()
        let run = try temp.search(["flood"])
        #expect(run.status == 0, "\(run)")
        let result = try #require(run.json, "\(run)")
        #expect(result["query"] as? String == "flood")
        #expect(cliInt(result, "total") == 8)
        #expect(cliInt(result, "total_distinct") == 6, "the three AP copies are one story")
        #expect(result["facets"] == nil, "facets only with --facets")
        let hits = cliHits(result)
        #expect(hits.count == 6, "copies collapsed by default")
        for (position, hit) in hits.enumerated() {
            #expect(cliInt(hit, "rank") == position + 1)
            #expect(cliIsNumber(hit["score"]))
            #expect(cliIsInteger(hit["id"]))
            #expect(cliIsInteger(hit["cluster"]) && cliIsInteger(hit["copies"]) && cliIsInteger(hit["copy_sources"]))
            #expect(hit["wire"] is NSNull || cliIsString(hit["wire"]), "wire is a string or null: \(hit)")
            for key in ["date", "source", "url", "title", "snippet", "path"] {
                #expect(cliIsString(hit[key]), "hit key \(key) should be a string: \(hit)")
            }
            let date = hit["date"] as? String ?? ""
            #expect(date.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil, "\(date)")
            #expect((hit["url"] as? String)?.hasPrefix("https://") == true)
            #expect((hit["path"] as? String).map { FileManager.default.fileExists(atPath: $0) } == true)
            let highlights = try #require(hit["highlights"] as? [[Any]], "highlights: \(hit)")
            let snippet = hit["snippet"] as? String ?? ""
            for pair in highlights {
                #expect(pair.count == 2)
                let bounds = pair.compactMap { ($0 as? NSNumber)?.intValue }
                #expect(bounds.count == 2 && bounds[0] < bounds[1] && bounds[1] <= snippet.unicodeScalars.count,
                        "highlight \(pair) outside snippet of \(snippet.unicodeScalars.count) scalars")
            }
        }
        #expect(hits.contains { !(($0["highlights"] as? [Any])?.isEmpty ?? true) }, "some snippet highlights flood")
    }

    @Test func limitAndOffsetPageThroughTheSameRanking() throws {
        let temp = try Self.indexedFixtures()
        let full = cliHits(try temp.search(["--limit", "100", "--all-copies", "flood"]).json)
        #expect(full.count == 8)
        let page = try temp.search(["--limit", "2", "--offset", "1", "flood"])
        #expect(page.status == 0, "\(page)")
        #expect(cliInt(page.json, "total") == 8, "total counts all matches, not the page")
        let hits = cliHits(page.json)
        #expect(hits.compactMap { cliInt($0, "rank") } == [2, 3])
        #expect(hits.compactMap { cliInt($0, "id") } == full[1...2].compactMap { cliInt($0, "id") })

        let beyond = try temp.search(["--limit", "5", "--offset", "100", "flood"])
        #expect(cliHits(beyond.json).isEmpty)
        #expect(cliInt(beyond.json, "total") == 8)
    }

    @Test func theLargestOffsetAndLimitAreAnEmptyPageOrEveryHitNotATrap() throws {
        let temp = try Self.indexedFixtures()
        let largest = String(Int.max)
        // offset + limit (and the collapsing window, four times that) once overflowed and trapped.
        for extra in [[], ["--all-copies"], ["--sort", "newest"], ["--facets"], ["--expand"], ["--expand", "--all-copies"]] {
            let deep = try temp.search(extra + ["--offset", largest, "flood"])
            #expect(deep.status == 0, "\(deep)")
            #expect(cliHits(deep.json).isEmpty, "\(deep)")
            #expect(cliInt(deep.json, "total") == 8, "\(deep)")
            let all = try temp.search(extra + ["--limit", largest, "--offset", "1", "flood"])
            #expect(all.status == 0, "\(all)")
            #expect(cliHits(all.json).compactMap { cliInt($0, "rank") }.first == 2, "\(all)")
        }
        let human = try temp.run(["search", "--db", temp.db, "--offset", largest, "--limit", largest, "flood"])
        #expect(human.status == 0, "\(human)")
        #expect(human.out.hasPrefix("8 matches"), "\(human)")
        // `similar` adds the article's own copies to its window: that sum saturates too.
        let url = try #require(cliHits(try temp.search(["flood"]).json).first?["url"] as? String)
        let similar = try temp.run(["similar", url, "--db", temp.db, "--json", "--limit", largest])
        #expect([0, 1].contains(similar.status) && similar.json != nil, "\(similar)")
    }

    @Test func sortNewestAndOldestOrderByDate() throws {
        let temp = try Self.indexedFixtures()
        let newest = cliHits(try temp.search(["--limit", "100", "--all-copies", "--sort", "newest", "a*"]).json).compactMap { $0["date"] as? String }
        let oldest = cliHits(try temp.search(["--limit", "100", "--all-copies", "--sort", "oldest", "a*"]).json).compactMap { $0["date"] as? String }
        #expect(newest.count == 50)
        #expect(oldest.count == 50)
        #expect(zip(newest, newest.dropFirst()).allSatisfy { $0 >= $1 }, "\(newest)")
        #expect(zip(oldest, oldest.dropFirst()).allSatisfy { $0 <= $1 }, "\(oldest)")
        let floodNewest = cliHits(try temp.search(["--all-copies", "--sort", "newest", "flood"]).json).compactMap { $0["date"] as? String }
        #expect(floodNewest.count == 8)
        #expect(floodNewest == floodNewest.sorted(by: >))

        let bad = try temp.search(["--sort", "random", "flood"])
        #expect(bad.status == 2, "\(bad)")
    }

    @Test func fromAndToRestrictDates() throws {
        let temp = try Self.indexedFixtures()
        let run = try temp.search(["--limit", "100", "--all-copies", "--from", "2024", "--to", "2024", "a*"])
        #expect(run.status == 0, "\(run)")
        let dates = cliHits(run.json).compactMap { $0["date"] as? String }
        #expect(cliInt(run.json, "total") == 15, "MANIFEST: 15 articles dated 2024")
        #expect(dates.count == 15)
        #expect(dates.allSatisfy { $0.hasPrefix("2024-") }, "\(dates)")

        let month = try temp.search(["--limit", "100", "--from", "2024-04", "--to", "2024-04-30", "flood"])
        let monthDates = cliHits(month.json).compactMap { $0["date"] as? String }
        #expect(!monthDates.isEmpty)
        #expect(monthDates.allSatisfy { $0.hasPrefix("2024-04-") }, "\(monthDates)")
    }

    @Test func sourceOptionRestrictsHostsIgnoringWWW() throws {
        let temp = try Self.indexedFixtures()
        let run = try temp.search(["--limit", "100", "--source", "www.harborgazette.com", "a*"])
        #expect(run.status == 0, "\(run)")
        let sources = cliHits(run.json).compactMap { $0["source"] as? String }
        #expect(cliInt(run.json, "total") == 8, "MANIFEST: harborgazette.com has 8 articles")
        #expect(sources.count == 8)
        #expect(sources.allSatisfy { $0 == "harborgazette.com" }, "\(sources)")

        let two = try temp.search(["--limit", "100", "--source", "harborgazette.com", "--source", "coastalwire.com", "a*"])
        let twoSources = Set(cliHits(two.json).compactMap { $0["source"] as? String })
        #expect(twoSources == ["harborgazette.com", "coastalwire.com"])
        #expect(cliInt(two.json, "total") == 14)
    }

    @Test func titleMatchesRankAboveBodyOnlyMatches() throws {
        let temp = try Self.indexedFixtures()
        let hits = cliHits(try temp.search(["--limit", "100", "--all-copies", "flood"]).json)
        let inTitle = hits.map { ($0["title"] as? String ?? "").lowercased().contains("flood") }
        #expect(inTitle.filter { $0 }.count == 3, "MANIFEST: flood in 3 headlines")
        #expect(hits.count == 8, "MANIFEST: 3 in headline + 5 body only")
        // Every title match comes before every body-only match.
        if let firstBodyOnly = inTitle.firstIndex(of: false) {
            #expect(!inTitle[firstBodyOnly...].contains(true),
                    "title matches must rank first: \(hits.map { $0["title"] as? String ?? "" })")
        }
    }

    // MARK: - exit codes and hostile input

    @Test func noHitsExitsOneAndSaysZeroMatches() throws {
        let temp = try Self.indexedFixtures()
        let human = try temp.run(["search", "--db", temp.db, "zzyzxquark"])
        #expect(human.status == 1, "\(human)")
        #expect(human.out.hasPrefix("0 matches"), "\(human)")
        let json = try temp.search(["zzyzxquark"])
        #expect(json.status == 1)
        #expect(cliInt(json.json, "total") == 0)
        #expect(cliHits(json.json).isEmpty)
    }

    static let hostileQueries = [
        "NOT \"guilty", "C++", "author:smith", "A*", "(", ")", "\"", "-", "AND", "NEAR(", "title:", "*", "^", ":",
        "!@#$%^&*()_+{}|:\"<>?", "OR", "NOT", "a OR", "a NEAR/", "NEAR(a b, -3)", "\"unterminated phrase", "((((a",
        "a)))", "title:\"", "source:", "date:", "after:2024-99", "* OR *", "'; DROP TABLE articles; --", "\\", "",
        "a\u{7}b", "x:y:z", "body: title:", "-(a OR b)", "北京*", "\"\"",
    ]

    @Test func hostileQueriesNeverFailAsInternalErrors() throws {
        let temp = try Self.indexedFixtures()
        for query in Self.hostileQueries {
            for arguments in [["search", "--db", temp.db, query], ["search", "--db", temp.db, "--json", query]] {
                let run = try temp.run(arguments)
                #expect(!run.timedOut, "\(run)")
                #expect([0, 1, 2].contains(run.status), "\(run)")
                for text in [run.err, run.out] {
                    #expect(!text.contains("SQLite") && !text.contains("sqlite3") && !text.contains("SQL logic error")
                            && !text.lowercased().contains("fts5: syntax error"), "\(run)")
                }
                if run.status == 2 { #expect(!run.err.isEmpty, "a query error explains itself: \(run)") }
                if run.status != 2 && arguments.contains("--json") { #expect(run.json != nil, "\(run)") }
            }
        }
    }

    @Test func exclusionOnlyQueryIsAUsageErrorNamingTheColumn() throws {
        let temp = try Self.indexedFixtures()
        let run = try temp.run(["search", "--db", temp.db, "-war"])
        #expect(run.status == 2, "\(run)")
        #expect(run.err.contains("column"), "\(run)")
        #expect(run.stdout.isEmpty)
    }

    @Test func exclusionPassedAsSeparateArgumentExcludes() throws {
        let temp = try Self.indexedFixtures()
        let war = cliHits(try temp.search(["--limit", "100", "war"]).json).compactMap { cliInt($0, "id") }
        let warPeace = cliHits(try temp.search(["--limit", "100", "war", "peace"]).json).compactMap { cliInt($0, "id") }
        let run = try temp.search(["--limit", "100", "war", "-peace"])
        #expect(run.status == 0, "\(run)")
        #expect(run.json?["query"] as? String == "war -peace")
        let excluded = cliHits(run.json).compactMap { cliInt($0, "id") }
        #expect(!warPeace.isEmpty, "fixture sanity: some war article mentions peace")
        #expect(Set(excluded) == Set(war).subtracting(warPeace))
        #expect(!excluded.isEmpty)
    }

    @Test func invalidDateOptionIsAUsageError() throws {
        let temp = try Self.indexedFixtures()
        for arguments in [["--from", "2024-13"], ["--to", "2024-02-30"], ["--from", "yesterday"]] {
            let run = try temp.run(["search", "--db", temp.db] + arguments + ["flood"])
            #expect(run.status == 2, "\(run)")
            #expect(run.err.contains(arguments[0]), "the message names the option: \(run)")
        }
        let badBy = try temp.run(["search", "--db", temp.db, "--facets", "--by", "decade", "flood"])
        #expect(badBy.status == 2, "\(badBy)")
        let negative = try temp.run(["search", "--db", temp.db, "--limit", "-1", "flood"])
        #expect(negative.status == 2, "\(negative)")
    }

    @Test func searchOrStatsOnMissingIndexExitsThreeNamingThePath() throws {
        let temp = try CLITempDirectory()
        let missing = temp.path("nowhere/missing.db").path
        let search = try temp.run(["search", "--db", missing, "flood"])
        #expect(search.status == 3, "\(search)")
        #expect(search.err.contains(missing), "\(search)")
        let stats = try temp.run(["stats", "--db", missing])
        #expect(stats.status == 3, "\(stats)")
        #expect(stats.err.contains(missing), "\(stats)")
        #expect(!FileManager.default.fileExists(atPath: missing), "reading must not create an index")
    }

    @Test func searchOnANonIndexFileExitsThreeWithoutSQLiteText() throws {
        let temp = try CLITempDirectory()
        let bogus = temp.path("bogus.db")
        try Data("this is not a database, just text\n".utf8).write(to: bogus)
        let run = try temp.run(["search", "--db", bogus.path, "flood"])
        #expect(run.status == 3, "\(run)")
        #expect(run.err.contains(bogus.path), "\(run)")
        // A friendly sentence may say "not an SQLite database"; raw SQLite messages must not leak.
        #expect(!run.err.contains("sqlite3") && !run.err.contains("file is not a database")
                && !run.err.contains("SQLite code"), "\(run)")
    }

    @Test func indexingAMissingDirectoryExitsThreeNamingIt() throws {
        let temp = try CLITempDirectory()
        let missing = temp.path("no-such-folder").path
        let run = try temp.run(["index", missing, "--db", temp.db, "--json"])
        #expect(run.status == 3, "\(run)")
        #expect(run.err.contains(missing), "\(run)")
    }

    @Test func usageErrorsExitTwo() throws {
        let temp = try Self.indexedFixtures()
        #expect(try temp.run(["search", "--db", temp.db]).status == 2, "no query")
        #expect(try temp.run(["index", "--db", temp.db]).status == 2, "no directory")
        #expect(try temp.run(["frobnicate"]).status == 2, "unknown command")
        #expect(try temp.run(["stats", "--db", temp.db, "--bogus"]).status == 2, "unknown option")
        let badLanguage = try temp.run(["bench", temp.path("no-such-folder").path, "--lang", "english"])
        #expect(badLanguage.status == 2, "\(badLanguage)")
        #expect(badLanguage.err.contains("--lang"), "\(badLanguage)")
    }

    // MARK: - batch

    @Test func batchFileAnswersEachLineWithItsId() throws {
        let temp = try Self.indexedFixtures()
        let file = temp.path("queries.txt")
        try Data("myid\tflood\nceasefire\n-x\n".utf8).write(to: file)
        let run = try temp.run(["search", "--db", temp.db, "--batch", file.path])
        try checkBatch(run)
    }

    @Test func batchFromStandardInput() throws {
        let temp = try Self.indexedFixtures()
        let run = try temp.run(["search", "--db", temp.db, "--batch", "-"], stdin: Data("myid\tflood\nceasefire\n-x\n".utf8))
        try checkBatch(run)
    }

    private func checkBatch(_ run: CLIRun) throws {
        #expect(run.status == 0, "\(run)")
        let lines = run.out.split(separator: "\n")
        #expect(lines.count == 3, "one JSON object per line: \(run)")
        let objects = run.jsonLines
        #expect(objects.count == 3, "\(run)")
        guard objects.count == 3 else { return }
        #expect(objects.map { $0["id"] as? String } == ["myid", "2", "3"])
        #expect(objects[0]["query"] as? String == "flood")
        #expect(cliInt(objects[0], "total") == 8)
        #expect(objects[1]["query"] as? String == "ceasefire")
        #expect((cliInt(objects[1], "total") ?? 0) > 0)
        #expect(!cliHits(objects[1]).isEmpty)
        #expect(objects[2]["query"] as? String == "-x")
        #expect((objects[2]["error"] as? String)?.isEmpty == false, "the bad query carries its error: \(objects[2])")
        #expect(objects[2]["hits"] == nil)
    }

    // MARK: - facets

    @Test func facetCountsAddUpToTotal() throws {
        let temp = try Self.indexedFixtures()
        for query in ["flood", "a*", "river"] {
            let run = try temp.search(["--facets", "--facet-limit", "20", "--limit", "0", query])
            let result = try #require(run.json, "\(run)")
            let total = try #require(cliInt(result, "total"))
            let facets = try #require(result["facets"] as? [String: Any], "\(run)")
            let sources = try #require(facets["sources"] as? [[String: Any]])
            let dates = try #require(facets["dates"] as? [[String: Any]])
            #expect(sources.compactMap { cliInt($0, "count") }.reduce(0, +) == total, "\(query): \(sources)")
            #expect(dates.compactMap { cliInt($0, "count") }.reduce(0, +) == total, "\(query): \(dates)")
            #expect(sources.allSatisfy { cliIsString($0["value"]) })
            let counts = sources.compactMap { cliInt($0, "count") }
            #expect(counts == counts.sorted(by: >), "sources by count, descending")
            #expect(["day", "week", "month", "year"].contains(facets["by"] as? String ?? ""))
            #expect(cliHits(result).isEmpty, "--limit 0 shows no hits but still counts")
        }
        let limited = try temp.search(["--facets", "--facet-limit", "2", "a*"])
        let sources = (limited.json?["facets"] as? [String: Any])?["sources"] as? [[String: Any]]
        #expect(sources?.count == 2)
    }

    @Test func facetsByYearUseYearLabels() throws {
        let temp = try Self.indexedFixtures()
        let run = try temp.search(["--facets", "--by", "year", "a*"])
        let facets = try #require(run.json?["facets"] as? [String: Any], "\(run)")
        #expect(facets["by"] as? String == "year")
        let dates = try #require(facets["dates"] as? [[String: Any]])
        #expect(dates.compactMap { $0["value"] as? String } == ["2022", "2023", "2024", "2025"])
        #expect(dates.compactMap { cliInt($0, "count") } == [12, 12, 15, 11], "MANIFEST years (2023 minus the duplicate)")

        let month = try temp.search(["--facets", "--by", "month", "flood"])
        let labels = ((month.json?["facets"] as? [String: Any])?["dates"] as? [[String: Any]])?.compactMap { $0["value"] as? String } ?? []
        #expect(!labels.isEmpty)
        #expect(labels.allSatisfy { $0.range(of: #"^\d{4}-\d{2}$"#, options: .regularExpression) != nil }, "\(labels)")
    }

    // MARK: - stats and analyze

    @Test func statsJSONDescribesTheFixtures() throws {
        let temp = try Self.indexedFixtures()
        let run = try temp.run(["stats", "--db", temp.db, "--json"])
        #expect(run.status == 0, "\(run)")
        let stats = try #require(run.json, "\(run)")
        #expect(cliInt(stats, "articles") == 50)
        #expect(cliInt(stats, "sources") == 8)
        #expect((stats["first_date"] as? String)?.hasPrefix("2022-") == true)
        #expect((stats["last_date"] as? String)?.hasPrefix("2025-") == true)
        #expect((cliInt(stats, "index_bytes") ?? 0) > 0)
        let top = try #require(stats["top_sources"] as? [[String: Any]])
        #expect(top.count == 8)
        #expect(top.first?["value"] as? String == "harborgazette.com")
        #expect(cliInt(top.first, "count") == 8)
        #expect(top.compactMap { cliInt($0, "count") }.reduce(0, +) == 50)

        let human = try temp.run(["stats", "--db", temp.db])
        #expect(human.status == 0)
        #expect(human.out.contains("50 articles from 8 sources"), "\(human)")
    }

    static let ceaseFireTokens: [(String, Int, Int, Bool)] = [("ceas", 0, 5, false), ("fire", 6, 10, false), ("ceasefir", 0, 10, true)]

    private func checkCeaseFire(_ run: CLIRun) throws {
        #expect(run.status == 0, "\(run)")
        let tokens = try #require(run.json?["tokens"] as? [[String: Any]], "\(run)")
        for token in tokens {
            #expect(cliIsString(token["token"]) && cliIsInteger(token["start"]) && cliIsInteger(token["end"])
                    && cliIsBool(token["colocated"]), "\(token)")
        }
        let actual = tokens.map { ($0["token"] as? String ?? "", cliInt($0, "start") ?? -1, cliInt($0, "end") ?? -1,
                                   ($0["colocated"] as? NSNumber)?.boolValue ?? false) }
        #expect(actual.count == Self.ceaseFireTokens.count, "\(actual)")
        for (got, want) in zip(actual, Self.ceaseFireTokens) {
            #expect(got == want, "\(actual)")
        }
    }

    @Test func analyzeJSONShowsHyphenatedCompound() throws {
        let temp = try CLITempDirectory()
        try checkCeaseFire(try temp.run(["analyze", "--json", "cease-fire"]))
    }

    @Test func analyzeReadsStandardInput() throws {
        let temp = try CLITempDirectory()
        try checkCeaseFire(try temp.run(["analyze", "--json"], stdin: Data("cease-fire\n".utf8)))
        let human = try temp.run(["analyze"], stdin: Data("cease-fire".utf8))
        #expect(human.status == 0)
        #expect(human.out.split(separator: "\n").count == 3, "\(human)")
        #expect(human.out.contains("colocated"))
    }

    // MARK: - human output, colour, environment

    @Test func humanSearchOutputHasHeaderThenHitBlocks() throws {
        let temp = try Self.indexedFixtures()
        let run = try temp.run(["search", "--db", temp.db, "--limit", "3", "flood"])
        #expect(run.status == 0, "\(run)")
        let lines = run.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "8 matches, 6 stories (showing 1-3)", "\(run)")
        let hitLines = lines.filter { $0.range(of: #"^\d+\. \d{4}-\d{2}-\d{2}  \S+  .+"#, options: .regularExpression) != nil }
        #expect(hitLines.count == 3, "\(run)")
        #expect(hitLines.first?.hasPrefix("1. 2022-04-19  valleytribune.org  Calder River floods") == true, "\(run)")
        let pathLines = lines.filter { $0.hasPrefix("   /") && $0.hasSuffix(".txt") }
        #expect(pathLines.count == 3, "\(run)")
    }

    @Test func pipedOrNoColorOutputHasNoEscapeBytes() throws {
        let temp = try Self.indexedFixtures()
        let commands: [[String]] = [
            ["search", "--db", temp.db, "flood"],
            ["search", "--db", temp.db, "--facets", "flood"],
            ["search", "--db", temp.db, "--explain", "flood"],
            ["stats", "--db", temp.db],
            ["analyze", "cease-fire"],
            ["index", Self.articles.path, "--db", temp.db],
        ]
        for command in commands {
            for environment in [[:], ["NO_COLOR": "1"]] {
                let run = try temp.run(command, environment: environment)
                #expect(run.status == 0, "\(run)")
                #expect(!run.stdout.contains(0x1B), "ESC on stdout: \(run)")
                #expect(!run.stderr.contains(0x1B), "ESC on stderr: \(run)")
            }
        }
    }

    /// On a terminal the title is bold, unless NO_COLOR is set. Needs util-linux `script` for a pty.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func noColorDisablesBoldOnATerminal() throws {
        let temp = try Self.indexedFixtures()
        func onTerminal(_ environment: [String: String]) throws -> CLIRun {
            let command = ([cliExecutable.path, "search", "--db", temp.db, "--limit", "2", "flood"])
                .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", command, "/dev/null"]
            process.currentDirectoryURL = temp.url
            var env = ProcessInfo.processInfo.environment
            env.removeValue(forKey: "NO_COLOR")
            for (key, value) in environment { env[key] = value }
            process.environment = env
            // A file, not a pipe: see `runGazette`.
            let outURL = temp.path("pty-\(UUID().uuidString).out")
            try Data().write(to: outURL)
            let out = try FileHandle(forWritingTo: outURL)
            defer { try? out.close() }
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let data = try Data(contentsOf: outURL)
            return CLIRun(arguments: ["(pty)", command], status: process.terminationStatus, stdout: data,
                          stderr: Data(), timedOut: false)
        }
        let colored = try onTerminal(["TERM": "xterm"])
        #expect(colored.out.contains("8 matches"), "\(colored)")
        #expect(colored.stdout.contains(0x1B), "bold title on a terminal: \(colored)")
        let plain = try onTerminal(["TERM": "xterm", "NO_COLOR": "1"])
        #expect(plain.out.contains("8 matches"), "\(plain)")
        #expect(!plain.stdout.contains(0x1B), "NO_COLOR: \(plain)")
    }

    @Test func gazetteDBEnvironmentVariableIsHonoured() throws {
        let temp = try CLITempDirectory()
        let environmentDB = temp.path("from-env.db").path
        let env = ["GAZETTE_DB": environmentDB]
        let index = try temp.run(["index", Self.articles.path, "--json"], environment: env)
        #expect(index.status == 0, "\(index)")
        #expect(FileManager.default.fileExists(atPath: environmentDB))
        #expect(!FileManager.default.fileExists(atPath: temp.path("gazette.db").path), "not the default path")

        let stats = try temp.run(["stats", "--json"], environment: env)
        #expect(cliInt(stats.json, "articles") == 50, "\(stats)")
        let search = try temp.run(["search", "--json", "flood"], environment: env)
        #expect(cliInt(search.json, "total") == 8, "\(search)")

        // --db wins over the variable.
        let other = temp.path("other.db").path
        let explicit = try temp.run(["stats", "--db", other], environment: env)
        #expect(explicit.status == 3, "\(explicit)")
        #expect(explicit.err.contains(other), "\(explicit)")
    }

    @Test func defaultIndexIsGazetteDBInTheCurrentDirectory() throws {
        let temp = try CLITempDirectory()
        let index = try temp.run(["index", Self.articles.path])
        #expect(index.status == 0, "\(index)")
        #expect(FileManager.default.fileExists(atPath: temp.path("gazette.db").path))
        let stats = try temp.run(["stats", "--json"])
        #expect(cliInt(stats.json, "articles") == 50, "\(stats)")
        // An empty GAZETTE_DB counts as unset.
        let empty = try temp.run(["stats", "--json"], environment: ["GAZETTE_DB": ""])
        #expect(cliInt(empty.json, "articles") == 50, "\(empty)")
    }

    // MARK: - more contract checks

    @Test func explainWithJSONKeepsStdoutPureJSON() throws {
        let temp = try Self.indexedFixtures()
        let run = try temp.search(["--explain", "flood"])
        #expect(run.status == 0, "\(run)")
        #expect(cliInt(run.json, "total") == 8, "stdout is one JSON object: \(run)")
        #expect(run.err.contains("fts5:"), "the explanation goes to stderr: \(run)")
        let human = try temp.run(["search", "--db", temp.db, "--explain", "flood"])
        #expect(human.out.contains("fts5:"), "\(human)")
        #expect(!human.err.contains("SQLite") && !human.err.contains("sqlite3"))
    }

    @Test func anyMakesWordsOptional() throws {
        let temp = try Self.indexedFixtures()
        let all = try temp.search(["flood", "zzyzxquark"])
        #expect(all.status == 1, "\(all)")
        let any = try temp.search(["--any", "flood", "zzyzxquark"])
        #expect(any.status == 0, "\(any)")
        #expect(cliInt(any.json, "total") == 8)
    }

    @Test func recencyBoostKeepsTheSameMatches() throws {
        let temp = try Self.indexedFixtures()
        let plain = try temp.search(["--limit", "100", "flood"])
        let boosted = try temp.search(["--limit", "100", "--recency", "30", "flood"])
        #expect(boosted.status == 0, "\(boosted)")
        let plainIDs = Set(cliHits(plain.json).compactMap { cliInt($0, "id") })
        let boostedIDs = Set(cliHits(boosted.json).compactMap { cliInt($0, "id") })
        #expect(plainIDs == boostedIDs)
        #expect(try temp.search(["--recency", "0", "flood"]).status == 2)
    }

    @Test func statsOfAnEmptyIndexHasNullDates() throws {
        let temp = try CLITempDirectory()
        let empty = temp.path("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let summary = try temp.index(empty)
        #expect(cliInt(summary, "scanned") == 0)
        let run = try temp.run(["stats", "--db", temp.db, "--json"])
        #expect(run.status == 0, "\(run)")
        let stats = try #require(run.json, "\(run)")
        #expect(cliInt(stats, "articles") == 0)
        #expect(cliInt(stats, "sources") == 0)
        #expect(stats["first_date"] is NSNull, "\(stats)")
        #expect(stats["last_date"] is NSNull, "\(stats)")
        #expect((stats["top_sources"] as? [Any])?.isEmpty == true)
        let search = try temp.run(["search", "--db", temp.db, "flood"])
        #expect(search.status == 1, "\(search)")
    }

    @Test func indexingAFileOrIntoAMissingFolderExitsThree() throws {
        let temp = try CLITempDirectory()
        let file = cliFixtures.appendingPathComponent("MANIFEST.md").path
        let notDirectory = try temp.run(["index", file, "--db", temp.db])
        #expect(notDirectory.status == 3, "\(notDirectory)")
        #expect(notDirectory.err.contains(file), "\(notDirectory)")

        let badDB = temp.path("no/such/folder/index.db").path
        let run = try temp.run(["index", Self.articles.path, "--db", badDB])
        #expect(run.status == 3, "\(run)")
        #expect(run.err.contains(badDB), "\(run)")
        #expect(!run.err.contains("SQLite") && !run.err.contains("sqlite3"), "\(run)")
    }

    @Test func batchAppliesOptionsKeepsLineNumbersAndSurvivesHostileLines() throws {
        let temp = try Self.indexedFixtures()
        let lines = ["flood", "", "x\tceasefire", "\"", "NEAR(", "C++", "-war", "zzyzxquark"]
        let input = lines.joined(separator: "\n") + "\n"
        let run = try temp.run(["search", "--db", temp.db, "--batch", "-", "--limit", "1", "--facets"], stdin: Data(input.utf8))
        #expect(run.status == 0, "\(run)")
        let objects = run.jsonLines
        #expect(objects.count == 7, "one object per non-blank line: \(run)")
        #expect(objects.map { $0["id"] as? String ?? "?" } == ["1", "x", "4", "5", "6", "7", "8"], "\(run)")
        for object in objects {
            if object["error"] != nil {
                #expect(cliIsInteger(object["column"]), "\(object)")
            } else {
                #expect(cliHits(object).count <= 1, "--limit applies to every line")
                #expect(object["facets"] is [String: Any], "--facets applies to every line")
            }
        }
        #expect(objects.first?["query"] as? String == "flood")
        #expect(cliInt(objects.first, "total") == 8)
        #expect(!run.err.contains("SQLite") && !run.out.contains("SQLite"))

        let missing = try temp.run(["search", "--db", temp.db, "--batch", temp.path("none.txt").path])
        #expect(missing.status == 3, "\(missing)")
        #expect(missing.err.contains("none.txt"), "\(missing)")
        let both = try temp.run(["search", "--db", temp.db, "--batch", "-", "flood"])
        #expect(both.status == 2, "\(both)")
    }

    // MARK: - product bugs (expected to fail until fixed)

    /// Contract: per hit one `N. date  source  title` line, one snippet line, one path line.
    @Test func humanSearchOutputHasOneSnippetLinePerHit() throws {
        let temp = try Self.indexedFixtures()
        // `war` hits a snippet that spans two paragraphs of the ceasefire article.
        for query in ["war", "flood", "ceasefire"] {
            let run = try temp.run(["search", "--db", temp.db, "--limit", "20", "--all-copies", query])
            #expect(run.status == 0, "\(run)")
            let blocks = run.out.components(separatedBy: "\n\n").dropFirst()
            #expect(blocks.count == cliInt(try temp.search(["--limit", "20", query]).json, "total"))
            for block in blocks {
                let lines = block.split(separator: "\n", omittingEmptySubsequences: true)
                #expect(lines.count == 3, "\(query): a hit block has title, snippet and path lines:\n\(block)")
            }
            let json = try temp.search(["--limit", "20", query])
            for hit in cliHits(json.json) {
                let snippet = hit["snippet"] as? String ?? ""
                #expect(!snippet.contains("\n"), "\(query): snippet spans lines: \(snippet.debugDescription)")
            }
        }
    }

    /// `--` ends the options, by convention; it is not a word of the query.
    @Test func doubleDashIsNotPartOfTheQuery() throws {
        let temp = try Self.indexedFixtures()
        let run = try temp.search(["--", "flood"])
        #expect(run.status == 0, "\(run)")
        #expect(run.json?["query"] as? String == "flood", "\(run)")
        let excluded = try temp.run(["search", "--db", temp.db, "--", "-war"])
        #expect(excluded.status == 2)
        #expect(!excluded.err.contains("\"-- "), "the error quotes the query without `--`: \(excluded)")
    }

    /// `--source "foo bar"` is not a host: it must be a usage error, not silently dropped
    /// (which searches every source).
    @Test func sourceOptionThatIsNotAHostIsAUsageError() throws {
        let temp = try Self.indexedFixtures()
        for bad in ["foo bar", "://", "\""] {
            let run = try temp.search(["--source", bad, "a*"])
            #expect(run.status == 2, "--source \(bad.debugDescription) must be rejected, not ignored: \(run)")
            #expect(run.err.contains("--source") || run.err.contains("source"), "\(run)")
        }
    }

    /// A batch file with Windows line ends: "\r\n" is one Character in Swift, so
    /// `hasSuffix("\n") || hasSuffix("\r")` never strips it.
    @Test func batchAcceptsCRLFLineEnds() throws {
        let temp = try Self.indexedFixtures()
        let file = temp.path("crlf.txt")
        try Data("flood\r\n\r\nx\tceasefire\r\n".utf8).write(to: file)
        let run = try temp.run(["search", "--db", temp.db, "--batch", file.path, "--limit", "0"])
        #expect(run.status == 0, "\(run)")
        let objects = run.jsonLines
        #expect(objects.map { $0["id"] as? String ?? "?" } == ["1", "x"], "the blank CRLF line is skipped: \(run)")
        #expect(objects.map { $0["query"] as? String ?? "?" } == ["flood", "ceasefire"], "\(run)")
        #expect(objects.allSatisfy { $0["error"] == nil }, "\(run)")
    }

    /// The same tree indexed as `articles`, `./articles`, `articles/` or by its absolute path is one tree:
    /// a second run must find everything unchanged, not 51 duplicates of itself.
    @Test func reindexingTheSameTreeUnderAnotherSpellingChangesNothing() throws {
        let temp = try CLITempDirectory()
        _ = try temp.copyFixtures("articles")
        let first = try temp.run(["index", "articles", "--db", temp.db, "--json"])
        #expect(cliInt(first.json, "indexed") == 50, "\(first)")
        for spelling in ["articles/", "./articles", temp.path("articles").path] {
            let run = try temp.run(["index", spelling, "--db", temp.db, "--json"])
            #expect(run.status == 0, "\(run)")
            #expect(cliInt(run.json, "unchanged") == 51, "\(spelling): \(run.out.prefix(300))")
            #expect(cliInt(run.json, "duplicates") == 0, "\(spelling): \(run.out.prefix(300))")
        }
        // Hit paths stay as the user gave the root in the run that indexed them (the documented contract).
        let search = try temp.run(["search", "--db", temp.db, "--json", "flood"])
        let paths = cliHits(search.json).compactMap { $0["path"] as? String }
        #expect(!paths.isEmpty)
        #expect(paths.allSatisfy { $0.hasPrefix("articles/") && FileManager.default.fileExists(atPath: temp.path($0).path) },
                "\(paths.prefix(3))")
    }

    // MARK: - helpers

    private func statsArticles(_ temp: CLITempDirectory) throws -> Int? {
        let run = try temp.run(["stats", "--db", temp.db, "--json"])
        #expect(run.status == 0, "\(run)")
        return cliInt(run.json, "articles")
    }
}
