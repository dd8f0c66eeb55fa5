/// Where a page of search results ended, so the next page starts right after
/// it: `search --json` prints it as `"next"`, `search --after CURSOR` continues.
///
/// A cursor pins the sort key and the id of the last hit, never an offset, so
/// articles added between two calls neither repeat nor push hits off a page.
/// For relevance it also pins the collection statistics the scores were
/// computed with (`CollectionStatistics`): BM25's N, average length and
/// document frequencies move when articles are added, and a page scored with
/// other statistics than the page before could overlap it or skip hits.
///
/// The text is opaque: base64url of a small versioned binary record with a
/// checksum. `fingerprint` ties it to the query and the options that shape
/// the order (the compiled expression, filters, sort, recency, weights,
/// copies collapsed or not); a cursor of another search is refused.
public struct SearchCursor: Sendable, Equatable {
    /// How the hits are ordered, and so which key the cursor compares.
    public enum Order: UInt8, Sendable {
        /// Score descending, then newer day, then smaller id (`TopHits.isBetter`).
        case score = 1
        /// Id (date) descending: `newest`, and `relevance` of a query with no words.
        case idDescending = 2
        /// Id (date) ascending: `oldest`.
        case idAscending = 3
    }

    public let order: Order
    public let fingerprint: UInt64
    /// The last hit shown.
    public let id: Int64
    public let score: Double
    /// The last hit's 1-based rank, to number the next page (display only).
    public let rank: Int
    /// The statistics relevance scores were computed with; nil for date orders
    /// and for indexes scored by FTS5's own `bm25()` (no `article_facts`).
    public let statistics: CollectionStatistics?

    public init(order: Order, fingerprint: UInt64, id: Int64, score: Double, rank: Int,
                statistics: CollectionStatistics?) {
        self.order = order
        self.fingerprint = fingerprint
        self.id = id
        self.score = score
        self.rank = rank
        self.statistics = statistics
    }

    /// Whether the hit (`id`, `score`) comes strictly after this cursor in its order.
    @inline(__always)
    public func admits(id candidate: Int64, score candidateScore: Double) -> Bool {
        switch order {
        case .score: return TopHits.isBetter((id, score), than: (candidate, candidateScore))
        case .idDescending: return candidate < id
        case .idAscending: return candidate > id
        }
    }

    static let format: UInt8 = 1
    /// More phrases than a query can compile to (256 terms): a longer record is not a cursor.
    static let maxPhrases = 1024

    /// The cursor as URL- and shell-safe text.
    public var encoded: String {
        var bytes: [UInt8] = [0x47, 0x5A, SearchCursor.format, order.rawValue, statistics == nil ? 0 : 1]
        bytes.appendInteger(fingerprint)
        bytes.appendInteger(UInt64(bitPattern: id))
        bytes.appendInteger(score.bitPattern)
        bytes.appendInteger(UInt64(bitPattern: Int64(rank)))
        if let statistics {
            bytes.appendInteger(UInt64(bitPattern: statistics.rowCount))
            bytes.appendInteger(UInt64(bitPattern: statistics.totalTokens))
            bytes.appendInteger(UInt64(bitPattern: statistics.newestDay))
            bytes.appendInteger(UInt64(statistics.phraseRows.count))
            for rows in statistics.phraseRows { bytes.appendInteger(UInt64(bitPattern: rows)) }
        }
        bytes.appendInteger(UInt64(SearchCursor.checksum(bytes)))
        return Base64URL.encode(bytes)
    }

    /// Reads a cursor printed as `"next"`; anything else is a `.cursor` error saying what is wrong with it.
    public init(encoded text: String) throws(GazetteError) {
        let invalid = GazetteError.cursor("cursor \(SearchCursor.shown(text)) is not a search cursor: pass the \"next\" value of a search page as it was printed")
        guard text.utf8.count <= 16_384, let bytes = Base64URL.decode(text), bytes.count >= 45 else { throw invalid }
        var reader = ByteReader(bytes: bytes)
        let body = bytes.count - 8
        guard let magic0 = reader.byte(), let magic1 = reader.byte(), magic0 == 0x47, magic1 == 0x5A,
              let format = reader.byte() else { throw invalid }
        guard format == SearchCursor.format else {
            throw GazetteError.cursor("cursor \(SearchCursor.shown(text)) was made by another version of Gazette (format \(format)): search again from the first page")
        }
        guard let orderByte = reader.byte(), let order = Order(rawValue: orderByte), let flags = reader.byte(), flags <= 1,
              let fingerprint = reader.integer(), let id = reader.integer(), let scoreBits = reader.integer(),
              let rank = reader.integer() else { throw invalid }
        var statistics: CollectionStatistics?
        if flags == 1 {
            guard let rowCount = reader.integer(), let tokens = reader.integer(), let newest = reader.integer(),
                  let phrases = reader.integer(), phrases <= UInt64(SearchCursor.maxPhrases) else { throw invalid }
            var rows: [Int64] = []
            for _ in 0..<Int(phrases) {
                guard let value = reader.integer() else { throw invalid }
                rows.append(Int64(bitPattern: value))
            }
            statistics = CollectionStatistics(rowCount: Int64(bitPattern: rowCount), totalTokens: Int64(bitPattern: tokens),
                                              phraseRows: rows, newestDay: Int64(bitPattern: newest))
        }
        guard reader.offset == body, let sum = reader.integer(),
              sum == UInt64(SearchCursor.checksum(Array(bytes[0..<body]))) else { throw invalid }
        let score = Double(bitPattern: scoreBits)
        guard !score.isNaN, Int64(bitPattern: rank) >= 0 else { throw invalid }
        self.init(order: order, fingerprint: fingerprint, id: Int64(bitPattern: id), score: score,
                  rank: Int(Int64(bitPattern: rank)), statistics: statistics)
    }

    /// FNV-1a, 32 bits: catches a cursor cut short or edited by hand (not an adversary; it is not a signature).
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }

    private static func shown(_ text: String) -> String {
        text.count > 24 ? "\"" + text.prefix(24) + "…\"" : "\"" + text + "\""
    }
}

/// BM25's collection statistics as one search computed them: the number of
/// articles, their total length in tokens, how many articles hold each phrase,
/// and the newest article's day (the recency boost counts age from it).
public struct CollectionStatistics: Sendable, Equatable {
    public let rowCount: Int64
    public let totalTokens: Int64
    public let phraseRows: [Int64]
    /// Day key (`id >> ArticleID.sequenceBits`) of the newest article; 0 when no recency boost applied.
    public let newestDay: Int64

    public init(rowCount: Int64, totalTokens: Int64, phraseRows: [Int64], newestDay: Int64) {
        self.rowCount = rowCount
        self.totalTokens = totalTokens
        self.phraseRows = phraseRows
        self.newestDay = newestDay
    }
}

/// A stable 64-bit hash of what shapes a search's order, for `SearchCursor.fingerprint`.
struct OrderFingerprint {
    private(set) var value: UInt64 = 14_695_981_039_346_656_037

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 1_099_511_628_211 }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        value = (value ^ 0xFF) &* 1_099_511_628_211
    }

    mutating func add(_ text: String) { add(text.utf8) }

    mutating func add(_ number: UInt64) {
        var bytes: [UInt8] = []
        bytes.appendInteger(number)
        add(bytes)
    }
}

private extension Array where Element == UInt8 {
    /// Little-endian.
    mutating func appendInteger(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func integer() -> UInt64? {
        guard offset + 8 <= bytes.count else { return nil }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << UInt64(index * 8) }
        offset += 8
        return value
    }
}

/// Base64 with the URL alphabet (`-`, `_`) and no padding (RFC 4648 §5).
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<Swift.min(index + 3, bytes.count)]
            var group: UInt32 = 0
            for (position, byte) in chunk.enumerated() { group |= UInt32(byte) << UInt32(16 - position * 8) }
            for position in 0...chunk.count { out.append(alphabet[Int((group >> UInt32(18 - position * 6)) & 63)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        for character in text.utf8 {
            switch character {
            case 0x41...0x5A: values.append(character - 0x41)
            case 0x61...0x7A: values.append(character - 0x61 + 26)
            case 0x30...0x39: values.append(character - 0x30 + 52)
            case 0x2D: values.append(62)
            case 0x5F: values.append(63)
            default: return nil
            }
        }
        // A length of 1 mod 4 cannot come from whole bytes.
        guard values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = values[index..<Swift.min(index + 4, values.count)]
            var group: UInt32 = 0
            for (position, value) in chunk.enumerated() { group |= UInt32(value) << UInt32(18 - position * 6) }
            for position in 0..<(chunk.count - 1) { out.append(UInt8(truncatingIfNeeded: group >> UInt32(16 - position * 8))) }
            index += 4
        }
        return out
    }
}
