
/// What the parse thread works out about an article for copy detection, so
/// the writer thread only does the lookups.
struct CopyAnalysis: Sendable {
    /// Nil when detection is off or the body has no words.
    let signature: CopySignature?
    /// The agency credited in a dateline, e.g. "AP".
    let wire: String?

    init(paragraphs: [String], detect: Bool) {
        signature = detect ? CopySignature(paragraphs: paragraphs) : nil
        wire = WireCredit.detect(paragraphs: paragraphs)
    }
}

/// Keeps the copy clusters up to date as articles are added and removed
/// (see `CopySchema`). Runs on the writer's connection, inside its transaction.
///
/// A new article is compared with every article it shares an LSH band with
/// (found in a `BandStore`, which keeps the index's band keys in bounded
/// memory and a scratch file);
/// each whose shingles' Jaccard similarity reaches `threshold` puts the new
/// article in its cluster, and when it matches articles of several clusters
/// those clusters become one (copies of copies belong together). Removing an
/// article takes it out of its cluster without splitting the rest: members
/// stay together even if the article that linked them is gone.
final class CopyDetector {
    let database: Database
    /// Nil: detection is off for this run; removals still keep clusters right.
    let threshold: Double?

    /// Band keys of the index's articles, gathered on the first new article
    /// of the run. Entries of articles rolled back meanwhile are harmless:
    /// every candidate is checked against its stored body.
    private var bands: BandStore?
    /// Articles this run may add, so the band store's table and filter are
    /// sized once: growing by doubling holds old and new storage at once.
    var expectedNewArticles = 0
    /// Keys the band store holds in memory before spilling to its scratch
    /// file; tests make it tiny to exercise spills and merges.
    var bandMemoryKeys = BandStore.defaultMemoryKeys

    init(database: Database, threshold: Double?) {
        self.database = database
        self.threshold = threshold
    }

    /// Records a just-inserted article (its row is already in `articles`).
    ///
    /// - Throws: `SQLiteError`, or the `ScratchFileError` of a band store run
    ///   that cannot be read back (a scratch file, not the index).
    func added(id: Int64, paragraphs: [String], analysis: CopyAnalysis?) throws {
        var clusters: Set<Int64> = []
        if let threshold, let signature = analysis?.signature {
            if bands == nil { bands = try loadBands() }
            let candidates = try bands?.candidates(signature.bandKeys) ?? []
            if !candidates.isEmpty {
                let shingles = ShingleSet(paragraphs: paragraphs)
                for candidate in candidates where candidate != id {
                    guard let body = try body(of: candidate),
                          shingles.jaccard(ShingleSet(body: body)) >= threshold else { continue }
                    clusters.insert(try clusterKey(of: candidate))
                }
            }
            let insert = try database.cached("INSERT OR REPLACE INTO copy_signatures(id, bands) VALUES (?1, ?2)")
            insert.bind(id, at: 1)
            insert.bind(blob: BandIndex.encode(signature.bandKeys), at: 2)
            defer { insert.reset() }
            while try insert.step() {}
            try bands?.insert(signature.bandKeys, id: id)
        }
        guard let first = clusters.min() else {
            if let wire = analysis?.wire {
                try database.cached("INSERT OR REPLACE INTO copy_members(id, cluster, wire) VALUES (?1, NULL, ?2)")
                    .run([.integer(Int(id)), .text(wire)])
            }
            return
        }
        // The cluster id is its earliest member's id, and ids follow dates.
        let target = min(first, id)
        try database.cached("INSERT OR REPLACE INTO copy_members(id, cluster, wire) VALUES (?1, ?2, ?3)")
            .run([.integer(Int(id)), .integer(Int(target)), analysis?.wire.map { .text($0) } ?? .null])
        for key in clusters {
            // A key is its cluster's earliest member, a live article; a lone article has no row yet.
            try attach(key, to: target)
            if key != target { try relabel(cluster: key, to: target) }
        }
        try recount(cluster: target)
    }

    /// Forgets an article about to be deleted.
    func removed(id: Int64) throws(SQLiteError) {
        let signature = try database.cached("SELECT bands FROM copy_signatures WHERE id = ?1")
        signature.bind(id, at: 1)
        let keys = try signature.step() ? BandIndex.decode(signature.blob(0)) : []
        signature.reset()
        if !keys.isEmpty {
            try database.cached("DELETE FROM copy_signatures WHERE id = ?1").run([.integer(Int(id))])
            bands?.remove(keys, id: id)
        }
        let select = try database.cached("SELECT cluster FROM copy_members WHERE id = ?1")
        select.bind(id, at: 1)
        let cluster: Int64? = try select.step() && !select.isNull(0) ? select.int64(0) : nil
        select.reset()
        try database.cached("DELETE FROM copy_members WHERE id = ?1").run([.integer(Int(id))])
        guard let cluster else { return }
        let remaining = try members(of: cluster)
        if remaining.count <= 1 {
            try database.cached("DELETE FROM copy_clusters WHERE id = ?1").run([.integer(Int(cluster))])
            if let last = remaining.first { try dissolve(last) }
            return
        }
        if let earliest = remaining.first, earliest != cluster {
            // The original is gone: the earliest remaining member takes over.
            try relabel(cluster: cluster, to: earliest)
            try recount(cluster: earliest)
        } else {
            try recount(cluster: cluster)
        }
    }

    // MARK: Helpers

    /// Streams the stored band keys into a new store, which spills them as
    /// its table fills.
    private func loadBands() throws -> BandStore {
        let count = try database.scalarInt("SELECT count(*) FROM copy_signatures") ?? 0
        let store = BandStore(memoryKeys: bandMemoryKeys,
                              expectedKeys: (count + expectedNewArticles) * CopySignature.bands,
                              scratchFolders: ScratchFile.folders(besideDatabaseAt: database.path))
        let select = try database.prepare("SELECT id, bands FROM copy_signatures")
        while try select.step() {
            let keys = BandIndex.decode(select.blob(1))
            let id = select.int64(0)
            try store.insert(keys, id: id, merging: false)
        }
        return store
    }

    private func body(of id: Int64) throws(SQLiteError) -> String? {
        let select = try database.cached("SELECT body FROM articles WHERE id = ?1")
        defer { select.reset() }
        select.bind(id, at: 1)
        return try select.step() ? select.string(0) : nil
    }

    private func clusterKey(of id: Int64) throws(SQLiteError) -> Int64 {
        let select = try database.cached("SELECT cluster FROM copy_members WHERE id = ?1")
        defer { select.reset() }
        select.bind(id, at: 1)
        return try select.step() && !select.isNull(0) ? select.int64(0) : id
    }

    /// Member ids of a multi-member cluster, earliest first.
    private func members(of cluster: Int64) throws(SQLiteError) -> [Int64] {
        let select = try database.cached("SELECT id FROM copy_members WHERE cluster = ?1 ORDER BY id")
        defer { select.reset() }
        select.bind(cluster, at: 1)
        var ids: [Int64] = []
        while try select.step() { ids.append(select.int64(0)) }
        return ids
    }

    /// Puts one article in `target`, creating its row when it had none.
    private func attach(_ id: Int64, to target: Int64) throws(SQLiteError) {
        try database.cached("""
            INSERT INTO copy_members(id, cluster, wire) VALUES (?1, ?2, NULL)
            ON CONFLICT(id) DO UPDATE SET cluster = ?2
            """).run([.integer(Int(id)), .integer(Int(target))])
    }

    /// Moves every member of a multi-member `cluster` into `target`.
    private func relabel(cluster: Int64, to target: Int64) throws(SQLiteError) {
        try database.cached("UPDATE copy_members SET cluster = ?2 WHERE cluster = ?1")
            .run([.integer(Int(cluster)), .integer(Int(target))])
        try database.cached("DELETE FROM copy_clusters WHERE id = ?1").run([.integer(Int(cluster))])
    }

    /// The last member of a cluster becomes an article without copies.
    private func dissolve(_ id: Int64) throws(SQLiteError) {
        try database.cached("UPDATE copy_members SET cluster = NULL WHERE id = ?1").run([.integer(Int(id))])
        try database.cached("DELETE FROM copy_members WHERE id = ?1 AND wire IS NULL").run([.integer(Int(id))])
    }

    private func recount(cluster: Int64) throws(SQLiteError) {
        // Counted, then written as one row: an INSERT … SELECT opens a statement
        // savepoint, and a savepoint makes FTS5 write out its pending terms as
        // a segment of their own.
        let count = try database.cached("""
            SELECT count(*), count(DISTINCT a.source_id)
            FROM copy_members c JOIN article_sources a ON a.id = c.id WHERE c.cluster = ?1
            """)
        count.bind(cluster, at: 1)
        let totals = try count.step() ? (size: count.int(0), sources: count.int(1)) : (size: 0, sources: 0)
        count.reset()
        try database.cached("INSERT OR REPLACE INTO copy_clusters(id, size, sources) VALUES (?1, ?2, ?3)")
            .run([.integer(Int(cluster)), .integer(totals.size), .integer(totals.sources)])
    }
}
