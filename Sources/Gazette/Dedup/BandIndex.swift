/// The LSH band keys of every article, in memory, for one index run.
///
/// Band keys are stored one row per article (`copy_signatures`), appended in
/// id order, and gathered here on the first new article of a run. Probing a
/// hash table costs far less than twelve lookups in a large SQLite index per
/// article, and appending one row far less than twelve inserts at random
/// places in it: with an SQLite band index, detection cost a third of the
/// indexing time of the generated corpus.
struct BandIndex {
    /// One article per key; the (rare) further articles of a key are in `more`.
    private var first: [Int32: Int64] = [:]
    private var more: [Int32: [Int64]] = [:]

    init(capacity: Int = 0) {
        first.reserveCapacity(capacity)
    }

    /// Articles sharing at least one key with `keys`, without repeats.
    func candidates(_ keys: [Int]) -> [Int64] {
        var found: [Int64] = []
        for key in keys {
            let key = Int32(truncatingIfNeeded: key)
            guard let id = first[key] else { continue }
            if !found.contains(id) { found.append(id) }
            for other in more[key] ?? [] where !found.contains(other) { found.append(other) }
        }
        return found
    }

    mutating func insert(_ keys: [Int], id: Int64) {
        for key in keys {
            let key = Int32(truncatingIfNeeded: key)
            if let displaced = first.updateValue(id, forKey: key), displaced != id {
                more[key, default: []].append(displaced)
            }
        }
    }

    mutating func remove(_ keys: [Int], id: Int64) {
        for key in keys {
            let key = Int32(truncatingIfNeeded: key)
            var others = more[key] ?? []
            others.removeAll { $0 == id }
            if first[key] == id { first[key] = others.popLast() }
            more[key] = others.isEmpty ? nil : others
        }
    }

    /// Band keys as stored: 4 little-endian bytes each.
    static func encode(_ keys: [Int]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(keys.count * 4)
        for key in keys {
            let value = UInt32(truncatingIfNeeded: key)
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) -> [Int] {
        var keys: [Int] = []
        keys.reserveCapacity(bytes.count / 4)
        var offset = 0
        while offset + 4 <= bytes.count {
            var value: UInt32 = 0
            for byte in 0..<4 { value |= UInt32(bytes[offset + byte]) << UInt32(8 * byte) }
            keys.append(Int(value))
            offset += 4
        }
        return keys
    }
}
