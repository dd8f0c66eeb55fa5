import Gazette
/// Text synthesis: headlines, bodies and the light edits of syndicated copies.
/// Text is built as ASCII bytes and turned into a String once per line,
/// because per-word String concatenation dominated generation time.
extension CorpusGenerator {
    private static let space = UInt8(ascii: " ")

    func makeOriginal(_ index: Int) -> GeneratedArticle {
        var rng = SplitMix64(seed: SplitMix64.derive(seed, index: index, salt: Self.contentSalt))
        let (source, day) = Self.originalPlacement(&rng)
        let vocabulary = GeneratorVocabulary.shared
        let topic = vocabulary.topics[vocabulary.topicSampler.sample(&rng)]
        // Key terms recur in headline and body, as a story's subject does.
        var keys: [Int] = []
        for _ in 0..<12 where keys.count < 4 {
            let lemma = Int(topic.lemmas[topic.sampler.sample(&rng)])
            if !keys.contains(lemma) { keys.append(lemma) }
        }
        let context = TopicContext(topic: topic, keys: keys)
        var echoes: [[UInt8]] = []
        let title = Self.makeHeadline(&rng, context, echoes: &echoes)
        let paragraphs = Self.makeBody(&rng, context, echoes: echoes)
        return GeneratedArticle(
            index: index, url: makeURL(source: source, day: day, title: title, index: index),
            source: Self.sourceNames[source], date: day, title: title, paragraphs: paragraphs,
            copyOf: nil, sourceIndex: source, dayFolders: usesDayFolders)
    }

    func makeCopy(_ index: Int, of original: GeneratedArticle) -> GeneratedArticle {
        var rng = SplitMix64(seed: SplitMix64.derive(seed, index: index, salt: Self.copySalt))
        let (source, day) = Self.copyPlacement(&rng, original: (original.sourceIndex, original.date))
        var tokens = original.paragraphs.map { $0.split(separator: " ").map(String.init) }
        var title = original.title.split(separator: " ").map(String.init)
        // About a third of copies keep the body verbatim. The others are edited
        // lightly (≤ 2% of words, at most one short paragraph) so they stay
        // near-duplicates: word-set Jaccard with the original stays above 0.8.
        if rng.chance(0.65) {
            let total = tokens.reduce(0) { $0 + $1.count }
            // Drop only a short, non-lead paragraph, and never below the length floor.
            let droppable = tokens.indices.dropFirst().filter {
                tokens[$0].count * 100 <= total * 12 && total - tokens[$0].count >= 205
            }
            if tokens.count > 3, !droppable.isEmpty, rng.chance(0.5) {
                tokens.remove(at: droppable[rng.below(droppable.count)])
            }
            if rng.chance(0.7) {
                let changes = 1 + rng.below(max(1, total / 50))
                for _ in 0..<changes {
                    let p = rng.below(tokens.count)
                    Self.replaceWord(in: &tokens[p], at: rng.below(tokens[p].count), &rng)
                }
            }
        }
        if rng.chance(0.3) { Self.replaceWord(in: &title, at: 1 + rng.below(title.count - 1), &rng) }
        var paragraphs = tokens.map { $0.joined(separator: " ") }
        // Most syndicated copies carry a byline line or a wire credit prefix.
        if rng.chance(0.8), !paragraphs.isEmpty {
            let names = GeneratorWordLists.firstNames, surnames = GeneratorVocabulary.shared.surnames
            let wire = GeneratorWordLists.wires[rng.below(GeneratorWordLists.wires.count)]
            if paragraphs.count < 12, rng.chance(0.5) {
                let person = names[rng.below(names.count)] + " " + surnames[rng.below(surnames.count)]
                let byline = ["By Staff Reporter", "By " + person, "By " + person + ", Staff Writer"]
                paragraphs.insert(byline[rng.below(byline.count)], at: 0)
            } else {
                let place = GeneratorWordLists.datelines[rng.below(GeneratorWordLists.datelines.count)]
                paragraphs[0] = (rng.chance(0.5) ? place + " " : "") + "(" + wire + ") — " + paragraphs[0]
            }
        }
        let headline = title.joined(separator: " ")
        return GeneratedArticle(
            index: index, url: makeURL(source: source, day: day, title: headline, index: index),
            source: Self.sourceNames[source], date: day, title: headline, paragraphs: paragraphs,
            copyOf: original.index, sourceIndex: source, dayFolders: usesDayFolders)
    }

    /// Swaps one plain lowercase word for another, keeping trailing punctuation,
    /// so an edit never changes the word count or sentence structure.
    private static func replaceWord(in tokens: inout [String], at position: Int, _ rng: inout SplitMix64) {
        guard tokens.indices.contains(position) else { return }
        var word = tokens[position]
        var trailing = ""
        if let last = word.last, last == "," || last == "." { trailing = String(last); word.removeLast() }
        guard !word.isEmpty, word.allSatisfy({ $0 >= "a" && $0 <= "z" }) else { return }
        let vocabulary = GeneratorVocabulary.shared
        tokens[position] = vocabulary.words[100 + rng.below(5_000)] + trailing
    }

    struct TopicContext {
        let topic: GeneratorVocabulary.Topic
        let keys: [Int]

        func topicalWord(_ rng: inout SplitMix64, keyShare: Double) -> Int {
            let lemma = rng.chance(keyShare) || keys.isEmpty
                ? (keys.isEmpty ? Int(topic.lemmas[0]) : keys[rng.below(keys.count)])
                : Int(topic.lemmas[topic.sampler.sample(&rng)])
            return GeneratorVocabulary.shared.form(ofLemma: lemma, &rng)
        }
    }

    /// The headline, plus its content words in `echoes` for the body to repeat:
    /// a story's lead restates its headline.
    static func makeHeadline(_ rng: inout SplitMix64, _ context: TopicContext, echoes: inout [[UInt8]]) -> String {
        let vocabulary = GeneratorVocabulary.shared
        // 6–14 words, skewed short like real headlines.
        let length = 6 + min(rng.below(9), rng.below(9))
        var buffer: [UInt8] = []
        var nextKey = 0
        for position in 0..<length {
            if position > 0 { buffer.append(space) }
            let wordStart = buffer.count
            var rank = Int.max
            // Headlines end on a content word, never on "the" or "of".
            let roll = position == length - 1 ? 0.45 : rng.unit()
            if roll < 0.4, nextKey < context.keys.count {
                rank = vocabulary.form(ofLemma: context.keys[nextKey], &rng)
                vocabulary.append(word: rank, to: &buffer)
                nextKey += 1
            } else if roll < 0.5 {
                rank = context.topicalWord(&rng, keyShare: 0.3)
                vocabulary.append(word: rank, to: &buffer)
            } else if roll < 0.54 {
                buffer.append(contentsOf: vocabulary.surnames[rng.below(vocabulary.surnames.count)].utf8)
            } else {
                rank = vocabulary.zipf.sample(&rng)
                vocabulary.append(word: rank, to: &buffer)
            }
            // Function words recur anyway; names and content words are echoed.
            if rank >= 150 { echoes.append(Array(buffer[wordStart...])) }
        }
        capitalise(&buffer, at: 0)
        return String(decoding: buffer, as: UTF8.self)
    }

    static func makeBody(_ rng: inout SplitMix64, _ context: TopicContext, echoes: [[UInt8]]) -> [String] {
        // 210–880 words, mean ≈ 460: leaves room for a syndication credit
        // while staying within 200–900 words.
        let shape = 0.75 * min(rng.unit(), rng.unit()) + 0.25 * rng.unit()
        let target = 210 + Int(670 * shape)
        let count = max(3, min(12, target / 60 + rng.within(-2...2)))
        // Every paragraph gets at least 12 words (room for a whole 8–30 word
        // sentence split); the rest is spread with random weights.
        let minimum = 12
        let weights = (0..<count).map { _ in 0.5 + rng.unit() }
        let weightSum = weights.reduce(0, +)
        let spare = target - minimum * count
        var sizes = weights.map { minimum + Int(Double(spare) * $0 / weightSum) }
        sizes[count - 1] += target - sizes.reduce(0, +)

        var paragraphs: [String] = []
        paragraphs.reserveCapacity(count)
        var buffer: [UInt8] = []
        var pending = echoes[...]
        for (p, size) in sizes.enumerated() {
            buffer.removeAll(keepingCapacity: true)
            var remaining = size
            while remaining > 0 {
                let length = remaining <= 30 ? remaining : rng.within(8...min(30, remaining - 8))
                if remaining != size { buffer.append(space) }
                // The lead sentence states the story, so it is densely topical.
                let topical = p == 0 && remaining == size ? 0.35 : 0.1
                appendSentence(&buffer, words: length, topical: topical, context, &pending, &rng)
                remaining -= length
            }
            paragraphs.append(String(decoding: buffer, as: UTF8.self))
        }
        return paragraphs
    }

    private static func appendSentence(_ buffer: inout [UInt8], words: Int, topical: Double,
                                       _ context: TopicContext, _ echoes: inout ArraySlice<[UInt8]>,
                                       _ rng: inout SplitMix64) {
        let vocabulary = GeneratorVocabulary.shared
        let start = buffer.count
        var produced = 0
        while produced < words {
            if produced > 0 { buffer.append(space) }
            let roll = rng.unit()
            if let echo = echoes.first, roll < 0.3 {
                buffer.append(contentsOf: echo)
                echoes.removeFirst()
                produced += 1
            } else if roll < 0.012 {
                appendNumber(&buffer, &rng)
                produced += 1
            } else if roll < 0.024 {
                if words - produced >= 2, rng.chance(0.5) {
                    let first = GeneratorWordLists.firstNames
                    buffer.append(contentsOf: first[rng.below(first.count)].utf8)
                    buffer.append(space)
                    produced += 1
                }
                buffer.append(contentsOf: vocabulary.surnames[rng.below(vocabulary.surnames.count)].utf8)
                produced += 1
            } else if roll < 0.024 + topical {
                vocabulary.append(word: context.topicalWord(&rng, keyShare: 0.5), to: &buffer)
                produced += 1
            } else {
                vocabulary.append(word: vocabulary.zipf.sample(&rng), to: &buffer)
                produced += 1
            }
            if produced < words, rng.chance(0.06) { buffer.append(UInt8(ascii: ",")) }
        }
        capitalise(&buffer, at: start)
        buffer.append(UInt8(ascii: "."))
    }

    /// Years, percentages, amounts and counts: one token each.
    private static func appendNumber(_ buffer: inout [UInt8], _ rng: inout SplitMix64) {
        let text: String
        switch rng.below(5) {
        case 0: text = String(rng.within(1990...2025))
        case 1: text = String(rng.within(1...60)) + (rng.chance(0.4) ? "." + String(rng.within(1...9)) : "") + "%"
        case 2: text = "$" + grouped(rng.within(2...950) * 1_000)
        case 3: text = String(rng.within(2...99))
        default: text = grouped(rng.within(100...25_000))
        }
        buffer.append(contentsOf: text.utf8)
    }

    static func grouped(_ value: Int) -> String {
        var digits = Array(String(value))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }

    private static func capitalise(_ buffer: inout [UInt8], at index: Int) {
        guard buffer.indices.contains(index), buffer[index] >= UInt8(ascii: "a"), buffer[index] <= UInt8(ascii: "z")
        else { return }
        buffer[index] -= 32
    }
}
