import ArgumentParser
import Gazette
import GazetteTools

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index the article dumps below one or more directories.",
        discussion: """
            Walks each directory recursively and indexes every .txt file (one article per file). \
            Unchanged files are skipped without being read; changed files replace their article; \
            files that disappeared lose their article unless --keep-missing is given.
            Rejected files are listed on stderr with the reason; the run goes on.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("Directories holding the article dumps.", valueName: "dir"))
    var directories: [String]

    @Flag(name: .long, help: "Print the summary as one JSON object on stdout.")
    var json = false

    @Flag(name: .long, help: "Exit with code 3 when any file is rejected.")
    var strict = false

    @Flag(name: .long, help: "Keep the articles of files that have disappeared since the last run.")
    var keepMissing = false

    @Flag(name: .long, help: "Merge the full-text index into one segment at the end (a slower build; selective queries about a quarter faster).")
    var optimize = false

    @Option(name: .long, help: ArgumentHelp("Articles per transaction (each commit is a point a killed run resumes from).", valueName: "n"))
    var commitEvery = 10_000

    @Option(name: .long, help: ArgumentHelp("Jaccard similarity of word shingles at which two bodies are copies (0 < x ≤ 1).", valueName: "x"))
    var copyThreshold = CopySignature.defaultThreshold

    @Flag(name: .long, help: "Do not group new articles with their syndicated copies.")
    var noCopyDetection = false

    @Option(name: .long, help: ArgumentHelp(
        "The language of articles whose header states none (ISO 639-1, e.g. en or de), instead of detecting each one's (faster).",
        valueName: "code"))
    var lang: LanguageCode?

    func validate() throws {
        guard !directories.isEmpty else { throw ValidationError("give at least one directory to index") }
        guard commitEvery > 0 else { throw ValidationError("--commit-every must be at least 1") }
        guard copyThreshold > 0 && copyThreshold <= 1 else { throw ValidationError("--copy-threshold must be above 0 and at most 1") }
        try lang?.validate("--lang")
    }

    func run() throws {
        let index = try GazetteIndex(path: database.path, access: .write)
        var options = IndexOptions()
        options.keepMissing = keepMissing
        options.optimize = optimize
        options.commitInterval = commitEvery
        options.detectCopies = !noCopyDetection
        options.copyThreshold = copyThreshold
        options.language = lang?.code
        let indexer = Indexer(index: index, options: options)
        let showProgress = Terminal.stderrIsTerminal
        let progress: ((IndexProgress) -> Void)? = showProgress ? { ProgressBar.draw($0) } : nil
        let summary = try indexer.run(roots: directories, progress: progress)
        if showProgress { Terminal.clearStatus() }

        for rejected in summary.rejected {
            Terminal.note("rejected \(rejected.path): \(rejected.reason)")
        }
        for duplicate in summary.duplicates {
            Terminal.note("duplicate \(duplicate.path): same URL as \(duplicate.keptPath), which was kept")
        }
        if json {
            Terminal.out(try GazetteJSON.encode(summary))
        } else {
            Terminal.note(IndexCommand.text(summary))
        }
        if strict && !summary.rejected.isEmpty {
            throw ExitCode(3)
        }
    }

    static func text(_ summary: IndexSummary) -> String {
        var parts = ["\(summary.scanned) files: \(summary.indexed) indexed", "\(summary.updated) updated",
                     "\(summary.unchanged) unchanged", "\(summary.duplicates.count) duplicates",
                     "\(summary.rejected.count) rejected", "\(summary.removed) removed"]
        if summary.skipped > 0 { parts.append("\(summary.skipped) skipped (hidden or not .txt)") }
        return parts.joined(separator: ", ")
            + "\nin \(Format.decimal(summary.seconds, 2)) s: \(Format.decimal(summary.docsPerSecond, 0)) docs/s, "
            + "\(Format.decimal(summary.megabytesPerSecond, 1)) MB/s, peak memory \(Format.megabytes(summary.peakResidentBytes))"
    }
}

/// The terminal progress bar of `gazette index`.
enum ProgressBar {
    static func draw(_ progress: IndexProgress) {
        let fraction = progress.bytesTotal > 0 ? Double(progress.bytesDone) / Double(progress.bytesTotal) : 1
        let width = 24
        let filled = max(0, min(width, Int(fraction * Double(width))))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = progress.elapsed > 0 ? Double(progress.articles) / progress.elapsed : 0
        let mbRate = progress.elapsed > 0 ? Double(progress.bytesDone) / 1_000_000 / progress.elapsed : 0
        // Under 1% done the rate says too little to estimate from.
        let eta = fraction > 0.01 ? Format.duration(progress.elapsed * (1 - fraction) / fraction) : "--"
        Terminal.status("\(bar) \(progress.filesDone)/\(progress.filesTotal) files, "
                        + "\(Format.megabytes(progress.bytesDone))/\(Format.megabytes(progress.bytesTotal)), "
                        + "\(Format.decimal(rate, 0)) articles/s, \(Format.decimal(mbRate, 1)) MB/s, ETA \(eta)")
    }
}
