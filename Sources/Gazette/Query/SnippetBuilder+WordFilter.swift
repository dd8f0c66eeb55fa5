extension SnippetBuilder {
    /// Which plain ASCII words of a body might match a query's pieces, from
    /// their first two letters, so that a snippet analyses only those.
    ///
    /// Exact for English, whose stemmer (Snowball's, as Gazette's is) keeps
    /// a word's first two letters with one exception: a letter and "ying"
    /// become that letter and "ie" ("dying", "die"). A stem may also be a
    /// single letter. So a word can match a piece (whole, as a prefix, or by
    /// an alternative) only when its first letter is the piece's first, and
    /// its second letter is the piece's second, or "y" where that is "i", or
    /// the piece has one letter. `SnippetWordFilterTests` checks this over
    /// Snowball's English vocabulary and made-up words.
    struct WordFilter {
        /// Folded bytes some piece starts with (a word of one letter needs only this).
        private(set) var firstBytes = [Bool](repeating: false, count: 256)
        /// Bit `first << 8 | second` set: a word starting with these two folded bytes may match.
        private var pairs = [UInt64](repeating: 0, count: 65_536 / 64)
        /// False when some piece is empty: nothing can then be ruled out.
        private(set) var rulesOut = true

        init(tokens: [[UInt8]]) {
            for token in tokens {
                guard let first = token.first else {
                    rulesOut = false
                    continue
                }
                firstBytes[Int(first)] = true
                if token.count < 2 {
                    for second in 0..<256 { allow(first, UInt8(second)) }
                } else {
                    allow(first, token[1])
                    if token[1] == UInt8(ascii: "i") { allow(first, UInt8(ascii: "y")) }
                }
            }
            // Snowball's English prelude drops a leading apostrophe: such words are always stemmed.
            firstBytes[Int(UInt8(ascii: "'"))] = true
        }

        private mutating func allow(_ first: UInt8, _ second: UInt8) {
            let bit = Int(first) << 8 | Int(second)
            pairs[bit >> 6] |= 1 << UInt64(bit & 63)
        }

        /// Whether a plain word whose folded letters start with `first` (and
        /// `second`, nil for a word of one letter) might match a piece.
        @inline(__always)
        func admits(_ first: UInt8, _ second: UInt8?) -> Bool {
            guard firstBytes[Int(first)] else { return false }
            guard let second else { return true }
            let bit = Int(first) << 8 | Int(second)
            return pairs[bit >> 6] & (1 << UInt64(bit & 63)) != 0
        }
    }
}
