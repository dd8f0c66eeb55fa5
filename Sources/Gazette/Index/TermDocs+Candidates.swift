import Foundation

extension TermDocs {
    /// Below this many articles the candidates are counted on one connection:
    /// a second one costs more than it saves.
    static let parallelCandidatesRows: Int64 = 20_000

    /// Terms in at least `threshold` articles of the committed index.
    ///
    /// fts5vocab counts a term's articles by walking its postings in every
    /// segment, so this walk is most of what the choice at the end of a large
    /// run costs (7% of the writer's time at 100,000 articles). On a large
    /// index two read connections walk half the vocabulary each, one on
    /// another thread: the split is the median of the segments' page-first
    /// terms, so each half holds about half of the postings' pages. Reading
    /// committed data outside the writer's transaction is safe: the choice
    /// only decides which terms get lists, which are then built exactly.
    static func candidates(_ database: Database, threshold: Int64, rows: Int64,
                           parallelFrom: Int64 = parallelCandidatesRows) throws -> [[UInt8]] {
        guard rows >= parallelFrom, !database.path.isEmpty,
              let split = try medianPageTerm(database) else {
            return try candidates(database, threshold: threshold, from: nil, below: nil)
        }
        let path = database.path
        let halves = CandidateHalves()
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            halves.set(half, Result { () throws -> [[UInt8]] in
                let reader = try Database(path: path, mode: .readWrite)
                return try candidates(reader, threshold: threshold, from: half == 0 ? nil : split,
                                      below: half == 0 ? split : nil)
            })
        }
        return try halves.joined()
    }

    /// One connection's walk over the terms in `[from, below)` (nil: unbounded).
    private static func candidates(_ database: Database, threshold: Int64, from: [UInt8]?,
                                   below: [UInt8]?) throws(SQLiteError) -> [[UInt8]] {
        try database.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.gazette_vocabulary USING fts5vocab(main, 'fts', 'row')")
        // Plain comparisons on `term`, so that fts5vocab walks only the range.
        let range = [from.map { _ in "term >= ?2" }, below.map { _ in "term < ?3" }].compactMap { $0 }
        let select = try database.prepare("SELECT term FROM temp.gazette_vocabulary WHERE "
                                          + (range + ["doc >= ?1"]).joined(separator: " AND "))
        select.bind(threshold, at: 1)
        if let from { select.bind(textBytes: from, at: 2) }
        if let below { select.bind(textBytes: below, at: 3) }
        var terms: [[UInt8]] = []
        while try select.step() { terms.append(select.blob(0)) }
        return terms
    }

    /// The middle one of the first terms of FTS5's leaf pages (stored after
    /// the main index's '0' byte); nil when there are too few pages to split.
    static func medianPageTerm(_ database: Database) throws(SQLiteError) -> [UInt8]? {
        guard let pages = try database.scalarInt("""
            SELECT count(*) FROM fts_idx WHERE length(term) > 1 AND substr(term, 1, 1) = X'30'
            """), pages >= 2 else { return nil }
        let select = try database.prepare("""
            SELECT substr(term, 2) FROM fts_idx WHERE length(term) > 1 AND substr(term, 1, 1) = X'30'
            ORDER BY term LIMIT 1 OFFSET ?1
            """)
        select.bind(pages / 2, at: 1)
        guard try select.step() else { return nil }
        let term = select.blob(0)
        return term.isEmpty ? nil : term
    }
}

/// The two halves' results of `TermDocs.candidates`, filled from two threads.
private final class CandidateHalves: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<[[UInt8]], any Error>?] = [nil, nil]

    func set(_ half: Int, _ result: Result<[[UInt8]], any Error>) {
        lock.lock()
        results[half] = result
        lock.unlock()
    }

    func joined() throws -> [[UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        var terms: [[UInt8]] = []
        for result in results {
            guard let result else { continue }
            terms += try result.get()
        }
        return terms
    }
}
