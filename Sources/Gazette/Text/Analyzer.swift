/// What a piece of text is being analysed for. Documents get extra
/// colocated tokens (joined compounds); queries never do, and a prefix
/// query's last token is left unstemmed.
public enum AnalysisPurpose: Sendable {
    case document
    case query
    case queryPrefix
}

/// One token as the index stores it, with its byte range in the original text.
public struct AnalyzedToken: Sendable, Equatable, CustomStringConvertible {
    public let token: String
    public let start: Int
    public let end: Int
    /// True when the token shares the position of the token before it.
    public let colocated: Bool

    public var description: String { "\(token)[\(start)..<\(end)]\(colocated ? "+" : "")" }
}

/// Gazette's text analysis: segmentation, Unicode folding, CJK bigrams and
/// Snowball English stemming, the same for documents and queries.
///
/// An analyzer owns scratch buffers and a fold cache, so it is used by one
/// thread at a time; each FTS5 tokenizer instance has its own. Token bytes
/// handed to `emit` are only valid during the call.
public final class Analyzer {
    /// Tokens longer than this are cut, at index and query time alike, so a
    /// megabyte without a space cannot become one giant term.
    public static let maxTokenBytes = 256
    /// Tokens outside this range of bytes are not stemmed.
    static let stemmableLengths = 3...64

    let stems: StemCache
    var cache: [UInt32: FoldedScalar] = [:]
    /// Folding of the scalars in `ScalarFolding.tableRange`, a flat table so the common European
    /// letters never touch a dictionary (behind a pointer: no exclusivity check per letter).
    let latinTable: UnsafeMutablePointer<FoldedScalar?>
    let part: UnsafeMutableBufferPointer<UInt8>
    let joined: UnsafeMutableBufferPointer<UInt8>
    let pending: UnsafeMutableBufferPointer<UInt8>
    /// ASCII letters and digits to their lower-case byte, everything else to 0:
    /// one load per byte on the hot path.
    let asciiFold: UnsafeMutablePointer<UInt8>

    /// Scratch space for building pre-tokenized streams.
    let streamSink = ByteSink()

    /// When set, English words are stemmed only if their folded first byte is marked here; other
    /// words are emitted folded. English stemming never changes a word's first byte (Snowball's
    /// English rules strip and rewrite suffixes only; `EnglishStemmerTests` checks the reference
    /// vocabulary), so a caller looking for tokens that start with those bytes (snippets) gets the
    /// same matches without stemming the rest of the text.
    var englishStemFirstBytes: [Bool]? {
        didSet { updatePlainEnglish() }
    }

    /// The lower-case word and joined compound with diacritics, for Snowball
    /// stemmers: lower-casing can take more bytes than folding.
    let lower: UnsafeMutableBufferPointer<UInt8>
    let lowerJoined: UnsafeMutableBufferPointer<UInt8>
    /// The languages set last, and how each one's words are stemmed (distinct modes).
    var languageCodes: [String] = [""]
    var stemModes: [StemMode] = [.english]
    /// Whether the scanner must keep the lower-case word (a Snowball language is set).
    var keepsLowerCase = false
    /// Snowball stemmers made so far, one per language: they are not thread-safe, so never shared.
    var snowballStemmers: [String: SnowballStemmer] = [:]
    /// Whether words are stemmed by the English stemmer alone, every one (`stemModes` is
    /// `[.english]` and `englishStemFirstBytes` nil): the common case, which `emitStems`
    /// serves without reading those properties per word. Behind a pointer, so that reading
    /// it costs no exclusivity check (reading `stemModes` did, about 2% of indexing's parse time).
    let plainEnglish: UnsafeMutablePointer<Bool>
    /// Whether words are stemmed by the English stemmer alone, but only those whose first
    /// byte `englishStemFirstBytes` marks (snippets): served by `emitStems` from
    /// `stemFirstBytes`, a copy of that filter, for the same reason: reading the filter and
    /// `stemModes` per word made two run-time exclusivity checks.
    let filteredEnglish: UnsafeMutablePointer<Bool>
    /// `englishStemFirstBytes`, 256 entries (all false when it is nil).
    let stemFirstBytes: UnsafeMutablePointer<Bool>

    public convenience init() {
        self.init(stemCacheOnHugePages: false)
    }

    /// `stemCacheOnHugePages`: for an analyzer that tokenizes a whole corpus (the
    /// indexer's parse workers), whose stem cache is then looked up for every word.
    init(stemCacheOnHugePages: Bool) {
        stems = StemCache(hugePages: stemCacheOnHugePages)
        lower = .allocate(capacity: Analyzer.maxTokenBytes * 2)
        lowerJoined = .allocate(capacity: Analyzer.maxTokenBytes * 2)
        latinTable = .allocate(capacity: ScalarFolding.tableRange.count)
        latinTable.initialize(repeating: nil, count: ScalarFolding.tableRange.count)
        asciiFold = .allocate(capacity: 256)
        asciiFold.initialize(repeating: 0, count: 256)
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { asciiFold[Int(byte)] = byte }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { asciiFold[Int(byte)] = byte | 0x20 }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { asciiFold[Int(byte)] = byte }
        part = .allocate(capacity: Analyzer.maxTokenBytes + 8)
        joined = .allocate(capacity: Analyzer.maxTokenBytes + 8)
        pending = .allocate(capacity: Analyzer.maxTokenBytes + 8)
        plainEnglish = .allocate(capacity: 1)
        plainEnglish.initialize(to: true)
        filteredEnglish = .allocate(capacity: 1)
        filteredEnglish.initialize(to: false)
        stemFirstBytes = .allocate(capacity: 256)
        stemFirstBytes.initialize(repeating: false, count: 256)
    }

    /// Recomputes `plainEnglish` after the stemming settings changed.
    func updatePlainEnglish() {
        var english = false
        if stemModes.count == 1, case .english = stemModes[0] { english = true }
        plainEnglish.pointee = english && englishStemFirstBytes == nil
        filteredEnglish.pointee = english && englishStemFirstBytes != nil
        for byte in 0..<256 { stemFirstBytes[byte] = englishStemFirstBytes.map { byte < $0.count && $0[byte] } ?? false }
    }

    deinit {
        latinTable.deinitialize(count: ScalarFolding.tableRange.count)
        latinTable.deallocate()
        asciiFold.deallocate()
        part.deallocate()
        joined.deallocate()
        pending.deallocate()
        lower.deallocate()
        lowerJoined.deallocate()
        plainEnglish.deallocate()
        filteredEnglish.deallocate()
        stemFirstBytes.deallocate()
    }

    /// The tokens the index stores for `text`, for `gazette analyze` and tests.
    public func tokens(of text: String, purpose: AnalysisPurpose = .document) -> [AnalyzedToken] {
        var result: [AnalyzedToken] = []
        var copy = text
        copy.withUTF8 { utf8 in
            _ = tokenize(UnsafeRawBufferPointer(utf8), purpose: purpose) { bytes, start, end, colocated in
                result.append(AnalyzedToken(token: String(decoding: bytes, as: UTF8.self),
                                            start: start, end: end, colocated: colocated))
                return 0
            }
        }
        return result
    }

    /// Splits `text` into tokens and calls `emit(token, start, end, colocated)`
    /// for each. A non-zero return from `emit` stops tokenizing and is returned.
    public func tokenize(
        _ text: UnsafeRawBufferPointer,
        purpose: AnalysisPurpose,
        emit: (UnsafeBufferPointer<UInt8>, Int, Int, Bool) -> Int32
    ) -> Int32 {
        if purpose == .queryPrefix {
            return tokenizePrefixQuery(text, emit: emit)
        }
        var scanner = Scanner(analyzer: self, text: text, purpose: purpose)
        return scanner.run { bytes, start, end, colocated, _ in emit(bytes, start, end, colocated) }
    }

    /// Holds each token back until the next one arrives, so that only the
    /// last token (the one FTS5 treats as a prefix) is left unstemmed.
    private func tokenizePrefixQuery(
        _ text: UnsafeRawBufferPointer,
        emit: (UnsafeBufferPointer<UInt8>, Int, Int, Bool) -> Int32
    ) -> Int32 {
        var scanner = Scanner(analyzer: self, text: text, purpose: .queryPrefix)
        var held: (count: Int, start: Int, end: Int, stemmable: Bool)?
        let pendingBuffer = pending
        let stems = self.stems
        func flush(_ stem: Bool) -> Int32 {
            guard let token = held else { return 0 }
            var count = token.count
            if stem && token.stemmable { count = stems.stem(pendingBuffer, count: count) }
            return emit(UnsafeBufferPointer(rebasing: pendingBuffer[0..<count]), token.start, token.end, false)
        }
        let rc = scanner.run { bytes, start, end, _, stemmable in
            let rc = flush(true)
            if rc != 0 { return rc }
            _ = UnsafeMutableBufferPointer(rebasing: pendingBuffer[0..<bytes.count]).initialize(from: bytes)
            held = (bytes.count, start, end, stemmable)
            return 0
        }
        if rc != 0 { return rc }
        let last = flush(false)
        if last != 0 { return last }
        guard let token = held, token.stemmable else { return 0 }
        return emitStemAlternatives(prefixLength: token.count, start: token.start, end: token.end, emit: emit)
    }

    /// Suffixes that, appended to a prefix, show which stems words starting
    /// with it are indexed under.
    private static let completionSuffixes: [[UInt8]] = [
        "s", "es", "ed", "ing", "er", "ers", "e", "y", "ies", "ion", "ions", "tion", "tions", "ation", "ations",
        "ting", "ted", "te", "tes", "al", "ally", "ly", "ness", "ment", "ments", "ity", "ities", "ive", "ize", "ized",
    ].map { Array($0.utf8) }

    /// The index holds stems, so the prefix `negotia*` cannot reach
    /// "negotiations" (stored as `negoti`) by itself. Stems of plausible
    /// completions that are shorter than the prefix and agree with it are
    /// added as colocated alternatives, which FTS5 ORs at that position.
    private func emitStemAlternatives(
        prefixLength: Int, start: Int, end: Int,
        emit: (UnsafeBufferPointer<UInt8>, Int, Int, Bool) -> Int32
    ) -> Int32 {
        guard prefixLength >= 4, prefixLength + 6 <= Analyzer.maxTokenBytes else { return 0 }
        let prefix = Array(UnsafeBufferPointer(rebasing: pending[0..<prefixLength]))
        var seen: [[UInt8]] = [prefix]
        for suffix in [[]] + Analyzer.completionSuffixes {
            var index = 0
            for byte in prefix { joined[index] = byte; index += 1 }
            for byte in suffix { joined[index] = byte; index += 1 }
            let length = stems.stem(joined, count: index)
            guard length >= 3, length < prefixLength else { continue }
            let stem = Array(UnsafeBufferPointer(rebasing: joined[0..<length]))
            // The stem must agree with the prefix but for a changed last letter (happy -> happi).
            guard prefix.starts(with: stem.dropLast()), !seen.contains(stem) else { continue }
            seen.append(stem)
            let rc = stem.withUnsafeBufferPointer { emit($0, start, end, true) }
            if rc != 0 { return rc }
        }
        return 0
    }


    func lookup(_ value: UInt32) -> FoldedScalar {
        if value >= ScalarFolding.tableRange.lowerBound && value < ScalarFolding.tableRange.upperBound {
            let slot = Int(value - ScalarFolding.tableRange.lowerBound)
            if let known = latinTable[slot] { return known }
            // Filled scalar by scalar: building all 1,200 entries up front with Foundation cost a
            // one-off CLI search about a millisecond, for the handful of accented letters it meets.
            let computed = ScalarFolding.compute(value)
            latinTable[slot] = computed
            return computed
        }
        if let known = cache[value] { return known }
        let computed = ScalarFolding.compute(value)
        cache[value] = computed
        return computed
    }
}
