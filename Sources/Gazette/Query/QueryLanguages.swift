/// A language of the index and how many articles it has.
public struct LanguageShare: Sendable, Equatable {
    public let code: String
    public let articles: Int
}

/// The languages a query's words are stemmed for.
struct QueryLanguageChoice {
    /// Stemmed for: `--lang`/`lang:` when given, else the languages holding a meaningful share.
    var stemmed: [String]
    /// Languages of the index left out for holding too few articles, most articles first.
    var rare: [LanguageShare] = []
}

extension GazetteIndex {
    /// The share of an archive's articles a language needs before queries
    /// without `--lang`/`lang:` are stemmed for it: 1 article in 200.
    ///
    /// Every language a query is stemmed for adds that language's stem of
    /// each word as an alternative (FTS5 ORs them), which reads more postings
    /// and takes the query off the frequent-word lists (`term_docs`). A
    /// language detector errs now and then: on 100,000 generated English
    /// articles, CLD2's summary at a 384-byte sample called 28 Norwegian,
    /// Danish or Haitian, and one such article made every query OR Norwegian
    /// stems. A real language edition is far above 0.5%; an article in a
    /// rarer language is still found by its folded words (which every
    /// language's analysis shares), and by stemmed forms with `--lang`/`lang:`.
    public static let minimumStemmingShare = 0.005

    /// Makes this connection's queries stem each word for `filter`'s languages
    /// when given, else for the languages holding at least
    /// `minimumStemmingShare` of the articles: the word's distinct stems are
    /// ORed at its position. An index of English (or undetected) articles stems
    /// for English alone, as before. Returns those languages.
    @discardableResult
    func stemQueries(for filter: [String]) throws(SQLiteError) -> [String] {
        try stemQueryChoice(for: filter).stemmed
    }

    /// `stemQueries`, also telling which languages were left out as rare.
    func stemQueryChoice(for filter: [String]) throws(SQLiteError) -> QueryLanguageChoice {
        let choice = filter.isEmpty ? try archiveQueryLanguages() : QueryLanguageChoice(stemmed: filter)
        database.tokenizerContext.queryLanguages = choice.stemmed
        return choice
    }

    /// The index's languages, "" (not known) included, sorted, minus those
    /// under `minimumStemmingShare` of the articles (the largest always stays).
    func archiveQueryLanguages() throws(SQLiteError) -> QueryLanguageChoice {
        let stored = try storedLanguages()
        guard stored.count > 1, let counts = try articlesPerLanguage() else { return QueryLanguageChoice(stemmed: stored) }
        let total = counts.values.reduce(0, +)
        let largest = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        var choice = QueryLanguageChoice(stemmed: [])
        for code in stored {
            let articles = counts[code] ?? 0
            if code == largest || Double(articles) >= GazetteIndex.minimumStemmingShare * Double(total) {
                choice.stemmed.append(code)
            } else if articles > 0 {
                choice.rare.append(LanguageShare(code: code, articles: articles))
            }
        }
        choice.rare.sort { ($0.articles, $1.code) > ($1.articles, $0.code) }
        return choice
    }

    /// The languages of the index's articles, "" (not known) included, sorted.
    func storedLanguages() throws(SQLiteError) -> [String] {
        let select = try database.cached("SELECT code FROM languages ORDER BY code")
        defer { select.reset() }
        var codes: [String] = []
        while try select.step() { codes.append(select.string(0)) }
        return codes
    }

    /// Articles per language code, counted from `article_facts` (one byte per
    /// article, no article row read), kept until the index changes; nil for an
    /// index without `article_facts`.
    func articlesPerLanguage() throws(SQLiteError) -> [String: Int]? {
        let version = try IndexVersion(database)
        if let languageCounts, languageCounts.version == version { return languageCounts.counts }
        let counts = try ArticleFacts.exists(database) ? countArticlesPerLanguage() : nil
        languageCounts = (version, counts)
        return counts
    }

    private func countArticlesPerLanguage() throws(SQLiteError) -> [String: Int] {
        var perID = [Int](repeating: 0, count: ArticleFacts.maxLanguageID + 1)
        let select = try database.cached("SELECT data FROM article_facts")
        defer { select.reset() }
        while try select.step() {
            select.withBlob(0) { bytes in
                var offset = 0
                while offset + ArticleFacts.entryBytes <= bytes.count {
                    // Bytes 2-4 are the source id (0: empty slot), byte 5 the language id.
                    if bytes[offset + 2] | bytes[offset + 3] | bytes[offset + 4] != 0 {
                        perID[Int(bytes[offset + 5])] += 1
                    }
                    offset += ArticleFacts.entryBytes
                }
            }
        }
        var counts: [String: Int] = [:]
        counts[""] = perID[0]
        let codes = try database.cached("SELECT id, code FROM languages")
        defer { codes.reset() }
        while try codes.step() {
            let id = Int(codes.int64(0))
            guard id > 0, id <= ArticleFacts.maxLanguageID else { continue }
            counts[codes.string(1), default: 0] += perID[id]
        }
        return counts
    }
}
