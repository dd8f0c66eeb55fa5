/// Builds result snippets: a window of about `tokens` words of the body
/// centred on its densest cluster of matched terms, cut at word boundaries
/// (so never inside a character), at most `maxScalars` long, with `…`
/// where the body goes on and the matched words marked.
///
/// The query's terms go through the same analyzer as the text, so a snippet
/// marks what the index matched: inflections, folded diacritics, the joined
/// form of a hyphenated compound; a phrase is marked only where its words
/// stand together.
final class SnippetBuilder {
    let analyzer = Analyzer()
    /// Cap on a snippet's length, so a body of giant "words" still gives a short snippet.
    static let maxScalars = 320

    /// One analysed token of a query term: matched whole or as a prefix, or by
    /// one of the alternatives a prefix query adds.
    struct Piece {
        var token: [UInt8]
        var prefix: Bool
        var alternatives: [[UInt8]] = []

        /// Whether an analysed token of the text matches this piece.
        func matches(_ candidate: UnsafeBufferPointer<UInt8>) -> Bool {
            if prefix ? candidate.starts(with: token) : Self.equal(candidate, token) { return true }
            return !alternatives.isEmpty && alternatives.contains { Self.equal(candidate, $0) }
        }

        /// Byte equality that rejects on the length first: an expanded query marks a dozen
        /// words, and every token of every snippet's body is compared with each.
        private static func equal(_ candidate: UnsafeBufferPointer<UInt8>, _ token: [UInt8]) -> Bool {
            candidate.count == token.count && candidate.elementsEqual(token)
        }
    }

    /// What a query asks to see marked: its words and phrases outside any exclusion.
    /// A query's pieces, phrase by phrase, and the filter of the words that
    /// might match them: built once per query, shared by every hit's snippet.
    struct Terms {
        let phrases: [[Piece]]
        /// The pieces a snippet marks: at most `maxPieces`, in phrase order.
        let pieces: [Piece]
        let filter: WordFilter
        var isEmpty: Bool { phrases.isEmpty }

        /// A word's matches are bits of a `UInt64`.
        static let maxPieces = 64

        init(phrases: [[Piece]] = []) {
            self.phrases = phrases
            pieces = Array(phrases.joined().prefix(Self.maxPieces))
            filter = WordFilter(tokens: pieces.flatMap { [$0.token] + $0.alternatives })
        }
    }

    func terms(of tree: QueryNode?) -> Terms {
        var phrases: [[Piece]] = []
        func collect(_ node: QueryNode) {
            switch node {
            case .term, .phrase, .exact:
                let text: String, prefix: Bool
                switch node {
                case let .term(word, _, isPrefix), let .phrase(word, _, isPrefix): (text, prefix) = (word, isPrefix)
                case let .exact(words, _): (text, prefix) = (words, false)
                default: return
                }
                var pieces: [Piece] = []
                for token in analyzer.tokens(of: text, purpose: prefix ? .queryPrefix : .query) {
                    if token.colocated, !pieces.isEmpty {
                        pieces[pieces.count - 1].alternatives.append(Array(token.token.utf8))
                    } else {
                        pieces.append(Piece(token: Array(token.token.utf8), prefix: false))
                    }
                }
                if prefix, !pieces.isEmpty { pieces[pieces.count - 1].prefix = true }
                if !pieces.isEmpty { phrases.append(pieces) }
            case .and(let children), .or(let children), .near(let children, _):
                children.forEach(collect)
            case .not:
                break
            }
        }
        tree.map(collect)
        return Terms(phrases: phrases)
    }

    /// One word position of the body: its byte range, which query pieces its
    /// tokens match (bit i: piece i, phrases' pieces numbered in order), and
    /// the term it was marked for. The joined form of a compound shares the
    /// position of its last part.
    struct Word: Equatable {
        var start: Int
        var end: Int
        var pieces: UInt64
        var term: Int?
    }

    /// Whether `words(of:terms:)` may place words no piece can match without
    /// analysing them; tests turn it off to compare with a full analysis.
    var skipsUnmatchableWords = true

    func snippet(of body: String, terms: Terms, tokens wanted: Int) -> Snippet {
        var words = self.words(of: body, terms: terms)
        guard !words.isEmpty else { return Snippet(text: "", highlights: []) }
        mark(&words, terms: terms)
        let utf8 = Array(body.utf8)
        let size = max(1, wanted)
        var first = Self.bestWindow(words.map(\.term), size: size)
        var last = min(words.count, first + size) - 1
        // Keep giant words from making a giant snippet: narrow towards the matches.
        while last > first, Self.scalarCount(utf8[words[first].start..<words[last].end]) > Self.maxScalars {
            let leftMatched = words[first].term != nil
            let rightMatched = words[last].term != nil
            if rightMatched && !leftMatched { first += 1 } else { last -= 1 }
        }
        return render(words, first: first, last: last, utf8: utf8)
    }

    /// The body's word positions, with the pieces each one's tokens match.
    func words(of body: String, terms: Terms) -> [Word] {
        // Pieces beyond 64 are not marked (a query has at most 256 terms, rarely more than a few).
        let flat = terms.pieces
        var words: [Word] = []
        // About one word per six bytes of news text; growing the array by doubling copied it a dozen times.
        words.reserveCapacity(body.utf8.count / 6 + 1)
        var text = body
        // Only the words that might match a piece need analysing (`WordFilter`).
        let filter = terms.filter
        analyzer.englishStemFirstBytes = filter.firstBytes
        defer { analyzer.englishStemFirstBytes = nil }
        let skips = skipsUnmatchableWords && filter.rulesOut && analyzer.filteredEnglish.pointee
        // Appended through a pointer, so that the closure's captured array needs no
        // run-time exclusivity check per word of the body.
        withUnsafeMutablePointer(to: &words) { words in
            text.withUTF8 { utf8 in
                let analyse = { (range: Range<Int>) in
                    let base = range.lowerBound
                    _ = self.analyzer.tokenize(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8[range])), purpose: .document) {
                        token, start, end, colocated in
                        var mask: UInt64 = 0
                        for (index, piece) in flat.enumerated() where piece.matches(token) { mask |= 1 << UInt64(index) }
                        if colocated, !words.pointee.isEmpty {
                            let last = words.pointee.count - 1
                            words.pointee[last].pieces |= mask
                            // A compound matched by its joined form is marked whole.
                            if mask != 0 { words.pointee[last].start = min(words.pointee[last].start, base + start) }
                        } else {
                            words.pointee.append(Word(start: base + start, end: base + end, pieces: mask))
                        }
                        return 0
                    }
                }
                if skips {
                    Self.scanPlainWords(utf8, fold: analyzer.asciiFold, filter: filter,
                                        plainWord: { words.pointee.append(Word(start: $0, end: $1, pieces: 0)) },
                                        other: analyse)
                } else {
                    analyse(0..<utf8.count)
                }
            }
        }
        return words
    }

    /// Splits `text` at ASCII white space, which no token spans, and hands each
    /// stretch on: a single run of ASCII letters and digits (with any punctuation
    /// around it) whose folded first letters `filter` rules out to `plainWord` as
    /// its byte range; consecutive other stretches, as one range, to `other`, whose
    /// analysis then numbers positions as an analysis of the whole text would.
    static func scanPlainWords(_ text: UnsafeBufferPointer<UInt8>, fold: UnsafeMutablePointer<UInt8>, filter: WordFilter,
                               plainWord: (Int, Int) -> Void, other: (Range<Int>) -> Void) {
        let count = text.count
        var pending: Range<Int>?
        var index = 0
        while index < count {
            while index < count, isSpace(text[index]) { index += 1 }
            guard index < count else { break }
            let stretchStart = index
            // Most stretches are one word, perhaps with punctuation after it: its letters first,
            // eight bytes at a time (a loop per byte mispredicted its exit at every word's end).
            if let base = text.baseAddress {
                while index + 8 <= count {
                    let run = ASCIILanes.leadingWordBytes(UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)))
                    index += run
                    if run < 8 { break }
                }
            }
            while index < count, fold[Int(text[index])] != 0 { index += 1 }
            var runs = index > stretchStart ? 1 : 0
            var runStart = stretchStart, runEnd = index
            var ascii = true, inRun = false
            while index < count {
                let byte = text[index]
                if isSpace(byte) { break }
                if byte >= 0x80 { ascii = false }
                if fold[Int(byte)] != 0 {
                    if !inRun { runs += 1; runStart = index; inRun = true }
                    runEnd = index + 1
                } else {
                    inRun = false
                }
                index += 1
            }
            if ascii && runs == 0 { continue }
            if ascii && runs == 1
                && !filter.admits(fold[Int(text[runStart])], runEnd - runStart > 1 ? fold[Int(text[runStart + 1])] : nil) {
                if let range = pending { other(range); pending = nil }
                plainWord(runStart, runEnd)
            } else {
                pending = (pending?.lowerBound ?? stretchStart)..<index
            }
        }
        if let range = pending { other(range) }
    }

    /// Marks every position where a term (a phrase: all its words in a row) matches.
    private func mark(_ words: inout [Word], terms: Terms) {
        var firstPiece = 0
        for (termIndex, pieces) in terms.phrases.enumerated() {
            defer { firstPiece += pieces.count }
            guard !pieces.isEmpty, firstPiece + pieces.count <= 64 else { continue }
            var position = 0
            while position + pieces.count <= words.count {
                let matched = (0..<pieces.count).allSatisfy {
                    words[position + $0].pieces & (1 << UInt64(firstPiece + $0)) != 0
                }
                if matched {
                    for offset in 0..<pieces.count where words[position + offset].term == nil {
                        words[position + offset].term = termIndex
                    }
                    position += pieces.count
                } else {
                    position += 1
                }
            }
        }
    }

    private func render(_ words: [Word], first: Int, last: Int, utf8: [UInt8]) -> Snippet {
        // Before the first word and after the last: the body's own punctuation
        // (a quote, a full stop) up to the next space, or all of it at the edges.
        var from = words[first].start
        if first == 0 {
            from = 0
            while from < words[0].start, Self.isSpace(utf8[from]) { from += 1 }
        }
        var to = words[last].end
        let limit = last + 1 < words.count ? words[last + 1].start : utf8.count
        while to < limit, !Self.isSpace(utf8[to]) { to += 1 }
        var cutAtEnd = last + 1 < words.count
        var endOfText = to
        // A single word longer than the cap is cut at a scalar boundary.
        if first == last, Self.scalarCount(utf8[from..<to]) > Self.maxScalars {
            var scalars = 0
            endOfText = from
            while endOfText < to, scalars < Self.maxScalars {
                endOfText += 1
                while endOfText < to, utf8[endOfText] & 0xC0 == 0x80 { endOfText += 1 }
                scalars += 1
            }
            cutAtEnd = cutAtEnd || endOfText < to
        }
        var text = first > 0 ? "…" : ""
        var scalars = first > 0 ? 1 : 0
        var highlights: [Range<Int>] = []
        var cursor = from
        func append(_ range: Range<Int>) -> Int {
            var piece = Array(utf8[range])
            // Paragraph breaks become spaces: a snippet is one line.
            for index in piece.indices where piece[index] == 0x0A || piece[index] == 0x0D { piece[index] = 0x20 }
            let string = String(decoding: piece, as: UTF8.self)
            text += string
            let count = string.unicodeScalars.count
            scalars += count
            return count
        }
        for index in first...last where words[index].term != nil {
            let start = max(words[index].start, cursor)
            let end = min(words[index].end, endOfText)
            guard start < end else { continue }
            _ = append(cursor..<start)
            let length = append(start..<end)
            highlights.append((scalars - length)..<scalars)
            cursor = end
        }
        _ = append(cursor..<max(cursor, endOfText))
        if cutAtEnd { text += "…" }
        return Snippet(text: text, highlights: highlights)
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    static func scalarCount(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// The first word of the window of `size` words holding the most distinct
    /// matched terms (then the most matches), placed so that its matches sit
    /// in the middle of the window.
    static func bestWindow(_ terms: [Int?], size: Int) -> Int {
        let count = terms.count
        guard count > size else { return 0 }
        var best = (distinct: 0, hits: 0, start: 0)
        var counts: [Int: Int] = [:]
        var hits = 0
        for end in 0..<count {
            if let term = terms[end] {
                counts[term, default: 0] += 1
                hits += 1
            }
            let start = end - size + 1
            if start > 0, let term = terms[start - 1] {
                counts[term, default: 0] -= 1
                if counts[term] == 0 { counts[term] = nil }
                hits -= 1
            }
            if start >= 0, (counts.count, hits) > (best.distinct, best.hits) {
                best = (counts.count, hits, start)
            }
        }
        guard best.hits > 0 else { return 0 }
        let positions = (best.start..<(best.start + size)).filter { terms[$0] != nil }
        guard let low = positions.first, let high = positions.last else { return best.start }
        return max(0, min(count - size, (low + high) / 2 - size / 2))
    }
}
