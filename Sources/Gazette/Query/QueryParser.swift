/// What a parse step produced: a node (nil when everything in it was dropped),
/// the filters found inside it, and where it started.
struct QueryParsedPart: Sendable {
    var node: QueryNode?
    var filters: [QueryFilterTerm] = []
    var column: Int
    /// The raw text when the part is a single unquoted word, for `NEAR(a b, 5)`.
    var rawWord: String? = nil
}

/// Recursive-descent parser for the query language.
///
/// Precedence, loosest first: implicit/explicit AND, `OR`, `NEAR`, prefixes
/// (`-`, `NOT`, `title:`). Recursion happens only on parentheses, and the
/// depth is checked before each descent, so hostile input cannot overflow the
/// stack. Operators in positions where they cannot operate are words.
struct QueryParser {
    private let tokens: [QueryToken]
    private var pos = 0
    private var depth = 0
    private var termCount = 0

    static let defaultNearDistance = 10
    /// Larger `NEAR/N` values are clamped; beyond this NEAR is no constraint.
    static let maxNearDistance = 10_000

    init(tokens: [QueryToken]) {
        self.tokens = tokens
    }

    /// Parses the whole token stream; stray `)` are ignored.
    mutating func parse() throws(QueryError) -> QueryParsedPart {
        let items = try parseItems(closing: false)
        return Self.conjunction(items, column: 1)
    }

    // MARK: - Grammar

    /// A sequence of AND-ed items, up to `)` (consumed) when `closing`.
    private mutating func parseItems(closing: Bool) throws(QueryError) -> [QueryParsedPart] {
        var items: [QueryParsedPart] = []
        while pos < tokens.count {
            let token = tokens[pos]
            if token.kind == .closeParen {
                pos += 1
                if closing { break } else { continue }
            }
            if Self.isKeyword(token, "AND"), !items.isEmpty, canStartOperand(at: pos + 1) {
                pos += 1
                continue
            }
            items.append(try parseOr())
        }
        return items
    }

    private mutating func parseOr() throws(QueryError) -> QueryParsedPart {
        var operands = [try parseNear()]
        while pos < tokens.count, Self.isKeyword(tokens[pos], "OR") || Self.isKeyword(tokens[pos], "|"),
              canStartOperand(at: pos + 1) {
            pos += 1
            operands.append(try parseNear())
        }
        guard operands.count > 1 else { return operands[0] }
        for operand in operands {
            if let filter = operand.filters.first {
                throw QueryError("\(filter.kind.rawValue): filter cannot be inside OR; filters apply to the whole query",
                                 column: filter.column)
            }
            if operand.node?.isPurelyNegative == true {
                throw QueryError("an exclusion cannot be an alternative of OR; exclude the whole group instead, as in -(a OR b)",
                                 column: operand.column)
            }
        }
        var children: [QueryNode] = []
        for case let node? in operands.map(\.node) {
            if case .or(let inner) = node { children += inner } else { children.append(node) }
        }
        return QueryParsedPart(node: Self.collapse(children, QueryNode.or), column: operands[0].column)
    }

    private mutating func parseNear() throws(QueryError) -> QueryParsedPart {
        var operands = [try parseUnary()]
        var distance: Int?
        while pos < tokens.count, let d = Self.nearDistance(tokens[pos]), canStartOperand(at: pos + 1) {
            pos += 1
            distance = max(distance ?? d, d)
            operands.append(try parseUnary())
        }
        guard let distance else { return operands[0] }
        return try Self.near(operands, distance: distance, column: operands[0].column)
    }

    /// Prefix operators are collected in a loop, not by recursion, so
    /// `NOT NOT NOT ...` costs no stack.
    private mutating func parseUnary() throws(QueryError) -> QueryParsedPart {
        enum Prefix { case not(Int), field(QueryField) }
        var prefixes: [Prefix] = []
        while pos < tokens.count {
            let token = tokens[pos]
            if token.kind == .minus {
                prefixes.append(.not(token.column))
            } else if case .field(let field) = token.kind {
                prefixes.append(.field(field))
            } else if Self.isKeyword(token, "NOT"), canStartOperand(at: pos + 1) {
                prefixes.append(.not(token.column))
            } else {
                break
            }
            pos += 1
        }
        var part = try parsePrimary()
        for prefix in prefixes.reversed() {
            switch prefix {
            case .field(let field):
                part.node = part.node?.withField(field)
            case .not(let column):
                if let filter = part.filters.first {
                    throw QueryError("\(filter.kind.rawValue): filter cannot be excluded with NOT or -; filters apply to the whole query",
                                     column: filter.column)
                }
                part.node = part.node.map(Self.negate)
                part.column = column
                part.rawWord = nil
            }
        }
        return part
    }

    private mutating func parsePrimary() throws(QueryError) -> QueryParsedPart {
        guard pos < tokens.count else { return QueryParsedPart(node: nil, column: tokens.last?.column ?? 1) }
        let token = tokens[pos]
        pos += 1
        switch token.kind {
        case let .word(text, prefix):
            try countTerm(token)
            let node: QueryNode? = text.hasQueryWordCharacters ? .term(text, field: nil, prefix: prefix) : nil
            return QueryParsedPart(node: node, column: token.column, rawWord: text)
        case let .quoted(text, prefix):
            try countTerm(token)
            let words = text.split(whereSeparator: { QueryLexer.isSpace($0) }).joined(separator: " ")
            let node: QueryNode? = words.hasQueryWordCharacters ? .phrase(words, field: nil, prefix: prefix) : nil
            return QueryParsedPart(node: node, column: token.column)
        case .exact(let text):
            try countTerm(token)
            let words = text.split(whereSeparator: { QueryLexer.isSpace($0) }).joined(separator: " ")
            guard words.hasQueryWordCharacters else {
                throw QueryError("= must be followed by a word or a quoted phrase, as in =Hope or =\"peace talks\"",
                                 column: token.column)
            }
            if words.hasSuffix("*") {
                throw QueryError("=\(words): an exact form cannot end in *; a prefix (\(words)) already matches words as written",
                                 column: token.column)
            }
            return QueryParsedPart(node: .exact(words, field: nil), column: token.column)
        case .openParen, .nearOpen:
            depth += 1
            defer { depth -= 1 }
            guard depth <= QueryCompiler.maxDepth else {
                throw QueryError("parentheses are nested more than \(QueryCompiler.maxDepth) levels deep",
                                 column: token.column)
            }
            var items = try parseItems(closing: true)
            var part: QueryParsedPart
            if token.kind == .openParen {
                part = Self.conjunction(items, column: token.column)
            } else {
                let distance = Self.extractNearDistance(&items)
                part = try Self.near(items, distance: distance ?? Self.defaultNearDistance, column: token.column)
            }
            part.column = token.column  // errors about a group point at its parenthesis
            return part
        case let .filter(kind, raw):
            try countTerm(token)
            return QueryParsedPart(node: nil, filters: [try QueryFilterTerm(kind, raw, column: token.column)],
                              column: token.column)
        case .closeParen, .minus, .field:
            // Callers only get here via canStartOperand, which excludes `)`;
            // `-` and `field:` were consumed as prefixes.
            return QueryParsedPart(node: nil, column: token.column)
        }
    }

    // MARK: - Helpers

    private mutating func countTerm(_ token: QueryToken) throws(QueryError) {
        termCount += 1
        guard termCount <= QueryCompiler.maxTerms else {
            throw QueryError("query has more than \(QueryCompiler.maxTerms) terms", column: token.column)
        }
    }

    private func canStartOperand(at index: Int) -> Bool {
        index < tokens.count && tokens[index].kind != .closeParen
    }

    private static func isKeyword(_ token: QueryToken, _ keyword: String) -> Bool {
        if case .word(let text, prefix: false) = token.kind { return text == keyword }
        return false
    }

    /// `NEAR` → 10, `NEAR/N` → N (clamped); anything else (`NEAR/x`) is a word.
    private static func nearDistance(_ token: QueryToken) -> Int? {
        guard case .word(let text, prefix: false) = token.kind, text.hasPrefix("NEAR") else { return nil }
        if text == "NEAR" { return defaultNearDistance }
        guard text.hasPrefix("NEAR/") else { return nil }
        let digits = text.dropFirst(5)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return min(Int(digits) ?? maxNearDistance, maxNearDistance)
    }

    /// Takes the `, N` off the end of a `NEAR(...)` group: `b, 5`, `b ,5`, `b,5`
    /// or `"a b" , 5`. Without a comma a trailing number is an operand.
    private static func extractNearDistance(_ items: inout [QueryParsedPart]) -> Int? {
        guard let last = items.last, let raw = last.rawWord else { return nil }
        let digits: Substring
        let before: Substring?
        if let comma = raw.lastIndex(of: ",") {
            digits = raw[raw.index(after: comma)...]
            before = raw[..<comma]
        } else {
            digits = raw[...]
            before = nil
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let distance = min(Int(digits) ?? maxNearDistance, maxNearDistance)
        if let before {
            items.removeLast()
            if !before.isEmpty {
                var field: QueryField?
                if case .term(_, let f, _)? = last.node { field = f }
                items.append(QueryParsedPart(node: term(before, field: field), column: last.column))
            }
            return distance
        }
        guard items.count >= 2, let previous = items[items.count - 2].rawWord, previous.hasSuffix(",") else {
            return nil
        }
        items.removeLast()
        var index = items.count - 1
        switch items[index].node {
        case let .term(_, field, _)?:
            items[index].node = term(previous.dropLast(), field: field)
        case nil:
            items.remove(at: index)  // a lone "," after a quoted phrase
            index -= 1
        default:
            break
        }
        return distance
    }

    /// A word cut out of a larger one (`gaz*,5`); the lexer only stripped
    /// the stars at the end of the whole word, so do it again here.
    private static func term(_ raw: Substring, field: QueryField?) -> QueryNode? {
        var word = raw
        while word.count > 1, word.hasSuffix("*") { word = word.dropLast() }
        guard word.hasQueryWordCharacters else { return nil }
        return .term(String(word), field: field, prefix: word.count < raw.count)
    }

    /// NEAR accepts only words and phrases of one field; anything else
    /// degrades to AND, which is what the user most plausibly meant.
    private static func near(_ operands: [QueryParsedPart], distance: Int, column: Int) throws(QueryError) -> QueryParsedPart {
        if let filter = operands.lazy.flatMap(\.filters).first {
            throw QueryError("\(filter.kind.rawValue): filter cannot be inside NEAR; filters apply to the whole query",
                             column: filter.column)
        }
        let nodes = operands.compactMap(\.node)
        if nodes.count >= 2, nodes.allSatisfy(\.isLeaf),
           nodes.allSatisfy({ $0.uniformField == nodes[0].uniformField }) {
            return QueryParsedPart(node: .near(nodes, distance: distance), column: column)
        }
        return conjunction(operands, column: column)
    }

    /// AND of the parts, flattening nested ANDs so that `x (a -b)` puts the
    /// exclusion beside `x`, where FTS5's binary NOT can express it.
    private static func conjunction(_ parts: [QueryParsedPart], column: Int) -> QueryParsedPart {
        var children: [QueryNode] = []
        for case let node? in parts.map(\.node) {
            if case .and(let inner) = node { children += inner } else { children.append(node) }
        }
        return QueryParsedPart(node: collapse(children, QueryNode.and), filters: parts.flatMap(\.filters),
                          column: parts.first?.column ?? column)
    }

    private static func collapse(_ children: [QueryNode], _ make: ([QueryNode]) -> QueryNode) -> QueryNode? {
        switch children.count {
        case 0: return nil
        case 1: return children[0]
        default: return make(children)
        }
    }

    /// `-(-a)` is `a`, and `-(-a -b)` is `a OR b` (De Morgan), so exclusions
    /// of exclusions stay expressible in FTS5.
    private static func negate(_ node: QueryNode) -> QueryNode {
        switch node {
        case .not(let inner):
            return inner
        case .and(let children) where node.isPurelyNegative:
            return .or(children.map { child in
                if case .not(let inner) = child { return inner }
                return child
            })
        default:
            return .not(node)
        }
    }
}
