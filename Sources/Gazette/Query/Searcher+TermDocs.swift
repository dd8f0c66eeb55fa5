/// Answers a one-word query from the word's document list (`TermDocs`) when
/// it is one of the archive's frequent terms: the same matches, instance
/// counts and statistics a walk of FTS5's postings gives, decoded from a few
/// blobs instead of handed out one callback per posting.
extension Searcher {
    /// The frequent term a query is, or nil: one bare word (no column, no
    /// prefix) whose query analysis is exactly one token with a document list.
    func frequentTerm(of query: CompiledQuery) throws -> (term: [UInt8], articles: Int64)? {
        guard case .term(let text, nil, false)? = query.tree, try hasTermDocs() else { return nil }
        let tokens = queryAnalyzer.tokens(of: text, purpose: .query)
        guard tokens.count == 1, let token = tokens.first, !token.colocated else { return nil }
        let term = Array(token.token.utf8)
        let select = try database.cached("SELECT docs FROM frequent_terms WHERE term = ?1")
        defer { select.reset() }
        select.bind(textBytes: term, at: 1)
        guard try select.step() else { return nil }
        return (term, select.int64(0))
    }

    /// Fills `matches` with the term's articles whose ids are in `range`.
    func fill(_ matches: FullTextMatches, term: [UInt8], articles: Int64, range: ClosedRange<Int64>) throws {
        let totals = try FullTextTotals.read(database)
        matches.fill(rowCount: totals.rows, totalTokens: totals.tokens, columns: TermDocs.columns, phraseRows: articles)
        let select = try database.cached("""
            SELECT block, data FROM term_docs WHERE term = ?1 AND block BETWEEN ?2 AND ?3 ORDER BY block
            """)
        defer { select.reset() }
        select.bind(textBytes: term, at: 1)
        select.bind(TermDocs.block(of: range.lowerBound), at: 2)
        select.bind(TermDocs.block(of: range.upperBound), at: 3)
        while try select.step() {
            let block = select.int64(0)
            select.withBlob(1) { bytes in
                var reader = TermDocs.Reader(bytes, block: block)
                while let entry = reader.next(), entry.id <= range.upperBound {
                    if entry.id >= range.lowerBound { matches.add(rowid: entry.id, title: entry.title, body: entry.body) }
                }
            }
        }
    }

    private func hasTermDocs() throws -> Bool {
        let version = try IndexVersion(database)
        if let termDocsPresence, termDocsPresence.version == version { return termDocsPresence.present }
        let present = try TermDocs.exists(database)
        termDocsPresence = (version, present)
        return present
    }
}
