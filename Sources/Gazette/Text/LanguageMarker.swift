/// How the text FTS5 indexes says which language to analyse it in.
///
/// FTS5 tokenizes a row again, without Gazette's help, when an article is
/// deleted or replaced and when `gazette verify` runs its integrity check; it
/// then only has the column's text. So the text FTS5 sees for an article in a
/// language other than English starts with a marker: the noncharacter U+FDD0
/// (Unicode reserves it for internal use; it never means anything in text)
/// and the two-letter code, e.g. `\u{FDD0}de`. English and unknown text carry
/// no marker, so an English archive's full-text rows are its plain text. The
/// `fts_content` view adds the marker from `articles.lang`.
public enum LanguageMarker {
    /// U+FDD0, the marker's first scalar.
    public static let scalarValue = 0xFDD0
    private static let lead: [UInt8] = [0xEF, 0xB7, 0x90]
    /// U+FDD0 as a string (Swift accepts no noncharacter in a literal).
    private static let prefix = String(decoding: lead, as: UTF8.self)
    /// Bytes of a marker: U+FDD0 in UTF-8 and two letters.
    static let byteCount = 5

    /// `text` as FTS5 should see it for an article in `language`.
    public static func marked(_ text: String, language: String) -> String {
        Languages.usesEnglishStemmer(language) ? text : prefix + language + text
    }

    /// The language a text's marker names, or nil when it has none.
    static func language(of text: UnsafeRawBufferPointer) -> String? {
        guard text.count >= byteCount, text[0] == lead[0], text[1] == lead[1], text[2] == lead[2] else { return nil }
        let code = String(decoding: text[3..<5], as: UTF8.self)
        return Languages.isCode(code) ? code : nil
    }
}
