/// One article of a copy cluster, as `gazette copies` lists it.
public struct CopyMember: Sendable, Equatable {
    public let id: Int64
    public let date: Day
    public let source: String
    public let url: String
    public let title: String
    public let path: String
    /// The agency credited in the dateline, if any.
    public let wire: String?
    /// Jaccard similarity of this body's shingles with the article asked about (1 for itself).
    public let similarity: Double
}

/// The copy cluster of one article: who ran the story, and when.
public struct CopyCluster: Sendable, Equatable {
    /// The article asked about.
    public let article: Int64
    /// The cluster's id, which is its original's article id.
    public let id: Int64
    /// Members, earliest first: the first one is the original.
    public let members: [CopyMember]

    public var original: CopyMember? { members.first }
    public var size: Int { members.count }
    /// Distinct sources among the members.
    public var sources: Int { Set(members.map(\.source)).count }
}

/// Whole-index numbers of copy detection, for `gazette stats`.
public struct CopyStatistics: Sendable, Equatable {
    /// Clusters of two or more articles.
    public let clusters: Int
    /// Articles in those clusters.
    public let clusteredArticles: Int
    /// Articles counted once per cluster.
    public let distinctArticles: Int
    /// Articles with a wire credit.
    public let wireCredited: Int
}

extension GazetteIndex {
    /// The cluster of the article given by URL or by numeric id; nil when
    /// neither names an article of the index.
    public func copies(of reference: String) throws(GazetteError) -> CopyCluster? {
        try wrap {
            guard let id = try articleID(reference) else { return nil }
            let key = try database.scalarInt("SELECT cluster FROM copy_members WHERE id = ?1", [.integer(Int(id))])
            let ids: [Int64]
            if let key {
                let select = try database.cached("SELECT id FROM copy_members WHERE cluster = ?1 ORDER BY id")
                defer { select.reset() }
                select.bind(key, at: 1)
                var found: [Int64] = []
                while try select.step() { found.append(select.int64(0)) }
                ids = found
            } else {
                ids = [id]
            }
            var members: [CopyMember] = []
            var asked: ShingleSet?
            let details = try database.cached("""
                SELECT a.url, a.title, a.path, s.host, a.body, cm.wire FROM articles a
                JOIN sources s ON s.id = a.source_id LEFT JOIN copy_members cm ON cm.id = a.id WHERE a.id = ?1
                """)
            var bodies: [(Int64, ShingleSet)] = []
            for member in ids {
                details.bind(member, at: 1)
                defer { details.reset() }
                guard try details.step() else { continue }
                let shingles = ShingleSet(body: details.string(4))
                if member == id { asked = shingles }
                bodies.append((member, shingles))
                members.append(CopyMember(id: member, date: ArticleID.day(of: member), source: details.string(3),
                                          url: details.string(0), title: details.string(1), path: details.string(2),
                                          wire: details.optionalString(5), similarity: 0))
            }
            let reference = asked ?? ShingleSet(paragraphs: [])
            members = zip(members, bodies).map { member, body in
                CopyMember(id: member.id, date: member.date, source: member.source, url: member.url,
                           title: member.title, path: member.path, wire: member.wire,
                           similarity: member.id == id ? 1 : reference.jaccard(body.1))
            }
            return CopyCluster(article: id, id: key.map(Int64.init) ?? id, members: members)
        }
    }

    /// Cluster counts over the whole index.
    public func copyStatistics() throws(GazetteError) -> CopyStatistics {
        try wrap {
            let clusters = try database.scalarInt("SELECT count(*) FROM copy_clusters") ?? 0
            let clustered = try database.scalarInt("SELECT coalesce(sum(size), 0) FROM copy_clusters") ?? 0
            let articles = try database.scalarInt("SELECT count(*) FROM articles") ?? 0
            let wires = try database.scalarInt("SELECT count(*) FROM copy_members WHERE wire IS NOT NULL") ?? 0
            return CopyStatistics(clusters: clusters, clusteredArticles: clustered,
                                  distinctArticles: articles - clustered + clusters, wireCredited: wires)
        }
    }

    /// What `gazette verify` finds wrong with the copy tables: rows of
    /// articles that are gone, clusters not named after their earliest
    /// member, recorded sizes or source counts that disagree with the members.
    func copyClusterProblems() throws(SQLiteError) -> [String] {
        var problems: [String] = []
        let orphans = try database.scalarInt(
            "SELECT count(*) FROM copy_members WHERE id NOT IN (SELECT id FROM articles)") ?? 0
        if orphans > 0 { problems.append("\(orphans) copy-cluster rows belong to no article") }
        let select = try database.prepare("""
            SELECT m.cluster, min(m.id), count(*), count(DISTINCT a.source_id), c.size, c.sources
            FROM copy_members m JOIN articles a ON a.id = m.id LEFT JOIN copy_clusters c ON c.id = m.cluster
            WHERE m.cluster IS NOT NULL GROUP BY m.cluster
            """)
        while try select.step(), problems.count < GazetteIndex.verifyProblemLimit {
            let cluster = select.int64(0)
            if select.int64(1) != cluster {
                problems.append("copy cluster \(cluster) is not named after its earliest article \(select.int64(1))")
            }
            if select.isNull(4) || select.int(2) != select.int(4) || select.int(3) != select.int(5) {
                problems.append("copy cluster \(cluster) has \(select.int(2)) articles in \(select.int(3)) sources, "
                                + "but records \(select.isNull(4) ? "none" : "\(select.int(4)) in \(select.int(5))")")
            }
        }
        let stale = try database.scalarInt(
            "SELECT count(*) FROM copy_clusters WHERE id NOT IN (SELECT cluster FROM copy_members WHERE cluster IS NOT NULL)") ?? 0
        if stale > 0 { problems.append("\(stale) copy clusters have no members") }
        return problems
    }

    /// An article id from a URL, or from a number that is an article's id.
    func articleID(_ reference: String) throws -> Int64? {
        if let byURL = try database.scalarInt("SELECT id FROM articles WHERE url = ?1", [.text(reference)]) {
            return Int64(byURL)
        }
        if let number = Int64(reference),
           let byID = try database.scalarInt("SELECT id FROM articles WHERE id = ?1", [.integer(Int(number))]) {
            return Int64(byID)
        }
        return nil
    }
}
