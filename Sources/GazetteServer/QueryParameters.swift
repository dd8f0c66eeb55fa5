/// The parameters of a request's query string, decoded strictly.
///
/// Hummingbird's own decoding keeps an undecodable value as raw text and
/// leaves names and `+` undecoded; the API instead reads forms as browsers
/// send them (`+` is a space) and answers 400 for anything it cannot decode,
/// so a query never reaches the index as mojibake.
public struct QueryParameters: Sendable {
    /// Name and value pairs in request order, repeats kept.
    public let pairs: [(name: String, value: String)]

    /// Decodes `query` (the text after `?`, without it).
    public init(query: String?) throws(APIError) {
        var pairs: [(String, String)] = []
        for part in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let (rawName, rawValue) = part.firstIndex(of: "=").map { (part[..<$0], part[part.index(after: $0)...]) }
                ?? (part[...], ""[...])
            let name = try QueryParameters.decode(rawName, what: "a parameter name")
            pairs.append((name, try QueryParameters.decode(rawValue, what: "parameter \(name)")))
        }
        self.pairs = pairs
    }

    init(pairs: [(name: String, value: String)]) {
        self.pairs = pairs
    }

    /// Percent-decodes form text: `+` is a space; the bytes must be UTF-8.
    static func decode(_ text: Substring, what: String) throws(APIError) -> String {
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw APIError(status: 400, code: "invalid_parameter",
                                   message: "\(what): a % must be followed by two hexadecimal digits")
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        // transcode reports whether it met an ill-formed sequence.
        let invalid = transcode(bytes.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: true) { _ in }
        guard !invalid else {
            throw APIError(status: 400, code: "invalid_parameter", message: "\(what) is not valid UTF-8 once percent-decoded")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Every value of `name`, empty ones dropped (an empty form field means "not set").
    public func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name && !$0.value.isEmpty }.map(\.value)
    }

    /// The one value of `name`, nil when absent or empty; 400 when given twice.
    public func single(_ name: String) throws(APIError) -> String? {
        let values = all(name)
        guard values.count <= 1 else { throw .badParameter(name, "given \(values.count) times; give it once") }
        return values.first
    }

    /// An integer in `range`, `fallback` when absent.
    public func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws(APIError) -> Int {
        guard let text = try single(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw .badParameter(name, "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(APIError.quoted(text))")
        }
        return value
    }

    /// A flag: `1`, `true`, `on`, `yes` or a bare name are true; `0`, `false`, `off`, `no` false.
    public func flag(_ name: String) throws(APIError) -> Bool {
        let values = pairs.filter { $0.name == name }.map { $0.value.lowercased() }
        guard values.count <= 1 else { throw .badParameter(name, "given \(values.count) times; give it once") }
        guard let value = values.first else { return false }
        switch value {
        case "", "1", "true", "on", "yes": return true
        case "0", "false", "off", "no": return false
        default: throw .badParameter(name, "expected true or false, got \(APIError.quoted(value))")
        }
    }

    /// 400 for the first parameter not in `known`: a misspelt name must not be silently ignored.
    public func requireKnown(_ known: Set<String>) throws(APIError) {
        if let unknown = pairs.first(where: { !known.contains($0.name) }) {
            throw .badParameter(APIError.quoted(unknown.name), "unknown; expected one of " + known.sorted().joined(separator: ", "))
        }
    }
}

extension APIError {
    /// A value quoted for a message, cut to 60 characters so an error never echoes a huge input.
    static func quoted(_ text: String) -> String {
        let cut = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return "\"" + cut + "\""
    }
}
