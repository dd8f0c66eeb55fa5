import CSQLite
import Glibc

/// `gazette_bm25(fts, k1, b, titleWeight, bodyWeight, phraseWeights)`: FTS5's
/// own `bm25()` with its constants as arguments and a weight per query phrase.
///
/// It is a line-for-line port of SQLite's `fts5Bm25Function`: per phrase the
/// column-weighted term frequency, the whole row's length against the table's
/// average, and `idf = ln((N - n + 0.5) / (n + 0.5))` (1e-6 when not positive).
/// With `k1 = 1.2`, `b = 0.75` and every phrase weight 1 it returns exactly
/// what `-bm25(fts, titleWeight, bodyWeight)` does, negated back: **higher is
/// better**. `phraseWeights` is text, comma-separated, one number per phrase
/// of the MATCH expression in the order they appear; missing ones are 1.
///
/// Query expansion scores its expanded query with it, and `gazette evaluate`
/// sweeps k1 and b with it, so neither needs a second copy of the texts.
enum WeightedBM25 {
    static let name = "gazette_bm25"

    static func register(on database: Database) throws(SQLiteError) {
        guard let api = try FTS5API.fetch(database) else {
            throw SQLiteError(code: SQLITE_ERROR, message: "this SQLite library was built without FTS5")
        }
        guard let create = api.pointee.xCreateFunction else {
            throw SQLiteError(code: SQLITE_ERROR, message: "FTS5 offers no xCreateFunction")
        }
        let rc = create(api, name, nil, weightedBM25Function, nil)
        guard rc == SQLITE_OK else { throw SQLiteError(code: rc, connection: database.handle) }
    }
}

/// Fetches a connection's `fts5_api` through `SELECT fts5(?1)`. The bind and
/// the step happen inside the pointer scopes: FTS5 writes through the pointer
/// and checks the type string during the step.
enum FTS5API {
    static func fetch(_ database: Database) throws(SQLiteError) -> UnsafeMutablePointer<fts5_api>? {
        let statement = try database.prepare("SELECT fts5(?1)")
        var api: UnsafeMutablePointer<fts5_api>?
        let rc: Int32 = withUnsafeMutablePointer(to: &api) { slot in
            "fts5_api_ptr".withCString { type in
                sqlite3_bind_pointer(statement.handle, 1, slot, type, nil)
                return sqlite3_step(statement.handle)
            }
        }
        sqlite3_reset(statement.handle)
        guard rc == SQLITE_ROW || rc == SQLITE_DONE else {
            throw SQLiteError(code: rc, connection: database.handle, sql: statement.sql)
        }
        return api
    }
}

/// Per-query data, computed on the first row and kept with FTS5's auxdata.
private final class BM25QueryData {
    var idf: [Double] = []
    var weights: [Double] = []
    /// The text `weights` was read from: two calls in one statement may weigh differently.
    var weightsText = ""
    var frequencies: [Double] = []
    var averageLength = 1.0

    /// Reads comma-separated weights, one per phrase; missing or unreadable ones are 1.
    func setWeights(_ text: String) {
        let given = text.split(separator: ",").map { Double(String($0.filter { $0 != " " })) ?? 1 }
        weights = (0..<frequencies.count).map { $0 < given.count ? given[$0] : 1 }
        weightsText = text
    }
}

private func releaseQueryData(_ pointer: UnsafeMutableRawPointer?) {
    guard let pointer else { return }
    Unmanaged<BM25QueryData>.fromOpaque(pointer).release()
}

private func countRow(_ api: UnsafePointer<Fts5ExtensionApi>?, _ context: OpaquePointer?,
                      _ user: UnsafeMutableRawPointer?) -> Int32 {
    user?.assumingMemoryBound(to: Int64.self).pointee += 1
    return SQLITE_OK
}

private func queryData(_ api: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer,
                       weightsText: String) -> BM25QueryData? {
    if let cached = api.pointee.xGetAuxdata?(fts, 0) {
        let data = Unmanaged<BM25QueryData>.fromOpaque(cached).takeUnretainedValue()
        if data.weightsText != weightsText { data.setWeights(weightsText) }
        return data
    }
    guard let phraseCount = api.pointee.xPhraseCount?(fts), phraseCount >= 0 else { return nil }
    let data = BM25QueryData()
    var rows: Int64 = 0
    var tokens: Int64 = 0
    guard api.pointee.xRowCount?(fts, &rows) == SQLITE_OK,
          api.pointee.xColumnTotalSize?(fts, -1, &tokens) == SQLITE_OK else { return nil }
    data.averageLength = rows > 0 ? Double(tokens) / Double(rows) : 1
    if data.averageLength <= 0 { data.averageLength = 1 }
    for phrase in 0..<phraseCount {
        var hits: Int64 = 0
        guard api.pointee.xQueryPhrase?(fts, phrase, &hits, countRow) == SQLITE_OK else { return nil }
        let idf = log((Double(rows) - Double(hits) + 0.5) / (Double(hits) + 0.5))
        data.idf.append(idf <= 0 ? 1e-6 : idf)
    }
    data.frequencies = Array(repeating: 0, count: Int(phraseCount))
    data.setWeights(weightsText)
    let retained = Unmanaged.passRetained(data).toOpaque()
    guard api.pointee.xSetAuxdata?(fts, retained, releaseQueryData) == SQLITE_OK else { return nil }
    return data
}

private func weightedBM25Function(
    _ api: UnsafePointer<Fts5ExtensionApi>?, _ fts: OpaquePointer?, _ context: OpaquePointer?,
    _ argumentCount: Int32, _ arguments: UnsafeMutablePointer<OpaquePointer?>?
) {
    guard let api, let fts, let arguments, argumentCount >= 4 else {
        sqlite3_result_error(context, "gazette_bm25(fts, k1, b, title weight, body weight[, phrase weights])", -1)
        return
    }
    let k1 = sqlite3_value_double(arguments[0])
    let b = sqlite3_value_double(arguments[1])
    let columnWeights = [sqlite3_value_double(arguments[2]), sqlite3_value_double(arguments[3])]
    var weightsText = ""
    if argumentCount >= 5, let text = sqlite3_value_text(arguments[4]) {
        weightsText = String(cString: text)
    }
    guard let data = queryData(api, fts, weightsText: weightsText) else {
        sqlite3_result_error(context, "gazette_bm25: cannot read the query's statistics", -1)
        return
    }
    for index in data.frequencies.indices { data.frequencies[index] = 0 }
    var instances: Int32 = 0
    guard api.pointee.xInstCount?(fts, &instances) == SQLITE_OK else {
        sqlite3_result_error_code(context, SQLITE_ERROR)
        return
    }
    for instance in 0..<instances {
        var phrase: Int32 = 0
        var column: Int32 = 0
        var offset: Int32 = 0
        guard api.pointee.xInst?(fts, instance, &phrase, &column, &offset) == SQLITE_OK else { continue }
        guard Int(phrase) < data.frequencies.count else { continue }
        data.frequencies[Int(phrase)] += Int(column) < columnWeights.count ? columnWeights[Int(column)] : 1
    }
    var length: Int32 = 0
    _ = api.pointee.xColumnSize?(fts, -1, &length)
    let norm = k1 * (1 - b + b * Double(length) / data.averageLength)
    var score = 0.0
    for phrase in data.frequencies.indices {
        let frequency = data.frequencies[phrase]
        // Associated as in SQLite, so weight 1 reproduces bm25() to the last bit.
        score += data.weights[phrase] * (data.idf[phrase] * ((frequency * (k1 + 1)) / (frequency + norm)))
    }
    sqlite3_result_double(context, score)
}
