/// A column of the full-text index that a term can be restricted to.
public enum QueryField: String, Sendable, Hashable {
    /// The FTS5 column names, used verbatim in column filters.
    case title, body
}

/// The syntax tree of a search query.
///
/// Text is kept as the user wrote it: the index's own tokenizer splits,
/// case-folds and stems each literal at query time, so `e-mail` and `"AT&T"`
/// need no special handling here. Filters (`source:`, dates) are not part of
/// the tree; they are hoisted into `QueryFilters`.
public indirect enum QueryNode: Sendable, Equatable {
    /// One word as typed; `prefix` means the user wrote `word*`.
    case term(String, field: QueryField?, prefix: Bool)
    /// A quoted string (whitespace collapsed); `prefix` means `"a phrase"*`.
    case phrase(String, field: QueryField?, prefix: Bool)
    /// `=word` or `="a phrase"`: the words exactly as written, case and
    /// diacritics folded but not stemmed. FTS5 matches the stemmed phrase (a
    /// superset); the searcher keeps the articles whose text has the words.
    case exact(String, field: QueryField?)
    /// All children required; `.not` children are exclusions.
    case and([QueryNode])
    /// Any child suffices; never contains an exclusion.
    case or([QueryNode])
    /// An exclusion. After parsing it only appears as a child of `.and`
    /// that also has at least one positive child.
    case not(QueryNode)
    /// Operands are `.term`/`.phrase` only, all with the same field.
    case near([QueryNode], distance: Int)
}

extension QueryNode {
    var isLeaf: Bool {
        switch self {
        case .term, .phrase, .exact: return true
        default: return false
        }
    }

    var isNegation: Bool {
        if case .not = self { return true }
        return false
    }

    /// True for an exclusion, or an AND made only of exclusions: a node FTS5
    /// cannot evaluate on its own because its NOT is binary.
    var isPurelyNegative: Bool {
        switch self {
        case .not: return true
        case .and(let children): return !children.isEmpty && children.allSatisfy(\.isNegation)
        default: return false
        }
    }

    /// Restricts every leaf that has no field yet; an inner field wins, so
    /// `title:(a body:b)` keeps `b` in the body.
    func withField(_ field: QueryField) -> QueryNode {
        switch self {
        case let .term(text, current, prefix): return .term(text, field: current ?? field, prefix: prefix)
        case let .phrase(text, current, prefix): return .phrase(text, field: current ?? field, prefix: prefix)
        case let .exact(text, current): return .exact(text, field: current ?? field)
        case .and(let children): return .and(children.map { $0.withField(field) })
        case .or(let children): return .or(children.map { $0.withField(field) })
        case .not(let child): return .not(child.withField(field))
        case let .near(children, distance): return .near(children.map { $0.withField(field) }, distance: distance)
        }
    }

    /// The field shared by every leaf, or nil when leaves differ or have none.
    var uniformField: QueryField? {
        switch self {
        case .term(_, let field, _), .phrase(_, let field, _), .exact(_, let field): return field
        case .and(let children), .or(let children), .near(let children, _):
            guard let first = children.first?.uniformField else { return nil }
            return children.allSatisfy({ $0.uniformField == first }) ? first : nil
        case .not(let child): return child.uniformField
        }
    }

    /// Words a snippet should highlight: leaves that are not excluded.
    func collectPositiveTerms(into terms: inout [String]) {
        switch self {
        case .term(let text, _, _):
            terms.append(text)
        case .phrase(let text, _, _), .exact(let text, _):
            terms.append(contentsOf: text.split(separator: " ").map(String.init))
        case .and(let children), .or(let children), .near(let children, _):
            for child in children { child.collectPositiveTerms(into: &terms) }
        case .not:
            break
        }
    }

    /// A readable rendering for `--explain`, e.g.
    /// `AND(term "war", PHRASE "peace talks", NOT(term "ukraine"))`.
    public var treeDescription: String {
        func leaf(_ kind: String, _ text: String, _ field: QueryField?, _ prefix: Bool) -> String {
            kind + " " + (field.map { $0.rawValue + ":" } ?? "") + "\"" + text + "\"" + (prefix ? "*" : "")
        }
        func list(_ children: [QueryNode]) -> String {
            children.map(\.treeDescription).joined(separator: ", ")
        }
        switch self {
        case let .term(text, field, prefix): return leaf("term", text, field, prefix)
        case let .phrase(text, field, prefix): return leaf("PHRASE", text, field, prefix)
        case let .exact(text, field): return leaf("EXACT", text, field, false)
        case .and(let children): return "AND(" + list(children) + ")"
        case .or(let children): return "OR(" + list(children) + ")"
        case .not(let child): return "NOT(" + child.treeDescription + ")"
        case let .near(children, distance): return "NEAR/\(distance)(" + list(children) + ")"
        }
    }
}

extension StringProtocol {
    /// Whether the index's tokenizer would keep anything of this text: it
    /// keeps exactly the Unicode letters and numbers.
    var hasQueryWordCharacters: Bool {
        unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber:
                return true
            default:
                return false
            }
        }
    }
}
