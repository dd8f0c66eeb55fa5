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
    /// RM3 also re-weighs the query's own words by how likely they are in the
    /// feedback: the typed words that are informative share this much weight
    /// (times their number) on top of their weight 1, in proportion to
    /// p(t|R) · ln(N / df). 0 leaves every typed word at 1 (the original weight is RM3's λ side).
    public var originalWeight = 0.1
    /// BM25's k1 and b for both passes of an expanded search (the title and
    /// body weights are the search's). Plain search keeps FTS5's 1.2 and 0.75.
    public var k1 = 1.8
    public var b = 0.4

    public init() {}
}

/// A term added by expansion.
public struct ExpansionTerm: Sendable, Equatable {
    /// The word added to the query: the most frequent surface form of `stem` in the feedback articles.
    public let term: String
    public let stem: String
    /// Its BM25 weight in the second pass (original terms weigh 1).
    public let weight: Double
    /// Articles of the archive holding it, when counted exactly: the second pass's IDF needs no walk for it.
    var articles: Int?
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
    /// The typed words whose weight feedback raised above 1, with their new weights.
    public var reweighted: [ExpansionTerm] = []
    /// Where each phrase of `expanded` comes from, when expansion only re-ranks
    /// (no `--any`): the matches are the first pass's, so the second pass can
    /// score them from the first pass's counts and the added terms' postings.
    var layout: [ExpandedPhrase]?
}

/// A phrase of an expanded query: one of the original query's (by its index
/// among the original's FTS5 phrases) or an added term (by its index in `added`).
enum ExpandedPhrase: Equatable {
    case typed(Int)
    case added(Int)
}

/// What feedback gives a query: terms to add, and extra weight for typed words (by stem).
struct Feedback {
    var added: [ExpansionTerm] = []
    var boosts: [String: Double] = [:]
}

/// RM3: the first pass's best articles are read with Gazette's analyzer; each
/// term gets p(t|R) = Σ_d w_d · tf(t,d) / |d| with w_d the article's share of
/// the feedback articles' scores; the most likely terms that are not in the
/// query and not too common are added with their probabilities scaled so they
/// weigh `weight` times the original terms together.
struct QueryExpander {
    let searcher: Searcher
    let settings: ExpansionSettings
    /// The searcher's own analyzer (one per searcher: each holds a 2 MB stem cache).
    private let analyzer: Analyzer

    init(searcher: Searcher, settings: ExpansionSettings) {
        self.searcher = searcher
        analyzer = searcher.snippets.analyzer
        self.settings = settings
    }

    /// Expands `query` with terms from `feedback`, the first pass's best articles (best first, with their scores).
    func expand(_ query: CompiledQuery, feedback: [(id: Int64, score: Double)], anyMode: Bool) throws -> ExpandedQuery {
        guard let tree = query.tree else { return ExpandedQuery(original: query, expanded: query, phraseWeights: [], added: []) }
        let unit = [Double](repeating: 1, count: QueryCompiler.phrases(of: tree).count)
        let found = try expansionTerms(feedback: feedback, tree: tree, languages: query.filters.languages)
        let added = found.added
        guard !added.isEmpty || !found.boosts.isEmpty else {
            return ExpandedQuery(original: query, expanded: query, phraseWeights: unit, added: [])
        }
        var reweighted: [ExpansionTerm] = []
        var seen = Set<String>()
        // A typed word's weight: 1, plus its feedback boost when it is one stem.
        func weight(of phrase: QueryNode) -> Double {
            guard case .term(let word, _, _) = phrase else { return 1 }
            let stems = analyzer.tokens(of: word, purpose: .query).map(\.token)
            guard stems.count == 1, let boost = found.boosts[stems[0]] else { return 1 }
            if seen.insert(stems[0]).inserted {
                reweighted.append(ExpansionTerm(term: word, stem: stems[0], weight: 1 + boost))
            }
            return 1 + boost
        }
        func weights(of node: QueryNode) -> [Double] { QueryCompiler.phrases(of: node).map(weight(of:)) }
        guard !added.isEmpty else {
            var result = ExpandedQuery(original: query, expanded: query, phraseWeights: weights(of: tree), added: [])
            result.reweighted = reweighted
            // Only weights change: the same phrases, the same matches.
            result.layout = unit.indices.map(ExpandedPhrase.typed)
            return result
        }
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
        var phraseWeights: [Double]
        if anyMode {
            // Words are optional: the added terms widen the match like the typed ones.
            var alternatives: [QueryNode] = []
            for clause in positives {
                if case .or(let inner) = clause { alternatives += inner } else { alternatives.append(clause) }
            }
            let widened = QueryNode.or(alternatives + extra)
            newTree = negatives.isEmpty ? widened : .and([widened] + negatives)
            phraseWeights = weights(of: .or(alternatives)) + extraWeights
        } else {
            // Every positive clause is required; OR-ing the added terms with one of
            // them keeps the matches the same and lets FTS5 report the added terms.
            // That clause's second copy weighs 0.
            guard let anchor = positives.last else {
                return ExpandedQuery(original: query, expanded: query, phraseWeights: unit, added: [])
            }
            let scoring = QueryNode.or(extra + [anchor])
            newTree = .and(positives + [scoring] + negatives)
            phraseWeights = weights(of: .and(positives)) + extraWeights
                + QueryCompiler.phrases(of: anchor).map { _ in 0.0 }
        }
        phraseWeights += negatives.flatMap { QueryCompiler.phrases(of: $0) }.map { _ in 0.0 }
        let expanded = CompiledQuery(text: query.text, tree: newTree,
                                     match: QueryCompiler.render(newTree, nested: false), filters: query.filters)
        var result = ExpandedQuery(original: query, expanded: expanded, phraseWeights: phraseWeights, added: added)
        result.reweighted = reweighted
        if !anyMode, let anchor = positives.last {
            result.layout = Self.layout(original: tree, expanded: newTree, positives: positives, anchor: anchor,
                                        added: added)
        }
        return result
    }

    /// The phrase layout of a re-ranking expansion: the positive clauses' phrases,
    /// the added terms, the anchor's second copy, the exclusions. Nil unless every
    /// typed phrase of it is the same phrase of the original (checked, not assumed).
    static func layout(original: QueryNode, expanded: QueryNode, positives: [QueryNode], anchor: QueryNode,
                       added: [ExpansionTerm]) -> [ExpandedPhrase]? {
        let originalPhrases = QueryCompiler.phrases(of: original)
        let expandedPhrases = QueryCompiler.phrases(of: expanded)
        let positive = QueryCompiler.phrases(of: .and(positives)).count
        let anchorCount = QueryCompiler.phrases(of: anchor).count
        guard positive <= originalPhrases.count, anchorCount <= positive else { return nil }
        var layout = (0..<positive).map(ExpandedPhrase.typed)
        layout += added.indices.map(ExpandedPhrase.added)
        layout += (positive - anchorCount..<positive).map(ExpandedPhrase.typed)
        layout += (positive..<originalPhrases.count).map(ExpandedPhrase.typed)
        guard layout.count == expandedPhrases.count else { return nil }
        for (position, source) in layout.enumerated() {
            switch source {
            case .typed(let index):
                guard originalPhrases[index] == expandedPhrases[position] else { return nil }
            case .added(let index):
                guard expandedPhrases[position] == .term(added[index].term, field: nil, prefix: false) else { return nil }
            }
        }
        return layout
    }

    /// The added terms, best first, and the typed words' boosts.
    func expansionTerms(feedback: [(id: Int64, score: Double)], tree: QueryNode, languages: [String] = []) throws -> Feedback {
        guard !feedback.isEmpty, settings.terms > 0 || settings.originalWeight > 0 else { return Feedback() }
        var queryStems = Set<String>()
        var typed: [String] = []
        tree.collectPositiveTerms(into: &typed)
        for word in typed {
            for token in analyzer.tokens(of: word, purpose: .query) { queryStems.insert(token.token) }
        }
        let scoreSum = feedback.reduce(0) { $0 + max(0, $1.score) }
        var tally = FeedbackTally()
        var weights: [Double] = []
        for entry in feedback {
            guard let text = try searcher.storedText(of: entry.id) else { continue }
            tally.add(text.title + "\n" + text.body, analyzer: analyzer)
            weights.append(scoreSum > 0 ? max(0, entry.score) / scoreSum : 1 / Double(feedback.count))
        }
        let lengths = tally.lengthsOfTexts
        let read = lengths.filter { $0 > 0 }
        let meanLength = read.isEmpty ? 0 : Double(read.reduce(0, +)) / Double(read.count)
        for (text, length) in lengths.enumerated() where length > 0 {
            tally.score(text: text, weight: weights[text], smoothedLength: Double(length) + settings.lengthSmoothing * meanLength)
        }
        let statistics = try searcher.termStatistics(languages: languages)
        let articles = try statistics.documentCount()
        let ceiling = Double(articles) * settings.maxDocumentShare
        var candidates: [(entry: Int, probability: Double)] = []
        for entry in 0..<tally.count where tally.textCounts[entry] >= settings.minimumFeedbackDocuments {
            candidates.append((entry, tally.relevance[entry]))
        }
        // Archive statistics are read for the likeliest candidates only: a bounded cost per query.
        // Best first, ties by stem. Many stems tie (once in each of the same two texts), so the
        // ties are put in order run by run as the loop reaches them, not all of them up front.
        candidates.sort { $0.probability > $1.probability }
        var surfaces: [String: String] = [:]
        var scored: [(stem: String, probability: Double, articles: Int)] = []
        var position = 0
        var run: [(stem: String, entry: Int)] = []
        var nextInRun = 0
        while scored.count < settings.terms * 3 {
            if nextInRun == run.count {
                guard position < candidates.count else { break }
                var end = position + 1
                while end < candidates.count && candidates[end].probability == candidates[position].probability { end += 1 }
                run = candidates[position..<end].map { (tally.stem($0.entry), $0.entry) }.sorted { $0.stem < $1.stem }
                nextInRun = 0
                position = end
            }
            let (stem, entry) = run[nextInRun]
            let probability = candidates[position - 1].probability
            nextInRun += 1
            let candidate = (entry: entry, probability: probability)
            guard !queryStems.contains(stem), TermCounts.isWordLike(stem) else { continue }
            let word = tally.shownForm(of: candidate.entry)
            surfaces[stem] = word
            guard !StopWords.english.contains(word) else { continue }
            let frequency = try statistics.documentFrequency(stem, word: word, atMost: Int(ceiling) + 1)
            guard frequency >= 2, Double(frequency) <= ceiling else { continue }
            let score = settings.idfWeighting
                ? candidate.probability * log(Double(articles) / Double(frequency)) : candidate.probability
            scored.append((stem, score, frequency))
        }
        scored.sort { $0.probability != $1.probability ? $0.probability > $1.probability : $0.stem < $1.stem }
        let chosen = scored.prefix(settings.terms)
        // The original side's weight counts only its informative words: words as common
        // as "the" add almost nothing to a score, and would make the added terms outweigh the rest.
        var informative = 0
        var informativeStems: [String: Int] = [:]
        for word in typed {
            let stems = analyzer.tokens(of: word, purpose: .query).map(\.token)
            var common = false
            var frequency = 0
            if StopWords.english.contains(word.lowercased()) {
                common = true
            } else if stems.count == 1 {
                frequency = try statistics.documentFrequency(stems[0], word: word, atMost: Int(ceiling) + 1)
                common = Double(frequency) > ceiling
            }
            if !stems.isEmpty && !common {
                informative += 1
                if stems.count == 1 && frequency > 0 { informativeStems[stems[0]] = frequency }
            }
        }
        var found = Feedback()
        let mass = chosen.reduce(0) { $0 + $1.probability }
        if mass > 0 {
            let scale = settings.weight * Double(max(1, informative)) / mass
            found.added = chosen.map { ExpansionTerm(term: surfaces[$0.stem] ?? $0.stem, stem: $0.stem,
                                                     weight: $0.probability * scale, articles: $0.articles) }
        }
        if settings.originalWeight > 0 {
            var likelihoods: [String: Double] = [:]
            for (stem, frequency) in informativeStems {
                guard let entry = tally.entry(of: stem) else { continue }
                let probability = tally.relevance[entry]
                guard probability > 0 else { continue }
                likelihoods[stem] = settings.idfWeighting ? probability * log(Double(articles) / Double(frequency)) : probability
            }
            let total = likelihoods.values.reduce(0, +)
            if total > 0 {
                let scale = settings.originalWeight * Double(max(1, informative)) / total
                for (stem, likelihood) in likelihoods { found.boosts[stem] = likelihood * scale }
            }
        }
        return found
    }
}
