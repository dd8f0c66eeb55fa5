#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scratch file that holds `BandStore`'s sorted runs (see `ScratchFile`),
/// with the space in it handed out to runs.
///
/// Space freed by merged runs is reused first-fit, so the file stays near
/// twice the size of the runs it holds rather than the sum of all writes.
final class BandSpillFile {
    private let file: ScratchFile
    /// The folder the file was made in, for error messages.
    var folder: String { file.folder }
    /// Bytes in use up to the last run, holes included.
    private(set) var end: Int64 = 0
    /// Unused extents below `end`, by offset, never adjacent.
    private var holes: [(offset: Int64, length: Int64)] = []

    private init(file: ScratchFile) {
        self.file = file
    }

    /// A new scratch file in the first of `folders` that takes one; nil when none does.
    static func create(inFirstOf folders: [String]) -> BandSpillFile? {
        ScratchFile.create(inFirstOf: folders).map(BandSpillFile.init(file:))
    }

    /// Reserves `length` bytes and returns their offset.
    func allocate(_ length: Int64) -> Int64 {
        if let index = holes.firstIndex(where: { $0.length >= length }) {
            let offset = holes[index].offset
            if holes[index].length == length {
                holes.remove(at: index)
            } else {
                holes[index] = (offset + length, holes[index].length - length)
            }
            return offset
        }
        let offset = end
        end += length
        return offset
    }

    /// Returns bytes reserved by `allocate` (or a tail of them) for reuse.
    func release(offset: Int64, length: Int64) {
        guard length > 0 else { return }
        let index = holes.firstIndex { $0.offset > offset } ?? holes.count
        var merged = (offset: offset, length: length)
        var replaced = index..<index
        if index < holes.count && offset + length == holes[index].offset {
            merged.length += holes[index].length
            replaced = replaced.lowerBound..<index + 1
        }
        if index > 0 && holes[index - 1].offset + holes[index - 1].length == offset {
            merged = (holes[index - 1].offset, holes[index - 1].length + merged.length)
            replaced = index - 1..<replaced.upperBound
        }
        holes.replaceSubrange(replaced, with: [merged])
        if let last = holes.last, last.offset + last.length == end {
            // A free tail is reused from the end. The file is not truncated:
            // ext4 writes out dirty pages of a truncated range first.
            holes.removeLast()
            end = last.offset
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(ScratchFileError) {
        try file.write(bytes, at: offset)
    }

    func read(into bytes: UnsafeMutableRawBufferPointer, at offset: Int64) throws(ScratchFileError) {
        try file.read(into: bytes, at: offset)
    }
}
