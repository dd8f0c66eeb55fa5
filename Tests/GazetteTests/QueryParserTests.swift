import Testing
@testable import Gazette

/// Parsing: the tree shape, leniency, errors with columns, and limits.
@Suite struct QueryParserTests {
    private func tree(_ text: String) throws -> QueryNode? {
        try QueryCompiler.compile(text).tree
    }

    private func error(_ text: String, options: CompileOptions = .init()) -> QueryError? {
        do {
            _ = try QueryCompiler.compile(text, options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test func treeShapes() throws {
        #expect(try tree("war") == .term("war", field: nil, prefix: false))
        #expect(try tree("ukrain*") == .term("ukrain", field: nil, prefix: true))
        #expect(try tree("\"peace   talks\"") == .phrase("peace talks", field: nil, prefix: false))
        #expect(try tree("title:(a OR body:b)") == .or([
            .term("a", field: .title, prefix: false), .term("b", field: .body, prefix: false),
        ]))
        #expect(try tree("a b -c") == .and([
            .term("a", field: nil, prefix: false), .term("b", field: nil, prefix: false),
            .not(.term("c", field: nil, prefix: false)),
        ]))
        #expect(try tree("NEAR(a \"b c\", 3)") == .near([
            .term("a", field: nil, prefix: false), .phrase("b c", field: nil, prefix: false),
        ], distance: 3))
        #expect(try tree("source:bbc.co.uk after:2024") == nil)
    }

    @Test func treeDescriptionAndPositiveTerms() throws {
        let query = try QueryCompiler.compile("war \"peace talks\" -ukraine title:kyi* NEAR(a b)")
        #expect(query.treeDescription == """
            AND(term "war", PHRASE "peace talks", NOT(term "ukraine"), term title:"kyi"*, NEAR/10(term "a", term "b"))
            """)
        #expect(query.positiveTerms == ["war", "peace", "talks", "kyi", "a", "b"])
        #expect(try QueryCompiler.compile("after:2024").treeDescription == "(no search terms: filters only)")
    }

    /// Operators where they cannot operate, and stray syntax, are words or are ignored.
    @Test(arguments: [
        ("OR", "\"OR\""),
        ("a OR", "\"a\" AND \"OR\""),
        ("OR a", "\"OR\" AND \"a\""),
        ("a NOT", "\"a\" AND \"NOT\""),
        ("AND AND", "\"AND\" AND \"AND\""),
        ("a AND AND b", "\"a\" AND \"b\""),
        ("a NEAR/x b", "\"a\" AND \"NEAR/x\" AND \"b\""),
        ("NEAR a", "\"NEAR\" AND \"a\""),
        ("or not and near", "\"or\" AND \"not\" AND \"and\" AND \"near\""),
        ("innocent NOT \"guilty", "\"innocent\" NOT \"guilty\""),
        ("(war OR peace", "\"war\" OR \"peace\""),
        ("war) peace)", "\"war\" AND \"peace\""),
        ("C++", "\"C++\""),
        ("AT&T", "\"AT&T\""),
        ("author:smith", "\"author:smith\""),
        ("A*", "\"A\" *"),
        ("e-mail*", "\"e-mail\" *"),
        ("B^2 U.S. 9/11 don't", "\"B^2\" AND \"U.S.\" AND \"9/11\" AND \"don't\""),
        ("title:", "\"title:\""),
        ("source:", "\"source:\""),
        ("title: war", "\"title:\" AND \"war\""),
        ("+++ war & ^", "\"war\""),
        ("war \"\" ()", "\"war\""),
        ("- war", "\"war\""),
        ("--war peace", "\"peace\" NOT \"-war\""),
        ("a*b", "\"a*b\""),
        ("\u{201C}peace talks\u{201D}", "\"peace talks\""),
        ("a\u{0}b\nc", "\"a\" AND \"b\" AND \"c\""),
        ("Müller 北京 😀", "\"Müller\" AND \"北京\""),
        ("Title:War", "title : \"War\""),
        ("https://example.com", "\"https://example.com\""),
    ])
    func lenient(_ text: String, _ expected: String) throws {
        let actual = try QueryCompiler.compile(text).match
        #expect(actual == expected)
    }

    @Test(arguments: [
        ("", "query has no words to search", 1),
        ("   \t ", "query has no words to search", 1),
        ("+++ & ^", "query has no words to search", 1),
        ("(", "query has no words to search", 1),
        (")", "query has no words to search", 1),
        ("\"", "query has no words to search", 1),
        ("\"\"", "query has no words to search", 1),
        ("-", "query has no words to search", 1),
        ("NEAR(", "query has no words to search", 1),
        ("😀", "query has no words to search", 1),
        ("-war -peace", "-war -peace: a query needs at least one word that is not excluded", 1),
        ("NOT \"guilty", "NOT \"guilty: a query needs at least one word that is not excluded", 1),
        ("(-a)", "(-a): a query needs at least one word that is not excluded", 1),
        ("-war source:bbc.co.uk", "-war source:bbc.co.uk: a query needs at least one word that is not excluded", 1),
        ("war OR source:bbc.co.uk",
         "source: filter cannot be inside OR; filters apply to the whole query", 8),
        ("(war source:bbc.co.uk) OR peace",
         "source: filter cannot be inside OR; filters apply to the whole query", 6),
        ("war -source:bbc.co.uk",
         "source: filter cannot be excluded with NOT or -; filters apply to the whole query", 6),
        ("war NOT (a after:2024)",
         "after: filter cannot be excluded with NOT or -; filters apply to the whole query", 12),
        ("NEAR(a date:2024)", "date: filter cannot be inside NEAR; filters apply to the whole query", 8),
        ("after:2024-13", "after:2024-13 is not a date; use YYYY, YYYY-MM or YYYY-MM-DD", 1),
        ("war before:2023-02-29", "before:2023-02-29 is not a date; use YYYY, YYYY-MM or YYYY-MM-DD", 5),
        ("war date:yesterday", "date:yesterday is not a date; use YYYY, YYYY-MM or YYYY-MM-DD", 5),
        ("war source:///", "source:/// is not a host name", 5),
        ("-a OR b", "an exclusion cannot be an alternative of OR; exclude the whole group instead, as in -(a OR b)", 1),
        ("x (-a) OR b", "an exclusion cannot be an alternative of OR; exclude the whole group instead, as in -(a OR b)", 3),
        ("Müller OR NOT b", "an exclusion cannot be an alternative of OR; exclude the whole group instead, as in -(a OR b)", 11),
    ])
    func errors(_ text: String, _ message: String, _ column: Int) {
        #expect(error(text) == QueryError(message, column: column))
    }

    @Test func errorDescriptionHasColumn() {
        #expect(QueryError("boom", column: 7).description == "column 7: boom")
    }

    @Test func termLimit() throws {
        let ok = Array(repeating: "w", count: 256).joined(separator: " ")
        #expect(try QueryCompiler.compile(ok).match != nil)
        #expect(error(ok + " w") == QueryError("query has more than 256 terms", column: 513))
    }

    @Test func depthLimit() throws {
        let ok = String(repeating: "(", count: 32) + "a" + String(repeating: ")", count: 32)
        #expect(try QueryCompiler.compile(ok).match == "\"a\"")
        let deep = String(repeating: "(", count: 33) + "a"
        #expect(error(deep) == QueryError("parentheses are nested more than 32 levels deep", column: 33))
        #expect(error(String(repeating: "NEAR(", count: 40) + "a")?.column == 161)
        #expect(error(String(repeating: "-(", count: 40) + "a")?.column == 66)
        #expect(error(String(repeating: "(", count: 9_999) + "a")?.column == 33)
    }

    @Test func sizeLimit() {
        #expect(error(String(repeating: "(", count: 100_000)) == QueryError("query is longer than 10000 bytes", column: 10_001))
        let megabyte = String(repeating: "war peace ", count: 100_000)
        #expect(error(megabyte) == QueryError("query is longer than 10000 bytes", column: 10_001))
        // Multi-byte characters: the column counts characters, not bytes.
        #expect(error(String(repeating: "é", count: 6_000))?.column == 5_001)
    }

    @Test func longPrefixChainsDoNotRecurse() throws {
        let nots = String(repeating: "NOT ", count: 2_400) + "a"   // an even count cancels out
        #expect(try QueryCompiler.compile(nots).match == "\"a\"")
        let fields = String(repeating: "title:", count: 1_500) + "a"
        #expect(try QueryCompiler.compile(fields).match == "title : \"a\"")
    }
}
