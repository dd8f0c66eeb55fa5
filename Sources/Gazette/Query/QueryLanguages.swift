extension GazetteIndex {
    /// Makes this connection's queries stem each word for `filter`'s languages
    /// when given, else for every language the index holds (its `languages`
    /// table): the word's distinct stems are ORed at its position. An index
    /// of English (or undetected) articles stems for English alone, as before.
    /// Returns those languages.
    @discardableResult
    func stemQueries(for filter: [String]) throws(SQLiteError) -> [String] {
        let languages = filter.isEmpty ? try storedLanguages() : filter
        database.tokenizerContext.queryLanguages = languages
        return languages
    }

    /// The languages of the index's articles, "" (not known) included, sorted.
    func storedLanguages() throws(SQLiteError) -> [String] {
        let select = try database.cached("SELECT code FROM languages ORDER BY code")
        defer { select.reset() }
        var codes: [String] = []
        while try select.step() { codes.append(select.string(0)) }
        return codes
    }
}
