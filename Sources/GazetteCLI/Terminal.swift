#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where output goes and how it looks: bold and progress only on a terminal,
/// plain text when piped or when NO_COLOR is set.
enum Terminal {
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static var colorEnabled: Bool {
        guard stdoutIsTerminal else { return false }
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        return true
    }

    static func bold(_ text: String) -> String {
        colorEnabled ? "\u{1B}[1m" + text + "\u{1B}[0m" : text
    }

    static func dim(_ text: String) -> String {
        colorEnabled ? "\u{1B}[2m" + text + "\u{1B}[0m" : text
    }

    /// Writes a line to standard error.
    static func note(_ text: String) {
        writeError(text + "\n")
    }

    static func error(_ text: String) {
        writeError("gazette: " + text + "\n")
    }

    /// Rewrites the current line of standard error (progress bars).
    static func status(_ text: String) {
        writeError("\r\u{1B}[K" + text)
    }

    static func clearStatus() {
        writeError("\r\u{1B}[K")
    }

    /// Unbuffered write to file descriptor 2 (the C `stderr` global is not concurrency-safe in Swift 6).
    private static func writeError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Prints to standard output.
    static func out(_ text: String) {
        print(text)
    }
}

/// Number formatting for human output.
enum Format {
    static func decimal(_ value: Double, _ digits: Int = 1) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
            if digits == 0 { text = String(text[..<dot]) }
        }
        return text
    }

    static func megabytes(_ bytes: Int64) -> String {
        decimal(Double(bytes) / 1_000_000) + " MB"
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return decimal(seconds, 0) + "s" }
        let minutes = Int(seconds) / 60
        return "\(minutes)m\(Int(seconds) % 60)s"
    }
}
