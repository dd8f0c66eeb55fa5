/// Archive-wide term statistics read from the full-text index itself: how
/// many articles hold a stem, and how many articles there are.
///
/// A stem's article count is a MATCH count of a word that analyses to it (a
/// doclist read, proportional to the count). An `fts5vocab` table answered
/// the same question about 30 times slower here (SQLite 3.40, 5,000 articles).
///
/// Counts are remembered: a `Searcher` keeps one of these per index version
/// (`Searcher.termStatistics()`), so expansion and `similar` count a stem's
/// articles once, not on every query.
final class TermStatistics {
    private let database: Database
    /// Per stem: the count, and whether it is exact (false: it reached the bound it was counted to).
    private var frequencies: [String: (count: Int, exact: Bool)] = [:]
    private var articles: Int?

    init(database: Database) {
        self.database = database
    }

    /// Rows of the full-text index (one per article), read from FTS5's own
    /// averages record (`fts_data` row 1, which starts with the row count as a
    /// varint): constant time, where `count(*)` would read every article.
    func documentCount() throws(SQLiteError) -> Int {
        if let articles { return articles }
        let select = try database.cached("SELECT block FROM fts_data WHERE id = 1")
        defer { select.reset() }
        var count = 0
        if try select.step() {
            count = Int(TermStatistics.varint(select.blob(0)) ?? 0)
        }
        if count <= 0 { count = try database.scalarInt("SELECT count(*) FROM article_sources") ?? 0 }
        articles = count
        return count
    }

    /// An SQLite varint (big-endian, 7 bits a byte, the ninth byte whole) at the start of `bytes`.
    static func varint(_ bytes: [UInt8]) -> UInt64? {
        var value: UInt64 = 0
        for (index, byte) in bytes.prefix(9).enumerated() {
            if index == 8 { return (value << 8) | UInt64(byte) }
            value = (value << 7) | UInt64(byte & 0x7F)
            if byte & 0x80 == 0 { return value }
        }
        return nil
    }

    /// Articles whose title or body holds `stem`, counted up to `atMost` (a
    /// larger count is reported as `atMost`, which bounds the posting list read);
    /// `word` is a word the analyzer turns into `stem`.
    func documentFrequency(_ stem: String, word: String, atMost: Int = Int.max) throws(SQLiteError) -> Int {
        if let known = frequencies[stem] {
            if known.exact { return min(known.count, atMost) }
            if known.count >= atMost { return atMost }
        }
        guard let match = QueryCompiler.compile(tree: .term(word, field: nil, prefix: false), text: word).match else { return 0 }
        let select = try database.cached("SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ?1 LIMIT ?2)")
        defer { select.reset() }
        select.bind([.text(match), .integer(max(1, atMost))])
        let count = try select.step() ? select.int(0) : 0
        frequencies[stem] = (count, count < max(1, atMost))
        return count
    }
}

/// The terms of one text as the index holds them: frequency per stem, the
/// text's length in tokens, and how often each lower-cased surface form
/// produced each stem (to show a stem as a word a person would read).
struct TermCounts {
    var frequency: [String: Int] = [:]
    var surfaces: [String: [String: Int]] = [:]
    var length = 0

    /// Counts the text's stems. Surface forms are recorded once per stem (its first
    /// occurrence in this text), so `surfaces` counts texts, not occurrences, and a
    /// long text costs one lower-cased string per distinct stem rather than per token.
    init(_ text: String, analyzer: Analyzer) {
        var utf8 = text
        utf8.withUTF8 { bytes in
            _ = analyzer.tokenize(UnsafeRawBufferPointer(bytes), purpose: .document) { token, start, end, colocated in
                guard !colocated else { return 0 }
                length += 1
                let stem = String(decoding: token, as: UTF8.self)
                let previous = frequency[stem, default: 0]
                frequency[stem] = previous + 1
                if previous == 0, start >= 0, end <= bytes.count, start < end {
                    let surface = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).lowercased()
                    surfaces[stem, default: [:]][surface, default: 0] += 1
                }
                return 0
            }
        }
    }

    /// Adds another text's surface counts into `into`.
    func mergeSurfaces(into total: inout [String: [String: Int]]) {
        for (stem, forms) in surfaces {
            for (form, count) in forms { total[stem, default: [:]][form, default: 0] += count }
        }
    }

    /// The most frequent surface form of `stem` (ties: the shorter, then the first alphabetically).
    static func shownForm(of stem: String, in surfaces: [String: [String: Int]]) -> String {
        guard let forms = surfaces[stem], !forms.isEmpty else { return stem }
        return forms.min { a, b in
            if a.value != b.value { return a.value > b.value }
            if a.key.count != b.key.count { return a.key.count < b.key.count }
            return a.key < b.key
        }?.key ?? stem
    }

    /// Whether a stem is worth offering as a word: it has a letter and at least two characters.
    static func isWordLike(_ stem: String) -> Bool {
        stem.count >= 2 && stem.unicodeScalars.contains { $0.properties.isAlphabetic }
    }
}
