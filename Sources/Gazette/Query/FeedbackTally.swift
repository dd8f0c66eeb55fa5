/// The stems of a few feedback texts, tallied for RM3 in one open-addressing
/// table keyed by the stems' bytes.
///
/// Per token it costs a hash and a byte compare: no `String`, no
/// `Dictionary`. Strings are made only for the stems asked about. (With a
/// `[String: Int]` per text, the dictionaries and strings cost as much as
/// the tokenizing itself, and merging surface forms per text as much again.)
struct FeedbackTally {
    /// Slot -> entry + 1 (0: empty); the capacity is a power of two.
    private var slots: [Int32]
    private var arena: [UInt8] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var hashes: [UInt32] = []
    /// Occurrences in the text being read.
    private var occurrences: [Int32] = []
    /// Feedback texts holding each stem.
    private(set) var textCounts: [Int] = []
    /// Σ over texts of weight · tf / smoothed length.
    private(set) var relevance: [Double] = []
    /// The first occurrence of each stem in each text: (entry, text, start, end),
    /// chained per entry through `previous` (-1 ends a chain), so that an
    /// entry's surface forms are found without scanning every text's stems.
    private var firsts: [(entry: Int32, text: Int32, start: Int32, end: Int32, previous: Int32)] = []
    /// Per entry: its last element of `firsts`, or -1.
    private var lastFirst: [Int32] = []
    /// The texts' bytes, for surface forms.
    private var texts: [[UInt8]] = []
    private(set) var lengthsOfTexts: [Int] = []

    init() {
        slots = [Int32](repeating: 0, count: 4096)
    }

    var count: Int { starts.count }

    /// Tokenizes `text` into the table, without scores yet: `score(text:weight:length:)` adds them.
    mutating func add(_ text: String, analyzer: Analyzer) {
        let textIndex = Int32(texts.count)
        let bytes = Array(text.utf8)
        var length = 0
        var touched: [Int32] = []
        bytes.withUnsafeBytes { raw in
            _ = analyzer.tokenize(raw, purpose: .document) { token, start, end, colocated in
                guard !colocated else { return 0 }
                length += 1
                let entry = entry(for: token)
                if occurrences[Int(entry)] == 0 {
                    touched.append(entry)
                    firsts.append((entry, textIndex, Int32(clamping: start), Int32(clamping: end), lastFirst[Int(entry)]))
                    lastFirst[Int(entry)] = Int32(firsts.count - 1)
                }
                occurrences[Int(entry)] += 1
                return 0
            }
        }
        texts.append(bytes)
        lengthsOfTexts.append(length)
        pendingTouched.append(touched.map { ($0, occurrences[Int($0)]) })
        for entry in touched {
            occurrences[Int(entry)] = 0
            textCounts[Int(entry)] += 1
        }
    }

    /// Per text: the stems it holds and how often.
    private var pendingTouched: [[(entry: Int32, frequency: Int32)]] = []

    /// Adds text `text`'s p(t|d), weighted, to every stem it holds.
    mutating func score(text: Int, weight: Double, smoothedLength: Double) {
        guard text < pendingTouched.count, smoothedLength > 0 else { return }
        for (entry, frequency) in pendingTouched[text] {
            relevance[Int(entry)] += weight * Double(frequency) / smoothedLength
        }
    }

    /// The stem of an entry.
    func stem(_ entry: Int) -> String {
        let start = Int(starts[entry])
        return String(decoding: arena[start..<start + Int(lengths[entry])], as: UTF8.self)
    }

    /// The entry of `stem`, if a text held it.
    func entry(of stem: String) -> Int? {
        var copy = Array(stem.utf8)
        return copy.withUnsafeMutableBufferPointer { buffer in
            let hash = Self.hash(UnsafeBufferPointer(buffer))
            var slot = Int(hash) & (slots.count - 1)
            while slots[slot] != 0 {
                let entry = Int(slots[slot] - 1)
                if hashes[entry] == hash && equal(entry, UnsafeBufferPointer(buffer)) { return entry }
                slot = (slot + 1) & (slots.count - 1)
            }
            return nil
        }
    }

    /// The word to show for an entry: its most frequent lower-cased surface form
    /// across the texts (each text counts its first occurrence), as `TermCounts.shownForm`.
    func shownForm(of entry: Int) -> String {
        var forms: [String: Int] = [:]
        var link = entry < lastFirst.count ? Int(lastFirst[entry]) : -1
        while link >= 0 {
            let first = firsts[link]
            link = Int(first.previous)
            let bytes = texts[Int(first.text)]
            let start = Int(first.start), end = Int(first.end)
            guard start >= 0, end <= bytes.count, start < end else { continue }
            forms[String(decoding: bytes[start..<end], as: UTF8.self).lowercased(), default: 0] += 1
        }
        return TermCounts.shownForm(of: stem(entry), in: [stem(entry): forms])
    }

    private mutating func entry(for token: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(token)
        var slot = Int(hash) & (slots.count - 1)
        while slots[slot] != 0 {
            let entry = Int(slots[slot] - 1)
            if hashes[entry] == hash && equal(entry, token) { return Int32(entry) }
            slot = (slot + 1) & (slots.count - 1)
        }
        let entry = Int32(starts.count)
        starts.append(Int32(arena.count))
        lengths.append(Int32(token.count))
        arena.append(contentsOf: token)
        hashes.append(hash)
        occurrences.append(0)
        lastFirst.append(-1)
        textCounts.append(0)
        relevance.append(0)
        slots[slot] = entry + 1
        if starts.count * 2 > slots.count { grow() }
        return entry
    }

    private func equal(_ entry: Int, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(lengths[entry]) == token.count else { return false }
        let start = Int(starts[entry])
        for index in 0..<token.count where arena[start + index] != token[index] { return false }
        return true
    }

    private mutating func grow() {
        var larger = [Int32](repeating: 0, count: slots.count * 2)
        for entry in 0..<starts.count {
            var slot = Int(hashes[entry]) & (larger.count - 1)
            while larger[slot] != 0 { slot = (slot + 1) & (larger.count - 1) }
            larger[slot] = Int32(entry + 1)
        }
        slots = larger
    }

    /// FNV-1a over the bytes.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }
}
