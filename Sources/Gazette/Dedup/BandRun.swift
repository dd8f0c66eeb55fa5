/// One sorted run of band entries in `BandStore`'s scratch file: `count`
/// entries of 12 bytes (the key, then the article id, little-endian) from
/// `offset`, ordered by key.
struct BandRun {
    static let entryBytes = 12
    /// Entries per block (4,092 bytes): a probe reads about one block per run.
    static let blockEntries = 341

    let offset: Int64
    let count: Int
    /// How many merges made it: runs of one level are merged together, which
    /// keeps the number of runs logarithmic in the number of keys.
    let level: Int
    /// The first key of each block, the run's only part in memory
    /// (4 bytes per block, 0.01 bytes per key).
    let fences: [UInt32]

    var bytes: Int64 { Int64(count * BandRun.entryBytes) }

    /// The blocks that may hold `key`: from the last one starting below it
    /// through the last one starting with it (entries of one key may cross a
    /// block boundary). Nil when every block starts above `key`.
    func blocks(holding key: UInt32) -> Range<Int>? {
        var low = 0
        var high = fences.count
        while low < high {
            let middle = (low + high) / 2
            if fences[middle] < key { low = middle + 1 } else { high = middle }
        }
        var upper = low
        while upper < fences.count && fences[upper] == key { upper += 1 }
        return upper == 0 ? nil : max(low - 1, 0)..<upper
    }

    /// Entries `first..<first + count` of the block range, clipped to the run.
    func entries(of blocks: Range<Int>) -> Range<Int> {
        blocks.lowerBound * BandRun.blockEntries..<min(blocks.upperBound * BandRun.blockEntries, count)
    }

    @inline(__always)
    static func key(in bytes: UnsafeRawBufferPointer, at entry: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: entry * entryBytes, as: UInt32.self))
    }

    @inline(__always)
    static func id(in bytes: UnsafeRawBufferPointer, at entry: Int) -> Int64 {
        Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: entry * entryBytes + 4, as: Int64.self))
    }
}

/// Writes entries given in key order as a new run, through a fixed buffer.
struct BandRunWriter {
    /// 16 blocks per write.
    static let bufferEntries = 16 * BandRun.blockEntries
    private let file: BandSpillFile
    let offset: Int64
    private let level: Int
    private(set) var count = 0
    private var written: Int64 = 0
    private var fences: [UInt32] = []
    private var buffer = [UInt8](repeating: 0, count: BandRunWriter.bufferEntries * BandRun.entryBytes)
    private var buffered = 0

    init(file: BandSpillFile, offset: Int64, level: Int) {
        self.file = file
        self.offset = offset
        self.level = level
    }

    mutating func append(_ key: UInt32, _ id: Int64) throws(ScratchFileError) {
        if count % BandRun.blockEntries == 0 { fences.append(key) }
        if buffered == buffer.count { try flush() }
        let at = buffered
        buffer.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: key.littleEndian, toByteOffset: at, as: UInt32.self)
            raw.storeBytes(of: id.littleEndian, toByteOffset: at + 4, as: Int64.self)
        }
        buffered += BandRun.entryBytes
        count += 1
    }

    private mutating func flush() throws(ScratchFileError) {
        guard buffered > 0 else { return }
        let length = buffered
        let target = offset + written
        let result: ScratchFileError? = buffer.withUnsafeBytes { raw in
            do throws(ScratchFileError) {
                try file.write(UnsafeRawBufferPointer(rebasing: raw[0..<length]), at: target)
                return nil
            } catch {
                return error
            }
        }
        if let result { throw result }
        written += Int64(length)
        buffered = 0
    }

    /// Writes what is buffered and describes the run.
    mutating func finish() throws(ScratchFileError) -> BandRun {
        try flush()
        return BandRun(offset: offset, count: count, level: level, fences: fences)
    }
}

/// Reads a run from start to end through a fixed buffer, for merging runs
/// and rebuilding the Bloom filter.
struct BandRunCursor {
    private let file: BandSpillFile
    private let run: BandRun
    private var buffer: [UInt8]
    /// The run's entry at the start of the buffer, and entries in the buffer.
    private var bufferStart = 0
    private var bufferCount = 0
    /// The current entry, relative to `bufferStart`; -1 before the first.
    private var position = -1
    private(set) var key: UInt32 = 0
    private(set) var id: Int64 = 0

    init(file: BandSpillFile, run: BandRun, bufferEntries: Int = 8 * BandRun.blockEntries) {
        self.file = file
        self.run = run
        buffer = [UInt8](repeating: 0, count: max(1, bufferEntries) * BandRun.entryBytes)
    }

    /// Moves to the next entry; false past the last.
    mutating func advance() throws(ScratchFileError) -> Bool {
        position += 1
        if position >= bufferCount {
            bufferStart += bufferCount
            guard bufferStart < run.count else { return false }
            bufferCount = min(buffer.count / BandRun.entryBytes, run.count - bufferStart)
            let length = bufferCount * BandRun.entryBytes
            let at = run.offset + Int64(bufferStart * BandRun.entryBytes)
            let failure: ScratchFileError? = buffer.withUnsafeMutableBytes { raw in
                do throws(ScratchFileError) {
                    try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<length]), at: at)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure { throw failure }
            position = 0
        }
        let entry = position
        (key, id) = buffer.withUnsafeBytes { (BandRun.key(in: $0, at: entry), BandRun.id(in: $0, at: entry)) }
        return true
    }
}
