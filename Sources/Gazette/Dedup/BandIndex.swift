/// The LSH band keys of every article, in memory, for one index run.
///
/// Band keys are stored one row per article (`copy_signatures`), appended in
/// id order, and gathered here on the first new article of a run. Probing a
/// hash table costs far less than twelve lookups in a large SQLite index per
/// article, and appending one row far less than twelve inserts at random
/// places in it: with an SQLite band index, detection cost a third of the
/// indexing time of the generated corpus.
///
/// This table is the one part of an index run that grows with the archive,
/// so it is packed: one 8-byte slot per key (the key and the article's
/// ordinal), open addressing with linear probing, sized once for the run at
/// three quarters full. That is about 130 bytes per article, where a
/// dictionary of keys to ids took about 250.
struct BandIndex {
    /// `key << 32 | (ordinal + 1)`; 0 marks an empty slot.
    private var slots: [UInt64]
    /// Article id by ordinal; `removed` once the article is deleted.
    private var ids: [Int64] = []
    private var used = 0
    private static let removed: Int64 = -1

    /// `capacity`: the number of keys the run is expected to hold.
    init(capacity: Int = 0) {
        slots = Array(repeating: 0, count: BandIndex.slotCount(forKeys: capacity))
        ids.reserveCapacity(capacity / max(1, CopySignature.bands))
    }

    private static func slotCount(forKeys keys: Int) -> Int {
        max(64, keys + keys / 3 + 1)
    }

    /// The first slot to probe for `key`: keys are already hashes, so a
    /// multiply-shift spreads them over a table of any size.
    /// (Swift shifts bind tighter than multiplications: the parentheses matter.)
    @inline(__always)
    func home(_ key: UInt64) -> Int {
        let spread = (key &* 0x9E37_79B9_7F4A_7C15) >> 32
        return Int(truncatingIfNeeded: (spread &* UInt64(slots.count)) >> 32)
    }

    @inline(__always)
    private static func keyBits(_ key: Int) -> UInt64 { UInt64(UInt32(truncatingIfNeeded: key)) }

    /// Articles sharing at least one key with `keys`, without repeats.
    func candidates(_ keys: [Int]) -> [Int64] {
        var found: [Int64] = []
        slots.withUnsafeBufferPointer { slots in
            for key in keys {
                let bits = BandIndex.keyBits(key)
                var slot = home(bits)
                while slots[slot] != 0 {
                    if slots[slot] >> 32 == bits {
                        let id = ids[Int(slots[slot] & 0xFFFF_FFFF) - 1]
                        if id != BandIndex.removed && !found.contains(id) { found.append(id) }
                    }
                    slot = slot + 1 == slots.count ? 0 : slot + 1
                }
            }
        }
        return found
    }

    mutating func insert(_ keys: [Int], id: Int64) {
        if (used + keys.count) * 4 > slots.count * 3 { grow(toHold: (used + keys.count) * 2) }
        let ordinal = UInt64(ids.count + 1)
        ids.append(id)
        for key in keys {
            let bits = BandIndex.keyBits(key)
            var slot = home(bits)
            while slots[slot] != 0 { slot = slot + 1 == slots.count ? 0 : slot + 1 }
            slots[slot] = bits << 32 | ordinal
            used += 1
        }
    }

    /// Marks the article removed; its slots stay (probing runs through them)
    /// until the table is next rebuilt.
    mutating func remove(_ keys: [Int], id: Int64) {
        for key in keys {
            let bits = BandIndex.keyBits(key)
            var slot = home(bits)
            while slots[slot] != 0 {
                if slots[slot] >> 32 == bits {
                    let ordinal = Int(slots[slot] & 0xFFFF_FFFF) - 1
                    if ids[ordinal] == id { ids[ordinal] = BandIndex.removed }
                }
                slot = slot + 1 == slots.count ? 0 : slot + 1
            }
        }
    }

    /// Rebuilds the table larger, dropping the slots of removed articles.
    /// Only a run that adds more articles than it announced gets here.
    private mutating func grow(toHold keys: Int) {
        let old = slots
        slots = Array(repeating: 0, count: BandIndex.slotCount(forKeys: keys))
        used = 0
        for entry in old where entry != 0 && ids[Int(entry & 0xFFFF_FFFF) - 1] != BandIndex.removed {
            var slot = home(entry >> 32)
            while slots[slot] != 0 { slot = slot + 1 == slots.count ? 0 : slot + 1 }
            slots[slot] = entry
            used += 1
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
