import ArgumentParser
import Gazette
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every article matching a query to stdout, as CSV or JSON Lines.",
        discussion: """
            Every match, not a page: the union of all pages of `search` in the same order (ties by id). \
            Without --distinct every article is listed (search --all-copies); --distinct keeps one per \
            story (copy cluster), the first in the order, as search shows it.

            Memory: --sort newest and oldest stream the matches in date (id) order and hold nothing \
            per row, however many rows are written. --sort relevance (the default, as in search) must \
            rank every match before writing the first: it holds each match's id and score, about 50 \
            bytes a match (50 MB for a million matches), plus the stories written with --distinct.

            Fields (default id,date,source,url,title,wire,cluster,copies,path): --fields LIST sets \
            them; a list of +NAME adds to the defaults (--fields +body,+score). Also available: \
            body, snippet, score, lang (ISO 639-1, empty when not known).

            CSV is RFC 4180: a header row, CRLF line ends, fields with commas, quotes or line breaks \
            quoted. JSON Lines: one object per article, keys in field order, null for no wire.
            Progress goes to stderr when it is a terminal.
            Exit codes: 0 rows written, 1 no matches, 2 usage or query error, 3 other failure.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var filters: FilterOptions

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The query (words are joined with spaces).", valueName: "query"))
    var words: [String] = []

    @Option(name: .long, help: ArgumentHelp("csv (default) or jsonl.", valueName: "format"))
    var format = Choice<ExportFormat>(.csv)

    @Option(name: .long, help: ArgumentHelp("Comma-separated fields, or +NAME,... to add to the defaults.", valueName: "list"))
    var fields: String?

    @Flag(name: .long, help: "One row per story: collapse syndicated copies.")
    var distinct = false

    @Option(name: .long, help: ArgumentHelp("relevance (default; holds every match's id and score), newest or oldest (streamed).", valueName: "order"))
    var sort = Choice<Gazette.SortOrder>(.relevance)

    @Flag(name: .long, help: "Make the words optional, ranking articles that match more of them first.")
    var any = false

    @Option(name: .long, help: ArgumentHelp("Boost recent articles (relevance): half-life in days.", valueName: "days"))
    var recency: Double?

    func validate() throws {
        try format.validate("--format")
        try sort.validate("--sort")
        _ = try parsedFields()
        if let recency, !(recency > 0 && recency.isFinite) { throw ValidationError("--recency must be a positive number of days") }
        if queryText.isEmpty && filters.from == nil && filters.to == nil && filters.source.isEmpty {
            throw ValidationError("give a query (or --from, --to or --source to export every article they allow)")
        }
    }

    var queryText: String {
        (words.first == "--" ? Array(words.dropFirst()) : words).joined(separator: " ")
    }

    func parsedFields() throws -> [ExportField] {
        guard let fields else { return ExportField.defaults }
        let names = fields.split(separator: ",", omittingEmptySubsequences: false).map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else { throw ValidationError("--fields \(fields): give field names separated by commas") }
        let adding = names.allSatisfy { $0.hasPrefix("+") }
        guard adding || !names.contains(where: { $0.hasPrefix("+") }) else {
            throw ValidationError("--fields \(fields): either list the fields or add to the defaults with +NAME, not both")
        }
        var chosen = adding ? ExportField.defaults : []
        for name in names {
            let bare = adding ? String(name.dropFirst()) : name
            guard let field = ExportField(rawValue: bare) else {
                throw ValidationError("--fields: unknown field \(bare); expected \(ExportField.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !chosen.contains(field) { chosen.append(field) }
        }
        return chosen
    }

    func run() throws {
        var options = SearchOptions()
        options.sort = sort.value ?? .relevance
        options.compile = filters.compileOptions
        options.compile.anyMode = any
        options.recencyHalfLife = recency
        options.collapseCopies = distinct
        let encoder = ExportEncoder(format: format.value ?? .csv, fields: try parsedFields())
        let index = try GazetteIndex(path: database.path, access: .read)
        var output = OutputStream()
        if let header = encoder.header { try output.write(header) }
        let progress = ExportProgress(enabled: Terminal.stderrIsTerminal)
        let rows = try Searcher(index: index).export(queryText, options: options, fields: encoder.fields) { row throws(GazetteError) in
            try output.write(encoder.record(row))
            progress.row()
        }
        try output.flush()
        progress.finish(rows: rows)
        if rows == 0 { throw ExitCode(1) }
    }
}

/// Standard output in 64 KiB blocks, written with write(2) as they fill:
/// nothing builds up however many rows go through.
struct OutputStream {
    private var buffer: [UInt8] = []
    private let capacity = 1 << 16

    init() { buffer.reserveCapacity(capacity) }

    mutating func write(_ text: String) throws(GazetteError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { try flush() }
    }

    mutating func flush() throws(GazetteError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { writeToStandardOutput($0, from: offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw GazetteError.output(path: "standard output", detail: "writing failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// write(2) to standard output; a free function because `OutputStream.write` hides the C one inside the type.
private func writeToStandardOutput(_ bytes: UnsafeRawBufferPointer, from offset: Int) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    return write(STDOUT_FILENO, base + offset, bytes.count - offset)
}

/// "exported 120,000 rows (40,000 rows/s)" on a terminal's stderr, a few times a second.
final class ExportProgress {
    private let enabled: Bool
    private let start = ExportProgress.now()
    private var rows = 0
    private var shown = 0.0

    init(enabled: Bool) { self.enabled = enabled }

    func row() {
        rows += 1
        guard enabled, rows % 512 == 0 else { return }
        let elapsed = ExportProgress.now() - start
        guard elapsed - shown >= 0.25 else { return }
        shown = elapsed
        Terminal.status("exported \(rows) rows (\(Int(Double(rows) / max(elapsed, 1e-9))) rows/s)")
    }

    func finish(rows: Int) {
        guard enabled else { return }
        let elapsed = ExportProgress.now() - start
        Terminal.clearStatus()
        Terminal.note("exported \(rows) rows in \(Format.decimal(elapsed, 1)) s")
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
