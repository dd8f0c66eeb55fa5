/// The frequent words' chunks of a run that writes a whole new index, held
/// in a scratch file instead of `term_docs` until the run's last transaction
/// writes them all in key order (`writeAll`).
///
/// Written into the table at every commit, each commit's new chunks (some
/// 2,400 at 100,000 articles) landed on as many pages, one in each word's
/// key range: 0.8 GB of the run's 2.6 GB of writes went through the WAL
/// and the checkpoint for a 77 MB table. Written once at the end, in key
/// order, each page is written once.
///
/// Each word's chunks are kept in `first` order; the last one, which every
/// flush rewrites, stays in memory, and the others are appended to the file
/// (a chunk rewritten later is appended again, which only out-of-order
/// changes do).
final class TermDocsSpill {
    private let file: ScratchFile
    private var fileLength: Int64 = 0
    /// Per word (by its index in the chosen set), its chunks in `first` order.
    private var chunks: [[Chunk]]
    /// Per word, the articles in its chunks.
    var docs: [Int]
    /// The article count at the choice of the words, recorded with them.
    let chosenAtRows: Int64

    private struct Chunk {
        var first: Int64
        var stored: Stored
    }

    private enum Stored {
        case memory([UInt8])
        case file(offset: Int64, count: Int)
    }

    /// Nil when no folder takes a scratch file.
    init?(termCount: Int, chosenAtRows: Int64, folders: [String]) {
        guard let file = ScratchFile.create(inFirstOf: folders) else { return nil }
        self.file = file
        self.chosenAtRows = chosenAtRows
        chunks = Array(repeating: [], count: termCount)
        docs = Array(repeating: 0, count: termCount)
    }

    /// The position of the last chunk of `term` starting at or before `id`.
    private func position(atOrBefore id: Int64, of term: Int) -> Int? {
        var low = 0
        var high = chunks[term].count
        while low < high {
            let middle = (low + high) / 2
            if chunks[term][middle].first <= id { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }

    /// The chunk a change to `id` belongs in, as `TermDocsWriter` looks it
    /// up in the table: the last one starting at or before it, else the
    /// first; with where the next one starts.
    func chunk(holding id: Int64, of term: Int32) throws(ScratchFileError) -> (first: Int64, bytes: [UInt8], nextFirst: Int64)? {
        let list = chunks[Int(term)]
        guard !list.isEmpty else { return nil }
        let at = position(atOrBefore: id, of: Int(term)) ?? 0
        return (list[at].first, try bytes(of: list[at].stored), at + 1 < list.count ? list[at + 1].first : Int64.max)
    }

    private func bytes(of stored: Stored) throws(ScratchFileError) -> [UInt8] {
        switch stored {
        case .memory(let bytes):
            return bytes
        case .file(let offset, let count):
            return try file.read(count: count, at: offset)
        }
    }

    private func appendToFile(_ bytes: [UInt8]) throws(ScratchFileError) -> Stored {
        let offset = fileLength
        try file.write(bytes, at: offset)
        fileLength += Int64(bytes.count)
        return .file(offset: offset, count: bytes.count)
    }

    /// Stores the chunk of `term` that starts at `first`, replacing one with that key.
    func write(term: Int32, first: Int64, bytes: [UInt8]) throws(ScratchFileError) {
        let term = Int(term)
        if let at = position(atOrBefore: first, of: term), chunks[term][at].first == first {
            chunks[term][at].stored = at == chunks[term].count - 1 ? .memory(bytes) : try appendToFile(bytes)
            return
        }
        let at = position(atOrBefore: first, of: term).map { $0 + 1 } ?? 0
        if at == chunks[term].count {
            // A new last chunk: the one before it is done changing, in the usual order of things.
            if let previous = chunks[term].last, case .memory(let held) = previous.stored {
                chunks[term][chunks[term].count - 1].stored = try appendToFile(held)
            }
            chunks[term].append(Chunk(first: first, stored: .memory(bytes)))
        } else {
            chunks[term].insert(Chunk(first: first, stored: try appendToFile(bytes)), at: at)
        }
    }

    /// Removes the chunk of `term` that starts at `first`.
    func delete(term: Int32, first: Int64) {
        let term = Int(term)
        guard let at = position(atOrBefore: first, of: term), chunks[term][at].first == first else { return }
        chunks[term].remove(at: at)
    }

    /// Writes every chosen word, with its chunks, into `frequent_terms` and
    /// `term_docs` in key order, and the choice's article count into `meta`.
    /// Both tables are empty: the run began on an empty index, and nobody
    /// else wrote since (`TermDocsWriter` drops the spill when someone did).
    ///
    /// - Throws: `SQLiteError`, or `ScratchFileError` reading the file back.
    func writeAll(into database: Database, terms: [[UInt8]]) throws {
        let order = terms.indices.sorted { terms[$0].lexicographicallyPrecedes(terms[$1]) }
        let chosen = try database.cached("INSERT INTO frequent_terms(term, docs) VALUES (?1, ?2)")
        for term in order {
            // A chosen word keeps its row even when its articles were all replaced, as in the table.
            defer { chosen.reset() }
            chosen.bind(textBytes: terms[term], at: 1)
            chosen.bind(docs[term], at: 2)
            _ = try chosen.step()
        }
        let insert = try database.cached(TermDocs.insertSQL)
        for term in order {
            for chunk in chunks[term] {
                try TermDocs.write(insert, term: terms[term], first: chunk.first, data: try bytes(of: chunk.stored))
            }
        }
        try TermDocs.recordChoice(database, rows: chosenAtRows)
    }
}
