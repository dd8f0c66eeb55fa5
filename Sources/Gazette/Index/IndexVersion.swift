/// Tells whether an index changed since a cache was filled: another
/// connection's commits move `data_version`, this connection's own writes
/// move `total_changes()`.
struct IndexVersion: Equatable {
    let dataVersion: Int
    let ownChanges: Int

    init(_ database: Database) throws(SQLiteError) {
        dataVersion = try database.scalarInt("PRAGMA data_version") ?? 0
        ownChanges = try database.scalarInt("SELECT total_changes()") ?? 0
    }
}
