import Testing
@testable import Gazette

/// Compilation: exact FTS5 expressions, filters, options, and a randomized
/// robustness check.
@Suite struct QueryCompilerTests {
    private func match(_ text: String, anyMode: Bool = false) throws -> String? {
        var options = CompileOptions()
        options.anyMode = anyMode
        return try QueryCompiler.compile(text, options: options).match
    }

    private func day(_ text: String) -> Day? { Day(parsing: text) }

    @Test(arguments: [
        ("war peace", "\"war\" AND \"peace\""),
        ("war AND peace", "\"war\" AND \"peace\""),
        ("\"peace talks\"", "\"peace talks\""),
        ("war OR peace", "\"war\" OR \"peace\""),
        ("war | peace", "\"war\" OR \"peace\""),
        ("a b OR c", "\"a\" AND (\"b\" OR \"c\")"),
        ("(war OR conflict) ukraine", "(\"war\" OR \"conflict\") AND \"ukraine\""),
        ("war -peace", "\"war\" NOT \"peace\""),
        ("war NOT peace", "\"war\" NOT \"peace\""),
        ("a b -c -d", "(\"a\" AND \"b\") NOT \"c\" NOT \"d\""),
        ("war -\"peace talks\"", "\"war\" NOT \"peace talks\""),
        ("war -(peace OR truce)", "\"war\" NOT (\"peace\" OR \"truce\")"),
        ("x (a -b)", "(\"x\" AND \"a\") NOT \"b\""),
        ("x OR (a -b)", "\"x\" OR (\"a\" NOT \"b\")"),
        ("x -(a -b)", "\"x\" NOT (\"a\" NOT \"b\")"),
        ("-(-a) b", "\"a\" AND \"b\""),
        ("x -(-a -b)", "\"x\" AND (\"a\" OR \"b\")"),
        ("ukrain*", "\"ukrain\" *"),
        ("\"new yor\"*", "\"new yor\" *"),
        ("NEAR(ceasefire gaza, 5)", "NEAR(\"ceasefire\" \"gaza\", 5)"),
        ("NEAR(a b)", "NEAR(\"a\" \"b\", 10)"),
        ("NEAR(a b,5)", "NEAR(\"a\" \"b\", 5)"),
        ("NEAR(a b ,5)", "NEAR(\"a\" \"b\", 5)"),
        ("NEAR(\"peace talks\" gaza , 7)", "NEAR(\"peace talks\" \"gaza\", 7)"),
        ("NEAR(\"peace talks\", 7 gaza)", "NEAR(\"peace talks\" \"7\" \"gaza\", 10)"),
        ("NEAR(a b 5)", "NEAR(\"a\" \"b\" \"5\", 10)"),
        ("NEAR(a gaz*, 99999999999999999999999)", "NEAR(\"a\" \"gaz\" *, 10000)"),
        ("a NEAR b", "NEAR(\"a\" \"b\", 10)"),
        ("a NEAR/3 b", "NEAR(\"a\" \"b\", 3)"),
        ("a NEAR/3 b NEAR/5 c", "NEAR(\"a\" \"b\" \"c\", 5)"),
        ("NEAR(a (b OR c))", "\"a\" AND (\"b\" OR \"c\")"),
        ("NEAR(a -b)", "\"a\" NOT \"b\""),
        ("NEAR(a title:b)", "\"a\" AND title : \"b\""),
        ("NEAR(a)", "\"a\""),
        ("title:war", "title : \"war\""),
        ("body:war", "body : \"war\""),
        ("title:\"peace talks\"", "title : \"peace talks\""),
        ("title:(war OR peace)", "title : (\"war\" OR \"peace\")"),
        ("title:(a -b)", "title : (\"a\" NOT \"b\")"),
        ("title:war peace", "title : \"war\" AND \"peace\""),
        ("title:war title:peace", "title : (\"war\" AND \"peace\")"),
        ("-title:war peace", "\"peace\" NOT title : \"war\""),
        ("title:NEAR(a b)", "title : NEAR(\"a\" \"b\", 10)"),
        ("title:(a body:b)", "title : \"a\" AND body : \"b\""),
        ("(war source:bbc.co.uk) peace after:2024", "\"war\" AND \"peace\""),
    ])
    func expressions(_ text: String, _ expected: String) throws {
        let actual = try match(text)
        #expect(actual == expected)
    }

    @Test(arguments: [
        ("a b", "\"a\" OR \"b\""),
        ("a", "\"a\""),
        ("a b -c", "(\"a\" OR \"b\") NOT \"c\""),
        ("a -c", "\"a\" NOT \"c\""),
        ("\"a b\" (c OR d)", "\"a b\" OR \"c\" OR \"d\""),
        ("a OR b", "\"a\" OR \"b\""),
    ])
    func anyMode(_ text: String, _ expected: String) throws {
        let actual = try match(text, anyMode: true)
        #expect(actual == expected)
    }

    @Test func literalEscapesQuotes() {
        #expect(QueryCompiler.literal("say \"hi\"") == "\"say \"\"hi\"\"\"")
    }

    @Test func filters() throws {
        let war = try QueryCompiler.compile("war source:www.BBC.co.uk")
        #expect(war.match == "\"war\"")
        #expect(war.filters == QueryFilters(sources: ["bbc.co.uk"]))

        let onlyFilters = try QueryCompiler.compile("source:npr.org source:bbc.co.uk source:NPR.org after:2024")
        #expect(onlyFilters.match == nil && onlyFilters.tree == nil)
        #expect(onlyFilters.filters == QueryFilters(firstDay: day("2024-01-01"), sources: ["bbc.co.uk", "npr.org"]))

        let month = try QueryCompiler.compile("after:2024-05 before:2024-05 war")
        #expect(month.filters == QueryFilters(firstDay: day("2024-05-01"), lastDay: day("2024-05-31")))
        #expect(try QueryCompiler.compile("war date:2024-02").filters
                == QueryFilters(firstDay: day("2024-02-01"), lastDay: day("2024-02-29")))
        #expect(try QueryCompiler.compile("war date:2024-02-03 after:2024").filters
                == QueryFilters(firstDay: day("2024-02-03"), lastDay: day("2024-02-03")))

        let empty = try QueryCompiler.compile("war after:2024-06 before:2024-05")
        #expect(empty.filters.matchesNothing)
        #expect(!month.filters.matchesNothing)

        let quoted = try QueryCompiler.compile("war source:\"https://www.Reuters.com/world\"")
        #expect(quoted.filters.sources == ["reuters.com"])
        #expect(quoted.filters.description == "sources reuters.com")
        #expect(month.filters.description == "dates 2024-05-01...2024-05-31")
    }

    @Test func optionsCombineWithQueryFilters() throws {
        var options = CompileOptions()
        options.from = DateSpec(parsing: "2024")
        options.to = DateSpec(parsing: "2024-06")
        options.sources = ["https://www.NPR.org/news", "bbc.co.uk", "///"]
        let query = try QueryCompiler.compile("war after:2024-03 before:2025 source:bbc.co.uk source:ft.com",
                                              options: options)
        #expect(query.filters == QueryFilters(firstDay: day("2024-03-01"), lastDay: day("2024-06-30"),
                                              sources: ["bbc.co.uk", "ft.com", "npr.org"]))
        let plain = try QueryCompiler.compile("war", options: options)
        #expect(plain.filters == QueryFilters(firstDay: day("2024-01-01"), lastDay: day("2024-06-30"),
                                              sources: ["bbc.co.uk", "npr.org"]))
    }

    /// A few thousand random queries: compiling never crashes, and every
    /// expression has balanced parentheses and non-empty, wordful literals.
    @Test func randomQueriesCompileSafely() {
        var rng = QueryFuzzRNG(seed: 0x6A2E77E)
        let pieces = ["war", "peace", "OR", "AND", "NOT", "NEAR", "NEAR/3", "NEAR/x", "NEAR(", "(", ")", "\"", "-",
                      "*", "title:", "body:", "source:bbc.com", "after:2024", "before:2024-13", "date:", "|", ",", ",5",
                      "5", "C++", "AT&T", "Müller", "北京", "😀", "author:x", "\u{0}", "\n", "\u{201C}", "e\u{301}", "+++"]
        var compiled = 0
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int(rng.next() % 24) {
                if rng.next() % 5 == 0 {
                    let value = UInt32(truncatingIfNeeded: rng.next() % 0x11_0000)
                    if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
                } else {
                    text += pieces[Int(rng.next() % UInt64(pieces.count))]
                }
                if rng.next() % 3 != 0 { text += " " }
            }
            guard let query = try? QueryCompiler.compile(text), let match = query.match else { continue }
            compiled += 1
            #expect(Self.isWellFormed(match), "\(text.debugDescription) → \(match)")
        }
        #expect(compiled > 500)
    }

    /// Checks quotes and parentheses outside literals, and that each literal
    /// would keep at least one token.
    static func isWellFormed(_ expression: String) -> Bool {
        let chars = Array(expression)
        var depth = 0
        var i = 0
        while i < chars.count {
            if chars[i] == "\"" {
                var literal = ""
                i += 1
                while true {
                    guard i < chars.count else { return false }  // unterminated
                    if chars[i] == "\"" {
                        if i + 1 < chars.count, chars[i + 1] == "\"" { literal.append("\""); i += 2; continue }
                        break
                    }
                    literal.append(chars[i]); i += 1
                }
                guard literal.hasQueryWordCharacters else { return false }
            } else if chars[i] == "(" {
                depth += 1
            } else if chars[i] == ")" {
                depth -= 1
                if depth < 0 { return false }
            }
            i += 1
        }
        return depth == 0
    }
}

/// A tiny seeded generator so the randomized test is reproducible.
private struct QueryFuzzRNG {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
