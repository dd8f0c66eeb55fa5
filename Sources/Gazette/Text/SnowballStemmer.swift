import CStemmer

/// One of Snowball's stemmers from libstemmer, for one language.
///
/// libstemmer's stemmer objects keep the word being stemmed inside them, so
/// an instance must be used by one thread at a time: each `Analyzer` owns its own.
public final class SnowballStemmer {
    private let handle: OpaquePointer
    /// The language's ISO 639-1 code.
    public let language: String

    /// The stemmer for `language` (ISO 639-1), or nil when Snowball has none.
    public init?(language: String) {
        guard let algorithm = Languages.snowballAlgorithms[language],
              let handle = sb_stemmer_new(algorithm, "UTF_8") else { return nil }
        self.handle = handle
        self.language = language
    }

    deinit { sb_stemmer_delete(handle) }

    /// The stem of `word` (lower-case UTF-8, diacritics kept), passed to `body`
    /// and valid only during the call. Nil when libstemmer could not allocate.
    func withStem<R>(of word: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard let stem = sb_stemmer_stem(handle, word.baseAddress, Int32(word.count)) else { return nil }
        let length = Int(sb_stemmer_length(handle))
        return body(UnsafeBufferPointer(start: stem, count: length))
    }

    /// The stem of a lower-case `word`, exactly as Snowball gives it (no folding).
    public func stem(_ word: String) -> String {
        var copy = word
        return copy.withUTF8 { bytes in
            withStem(of: bytes) { String(decoding: $0, as: UTF8.self) } ?? word
        }
    }
}
