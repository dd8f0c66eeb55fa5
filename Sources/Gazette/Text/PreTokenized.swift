#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The tokens of one text, computed ahead of time on the parse thread and
/// replayed to FTS5 by the writer thread, so tokenizing runs in parallel
/// with SQLite's own work instead of inside it.
///
/// The stream is a flat byte buffer: per token a flag byte (colocated), a
/// 2-byte length, 4-byte start and end offsets, then the token bytes.
struct PreTokenized: Sendable {
    let text: String
    private let stream: [UInt8]
    /// Token positions as FTS5 counts a column's size for bm25: each token
    /// that is not colocated, and a colocated one that comes first.
    let lengthInTokens: Int

    /// The tokens of `text` in `language` (ISO 639-1, "" when not known);
    /// `text` is kept as FTS5 will see it, with the language's marker.
    init(text: String, language: String = "", analyzer: Analyzer) {
        self.text = LanguageMarker.marked(text, language: language)
        analyzer.setLanguage(language)
        // Offsets count from the start of the text FTS5 sees, marker included.
        let shift = self.text.utf8.count - text.utf8.count
        let sink = analyzer.streamSink
        sink.count = 0
        var positions = 0
        var copy = text
        copy.withUTF8 { utf8 in
            _ = analyzer.tokenize(UnsafeRawBufferPointer(utf8), purpose: .document) { token, tokenStart, tokenEnd, colocated in
                let start = tokenStart + shift
                let end = tokenEnd + shift
                if !colocated || positions == 0 { positions += 1 }
                sink.reserve(11 + token.count)
                let out = sink.memory + sink.count
                out.storeBytes(of: colocated ? 1 : 0, as: UInt8.self)
                out.storeBytes(of: UInt16(token.count).littleEndian, toByteOffset: 1, as: UInt16.self)
                out.storeBytes(of: UInt32(truncatingIfNeeded: start).littleEndian, toByteOffset: 3, as: UInt32.self)
                out.storeBytes(of: UInt32(truncatingIfNeeded: end).littleEndian, toByteOffset: 7, as: UInt32.self)
                if let base = token.baseAddress { (out + 11).copyMemory(from: base, byteCount: token.count) }
                sink.count += 11 + token.count
                return 0
            }
        }
        stream = Array(UnsafeRawBufferPointer(start: sink.memory, count: sink.count))
        lengthInTokens = positions
    }

    /// Whether this stream was made from exactly `bytes`.
    func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var copy = text
        return copy.withUTF8 { utf8 in
            guard utf8.count == bytes.count else { return false }
            guard let mine = utf8.baseAddress, let theirs = bytes.baseAddress else { return utf8.count == 0 }
            return memcmp(mine, theirs, utf8.count) == 0
        }
    }

    /// Emits the stored tokens, as `Analyzer.tokenize` would have.
    func replay(_ emit: (UnsafeBufferPointer<UInt8>, Int, Int, Bool) -> Int32) -> Int32 {
        stream.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            let raw = UnsafeRawPointer(base)
            var offset = 0
            while offset + 11 <= buffer.count {
                let colocated = base[offset] != 0
                let length = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 1, as: UInt16.self)))
                let start = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 3, as: UInt32.self)))
                let end = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 7, as: UInt32.self)))
                offset += 11
                let rc = emit(UnsafeBufferPointer(start: base + offset, count: length), start, end, colocated)
                if rc != 0 { return rc }
                offset += length
            }
            return 0
        }
    }

    /// Calls `body(token, length, readable)` for each stored token, where
    /// `readable` counts the bytes from the token's start to the stream's end
    /// (so a reader may load whole words past a short token).
    @inline(__always)
    func forEachToken(_ body: (UnsafePointer<UInt8>, Int, Int) -> Void) {
        stream.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            var offset = 0
            while offset + 11 <= buffer.count {
                let length = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 1, as: UInt16.self)))
                offset += 11
                guard offset + length <= buffer.count else { return }
                body(base + offset, length, buffer.count - offset)
                offset += length
            }
        }
    }

    /// Bytes held, for the writer's memory budget.
    var byteCount: Int { stream.count + text.utf8.count }
}

/// A growable scratch buffer an analyzer reuses for every pre-tokenized
/// stream it builds, so building one costs a single copy at the end.
final class ByteSink {
    private(set) var memory: UnsafeMutableRawPointer
    private var capacity: Int
    var count = 0

    init(capacity: Int = 64 << 10) {
        self.capacity = capacity
        memory = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { memory.deallocate() }

    /// Makes room for `bytes` more bytes.
    func reserve(_ bytes: Int) {
        guard count + bytes > capacity else { return }
        var newCapacity = capacity * 2
        while count + bytes > newCapacity { newCapacity *= 2 }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        grown.copyMemory(from: memory, byteCount: count)
        memory.deallocate()
        memory = grown
        capacity = newCapacity
    }
}
