import Glibc

/// Settings of RM3-style pseudo-relevance feedback (see `QueryExpander`). The
/// defaults were chosen on the Cranfield and CACM collections only (README, "Ranking").
public struct ExpansionSettings: Sendable, Equatable {
    /// Top articles of the first pass read as feedback.
    public var feedbackDocuments = 5
    /// Expansion terms added.
    public var terms = 10
    /// Weight of all expansion terms together against the original terms together
    /// (the original terms keep weight 1 each): RM3's λ / (1 - λ).
    public var weight = 0.2
    /// Terms found in more than this share of the archive's articles are not added.
    public var maxDocumentShare = 0.1
    /// A term must occur in at least this many feedback articles: one short title
    /// alone ("Some thoughts on ...") otherwise floods the query with its words.
    public var minimumFeedbackDocuments = 2
    /// Rank and weigh terms by p(t|R) · ln(N / df) instead of p(t|R) alone, so
    /// common words that slipped under `maxDocumentShare` count less.
    public var idfWeighting = true
    /// p(t|d) = tf / (|d| + smoothing · mean feedback length): with 0 it is RM3's tf / |d|,
    /// which lets a one-line document's few words dominate; larger values damp short documents.
    public var lengthSmoothing = 3.0

    public init() {}
}

/// A term added by expansion.
public struct ExpansionTerm: Sendable, Equatable {
    /// The word added to the query: the most frequent surface form of `stem` in the feedback articles.
    public let term: String
    public let stem: String
    /// Its BM25 weight in the second pass (original terms weigh 1).
    public let weight: Double
}

/// A query made larger by feedback, ready for the weighted second pass.
public struct ExpandedQuery: Sendable {
    public let original: CompiledQuery
    /// The original tree with the added terms: OR-ed in with `--any`; without it,
    /// scoring only (the set of matching articles does not change).
    public let expanded: CompiledQuery
    /// One weight per FTS5 phrase of `expanded.match`, in order.
    public let phraseWeights: [Double]
    public let added: [ExpansionTerm]
}

/// RM3: the first pass's best articles are read with Gazette's analyzer; each
/// term gets p(t|R) = Σ_d w_d · tf(t,d) / |d| with w_d the article's share of
/// the feedback articles' scores; the most likely terms that are not in the
/// query and not too common are added with their probabilities scaled so they
/// weigh `weight` times the original terms together.
struct QueryExpander {
    let searcher: Searcher
    let settings: ExpansionSettings
    let parameters: BM25Parameters
    /// The searcher's own analyzer (one per searcher: each holds a 2 MB stem cache).
    private let analyzer: Analyzer

    init(searcher: Searcher, settings: ExpansionSettings, parameters: BM25Parameters = BM25Parameters()) {
        self.searcher = searcher
        analyzer = searcher.snippets.analyzer
        self.settings = settings
        self.parameters = parameters
    }

    func expand(_ query: CompiledQuery, anyMode: Bool, plan: inout [String]) throws -> ExpandedQuery {
        guard let tree = query.tree else { return ExpandedQuery(original: query, expanded: query, phraseWeights: [], added: []) }
        let originalPhrases = QueryCompiler.phrases(of: tree)
        let unit = [Double](repeating: 1, count: originalPhrases.count)
        let first = try searcher.weightedRank(query, weights: unit, parameters: parameters,
                                              limit: settings.feedbackDocuments, plan: &plan).ranked
        let added = try expansionTerms(feedback: first, tree: tree)
        guard !added.isEmpty else { return ExpandedQuery(original: query, expanded: query, phraseWeights: unit, added: []) }
        let extra = added.map { QueryNode.term($0.term, field: nil, prefix: false) }
        let extraWeights = added.map(\.weight)

        // Positive clauses and exclusions of the original tree.
        var positives: [QueryNode]
        var negatives: [QueryNode] = []
        switch tree {
        case .and(let children):
            positives = children.filter { !$0.isNegation }
            negatives = children.filter(\.isNegation)
        default:
            positives = [tree]
        }
        let newTree: QueryNode
        var weights: [Double]
        if anyMode {
            // Words are optional: the added terms widen the match like the typed ones.
            var alternatives: [QueryNode] = []
            for clause in positives {
                if case .or(let inner) = clause { alternatives += inner } else { alternatives.append(clause) }
            }
            let widened = QueryNode.or(alternatives + extra)
            newTree = negatives.isEmpty ? widened : .and([widened] + negatives)
            weights = QueryCompiler.phrases(of: .or(alternatives)).map { _ in 1.0 } + extraWeights
        } else {
            // Every positive clause is required; OR-ing the added terms with one of
            // them keeps the matches the same and lets FTS5 report the added terms.
            // That clause's second copy weighs 0.
            guard let anchor = positives.last else { return ExpandedQuery(original: query, expanded: query, phraseWeights: unit, added: []) }
            let scoring = QueryNode.or(extra + [anchor])
            newTree = .and(positives + [scoring] + negatives)
            weights = QueryCompiler.phrases(of: .and(positives)).map { _ in 1.0 } + extraWeights
                + QueryCompiler.phrases(of: anchor).map { _ in 0.0 }
        }
        weights += negatives.flatMap { QueryCompiler.phrases(of: $0) }.map { _ in 0.0 }
        let expanded = CompiledQuery(text: query.text, tree: newTree,
                                     match: QueryCompiler.render(newTree, nested: false), filters: query.filters)
        return ExpandedQuery(original: query, expanded: expanded, phraseWeights: weights, added: added)
    }

    /// The added terms, best first.
    func expansionTerms(feedback: [(id: Int64, score: Double)], tree: QueryNode) throws -> [ExpansionTerm] {
        guard !feedback.isEmpty, settings.terms > 0 else { return [] }
        var queryStems = Set<String>()
        var typed: [String] = []
        tree.collectPositiveTerms(into: &typed)
        for word in typed {
            for token in analyzer.tokens(of: word, purpose: .query) { queryStems.insert(token.token) }
        }
        let scoreSum = feedback.reduce(0) { $0 + max(0, $1.score) }
        var relevance: [String: Double] = [:]
        var feedbackCount: [String: Int] = [:]
        var surfaces: [String: [String: Int]] = [:]
        var texts: [(weight: Double, counts: TermCounts)] = []
        for entry in feedback {
            guard let text = try searcher.storedText(of: entry.id) else { continue }
            let counts = TermCounts(text.title + "\n" + text.body, analyzer: analyzer)
            guard counts.length > 0 else { continue }
            let documentWeight = scoreSum > 0 ? max(0, entry.score) / scoreSum : 1 / Double(feedback.count)
            texts.append((documentWeight, counts))
        }
        let meanLength = texts.isEmpty ? 0 : Double(texts.reduce(0) { $0 + $1.counts.length }) / Double(texts.count)
        for (documentWeight, counts) in texts {
            let length = Double(counts.length) + settings.lengthSmoothing * meanLength
            for (stem, frequency) in counts.frequency {
                relevance[stem, default: 0] += documentWeight * Double(frequency) / length
                feedbackCount[stem, default: 0] += 1
            }
            counts.mergeSurfaces(into: &surfaces)
        }
        let statistics = TermStatistics(database: searcher.index.database)
        let articles = try statistics.documentCount()
        let ceiling = Double(articles) * settings.maxDocumentShare
        var candidates: [(stem: String, probability: Double)] = []
        for (stem, probability) in relevance {
            guard !queryStems.contains(stem), TermCounts.isWordLike(stem),
                  feedbackCount[stem, default: 0] >= settings.minimumFeedbackDocuments else { continue }
            candidates.append((stem, probability))
        }
        // Archive statistics are read for the likeliest candidates only: a bounded cost per query.
        candidates.sort { $0.probability != $1.probability ? $0.probability > $1.probability : $0.stem < $1.stem }
        var scored: [(stem: String, probability: Double)] = []
        for candidate in candidates {
            if scored.count >= settings.terms * 3 { break }
            let word = TermCounts.shownForm(of: candidate.stem, in: surfaces)
            guard !StopWords.english.contains(word) else { continue }
            let frequency = try statistics.documentFrequency(candidate.stem, word: word, atMost: Int(ceiling) + 1)
            guard frequency >= 2, Double(frequency) <= ceiling else { continue }
            let score = settings.idfWeighting
                ? candidate.probability * log(Double(articles) / Double(frequency)) : candidate.probability
            scored.append((candidate.stem, score))
        }
        scored.sort { $0.probability != $1.probability ? $0.probability > $1.probability : $0.stem < $1.stem }
        let chosen = scored.prefix(settings.terms)
        let mass = chosen.reduce(0) { $0 + $1.probability }
        guard mass > 0 else { return [] }
        // The original side's weight counts only its informative words: words as common
        // as "the" add almost nothing to a score, and would make the added terms outweigh the rest.
        var informative = 0
        for word in typed {
            let stems = analyzer.tokens(of: word, purpose: .query).map(\.token)
            var common = false
            if StopWords.english.contains(word.lowercased()) {
                common = true
            } else if stems.count == 1,
                      Double(try statistics.documentFrequency(stems[0], word: word, atMost: Int(ceiling) + 1)) > ceiling {
                common = true
            }
            if !stems.isEmpty && !common { informative += 1 }
        }
        let scale = settings.weight * Double(max(1, informative)) / mass
        return chosen.map { ExpansionTerm(term: TermCounts.shownForm(of: $0.stem, in: surfaces), stem: $0.stem,
                                          weight: $0.probability * scale) }
    }
}
