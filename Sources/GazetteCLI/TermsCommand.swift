import ArgumentParser
import Foundation
import Gazette

/// `gazette terms QUERY`: the words that set the matching articles apart.
struct TermsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terms",
        abstract: "The terms that distinguish the articles matching a query from the archive.",
        discussion: """
            Significance is JLH (Elasticsearch's significant_terms default). When more than \
            \(TermsCommand.sampleSize) articles match, the best-ranked \(TermsCommand.sampleSize) are read, and the output says so.
            """
    )

    static let sampleSize = 500

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var filters: FilterOptions

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The query (words are joined with spaces).", valueName: "query"))
    var words: [String] = []

    @Option(name: .long, help: ArgumentHelp("Terms to show.", valueName: "n"))
    var limit = 20

    @Flag(name: .long, help: "Print {\"query\", \"matches\", \"sampled\", \"terms\": [{\"term\", \"stem\", \"score\", \"count\"}]}.")
    var json = false

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must not be negative") }
        if words.isEmpty { throw ValidationError("give a query") }
    }

    func run() throws {
        let text = (words.first == "--" ? Array(words.dropFirst()) : words).joined(separator: " ")
        let index = try GazetteIndex(path: database.path, access: .read)
        let found = try Searcher(index: index).significantTerms(text, options: filters.compileOptions, limit: limit,
                                                                sampleSize: Self.sampleSize)
        if json {
            Terminal.out(ResultJSON.significantTerms(found, query: text).serialized())
        } else {
            var header = "\(found.matches) \(found.matches == 1 ? "match" : "matches")"
            if found.sampled < found.matches { header += ", terms from a sample of the best \(found.sampled)" }
            Terminal.out(header)
            for term in found.terms {
                Terminal.out(term.term.padding(toLength: max(term.term.count, 20), withPad: " ", startingAt: 0)
                             + String(format: "  %8.3f  in %d", term.score, term.count))
            }
        }
        if found.matches == 0 { throw ExitCode(1) }
    }
}
