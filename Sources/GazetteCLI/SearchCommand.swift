import ArgumentParser
import Foundation
import Gazette
import GazetteTools

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index; ranked hits with snippets.",
        discussion: """
            Query language: words (all required), "exact phrases", a OR b, -word / NOT word, \
            (groups), prefix*, NEAR(a b, N) and a NEAR/N b, title:word, body:word, source:host, \
            after:DATE, before:DATE, date:DATE (DATE is YYYY, YYYY-MM or YYYY-MM-DD).
            Paging: --offset N skips N hits; --after CURSOR starts after the page whose --json printed \
            "next": CURSOR (the same query and options; articles added meanwhile neither repeat hits \
            nor push them off a page, and relevance keeps the statistics of the first page).
            Exit codes: 0 hits found, 1 no hits, 2 usage, query or cursor error, 3 other failure.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var filters: FilterOptions

    // allUnrecognized: `gazette search war -peace` must read -peace as an exclusion, not an option.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The query (words are joined with spaces).", valueName: "query"))
    var words: [String] = []

    @Option(name: .long, help: ArgumentHelp("Hits to show.", valueName: "n"))
    var limit = 10

    @Option(name: .long, help: ArgumentHelp("Hits to skip (for paging).", valueName: "n"))
    var offset = 0

    @Option(name: .long, help: ArgumentHelp("Start after this cursor: the \"next\" value of the previous page's --json (not with --offset).", valueName: "cursor"))
    var after: String?

    @Option(name: .long, help: ArgumentHelp("relevance (default), newest or oldest.", valueName: "order"))
    var sort = Choice<Gazette.SortOrder>(.relevance)

    @Flag(name: .long, help: "Make the words optional, ranking articles that match more of them first.")
    var any = false

    @Option(name: .long, help: ArgumentHelp("Boost recent articles: half-life in days, from the newest article in the index.", valueName: "days"))
    var recency: Double?

    @Flag(name: .long, help: "Count sources and dates over all matches.")
    var facets = false

    @Option(name: .long, help: ArgumentHelp("Sources to list in the facets.", valueName: "n"))
    var facetLimit = 10

    @Option(name: .long, help: ArgumentHelp("Date histogram buckets: day, week, month or year (default: from the span).", valueName: "unit"))
    var by: Choice<DateGranularity>?

    @Flag(name: .long, help: "List every article: do not collapse syndicated copies into one hit per story.")
    var allCopies = false

    @Flag(name: .long, help: "Facets count stories (copy clusters) instead of articles.")
    var distinct = false

    @Flag(name: .long, help: "Query expansion: add terms from the best first-pass articles (RM3), then rank once more.")
    var expand = false

    @Flag(name: .long, help: "Print the parsed query, the FTS5 expression, the filters and the sort, then search.")
    var explain = false

    @Option(name: .long, help: ArgumentHelp("Answer one query per line of FILE (- for stdin), one JSON object per line. A line ID<TAB>QUERY names its id.", valueName: "file"))
    var batch: String?

    @Flag(name: .long, help: "Print one JSON object on stdout.")
    var json = false

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must not be negative") }
        guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
        guard facetLimit >= 0 else { throw ValidationError("--facet-limit must not be negative") }
        try sort.validate("--sort")
        try by?.validate("--by")
        if let recency, !(recency > 0 && recency.isFinite) { throw ValidationError("--recency must be a positive number of days") }
        if batch == nil && words.isEmpty { throw ValidationError("give a query, or --batch FILE") }
        if batch != nil && !words.isEmpty { throw ValidationError("give either a query or --batch, not both") }
        if after != nil && offset != 0 { throw ValidationError("give either --after or --offset, not both: a cursor already says where the page starts") }
        if after != nil && (batch != nil || expand) { throw ValidationError("--after does not work with --batch or --expand") }
    }

    /// The query words; a leading `--` (the usual end-of-options marker) is not part of the query.
    var queryText: String {
        (words.first == "--" ? Array(words.dropFirst()) : words).joined(separator: " ")
    }

    var options: SearchOptions {
        var options = SearchOptions()
        options.limit = limit
        options.offset = offset
        options.sort = sort.value ?? .relevance
        options.compile = filters.compileOptions
        options.compile.anyMode = any
        options.facets = facets
        options.facetLimit = facetLimit
        options.granularity = by?.value
        options.recencyHalfLife = recency
        options.collapseCopies = !allCopies
        options.distinct = distinct
        return options
    }

    func run() throws {
        var options = self.options
        if let after { options.after = try SearchCursor(encoded: after) }
        let index = try GazetteIndex(path: database.path, access: .read)
        let searcher = Searcher(index: index)
        if let batch {
            try BatchSearch(searcher: searcher, options: options, expand: expand).run(file: batch)
            return
        }
        let text = queryText
        let result: SearchResult
        if expand {
            let expanded = try searcher.searchExpanded(text, options: options)
            result = expanded.result
            if explain {
                let added = expanded.expansion.added.map { term in
                    term.term + " (" + term.stem + ") " + String(format: "%.3f", term.weight)
                }
                let raised = expanded.expansion.reweighted.map { term in
                    term.term + " (" + term.stem + ") " + String(format: "%.3f", term.weight)
                }
                let line = "expansion: " + (added.isEmpty ? "no terms added" : added.joined(separator: ", "))
                    + "; original terms weigh 1" + (raised.isEmpty ? "" : ", raised by feedback: " + raised.joined(separator: ", "))
                if json { Terminal.note(line) } else { Terminal.out(line) }
            }
        } else {
            result = try searcher.search(text, options: options)
        }
        if explain { SearchOutput.explain(result, to: json ? Terminal.note : Terminal.out) }
        if json {
            Terminal.out(try GazetteJSON.encode(result))
        } else {
            SearchOutput.human(result, offset: options.after?.rank ?? offset, collapsed: !allCopies)
        }
        if result.hits.isEmpty && result.total == 0 { throw ExitCode(1) }
    }
}
