/// The source or language ids a query's filters admit, tested once per match
/// of a pass by one array read: a `Set<Int>`'s hashing was a fifth of a
/// source-filtered pass over a frequent word's list.
struct IDFilter: Equatable {
    private let admitted: [Bool]

    /// Ids above `largest` are left out: `article_facts` cannot hold them (its
    /// source field has 24 bits), so no match has them, and the table stays bounded.
    init<S: Sequence>(_ ids: S, largest: Int = Int(ArticleFacts.sourceMask)) where S.Element == Int {
        let kept = ids.filter { $0 >= 0 && $0 <= largest }
        var admitted = [Bool](repeating: false, count: (kept.max() ?? -1) + 1)
        for id in kept { admitted[id] = true }
        self.admitted = admitted
    }

    @inline(__always)
    func contains(_ id: Int) -> Bool {
        id >= 0 && id < admitted.count && admitted[id]
    }
}
