import ArgumentParser
import Gazette
import GazetteTools

struct CopiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copies",
        abstract: "List the syndicated copies of an article: who ran the story, and when.",
        discussion: """
            Shows every article of the given article's copy cluster, earliest first (the first is the \
            original), with its date, source, wire credit and the Jaccard similarity of its text to the \
            given article. Exit codes: 0 listed, 1 no such article, 2 usage error, 3 other failure.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The article: its URL or its numeric id (as in search --json).", valueName: "url|id"))
    var article: String

    @Flag(name: .long, help: "Print {\"article\", \"cluster\", \"size\", \"sources\", \"members\": [...]} on stdout.")
    var json = false

    func run() throws {
        let index = try GazetteIndex(path: database.path, access: .read)
        guard let cluster = try index.copies(of: article) else {
            Terminal.error("no article with URL or id \(article) in \(database.path)")
            throw ExitCode(1)
        }
        if json {
            Terminal.out(try GazetteJSON.encode(cluster))
            return
        }
        let copies = cluster.size - 1
        Terminal.out(copies == 0 ? "no copies of this article"
                     : "\(cluster.size) articles in \(cluster.sources) \(cluster.sources == 1 ? "source" : "sources"), earliest first")
        for member in cluster.members {
            let marks = (member.id == cluster.id ? " original" : "") + (member.id == cluster.article ? " (this)" : "")
            let wire = member.wire.map { " (\($0))" } ?? ""
            Terminal.out("")
            Terminal.out("\(member.date)  \(member.source)\(wire)  \(Format.decimal(member.similarity, 2))\(marks)")
            Terminal.out("   " + Terminal.bold(member.title))
            Terminal.out("   " + Terminal.dim(member.url))
        }
    }
}

/// Precision and recall of copy detection on a generated corpus: index the
/// output of `gazette generate --articles N --seed S` first.
struct EvaluateCopiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-copies",
        abstract: "Score copy detection against a generated corpus's planted copies.",
        shouldDisplay: false
    )

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Articles of the generated corpus.", valueName: "n"))
    var articles: Int

    @Option(name: .long, help: ArgumentHelp("Seed of the generated corpus.", valueName: "s"))
    var seed: UInt64 = 42

    func run() throws {
        let index = try GazetteIndex(path: database.path, access: .read)
        let result = try CopyEvaluation.evaluate(index: index, generator: CorpusGenerator(seed: seed, articleCount: articles))
        Terminal.out(try GazetteJSON.encode(result))
    }
}
