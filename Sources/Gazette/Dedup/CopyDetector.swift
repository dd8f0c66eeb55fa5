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
/// A new article is compared with every article it shares an LSH band with;
/// each whose shingles' Jaccard similarity reaches `threshold` puts the new
/// article in its cluster, and when it matches articles of several clusters
/// those clusters become one (copies of copies belong together). Removing an
/// article takes it out of its cluster without splitting the rest: members
/// stay together even if the article that linked them is gone.
final class CopyDetector {
    let database: Database
    /// Nil: detection is off for this run; removals still keep clusters right.
    let threshold: Double?

    /// Band rows not yet written, by key: written sorted in one batch before each
    /// commit (`flush`), because 12 inserts at random places in a large b-tree per
    /// article cost more than the rest of detection together.
    private var pendingRows: [(key: Int, id: Int64)] = []
    /// Pending article by band key; a key shared within the batch (a likely copy)
    /// keeps its other articles in `pendingShared`. Flat values, no array per key,
    /// keep this cheap for the writer thread.
    private var pendingFirst: [Int: Int64] = [:]
    private var pendingShared: [Int: [Int64]] = [:]
    private static let maxPendingRows = 1_200_000

    init(database: Database, threshold: Double?) {
        self.database = database
        self.threshold = threshold
    }

    /// Writes the pending band rows; called before every commit.
    func flush() throws(SQLiteError) {
        guard !pendingRows.isEmpty else { return }
        let insert = try database.cached("INSERT OR IGNORE INTO copy_bands(band, id) VALUES (?1, ?2)")
        pendingRows.sort { ($0.key, $0.id) < ($1.key, $1.id) }
        for row in pendingRows {
            insert.bind(row.key, at: 1)
            insert.bind(row.id, at: 2)
            defer { insert.reset() }
            while try insert.step() {}
        }
        discardPending()
    }

    /// Forgets pending rows (after a rollback).
    func discardPending() {
        pendingRows.removeAll(keepingCapacity: true)
        pendingFirst.removeAll(keepingCapacity: true)
        pendingShared.removeAll()
    }

    private static let lookupSQL = "SELECT DISTINCT id FROM copy_bands WHERE band IN ("
        + Array(repeating: "?", count: CopySignature.bands).joined(separator: ",") + ")"

    /// Records a just-inserted article (its row is already in `articles`).
    func added(id: Int64, paragraphs: [String], analysis: CopyAnalysis?) throws(SQLiteError) {
        var clusters: Set<Int64> = []
        if let threshold, let signature = analysis?.signature {
            let lookup = try database.cached(CopyDetector.lookupSQL)
            lookup.bind(signature.bandKeys.map { .integer($0) })
            var candidates: [Int64] = []
            while try lookup.step() { candidates.append(lookup.int64(0)) }
            lookup.reset()
            for key in signature.bandKeys {
                guard let other = pendingFirst[key] else { continue }
                for id in [other] + (pendingShared[key] ?? []) where !candidates.contains(id) { candidates.append(id) }
            }
            if !candidates.isEmpty {
                let shingles = ShingleSet(paragraphs: paragraphs)
                for candidate in candidates where candidate != id {
                    guard let body = try body(of: candidate),
                          shingles.jaccard(ShingleSet(body: body)) >= threshold else { continue }
                    clusters.insert(try clusterKey(of: candidate))
                }
            }
            for key in signature.bandKeys {
                pendingRows.append((key, id))
                if let displaced = pendingFirst.updateValue(id, forKey: key) {
                    // Keep every article of a shared key: the displaced one moves aside.
                    pendingShared[key, default: []].append(displaced)
                }
            }
            // A huge --commit-every must not hold millions of rows in memory.
            if pendingRows.count >= CopyDetector.maxPendingRows { try flush() }
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

    /// Forgets an article about to be deleted; `body` is its stored body.
    func removed(id: Int64, body: String) throws(SQLiteError) {
        let paragraphs = body.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if let signature = CopySignature(paragraphs: paragraphs) {
            let delete = try database.cached("DELETE FROM copy_bands WHERE band = ?1 AND id = ?2")
            for key in signature.bandKeys {
                try delete.run([.integer(key), .integer(Int(id))])
            }
            if !pendingRows.isEmpty { forgetPending(id, keys: signature.bandKeys) }
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

    private func forgetPending(_ id: Int64, keys: [Int]) {
        pendingRows.removeAll { $0.id == id }
        for key in keys {
            var shared = pendingShared[key] ?? []
            shared.removeAll { $0 == id }
            if pendingFirst[key] == id {
                if let next = shared.popLast() { pendingFirst[key] = next } else { pendingFirst[key] = nil }
            }
            pendingShared[key] = shared.isEmpty ? nil : shared
        }
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
        try database.cached("""
            INSERT OR REPLACE INTO copy_clusters(id, size, sources)
            SELECT ?1, count(*), count(DISTINCT a.source_id)
            FROM copy_members c JOIN articles a ON a.id = c.id WHERE c.cluster = ?1
            """).run([.integer(Int(cluster))])
    }
}
