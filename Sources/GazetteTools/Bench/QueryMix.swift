import Gazette
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One benchmark query, written for both engines.
public struct BenchQuery: Sendable, Equatable, CustomStringConvertible {
    public enum Category: String, Sendable, CaseIterable {
        /// A word in a handful of articles.
        case rare
        /// A word in about 1–5% of articles.
        case medium
        /// A word in about 10–60% of articles.
        case common
        case twoWords = "two_words"
        case threeWords = "three_words"
        /// Three consecutive words of a real article, as a phrase.
        case phrase
        /// A word within one year.
        case dateFiltered = "date_filtered"
        /// A word within one source.
        case sourceFiltered = "source_filtered"
        /// A common word with source counts (and, for Gazette, the date histogram).
        case facet
        /// A common word, newest first (`--sort newest`; the baseline orders by date).
        case newest
        /// A line of a `--queries` file.
        case file
    }

    public let category: Category
    /// The query in Gazette's query language.
    public let text: String
    /// The same query for the raw-FTS5 baseline.
    public let baseline: BaselineIndex.Query
    /// Ask for facets (Gazette: `SearchOptions.facets`; baseline: `GROUP BY source`).
    public let facets: Bool
    /// Gazette's sort order; the baseline's is `baseline.newestFirst`.
    public let sort: Gazette.SortOrder

    public init(category: Category, text: String, baseline: BaselineIndex.Query, facets: Bool = false,
                sort: Gazette.SortOrder = .relevance) {
        self.category = category
        self.text = text
        self.baseline = baseline
        self.facets = facets
        self.sort = sort
    }

    public var description: String {
        "\(category.rawValue): \(text)\(facets ? " (facets)" : "")\(sort == .relevance ? "" : " (\(sort.rawValue))")"
    }

    /// Gazette's search options for this query.
    public var options: SearchOptions {
        var options = SearchOptions()
        options.facets = facets
        options.sort = sort
        return options
    }
}

/// Builds the benchmark's query mix.
///
/// Generated mixes come from the corpus's own vocabulary, so they suit any
/// archive: document frequencies of plain words (ASCII letters, 4 to 20 long)
/// over a sample of articles pick rare, medium and common words; multi-word,
/// phrase and filtered queries are taken from single sampled articles, so
/// every query has at least one match. The same sample gives the same mix.
public enum QueryMix {
    /// Queries per category in a generated mix.
    public static let defaultPerCategory = 5

    /// Articles evenly spaced over `files` (at most `limit`), parsed; the sample a mix is drawn from.
    public static func sample(_ files: [SourceFile], limit: Int = 5_000) -> [ParsedArticle] {
        guard !files.isEmpty, limit > 0 else { return [] }
        let step = max(1, files.count / limit)
        var articles: [ParsedArticle] = []
        var index = 0
        while index < files.count && articles.count < limit {
            if case .success(let article) = ArticleParser.parseFile(atPath: files[index].path) { articles.append(article) }
            index += step
        }
        return articles
    }

    /// A deterministic mix for `articles` (the same articles in the same order give the same mix).
    public static func generate(from articles: [ParsedArticle], perCategory: Int = defaultPerCategory) -> [BenchQuery] {
        guard !articles.isEmpty, perCategory > 0 else { return [] }
        let vocabulary = Vocabulary(articles)
        let n = articles.count
        let rare = vocabulary.band(2...max(3, n / 500), fallback: 0.95...1.0)
        let medium = vocabulary.band(max(2, n / 100)...max(2, n / 20), fallback: 0.4...0.7)
        let common = vocabulary.band(max(2, n / 10)...max(2, n * 6 / 10), fallback: 0.0...0.1)
        let mediumSet = Set(medium), commonSet = Set(common)

        var queries: [BenchQuery] = []
        func single(_ category: BenchQuery.Category, _ words: [String]) {
            for word in pick(words, perCategory) {
                queries.append(BenchQuery(category: category, text: word, baseline: .init(words: [word])))
            }
        }
        single(.rare, rare)
        single(.medium, medium)
        single(.common, common)

        // Articles spread over the sample, a group per category; each query's words come from one of them.
        let chosen = pick(Array(articles.indices), perCategory * 5)
        func group(_ number: Int) -> [Int] {
            (0..<perCategory).map { chosen[(number * perCategory + $0) % chosen.count] }
        }

        for (offset, index) in group(0).enumerated() {
            let words = vocabulary.words(of: articles[index])
            let c = words.filter(commonSet.contains), m = words.filter(mediumSet.contains)
            let pair = [first(c, salt: offset), first(m, salt: offset) ?? first(c, salt: offset + 1)].compactMap { $0 }
            add(&queries, .twoWords, unique(pair))
        }
        for (offset, index) in group(1).enumerated() {
            let words = vocabulary.words(of: articles[index])
            let c = words.filter(commonSet.contains), m = words.filter(mediumSet.contains)
            var triple = [first(c, salt: offset)] + Array(ordered(m, salt: offset).prefix(2))
            if triple.compactMap({ $0 }).count < 3 { triple += ordered(c, salt: offset + 7).map(Optional.some) }
            add(&queries, .threeWords, Array(unique(triple.compactMap { $0 }).prefix(3)))
        }
        for index in group(2) {
            if let phrase = phrase(in: articles[index]) {
                queries.append(BenchQuery(category: .phrase, text: "\"" + phrase.joined(separator: " ") + "\"",
                                          baseline: .init(phrase: phrase)))
            }
        }
        for (offset, index) in group(3).enumerated() {
            let article = articles[index]
            let words = vocabulary.words(of: article)
            guard let word = first(words.filter(offset % 2 == 0 ? commonSet.contains : mediumSet.contains), salt: offset)
                    ?? first(words, salt: offset),
                  let year = DateSpec(parsing: Day.pad(article.date.year, 4)) else { continue }
            queries.append(BenchQuery(category: .dateFiltered, text: "\(word) date:\(year.text)",
                                      baseline: .init(words: [word], firstDay: year.first, lastDay: year.last)))
        }
        for (offset, index) in group(4).enumerated() {
            let article = articles[index]
            let words = vocabulary.words(of: article)
            guard let word = first(words.filter(offset % 2 == 0 ? commonSet.contains : mediumSet.contains), salt: offset)
                    ?? first(words, salt: offset),
                  let source = QueryFilters.normalizeSource(article.source) else { continue }
            queries.append(BenchQuery(category: .sourceFiltered, text: "\(word) source:\(source)",
                                      baseline: .init(words: [word], source: source)))
        }
        for word in pick(Array(common.reversed()), perCategory) {
            queries.append(BenchQuery(category: .facet, text: word, baseline: .init(words: [word]), facets: true))
        }
        // Other common words than the two picks above take (an order of their own), newest first.
        for word in pick(ordered(common, salt: 11), perCategory) {
            var baseline = BaselineIndex.Query(words: [word])
            baseline.newestFirst = true
            queries.append(BenchQuery(category: .newest, text: word, baseline: baseline, sort: .newest))
        }
        return queries
    }

    private static func add(_ queries: inout [BenchQuery], _ category: BenchQuery.Category, _ words: [String]) {
        guard words.count >= 2 else { return }
        queries.append(BenchQuery(category: category, text: words.joined(separator: " "), baseline: .init(words: words)))
    }

    /// `count` items evenly spaced over `items` (all of them when there are fewer).
    static func pick<T>(_ items: [T], _ count: Int) -> [T] {
        guard items.count > count else { return items }
        return (0..<count).map { items[($0 * items.count + items.count / 2) / count] }
    }

    /// Words in a stable pseudo-random order (FNV-1a of the word and a salt).
    static func ordered(_ words: [String], salt: Int) -> [String] {
        words.map { (fnv($0, salt), $0) }.sorted { $0 < $1 }.map(\.1)
    }

    static func first(_ words: [String], salt: Int) -> String? { ordered(words, salt: salt).first }

    static func unique(_ words: [String]) -> [String] {
        var seen = Set<String>()
        return words.filter { seen.insert($0).inserted }
    }

    static func fnv(_ text: String, _ salt: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: salt)
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }

    /// Three consecutive plain words (at least one of them 4 letters or longer), from the middle of the body.
    static func phrase(in article: ParsedArticle) -> [String]? {
        for paragraph in article.paragraphs {
            let tokens = paragraph.split(separator: " ").map { $0.lowercased() }
            var windows: [[String]] = []
            var run: [String] = []
            for token in tokens {
                if token.count <= 20, !token.isEmpty, token.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) {
                    run.append(token)
                    if run.count >= 3 {
                        let window = Array(run.suffix(3))
                        if window.contains(where: { $0.count >= 4 }) { windows.append(window) }
                    }
                } else {
                    run = []
                }
            }
            if !windows.isEmpty { return windows[windows.count / 2] }
        }
        return nil
    }

    // MARK: Queries from a file

    /// Reads one query per line; blank lines and lines starting with `#` are skipped.
    public static func load(path: String) throws(GazetteError) -> [BenchQuery] {
        switch ArticleParser.readFile(atPath: path, limit: 16 << 20) {
        case .failure(let rejection):
            throw GazetteError.input(path: path, detail: rejection.reason)
        case .success(let bytes):
            let text = String(decoding: bytes, as: UTF8.self)
            return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).compactMap { parse(line: String($0)) }
        }
    }

    /// One line of a queries file. Gazette gets the line as written (its full
    /// query language); the baseline understands plain words, `"phrases"`,
    /// `source:HOST` and `date:`/`after:`/`before:` with `YYYY[-MM[-DD]]`, and
    /// takes anything else (OR, -word, NEAR, prefix*) as plain words.
    public static func parse(line: String) -> BenchQuery? {
        let text = line.trimmingSpaces
        guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
        var terms: [[String]] = []
        var first: Day?, last: Day?, source: String?
        var rest = Substring(text)
        while let start = rest.firstIndex(where: { $0 != " " && $0 != "\t" }) {
            rest = rest[start...]
            if rest.first == "\"" {
                let body = rest.dropFirst()
                let end = body.firstIndex(of: "\"") ?? body.endIndex
                let words = body[..<end].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                if !words.isEmpty { terms.append(words) }
                rest = end < body.endIndex ? body[body.index(after: end)...] : body[end...]
                continue
            }
            let end = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? rest.endIndex
            let token = String(rest[..<end])
            rest = rest[end...]
            if let colon = token.firstIndex(of: ":") {
                let key = token[..<colon].lowercased()
                let value = token[token.index(after: colon)...]
                switch key {
                case "source":
                    if let host = QueryFilters.normalizeSource(String(value)) { source = host; continue }
                case "date", "after", "before":
                    if let spec = DateSpec(parsing: value) {
                        if key != "before" { first = max(first ?? spec.first, spec.first) }
                        if key != "after" { last = min(last ?? spec.last, spec.last) }
                        continue
                    }
                default:
                    break
                }
            }
            terms.append([token])
        }
        guard !terms.isEmpty else { return nil }
        return BenchQuery(category: .file, text: text,
                          baseline: .init(terms: terms, firstDay: first, lastDay: last, source: source))
    }
}

/// Document frequencies of plain words over a sample of articles.
struct Vocabulary {
    /// Words by document frequency, most frequent first (ties by word).
    let ranked: [(word: String, df: Int)]

    init(_ articles: [ParsedArticle]) {
        var df: [String: Int] = [:]
        for article in articles {
            for word in Vocabulary.plainWords(article) { df[word, default: 0] += 1 }
        }
        ranked = df.map { ($0.key, $0.value) }.sorted { $0.df != $1.df ? $0.df > $1.df : $0.word < $1.word }
        frequency = df
    }

    let frequency: [String: Int]

    /// Words whose document frequency lies in `range`, most frequent first; when none
    /// does, the words at the given fraction of the ranking (0 = most frequent).
    func band(_ range: ClosedRange<Int>, fallback: ClosedRange<Double>) -> [String] {
        let inRange = ranked.filter { range.contains($0.df) }.map(\.word)
        if !inRange.isEmpty { return inRange }
        let usable = ranked.filter { $0.df >= 2 }
        guard !usable.isEmpty else { return ranked.map(\.word) }
        let low = Int(fallback.lowerBound * Double(usable.count - 1))
        let high = Int(fallback.upperBound * Double(usable.count - 1))
        return usable[low...high].map(\.word)
    }

    /// The article's distinct plain words in sorted order.
    func words(of article: ParsedArticle) -> [String] {
        Vocabulary.plainWords(article).sorted()
    }

    /// Lower-cased space-separated words stripped of edge punctuation, kept
    /// when they are 4 to 20 ASCII letters (so every tokenizer agrees on them)
    /// and not an FTS5 or Gazette operator.
    static func plainWords(_ article: ParsedArticle) -> Set<String> {
        var words = Set<String>()
        func scan(_ text: String) {
            for raw in text.split(separator: " ") {
                let trimmed = raw.drop(while: { !$0.isLetter }).reversed().drop(while: { !$0.isLetter }).reversed()
                let word = String(trimmed).lowercased()
                guard (4...20).contains(word.utf8.count), word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }),
                      word != "near" else { continue }
                words.insert(word)
            }
        }
        scan(article.title)
        for paragraph in article.paragraphs { scan(paragraph) }
        return words
    }
}

extension String {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let c = slice.first, c == " " || c == "\t" || c == "\r" { slice = slice.dropFirst() }
        while let c = slice.last, c == " " || c == "\t" || c == "\r" { slice = slice.dropLast() }
        return String(slice)
    }
}
