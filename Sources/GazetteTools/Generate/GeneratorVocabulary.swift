import Gazette
/// The generator's fixed vocabulary: surface forms in frequency-rank order,
/// lemmas grouping a base word with its inflections, topics over lemmas and
/// personal names.
///
/// It is built from a constant seed, not the corpus seed, so every corpus
/// shares one vocabulary and it can be built once per process.
struct GeneratorVocabulary: Sendable {
    /// Suffixes a generated base word may take, with English spelling rules.
    enum Suffix: Int, CaseIterable, Sendable {
        case plural, past, progressive, agent, ation, adverb, ment, ness
    }

    /// A topic: lemmas that co-occur, with a Zipf distribution among them.
    struct Topic: Sendable {
        let lemmas: [Int32]
        let sampler: GeneratorAliasTable
    }

    static let shared = GeneratorVocabulary()

    /// Surface forms; index = frequency rank (0 is the most frequent).
    let words: [String]
    /// UTF-8 of every word back to back, so text is built without Strings.
    let bytes: [UInt8]
    /// `bytes[starts[i]..<starts[i + 1]]` is `words[i]`.
    let starts: [Int32]
    /// Background distribution over ranks.
    let zipf: GeneratorAliasTable
    /// Surface-form ranks of each content lemma; element 0 is the base form.
    let lemmas: [[Int32]]
    let topics: [Topic]
    let topicSampler: GeneratorAliasTable
    let surnames: [String]

    private init() {
        var rng = SplitMix64(seed: 0x6761_7A65_7474_6521)  // fixed: shared by all corpora
        var words: [String] = []
        var rankOf: [String: Int32] = [:]  // lookup only; never iterated, so order is stable
        func add(_ word: String) -> Int32 {
            if let rank = rankOf[word] { return rank }
            let rank = Int32(words.count)
            words.append(word)
            rankOf[word] = rank
            return rank
        }
        for word in GeneratorWordLists.common { _ = add(word) }
        let nouns = GeneratorWordLists.nouns, verbs = GeneratorWordLists.verbs
        for word in nouns + verbs { _ = add(word) }
        var lemmaForms: [[String]] = nouns.map { [$0, Self.inflect($0, .plural)] }
        lemmaForms += verbs.map { v in [v] + [.plural, .past, .progressive].map { Self.inflect(v, $0) } }
        for forms in lemmaForms { for form in forms.dropFirst() { _ = add(form) } }
        let handLemmaCount = lemmaForms.count

        // Generated bases: short ones first so frequent words look like common
        // English (short), rare ones longer. Forms are ranked by base rank times
        // a per-suffix penalty, so a common lemma has common inflections.
        let penalty: [Suffix: Int] = [.plural: 2, .past: 3, .progressive: 3, .agent: 6,
                                      .ation: 8, .adverb: 5, .ment: 9, .ness: 10]
        let odds: [Suffix: Double] = [.plural: 1, .past: 0.9, .progressive: 0.9, .agent: 0.55,
                                      .ation: 0.35, .adverb: 0.35, .ment: 0.35, .ness: 0.35]
        var candidates: [(score: Int, base: Int, order: Int, word: String)] = []
        var bases: [String] = []
        var taken = Set(words)
        let baseCount = 6_500
        while bases.count < baseCount {
            let syllables = bases.count < 800 ? rng.within(1...2) : (rng.chance(0.7) ? 2 : 3)
            let base = Self.makeBase(&rng, syllables: syllables)
            guard base.utf8.count >= 3, taken.insert(base).inserted else { continue }
            let b = bases.count
            bases.append(base)
            candidates.append((b + 1, b, 0, base))
            for suffix in Suffix.allCases where rng.chance(odds[suffix] ?? 0) {
                let word = Self.inflect(base, suffix)
                candidates.append(((b + 1) * (penalty[suffix] ?? 10), b, suffix.rawValue + 1, word))
            }
        }
        candidates.sort { ($0.score, $0.base, $0.order) < ($1.score, $1.base, $1.order) }
        var generatedForms = [[Int32]](repeating: [], count: baseCount)
        for c in candidates {
            let rank = add(c.word)
            // The base form sorts first within its lemma, so it lands at index 0.
            if !generatedForms[c.base].contains(rank) { generatedForms[c.base].append(rank) }
        }
        var lemmas = lemmaForms.map { $0.map { rankOf[$0] ?? 0 } }
        lemmas += generatedForms

        // Topics mix a few real news lemmas with generated ones of middling
        // frequency: frequent enough to recur, rare enough to be discriminative.
        var topics: [Topic] = []
        for _ in 0..<160 {
            var members: [Int32] = []
            while members.count < 32 {
                let lemma = members.count < 5
                    ? rng.below(handLemmaCount)
                    : handLemmaCount + 40 + rng.below(3_000)
                if !members.contains(Int32(lemma)) { members.append(Int32(lemma)) }
            }
            topics.append(Topic(lemmas: members, sampler: GeneratorAliasTable(zipfCount: members.count, offset: 2)))
        }

        var surnames: [String] = []
        while surnames.count < 400 {
            let stem = Self.makeBase(&rng, syllables: rng.within(1...2))
            let ending = GeneratorWordLists.surnameEndings[rng.below(GeneratorWordLists.surnameEndings.count)]
            let name = (stem + ending).prefix(1).uppercased() + (stem + ending).dropFirst()
            if name.count >= 4, !surnames.contains(name) { surnames.append(name) }
        }

        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        for word in words {
            bytes.append(contentsOf: word.utf8)
            starts.append(Int32(bytes.count))
        }
        self.words = words
        self.bytes = bytes
        self.starts = starts
        self.zipf = GeneratorAliasTable(zipfCount: words.count)
        self.lemmas = lemmas
        self.topics = topics
        self.topicSampler = GeneratorAliasTable(zipfCount: topics.count, offset: 8)
        self.surnames = surnames
    }

    /// One random surface form of `lemma`: the base form half the time, since
    /// uninflected forms dominate real text.
    func form(ofLemma lemma: Int, _ rng: inout SplitMix64) -> Int {
        let forms = lemmas[lemma]
        if forms.count == 1 || rng.chance(0.5) { return Int(forms[0]) }
        return Int(forms[1 + rng.below(forms.count - 1)])
    }

    func append(word rank: Int, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: bytes[Int(starts[rank])..<Int(starts[rank + 1])])
    }

    private static func makeBase(_ rng: inout SplitMix64, syllables: Int) -> String {
        typealias W = GeneratorWordLists
        var word = W.onsets[rng.below(W.onsets.count)]
        for s in 0..<syllables {
            if s > 0 { word += W.innerOnsets[rng.below(W.innerOnsets.count)] }
            word += W.vowels[rng.below(W.vowels.count)]
            word += s == syllables - 1 ? W.codas[rng.below(W.codas.count)] : W.innerCodas[rng.below(W.innerCodas.count)]
        }
        // A silent final e ("constrine") exercises the drop-e spelling rules.
        if let last = word.last, !isVowel(last), !"xkh".contains(last), rng.chance(0.25) { word += "e" }
        return word
    }

    static func isVowel(_ c: Character) -> Bool { "aeiou".contains(c) }

    /// Short consonant-vowel-consonant words double the final consonant ("plan" → "planned").
    static func doublesFinalConsonant(_ word: String) -> Bool {
        let chars = Array(word)
        guard chars.count >= 3, chars.count <= 5 else { return false }
        let a = chars[chars.count - 3], b = chars[chars.count - 2], c = chars[chars.count - 1]
        guard !isVowel(a), isVowel(b), !isVowel(c), !"wxy".contains(c) else { return false }
        // Only one vowel group: a single syllable.
        var groups = 0
        var previousVowel = false
        for ch in chars {
            let v = isVowel(ch)
            if v, !previousVowel { groups += 1 }
            previousVowel = v
        }
        return groups == 1
    }

    /// `base` with `suffix` under (simplified) English spelling rules.
    static func inflect(_ base: String, _ suffix: Suffix) -> String {
        let chars = Array(base)
        guard let last = chars.last else { return base }
        let penultimate = chars.count >= 2 ? chars[chars.count - 2] : " "
        let consonantY = last == "y" && !isVowel(penultimate)
        let stem = String(chars.dropLast())
        let silentE = last == "e" && penultimate != "e"
        let doubled = doublesFinalConsonant(base) ? base + String(last) : base
        switch suffix {
        case .plural:
            if consonantY { return stem + "ies" }
            if "sxz".contains(last) || base.hasSuffix("ch") || base.hasSuffix("sh") { return base + "es" }
            return base + "s"
        case .past:
            if consonantY { return stem + "ied" }
            if last == "e" { return base + "d" }
            return doubled + "ed"
        case .progressive:
            if base.hasSuffix("ie") { return String(chars.dropLast(2)) + "ying" }
            if silentE { return stem + "ing" }
            return doubled + "ing"
        case .agent:
            if consonantY { return stem + "ier" }
            if last == "e" { return base + "r" }
            return doubled + "er"
        case .ation:
            if consonantY { return stem + "ication" }
            return (silentE ? stem : base) + "ation"
        case .adverb:
            if consonantY { return stem + "ily" }
            if base.hasSuffix("le") { return stem + "y" }
            return base + "ly"
        case .ment:
            return base + "ment"
        case .ness:
            return (consonantY ? stem + "i" : base) + "ness"
        }
    }
}
