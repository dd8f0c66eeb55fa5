import ArgumentParser
import Gazette

/// `gazette similar URL|ID`: articles like this one.
struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Articles like the one given (by URL, or by the id search --json prints).",
        discussion: "The article's most distinctive words (tf-idf against the archive) make the query; the article and its copies are left out."
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The article's URL or id.", valueName: "url|id"))
    var reference: String

    @Option(name: .long, help: ArgumentHelp("Hits to show.", valueName: "n"))
    var limit = 10

    @Flag(name: .long, help: "Print one JSON object on stdout (the shape of search --json).")
    var json = false

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must not be negative") }
    }

    func run() throws {
        let index = try GazetteIndex(path: database.path, access: .read)
        var options = SearchOptions()
        options.limit = limit
        let result = try Searcher(index: index).similar(to: reference, options: options)
        if json {
            Terminal.out(ResultJSON.search(result, id: nil).serialized())
        } else {
            SearchOutput.human(result, offset: 0)
        }
        if result.hits.isEmpty { throw ExitCode(1) }
    }
}
