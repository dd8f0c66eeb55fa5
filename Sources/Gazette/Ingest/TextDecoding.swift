#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The result of decoding a file's bytes: valid UTF-8 with control
/// characters removed and tabs turned into spaces. Line endings are kept
/// as found (LF, CRLF or CR); `containsCR` tells the line splitter whether
/// it may take the fast LF-only path.
struct DecodedText {
    var bytes: [UInt8]
    var containsCR: Bool
    var repairs: [String]
}

/// Turns raw file bytes into clean UTF-8.
///
/// UTF-16 with a byte-order mark is transcoded. Everything else is read as
/// UTF-8, and each byte that is not part of a valid UTF-8 sequence is read as
/// Windows-1252: a pure Latin-1/CP1252 file decodes exactly as 1252, and a
/// mostly-UTF-8 file with a few stray 1252 bytes keeps its UTF-8 intact.
enum TextDecoding {
    enum ByteOrderMark {
        case utf8, utf16LE, utf16BE
        var length: Int { self == .utf8 ? 3 : 2 }
    }

    static func byteOrderMark(_ p: UnsafeBufferPointer<UInt8>) -> ByteOrderMark? {
        if p.count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { return .utf8 }
        if p.count >= 2, p[0] == 0xFF, p[1] == 0xFE { return .utf16LE }
        if p.count >= 2, p[0] == 0xFE, p[1] == 0xFF { return .utf16BE }
        return nil
    }

    /// Windows-1252 code points for bytes 0x80...0x9F; 0 marks the five
    /// undefined bytes, which stay C1 controls and are removed.
    static let cp1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// Decodes the whole file (BOM included, if any).
    static func decode(_ p: UnsafeBufferPointer<UInt8>) -> DecodedText {
        switch byteOrderMark(p) {
        case .utf16LE: return decodeUTF16(p, from: 2, bigEndian: false, note: "decoded as UTF-16 LE")
        case .utf16BE: return decodeUTF16(p, from: 2, bigEndian: true, note: "decoded as UTF-16 BE")
        case .utf8: return cleanUTF8(p, from: 3)
        case nil:
            if let bigEndian = guessUTF16WithoutBOM(p) {
                return decodeUTF16(p, from: 0, bigEndian: bigEndian,
                                   note: bigEndian ? "decoded as UTF-16 BE (no byte-order mark)"
                                                   : "decoded as UTF-16 LE (no byte-order mark)")
            }
            return cleanUTF8(p, from: 0)
        }
    }

    private static func decodeUTF16(_ p: UnsafeBufferPointer<UInt8>, from start: Int, bigEndian: Bool,
                                    note: String) -> DecodedText {
        let (utf8, unpaired) = transcodeUTF16(p, from: start, bigEndian: bigEndian)
        var result = utf8.withUnsafeBufferPointer { cleanUTF8($0, from: 0) }
        result.repairs.insert(note, at: 0)
        if unpaired > 0 { result.repairs.append("replaced \(unpaired) unpaired UTF-16 surrogates") }
        return result
    }

    /// Whether BOM-less bytes are UTF-16 (true: big-endian, false: little-endian).
    /// Our files start with an ASCII header, so UTF-16 shows as a NUL in nearly
    /// every high byte and almost none in the low bytes.
    static func guessUTF16WithoutBOM(_ p: UnsafeBufferPointer<UInt8>) -> Bool? {
        let pairs = min(p.count, 8192) / 2
        // Text without a NUL near the start cannot be UTF-16 of an ASCII header.
        guard pairs >= 8, let base = p.baseAddress, memchr(base, 0, min(p.count, 64)) != nil else { return nil }
        var evenZeros = 0, oddZeros = 0
        for k in 0..<pairs {
            if p[2 * k] == 0 { evenZeros += 1 }
            if p[2 * k + 1] == 0 { oddZeros += 1 }
        }
        if oddZeros * 10 >= pairs * 7 && evenZeros * 20 <= pairs { return false }
        if evenZeros * 10 >= pairs * 7 && oddZeros * 20 <= pairs { return true }
        return nil
    }

    // MARK: - UTF-8 (with Windows-1252 fallback)

    /// Length of the valid UTF-8 sequence starting at `i`; 0 if invalid;
    /// `-k` if the `k` bytes left before the end are a valid but truncated prefix.
    @inline(__always)
    static func sequenceLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let n = p.count
        let b0 = p[i]
        let length: Int
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF  // bounds of the second byte (Unicode table 3-7)
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; hi = 0x9F
        case 0xF0: length = 4; lo = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; hi = 0x8F
        default: return 0
        }
        var k = 1
        while k < length {
            if i + k >= n { return -k }
            let b = p[i + k]
            if k == 1 ? (b < lo || b > hi) : (b & 0xC0 != 0x80) { return 0 }
            k += 1
        }
        return length
    }

    /// Index of the first byte from `start` that needs rewriting, or `p.count`.
    /// This is the common path: a clean UTF-8 file is only scanned, then copied.
    static func firstDirtyIndex(_ p: UnsafeBufferPointer<UInt8>, from start: Int,
                                containsCR: inout Bool, sawMultibyte: inout Bool) -> Int {
        var i = start
        let n = p.count
        while i < n {
            let b = p[i]
            if b < 0x80 {
                if b >= 0x20 && b != 0x7F || b == 0x0A { i += 1; continue }
                if b == 0x0D { containsCR = true; i += 1; continue }
                return i
            }
            let len = sequenceLength(p, i)
            guard len > 0 else { return i }
            if b == 0xC2 && p[i + 1] < 0xA0 { return i }  // C1 control
            sawMultibyte = true
            i += len
        }
        return n
    }

    /// What `firstDirtyIndex` found from a start: where the clean run ends, and what it held.
    struct CleanRun {
        let dirty: Int
        let containsCR: Bool
        let sawMultibyte: Bool

        init(_ p: UnsafeBufferPointer<UInt8>, from start: Int) {
            var containsCR = false
            var sawMultibyte = false
            dirty = TextDecoding.firstDirtyIndex(p, from: start, containsCR: &containsCR, sawMultibyte: &sawMultibyte)
            self.containsCR = containsCR
            self.sawMultibyte = sawMultibyte
        }
    }

    /// A file's text: its own bytes from `start` on when they are clean UTF-8
    /// (no copy), or rewritten.
    enum Decoded {
        case clean(start: Int, containsCR: Bool)
        case rewritten(DecodedText)
    }

    /// The file decoded, or why it looks binary: `binaryReason` and then
    /// `decode`, with one scan of the clean UTF-8 start serving both. UTF-16
    /// (with a byte-order mark, or guessed without one) is never judged binary.
    static func decodeUnlessBinary(_ p: UnsafeBufferPointer<UInt8>) -> Result<Decoded, ArticleRejection> {
        let bom = byteOrderMark(p)
        if bom == .utf16LE || bom == .utf16BE { return .success(.rewritten(decode(p))) }
        let guessedUTF16 = guessUTF16WithoutBOM(p)
        if bom == nil && guessedUTF16 != nil { return .success(.rewritten(decode(p))) }
        let start = bom == .utf8 ? 3 : 0
        let run = CleanRun(p, from: start)
        if guessedUTF16 == nil, let reason = binaryReason(p, cleanThrough: run.dirty) {
            return .failure(ArticleRejection(reason))
        }
        if run.dirty == p.count { return .success(.clean(start: start, containsCR: run.containsCR)) }
        return .success(.rewritten(cleanUTF8(p, from: start, run: run)))
    }

    static func cleanUTF8(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> DecodedText {
        cleanUTF8(p, from: start, run: CleanRun(p, from: start))
    }

    /// `run` is `CleanRun(p, from: start)`.
    private static func cleanUTF8(_ p: UnsafeBufferPointer<UInt8>, from start: Int, run: CleanRun) -> DecodedText {
        var containsCR = run.containsCR
        var sawMultibyte = run.sawMultibyte
        let dirty = run.dirty
        if dirty == p.count {
            return DecodedText(bytes: Array(UnsafeBufferPointer(rebasing: p[start...])),
                               containsCR: containsCR, repairs: [])
        }
        var out: [UInt8] = []
        out.reserveCapacity(p.count - start + 16)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<dirty]))
        var removed = 0, c1Mapped = 0, invalid = 0
        var droppedTruncated = false
        var i = dirty
        let n = p.count
        while i < n {
            let b = p[i]
            if b < 0x80 {
                switch b {
                case 0x20..<0x7F, 0x0A: out.append(b)
                case 0x0D: out.append(b); containsCR = true
                case 0x09, 0x0B, 0x0C: out.append(0x20)  // tab, VT, FF: whitespace, keep words apart
                default: removed += 1
                }
                i += 1
                continue
            }
            var len = sequenceLength(p, i)
            // A lone lead byte at the very end of an otherwise ASCII file is more
            // likely a 1252 letter ("café" without newline) than cut-off UTF-8.
            if len < 0 && (len <= -2 || sawMultibyte) {
                droppedTruncated = true
                break
            }
            if len < 0 { len = 0 }
            if len > 0 {
                if b == 0xC2 && p[i + 1] < 0xA0 {
                    // U+0080...U+009F: almost always 1252 punctuation mis-decoded as
                    // Latin-1 upstream, so restore it rather than glue words together.
                    let scalar = cp1252High[Int(p[i + 1]) - 0x80]
                    if scalar == 0 { removed += 1 } else { appendUTF8(scalar, to: &out); c1Mapped += 1 }
                } else {
                    sawMultibyte = true
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<(i + len)]))
                }
                i += len
                continue
            }
            invalid += 1
            if b < 0xA0 {
                let scalar = cp1252High[Int(b) - 0x80]
                if scalar == 0 { removed += 1 } else { appendUTF8(scalar, to: &out) }
            } else {
                appendUTF8(UInt32(b), to: &out)
            }
            i += 1
        }
        var repairs: [String] = []
        if invalid > 0 {
            repairs.append(sawMultibyte ? "decoded \(invalid) invalid UTF-8 bytes as Windows-1252"
                                        : "decoded as Windows-1252")
        }
        if droppedTruncated { repairs.append("dropped a truncated UTF-8 sequence at the end") }
        if c1Mapped > 0 { repairs.append("mapped \(c1Mapped) C1 control characters to Windows-1252 punctuation") }
        if removed > 0 { repairs.append("removed \(removed) control characters") }
        return DecodedText(bytes: out, containsCR: containsCR, repairs: repairs)
    }

    @inline(__always)
    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    // MARK: - UTF-16

    /// Transcodes UTF-16 to UTF-8; unpaired surrogates become U+FFFD and an odd
    /// trailing byte is dropped.
    static func transcodeUTF16(_ p: UnsafeBufferPointer<UInt8>, from start: Int,
                               bigEndian: Bool) -> (bytes: [UInt8], unpaired: Int) {
        var out: [UInt8] = []
        out.reserveCapacity((p.count - start) * 3 / 2)
        var unpaired = 0
        var i = start
        @inline(__always) func unit(_ at: Int) -> UInt32 {
            bigEndian ? UInt32(p[at]) << 8 | UInt32(p[at + 1]) : UInt32(p[at + 1]) << 8 | UInt32(p[at])
        }
        while i + 1 < p.count {
            let u = unit(i)
            i += 2
            if u < 0xD800 || u > 0xDFFF {
                appendUTF8(u, to: &out)
            } else if u < 0xDC00, i + 1 < p.count, case let low = unit(i), low >= 0xDC00, low <= 0xDFFF {
                i += 2
                appendUTF8(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), to: &out)
            } else {
                unpaired += 1
                appendUTF8(0xFFFD, to: &out)
            }
        }
        return (out, unpaired)
    }

    // MARK: - Binary detection

    /// Why the bytes look like a binary file rather than text, or nil.
    /// Only the first 8 KB are examined; UTF-16 with a BOM never gets here.
    /// Signatures of binary formats often misnamed `.txt`.
    private static let binarySignatures: [(bytes: [UInt8], name: String)] = [
            ([0x89, 0x50, 0x4E, 0x47], "PNG image"),
            ([0x7F, 0x45, 0x4C, 0x46], "ELF executable"),
            ([0x47, 0x49, 0x46, 0x38], "GIF image"),
            ([0xFF, 0xD8, 0xFF], "JPEG image"),
            ([0x25, 0x50, 0x44, 0x46, 0x2D], "PDF document"),
            ([0x50, 0x4B, 0x03, 0x04], "ZIP archive"),
            ([0x1F, 0x8B], "gzip archive"),
        ]

    /// `cleanThrough`: the bytes before it are known to hold no control byte
    /// (clean UTF-8, as `firstDirtyIndex` passes, or a UTF-8 byte-order mark),
    /// so when that covers the sample the count is skipped.
    static func binaryReason(_ p: UnsafeBufferPointer<UInt8>, cleanThrough: Int = 0) -> String? {
        for signature in binarySignatures where p.count >= signature.bytes.count {
            if zip(signature.bytes, p).allSatisfy({ $0 == $1 }) {
                return "looks binary (\(signature.name) signature)"
            }
        }
        let sample = min(p.count, 8192)
        if cleanThrough >= sample { return nil }
        var controls = 0
        if let base = p.baseAddress {
            for i in 0..<sample {
                // Bytes below 0x20 other than tab, LF, VT, FF, CR, and DEL: one bit test each.
                let b = base[i]
                controls &+= b < 0x20 ? Int((0xFFFF_C1FF as UInt32 >> UInt32(b)) & 1) : (b == 0x7F ? 1 : 0)
            }
        }
        // A stray NUL or two in text is repaired; a tenth of the sample is not text.
        if controls >= 4 && controls * 10 > sample {
            let share = controls * 100 / sample
            return "looks binary (\(share)% control bytes in the first \(sample >= 8192 ? "8 KB" : "\(sample) bytes"))"
        }
        return nil
    }
}
