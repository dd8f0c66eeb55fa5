/// Archive-wide term statistics read from the full-text index itself: how
/// many articles hold a stem (through an `fts5vocab` table in the
/// connection's temporary schema, so a read-only index works too) and how
/// many articles there are.
final class TermStatistics {
    private let database: Database
    private var frequencies: [String: Int] = [:]
    private var articles: Int?

    init(database: Database) throws(SQLiteError) {
        self.database = database
        try database.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.gazette_vocab USING fts5vocab(main, fts, row)")
    }

    /// Articles in the index.
    func documentCount() throws(SQLiteError) -> Int {
        if let articles { return articles }
        let count = try database.scalarInt("SELECT count(*) FROM articles") ?? 0
        articles = count
        return count
    }

    /// Articles whose title or body holds `stem` (an indexed token).
    func documentFrequency(_ stem: String) throws(SQLiteError) -> Int {
        if let known = frequencies[stem] { return known }
        let count = try database.scalarInt("SELECT doc FROM temp.gazette_vocab WHERE term = ?1", [.text(stem)]) ?? 0
        frequencies[stem] = count
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

    init(_ text: String, analyzer: Analyzer) {
        let bytes = Array(text.utf8)
        for token in analyzer.tokens(of: text, purpose: .document) where !token.colocated {
            length += 1
            frequency[token.token, default: 0] += 1
            if token.start >= 0, token.end <= bytes.count, token.start < token.end {
                let surface = String(decoding: bytes[token.start..<token.end], as: UTF8.self).lowercased()
                surfaces[token.token, default: [:]][surface, default: 0] += 1
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
