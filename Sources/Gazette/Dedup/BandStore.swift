/// The LSH band keys of every article of the index, for one index run, in
/// memory that does not grow with the archive (but for a Bloom filter).
///
/// New keys go to a hash table of at most `memoryKeys` keys (`BandIndex`,
/// 8 bytes a slot, about 3 MB by default). When it is full its entries are
/// sorted by key and written as one run to a scratch file (`BandSpillFile`)
/// and the table starts again. A run keeps in memory only the first key of
/// each 4 KiB block, so probing it is a binary search and one `pread`. A
/// Bloom filter over every spilled key (`BandBloom`, 1.25 bytes a key) sends
/// the probe keys no spilled article holds, nearly all of them, to no run at
/// all. Runs of one level are merged four at a time, so a million articles
/// (12 million keys) added by one run make at most a handful of runs. The
/// runs spilled while loading the stored keys of an index are merged only
/// once the run adds a table's worth of articles: an incremental run of a
/// few articles probes too little to repay the merging.
///
/// Memory stays near `memoryKeys × 11` bytes (and 8 more a key while the
/// table is sorted for a spill), plus the filter, plus 8 bytes for each
/// article removed once runs exist, where a table of every key took about
/// 130 bytes an article: 130 MB at a million.
///
/// When no scratch file can be made (the index's folder, `$TMPDIR` and `/tmp`
/// all refuse one) or written (a full disk), the store keeps every new key
/// in the table, which then grows as the whole-archive table used to. Copy
/// detection is a by-product of indexing: a lack of scratch space should
/// cost memory, not the run, and a disk that is really full fails the
/// index's own writes soon enough, with the right message. A scratch file
/// that cannot be read back fails the run (`ScratchFileError`): its keys exist
/// nowhere else in memory.
///
/// Removed articles: the table forgets them; their spilled entries are
/// hidden by `dead` (and dropped by merges), so candidates are always the
/// live articles sharing a key, even when a removed article's id is reused.
final class BandStore {
    /// 262,144 keys: about 3 MB of table, 21,845 articles between spills.
    static let defaultMemoryKeys = 1 << 18
    /// Runs of one level merged together.
    static let mergeFanIn = 4
    /// The most runs one merge reads, each through its own buffer.
    static let mergeWidth = 16

    private let memoryKeys: Int
    private let expectedKeys: Int
    private let scratchFolders: [String]
    private var table: BandIndex
    private var file: BandSpillFile?
    private(set) var runs: [BandRun] = []
    private var bloom: BandBloom
    /// Set once spilling failed: from then on new keys stay in the table.
    private(set) var memoryOnly = false
    /// Ids removed while runs existed: their spilled entries no longer count.
    private var dead: Set<Int64> = []
    /// Keys of dead ids that were inserted again (an id reused after a
    /// removal): spilled entries with these keys count again.
    private var reborn: [Int64: Set<UInt32>] = [:]
    private var probeBuffer = [UInt8](repeating: 0, count: 16 * BandRun.blockEntries * BandRun.entryBytes)

    /// `expectedKeys`: keys the run will hold, to size the table and the
    /// filter once. `scratchFolders`: where the scratch file may go, in
    /// order (`ScratchFile.folders(besideDatabaseAt:)`).
    init(memoryKeys: Int = BandStore.defaultMemoryKeys, expectedKeys: Int, scratchFolders: [String]) {
        self.memoryKeys = max(1, memoryKeys)
        self.expectedKeys = expectedKeys
        self.scratchFolders = scratchFolders
        table = BandIndex(capacity: expectedKeys, maxKeys: self.memoryKeys)
        // A run expected to fit in the table gets a token filter, rebuilt if it spills after all.
        bloom = BandBloom(expectedKeys: expectedKeys > self.memoryKeys ? expectedKeys : 0)
    }

    /// The folder holding the scratch file, once there is one.
    var scratchFolder: String? { file?.folder }

    /// `merging` false defers merging runs to later spills: loading the
    /// stored keys of a large index spills many runs, and a run that adds
    /// few articles probes too little to repay merging them.
    func insert(_ keys: [Int], id: Int64, merging: Bool = true) throws(ScratchFileError) {
        if !memoryOnly && table.count > 0 && table.count + keys.count > memoryKeys { try spill(merging: merging) }
        if !dead.isEmpty && dead.contains(id) { reborn[id] = Set(keys.map(BandIndex.keyBits)) }
        table.insert(keys, id: id)
    }

    /// Forgets an article's keys (as given to `insert`).
    func remove(_ keys: [Int], id: Int64) {
        table.remove(keys, id: id)
        if !runs.isEmpty {
            dead.insert(id)
            reborn[id] = nil
        }
    }

    /// Live articles sharing at least one key with `keys`, without repeats.
    func candidates(_ keys: [Int]) throws(ScratchFileError) -> [Int64] {
        // Bit i: key i may be in a run.
        var mayBeSpilled: UInt64 = 0
        var found = table.candidates(keys, filter: runs.isEmpty ? nil : bloom, passing: &mayBeSpilled)
        guard mayBeSpilled != 0 else { return found }
        for (index, key) in keys.enumerated() where mayBeSpilled & 1 << UInt64(min(index, 63)) != 0 {
            for run in runs { try probe(run, BandIndex.keyBits(key), into: &found) }
        }
        return found
    }

    @inline(__always)
    private func isLive(_ key: UInt32, _ id: Int64) -> Bool {
        dead.isEmpty || !dead.contains(id) || reborn[id]?.contains(key) == true
    }

    private func probe(_ run: BandRun, _ key: UInt32, into found: inout [Int64]) throws(ScratchFileError) {
        guard let file, let blocks = run.blocks(holding: key) else { return }
        let entries = run.entries(of: blocks)
        let chunk = probeBuffer.count / BandRun.entryBytes
        // A key held by very many articles spans many blocks: read them a buffer at a time.
        for start in stride(from: entries.lowerBound, to: entries.upperBound, by: chunk) {
            let count = min(chunk, entries.upperBound - start)
            let at = run.offset + Int64(start * BandRun.entryBytes)
            var failure: ScratchFileError?
            var past = false
            probeBuffer.withUnsafeMutableBytes { raw in
                do throws(ScratchFileError) {
                    let block = UnsafeMutableRawBufferPointer(rebasing: raw[0..<count * BandRun.entryBytes])
                    try file.read(into: block, at: at)
                } catch {
                    failure = error
                    return
                }
                let bytes = UnsafeRawBufferPointer(raw)
                var low = 0
                var high = count
                while low < high {
                    let middle = (low + high) / 2
                    if BandRun.key(in: bytes, at: middle) < key { low = middle + 1 } else { high = middle }
                }
                while low < count && BandRun.key(in: bytes, at: low) == key {
                    let id = BandRun.id(in: bytes, at: low)
                    if isLive(key, id) && !found.contains(id) { found.append(id) }
                    low += 1
                }
                past = low < count
            }
            if let failure { throw failure }
            if past { return }
        }
    }

    // MARK: Spilling and merging

    /// Writes the table out as a run; on a scratch file that cannot be made
    /// or written, switches to keeping everything in memory.
    private func spill(merging: Bool) throws(ScratchFileError) {
        if file == nil { file = BandSpillFile.create(inFirstOf: scratchFolders) }
        guard let file else { return keepInMemory() }
        let reserved = Int64(table.count * BandRun.entryBytes)
        let offset = file.allocate(reserved)
        var writer = BandRunWriter(file: file, offset: offset, level: 0)
        let run: BandRun
        // Filled as a local: a property of the class would be checked for exclusive access at every key.
        var filter = BandBloom(expectedKeys: 0)
        swap(&filter, &bloom)
        do throws(ScratchFileError) {
            try table.drain { (key, id) throws(ScratchFileError) in
                try writer.append(key, id)
                // Keys of a run that fails to be written stay in the filter: a false positive is harmless.
                filter.insert(key)
            }
            run = try writer.finish()
        } catch {
            bloom = filter
            file.release(offset: offset, length: reserved)
            return keepInMemory()
        }
        bloom = filter
        file.release(offset: offset + run.bytes, length: reserved - run.bytes)
        // Every entry may belong to removed articles.
        guard run.count > 0 else { return }
        runs.append(run)
        if merging { try mergeFullLevels() }
        let spilled = runs.reduce(0) { $0 + $1.count }
        if spilled > bloom.designKeys + bloom.designKeys / 2 { try rebuildBloom(forKeys: spilled * 2) }
    }

    private func keepInMemory() {
        memoryOnly = true
        table.maxKeys = .max
    }

    /// Merges the runs of any level that has `mergeFanIn` of them, lowest
    /// level first, at most `mergeWidth` at once (deferred merges leave
    /// many runs on level 0).
    private func mergeFullLevels() throws(ScratchFileError) {
        while let level = Set(runs.map(\.level)).sorted().first(where: { level in
            runs.count(where: { $0.level == level }) >= BandStore.mergeFanIn
        }) {
            let group = runs.filter { $0.level == level }.prefix(BandStore.mergeWidth)
            guard let merged = try merge(Array(group), level: level + 1) else { return }
            runs.removeAll { run in group.contains { $0.offset == run.offset } }
            runs.append(merged)
        }
    }

    /// One k-way merge through fixed buffers, dropping the entries of removed
    /// articles. Nil (and memory only from then on) when the output cannot be
    /// written; the inputs then stay as they are.
    private func merge(_ group: [BandRun], level: Int) throws(ScratchFileError) -> BandRun? {
        guard let file else { return nil }
        let reserved = group.reduce(Int64(0)) { $0 + $1.bytes }
        let offset = file.allocate(reserved)
        var writer = BandRunWriter(file: file, offset: offset, level: level)
        var cursors: [BandRunCursor] = []
        for run in group {
            var cursor = BandRunCursor(file: file, run: run)
            if try cursor.advance() { cursors.append(cursor) }
        }
        let merged: BandRun
        do throws(ScratchFileError) {
            while !cursors.isEmpty {
                // Few runs meet in a merge: a scan for the smallest key beats a heap.
                var smallest = 0
                for index in cursors.indices.dropFirst() where cursors[index].key < cursors[smallest].key {
                    smallest = index
                }
                let (key, id) = (cursors[smallest].key, cursors[smallest].id)
                if isLive(key, id) { try writer.append(key, id) }
                if try !cursors[smallest].advance() { cursors.remove(at: smallest) }
            }
            merged = try writer.finish()
        } catch where error.operation == .write {
            file.release(offset: offset, length: reserved)
            keepInMemory()
            return nil
        }
        file.release(offset: offset + merged.bytes, length: reserved - merged.bytes)
        for run in group { file.release(offset: run.offset, length: run.bytes) }
        return merged
    }

    /// Replaces the filter by a larger one, reading every run once. Only a
    /// run that adds far more articles than it announced gets here.
    private func rebuildBloom(forKeys keys: Int) throws(ScratchFileError) {
        guard let file else { return }
        var fresh = BandBloom(expectedKeys: keys)
        for run in runs {
            var cursor = BandRunCursor(file: file, run: run)
            while try cursor.advance() { fresh.insert(cursor.key) }
        }
        bloom = fresh
    }
}
