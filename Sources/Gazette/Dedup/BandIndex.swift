/// The in-memory part of `BandStore`: LSH band keys of recently added
/// articles in a packed hash table of bounded size.
///
/// Band keys are stored one row per article (`copy_signatures`), appended in
/// id order. Probing a hash table costs far less than twelve lookups in a
/// large SQLite index per article, and appending one row far less than twelve
/// inserts at random places in it: with an SQLite band index, detection cost a
/// third of the indexing time of the generated corpus.
///
/// One 8-byte slot per key (the key and the article's ordinal), open
/// addressing with linear probing, at most three quarters full. A table built
/// with `maxKeys` never grows past room for that many keys: `BandStore` drains
/// it into a sorted run on disk before it would (`drain`).
struct BandIndex {
    /// `key << 32 | (ordinal + 1)`; 0 marks an empty slot. Keys in the high
    /// half make sorting the slots sort the entries by key.
    private var slots: [UInt64]
    /// Article id by ordinal; `removed` once the article is deleted.
    private var ids: [Int64] = []
    /// Keys held, including those of removed articles until the next rebuild.
    private(set) var count = 0
    /// The most keys the table is ever sized for (`Int.max`: no limit).
    /// `BandStore` lifts the bound when it can no longer spill.
    var maxKeys: Int
    private static let removed: Int64 = -1

    /// `capacity`: the number of keys the table is expected to hold.
    init(capacity: Int = 0, maxKeys: Int = .max) {
        self.maxKeys = max(1, maxKeys)
        let keys = min(capacity, self.maxKeys)
        slots = Array(repeating: 0, count: BandIndex.slotCount(forKeys: keys))
        ids.reserveCapacity(keys / max(1, CopySignature.bands))
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
    static func keyBits(_ key: Int) -> UInt32 { UInt32(truncatingIfNeeded: key) }

    /// Articles sharing at least one key with `keys`, without repeats.
    func candidates(_ keys: [Int]) -> [Int64] {
        var unused: UInt64 = 0
        return candidates(keys, filter: nil, passing: &unused)
    }

    /// `candidates(keys)`, also setting bit i of `passing` when key i
    /// passes `filter` (keys past the 64th set bit 63).
    ///
    /// The keys' home slots and filter blocks are all read in a first pass
    /// without branches: independent loads whose cache misses overlap.
    func candidates(_ keys: [Int], filter: BandBloom?, passing: inout UInt64) -> [Int64] {
        var found: [Int64] = []
        slots.withUnsafeBufferPointer { slots in
            var occupied: UInt64 = 0
            var passed: UInt64 = 0
            for (index, key) in keys.enumerated() {
                let bits = BandIndex.keyBits(key)
                let bit = UInt64(min(index, 63))
                occupied |= UInt64(index >= 64 || slots[home(UInt64(bits))] != 0 ? 1 : 0) << bit
                if let filter { passed |= UInt64(index >= 64 || filter.mayContain(bits) ? 1 : 0) << bit }
            }
            passing = passed
            for (index, key) in keys.enumerated() where occupied & 1 << UInt64(min(index, 63)) != 0 {
                collect(BandIndex.keyBits(key), in: slots, into: &found)
            }
        }
        return found
    }

    /// Adds the live articles holding `key` to `found`, skipping ids already there.
    @inline(__always)
    private func collect(_ key: UInt32, in slots: UnsafeBufferPointer<UInt64>, into found: inout [Int64]) {
        let bits = UInt64(key)
        var slot = home(bits)
        while slots[slot] != 0 {
            if slots[slot] >> 32 == bits {
                let id = ids[Int(slots[slot] & 0xFFFF_FFFF) - 1]
                if id != BandIndex.removed && !found.contains(id) { found.append(id) }
            }
            slot = slot + 1 == slots.count ? 0 : slot + 1
        }
    }

    mutating func insert(_ keys: [Int], id: Int64) {
        if (count + keys.count) * 4 > slots.count * 3 {
            // Doubling keeps the cost of growing linear; a bounded table stops at its bound.
            grow(toHold: max(count + keys.count, min((count + keys.count) * 2, maxKeys)))
        }
        let ordinal = UInt64(ids.count + 1)
        ids.append(id)
        for key in keys {
            let bits = UInt64(BandIndex.keyBits(key))
            var slot = home(bits)
            while slots[slot] != 0 { slot = slot + 1 == slots.count ? 0 : slot + 1 }
            slots[slot] = bits << 32 | ordinal
            count += 1
        }
    }

    /// Marks the article removed; its slots stay (probing runs through them)
    /// until the table is next rebuilt or drained.
    mutating func remove(_ keys: [Int], id: Int64) {
        for key in keys {
            let bits = UInt64(BandIndex.keyBits(key))
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

    /// Hands every entry of a live article to `write` in key order, then
    /// empties the table (keeping its storage). If `write` throws, the table
    /// keeps every entry and the error is passed on.
    ///
    /// The slots are compacted and sorted in place, with one scratch array
    /// of the entries for the sort.
    mutating func drain<E: Error>(_ write: (_ key: UInt32, _ id: Int64) throws(E) -> Void) throws(E) {
        var live = 0
        for index in slots.indices where slots[index] != 0
            && ids[Int(slots[index] & 0xFFFF_FFFF) - 1] != BandIndex.removed {
            slots[live] = slots[index]
            live += 1
        }
        for index in live..<slots.count { slots[index] = 0 }
        var scratch = [UInt64](repeating: 0, count: live)
        slots.withUnsafeMutableBufferPointer { slots in
            scratch.withUnsafeMutableBufferPointer { scratch in
                BandIndex.sortByKey(UnsafeMutableBufferPointer(rebasing: slots[0..<live]), scratch: scratch)
            }
        }
        scratch = []
        do throws(E) {
            for index in 0..<live {
                try write(UInt32(truncatingIfNeeded: slots[index] >> 32), ids[Int(slots[index] & 0xFFFF_FFFF) - 1])
            }
        } catch {
            // The sorted entries sit outside their home slots: put them back.
            count = live
            grow(toHold: max(live, min(live * 2, maxKeys)))
            throw error
        }
        for index in 0..<live { slots[index] = 0 }
        ids.removeAll(keepingCapacity: true)
        count = 0
    }

    /// Rebuilds the table at the size for `keys`, dropping the slots of
    /// removed articles. The old slots may be in any order.
    private mutating func grow(toHold keys: Int) {
        let old = slots
        slots = Array(repeating: 0, count: BandIndex.slotCount(forKeys: keys))
        count = 0
        for entry in old where entry != 0 && ids[Int(entry & 0xFFFF_FFFF) - 1] != BandIndex.removed {
            var slot = home(entry >> 32)
            while slots[slot] != 0 { slot = slot + 1 == slots.count ? 0 : slot + 1 }
            slots[slot] = entry
            count += 1
        }
    }

    /// Sorts entries by their key (high half): four byte-wide passes of a
    /// stable counting sort, via `scratch` and back. Linear, where sorting a
    /// full table by comparisons cost as much as writing it out.
    private static func sortByKey(_ entries: UnsafeMutableBufferPointer<UInt64>,
                                  scratch: UnsafeMutableBufferPointer<UInt64>) {
        var source = entries
        var target = scratch
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { starts in
            for shift in stride(from: UInt64(32), to: 64, by: 8) {
                starts.initialize(repeating: 0)
                for entry in source { starts[Int(truncatingIfNeeded: entry >> shift) & 0xFF] += 1 }
                var start = 0
                for digit in 0..<256 {
                    let count = starts[digit]
                    starts[digit] = start
                    start += count
                }
                for entry in source {
                    let digit = Int(truncatingIfNeeded: entry >> shift) & 0xFF
                    target[starts[digit]] = entry
                    starts[digit] += 1
                }
                swap(&source, &target)
            }
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
