/// Settings that come from outside the query text (CLI flags).
public struct CompileOptions: Sendable {
    /// Top-level words become optional (OR); BM25 ranks articles matching
    /// more of them first. Exclusions still apply.
    public var anyMode = false
    /// Earliest day allowed: its `first` day.
    public var from: DateSpec?
    /// Latest day allowed: its `last` day.
    public var to: DateSpec?
    /// Allowed sources; united with the query's `source:` terms.
    public var sources: [String] = []
    /// Allowed languages (ISO 639-1); united with the query's `lang:` terms.
    public var languages: [String] = []

    public init() {}
}

/// A query ready for the searcher.
public struct CompiledQuery: Sendable {
    /// The user's text.
    public let text: String
    /// The syntax tree; nil for a filter-only query.
    public let tree: QueryNode?
    /// The FTS5 MATCH expression; nil for a filter-only query, which matches
    /// every article allowed by `filters`.
    public let match: String?
    /// Date bounds and sources from the query and the options, combined.
    public let filters: QueryFilters
    /// Exact forms and prefixes every match must have in its text as written
    /// (`SurfaceCheck`); FTS5's match is their approximation.
    public var surfaceChecks: [SurfaceCheck] = []
    /// The FTS5 candidates that passed `surfaceChecks`, set by the searcher
    /// in its read snapshot; nil when there is nothing to check.
    var verifiedIDs: Set<Int64>?

    /// A readable rendering of the tree for `--explain`.
    public var treeDescription: String { tree?.treeDescription ?? "(no search terms: filters only)" }

    /// The words and phrase words a snippet should highlight, as typed,
    /// in query order without duplicates; excluded terms are left out.
    public var positiveTerms: [String] {
        var terms: [String] = []
        tree?.collectPositiveTerms(into: &terms)
        var seen = Set<String>()
        return terms.filter { seen.insert($0).inserted }
    }
}

/// Turns query text into an FTS5 MATCH expression plus filters.
///
/// Every user term is emitted as a double-quoted FTS5 string, so no user
/// text is ever FTS5 syntax; structure comes only from the parsed tree.
public enum QueryCompiler {
    public static let maxTerms = 256, maxDepth = 32, maxBytes = 10_000

    /// Parses and compiles `text`. Throws for queries that cannot mean
    /// anything (no words, only exclusions), misplaced filters, bad dates,
    /// and exceeded limits; everything else is accepted leniently.
    public static func compile(_ text: String, options: CompileOptions = .init()) throws(QueryError) -> CompiledQuery {
        if text.utf8.count > maxBytes {
            throw QueryError("query is longer than \(maxBytes) bytes", column: columnOfByte(maxBytes, in: text))
        }
        var parser = QueryParser(tokens: QueryLexer.tokenize(text))
        let parsed = try parser.parse()
        var tree = parsed.node

        if let node = tree, node.isPurelyNegative {
            throw QueryError("\(excerpt(text)): a query needs at least one word that is not excluded", column: 1)
        }
        if tree == nil, parsed.filters.isEmpty {
            throw QueryError("query has no words to search", column: 1)
        }
        if options.anyMode, let node = tree {
            tree = anyOf(node)
        }
        var compiled = CompiledQuery(text: text, tree: tree, match: tree.map { render($0, nested: false) },
                                     filters: QueryFilters(parsed.filters, options))
        compiled.surfaceChecks = try surfaceChecks(of: tree, text: text)
        return compiled
    }

    // MARK: - Rendering

    /// In any-mode the positive top-level clauses become alternatives; the
    /// exclusions stay AND-ed (`(a OR b) NOT c`).
    private static func anyOf(_ node: QueryNode) -> QueryNode {
        guard case .and(let children) = node else { return node }
        let positives = children.filter { !$0.isNegation }
        let negatives = children.filter(\.isNegation)
        guard positives.count > 1 else { return node }
        let alternatives = QueryNode.or(positives.flatMap { child -> [QueryNode] in
            if case .or(let inner) = child { return inner }
            return [child]
        })
        return negatives.isEmpty ? alternatives : .and([alternatives] + negatives)
    }

    /// Renders `node`; `nested` asks for parentheses around any operator
    /// expression so that FTS5 precedence never matters. Inside `scope` the
    /// column filter has already been emitted for the whole subexpression.
    static func render(_ node: QueryNode, nested: Bool, scope: QueryField? = nil) -> String {
        if scope == nil, !node.isLeaf, let field = node.uniformField {
            // `title : ("a" OR "b")` rather than repeating the column per leaf.
            let inner = render(node, nested: false, scope: field)
            if case .near = node { return field.rawValue + " : " + inner }
            return field.rawValue + " : " + enclose(inner, when: true)
        }
        func column(_ field: QueryField?) -> String {
            guard scope == nil, let field else { return "" }
            return field.rawValue + " : "
        }
        switch node {
        case let .term(text, field, prefix), let .phrase(text, field, prefix):
            return column(field) + literal(text) + (prefix ? " *" : "")
        case let .exact(text, field):
            // The stemmed phrase: every article with the exact words matches it.
            return column(field) + literal(text)
        case let .near(children, distance):
            let operands = children.map { render($0, nested: true, scope: $0.uniformField) }
            return "NEAR(" + operands.joined(separator: " ") + ", \(distance))"
        case .or(let children):
            let text = children.map { render($0, nested: true, scope: scope) }.joined(separator: " OR ")
            return enclose(text, when: nested && children.count > 1)
        case .not(let child):
            // Only reachable for a malformed tree; the parser puts exclusions
            // beside a positive sibling.
            return "NOT " + render(child, nested: true, scope: scope)
        case .and(let children):
            let positives = children.filter { !$0.isNegation }.map { render($0, nested: true, scope: scope) }
            let negatives = children.compactMap { child -> String? in
                guard case .not(let inner) = child else { return nil }
                return " NOT " + render(inner, nested: true, scope: scope)
            }
            if negatives.isEmpty {
                return enclose(positives.joined(separator: " AND "), when: nested && positives.count > 1)
            }
            let head = enclose(positives.joined(separator: " AND "), when: positives.count > 1)
            return enclose(head + negatives.joined(), when: nested)
        }
    }

    private static func enclose(_ text: String, when condition: Bool) -> String {
        condition ? "(" + text + ")" : text
    }

    /// An FTS5 string literal: the only escape FTS5 knows is `""`.
    ///
    /// Quotes are doubled scalar by scalar: `"` followed by a combining mark is
    /// one Character, which a Character-level replace would leave unescaped.
    static func literal(_ text: String) -> String {
        var escaped = String.UnicodeScalarView()
        escaped.append("\"")
        for scalar in text.unicodeScalars {
            if scalar == "\"" { escaped.append(scalar) }
            escaped.append(scalar)
        }
        escaped.append("\"")
        return String(escaped)
    }

    private static func excerpt(_ text: String) -> String {
        let trimmed = text.split(whereSeparator: { QueryLexer.isSpace($0) }).joined(separator: " ")
        return trimmed.count > 40 ? String(trimmed.prefix(40)) + "…" : trimmed
    }

    /// The 1-based character column containing byte `offset`, found without
    /// walking the rest of a huge input.
    private static func columnOfByte(_ offset: Int, in text: String) -> Int {
        var bytes = 0
        var column = 1
        for character in text {
            bytes += character.utf8.count
            if bytes > offset { break }
            column += 1
        }
        return column
    }
}
