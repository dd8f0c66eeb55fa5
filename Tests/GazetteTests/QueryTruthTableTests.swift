import Testing
@testable import Gazette

/// The query language run against a tiny index built for boolean logic:
/// each query's exact set of matching articles, identified by URL.
@Suite struct QueryTruthTableTests {
    /// Short names for the URLs below.
    static func u(_ n: Int) -> String {
        let hosts = [1: "www.example.com", 2: "news.org", 3: "bbc.co.uk", 4: "www.example.com", 5: "news.org",
                     6: "bbc.co.uk", 7: "wire.net", 8: "www.example.com", 9: "news.org", 10: "wire.net",
                     11: "bbc.co.uk", 12: "daily.com", 13: "daily.com"]
        return "https://\(hosts[n]!)/t\(n)"
    }

    static let articles: [TestArticle] = [
        TestArticle(u(1), "2023-01-10", "Morning bulletin", "alpha lorem"),
        TestArticle(u(2), "2023-03-05", "Evening bulletin", "beta lorem"),
        TestArticle(u(3), "2023-06-20", "Weekly digest", "gamma lorem"),
        TestArticle(u(4), "2023-11-30", "Morning bulletin", "alpha beta lorem"),
        TestArticle(u(5), "2024-02-14", "Evening bulletin", "alpha gamma lorem"),
        TestArticle(u(6), "2024-05-01", "Weekly digest", "beta gamma lorem"),
        TestArticle(u(7), "2024-05-20", "Wire roundup", "alpha beta gamma lorem"),
        TestArticle(u(8), "2024-09-09", "Geneva diary", "The peace talks resumed in Geneva.\nNegotiations continue."),
        TestArticle(u(9), "2024-12-31", "Year in review", "Diplomats held talks about peace again."),
        TestArticle(u(10), "2025-01-01", "Elections ahead", "Candidates campaigned across the provinces."),
        TestArticle(u(11), "2025-03-15", "Quiet day", "Voters elected a new mayor.\nNegotiators reached agreement."),
        TestArticle(u(12), "2025-07-04", "Peace summit", "The ceasefire held near Gaza city."),
        TestArticle(u(13), "2025-08-10", "Border report",
                    "A ceasefire one two three four five six seven eight nine ten eleven twelve Gaza.\nEngineers at AT&T wrote C++ code while B^2 grew."),
    ]

    static func urls(_ numbers: [Int]) -> Set<String> { Set(numbers.map(u)) }

    func corpus() throws -> TestCorpus { try makeIndex(Self.articles) }

    // MARK: - The truth table

    @Test(arguments: [
        // single words and implicit / explicit AND
        ("alpha", [1, 4, 5, 7]),
        ("beta", [2, 4, 6, 7]),
        ("gamma", [3, 5, 6, 7]),
        ("ALPHA", [1, 4, 5, 7]),
        ("alpha beta", [4, 7]),
        ("alpha AND beta", [4, 7]),
        ("alpha beta gamma", [7]),
        ("alpha delta", []),
        // OR
        ("alpha OR beta", [1, 2, 4, 5, 6, 7]),
        ("alpha | beta", [1, 2, 4, 5, 6, 7]),
        ("alpha OR beta OR gamma", [1, 2, 3, 4, 5, 6, 7]),
        ("alpha OR beta gamma", [5, 6, 7]),
        ("alpha OR delta", [1, 4, 5, 7]),
        // exclusions
        ("alpha -beta", [1, 5]),
        ("alpha NOT beta", [1, 5]),
        ("-alpha beta", [2, 6]),
        ("alpha -beta -gamma", [1]),
        ("alpha -(beta OR gamma)", [1]),
        ("alpha -delta", [1, 4, 5, 7]),
        ("lorem -(alpha beta)", [1, 2, 3, 5, 6]),
        // parentheses
        ("(alpha OR beta) gamma", [5, 6, 7]),
        ("alpha (beta OR gamma)", [4, 5, 7]),
        ("(alpha -beta) OR (beta -alpha)", [1, 2, 5, 6]),
        ("((alpha))", [1, 4, 5, 7]),
        ("lorem -(-alpha -beta)", [1, 2, 4, 5, 6, 7]),
        // phrases
        ("\"peace talks\"", [8]),
        ("peace talks", [8, 9]),
        ("\"talks about peace\"", [9]),
        ("\"talks peace\"", []),
        ("\"alpha beta\"", [4, 7]),
        ("\"beta alpha\"", []),
        ("\"alpha gamma\"", [5]),
        ("\u{201C}peace talks\u{201D}", [8]),
        // prefixes
        ("alph*", [1, 4, 5, 7]),
        ("gam* alpha", [5, 7]),
        ("elect*", [10, 11]),
        ("\"peace tal\"*", [8]),
        ("negoti*", [8, 11]),
        // NEAR
        ("NEAR(ceasefire gaza, 5)", [12]),
        ("NEAR(ceasefire gaza, 20)", [12, 13]),
        ("NEAR(ceasefire gaza)", [12]),
        ("NEAR(ceasefire gaza, 12)", [12, 13]),
        ("NEAR(ceasefire gaza, 11)", [12]),
        ("ceasefire NEAR gaza", [12]),
        ("ceasefire NEAR/2 gaza", [12]),
        ("ceasefire NEAR/1 gaza", []),
        ("ceasefire NEAR/12 gaza", [12, 13]),
        ("ceasefire NEAR/11 gaza", [12]),
        ("ceasefire gaza", [12, 13]),
        ("NEAR(\"peace talks\" geneva, 3)", [8]),
        // fields
        ("peace", [8, 9, 12]),
        ("title:peace", [12]),
        ("body:peace", [8, 9]),
        ("title:\"peace summit\"", [12]),
        ("title:\"summit peace\"", []),
        ("title:summit", [12]),
        ("body:summit", []),
        ("TITLE:peace", [12]),
        ("title:(peace OR elections)", [10, 12]),
        ("-title:peace peace", [8, 9]),
        ("title:elections", [10]),
        ("body:elections", [11]),
        ("title:bulletin alpha", [1, 4, 5]),
        // stemming
        ("elections", [10, 11]),
        ("elected", [10, 11]),
        ("election", [10, 11]),
        ("negotiation", [8, 11]),
        ("talk", [8, 9]),
        // sources (normalized like the stored host)
        ("alpha source:example.com", [1, 4]),
        ("alpha source:www.example.com", [1, 4]),
        ("alpha source:EXAMPLE.COM", [1, 4]),
        ("alpha source:WWW.Example.Com", [1, 4]),
        ("alpha source:https://www.example.com/news", [1, 4]),
        ("alpha source:news.org source:example.com", [1, 4, 5]),
        ("alpha source:nowhere.com", []),
        ("source:bbc.co.uk", [3, 6, 11]),
        ("SOURCE:BBC.CO.UK", [3, 6, 11]),
        // dates (inclusive bounds)
        ("after:2024", [5, 6, 7, 8, 9, 10, 11, 12, 13]),
        ("before:2023", [1, 2, 3, 4]),
        ("date:2024", [5, 6, 7, 8, 9]),
        ("date:2024-05", [6, 7]),
        ("date:2024-05-20", [7]),
        ("date:2024-12-31", [9]),
        ("date:2025-01-01", [10]),
        ("alpha date:2024", [5, 7]),
        ("alpha after:2023-06 before:2024-03", [4, 5]),
        ("after:2024-05-01 before:2024-05-20", [6, 7]),
        ("after:2024-05-02 before:2024-05-19", []),
        ("after:2024-05-02 lorem", [7]),
        ("before:2024-05-19 beta", [2, 4, 6]),
        ("after:2025 before:2024", []),
        ("alpha after:2025 before:2024", []),
        ("date:2023 date:2024", []),
        ("source:example.com after:2024", [8]),
        ("source:wire.net source:daily.com date:2025", [10, 12, 13]),
        ("peace after:2024-10 source:news.org", [9]),
        ("after:2022", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]),
        ("date:2026", []),
    ])
    func queryMatchesExactlyTheExpectedArticles(query: String, expected: [Int]) throws {
        let corpus = try corpus()
        #expect(try corpus.urlSet(query) == Self.urls(expected), "query: \(query)")
    }

    // MARK: - Options

    @Test func anyModeMatchesTheUnionAndRanksArticlesWithMoreWordsFirst() throws {
        let corpus = try corpus()
        var options = SearchOptions()
        options.compile.anyMode = true
        #expect(try corpus.urlSet("alpha beta", options) == Self.urls([1, 2, 4, 5, 6, 7]))
        let two = try corpus.urls("alpha beta", options)
        #expect(two.count == 6)
        #expect(Set(two.prefix(2)) == Self.urls([4, 7]))

        let three = try corpus.urls("alpha beta gamma", options)
        #expect(Set(three) == Self.urls([1, 2, 3, 4, 5, 6, 7]))
        #expect(three.first == Self.u(7))
        #expect(Set(three.dropFirst().prefix(3)) == Self.urls([4, 5, 6]))

        // Exclusions still apply in any-mode.
        #expect(try corpus.urlSet("alpha beta -gamma", options) == Self.urls([1, 2, 4]))
        // A single word is unaffected.
        #expect(try corpus.urlSet("alpha", options) == Self.urls([1, 4, 5, 7]))
        // Filters still apply.
        #expect(try corpus.urlSet("alpha beta source:example.com", options) == Self.urls([1, 4]))
    }

    @Test func optionDatesIntersectWithQueryDates() throws {
        let corpus = try corpus()
        var options = SearchOptions()
        options.compile.from = DateSpec(parsing: "2024")
        options.compile.to = DateSpec(parsing: "2024-06")
        #expect(try corpus.urlSet("alpha", options) == Self.urls([5, 7]))
        #expect(try corpus.urlSet("lorem", options) == Self.urls([5, 6, 7]))
        #expect(try corpus.urlSet("lorem date:2024-05", options) == Self.urls([6, 7]))
        #expect(try corpus.urlSet("lorem before:2024-03", options) == Self.urls([5]))
        #expect(try corpus.urlSet("lorem after:2025", options).isEmpty)
        // Filter-only from the options alone needs query text; filters in the text suffice.
        #expect(try corpus.urlSet("after:2023", options) == Self.urls([5, 6, 7]))

        var toOnly = SearchOptions()
        toOnly.compile.to = DateSpec(parsing: "2023-11-30")
        #expect(try corpus.urlSet("alpha", toOnly) == Self.urls([1, 4]))
        var fromOnly = SearchOptions()
        fromOnly.compile.from = DateSpec(parsing: "2024-05-20")
        #expect(try corpus.urlSet("alpha", fromOnly) == Self.urls([7]))
    }

    @Test func optionSourcesAreNormalizedAndUnitedWithQuerySources() throws {
        let corpus = try corpus()
        var options = SearchOptions()
        options.compile.sources = ["https://WWW.News.org/world"]
        #expect(try corpus.urlSet("alpha", options) == Self.urls([5]))
        #expect(try corpus.urlSet("alpha source:example.com", options) == Self.urls([1, 4, 5]))
        options.compile.sources = ["www.example.com", "bbc.co.uk"]
        #expect(try corpus.urlSet("lorem", options) == Self.urls([1, 3, 4, 6]))
        #expect(try corpus.urlSet("lorem after:2024", options) == Self.urls([6]))
    }

    @Test func filterOnlyQueriesReturnEveryArticleInRangeNewestFirst() throws {
        let corpus = try corpus()
        let result = try corpus.searcher.search("date:2024", options: { var o = SearchOptions(); o.limit = 100; return o }())
        #expect(result.total == 5)
        #expect(result.hits.map(\.url) == [9, 8, 7, 6, 5].map(Self.u))
        #expect(result.query.match == nil)
        // Each hit carries its date and normalized source.
        #expect(result.hits.map(\.date.description) == ["2024-12-31", "2024-09-09", "2024-05-20", "2024-05-01", "2024-02-14"])
        #expect(result.hits.map(\.source) == ["news.org", "example.com", "wire.net", "bbc.co.uk", "news.org"])

        var oldest = SearchOptions()
        oldest.sort = .oldest
        #expect(try corpus.urls("source:bbc.co.uk", oldest) == [3, 6, 11].map(Self.u))
        #expect(try corpus.urls("source:bbc.co.uk") == [11, 6, 3].map(Self.u))
    }

    // MARK: - Sorting and ties

    @Test func newestAndOldestSortByDate() throws {
        let corpus = try corpus()
        var newest = SearchOptions()
        newest.sort = .newest
        var oldest = SearchOptions()
        oldest.sort = .oldest
        #expect(try corpus.urls("alpha", newest) == [7, 5, 4, 1].map(Self.u))
        #expect(try corpus.urls("alpha", oldest) == [1, 4, 5, 7].map(Self.u))
        #expect(try corpus.urls("lorem OR peace", newest) == [9, 8, 7, 6, 5, 4, 3, 2, 1, 12].sorted(by: {
            Self.articles[$0 - 1].date > Self.articles[$1 - 1].date }).map(Self.u))
        // Paging keeps the order.
        newest.limit = 2
        newest.offset = 1
        let page = try corpus.searcher.search("alpha", options: newest)
        #expect(page.hits.map(\.url) == [5, 4].map(Self.u))
        #expect(page.hits.map(\.rank) == [2, 3])
        #expect(page.total == 4)
    }

    @Test func relevanceTiesAreBrokenByNewerDateFirst() throws {
        let corpus = try corpus()
        // Bodies "x lorem" (3 ties), "x y lorem" (3 ties), then the longest body.
        let hits = try corpus.searcher.search("lorem", options: { var o = SearchOptions(); o.limit = 100; return o }()).hits
        #expect(hits.map(\.url) == [3, 2, 1, 6, 5, 4, 7].map(Self.u))
        #expect(hits[0].score == hits[1].score && hits[1].score == hits[2].score)
        #expect(hits[2].score > hits[3].score)
        #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func titleMatchesOutrankBodyMatches() throws {
        let corpus = try corpus()
        #expect(try corpus.urls("peace").first == Self.u(12))
        #expect(try corpus.urls("elections").first == Self.u(10))
    }

    // MARK: - Hostile input

    @Test(arguments: [
        "NOT \"guilty", "C++", "AT&T", "author:smith", "B^2", "(", ")", "\"", "\"\"", "(alpha beta", "alpha beta)",
        "))alpha((", "NOT", "-", "--alpha", "OR", "AND", "AND alpha", "alpha OR", "alpha AND", "title:", "body:",
        "title:(", "NEAR(", "NEAR()", "NEAR/x alpha", "alpha NEAR/", "*", "**", "alpha*** beta", "\"alpha",
        "source:", "source:///", "date:2024-13", "after:yesterday", "before:2024-02-30", "alpha \"", "'", "''",
        "\u{0000}alpha", "alpha\u{0000}beta", "NOT alpha", "-alpha", "-(alpha beta)", "alpha OR -beta",
        "alpha OR source:news.org", "NEAR(alpha after:2024)", "-source:news.org alpha", "title:source:news.org",
        "\u{201C}", "alpha \u{201E}beta", "^", "&", "%", "_", "\\", "alpha:beta", "{alpha}", "[alpha]",
        "alpha NEAR/99999999999999999999 beta", String(repeating: "(", count: 40) + "alpha",
        String(repeating: "NOT ", count: 200) + "alpha", "title:title:alpha", "😀", "alpha 😀",
    ])
    func hostileInputGivesResultsOrAQueryError(query: String) throws {
        let corpus = try corpus()
        do {
            let result = try corpus.searcher.search(query)
            #expect(result.total >= 0 && result.hits.count <= result.total)
        } catch {
            guard case .query = error else {
                Issue.record("query \(query.debugDescription) threw a non-query error: \(error)")
                return
            }
        }
    }

    @Test(arguments: [
        ("C++", [13]),
        ("AT&T", [13]),
        ("B^2", [13]),
        ("author:smith", []),
        ("(alpha beta", [4, 7]),
        ("alpha beta)", [4, 7]),
        ("))alpha((", [1, 4, 5, 7]),
        ("\"alpha", [1, 4, 5, 7]),
        ("alpha \"", [1, 4, 5, 7]),
        ("alpha*** beta", [4, 7]),
        ("alpha 😀", [1, 4, 5, 7]),
        ("alpha\u{0000}beta", [4, 7]),
    ])
    func hostileInputThatMeansSomethingFindsIt(query: String, expected: [Int]) throws {
        let corpus = try corpus()
        #expect(try corpus.urlSet(query) == Self.urls(expected), "query: \(query.debugDescription)")
    }

    @Test(arguments: ["(", "\"", "NOT alpha", "-alpha", "-(alpha beta)", "NOT \"guilty", "alpha OR source:news.org",
                      "date:2024-13", "after:yesterday", "source:///", "*", "\"\""])
    func meaninglessQueriesAreQueryErrors(query: String) throws {
        let corpus = try corpus()
        #expect {
            _ = try corpus.searcher.search(query)
        } throws: { error in
            guard let error = error as? GazetteError, case .query = error else { return false }
            return true
        }
    }
}
