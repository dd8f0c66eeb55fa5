/// Tables of syndicated-copy detection (part of `Schema.create`).
///
/// - `copy_signatures`: the LSH band keys of every article indexed with
///   detection on (12 × 4 bytes); an article whose body shares a key with a new
///   one is a candidate copy. Read into a `BandStore` while indexing: a
///   bounded table in memory, sorted runs in an unlinked scratch file beside
///   the index, and a Bloom filter of about 15 bytes an article.
/// - `copy_members`: articles that belong to a cluster of two or more, or that
///   carry a wire credit. `cluster` is the cluster's id, which is always the id
///   of its original (earliest date, then earliest id); NULL for an article with
///   no copies. An article without a row is a cluster of one, identified by
///   its own id: `coalesce(cluster, id)` is every article's cluster key.
/// - `copy_clusters`: one row per cluster of two or more: its size and its
///   number of distinct sources. Clusters of one have no row.
///
/// Only multi-member clusters and credited articles get member rows, so
/// detection costs an ordinary article one appended signature row.
enum CopySchema {
    static let create = """
        CREATE TABLE copy_signatures(
            id INTEGER PRIMARY KEY,
            bands BLOB NOT NULL
        );
        CREATE TABLE copy_members(
            id INTEGER PRIMARY KEY,
            cluster INTEGER,
            wire TEXT
        );
        CREATE INDEX copy_members_by_cluster ON copy_members(cluster) WHERE cluster IS NOT NULL;
        CREATE TABLE copy_clusters(
            id INTEGER PRIMARY KEY,
            size INTEGER NOT NULL,
            sources INTEGER NOT NULL
        );
        """

    /// The meta key holding the threshold of the last run with detection on.
    static let thresholdKey = "copy_threshold"
}
