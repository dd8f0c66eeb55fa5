/// The two collection statistics FTS5's `bm25()` uses, read from the index
/// itself instead of from inside a full-text query: the number of rows and
/// the tokens in each column.
///
/// FTS5 keeps them in its "averages" record, row 1 of `%_data`: a varint
/// row count, then one varint per column (fts5_index.c,
/// `sqlite3Fts5IndexGetAverages`; SQLite's own varint format). These are the
/// values `xRowCount` and `xColumnTotalSize` return, which a test checks.
struct FullTextTotals: Equatable {
    let rows: Int64
    let columnTokens: [Int64]
    var tokens: Int64 { columnTokens.reduce(0, &+) }

    static let averagesRowID: Int64 = 1

    /// The totals of the full-text table `fts`; zero rows when it has none yet.
    static func read(_ database: Database) throws(SQLiteError) -> FullTextTotals {
        let select = try database.cached("SELECT block FROM fts_data WHERE id = ?1")
        defer { select.reset() }
        select.bind(averagesRowID, at: 1)
        guard try select.step() else { return FullTextTotals(rows: 0, columnTokens: []) }
        let values = varints(select.blob(0))
        guard let rows = values.first else { return FullTextTotals(rows: 0, columnTokens: []) }
        return FullTextTotals(rows: rows, columnTokens: Array(values.dropFirst()))
    }

    /// Decodes SQLite varints (`SQLiteVarints`).
    static func varints(_ bytes: [UInt8]) -> [Int64] {
        var values: [Int64] = []
        SQLiteVarints.forEach(in: bytes) { values.append($0) }
        return values
    }
}

/// SQLite's varint format, as FTS5's `%_data` averages record and `%_docsize` rows store numbers.
enum SQLiteVarints {
    /// Calls `body` with each varint of `bytes`: 7 bits a byte, most significant first, the
    /// ninth byte giving all 8 of its bits.
    static func forEach(in bytes: [UInt8], _ body: (Int64) -> Void) {
        var index = 0
        while index < bytes.count {
            var value: UInt64 = 0
            var used = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                used += 1
                if used == 9 {
                    value = (value << 8) | UInt64(byte)
                    break
                }
                value = (value << 7) | UInt64(byte & 0x7F)
                if byte & 0x80 == 0 { break }
            }
            body(Int64(bitPattern: value))
        }
    }
}
