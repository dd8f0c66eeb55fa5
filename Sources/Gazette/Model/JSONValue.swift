/// A JSON value whose objects keep their keys in the order written, so the
/// CLI's output reads in the documented order.
public indirect enum JSONValue: Sendable, Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    /// Compact JSON text on one line.
    public func serialized() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .object(let members):
            out.append("{")
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(",") }
                JSONValue.writeString(key, to: &out)
                out.append(":")
                value.write(to: &out)
            }
            out.append("}")
        case .array(let values):
            out.append("[")
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(",") }
                value.write(to: &out)
            }
            out.append("]")
        case .string(let text):
            JSONValue.writeString(text, to: &out)
        case .int(let value):
            out.append(String(value))
        case .double(let value):
            if value.isFinite {
                // Round to a precision that keeps output stable and readable.
                let rounded = (value * 1e9).rounded() / 1e9
                out.append(rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded))
            } else {
                out.append("null")
            }
        case .bool(let value):
            out.append(value ? "true" : "false")
        case .null:
            out.append("null")
        }
    }

    static func writeString(_ text: String, to out: inout String) {
        out.append("\"")
        if !needsEscaping(text) {
            // Most strings (titles, snippets, paths) have nothing to escape.
            out.append(text)
            out.append("\"")
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }

    /// Whether `text` holds a quote, a backslash, a control character or
    /// U+2028/U+2029 (E2 80 A8/A9), checked byte by byte.
    static func needsEscaping(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            for (index, byte) in bytes.enumerated() {
                if byte < 0x20 || byte == 0x22 || byte == 0x5C { return true }
                if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
                   bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return true }
            }
            return false
        }
    }
}
