extension Searcher {
    /// The `languages` table: id -> code.
    func languageCodes() throws -> [Int: String] {
        var codes: [Int: String] = [:]
        let select = try database.cached("SELECT id, code FROM languages")
        defer { select.reset() }
        while try select.step() { codes[select.int(0)] = select.string(1) }
        return codes
    }

    /// Counts per language code as facet buckets: most first, then by code.
    static func languageFacet(_ counts: [String: Int]) -> [FacetCount] {
        counts.filter { $0.value > 0 }
            .map { FacetCount(value: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
    }

    /// Matches per article language for the facet paths that do not tally in
    /// the ranking pass (date sorts, `--distinct`): one more walk over the
    /// matching ids, each looked up in `article_facts` (whose language id the
    /// one pass reads too, so both paths count alike). `distinct` counts each
    /// copy cluster once per language, as the source facet does.
    ///
    /// `articles.lang` sits after the article's body, so reading it per match
    /// would read every matching article; only an index without
    /// `article_facts` (or missing an entry) pays that.
    func languageFacet(_ query: CompiledQuery, distinct: Bool, plan: inout [String]) throws -> [FacetCount] {
        let scope = MatchScope(query: query, joinArticles: false)
        let members = distinct ? Searcher.joinMembers(scope) : ""
        if let facts = try factsSnapshot() {
            let sql = "SELECT \(scope.rowid)\(distinct ? ", cm.cluster" : "") FROM \(scope.from)\(members)\(scope.whereClause)"
            plan.append(sql + "  -- languages from article_facts")
            let statement = try database.cached(sql)
            defer { statement.reset() }
            statement.bind(scope.values)
            var perLanguage = [Int](repeating: 0, count: ArticleFacts.maxLanguageID + 1)
            var clustersPerLanguage: [Int: Set<Int64>] = [:]
            var cursor = ArticleFactsSnapshot.Cursor()
            var complete = true
            while try statement.step() {
                guard let entry = facts.entry(of: statement.int64(0), cursor: &cursor) else {
                    complete = false
                    break
                }
                let language = facts.language(at: entry)
                if distinct && !statement.isNull(1) {
                    clustersPerLanguage[language, default: []].insert(statement.int64(1))
                } else {
                    perLanguage[language] += 1
                }
            }
            if complete {
                let codes = try languageCodes()
                var counts: [String: Int] = [:]
                for (language, count) in perLanguage.enumerated() where count > 0 {
                    counts[codes[language] ?? "", default: 0] += count
                }
                for (language, clusters) in clustersPerLanguage {
                    counts[codes[language] ?? "", default: 0] += clusters.count
                }
                return Self.languageFacet(counts)
            }
            plan.append("-- an article has no article_facts entry: languages read from articles")
        }
        let count = distinct ? Searcher.distinctCount : "count(*)"
        let sql = """
            SELECT l.lang, \(count) FROM \(scope.from) JOIN articles l ON l.id = \(scope.rowid)\(members)\
            \(scope.whereClause) GROUP BY l.lang
            """
        plan.append(sql)
        let statement = try database.cached(sql)
        defer { statement.reset() }
        statement.bind(scope.values)
        var counts: [String: Int] = [:]
        while try statement.step() { counts[statement.string(0), default: 0] += statement.int(1) }
        return Self.languageFacet(counts)
    }
}
