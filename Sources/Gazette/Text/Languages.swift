/// The languages Gazette knows by name: ISO 639-1 codes, the Snowball
/// stemmer each has (if any), and how codes from other conventions map to them.
///
/// A language is a lower-case two-letter code everywhere (`"de"`); the empty
/// string means "not known", which is analysed like English, as every index
/// was before languages existed.
public enum Languages {
    /// The Snowball algorithm (libstemmer's name) for each language that has one.
    /// Norwegian Bokmål and Nynorsk share Snowball's Norwegian stemmer.
    static let snowballAlgorithms: [String: String] = [
        "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish",
        "nl": "dutch", "en": "english", "fi": "finnish", "fr": "french", "de": "german",
        "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
        "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
        "nn": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
        "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
    ]

    /// Codes with a Snowball stemmer, sorted.
    public static var stemmed: [String] { snowballAlgorithms.keys.sorted() }

    /// Whether `code` is a well-formed ISO 639-1 code (two ASCII lower-case letters).
    public static func isCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        return bytes.count == 2 && bytes.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
    }

    /// `code` lower-cased and mapped to ISO 639-1 (`iw` → `he`, `zh-Hant` → `zh`),
    /// or nil when it names no two-letter language.
    public static func normalized(_ code: String) -> String? {
        let base = code.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        let mapped = deprecatedCodes[base] ?? base
        return isCode(mapped) ? mapped : nil
    }

    /// Codes ISO 639 withdrew that detectors still emit.
    private static let deprecatedCodes = ["iw": "he", "ji": "yi", "in": "id", "jw": "jv", "mo": "ro"]

    /// Whether text in `code` is stemmed with Gazette's own English stemmer (English, and unknown text).
    static func usesEnglishStemmer(_ code: String) -> Bool { code.isEmpty || code == "en" }

    /// The name of the stemmer words of `code` get (`english`, `german`), nil when they are folded only.
    public static func stemmerName(_ code: String) -> String? {
        usesEnglishStemmer(code) ? "english" : snowballAlgorithms[code]
    }

    /// How words of `code` are stemmed, for `--explain` and `analyze`:
    /// `en: english (Gazette's Porter2)`, `de: german (Snowball)`, `pl: folded only`.
    public static func stemmerDescription(_ code: String) -> String {
        let name = code.isEmpty ? "(not known)" : code
        if usesEnglishStemmer(code) { return "\(name): english (Gazette's Porter2)" }
        if let algorithm = snowballAlgorithms[code] { return "\(name): \(algorithm) (Snowball)" }
        return "\(name): folded only (no stemmer; CJK as bigrams)"
    }
}
