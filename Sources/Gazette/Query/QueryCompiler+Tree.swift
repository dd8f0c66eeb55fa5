/// Queries made by code rather than typed: expanded queries, `similar`,
/// natural-language test queries. They are built as `QueryNode` trees and
/// rendered by the compiler, so no text ever becomes FTS5 syntax.
extension QueryCompiler {
    /// Compiles a tree built by code. `options.anyMode` is not applied: the
    /// tree is taken as it is; dates and sources become filters.
    public static func compile(tree: QueryNode, text: String, options: CompileOptions = .init()) -> CompiledQuery {
        CompiledQuery(text: text, tree: tree, match: render(tree, nested: false), filters: QueryFilters([], options))
    }

    /// The FTS5 phrases of `node` in the order the compiled MATCH expression
    /// holds them, which is the order FTS5 numbers its phrases in (positive
    /// children of an AND come before its exclusions).
    static func phrases(of node: QueryNode) -> [QueryNode] {
        switch node {
        case .term, .phrase, .exact: return [node]
        case .or(let children), .near(let children, _): return children.flatMap(phrases(of:))
        case .not(let child): return phrases(of: child)
        case .and(let children):
            return children.filter { !$0.isNegation }.flatMap(phrases(of:))
                + children.filter(\.isNegation).flatMap(phrases(of:))
        }
    }
}

extension QueryNode {
    /// Every word of a natural-language text as an optional term (an OR),
    /// in order, repeats kept: what `--any` makes of plain words, without
    /// reading any of them as query syntax. Nil when the text has no words.
    public static func bagOfWords(_ text: String, analyzer: Analyzer) -> QueryNode? {
        let words = surfaceWords(text, analyzer: analyzer).map { QueryNode.term($0.surface, field: nil, prefix: false) }
        if words.isEmpty { return nil }
        return words.count == 1 ? words[0] : .or(words)
    }

    /// The words of `text` as the analyzer splits them: each token's stem and
    /// the text it came from.
    static func surfaceWords(_ text: String, analyzer: Analyzer) -> [(stem: String, surface: String)] {
        let bytes = Array(text.utf8)
        return analyzer.tokens(of: text, purpose: .query).compactMap { token in
            guard !token.colocated, token.start >= 0, token.end <= bytes.count, token.start < token.end else { return nil }
            return (token.token, String(decoding: bytes[token.start..<token.end], as: UTF8.self))
        }
    }
}
