import Foundation
import Testing
@testable import Gazette

/// Facet counts and totals on a generated corpus, checked against SQL run
/// directly on the index's tables and against the generator's own bookkeeping.
@Suite struct FacetTests {
    struct Generated {
        let article: TestArticle
        let host: String
        let day: Int  // days since 1970-01-01
        let harborInTitle: Bool
        let harborInBody: Bool
        let zephyr: Bool
    }

    static let hosts = ["alpha-times.com", "beta-post.org", "gamma-wire.net", "delta-news.co.uk", "epsilon.info"]
    static let filler = ["river", "market", "council", "budget", "weather", "school", "train", "museum",
                         "festival", "library", "bridge", "garden", "mayor", "ferry", "orchard", "tunnel"]

    static func epochDay(_ text: String) -> Int {
        let parts = text.split(separator: "-").map { Int($0)! }
        var components = DateComponents()
        components.year = parts[0]; components.month = parts[1]; components.day = parts[2]
        let date = utc.date(from: components)!
        return Int((date.timeIntervalSince1970 / 86_400).rounded())
    }

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static let isoCalendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func date(ofEpochDay day: Int) -> Date { Date(timeIntervalSince1970: Double(day) * 86_400) }

    /// Bucket labels computed with Foundation, independently of `DateGranularity`.
    static func label(_ day: Int, _ granularity: DateGranularity) -> String {
        let date = date(ofEpochDay: day)
        let c = utc.dateComponents([.year, .month, .day], from: date)
        func pad(_ v: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(v).count)) + String(v) }
        switch granularity {
        case .day: return "\(pad(c.year!, 4))-\(pad(c.month!, 2))-\(pad(c.day!, 2))"
        case .month: return "\(pad(c.year!, 4))-\(pad(c.month!, 2))"
        case .year: return pad(c.year!, 4)
        case .week:
            let w = isoCalendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
            return "\(pad(w.yearForWeekOfYear!, 4))-W\(pad(w.weekOfYear!, 2))"
        }
    }

    /// The corpus: ~300 pseudo-random articles over five sources and 2023–2025,
    /// plus fixed articles on the edges of years and ISO weeks.
    static let generated: [Generated] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let first = epochDay("2023-01-01"), last = epochDay("2025-12-31")
        var result: [Generated] = []
        func add(day: Int, hostIndex: Int, harborInTitle: Bool, harborInBody: Bool, zephyr: Bool) {
            let number = result.count
            let host = hosts[hostIndex]
            var title = [filler[next(filler.count)], filler[next(filler.count)]]
            if harborInTitle { title.insert("Harbor", at: 1) }
            var paragraphs: [String] = []
            for _ in 0..<(1 + next(3)) {
                paragraphs.append((0..<(4 + next(6))).map { _ in filler[next(filler.count)] }.joined(separator: " "))
            }
            if harborInBody {
                var words = paragraphs[0].split(separator: " ").map(String.init)
                words.insert("harbor", at: next(words.count + 1))
                paragraphs[0] = words.joined(separator: " ")
            }
            if zephyr { paragraphs[paragraphs.count - 1] += " zephyr" }
            let url = "https://\(number % 3 == 0 ? "www." : "")\(host)/story/\(number)"
            let text = label(day, .day)
            result.append(Generated(article: TestArticle(url, text, title.joined(separator: " "), paragraphs.joined(separator: "\n")),
                                    host: host, day: day, harborInTitle: harborInTitle, harborInBody: harborInBody, zephyr: zephyr))
        }
        for _ in 0..<300 {
            let day = first + next(last - first + 1)
            // Skewed source weights so that source counts differ.
            let weights = [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4]
            let hostIndex = weights[next(weights.count)]
            let roll = next(100)
            add(day: day, hostIndex: hostIndex, harborInTitle: roll < 20, harborInBody: roll >= 10 && roll < 60,
                zephyr: next(100) < 4)
        }
        // Edges: 2023-01-01 is a Sunday in ISO week 2022-W52; 2025-12-29..31 are in 2026-W01;
        // 2024-02-29 is a leap day.
        for (text, host) in [("2023-01-01", 4), ("2025-12-31", 4), ("2025-12-29", 3), ("2024-02-29", 2),
                             ("2024-12-30", 1), ("2024-01-01", 0)] {
            add(day: epochDay(text), hostIndex: host, harborInTitle: false, harborInBody: true, zephyr: true)
        }
        return result
    }()

    /// One search's expected counts, from SQL on the plain tables.
    struct Expected {
        var total = 0
        var sources: [FacetCount] = []
        var days: [Int] = []
    }

    /// `condition` is SQL over `a` (articles) and `s` (sources); `text` is a
    /// space-padded, lower-cased title + body to LIKE marker words against.
    func expected(_ corpus: TestCorpus, where condition: String, facetLimit: Int = 10) throws -> Expected {
        let database = corpus.index.database
        let text = "(' ' || lower(a.title) || ' ' || replace(lower(a.body), char(10), ' ') || ' ')"
        let from = "FROM articles a JOIN sources s ON s.id = a.source_id WHERE " + condition.replacing("TEXT", with: text)
        var result = Expected()
        result.total = try corpus.sqlInt("SELECT count(*) " + from)
        let sources = try database.prepare("SELECT s.host, count(*) AS n \(from) GROUP BY s.host ORDER BY n DESC, s.host LIMIT \(facetLimit)")
        while try sources.step() { result.sources.append(FacetCount(value: sources.string(0), count: sources.int(1))) }
        let days = try database.prepare("SELECT a.day \(from) ORDER BY a.day")
        while try days.step() { result.days.append(days.int(0)) }
        return result
    }

    /// Buckets from the first to the last matching day, every label in
    /// between present (zero when empty).
    func buckets(_ days: [Int], _ granularity: DateGranularity) -> [FacetCount] {
        guard let first = days.first, let last = days.last else { return [] }
        var counts: [String: Int] = [:]
        for day in days { counts[Self.label(day, granularity), default: 0] += 1 }
        var labels: [String] = []
        for day in first...last {
            let label = Self.label(day, granularity)
            if labels.last != label { labels.append(label) }
        }
        return labels.map { FacetCount(value: $0, count: counts[$0] ?? 0) }
    }

    func check(_ corpus: TestCorpus, _ query: String, where condition: String, options base: SearchOptions = SearchOptions(),
               bookkeeping: ((Generated) -> Bool)? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let oracle = try expected(corpus, where: condition, facetLimit: base.facetLimit)
        #expect(oracle.total > 0, "the corpus should have matches for \(query)", sourceLocation: sourceLocation)
        if let bookkeeping {
            let mine = Self.generated.filter(bookkeeping)
            #expect(mine.count == oracle.total, "bookkeeping vs SQL for \(query)", sourceLocation: sourceLocation)
            #expect(mine.map(\.day).sorted() == oracle.days, "bookkeeping days vs SQL for \(query)", sourceLocation: sourceLocation)
        }
        for granularity in DateGranularity.allCases {
            var options = base
            options.facets = true
            options.granularity = granularity
            let result = try corpus.searcher.search(query, options: options)
            #expect(result.total == oracle.total, "total of \(query)", sourceLocation: sourceLocation)
            guard let facets = result.facets else {
                Issue.record("no facets for \(query)", sourceLocation: sourceLocation)
                continue
            }
            #expect(facets.sources == oracle.sources, "sources of \(query)", sourceLocation: sourceLocation)
            #expect(facets.granularity == granularity, sourceLocation: sourceLocation)
            let expectedBuckets = buckets(oracle.days, granularity)
            #expect(facets.dates == expectedBuckets, "\(granularity) buckets of \(query)", sourceLocation: sourceLocation)
            #expect(facets.dates.reduce(0) { $0 + $1.count } == oracle.total, sourceLocation: sourceLocation)
            let pattern: String = switch granularity {
            case .day: #"^\d{4}-\d{2}-\d{2}$"#
            case .week: #"^\d{4}-W\d{2}$"#
            case .month: #"^\d{4}-\d{2}$"#
            case .year: #"^\d{4}$"#
            }
            #expect(facets.dates.allSatisfy { $0.value.range(of: pattern, options: .regularExpression) != nil },
                    sourceLocation: sourceLocation)
        }
    }


    func corpus() throws -> TestCorpus { try makeIndex(Self.generated.map(\.article)) }

    // MARK: - Tests

    @Test func corpusMatchesItsBookkeeping() throws {
        let corpus = try corpus()
        #expect(try corpus.sqlInt("SELECT count(*) FROM articles") == Self.generated.count)
        #expect(try corpus.sqlInt("SELECT count(*) FROM sources") == Self.hosts.count)
        for host in Self.hosts {
            #expect(try corpus.sqlInt("SELECT count(*) FROM articles a JOIN sources s ON s.id = a.source_id WHERE s.host = ?1",
                                      [.text(host)]) == Self.generated.filter { $0.host == host }.count)
        }
        let harbor = Self.generated.filter { $0.harborInTitle || $0.harborInBody }.count
        #expect(harbor > 100 && harbor < Self.generated.count)
        let zephyr = Self.generated.filter(\.zephyr).count
        #expect(zephyr > 6 && zephyr < 30)
    }

    @Test func commonWordFacetsMatchSQL() throws {
        let corpus = try corpus()
        try check(corpus, "harbor", where: "TEXT LIKE '% harbor %'", bookkeeping: { $0.harborInTitle || $0.harborInBody })
    }

    @Test func rareWordFacetsMatchSQL() throws {
        let corpus = try corpus()
        try check(corpus, "zephyr", where: "TEXT LIKE '% zephyr %'", bookkeeping: \.zephyr)
    }

    @Test func fieldRestrictedWordFacetsMatchSQL() throws {
        let corpus = try corpus()
        try check(corpus, "title:harbor", where: "(' ' || lower(a.title) || ' ') LIKE '% harbor %'",
                  bookkeeping: \.harborInTitle)
        try check(corpus, "harbor -zephyr", where: "TEXT LIKE '% harbor %' AND TEXT NOT LIKE '% zephyr %'",
                  bookkeeping: { ($0.harborInTitle || $0.harborInBody) && !$0.zephyr })
        try check(corpus, "harbor OR zephyr", where: "(TEXT LIKE '% harbor %' OR TEXT LIKE '% zephyr %')",
                  bookkeeping: { $0.harborInTitle || $0.harborInBody || $0.zephyr })
    }

    @Test func wordWithDateAndSourceFiltersMatchesSQL() throws {
        let corpus = try corpus()
        let low = Self.epochDay("2024-03-01"), high = Self.epochDay("2024-10-31")
        try check(corpus, "harbor after:2024-03 before:2024-10 source:www.beta-post.org",
                  where: "TEXT LIKE '% harbor %' AND a.day BETWEEN \(low) AND \(high) AND s.host = 'beta-post.org'",
                  bookkeeping: { ($0.harborInTitle || $0.harborInBody) && (low...high).contains($0.day) && $0.host == "beta-post.org" })
        let d1 = Self.epochDay("2024-01-01"), d2 = Self.epochDay("2024-12-31")
        try check(corpus, "harbor date:2024 source:alpha-times.com source:GAMMA-WIRE.NET",
                  where: "TEXT LIKE '% harbor %' AND a.day BETWEEN \(d1) AND \(d2) AND s.host IN ('alpha-times.com', 'gamma-wire.net')",
                  bookkeeping: { ($0.harborInTitle || $0.harborInBody) && (d1...d2).contains($0.day)
                      && ["alpha-times.com", "gamma-wire.net"].contains($0.host) })
    }

    @Test func optionFiltersMatchSQL() throws {
        let corpus = try corpus()
        var options = SearchOptions()
        options.compile.from = DateSpec(parsing: "2023-07")
        options.compile.to = DateSpec(parsing: "2025-02-14")
        options.compile.sources = ["https://www.delta-news.co.uk/", "epsilon.info"]
        let low = Self.epochDay("2023-07-01"), high = Self.epochDay("2025-02-14")
        try check(corpus, "harbor", where: "TEXT LIKE '% harbor %' AND a.day BETWEEN \(low) AND \(high) AND s.host IN ('delta-news.co.uk', 'epsilon.info')",
                  options: options,
                  bookkeeping: { ($0.harborInTitle || $0.harborInBody) && (low...high).contains($0.day)
                      && ["delta-news.co.uk", "epsilon.info"].contains($0.host) })
    }

    @Test func filterOnlyQueriesFacetEveryArticleInRange() throws {
        let corpus = try corpus()
        let d1 = Self.epochDay("2024-01-01"), d2 = Self.epochDay("2024-12-31")
        try check(corpus, "date:2024", where: "a.day BETWEEN \(d1) AND \(d2)", bookkeeping: { (d1...d2).contains($0.day) })
        try check(corpus, "source:alpha-times.com source:epsilon.info",
                  where: "s.host IN ('alpha-times.com', 'epsilon.info')",
                  bookkeeping: { ["alpha-times.com", "epsilon.info"].contains($0.host) })
        let m1 = Self.epochDay("2024-02-01"), m2 = Self.epochDay("2024-02-29")
        try check(corpus, "date:2024-02", where: "a.day BETWEEN \(m1) AND \(m2)", bookkeeping: { (m1...m2).contains($0.day) })
        try check(corpus, "after:2022", where: "1", bookkeeping: { _ in true })
    }

    @Test func facetLimitKeepsTheLargestSources() throws {
        let corpus = try corpus()
        var options = SearchOptions()
        options.facetLimit = 3
        try check(corpus, "harbor", where: "TEXT LIKE '% harbor %'", options: options)
        options.facetLimit = 1
        try check(corpus, "date:2025", where: "a.day BETWEEN \(Self.epochDay("2025-01-01")) AND \(Self.epochDay("2025-12-31"))",
                  options: options)
    }

    @Test func facetsCountAllMatchesNotOnlyThePage() throws {
        let corpus = try corpus()
        var options = SearchOptions()
        options.facets = true
        options.limit = 2
        options.offset = 5
        let result = try corpus.searcher.search("harbor", options: options)
        #expect(result.hits.count == 2)
        #expect(result.facets?.sources.reduce(0) { $0 + $1.count } == result.total)
        #expect(result.facets?.dates.reduce(0) { $0 + $1.count } == result.total)
    }

    @Test func noMatchesGiveEmptyFacets() throws {
        let corpus = try corpus()
        var options = SearchOptions()
        options.facets = true
        for query in ["nonexistentword", "harbor date:2026", "harbor after:2025 before:2024", "harbor source:nowhere.org"] {
            let result = try corpus.searcher.search(query, options: options)
            #expect(result.total == 0)
            #expect(result.hits.isEmpty)
            #expect(result.facets?.sources == [])
            #expect(result.facets?.dates == [])
        }
    }

    @Test func emptyBucketsBetweenMatchesAreZero() throws {
        let corpus = try makeIndex([
            TestArticle("https://a.com/1", "2024-01-30", "Storm", "storm warning"),
            TestArticle("https://a.com/2", "2024-04-02", "Storm", "storm passed"),
            TestArticle("https://b.com/3", "2024-04-03", "Calm", "calm day"),
        ])
        var options = SearchOptions()
        options.facets = true
        options.granularity = .month
        let month = try corpus.searcher.search("storm", options: options).facets?.dates
        #expect(month == [FacetCount(value: "2024-01", count: 1), FacetCount(value: "2024-02", count: 0),
                          FacetCount(value: "2024-03", count: 0), FacetCount(value: "2024-04", count: 1)])
        options.granularity = .week
        let week = try corpus.searcher.search("storm", options: options).facets?.dates
        #expect(week?.first == FacetCount(value: "2024-W05", count: 1))
        #expect(week?.last == FacetCount(value: "2024-W14", count: 1))
        #expect(week?.count == 10)
        #expect(week?.dropFirst().dropLast().allSatisfy { $0.count == 0 } == true)
        options.granularity = .day
        let day = try corpus.searcher.search("storm", options: options).facets?.dates
        #expect(day?.count == 64)  // 2024-01-30 ... 2024-04-02 in a leap year
        #expect(day?.first?.value == "2024-01-30" && day?.last?.value == "2024-04-02")
        #expect(day?.contains(FacetCount(value: "2024-02-29", count: 0)) == true)
        options.granularity = .year
        #expect(try corpus.searcher.search("storm", options: options).facets?.dates == [FacetCount(value: "2024", count: 2)])
    }

    @Test func isoWeekLabelsCrossYearBoundaries() throws {
        let corpus = try makeIndex([
            TestArticle("https://a.com/1", "2023-01-01", "Tide", "tide"),   // Sunday of 2022-W52
            TestArticle("https://a.com/2", "2024-12-30", "Tide", "tide"),   // Monday of 2025-W01
            TestArticle("https://a.com/3", "2025-12-29", "Tide", "tide"),   // Monday of 2026-W01
            TestArticle("https://a.com/4", "2020-12-31", "Tide", "tide"),   // Thursday of 2020-W53
        ])
        var options = SearchOptions()
        options.facets = true
        options.granularity = .week
        let weeks = try corpus.searcher.search("tide", options: options).facets?.dates ?? []
        let nonEmpty = weeks.filter { $0.count > 0 }.map(\.value)
        #expect(nonEmpty == ["2020-W53", "2022-W52", "2025-W01", "2026-W01"])
        #expect(weeks.map(\.value).contains("2021-W01"))
        #expect(Set(weeks.map(\.value)).count == weeks.count)
    }

    @Test func granularityIsChosenFromTheSpanOfTheMatches() throws {
        let corpus = try corpus()
        var options = SearchOptions()
        options.facets = true
        #expect(try corpus.searcher.search("harbor", options: options).facets?.granularity == .month)
        #expect(try corpus.searcher.search("date:2024-05", options: options).facets?.granularity == .day)
        #expect(try corpus.searcher.search("after:2024-01-01 before:2024-06-30", options: options).facets?.granularity == .week)
        // A single matching day.
        let oneDay = Self.generated[0].article.date
        #expect(try corpus.searcher.search("date:\(oneDay)", options: options).facets?.granularity == .day)
    }
}

/// The ids a source or language filter admits, as the match pass tests them.
@Suite struct IDFilterTests {
    @Test func aFilterAdmitsExactlyItsIDs() {
        let ids: Set<Int> = [0, 3, 64, 1_000]
        let filter = IDFilter(ids)
        for id in -5...1_100 { #expect(filter.contains(id) == ids.contains(id), "\(id)") }
        #expect(!IDFilter([]).contains(0))
        #expect(IDFilter([-1, 2]).contains(2) && !IDFilter([-1, 2]).contains(-1))
        // An id past what article_facts can hold (a damaged sources table) admits nothing and allocates nothing.
        let past = IDFilter([7, Int.max, 1 << 40])
        #expect(past.contains(7) && !past.contains(Int.max) && !past.contains(1 << 40))
    }
}

/// The galloping search that article_facts' lookups and list intersections share.
@Suite struct SortedSearchTests {
    @Test func firstPositionIsTheFirstValueNotBelowFromTheStart() {
        var state: UInt64 = 7
        func next() -> UInt64 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return state >> 33 }
        for size in [0, 1, 2, 3, 8, 100, 1_000] {
            var values: [Int64] = []
            var value: Int64 = 0
            for _ in 0..<size { value += Int64(next() % 4); values.append(value) }
            for _ in 0..<200 {
                let start = size == 0 ? 0 : Int(next() % UInt64(size + 1))
                let wanted = Int64(next() % UInt64(value + 3)) - 1
                let expected = values[start...].firstIndex { $0 >= wanted } ?? values.count
                #expect(values.firstPosition(notBelow: wanted, from: start) == expected, "\(wanted) from \(start) in \(size)")
                // A slice keeps its parent's indices.
                let slice = values[(size / 3)...]
                let sliceStart = max(start, slice.startIndex)
                #expect(slice.firstPosition(notBelow: wanted, from: sliceStart) == (slice[sliceStart...].firstIndex { $0 >= wanted } ?? slice.endIndex))
            }
        }
    }
}
