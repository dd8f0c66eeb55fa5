/// How one language's words become index terms.
enum StemMode {
    /// Gazette's own Porter2 (Snowball English) stemmer, through the stem cache:
    /// English, and text whose language is not known.
    case english
    /// A Snowball stemmer from libstemmer, fed the lower-case word with its
    /// diacritics; its stem is folded afterwards.
    case snowball(SnowballStemmer)
    /// Folded only: languages Snowball has no stemmer for.
    case foldOnly

    var isSnowball: Bool {
        if case .snowball = self { return true }
        return false
    }
}

/// A word as the scanner found it: folded bytes (stemmed in place) and, when
/// a Snowball stemmer needs it, its lower-case form with diacritics.
struct StemInput {
    let folded: UnsafeMutableBufferPointer<UInt8>
    let count: Int
    /// Only a-z, 0-9 and ': what the English stemmer accepts.
    let asciiOnly: Bool
    let lower: UnsafeBufferPointer<UInt8>?
}

extension Analyzer {
    /// Analyses what follows as text in `language` (ISO 639-1; "" when not
    /// known, which is analysed like English). For documents.
    public func setLanguage(_ language: String) {
        setLanguages([language])
    }

    /// Analyses queries for every language in `languages`: each word becomes
    /// the distinct stems it has in them, at one position (FTS5 ORs them).
    /// An empty list means English only, as before languages existed.
    public func setLanguages(_ languages: [String]) {
        var codes: [String] = []
        for code in languages where !codes.contains(code) { codes.append(code) }
        if codes.isEmpty { codes = [""] }
        guard codes != languageCodes else { return }
        languageCodes = codes
        var modes: [StemMode] = []
        var english = false
        for code in codes {
            let mode = stemMode(for: code)
            if case .english = mode {
                if english { continue }
                english = true
            }
            modes.append(mode)
        }
        stemModes = modes
        keepsLowerCase = modes.contains { $0.isSnowball }
        updatePlainEnglish()
    }

    /// The languages this analyzer stems for, as last set.
    public var languages: [String] { languageCodes }

    private func stemMode(for code: String) -> StemMode {
        if Languages.usesEnglishStemmer(code) { return .english }
        if let known = snowballStemmers[code] { return .snowball(known) }
        guard let stemmer = SnowballStemmer(language: code) else { return .foldOnly }
        snowballStemmers[code] = stemmer
        return .snowball(stemmer)
    }

    /// Whether `word` is stemmed in the first language.
    func canStem(_ word: StemInput) -> Bool {
        canStem(word, stemModes.first ?? .english)
    }

    private func canStem(_ word: StemInput, _ mode: StemMode) -> Bool {
        guard Analyzer.stemmableLengths.contains(word.count) else { return false }
        switch mode {
        case .english: return word.asciiOnly
        case .snowball: return word.lower != nil
        case .foldOnly: return false
        }
    }

    /// Stems `word` in place for `mode`; returns its new length.
    private func stem(_ word: StemInput, _ mode: StemMode) -> Int {
        switch mode {
        case .english:
            if let firstBytes = englishStemFirstBytes, word.count > 0, !firstBytes[Int(word.folded[0])] { return word.count }
            return stems.stem(word.folded, count: word.count)
        case .foldOnly:
            return word.count
        case .snowball(let stemmer):
            guard let lower = word.lower else { return word.count }
            return stemmer.withStem(of: lower) { foldStem($0, into: word.folded) } ?? word.count
        }
    }

    /// Folds a Snowball stem (lower-case UTF-8) the way the scanner folds text.
    private func foldStem(_ stem: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var length = 0
        var scalars = stem.makeIterator()
        var decoder = UTF8()
        decoding: while true {
            switch decoder.decode(&scalars) {
            case .scalarValue(let scalar):
                let value = scalar.value
                if value < 0x80 {
                    let folded = asciiFold[Int(value)]
                    if length < Analyzer.maxTokenBytes { output[length] = folded != 0 ? folded : UInt8(value) }
                    length += length < Analyzer.maxTokenBytes ? 1 : 0
                } else {
                    for byte in lookup(value).folded where length < Analyzer.maxTokenBytes {
                        output[length] = byte
                        length += 1
                    }
                }
            case .emptyInput: break decoding
            case .error: continue
            }
        }
        return length
    }

    /// Emits the token(s) of one word: its stem in each language, distinct
    /// ones only, the first at a new position (unless `firstColocated`) and
    /// the others colocated with it.
    func emitStems(
        of word: StemInput, firstColocated: Bool = false,
        emit: (UnsafeBufferPointer<UInt8>, Bool, Bool) -> Int32
    ) -> Int32 {
        if plainEnglish.pointee {
            // What the single-mode path below does for `.english` with no first-byte filter.
            let canStem = word.asciiOnly && Analyzer.stemmableLengths.contains(word.count)
            let length = canStem ? stems.stem(word.folded, count: word.count) : word.count
            return emit(UnsafeBufferPointer(rebasing: word.folded[0..<length]), firstColocated, canStem)
        }
        if filteredEnglish.pointee {
            // What the single-mode path below does for `.english` with a first-byte filter.
            let canStem = word.asciiOnly && Analyzer.stemmableLengths.contains(word.count)
            let stemmed = canStem && stemFirstBytes[Int(word.folded[0])]
            let length = stemmed ? stems.stem(word.folded, count: word.count) : word.count
            return emit(UnsafeBufferPointer(rebasing: word.folded[0..<length]), firstColocated, canStem)
        }
        if stemModes.count == 1 {
            let mode = stemModes[0]
            let canStem = canStem(word, mode)
            let length = canStem ? stem(word, mode) : word.count
            return emit(UnsafeBufferPointer(rebasing: word.folded[0..<length]), firstColocated, canStem)
        }
        var emitted: [[UInt8]] = []
        let original = Array(word.folded[0..<word.count])
        for mode in stemModes {
            _ = UnsafeMutableBufferPointer(rebasing: word.folded[0..<original.count]).initialize(from: original)
            let canStem = canStem(word, mode)
            let length = canStem ? stem(word, mode) : word.count
            let token = Array(word.folded[0..<length])
            guard !emitted.contains(token) else { continue }
            let rc = token.withUnsafeBufferPointer { emit($0, firstColocated || !emitted.isEmpty, canStem) }
            if rc != 0 { return rc }
            emitted.append(token)
        }
        return 0
    }
}

extension Analyzer {
    /// Analyses what follows without stemming: every word only folded (case,
    /// diacritics, width), as exact forms and prefixes are compared.
    public func setFoldedForms() {
        languageCodes = [Analyzer.foldedFormsCode]
        stemModes = [.foldOnly]
        keepsLowerCase = false
        updatePlainEnglish()
    }

    /// Not a language code: marks an analyzer set by `setFoldedForms`.
    static let foldedFormsCode = "=folded"
}
