/// One pass of the analyzer over a text: finds words, compounds and CJK
/// runs, folds them into the analyzer's scratch buffers and emits tokens.
///
/// Offsets are byte offsets into the original text, so FTS5's `highlight()`
/// and `snippet()` mark words as they were written. ASCII is handled without
/// any table lookup; other scalars go through the analyzer's fold cache.
struct Scanner {
    /// emit(token, start, end, colocated, stemmable) -> SQLite code.
    typealias Emit = (UnsafeBufferPointer<UInt8>, Int, Int, Bool, Bool) -> Int32

    let analyzer: Analyzer
    let text: UnsafeRawBufferPointer
    /// Stem tokens here; false for prefix queries, whose caller stems all but the last.
    let stems: Bool
    /// Add the joined form of hyphenated compounds (documents only).
    let joins: Bool

    init(analyzer: Analyzer, text: UnsafeRawBufferPointer, purpose: AnalysisPurpose) {
        self.analyzer = analyzer
        self.text = text
        self.stems = purpose != .queryPrefix
        self.joins = purpose == .document
    }

    mutating func run(emit: Emit) -> Int32 {
        let count = text.count
        var index = 0
        while index < count {
            let byte = text[index]
            if byte < 0x80 {
                if analyzer.asciiFold[Int(byte)] != 0 {
                    let (rc, next) = scanWord(from: index, emit: emit)
                    if rc != 0 { return rc }
                    index = next
                } else {
                    index += 1
                }
                continue
            }
            let (value, length) = decode(at: index)
            switch analyzer.lookup(value).kind {
            case .word:
                let (rc, next) = scanWord(from: index, emit: emit)
                if rc != 0 { return rc }
                index = next
            case .cjk:
                let (rc, next) = scanCJK(from: index, emit: emit)
                if rc != 0 { return rc }
                index = next
            default:
                index += length
            }
        }
        return 0
    }

    // MARK: Words and compounds

    /// Scans a word that may be a hyphenated compound. Each part is a token;
    /// in documents the joined compound is added, colocated with the last part.
    private func scanWord(from start: Int, emit: Emit) -> (Int32, Int) {
        let part = analyzer.part
        let joined = analyzer.joined
        let limit = Analyzer.maxTokenBytes
        let count = text.count
        var partLength = 0
        var partStart = start
        var partEnd = start
        var stemmable = true        // only a-z, 0-9 and ' so far
        var previousWasDigit = false
        var parts = 0
        var joinedLength = 0
        var index = start
        // The lower-case word with its diacritics, kept only when a Snowball stemmer needs it.
        let keepsLower = analyzer.keepsLowerCase
        let lower = analyzer.lower
        let lowerJoined = analyzer.lowerJoined
        var lowerLength = 0
        var lowerJoinedLength = 0
        var lowerUsable = true      // fits the buffer, no digit separator
        var lowerJoinedUsable = true

        func appendLower(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard lowerUsable else { return }
            guard lowerLength + bytes.count <= lower.count, let base = bytes.baseAddress else {
                lowerUsable = bytes.isEmpty
                return
            }
            UnsafeMutableRawPointer(lower.baseAddress! + lowerLength).copyMemory(from: base, byteCount: bytes.count)
            lowerLength += bytes.count
        }

        func endPart(continuesCompound: Bool) -> Int32 {
            guard partLength > 0 else { return 0 }
            if joins && (continuesCompound || parts > 0) {
                let room = min(partLength, limit - joinedLength)
                if room > 0 {
                    UnsafeMutableRawPointer(joined.baseAddress! + joinedLength)
                        .copyMemory(from: part.baseAddress!, byteCount: room)
                    joinedLength += room
                }
                if keepsLower {
                    if lowerUsable && lowerJoinedLength + lowerLength <= lowerJoined.count {
                        UnsafeMutableRawPointer(lowerJoined.baseAddress! + lowerJoinedLength)
                            .copyMemory(from: lower.baseAddress!, byteCount: lowerLength)
                        lowerJoinedLength += lowerLength
                    } else {
                        lowerJoinedUsable = false
                    }
                }
            }
            parts += 1
            let word = StemInput(folded: part, count: partLength, asciiOnly: stemmable,
                                 lower: keepsLower && lowerUsable ? UnsafeBufferPointer(rebasing: lower[0..<lowerLength]) : nil)
            // Copied: the closure below reading the scanner's variables checked exclusive access twice a word.
            let (start, end) = (partStart, partEnd)
            if !stems {
                return emit(UnsafeBufferPointer(rebasing: part[0..<partLength]), start, end, false,
                            analyzer.canStem(word))
            }
            return analyzer.emitStems(of: word) { token, colocated, canStem in
                emit(token, start, end, colocated, canStem)
            }
        }

        let bytes = text.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) }
        let output = part.baseAddress
        let fold = analyzer.asciiFold
        scan: while index < count {
            // The common case: a run of ASCII letters and digits, lower-cased
            // through a table straight into the token.
            if let bytes, let output {
                var folded = fold[Int(bytes[index])]
                if folded != 0 {
                    var length = partLength
                    repeat {
                        if length < limit {
                            output[length] = folded
                            length += 1
                        }
                        index += 1
                        if index == count { break }
                        folded = fold[Int(bytes[index])]
                    } while folded != 0
                    if keepsLower {
                        appendLower(UnsafeBufferPointer(rebasing: UnsafeBufferPointer(part)[partLength..<length]))
                    }
                    partLength = length
                    previousWasDigit = bytes[index - 1] &- 0x30 < 10
                    partEnd = index
                    continue
                }
            }
            let byte = text[index]
            var kind: ScalarKind
            var length = 1
            var folded: [UInt8] = []
            var lowered: [UInt8] = []
            if byte < 0x80 {
                switch byte {
                case 0x27: kind = .apostrophe
                case 0x2D: kind = .hyphen
                case 0x2E, 0x2C: kind = .digitSeparator
                default: break scan
                }
            } else {
                let (value, size) = decode(at: index)
                let info = analyzer.lookup(value)
                kind = info.kind
                length = size
                folded = info.folded
                lowered = info.lowered
            }
            switch kind {
            case .word:
                if partLength + folded.count <= limit {
                    for b in folded {
                        part[partLength] = b
                        partLength += 1
                        if b >= 0x80 { stemmable = false }
                    }
                }
                if keepsLower { lowered.withUnsafeBufferPointer { appendLower($0) } }
                previousWasDigit = folded.last.map { $0 >= 0x30 && $0 <= 0x39 } ?? false
                index += length
                partEnd = index
            case .apostrophe:
                guard partLength > 0, isWordStart(at: index + length) else { break scan }
                if partLength < limit { part[partLength] = 0x27; partLength += 1 }
                if keepsLower { withUnsafeBytes(of: UInt8(0x27)) { appendLower($0.bindMemory(to: UInt8.self)) } }
                previousWasDigit = false
                index += length
            case .softHyphen:
                guard isWordStart(at: index + length) else { break scan }
                index += length
            case .digitSeparator:
                guard previousWasDigit, isDigit(at: index + 1) else { break scan }
                if byte == 0x2E, partLength < limit {
                    part[partLength] = 0x2E
                    partLength += 1
                    stemmable = false
                }
                lowerUsable = false
                index += 1
            case .hyphen:
                guard partLength > 0, isWordStart(at: index + length) else { break scan }
                let rc = endPart(continuesCompound: true)
                if rc != 0 { return (rc, index) }
                index += length
                partLength = 0
                partStart = index
                partEnd = index
                stemmable = true
                previousWasDigit = false
                lowerLength = 0
                lowerUsable = true
            default:
                break scan
            }
        }
        let rc = endPart(continuesCompound: false)
        if rc != 0 { return (rc, index) }
        if joins && parts >= 2 && joinedLength > 0 {
            let asciiOnly = !UnsafeBufferPointer(rebasing: joined[0..<joinedLength]).contains { $0 >= 0x80 || $0 == 0x2E }
            let hasDot = UnsafeBufferPointer(rebasing: joined[0..<joinedLength]).contains(0x2E)
            let word = StemInput(folded: joined, count: joinedLength, asciiOnly: asciiOnly,
                                 lower: keepsLower && lowerJoinedUsable && !hasDot
                                    ? UnsafeBufferPointer(rebasing: lowerJoined[0..<lowerJoinedLength]) : nil)
            let rc = analyzer.emitStems(of: word, firstColocated: true) { token, colocated, canStem in
                emit(token, start, partEnd, colocated, canStem)
            }
            if rc != 0 { return (rc, index) }
        }
        return (0, index)
    }

    // MARK: CJK

    /// Emits overlapping bigrams for a run of Han, Hiragana or Katakana, as
    /// the CJK analyzers of the major engines do; a lone character is a unigram.
    private func scanCJK(from start: Int, emit: Emit) -> (Int32, Int) {
        let previous = analyzer.part
        let bigram = analyzer.joined
        var previousLength = 0
        var previousStart = start
        var characters = 0
        var index = start
        while index < text.count, text[index] >= 0x80 {
            let (value, length) = decode(at: index)
            let info = analyzer.lookup(value)
            guard info.kind == .cjk else { break }
            let folded = info.folded
            if characters > 0 {
                var size = 0
                for b in UnsafeBufferPointer(rebasing: previous[0..<previousLength]) { bigram[size] = b; size += 1 }
                for b in folded where size < Analyzer.maxTokenBytes { bigram[size] = b; size += 1 }
                let rc = emit(UnsafeBufferPointer(rebasing: bigram[0..<size]), previousStart, index + length, false, false)
                if rc != 0 { return (rc, index) }
            }
            previousLength = min(folded.count, 16)
            for (offset, b) in folded.prefix(previousLength).enumerated() { previous[offset] = b }
            previousStart = index
            characters += 1
            index += length
        }
        if characters == 1 && previousLength > 0 {
            let rc = emit(UnsafeBufferPointer(rebasing: previous[0..<previousLength]), start, index, false, false)
            if rc != 0 { return (rc, index) }
        }
        return (0, index)
    }

    // MARK: Bytes

    static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
    }

    private func isDigit(at index: Int) -> Bool {
        index < text.count && text[index] >= 0x30 && text[index] <= 0x39
    }

    /// Whether a word character (not CJK) starts at `index`.
    private func isWordStart(at index: Int) -> Bool {
        guard index < text.count else { return false }
        let byte = text[index]
        if byte < 0x80 { return Scanner.isASCIIWordByte(byte) }
        return analyzer.lookup(decode(at: index).value).kind == .word
    }

    /// Decodes the UTF-8 scalar at `index`. Malformed bytes decode as
    /// U+FFFD of length 1, which separates words, so bad input never traps.
    func decode(at index: Int) -> (value: UInt32, length: Int) {
        let count = text.count
        let lead = UInt32(text[index])
        func continuation(_ offset: Int) -> UInt32? {
            guard index + offset < count else { return nil }
            let byte = UInt32(text[index + offset])
            return byte & 0xC0 == 0x80 ? byte & 0x3F : nil
        }
        if lead < 0x80 { return (lead, 1) }
        if lead >= 0xC2 && lead <= 0xDF, let b1 = continuation(1) {
            return ((lead & 0x1F) << 6 | b1, 2)
        }
        if lead >= 0xE0 && lead <= 0xEF, let b1 = continuation(1), let b2 = continuation(2) {
            let value = (lead & 0x0F) << 12 | b1 << 6 | b2
            if value >= 0x800 && !(0xD800...0xDFFF).contains(value) { return (value, 3) }
        }
        if lead >= 0xF0 && lead <= 0xF4, let b1 = continuation(1), let b2 = continuation(2),
           let b3 = continuation(3) {
            let value = (lead & 0x07) << 18 | b1 << 12 | b2 << 6 | b3
            if value >= 0x10000 && value <= 0x10FFFF { return (value, 4) }
        }
        return (0xFFFD, 1)
    }
}
