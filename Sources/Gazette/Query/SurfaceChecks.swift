/// A condition on an article's words as written (folded, not stemmed), which
/// FTS5's index of stems can only approximate: `=word`, `="a phrase"` and a
/// prefix `word*`. FTS5 finds the candidates (the stemmed phrase, or the
/// prefix's stems: every article meeting the condition is among them), and
/// each candidate's stored text is analysed again and checked: a two-phase
/// match, as Lucene's approximation and verification.
public struct SurfaceCheck: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// These words, one after the other.
        case words(String)
        /// Words of which the last is a prefix: `bundes*`.
        case prefix(String)
    }

    public let kind: Kind
    /// The column the words must be in; nil for either.
    public let field: QueryField?

    /// `=` and `"..."` as typed, for `--explain`.
    public var description: String {
        let column = field.map { $0.rawValue + ":" } ?? ""
        switch kind {
        case .words(let text): return column + "=\"" + text + "\""
        case .prefix(let text): return column + text + "*"
        }
    }
}

extension QueryCompiler {
    /// The surface checks of `tree`: its exact forms and word prefixes that every
    /// match must have (a leaf, or a positive child of the top AND). An exact
    /// form anywhere else (inside OR, NOT or NEAR) cannot be checked per article
    /// and is refused; a prefix elsewhere keeps FTS5's stem-based match.
    static func surfaceChecks(of tree: QueryNode?, text: String) throws(QueryError) -> [SurfaceCheck] {
        guard let tree else { return [] }
        var required: [QueryNode] = []
        func collect(_ node: QueryNode) {
            switch node {
            case .and(let children): for child in children where !child.isNegation { collect(child) }
            default: if node.isLeaf { required.append(node) }
            }
        }
        collect(tree)
        var checks: [SurfaceCheck] = []
        for node in required {
            switch node {
            case let .exact(words, field): checks.append(SurfaceCheck(kind: .words(words), field: field))
            case let .term(word, field, true): checks.append(SurfaceCheck(kind: .prefix(word), field: field))
            default: break
            }
        }
        let exactChecks = checks.filter { if case .words = $0.kind { return true } else { return false } }.count
        if exactForms(in: tree) > exactChecks {
            let column = (text.firstIndex(of: "=").map { text.distance(from: text.startIndex, to: $0) } ?? 0) + 1
            throw QueryError("an exact form (=) must be required by the query: it cannot be inside OR, NOT or NEAR, nor a --any alternative",
                             column: column)
        }
        return checks
    }

    private static func exactForms(in node: QueryNode) -> Int {
        switch node {
        case .exact: return 1
        case .term, .phrase: return 0
        case .and(let children), .or(let children), .near(let children, _):
            return children.reduce(0) { $0 + exactForms(in: $1) }
        case .not(let child): return exactForms(in: child)
        }
    }
}

/// Checks candidates' stored text against a query's surface checks.
final class SurfaceVerifier {
    private let analyzer = Analyzer()
    /// Each check's folded words; for a prefix the last one is the prefix.
    private let prepared: [(words: [[UInt8]], prefix: Bool, field: QueryField?)]

    init(_ checks: [SurfaceCheck]) {
        analyzer.setFoldedForms()
        var prepared: [(words: [[UInt8]], prefix: Bool, field: QueryField?)] = []
        for check in checks {
            switch check.kind {
            case .words(let text): prepared.append((Self.words(of: text, analyzer), false, check.field))
            case .prefix(let text): prepared.append((Self.words(of: text, analyzer), true, check.field))
            }
        }
        self.prepared = prepared.filter { !$0.words.isEmpty }
    }

    /// The folded words of `text`, in order (a joined compound's extra form left out).
    private static func words(of text: String, _ analyzer: Analyzer) -> [[UInt8]] {
        analyzer.tokens(of: text, purpose: .document).compactMap { $0.colocated ? nil : Array($0.token.utf8) }
    }

    /// Whether the article's title and body (UTF-8) meet every check. Each
    /// check streams the text through the analyzer and stops at its first match.
    func accepts(title: UnsafeRawBufferPointer, body: UnsafeRawBufferPointer) -> Bool {
        for check in prepared {
            let found = (check.field != .body && contains(title, check.words, prefix: check.prefix))
                || (check.field != .title && contains(body, check.words, prefix: check.prefix))
            if !found { return false }
        }
        return true
    }

    /// Whether `text` has `words` one after the other (the last a prefix when `prefix`).
    private func contains(_ text: UnsafeRawBufferPointer, _ words: [[UInt8]], prefix: Bool) -> Bool {
        let last = words.count - 1
        // How many words each partial match has matched so far.
        var partial: [Int] = []
        var next: [Int] = []
        let stopped = analyzer.tokenize(text, purpose: .document) { token, _, _, colocated in
            if colocated { return 0 }
            func matches(_ index: Int) -> Bool {
                index == last && prefix ? token.starts(with: words[index]) : token.elementsEqual(words[index])
            }
            next.removeAll(keepingCapacity: true)
            for matched in partial where matches(matched) {
                if matched == last { return 1 }
                next.append(matched + 1)
            }
            if matches(0) {
                if last == 0 { return 1 }
                next.append(1)
            }
            swap(&partial, &next)
            return 0
        }
        return stopped != 0
    }
}

extension Searcher {
    /// `query` with `verifiedIDs` set when it has surface checks: FTS5's
    /// candidates in its date range whose text passes them. Call after
    /// `stemQueries`, in the read snapshot the rest of the search uses.
    func withSurfaceChecks(_ query: CompiledQuery, plan: inout [String]) throws -> CompiledQuery {
        guard !query.surfaceChecks.isEmpty, let match = query.match else { return query }
        let verifier = SurfaceVerifier(query.surfaceChecks)
        let low = query.filters.firstDay.map { ArticleID.first(of: $0) } ?? 0
        let high = query.filters.lastDay.map { ArticleID.last(of: $0) } ?? Int64.max
        let sql = "SELECT a.id, a.title, a.body FROM fts JOIN articles a ON a.id = fts.rowid WHERE fts MATCH ?1 AND fts.rowid BETWEEN ?2 AND ?3"
        let select = try database.cached(sql)
        defer { select.reset() }
        select.bind(match, at: 1)
        select.bind(low, at: 2)
        select.bind(high, at: 3)
        var verified = Set<Int64>()
        var candidates = 0
        while try select.step() {
            candidates += 1
            let accepted = select.withBlob(1) { title in select.withBlob(2) { body in verifier.accepts(title: title, body: body) } }
            if accepted { verified.insert(select.int64(0)) }
        }
        plan.append(sql + "  -- surface checks " + query.surfaceChecks.map(\.description).joined(separator: ", ")
                    + " on each candidate's text: \(verified.count) of \(candidates) kept")
        var checked = query
        checked.verifiedIDs = verified
        return checked
    }
}
