// The suffix-removal steps of the Snowball English stemmer.
//
// Snowball's `among` picks the longest matching suffix and then either applies
// its rule or does nothing; it never falls back to a shorter suffix. The if/else
// chains below are therefore ordered longest first, and a suffix whose region
// condition fails ends the step.

private let apostrophe = UInt8(ascii: "'")

/// Snowball's `v_WXY`: letters that cannot close a short syllable.
private func isVowelOrWXY(_ byte: UInt8) -> Bool {
    StemBuffer.isVowel(byte) || byte == UInt8(ascii: "w") || byte == UInt8(ascii: "x") || byte == UInt8(ascii: "Y")
}

/// Letters that may precede an `-li` that step 2 removes.
private func isValidLIEnding(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "c"), UInt8(ascii: "d"), UInt8(ascii: "e"), UInt8(ascii: "g"), UInt8(ascii: "h"),
         UInt8(ascii: "k"), UInt8(ascii: "m"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
        return true
    default:
        return false
    }
}

extension StemBuffer {
    func isInR1(_ position: Int) -> Bool { position >= p1 }
    func isInR2(_ position: Int) -> Bool { position >= p2 }

    /// Whether `bytes[..<end]` ends in a short syllable: consonant-vowel-consonant
    /// where the final consonant is not w, x or Y; or vowel-consonant at the very
    /// start of the word; or (current Snowball) `past`, so pasted/pasting -> paste.
    func endsInShortSyllable(at end: Int) -> Bool {
        if end >= 2, !Self.isVowel(bytes[end - 1]), Self.isVowel(bytes[end - 2]) {
            if end == 2 { return true }
            if !isVowelOrWXY(bytes[end - 1]), !Self.isVowel(bytes[end - 3]) { return true }
        }
        return end >= 4 && bytes[end - 4] == UInt8(ascii: "p") && bytes[end - 3] == UInt8(ascii: "a")
            && bytes[end - 2] == UInt8(ascii: "s") && bytes[end - 1] == UInt8(ascii: "t")
    }

    /// Step 0 and step 1a: possessives, then plurals.
    mutating func step1a() {
        if hasSuffix("'s'") {
            count -= 3
        } else if hasSuffix("'s") {
            count -= 2
        } else if count > 0, bytes[count - 1] == apostrophe {
            count -= 1
        }

        if hasSuffix("sses") {
            count -= 2
        } else if hasSuffix("ied") || hasSuffix("ies") {
            // ties -> tie but cries -> cri: keep the e only after a single letter.
            replaceSuffix(length: 3, with: count > 4 ? "i" : "ie")
        } else if hasSuffix("ss") || hasSuffix("us") {
            return
        } else if hasSuffix("s") {
            // The vowel must come before the letter preceding the s: gas stays, gaps -> gap.
            if count >= 2, containsVowel(in: 0..<(count - 2)) { count -= 1 }
        }
    }

    /// Step 1b: -eed, -ed, -ing and their -ly forms.
    mutating func step1b() {
        if hasSuffix("eedly") {
            removeEED(suffixLength: 5)
            return
        }
        if hasSuffix("eed") {
            removeEED(suffixLength: 3)
            return
        }
        let suffixLength: Int
        if hasSuffix("ingly") {
            suffixLength = 5
        } else if hasSuffix("edly") {
            suffixLength = 4
        } else if hasSuffix("ing") {
            if handleExceptionalING() { return }
            suffixLength = 3
        } else if hasSuffix("ed") {
            suffixLength = 2
        } else {
            return
        }

        let stemEnd = count - suffixLength
        guard containsVowel(in: 0..<stemEnd) else { return }
        count = stemEnd
        restoreAfterSuffixRemoval()
    }

    /// `-eed(ly)` becomes `-ee` in R1, except for proceed/exceed/succeed which stay whole.
    private mutating func removeEED(suffixLength: Int) {
        let stemEnd = count - suffixLength
        let isUnchangeable = (stemEnd == 4 && (hasPrefix("proc") || hasPrefix("succ")))
            || (stemEnd == 3 && hasPrefix("exc"))
        guard !isUnchangeable, isInR1(stemEnd) else { return }
        count = stemEnd + 2
    }

    /// The `-ing` words Snowball treats specially. Returns `true` when the step is done.
    private mutating func handleExceptionalING() -> Bool {
        let stemEnd = count - 3
        // dying -> die, lying -> lie, tying -> tie, vying -> vie.
        if stemEnd == 2, bytes[1] == UInt8(ascii: "y"), !Self.isVowel(bytes[0]) {
            bytes[1] = UInt8(ascii: "i")
            bytes[2] = UInt8(ascii: "e")
            count = 3
            return true
        }
        // inning, outing, canning, herring, earring, evening are not verb forms.
        switch stemEnd {
        case 3:
            return hasPrefix("inn") || hasPrefix("out")
        case 4:
            return hasPrefix("cann") || hasPrefix("herr") || hasPrefix("earr") || hasPrefix("even")
        default:
            return false
        }
    }

    /// After -ed/-ing removal, puts back what the suffix took: an e after at/bl/iz or
    /// a short syllable (hoping -> hope), or undoubles a final consonant (hopping -> hop).
    private mutating func restoreAfterSuffixRemoval() {
        if hasSuffix("at") || hasSuffix("bl") || hasSuffix("iz") {
            appendE()
            return
        }
        if count >= 2, bytes[count - 1] == bytes[count - 2] {
            switch bytes[count - 1] {
            case UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "f"), UInt8(ascii: "g"), UInt8(ascii: "m"),
                 UInt8(ascii: "n"), UInt8(ascii: "p"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                // add/egg/odd keep their double letter: a, e or o alone before it.
                let isThreeLetterWord = count == 3
                let first = bytes[0]
                if isThreeLetterWord,
                   first == UInt8(ascii: "a") || first == UInt8(ascii: "e") || first == UInt8(ascii: "o") {
                    return
                }
                count -= 1
                return
            default:
                break
            }
        }
        if count == p1, endsInShortSyllable(at: count) { appendE() }
    }

    /// Safe because it only ever follows the removal of a suffix of two or more bytes.
    private mutating func appendE() {
        bytes[count] = UInt8(ascii: "e")
        count += 1
    }

    /// Step 1c: a final y or Y after a consonant (not the first letter) becomes i: cry -> cri, by stays.
    mutating func step1c() {
        guard count >= 3 else { return }
        let last = bytes[count - 1]
        guard last == UInt8(ascii: "y") || last == UInt8(ascii: "Y"), !Self.isVowel(bytes[count - 2]) else { return }
        bytes[count - 1] = UInt8(ascii: "i")
    }

    /// Replaces a suffix of `length` bytes when it starts in R1; used by steps 2 and 3.
    private mutating func replaceInR1(length: Int, with replacement: StaticString) {
        if isInR1(count - length) { replaceSuffix(length: length, with: replacement) }
    }

    /// Step 2: derivational suffixes in R1 map to a shorter canonical suffix.
    mutating func step2() {
        guard count >= 2 else { return }
        switch bytes[count - 1] {
        case UInt8(ascii: "l"):
            if hasSuffix("ational") { replaceInR1(length: 7, with: "ate") }
            else if hasSuffix("tional") { replaceInR1(length: 6, with: "tion") }
        case UInt8(ascii: "i"):
            step2EndingInI()
        case UInt8(ascii: "r"):
            if hasSuffix("izer") { replaceInR1(length: 4, with: "ize") }
            else if hasSuffix("ator") { replaceInR1(length: 4, with: "ate") }
        case UInt8(ascii: "n"):
            if hasSuffix("ization") { replaceInR1(length: 7, with: "ize") }
            else if hasSuffix("ation") { replaceInR1(length: 5, with: "ate") }
        case UInt8(ascii: "m"):
            if hasSuffix("alism") { replaceInR1(length: 5, with: "al") }
        case UInt8(ascii: "s"):
            if hasSuffix("fulness") { replaceInR1(length: 7, with: "ful") }
            else if hasSuffix("ousness") { replaceInR1(length: 7, with: "ous") }
            else if hasSuffix("iveness") { replaceInR1(length: 7, with: "ive") }
        case UInt8(ascii: "t"):
            if hasSuffix("ogist") { replaceInR1(length: 5, with: "og") }
        default:
            break
        }
    }

    /// The step 2 suffixes ending in i (-enci, -li, -iti, -ogi ...), split out for readability.
    private mutating func step2EndingInI() {
        switch bytes[count - 2] {
        case UInt8(ascii: "c"):
            if hasSuffix("enci") { replaceInR1(length: 4, with: "ence") }
            else if hasSuffix("anci") { replaceInR1(length: 4, with: "ance") }
        case UInt8(ascii: "t"):
            if hasSuffix("biliti") { replaceInR1(length: 6, with: "ble") }
            else if hasSuffix("aliti") { replaceInR1(length: 5, with: "al") }
            else if hasSuffix("iviti") { replaceInR1(length: 5, with: "ive") }
        case UInt8(ascii: "g"):
            // -ogi only after l: ecologi -> ecolog, but not e.g. yogi.
            if hasSuffix("ogi"), isInR1(count - 3), count >= 4, bytes[count - 4] == UInt8(ascii: "l") {
                count -= 1
            }
        case UInt8(ascii: "l"):
            if hasSuffix("lessli") { replaceInR1(length: 6, with: "less") }
            else if hasSuffix("entli") { replaceInR1(length: 5, with: "ent") }
            else if hasSuffix("ousli") { replaceInR1(length: 5, with: "ous") }
            else if hasSuffix("fulli") { replaceInR1(length: 5, with: "ful") }
            else if hasSuffix("abli") { replaceInR1(length: 4, with: "able") }
            else if hasSuffix("alli") { replaceInR1(length: 4, with: "al") }
            else if hasSuffix("bli") { replaceInR1(length: 3, with: "ble") }
            else if isInR1(count - 2), count >= 3, isValidLIEnding(bytes[count - 3]) {
                count -= 2
            }
        default:
            break
        }
    }

    /// Step 3: more derivational suffixes in R1; -ative additionally needs R2.
    mutating func step3() {
        guard count >= 3 else { return }
        switch bytes[count - 1] {
        case UInt8(ascii: "l"):
            if hasSuffix("ational") { replaceInR1(length: 7, with: "ate") }
            else if hasSuffix("tional") { replaceInR1(length: 6, with: "tion") }
            else if hasSuffix("ical") { replaceInR1(length: 4, with: "ic") }
            else if hasSuffix("ful") { replaceInR1(length: 3, with: "") }
        case UInt8(ascii: "e"):
            if hasSuffix("alize") { replaceInR1(length: 5, with: "al") }
            else if hasSuffix("icate") { replaceInR1(length: 5, with: "ic") }
            else if hasSuffix("ative"), isInR1(count - 5), isInR2(count - 5) { count -= 5 }
        case UInt8(ascii: "i"):
            if hasSuffix("iciti") { replaceInR1(length: 5, with: "ic") }
        case UInt8(ascii: "s"):
            if hasSuffix("ness") { replaceInR1(length: 4, with: "") }
        default:
            break
        }
    }

    /// Step 4: residual suffixes are deleted when they lie in R2.
    mutating func step4() {
        guard count >= 2 else { return }
        let length: Int
        switch bytes[count - 1] {
        case UInt8(ascii: "l"):
            guard hasSuffix("al") else { return }
            length = 2
        case UInt8(ascii: "e"):
            if hasSuffix("ance") || hasSuffix("ence") || hasSuffix("able") || hasSuffix("ible") {
                length = 4
            } else if hasSuffix("ate") || hasSuffix("ive") || hasSuffix("ize") {
                length = 3
            } else {
                return
            }
        case UInt8(ascii: "r"):
            guard hasSuffix("er") else { return }
            length = 2
        case UInt8(ascii: "c"):
            guard hasSuffix("ic") else { return }
            length = 2
        case UInt8(ascii: "t"):
            if hasSuffix("ement") { length = 5 }
            else if hasSuffix("ment") { length = 4 }
            else if hasSuffix("ant") || hasSuffix("ent") { length = 3 }
            else { return }
        case UInt8(ascii: "m"):
            guard hasSuffix("ism") else { return }
            length = 3
        case UInt8(ascii: "i"):
            guard hasSuffix("iti") else { return }
            length = 3
        case UInt8(ascii: "s"):
            guard hasSuffix("ous") else { return }
            length = 3
        case UInt8(ascii: "n"):
            // -ion only after s or t: adoption -> adopt, but not e.g. opinion.
            guard hasSuffix("ion"), count >= 4 else { return }
            let before = bytes[count - 4]
            guard before == UInt8(ascii: "s") || before == UInt8(ascii: "t") else { return }
            length = 3
        default:
            return
        }
        if isInR2(count - length) { count -= length }
    }

    /// Step 5: a final e in R2, or in R1 when not after a short syllable; a final ll in R2 loses one l.
    mutating func step5() {
        guard count >= 1 else { return }
        let start = count - 1
        switch bytes[start] {
        case UInt8(ascii: "e"):
            if isInR2(start) || (isInR1(start) && !endsInShortSyllable(at: start)) { count = start }
        case UInt8(ascii: "l"):
            if isInR2(start), start >= 1, bytes[start - 1] == UInt8(ascii: "l") { count = start }
        default:
            break
        }
    }
}
