extension ResultJSON {
    /// `gazette terms --json`: `{"query", "matches", "sampled", "terms": [{"term", "stem", "score", "count"}]}`.
    public static func significantTerms(_ found: SignificantTerms, query: String) -> JSONValue {
        .object([
            ("query", .string(query)),
            ("matches", .int(found.matches)),
            ("sampled", .int(found.sampled)),
            ("terms", .array(found.terms.map { term in
                .object([("term", .string(term.term)), ("stem", .string(term.stem)),
                         ("score", .double(term.score)), ("count", .int(term.count))])
            })),
        ])
    }
}
