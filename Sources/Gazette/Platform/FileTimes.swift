#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `stat` fields whose names differ between Linux and Darwin, read in one place.
package enum FileTimes {
    /// The modification time in nanoseconds since the epoch: `st_mtim` on
    /// Linux, `st_mtimespec` on Darwin.
    package static func modificationTime(_ info: stat) -> Int64 {
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
