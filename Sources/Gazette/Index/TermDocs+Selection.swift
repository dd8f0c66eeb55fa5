extension TermDocs {
    /// Chooses the frequent terms again when `policy` says it is time, and
    /// builds the lists of newly chosen ones from FTS5's own postings. Runs in
    /// its own transaction after an index run commits: a crash leaves the old
    /// choice, whose lists are exact.
    ///
    /// Terms are never dropped: a chosen term's list stays exact whatever its
    /// frequency becomes, and dropping it would save little.
    ///
    /// Returns the number of terms added and where their candidates came from.
    ///
    /// `early` is the choice a first large run makes at its first commit, on
    /// the articles written so far, so that the writer keeps the chosen words'
    /// lists from then on instead of building them all from FTS5 at the end
    /// (a walk of most of the index's postings); it happens only when no
    /// choice was ever made, and takes every word in the policy's share of
    /// those articles, however few they are.
    ///
    /// `tallies`, from a run that wrote every article the index holds, name
    /// the candidates instead of FTS5's vocabulary; each one's list is then
    /// built and kept only when its exact count passes, so the choice is the
    /// same as the walk's.
    @discardableResult
    static func refresh(_ database: Database, policy: FrequentTermPolicy, changedArticles: Int,
                        early: Bool = false, tallies: [FrequentTermTally]? = nil) throws -> Choice {
        guard try exists(database) else { return Choice(added: 0, source: .none) }
        let chosenAt = try database.scalarInt("SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?1",
                                                 [.text(selectedAtKey)])
        let rows = try FullTextTotals.read(database).rows
        if early {
            guard chosenAt == nil, rows > 0 else { return Choice(added: 0, source: .none) }
        } else if let chosenAt, chosenAt > 0,
           Double(changedArticles) < policy.rechooseAfterChangedShare * Double(max(rows, Int64(chosenAt))) {
            return Choice(added: 0, source: .none)
        }
        let threshold = early ? policy.earlyThreshold(rows: rows) : policy.threshold(rows: rows)
        let tallied = early ? nil : tallies.flatMap { tallies -> [[UInt8]]? in
            // Each tallied article is in the index at most once: fewer tallied than indexed means some were not.
            guard tallies.reduce(0, { $0 + $1.articles }) >= rows else { return nil }
            return FrequentTermTally.candidates(tallies, atLeast: threshold)
        }
        let frequentNow = try tallied ?? candidates(database, threshold: threshold, rows: rows)
        let added = try database.transaction { () throws -> Int in
            try createInstanceVocabulary(database)
            var chosen: Set<[UInt8]> = []
            let existing = try database.prepare("SELECT term FROM frequent_terms")
            while try existing.step() { chosen.insert(existing.blob(0)) }
            var added = 0
            for term in frequentNow where !chosen.contains(term) {
                if try build(database, term: term, atLeast: tallied == nil ? nil : threshold) { added += 1 }
            }
            try recordChoice(database, rows: rows)
            return added
        }
        return Choice(added: added, source: tallied == nil ? .vocabularyWalk : .tallies)
    }

    /// What a call of `refresh` did.
    struct Choice: Equatable {
        enum Source: Equatable {
            /// It was not time to choose.
            case none
            /// The candidates came from walking FTS5's vocabulary.
            case vocabularyWalk
            /// The candidates came from the run's tallies (`FrequentTermTally`).
            case tallies
        }

        let added: Int
        let source: Source
    }

    /// Whether frequent terms were ever chosen for this index (then no early choice is made).
    static func chosen(_ database: Database) throws(SQLiteError) -> Bool {
        try database.scalarInt("SELECT count(*) FROM meta WHERE key = ?1", [.text(selectedAtKey)]) ?? 0 > 0
    }

    /// The early choice `refresh` makes, without writing it: the chosen
    /// terms and their lists of the committed articles, with the article
    /// count, for a run that keeps them in a spill until its last transaction
    /// (`TermDocsWriter.spill`). Nil when a choice was made already or the
    /// index has no articles.
    static func earlyChoice(_ database: Database, policy: FrequentTermPolicy) throws
        -> (terms: [[UInt8]], lists: [Block], rows: Int64)? {
        guard try exists(database), try !chosen(database) else { return nil }
        let rows = try FullTextTotals.read(database).rows
        guard rows > 0 else { return nil }
        let terms = try candidates(database, threshold: policy.earlyThreshold(rows: rows), rows: rows)
        try createInstanceVocabulary(database)
        let lists = try database.transaction { () throws(SQLiteError) -> [Block] in
            try terms.map { term throws(SQLiteError) in try list(database, term: term) }
        }
        return (terms, lists, rows)
    }

    /// Records that the frequent terms were chosen, at `rows` articles.
    static func recordChoice(_ database: Database, rows: Int64) throws(SQLiteError) {
        try database.cached("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)")
            .run([.text(selectedAtKey), .text(String(max(rows, 1)))])
    }

    /// The `instance` vocabulary `list` reads, on this connection.
    private static func createInstanceVocabulary(_ database: Database) throws(SQLiteError) {
        try database.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.gazette_instances USING fts5vocab(main, 'fts', 'instance')")
    }

    /// Writes `term`'s lists from FTS5's postings; false, writing nothing,
    /// when it is in fewer than `minimum` articles.
    private static func build(_ database: Database, term: [UInt8], atLeast minimum: Int64?) throws(SQLiteError) -> Bool {
        let list = try list(database, term: term)
        if let minimum, Int64(list.count) < minimum { return false }
        let insert = try database.cached(insertSQL)
        for chunk in list.chunks {
            try write(insert, term: term, first: list.ids[chunk.lowerBound], data: list.encoded(chunk))
        }
        let chosen = try database.cached("INSERT OR REPLACE INTO frequent_terms(term, docs) VALUES (?1, ?2)")
        defer { chosen.reset() }
        chosen.bind(textBytes: term, at: 1)
        chosen.bind(list.count, at: 2)
        _ = try chosen.step()
        return true
    }

    /// `term`'s articles with its instances per column, from FTS5's postings
    /// (the `instance` vocabulary walks them in id order, one row per
    /// instance, with its column).
    private static func list(_ database: Database, term: [UInt8]) throws(SQLiteError) -> Block {
        let instances = try database.cached("SELECT doc, col = 'title' FROM temp.gazette_instances WHERE term = ?1")
        defer { instances.reset() }
        instances.bind(textBytes: term, at: 1)
        var list = Block()
        while try instances.step() {
            let id = instances.int64(0)
            if list.ids.last != id {
                list.ids.append(id)
                list.counts.append(0)
                list.counts.append(0)
            }
            list.counts[list.counts.count - (instances.int(1) != 0 ? 2 : 1)] &+= 1
        }
        return list
    }
}
