import ArgumentParser
import Gazette
import GazetteTools

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show what an index holds: articles, sources, date range, size, languages."
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Print one JSON object on stdout.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("How many top sources to list.", valueName: "n"))
    var top = 10

    func validate() throws {
        guard top >= 0 else { throw ValidationError("--top must not be negative") }
    }

    func run() throws {
        let index = try GazetteIndex(path: database.path, access: .read)
        let stats = try index.statistics(topSources: top)
        if json {
            Terminal.out(try GazetteJSON.encode(stats))
            return
        }
        Terminal.out("\(Terminal.bold(String(stats.articles))) articles from \(stats.sources) sources")
        if let first = stats.firstDate, let last = stats.lastDate {
            Terminal.out("dates: \(first) to \(last)")
        }
        Terminal.out("index: \(database.path), \(Format.megabytes(stats.indexBytes))")
        if !stats.languages.isEmpty {
            let languages = stats.languages.map { "\($0.value.isEmpty ? "not known" : $0.value) \($0.count)" }
            Terminal.out("languages: " + languages.joined(separator: ", "))
        }
        if !stats.topSources.isEmpty {
            Terminal.out("top sources:")
            let width = String(stats.topSources.first?.count ?? 0).count
            for source in stats.topSources {
                let count = String(source.count)
                Terminal.out("  " + String(repeating: " ", count: max(0, width - count.count)) + count + "  " + source.value)
            }
        }
        Terminal.out("coverage per source (articles per period, gaps, bad dates, rejected files): gazette sources")
    }
}
