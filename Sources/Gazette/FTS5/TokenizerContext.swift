/// Per-connection hand-off between the indexer and the FTS5 tokenizer: the
/// indexer leaves the pre-computed tokens of the row it is about to insert,
/// and the tokenizer replays them when FTS5 asks for exactly that text.
final class TokenizerContext {
    var pending: [PreTokenized] = []
    /// The languages queries on this connection are stemmed for (each word
    /// becomes its distinct stems in them, ORed); empty: English only. The
    /// searcher sets it before it runs a MATCH.
    var queryLanguages: [String] = []

    /// The pre-computed tokens for `bytes`, removed from the queue, if any.
    func take(matching bytes: UnsafeRawBufferPointer) -> PreTokenized? {
        guard let index = pending.firstIndex(where: { $0.matches(bytes) }) else { return nil }
        return pending.remove(at: index)
    }
}

extension Database {
    /// This connection's hand-off to its FTS5 tokenizers. A connection opened
    /// without the `gazette` tokenizer gets a fresh context nobody reads, so
    /// its tokens are simply analysed again by whatever tokenizer FTS5 runs.
    var tokenizerContext: TokenizerContext {
        (extensionState as? TokenizerContext) ?? TokenizerContext()
    }
}
