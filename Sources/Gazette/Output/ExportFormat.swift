/// The file formats of `gazette export`.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// RFC 4180: a header row, CRLF line ends, fields quoted when they hold a comma, a quote or a line break.
    case csv
    /// JSON Lines: one object per article, keys in the order of the fields.
    case jsonl
}

/// Turns exported rows into text, one record at a time, so a writer can
/// flush as it goes and nothing accumulates.
public struct ExportEncoder: Sendable {
    public let format: ExportFormat
    public let fields: [ExportField]

    public init(format: ExportFormat, fields: [ExportField]) {
        self.format = format
        self.fields = fields
    }

    /// The CSV header record (with its line end), or nil for JSON Lines.
    public var header: String? {
        format == .csv ? CSV.record(fields.map(\.rawValue)) : nil
    }

    /// One record with its line end.
    public func record(_ row: ExportRow) -> String {
        switch format {
        case .csv:
            return CSV.record(fields.map { field in
                switch value(field, of: row) {
                case .string(let text): return text
                case .null: return ""
                case let other: return other.serialized()
                }
            })
        case .jsonl:
            return JSONValue.object(fields.map { ($0.rawValue, value($0, of: row)) }).serialized() + "\n"
        }
    }

    private func value(_ field: ExportField, of row: ExportRow) -> JSONValue {
        switch field {
        case .id: return .int(Int(row.id))
        case .date: return .string(row.date.description)
        case .source: return .string(row.source)
        case .url: return .string(row.url)
        case .title: return .string(row.title)
        case .wire: return row.wire.map { .string($0) } ?? .null
        case .cluster: return .int(Int(row.cluster))
        case .copies: return .int(row.copies)
        case .path: return .string(row.path)
        case .body: return row.body.map { .string($0) } ?? .null
        case .snippet: return row.snippet.map { .string($0) } ?? .null
        case .score: return .double(row.score)
        case .lang: return row.lang.map { .string($0) } ?? .null
        }
    }
}

/// RFC 4180 records.
public enum CSV {
    /// A field, quoted (inner quotes doubled) when it holds a comma, a quote, CR or LF,
    /// or starts or ends with a space that a lenient reader could trim.
    public static func field(_ text: String) -> String {
        let needsQuotes = text.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || text.utf8.first == 0x20 || text.utf8.last == 0x20
        guard needsQuotes else { return text }
        var quoted = "\""
        for character in text.unicodeScalars {
            if character == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(character)
        }
        return quoted + "\""
    }

    /// Fields joined by commas, ended by CRLF.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }
}
