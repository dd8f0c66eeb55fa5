import Foundation

/// The files a run must read, in walk order: written once while the walk is
/// compared with the index, read once by the parse workers. Records stay in
/// memory up to `memoryLimit` bytes and go to a scratch file beyond, so a
/// run over a million new files holds no more of them than one over a
/// thousand.
///
/// When no scratch file can be made or written, the records stay in memory,
/// as `BandStore` keeps its keys: a lack of scratch space costs memory, not
/// the run. A scratch file that cannot be read back fails the run.
///
/// The walk appends on the writer's thread while the parse workers already
/// read the records appended so far (`ParseAhead` tells them how many): every
/// call takes the queue's lock.
final class WorkQueue: @unchecked Sendable {
    // All state below is guarded by `lock`.
    private let lock = NSLock()
    private struct Root {
        let canonical: String
        let shown: String
    }

    /// A record: root number and path length (4 bytes each), size and
    /// modification time (8 bytes each), then the relative path's bytes.
    private static let headerBytes = 24

    private var roots: [Root] = []
    private let memoryLimit: Int
    /// Where the scratch file may go, in order.
    private let scratchFolders: [String]
    /// Set once spilling failed: from then on records stay in memory.
    private(set) var memoryOnly = false
    private var scratch: ScratchFile?
    /// Bytes written to `scratch`.
    private var scratchLength: Int64 = 0
    /// Records written after the last spill (all of them in a small run).
    private var tail: [UInt8] = []
    private var appended = 0

    private var buffer: [UInt8] = []
    private var position = 0
    private var fileOffset: Int64 = 0
    /// Why reading stopped early, if it did: the run must fail, not end short.
    private var readFailure: GazetteError?

    /// Records appended so far.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return appended
    }

    /// Why reading stopped early, if it did: the run must fail, not end short.
    var failure: GazetteError? {
        lock.lock()
        defer { lock.unlock() }
        return readFailure
    }

    /// `scratchFolders`: where the scratch file may go, in order
    /// (`ScratchFile.folders(besideDatabaseAt:)`).
    init(scratchFolders: [String], memoryLimit: Int = 4 << 20) {
        self.scratchFolders = scratchFolders
        self.memoryLimit = max(Self.headerBytes, memoryLimit)
    }

    /// Registers a root; its number goes with each of its files.
    func addRoot(canonical: String, shown: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        roots.append(Root(canonical: canonical, shown: shown))
        return roots.count - 1
    }

    func append(root: Int, relativePath: String, size: Int64, modificationTime: Int64) {
        lock.lock()
        defer { lock.unlock() }
        var relative = relativePath
        relative.withUTF8 { bytes in
            Self.put(UInt32(truncatingIfNeeded: root), into: &tail)
            Self.put(UInt32(truncatingIfNeeded: bytes.count), into: &tail)
            Self.put(UInt64(bitPattern: size), into: &tail)
            Self.put(UInt64(bitPattern: modificationTime), into: &tail)
            tail.append(contentsOf: bytes)
        }
        appended += 1
        if tail.count >= memoryLimit && !memoryOnly {
            spill()
        }
    }

    /// The next file to read, in the order appended; nil when all appended so
    /// far were read, or when the scratch file cannot be read (`failure` says why).
    func next() -> WorkItem? {
        lock.lock()
        defer { lock.unlock() }
        guard readFailure == nil, ensure(Self.headerBytes) else { return nil }
        let root = Int(take(UInt32.self))
        let length = Int(take(UInt32.self))
        let size = Int64(bitPattern: take(UInt64.self))
        let modificationTime = Int64(bitPattern: take(UInt64.self))
        guard ensure(length), roots.indices.contains(root) else {
            if readFailure == nil {
                readFailure = GazetteError.output(path: scratch?.folder ?? scratchFolders.first ?? "",
                                              detail: "the run's list of files to read ended early")
            }
            return nil
        }
        let relative = String(decoding: buffer[position..<position + length], as: UTF8.self)
        position += length
        let file = SourceFile(path: FileList.join(roots[root].canonical, relative), relativePath: "",
                              size: size, modificationTime: modificationTime)
        return WorkItem(file: file, shownPath: FileList.join(roots[root].shown, relative), root: roots[root].canonical)
    }

    /// Makes `bytes` unread bytes available in `buffer`, reading the scratch
    /// file first and the in-memory tail after it. The tail taken, records
    /// appended later start a new one, spilled after what was read.
    private func ensure(_ bytes: Int) -> Bool {
        while buffer.count - position < bytes {
            if position > 0 {
                buffer.removeFirst(position)
                position = 0
            }
            if let scratch, fileOffset < scratchLength {
                let start = buffer.count
                let chunk = Int(min(Int64(1 << 18), scratchLength - fileOffset))
                buffer.append(contentsOf: repeatElement(0, count: chunk))
                var error: ScratchFileError?
                buffer.withUnsafeMutableBytes { raw in
                    do throws(ScratchFileError) {
                        try scratch.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[start...]), at: fileOffset)
                    } catch let failed {
                        error = failed
                    }
                }
                if let error {
                    readFailure = GazetteError.output(path: error.folder, detail: error.description, underlying: error)
                    return false
                }
                fileOffset += Int64(chunk)
            } else if !tail.isEmpty {
                buffer.append(contentsOf: tail)
                tail.removeAll(keepingCapacity: true)
            } else {
                return false
            }
        }
        return true
    }

    /// Moves the records held in memory to the scratch file.
    private func spill() {
        if scratch == nil { scratch = ScratchFile.create(inFirstOf: scratchFolders) }
        guard let scratch else {
            memoryOnly = true
            return
        }
        var written = true
        tail.withUnsafeBytes { raw in
            do throws(ScratchFileError) { try scratch.write(raw, at: scratchLength) } catch { written = false }
        }
        // Bytes past `scratchLength` are never read: a failed write leaves the records in `tail`.
        guard written else {
            memoryOnly = true
            return
        }
        scratchLength += Int64(tail.count)
        tail.removeAll(keepingCapacity: true)
    }

    private func take<T: FixedWidthInteger>(_: T.Type) -> T {
        var value: T = 0
        for byte in 0..<MemoryLayout<T>.size {
            value |= T(buffer[position + byte]) << (8 * byte)
        }
        position += MemoryLayout<T>.size
        return value
    }

    private static func put<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8]) {
        for byte in 0..<MemoryLayout<T>.size {
            bytes.append(UInt8(truncatingIfNeeded: value >> (8 * byte)))
        }
    }
}
