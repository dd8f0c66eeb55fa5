import CSQLite

/// Registers Gazette's analyzer as the FTS5 tokenizer `gazette` on a connection.
///
/// FTS5 calls `xCreate` once per table and connection; each call gets its
/// own `GazetteTokenizer` and so its own `Analyzer` (scratch buffers are not
/// shared across threads). The
/// callbacks are file-scope C functions: nothing Swift throws crosses into C.
enum GazetteTokenizerRegistration {
    static let name = "gazette"

    static func register(on database: Database) throws(SQLiteError) {
        guard let api = try FTS5API.fetch(database) else {
            throw SQLiteError(code: SQLITE_ERROR, message: "this SQLite library was built without FTS5")
        }
        var methods = fts5_tokenizer(xCreate: gazetteTokenizerCreate,
                                     xDelete: gazetteTokenizerDelete,
                                     xTokenize: gazetteTokenizerTokenize)
        guard let create = api.pointee.xCreateTokenizer else {
            throw SQLiteError(code: SQLITE_ERROR, message: "FTS5 offers no xCreateTokenizer")
        }
        // The context outlives every tokenizer FTS5 creates: the Database owns it and closes the
        // connection (destroying the tokenizers) before releasing it.
        let shared = TokenizerContext()
        database.extensionState = shared
        let context = Unmanaged.passUnretained(shared).toOpaque()
        let rc = create(api, name, context, &methods, nil)
        guard rc == SQLITE_OK else {
            throw SQLiteError(code: rc, connection: database.handle)
        }
        try FullTextMatchesRegistration.register(api, on: database)
    }
}

/// One FTS5 tokenizer instance: an analyzer of its own and the connection's
/// hand-off, where the indexer leaves pre-computed tokens.
final class GazetteTokenizer {
    let analyzer = Analyzer()
    unowned(unsafe) let context: TokenizerContext?

    init(context: TokenizerContext?) {
        self.context = context
    }
}

private let tokenizeQuery = Int32(FTS5_TOKENIZE_QUERY)
private let tokenizePrefix = Int32(FTS5_TOKENIZE_PREFIX)
private let tokenColocated = Int32(FTS5_TOKEN_COLOCATED)

private func gazetteTokenizerCreate(
    _ context: UnsafeMutableRawPointer?,
    _ arguments: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
    _ argumentCount: Int32,
    _ output: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    guard let output else { return SQLITE_MISUSE }
    let instance = GazetteTokenizer(context: context.map { Unmanaged<TokenizerContext>.fromOpaque($0).takeUnretainedValue() })
    output.pointee = OpaquePointer(Unmanaged.passRetained(instance).toOpaque())
    return SQLITE_OK
}

private func gazetteTokenizerDelete(_ tokenizer: OpaquePointer?) {
    guard let tokenizer else { return }
    Unmanaged<GazetteTokenizer>.fromOpaque(UnsafeRawPointer(tokenizer)).release()
}

private func gazetteTokenizerTokenize(
    _ tokenizer: OpaquePointer?,
    _ context: UnsafeMutableRawPointer?,
    _ flags: Int32,
    _ text: UnsafePointer<CChar>?,
    _ length: Int32,
    _ token: (@convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32) -> Int32)?
) -> Int32 {
    guard let tokenizer, let token else { return SQLITE_MISUSE }
    guard let text, length > 0 else { return SQLITE_OK }
    let instance = Unmanaged<GazetteTokenizer>.fromOpaque(UnsafeRawPointer(tokenizer)).takeUnretainedValue()
    let analyzer = instance.analyzer
    let purpose: AnalysisPurpose
    if flags & tokenizeQuery != 0 {
        purpose = flags & tokenizePrefix != 0 ? .queryPrefix : .query
    } else {
        purpose = .document
    }
    let buffer = UnsafeRawBufferPointer(start: text, count: Int(length))
    let emit: (UnsafeBufferPointer<UInt8>, Int, Int, Bool) -> Int32 = { bytes, start, end, colocated in
        bytes.withMemoryRebound(to: CChar.self) { chars in
            token(context, colocated ? tokenColocated : 0, chars.baseAddress, Int32(chars.count),
                  Int32(start), Int32(end))
        }
    }
    if purpose == .document, let shared = instance.context, !shared.pending.isEmpty,
       let ready = shared.take(matching: buffer) {
        return ready.replay(emit)
    }
    guard purpose == .document else {
        analyzer.setLanguages(instance.context?.queryLanguages ?? [])
        return analyzer.tokenize(buffer, purpose: purpose, emit: emit)
    }
    // A row FTS5 reads back (a delete, the integrity check) names its language in a marker.
    guard let language = LanguageMarker.language(of: buffer) else {
        analyzer.setLanguage("")
        return analyzer.tokenize(buffer, purpose: purpose, emit: emit)
    }
    analyzer.setLanguage(language)
    let shift = LanguageMarker.byteCount
    let rest = UnsafeRawBufferPointer(rebasing: buffer[shift...])
    return analyzer.tokenize(rest, purpose: purpose) { bytes, start, end, colocated in
        emit(bytes, start + shift, end + shift, colocated)
    }
}

extension Database {
    /// Opens (or creates) the database at `path` and registers the `gazette` tokenizer.
    public convenience init(path: String, mode: Mode = .create, busyTimeout: Int32 = 10_000) throws(SQLiteError) {
        try self.init(path: path, mode: mode, busyTimeout: busyTimeout) { database throws(SQLiteError) in
            try GazetteTokenizerRegistration.register(on: database)
            try WeightedBM25.register(on: database)
        }
    }
}
