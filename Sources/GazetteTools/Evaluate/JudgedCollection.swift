import Gazette
import Glibc

/// A test collection with relevance judgements, in the compact form kept
/// under `Fixtures/collections/NAME/`: `docs.tsv` (id, title, body),
/// `queries.tsv` (id, text) and `qrels.tsv` (query id, doc id, grade > 0).
public struct JudgedCollection: Sendable {
    public struct Document: Sendable {
        public let id: String
        public let title: String
        public let body: String
    }

    public let name: String
    public var documents: [Document] = []
    /// Queries in file order; only judged ones are evaluated.
    public var queries: [(id: String, text: String)] = []
    /// query id -> doc id -> grade (every grade listed is > 0).
    public var judgements: [String: [String: Int]] = [:]

    /// Reads the three files of `directory`; the collection is named after the folder.
    public static func load(directory: String) throws(GazetteError) -> JudgedCollection {
        let trimmed = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var collection = JudgedCollection(name: String(trimmed.split(separator: "/").last ?? "collection"))
        for row in try rows(of: trimmed + "/docs.tsv", fields: 3) {
            collection.documents.append(Document(id: row[0], title: row[1], body: row[2]))
        }
        collection.queries = try rows(of: trimmed + "/queries.tsv", fields: 2).map { ($0[0], $0[1]) }
        collection.judgements = try loadJudgements(trimmed + "/qrels.tsv")
        return collection
    }

    /// Reads a qrels file: `query doc grade` per line (tabs or spaces), grades <= 0 dropped.
    public static func loadJudgements(_ path: String) throws(GazetteError) -> [String: [String: Int]] {
        var judgements: [String: [String: Int]] = [:]
        for (number, line) in try lines(of: path).enumerated() {
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            if fields.isEmpty { continue }
            guard fields.count >= 3, let grade = Int(fields[fields.count - 1]) else {
                throw GazetteError.input(path: path, detail: "line \(number + 1): expected QUERY DOC GRADE")
            }
            if grade > 0 { judgements[String(fields[0]), default: [:]][String(fields[fields.count - 2])] = grade }
        }
        return judgements
    }

    /// Reads a queries file: `ID<TAB>TEXT` per line.
    public static func loadQueries(_ path: String) throws(GazetteError) -> [(id: String, text: String)] {
        try rows(of: path, fields: 2).map { ($0[0], $0[1]) }
    }

    /// Judged queries with at least one relevant document.
    public var judgedQueries: [(id: String, text: String)] {
        queries.filter { !(judgements[$0.id] ?? [:]).isEmpty }
    }

    /// The URL a document gets in the dump; `documentID(fromURL:)` reads it back.
    public func url(of document: Document) -> String { "https://\(name).collection.test/doc/\(document.id)" }

    /// The document id in a URL written by `url(of:)`.
    public static func documentID(fromURL url: String) -> String {
        String(url.split(separator: "/").last ?? "")
    }

    /// Writes one dump file per document (`date 2000-01-01 URL`, title, body)
    /// into `directory`, which must exist. Documents with neither title nor body are left out.
    public func writeDump(to directory: String) throws(GazetteError) {
        for document in documents where !(document.title.isEmpty && document.body.isEmpty) {
            let path = directory + "/" + document.id + ".txt"
            let title = document.title.isEmpty ? document.body : document.title
            let text = "date 2000-01-01 \(url(of: document))\n\(title)\n\(document.body)\n"
            guard let file = fopen(path, "w") else {
                throw GazetteError.input(path: path, detail: "cannot create the file: \(String(cString: strerror(errno)))")
            }
            let written = text.utf8.withContiguousStorageIfAvailable { fwrite($0.baseAddress, 1, $0.count, file) }
                ?? Array(text.utf8).withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
            let closed = fclose(file)
            guard written == text.utf8.count, closed == 0 else {
                throw GazetteError.input(path: path, detail: "cannot write the file")
            }
        }
    }

    static func lines(of path: String) throws(GazetteError) -> [Substring] {
        guard let file = fopen(path, "r") else {
            throw GazetteError.input(path: path, detail: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
    }

    private static func rows(of path: String, fields: Int) throws(GazetteError) -> [[String]] {
        var rows: [[String]] = []
        for (number, line) in try lines(of: path).enumerated() {
            let parts = line.split(separator: "\t", maxSplits: fields - 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= fields - (fields > 2 ? 1 : 0), !parts[0].isEmpty else {
                throw GazetteError.input(path: path, detail: "line \(number + 1): expected \(fields) tab-separated fields")
            }
            rows.append(parts + Array(repeating: "", count: max(0, fields - parts.count)))
        }
        return rows
    }
}
