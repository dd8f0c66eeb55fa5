extension GazetteIndex {
    /// Compares every frequent term's document list with FTS5's own postings
    /// (the `instance` vocabulary, one row per instance) and its stored count.
    func termDocsProblems() throws -> [String] {
        guard try TermDocs.exists(database) else { return [] }
        var problems: [String] = []
        var extra = 0
        func report(_ problem: String) {
            if problems.count < Self.verifyProblemLimit { problems.append(problem) } else { extra += 1 }
        }
        try database.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.gazette_verify_instances USING fts5vocab(main, 'fts', 'instance')")
        let instances = try database.prepare("SELECT doc, col = 'title' FROM temp.gazette_verify_instances WHERE term = ?1")
        let blocks = try database.prepare("SELECT first, data FROM term_docs WHERE term = ?1 ORDER BY first")
        let terms = try database.prepare("SELECT term, docs FROM frequent_terms ORDER BY term")
        while try terms.step() {
            let term = terms.blob(0)
            let name = String(decoding: term, as: UTF8.self)
            var stored: [(id: Int64, title: UInt32, body: UInt32)] = []
            blocks.bind(textBytes: term, at: 1)
            while try blocks.step() {
                let first = blocks.int64(0)
                blocks.withBlob(1) { bytes in
                    var reader = TermDocs.Reader(bytes, first: first)
                    while let entry = reader.next() { stored.append(entry) }
                }
            }
            blocks.reset()
            var expected: [(id: Int64, title: UInt32, body: UInt32)] = []
            instances.bind(textBytes: term, at: 1)
            while try instances.step() {
                let id = instances.int64(0)
                if expected.last?.id != id { expected.append((id, 0, 0)) }
                if instances.int(1) != 0 { expected[expected.count - 1].title += 1 } else { expected[expected.count - 1].body += 1 }
            }
            instances.reset()
            if stored.count != expected.count || zip(stored, expected).contains(where: { $0 != $1 }) {
                let longer = stored.count > expected.count ? stored : expected
                let differing = zip(stored, expected).first(where: { $0 != $1 })?.1.id ?? longer[min(stored.count, expected.count)].id
                let first = "article \(differing)"
                report("the word list of '\(name)' holds \(stored.count) articles, the full-text index \(expected.count) (first difference: \(first))")
            }
            if terms.int(1) != expected.count {
                report("'\(name)' is counted in \(terms.int(1)) articles, the full-text index has it in \(expected.count)")
            }
        }
        if extra > 0 { problems.append("… and \(extra) more") }
        return problems
    }
}
