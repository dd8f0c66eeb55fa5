#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Removes HTML markup left in article text and decodes character references.
///
/// A hand-written single-pass scanner, linear in the input: every tag scan
/// stops at the next `<` or newline, and a failed search for a closing
/// `-->`, `</script>` or `</style>` is remembered so it is never repeated.
/// Only tags of real HTML elements are removed; `<SRD>`, `<IBM.N>` or
/// `x < y` stay as written.
struct HTMLCleaner {
    private(set) var strippedMarkup = 0
    private(set) var decodedEntities = 0
    private var noCommentEnd = false
    private var noScriptEnd = false
    private var noStyleEnd = false

    enum TagKind { case inline, block, script, style }

    /// Inline elements vanish without a trace ("caf<b>é</b>" stays one word);
    /// all other known tags leave a space so adjacent words don't merge.
    static let tags: [String: TagKind] = {
        var table: [String: TagKind] = ["script": .script, "style": .style]
        for name in """
            a abbr b bdi bdo big cite code del dfn em font i ins kbd mark q s samp small span \
            strike strong sub sup time tt u var wbr o:p
            """.split(separator: " ") { table[String(name)] = .inline }
        for name in """
            address area article aside audio base blockquote body br button canvas caption center col \
            colgroup dd details dialog div dl dt embed fieldset figcaption figure footer form h1 h2 h3 h4 \
            h5 h6 head header hr html iframe img input label legend li link main map meta nav noscript \
            object ol optgroup option p param picture pre section select source summary svg table tbody \
            td template textarea tfoot th thead title tr track ul video
            """.split(separator: " ") { table[String(name)] = .block }
        return table
    }()

    /// Whether `p` contains anything the cleaner could change.
    static func mayContainMarkup(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress, !p.isEmpty else { return false }
        return memchr(base, 0x3C, p.count) != nil || memchr(base, 0x26, p.count) != nil
    }

    mutating func clean(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(p.count)
        let n = p.count
        var i = 0
        while i < n {
            let b = p[i]
            if b != 0x3C && b != 0x26 {
                // Copy the run up to the next '<' or '&' in one go.
                var j = i + 1
                while j < n, p[j] != 0x3C, p[j] != 0x26 { j += 1 }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<j]))
                i = j
                continue
            }
            if b == 0x26 {
                if let (scalar, length) = Self.entity(p, at: i) {
                    decodedEntities += 1
                    if let scalar { TextDecoding.appendUTF8(scalar, to: &out) }
                    i += length
                } else {
                    out.append(b)
                    i += 1
                }
                continue
            }
            if let next = skipMarkup(p, at: i, out: &out) {
                strippedMarkup += 1
                i = next
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }

    /// If markup starts at `i` (which holds '<'), returns the index after it.
    private mutating func skipMarkup(_ p: UnsafeBufferPointer<UInt8>, at i: Int, out: inout [UInt8]) -> Int? {
        let n = p.count
        guard i + 1 < n else { return nil }
        if p[i + 1] == 0x21 {  // "<!"
            if i + 3 < n, p[i + 2] == 0x2D, p[i + 3] == 0x2D {
                guard !noCommentEnd else { return nil }
                var k = i + 4
                while k + 2 < n {
                    if p[k] == 0x2D && p[k + 1] == 0x2D && p[k + 2] == 0x3E { return k + 3 }
                    k += 1
                }
                noCommentEnd = true
                return nil
            }
            // <!DOCTYPE ...>
            guard i + 2 < n, Self.isLetter(p[i + 2]) else { return nil }
            return Self.tagEnd(p, from: i + 2)
        }
        if p[i + 1] == 0x3F {  // "<?xml ...?>"
            guard i + 2 < n, Self.isLetter(p[i + 2]) else { return nil }
            return Self.tagEnd(p, from: i + 2)
        }
        var j = i + 1
        let closing = p[j] == 0x2F
        if closing { j += 1 }
        let nameStart = j
        while j < n, j - nameStart <= 10, Self.isLetter(p[j]) || (p[j] >= 0x30 && p[j] <= 0x39) || p[j] == 0x3A {
            j += 1
        }
        guard j > nameStart, j - nameStart <= 10, Self.isLetter(p[nameStart]), j < n else { return nil }
        let terminator = p[j]
        guard terminator == 0x3E || terminator == 0x20 || terminator == 0x2F else { return nil }
        var name = [UInt8](UnsafeBufferPointer(rebasing: p[nameStart..<j]))
        for k in name.indices where name[k] >= 0x41 && name[k] <= 0x5A { name[k] += 0x20 }
        guard let kind = Self.tags[String(decoding: name, as: UTF8.self)],
              let end = Self.tagEnd(p, from: j)
        else { return nil }
        let selfClosing = p[end - 2] == 0x2F
        switch kind {
        case .script, .style:
            if closing || selfClosing { return end }
            let known = kind == .script ? noScriptEnd : noStyleEnd
            if !known, let after = Self.closingTag(p, name: name, from: end) { return after }
            if kind == .script { noScriptEnd = true } else { noStyleEnd = true }
            return end  // unterminated: drop the tag only, keep the text
        case .inline:
            return end
        case .block:
            let lastIsSpace = out.last.map { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D } ?? true
            let nextIsSpace = end >= n || (p[end] == 0x20 || p[end] == 0x0A || p[end] == 0x0D || p[end] == 0x3C)
            if !lastIsSpace && !nextIsSpace { out.append(0x20) }
            return end
        }
    }

    /// Index after the `>` closing a tag whose name ends before `from`; nil if a
    /// `<` or newline comes first (so the text was not a tag after all).
    private static func tagEnd(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var k = from
        var quote: UInt8 = 0
        while k < p.count {
            let c = p[k]
            if c == 0x3C || c == 0x0A || c == 0x0D { return nil }
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == 0x22 || c == 0x27 {
                quote = c
            } else if c == 0x3E {
                return k + 1
            }
            k += 1
        }
        return nil
    }

    /// Index after `</name ...>` searching from `from`, or nil.
    private static func closingTag(_ p: UnsafeBufferPointer<UInt8>, name: [UInt8], from: Int) -> Int? {
        let n = p.count
        var k = from
        outer: while k + 2 + name.count <= n {
            if p[k] == 0x3C && p[k + 1] == 0x2F {
                for (offset, c) in name.enumerated() where p[k + 2 + offset] | 0x20 != c { k += 1; continue outer }
                var e = k + 2 + name.count
                while e < n, p[e] != 0x3E { e += 1 }
                return e < n ? e + 1 : n
            }
            k += 1
        }
        return nil
    }

    @inline(__always)
    private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }

    @inline(__always)
    private static func isAlphanumeric(_ c: UInt8) -> Bool { isLetter(c) || (c >= 0x30 && c <= 0x39) }

    /// Decodes the character reference at `i` (which holds '&'). Returns the
    /// scalar to emit (nil: emit nothing) and the bytes consumed, or nil when
    /// this is not a reference ("AT&T", "R&D").
    static func entity(_ p: UnsafeBufferPointer<UInt8>, at i: Int, nested: Bool = false) -> (UInt32?, Int)? {
        let n = p.count
        var j = i + 1
        guard j < n else { return nil }
        if p[j] == 0x23 {  // "&#"
            j += 1
            let hex = j < n && (p[j] | 0x20) == 0x78
            if hex { j += 1 }
            let digitsStart = j
            var value: UInt32 = 0
            while j < n, j - digitsStart < 8 {
                let c = p[j]
                let digit: UInt32
                if c >= 0x30 && c <= 0x39 { digit = UInt32(c - 0x30) }
                else if hex && (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 { digit = UInt32((c | 0x20) - 0x61 + 10) }
                else { break }
                value = value * (hex ? 16 : 10) + digit
                j += 1
            }
            guard j > digitsStart else { return nil }
            if j < n && p[j] == 0x3B { j += 1 } else if j < n && isAlphanumeric(p[j]) { return nil }
            return (scalarForReference(value), j - i)
        }
        let nameStart = j
        while j < n, j - nameStart <= 8, isAlphanumeric(p[j]) { j += 1 }
        guard j > nameStart, j - nameStart <= 8 else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: p[nameStart..<j]), as: UTF8.self)
        let terminated = j < n && p[j] == 0x3B
        guard let value = HTMLEntities.named[name],
              terminated || (HTMLEntities.legacyBare.contains(name) && (j >= n || !isAlphanumeric(p[j])))
        else { return nil }
        let length = j - i + (terminated ? 1 : 0)
        // "&amp;nbsp;" is double-escaped markup; decode the inner reference too.
        // The inner reference is parsed as if the decoded '&' stood at the ';'.
        if value == 0x26, !nested, terminated,
           let (inner, innerLength) = entity(p, at: i + length - 1, nested: true),
           p[i + length - 2 + innerLength] == 0x3B {
            return (inner, length - 1 + innerLength)
        }
        return (scalarForReference(value), length)
    }

    /// What a referenced code point becomes in article text: NBSP and line
    /// breaks become spaces (a reference must not split a paragraph),
    /// controls and soft hyphens vanish, 0x80...0x9F mean Windows-1252.
    static func scalarForReference(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x09, 0x0A, 0x0D, 0xA0: return 0x20
        case 0x80...0x9F:
            let mapped = TextDecoding.cp1252High[Int(value - 0x80)]
            return mapped == 0 ? nil : mapped
        case 0, 0xD800...0xDFFF, 0x110000...: return 0xFFFD
        case 0x01..<0x20, 0x7F, 0xAD: return nil
        default: return value
        }
    }
}
