import ArgumentParser
import Gazette
import GazetteTools

/// `--from`, `--to`, `--source` and `--lang`, shared by the commands that filter articles.
struct FilterOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Only articles dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).", valueName: "date"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Only articles dated on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).", valueName: "date"))
    var to: String?

    @Option(name: .long, help: ArgumentHelp("Only articles from HOST (repeatable; www. is ignored).", valueName: "host"))
    var source: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only articles in language CODE, ISO 639-1 (repeatable); query words are then stemmed for these languages only.", valueName: "code"))
    var lang: [LanguageCode] = []

    func validate() throws {
        for code in lang { try code.validate("--lang") }
        if let from, DateSpec(parsing: from) == nil { throw ValidationError("--from \(from): expected YYYY, YYYY-MM or YYYY-MM-DD") }
        if let to, DateSpec(parsing: to) == nil { throw ValidationError("--to \(to): expected YYYY, YYYY-MM or YYYY-MM-DD") }
        for host in source where QueryFilters.normalizeSource(host) == nil {
            throw ValidationError("--source \(host): not a host name")
        }
    }

    /// The filters as query-compiler options.
    var compileOptions: CompileOptions {
        var options = CompileOptions()
        options.from = from.flatMap { DateSpec(parsing: $0) }
        options.to = to.flatMap { DateSpec(parsing: $0) }
        options.sources = source
        options.languages = lang.map(\.text)
        return options
    }
}
