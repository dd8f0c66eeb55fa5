#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The words for an operating-system error number, shared by every stage
/// that reports a failed system call.
enum SystemError {
    /// strerror text with a lower-case start, to fit a one-line reason.
    static func describe(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        let text = String(cString: message)
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
