import ArgumentParser
import Gazette
import GazetteTools

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic news corpus (deterministic for a seed) for tests and benchmarks.",
        discussion: """
            Articles follow the real dump format, with a Zipf-distributed vocabulary of inflected \
            English-like words, about 50 sources, dates over ten years and about 1% syndicated copies.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Number of articles.", valueName: "n"))
    var articles: Int

    @Option(name: .long, help: ArgumentHelp("Random seed: the same seed gives the same corpus.", valueName: "s"))
    var seed: UInt64 = 42

    @Option(name: .long, help: ArgumentHelp("Folder to write into (created when missing).", valueName: "dir"))
    var out: String

    @Flag(name: .long, help: "Print {\"articles\", \"bytes\", \"seconds\"} on stdout.")
    var json = false

    func validate() throws {
        guard articles > 0 else { throw ValidationError("--articles must be at least 1") }
    }

    func run() throws {
        let generator = CorpusGenerator(seed: seed, articleCount: articles)
        let showProgress = Terminal.stderrIsTerminal
        let clock = Stopwatch()
        let result: (articles: Int, bytes: Int64)
        do {
            result = try generator.write(to: out) { done, total, bytes in
                guard showProgress else { return }
                Terminal.status("\(done)/\(total) articles, \(Format.megabytes(bytes))")
            }
        } catch {
            throw GazetteError.output(path: error.path, detail: error.reason, underlying: error)
        }
        if showProgress { Terminal.clearStatus() }
        if json {
            Terminal.out(try GazetteJSON.encode(GeneratedCorpus(articles: result.articles, bytes: result.bytes, seconds: clock.elapsed)))
        } else {
            Terminal.note("wrote \(result.articles) articles (\(Format.megabytes(result.bytes))) to \(out) in \(Format.decimal(clock.elapsed, 2)) s")
        }
    }
}
