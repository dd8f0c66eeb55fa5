/// Snowball English (Porter2) stemmer over lower-case ASCII bytes.
///
/// Implements the current Snowball `english.sbl`: the version whose R1 prefixes
/// include `past`, `univers`, `later`, `emerg`, `organ` and `inter`, and whose
/// step 1b handles `dying`/`inning`/`evening`/`proceed`-style words itself. The
/// output matches Snowball's reference vocabulary (voc.txt/output.txt) byte for byte.
///
/// The byte API works in place and never allocates, so the tokenizer can call it
/// for every token of every article without touching the heap.
public struct EnglishStemmer: Sendable {
    public init() {}

    /// Stems the lower-case ASCII word held in `word[0..<count]` in place and returns the stem's length.
    ///
    /// Bytes are a-z, 0-9 and the apostrophe `'` (0x27). The stem is never longer than the word.
    /// Words shorter than 3 bytes are returned unchanged (as Snowball does). A word containing any
    /// other byte is also left untouched, because the algorithm's vowel and `Y` rules are only
    /// meaningful for that alphabet.
    ///
    /// - Precondition: `0 <= count <= word.count`.
    public func stem(_ word: UnsafeMutableBufferPointer<UInt8>, count: Int) -> Int {
        precondition(count >= 0 && count <= word.count, "count must lie within the buffer")
        guard count > 0, let base = word.baseAddress else { return count }
        for index in 0..<count where !isStemmable(base[index]) {
            return count
        }

        var buffer = StemBuffer(bytes: base, count: count)
        // Exceptional forms are matched on the raw word, before the length check,
        // exactly as Snowball orders `exception1 or not hop 3 or (...)`.
        if buffer.applyExceptionalForm() { return buffer.count }
        guard count >= 3 else { return count }

        buffer.prelude()
        buffer.markRegions()
        buffer.step1a()
        buffer.step1b()
        buffer.step1c()
        buffer.step2()
        buffer.step3()
        buffer.step4()
        buffer.step5()
        buffer.postlude()
        return buffer.count
    }

    /// Convenience for tests and tools: stems a String (lower-case ASCII expected; anything else returned unchanged).
    public func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        // The byte API leaves words with foreign bytes untouched, so this round trip
        // returns such input unchanged.
        let length = bytes.withUnsafeMutableBufferPointer { stem($0, count: $0.count) }
        return String(decoding: bytes[..<length], as: UTF8.self)
    }
}

private func isStemmable(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "'"):
        return true
    default:
        return false
    }
}

/// The word being stemmed: a window onto the caller's buffer plus the R1/R2 marks.
///
/// Every edit happens at the end of the word and only ever replaces a suffix by
/// something no longer than it, so `p1`/`p2` stay valid and nothing is written
/// past the caller's original `count`.
struct StemBuffer {
    let bytes: UnsafeMutablePointer<UInt8>
    var count: Int
    /// Start of R1 and R2; equal to the (original) length when the region is empty.
    var p1 = 0
    var p2 = 0

    /// Snowball's `v` grouping. The marker `Y` is deliberately not a vowel: that is
    /// the whole point of marking consonant y.
    static func isVowel(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"),
             UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "y"):
            return true
        default:
            return false
        }
    }

    init(bytes: UnsafeMutablePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
    }

    subscript(index: Int) -> UInt8 {
        get { bytes[index] }
        nonmutating set { bytes[index] = newValue }
    }

    func hasSuffix(_ suffix: StaticString) -> Bool {
        suffix.withUTF8Buffer { suffixBytes in
            let start = count - suffixBytes.count
            guard start >= 0 else { return false }
            for offset in 0..<suffixBytes.count where bytes[start + offset] != suffixBytes[offset] {
                return false
            }
            return true
        }
    }

    func hasPrefix(_ prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { prefixBytes in
            guard prefixBytes.count <= count else { return false }
            for offset in 0..<prefixBytes.count where bytes[offset] != prefixBytes[offset] {
                return false
            }
            return true
        }
    }

    func equals(_ other: StaticString) -> Bool {
        // withUTF8Buffer rather than utf8CodeUnitCount: the latter traps on
        // single-scalar StaticStrings, which have no pointer representation.
        other.withUTF8Buffer { $0.count } == count && hasPrefix(other)
    }

    /// Replaces the last `length` bytes by `replacement`, which must not be longer.
    mutating func replaceSuffix(length: Int, with replacement: StaticString) {
        let start = count - length
        replacement.withUTF8Buffer { replacementBytes in
            assert(replacementBytes.count <= length, "a replacement must never grow the word")
            for offset in 0..<replacementBytes.count {
                bytes[start + offset] = replacementBytes[offset]
            }
            count = start + replacementBytes.count
        }
    }

    /// Whether `bytes[range]` holds a vowel (Snowball's `gopast v` succeeding).
    func containsVowel(in range: Range<Int>) -> Bool {
        for index in range where Self.isVowel(bytes[index]) { return true }
        return false
    }

    /// The position just after the first vowel-then-non-vowel pair at or after `start`,
    /// or `nil` when there is none (Snowball's `gopast v gopast non-v`).
    func endOfVowelConsonant(from start: Int) -> Int? {
        var index = start
        while index < count, !Self.isVowel(bytes[index]) { index += 1 }
        guard index < count else { return nil }
        index += 1
        while index < count, Self.isVowel(bytes[index]) { index += 1 }
        return index < count ? index + 1 : nil
    }

    // MARK: - Exceptional forms

    /// Handles Snowball's `exception1` list: irregular forms and words that merely
    /// look inflected. Returns `true` when the word was one of them (now stemmed).
    mutating func applyExceptionalForm() -> Bool {
        guard let stem = exceptionalStem() else { return false }
        // Each exceptional stem is no longer than its form, so overwriting is safe.
        replaceSuffix(length: count, with: stem)
        return true
    }

    private func exceptionalStem() -> StaticString? {
        switch count {
        case 3:
            if equals("sky") { return "sky" }
        case 4:
            if equals("skis") { return "ski" }
            if equals("idly") { return "idl" }
            if equals("ugly") { return "ugli" }
            if equals("only") { return "onli" }
            if equals("news") { return "news" }
            if equals("howe") { return "howe" }
            if equals("bias") { return "bias" }
        case 5:
            if equals("skies") { return "sky" }
            if equals("early") { return "earli" }
            if equals("atlas") { return "atlas" }
            if equals("andes") { return "andes" }
        case 6:
            if equals("gently") { return "gentl" }
            if equals("singly") { return "singl" }
            if equals("cosmos") { return "cosmos" }
        default:
            break
        }
        return nil
    }

    // MARK: - Prelude, regions, postlude

    /// Drops one leading apostrophe and marks consonant y as `Y`, so that later
    /// vowel tests treat it as a consonant.
    mutating func prelude() {
        if count > 0, bytes[0] == UInt8(ascii: "'") {
            for index in 1..<count { bytes[index - 1] = bytes[index] }
            count -= 1
        }
        guard count > 0 else { return }
        if bytes[0] == UInt8(ascii: "y") { bytes[0] = UInt8(ascii: "Y") }
        // Left to right, so a just-marked `Y` (not a vowel) cannot mark the next y: "ayy" -> "aYy".
        for index in 1..<count where bytes[index] == UInt8(ascii: "y") && Self.isVowel(bytes[index - 1]) {
            bytes[index] = UInt8(ascii: "Y")
        }
    }

    /// Sets R1 and R2. A few prefixes get a fixed R1 because the usual rule would
    /// leave too little of the stem (generous/general, past/paste, ...). The list
    /// includes `inter` (internal/international), which the reference vocabulary
    /// requires although some published copies of english.sbl predate it.
    mutating func markRegions() {
        p1 = count
        p2 = count
        let regionOneStart: Int?
        if hasPrefix("gener") || hasPrefix("arsen") || hasPrefix("later")
            || hasPrefix("emerg") || hasPrefix("organ") || hasPrefix("inter") {
            regionOneStart = 5
        } else if hasPrefix("commun") {
            regionOneStart = 6
        } else if hasPrefix("univers") {
            regionOneStart = 7
        } else if hasPrefix("past") {
            regionOneStart = 4
        } else {
            regionOneStart = endOfVowelConsonant(from: 0)
        }
        guard let start = regionOneStart else { return }
        p1 = start
        if let start2 = endOfVowelConsonant(from: start) { p2 = start2 }
    }

    mutating func postlude() {
        for index in 0..<count where bytes[index] == UInt8(ascii: "Y") {
            bytes[index] = UInt8(ascii: "y")
        }
    }
}
