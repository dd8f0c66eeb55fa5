import CSQLite

/// Everything one pass over a full-text query's matches tells a ranking
/// function, gathered by the FTS5 auxiliary function `gazette_matches`.
///
/// FTS5's `bm25()` reads each match's document size from the `%_docsize`
/// table, one B-tree lookup per match (about 1.2 µs of the 1.7 µs a match
/// costs). This pass reads only what the postings hold, each match's phrase
/// instances per column, plus the same collection statistics `bm25()` uses, so
/// the ranking can be computed outside SQLite from a narrow table of sizes.
///
/// Two ways to walk the matches:
/// - `perRow`: the statement's own rows. Any FTS5 expression (AND, OR, NOT,
///   NEAR, phrases), at the cost of one SQLite row per match.
/// - `phrasePostings`: for an expression that is one phrase, the first row
///   walks the phrase's rows with `xQueryPhrase`: about three times cheaper
///   per match, and `bm25()` walks the same rows anyway to count them for the
///   IDF. Rows outside `rowidRange` are counted but not kept. For a phrase of
///   several words the statement's own rows come first (`rowsBeforeWalk`):
///   see `init`. (Walking every
///   phrase of an AND and intersecting here was tried: faster for two very
///   common words, no clear win against FTS5's own AND, which skips through the
///   longer lists, on typical two- and three-word queries.)
public final class FullTextMatches {
    public enum Walk: Sendable {
        case perRow
        case phrasePostings
        /// Filled from a frequent term's document list (`fill`), not by FTS5.
        case termDocs
    }

    public let walk: Walk
    /// Rows kept in `phrasePostings` walks (per-row walks get their range from SQL).
    public let rowidRange: ClosedRange<Int64>
    /// Rows of the whole table already known to hold each phrase (nil: count them).
    /// A per-row walk otherwise walks every phrase's postings once for its IDF;
    /// query expansion knows its phrases' counts from the first pass and its term statistics.
    public let knownPhraseRows: [Int64?]
    /// In a phrase-postings walk of a phrase of several words, how many of the
    /// statement's own rows are kept before the rest are walked with `xQueryPhrase`
    /// (0: walk them all at the first row).
    public let rowsBeforeWalk: Int
    /// Set once every match and count is in, so the statement need not be stepped further.
    public private(set) var isComplete = false
    /// Rows of a several-word phrase taken from the statement so far (`rowsBeforeWalk`), and the last one's id.
    private var rowByRow = false
    private var rowsTaken = 0
    private var lastRowTaken = Int64.min

    /// Rows in the table and tokens in all its columns: `bm25()`'s N and avgdl.
    public private(set) var rowCount: Int64 = 0
    public private(set) var totalTokens: Int64 = 0
    /// Rows of the whole table containing each phrase: `bm25()`'s nHit.
    public private(set) var phraseRows: [Int64] = []
    public private(set) var columnCount = 0
    /// Postings read: every phrase row walked, or every matching row.
    public private(set) var postingsRead = 0
    /// The SQLite result code of a failed API call inside the pass.
    var failure: Int32 = SQLITE_OK
    private var started = false
    /// Per-match storage behind a pointer: the per-row callback appends through
    /// it without the dynamic exclusivity checks a class's array properties cost
    /// (a quarter of a common word's pass when they were properties).
    private let storage = UnsafeMutablePointer<MatchStorage>.allocate(capacity: 1)

    /// `reusing` hands over the arrays of an earlier pass, so a searcher's
    /// passes reuse their memory instead of faulting fresh pages in each time.
    ///
    /// `rowsBeforeWalk` (phrase-postings walks only; the statement must then match
    /// every row of the table, the range being applied here): a phrase of several
    /// words costs FTS5 a walk through each word's positions, and the statement that
    /// leads to the first row has already done that walk up to the first match. When
    /// a phrase matches few rows (the usual case for several words), taking them from
    /// the statement itself walks the phrase once instead of nearly twice; after
    /// `rowsBeforeWalk` rows the rest come from `xQueryPhrase`, so a phrase with many
    /// matches pays the row-by-row cost only for those first rows.
    public init(walk: Walk, rowidRange: ClosedRange<Int64> = Int64.min...Int64.max, reusing: MatchStorage? = nil,
                knownPhraseRows: [Int64?] = [], rowsBeforeWalk: Int = 0) {
        self.walk = walk
        self.rowidRange = rowidRange
        self.knownPhraseRows = knownPhraseRows
        self.rowsBeforeWalk = walk == .phrasePostings ? max(0, rowsBeforeWalk) : 0
        var fresh = reusing ?? MatchStorage()
        fresh.removeAll()
        storage.initialize(to: fresh)
    }

    /// Gives the arrays back for the next pass; this collector is empty afterwards.
    public func recycle() -> MatchStorage {
        var taken = MatchStorage()
        swap(&taken, &storage.pointee)
        return taken
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    public var phraseCount: Int { phraseRows.count }
    /// Kept matches.
    public var count: Int { storage.pointee.rowids.count }
    /// The kept matches in rowid order.
    public var rowids: [Int64] { storage.pointee.rowids }
    /// Instances per match, phrase and column: `instances[(match * phrases + phrase) * columns + column]`.
    public var instances: [UInt32] { storage.pointee.instances }

    /// Takes a one-phrase pass gathered outside FTS5: the same statistics
    /// `start` reads, and `add` then appends the matches in rowid order.
    func fill(rowCount: Int64, totalTokens: Int64, columns: Int, phraseRows: [Int64]) {
        started = true
        isComplete = true
        self.rowCount = rowCount
        self.totalTokens = totalTokens
        columnCount = columns
        self.phraseRows = phraseRows
        postingsRead = 0
    }

    /// Appends up to `room` matches of a filled pass at once: `write` gets room
    /// for that many rowids and for their instances (`phrases` × `columnCount`
    /// per match) and returns how many matches it wrote. Cheaper than `add` per
    /// match, which checked each array's uniqueness and capacity three times a match.
    func appendMatches(room: Int, phrases: Int = 1,
                       _ write: (UnsafeMutableBufferPointer<Int64>, UnsafeMutableBufferPointer<UInt32>) throws -> Int) rethrows {
        let room = max(0, room)
        let columns = max(1, columnCount) * max(1, phrases)
        let firstRow = storage.pointee.rowids.count
        let firstInstance = storage.pointee.instances.count
        storage.pointee.rowids.append(contentsOf: repeatElement(0, count: room))
        storage.pointee.instances.append(contentsOf: repeatElement(0, count: room * columns))
        var written = 0
        defer {
            storage.pointee.rowids.removeLast(room - written)
            storage.pointee.instances.removeLast((room - written) * columns)
        }
        try storage.pointee.rowids.withUnsafeMutableBufferPointer { rowids in
            try storage.pointee.instances.withUnsafeMutableBufferPointer { instances in
                written = try write(UnsafeMutableBufferPointer(rebasing: rowids[firstRow...]),
                                    UnsafeMutableBufferPointer(rebasing: instances[firstInstance...]))
            }
        }
        written = min(max(0, written), room)
    }

    /// Appends one match of a filled pass: its rowid, then its instances per
    /// phrase and column with `instance`.
    @inline(__always)
    func add(rowid: Int64) { storage.pointee.rowids.append(rowid) }

    @inline(__always)
    func add(instances: UInt32) { storage.pointee.instances.append(instances) }

    /// Counts postings a filled pass read.
    func read(postings: Int) { postingsRead &+= postings }

    /// Reads the collection statistics, and for a phrase-postings walk every match, on the first row.
    fileprivate func start(_ api: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer) -> Int32 {
        started = true
        var rows: sqlite3_int64 = 0
        var tokens: sqlite3_int64 = 0
        guard let rowCountOf = api.pointee.xRowCount, let totalSizeOf = api.pointee.xColumnTotalSize,
              let phraseCountOf = api.pointee.xPhraseCount, let columnCountOf = api.pointee.xColumnCount,
              let queryPhrase = api.pointee.xQueryPhrase, let phraseSizeOf = api.pointee.xPhraseSize else { return SQLITE_MISUSE }
        var rc = rowCountOf(fts, &rows)
        if rc == SQLITE_OK { rc = totalSizeOf(fts, -1, &tokens) }
        guard rc == SQLITE_OK else { return rc }
        rowCount = rows
        totalTokens = tokens
        columnCount = Int(columnCountOf(fts))
        let phrases = Int(phraseCountOf(fts))
        phraseRows = Array(repeating: 0, count: phrases)
        if walk == .phrasePostings, rowsBeforeWalk > 0, phrases == 1, phraseSizeOf(fts, 0) > 1 {
            // The phrase's rows come from the statement (`row`) until `rowsBeforeWalk`.
            rowByRow = true
            return SQLITE_OK
        }
        let me = Unmanaged.passUnretained(self).toOpaque()
        var lists: [PhraseList] = []
        for phrase in 0..<phrases {
            storage.pointee.phraseRows = 0
            if walk == .perRow, phrase < knownPhraseRows.count, let known = knownPhraseRows[phrase] {
                phraseRows[phrase] = known
                continue
            }
            if walk == .phrasePostings {
                storage.pointee.current = PhraseList()
                rc = queryPhrase(fts, Int32(phrase), me, keepPhraseRowCallback)
                lists.append(storage.pointee.current)
                storage.pointee.current = PhraseList()
            } else {
                rc = queryPhrase(fts, Int32(phrase), me, countPhraseRow)
            }
            guard rc == SQLITE_OK else { return rc }
            phraseRows[phrase] = Int64(storage.pointee.phraseRows)
        }
        if walk == .phrasePostings {
            postingsRead = phraseRows.reduce(0) { $0 + Int($1) }
            // The SQL only asks for this walk when the expression is one phrase.
            if let list = lists.first { storage.pointee.take(list) }
            isComplete = true
        }
        return SQLITE_OK
    }

    /// Keeps one row of a several-word phrase from the statement, or, past
    /// `rowsBeforeWalk` rows, walks the phrase for the rows after the last one taken.
    private func takePhraseRow(_ api: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer, rowid: Int64) -> Int32 {
        guard rowsTaken < rowsBeforeWalk else {
            guard let queryPhrase = api.pointee.xQueryPhrase else { return SQLITE_MISUSE }
            // The walk starts from the phrase's first row: every row counts for the IDF,
            // and the rows already taken are skipped.
            storage.pointee.phraseRows = 0
            let rc = queryPhrase(fts, 0, Unmanaged.passUnretained(self).toOpaque(), resumePhraseRowCallback)
            guard rc == SQLITE_OK else { return rc }
            phraseRows[0] = Int64(storage.pointee.phraseRows)
            postingsRead = storage.pointee.phraseRows
            isComplete = true
            return SQLITE_OK
        }
        rowsTaken += 1
        lastRowTaken = rowid
        guard rowidRange.contains(rowid) else { return SQLITE_OK }
        return appendPhraseInstances(api, fts, rowid: rowid)
    }

    /// Appends a row with its instances of phrase 0 per column.
    private func appendPhraseInstances(_ api: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer, rowid: Int64) -> Int32 {
        let columns = columnCount
        let base = storage.pointee.append(rowid: rowid, slots: columns)
        if columns == 2 {
            let counts = Self.countTitleAndBody(api, fts, phrase: 0)
            guard counts.rc == SQLITE_OK else { return counts.rc }
            storage.pointee.set(counts.title, counts.body, at: base)
            return SQLITE_OK
        }
        return Self.forEachColumn(api, fts, phrase: 0) { column in
            if column < columns { storage.pointee.instances[base + column] &+= 1 }
        }
    }

    /// A phrase's instances in the title and body columns of the current row, counted in
    /// locals: every store into a stored array checks its uniqueness, once per position.
    @inline(__always)
    private static func countTitleAndBody(
        _ api: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer, phrase: Int32
    ) -> (rc: Int32, title: UInt32, body: UInt32) {
        guard let first = api.pointee.xPhraseFirst, let next = api.pointee.xPhraseNext else {
            return (SQLITE_MISUSE, 0, 0)
        }
        var iterator = Fts5PhraseIter()
        var column: Int32 = 0
        var offset: Int32 = 0
        let rc = first(fts, phrase, &iterator, &column, &offset)
        guard rc == SQLITE_OK else { return (rc, 0, 0) }
        var title: UInt32 = 0
        var body: UInt32 = 0
        while column >= 0 {
            if column == 0 { title &+= 1 } else if column == 1 { body &+= 1 }
            next(fts, &iterator, &column, &offset)
        }
        return (SQLITE_OK, title, body)
    }

    /// Calls `body` with the column of each of a phrase's instances in the current row:
    /// the general path, for tables whose columns are not exactly title and body.
    @inline(__always)
    private static func forEachColumn(
        _ api: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer, phrase: Int32, _ body: (Int) -> Void
    ) -> Int32 {
        guard let first = api.pointee.xPhraseFirst, let next = api.pointee.xPhraseNext else { return SQLITE_MISUSE }
        var iterator = Fts5PhraseIter()
        var column: Int32 = 0
        var offset: Int32 = 0
        let rc = first(fts, phrase, &iterator, &column, &offset)
        guard rc == SQLITE_OK else { return rc }
        while column >= 0 {
            body(Int(column))
            next(fts, &iterator, &column, &offset)
        }
        return SQLITE_OK
    }

    /// One row of the walk that follows the rows taken from the statement.
    fileprivate func resumePhraseRow(_ api: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer) -> Int32 {
        guard let rowidOf = api.pointee.xRowid else { return SQLITE_MISUSE }
        storage.pointee.phraseRows &+= 1
        let rowid = rowidOf(fts)
        guard rowid > lastRowTaken, rowidRange.contains(rowid) else { return SQLITE_OK }
        return appendPhraseInstances(api, fts, rowid: rowid)
    }

    /// Ends a walk whose statement ran out of rows: for a phrase taken row by
    /// row, the rows taken are every row holding it (the statement matched the whole table).
    func finish() {
        guard rowByRow, !isComplete else { return }
        if !phraseRows.isEmpty { phraseRows[0] = Int64(rowsTaken) }
        postingsRead = rowsTaken
        isComplete = true
    }

    /// Appends one match's instance counts (per-row walks).
    fileprivate func keepRow(_ api: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer, rowid: Int64) -> Int32 {
        let columns = columnCount
        postingsRead += 1
        let base = storage.pointee.append(rowid: rowid, slots: phraseCount * columns)
        for phrase in 0..<phraseCount {
            let slot = base + phrase * columns
            if columns == 2 {
                let counts = Self.countTitleAndBody(api, fts, phrase: Int32(phrase))
                guard counts.rc == SQLITE_OK else { return counts.rc }
                storage.pointee.set(counts.title, counts.body, at: slot)
                continue
            }
            let rc = Self.forEachColumn(api, fts, phrase: Int32(phrase)) { column in
                if column < columns { storage.pointee.instances[slot + column] &+= 1 }
            }
            guard rc == SQLITE_OK else { return rc }
        }
        return SQLITE_OK
    }

    /// Appends one row of the phrase being walked (phrase-postings walks).
    fileprivate func keepPhraseRow(_ api: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer) -> Int32 {
        guard let rowidOf = api.pointee.xRowid else { return SQLITE_MISUSE }
        storage.pointee.phraseRows &+= 1
        let rowid = rowidOf(fts)
        guard rowidRange.contains(rowid) else { return SQLITE_OK }
        let columns = columnCount
        if columns == 2 {
            let counts = Self.countTitleAndBody(api, fts, phrase: 0)
            guard counts.rc == SQLITE_OK else { return counts.rc }
            storage.pointee.current.append(rowid: rowid, counts.title, counts.body)
            return SQLITE_OK
        }
        let base = storage.pointee.current.append(rowid: rowid, columns: columns)
        return Self.forEachColumn(api, fts, phrase: 0) { column in
            if column < columns { storage.pointee.current.counts[base + column] &+= 1 }
        }
    }

    fileprivate func countRow() { storage.pointee.phraseRows &+= 1 }

    fileprivate func row(_ api: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer) -> Int32 {
        if !started {
            let rc = start(api, fts)
            guard rc == SQLITE_OK else { return rc }
        }
        guard !isComplete else { return SQLITE_OK }
        guard walk == .perRow || rowByRow else { return SQLITE_OK }
        guard let rowidOf = api.pointee.xRowid else { return SQLITE_MISUSE }
        if rowByRow { return takePhraseRow(api, fts, rowid: rowidOf(fts)) }
        return keepRow(api, fts, rowid: rowidOf(fts))
    }
}

/// One phrase's rows in rowid order with their instances per column.
struct PhraseList {
    var rowids: [Int64] = []
    var counts: [UInt32] = []

    @inline(__always)
    mutating func append(rowid: Int64, _ title: UInt32, _ body: UInt32) {
        rowids.append(rowid)
        counts.append(title)
        counts.append(body)
    }

    @inline(__always)
    mutating func append(rowid: Int64, columns: Int) -> Int {
        rowids.append(rowid)
        let base = counts.count
        for _ in 0..<columns { counts.append(0) }
        return base
    }
}

/// The growing arrays of one pass.
public struct MatchStorage {
    var rowids: [Int64] = []
    var instances: [UInt32] = []
    /// The phrase being walked, and how many rows it has in the whole table.
    var current = PhraseList()
    var phraseRows = 0

    public init() {}

    mutating func removeAll() {
        rowids.removeAll(keepingCapacity: true)
        instances.removeAll(keepingCapacity: true)
        current.rowids.removeAll(keepingCapacity: true)
        current.counts.removeAll(keepingCapacity: true)
        phraseRows = 0
    }

    /// Adds a match with `slots` zeroed instance counts; returns where they start.
    @inline(__always)
    mutating func append(rowid: Int64, slots: Int) -> Int {
        rowids.append(rowid)
        let base = instances.count
        for _ in 0..<slots { instances.append(0) }
        return base
    }

    /// Sets a match's two columns' instance counts, from `slot` on.
    @inline(__always)
    mutating func set(_ title: UInt32, _ body: UInt32, at slot: Int) {
        instances.withUnsafeMutableBufferPointer { counts in
            counts[slot] = title
            counts[slot + 1] = body
        }
    }

    /// Takes the one walked phrase's rows as the matches.
    mutating func take(_ list: PhraseList) {
        rowids = list.rowids
        instances = list.counts
    }
}

/// Registers `gazette_matches(fts, collector)`, whose second argument is a
/// `FullTextMatches` bound with `Statement.bind(matches:at:)`.
enum FullTextMatchesRegistration {
    static let functionName = "gazette_matches"
    static let pointerType = "gazette_full_text_matches"

    static func register(_ api: UnsafeMutablePointer<fts5_api>, on database: Database) throws(SQLiteError) {
        guard let create = api.pointee.xCreateFunction else {
            throw SQLiteError(code: SQLITE_ERROR, message: "FTS5 offers no xCreateFunction")
        }
        let rc = create(api, functionName, nil, gazetteMatchesFunction, nil)
        guard rc == SQLITE_OK else { throw SQLiteError(code: rc, connection: database.handle) }
    }
}

extension Statement {
    /// Binds a match collector for `gazette_matches`. It must stay alive until the statement is reset.
    func bind(matches: FullTextMatches, at index: Int32) {
        _ = sqlite3_bind_pointer(handle, index, Unmanaged.passUnretained(matches).toOpaque(),
                                 FullTextMatchesRegistration.internedType, nil)
    }
}

extension FullTextMatchesRegistration {
    /// A C string that lives as long as the process: `sqlite3_bind_pointer` keeps the pointer it is given.
    nonisolated(unsafe) static let internedType: UnsafePointer<CChar> = {
        let bytes = Array(pointerType.utf8CString)
        let memory = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
        memory.initialize(from: bytes, count: bytes.count)
        return UnsafePointer(memory)
    }()
}

private func gazetteMatchesFunction(
    _ api: UnsafePointer<Fts5ExtensionApi>?,
    _ fts: OpaquePointer?,
    _ context: OpaquePointer?,
    _ count: Int32,
    _ values: UnsafeMutablePointer<OpaquePointer?>?
) {
    guard let api, let fts, count >= 1, let values,
          let raw = sqlite3_value_pointer(values[0], FullTextMatchesRegistration.internedType) else {
        sqlite3_result_error(context, "gazette_matches needs a bound collector", -1)
        return
    }
    let matches = Unmanaged<FullTextMatches>.fromOpaque(raw).takeUnretainedValue()
    let rc = matches.row(api, fts)
    if rc != SQLITE_OK {
        matches.failure = rc
        sqlite3_result_error_code(context, rc)
    }
}

private func countPhraseRow(_ api: UnsafePointer<Fts5ExtensionApi>?, _ fts: OpaquePointer?,
                            _ user: UnsafeMutableRawPointer?) -> Int32 {
    guard let user else { return SQLITE_MISUSE }
    Unmanaged<FullTextMatches>.fromOpaque(user).takeUnretainedValue().countRow()
    return SQLITE_OK
}

private func resumePhraseRowCallback(_ api: UnsafePointer<Fts5ExtensionApi>?, _ fts: OpaquePointer?,
                                     _ user: UnsafeMutableRawPointer?) -> Int32 {
    guard let user, let api, let fts else { return SQLITE_MISUSE }
    return Unmanaged<FullTextMatches>.fromOpaque(user).takeUnretainedValue().resumePhraseRow(api, fts)
}

private func keepPhraseRowCallback(_ api: UnsafePointer<Fts5ExtensionApi>?, _ fts: OpaquePointer?,
                           _ user: UnsafeMutableRawPointer?) -> Int32 {
    guard let user, let api, let fts else { return SQLITE_MISUSE }
    return Unmanaged<FullTextMatches>.fromOpaque(user).takeUnretainedValue().keepPhraseRow(api, fts)
}
