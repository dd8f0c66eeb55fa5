import CLanguageDetector

/// Finds the language of an article's text: by script where a script names
/// one language (Greek, Korean, Japanese kana, Chinese, Thai, Armenian,
/// Georgian), otherwise with CLD2, Chrome's Compact Language Detector 2.
///
/// CLD2 is stateless and thread-safe, and its time grows with the text it
/// reads (about 14 µs for 256 bytes and 51 µs for 1 KiB, CPU time measured
/// over 100,000 generated articles). So it first reads `firstSampleBytes`
/// (a headline and the start of the body) and reads `sampleBytes` only when
/// that sample did not settle the language: too little text, CLD2 unsure, or
/// the first language under `firstSampleMinimumPercent` of the sample. On
/// those 100,000 English articles 0.5% took the second step and all came out
/// English; the test snippets in 16 languages are all right.
public enum LanguageDetector {
    /// Bytes of text the second step reads: a headline and the first paragraph or two.
    public static let sampleBytes = 1_024
    /// Bytes of text the first step reads.
    public static let firstSampleBytes = 256
    /// The share of the first sample its first language must hold to be taken
    /// at once. Short samples of generated English that CLD2 called Danish or
    /// French had that language at 51% and 63%.
    public static let firstSampleMinimumPercent: Int32 = 70
    /// The share the language must hold in the last step: a majority.
    static let finalMinimumPercent: Int32 = 50

    /// The language of an article: its headline and the start of its body.
    public static func detect(title: String, body: String) -> String {
        // Copied with memcpy: appending the strings' UTF-8 views went byte by byte.
        var title = title, body = body
        return title.withUTF8 { title in
            body.withUTF8 { body in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: sampleBytes) { sample in
                    guard let base = sample.baseAddress else { return "" }
                    var count = min(title.count, sampleBytes)
                    if let from = title.baseAddress { base.initialize(from: from, count: count) }
                    if count < sampleBytes {
                        base[count] = UInt8(ascii: "\n")
                        count += 1
                        let bodyBytes = min(body.count, sampleBytes - count)
                        if let from = body.baseAddress { (base + count).initialize(from: from, count: bodyBytes) }
                        count += bodyBytes
                    }
                    return detect(utf8: UnsafeBufferPointer(start: base, count: count))
                }
            }
        }
    }

    /// The ISO 639-1 code of the language `text` is written in, or "" when it
    /// cannot be told (too little text, or CLD2 unsure).
    public static func detect(_ text: String) -> String {
        var copy = text
        return copy.withUTF8(detect(utf8:))
    }

    private static func detect(utf8: UnsafeBufferPointer<UInt8>) -> String {
        let whole = sample(utf8, bytes: sampleBytes)
        guard utf8.count > firstSampleBytes else {
            if let byScript = languageOfScript(whole) { return byScript }
            return askCLD2(whole, minimumPercent: finalMinimumPercent) ?? ""
        }
        let first = sample(utf8, bytes: firstSampleBytes)
        if let byScript = languageOfScript(first) { return byScript }
        if let settled = askCLD2(first, minimumPercent: firstSampleMinimumPercent) { return settled }
        if let byScript = languageOfScript(whole) { return byScript }
        return askCLD2(whole, minimumPercent: finalMinimumPercent) ?? ""
    }

    /// The first `bytes` of `text` or fewer: never a UTF-8 sequence cut in half.
    private static func sample(_ text: UnsafeBufferPointer<UInt8>, bytes: Int) -> UnsafeBufferPointer<UInt8> {
        var count = min(text.count, bytes)
        while count < text.count, count > 0, text[count] & 0xC0 == 0x80 { count -= 1 }
        return UnsafeBufferPointer(rebasing: text[0..<count])
    }

    /// The language a text's script alone settles, from its letters' counts.
    static func languageOfScript(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        var counts = ScriptCounts()
        var scalars = text.makeIterator()
        var decoder = UTF8()
        decoding: while true {
            switch decoder.decode(&scalars) {
            case .scalarValue(let scalar): counts.add(scalar.value)
            case .emptyInput: break decoding
            case .error: continue
            }
        }
        let letters = counts.total
        guard letters >= 8 else { return nil }
        // Kana anywhere in a Han text makes it Japanese; Han alone is Chinese.
        if counts.kana * 20 >= letters { return "ja" }
        if counts.hangul * 2 >= letters { return "ko" }
        if counts.han * 2 >= letters { return "zh" }
        if counts.greek * 2 >= letters { return "el" }
        if counts.thai * 2 >= letters { return "th" }
        if counts.armenian * 2 >= letters { return "hy" }
        if counts.georgian * 2 >= letters { return "ka" }
        return nil
    }

    /// CLD2's language for `text` when it is reliable and holds `minimumPercent` of it.
    private static func askCLD2(_ text: UnsafeBufferPointer<UInt8>, minimumPercent: Int32) -> String? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 16) { code -> String? in
            guard let codeBase = code.baseAddress else { return nil }
            let reliable = text.withMemoryRebound(to: CChar.self) { chars in
                gazette_detect_language(chars.baseAddress, chars.count, minimumPercent, codeBase, code.count)
            }
            guard reliable == 1 else { return nil }
            let length = code.firstIndex(of: 0) ?? code.count
            let name = String(decoding: UnsafeRawBufferPointer(start: codeBase, count: length), as: UTF8.self)
            return Languages.normalized(name)
        }
    }
}

/// Letters per script in a sample.
private struct ScriptCounts {
    var total = 0, han = 0, kana = 0, hangul = 0, greek = 0, thai = 0, armenian = 0, georgian = 0

    mutating func add(_ value: UInt32) {
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x400...0x52F, 0x590...0x6FF, 0x900...0x97F: total += 1
        case 0x370...0x3FF, 0x1F00...0x1FFF: total += 1; greek += 1
        case 0x3040...0x30FF, 0x31F0...0x31FF: total += 1; kana += 1
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: total += 1; han += 1
        case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F: total += 1; hangul += 1
        case 0xE00...0xE7F: total += 1; thai += 1
        case 0x530...0x58F: total += 1; armenian += 1
        case 0x10A0...0x10FF: total += 1; georgian += 1
        default: break
        }
    }
}
