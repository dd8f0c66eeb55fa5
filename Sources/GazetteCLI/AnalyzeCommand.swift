import ArgumentParser
import Gazette
import GazetteTools

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show the tokens the index stores for a text.",
        discussion: """
            Prints each token with its UTF-8 byte range in the input and whether it is colocated
            (shares the position of the token before it, like the joined form of a hyphenated word).
            Reads standard input when TEXT is omitted. Use it to see why a search did or did not match.
            """
    )

    @Argument(help: ArgumentHelp("The text to analyze (default: standard input).", valueName: "text"))
    var text: [String] = []

    @Flag(name: .long, help: "Print {\"tokens\": [{\"token\", \"start\", \"end\", \"colocated\"}]} on stdout.")
    var json = false

    @Flag(name: .long, help: "Analyze as a query term (no joined compounds) instead of as a document.")
    var query = false

    func run() throws {
        let input: String
        if text.isEmpty {
            var bytes: [UInt8] = []
            while let line = readLine(strippingNewline: false) { bytes.append(contentsOf: line.utf8) }
            input = String(decoding: bytes, as: UTF8.self)
        } else {
            input = text.joined(separator: " ")
        }
        let tokens = Analyzer().tokens(of: input, purpose: query ? .query : .document)
        if json {
            Terminal.out(try GazetteJSON.encode(ResultJSON.Tokens(tokens: tokens)))
            return
        }
        for token in tokens {
            Terminal.out("\(Terminal.bold(token.token))\t\(token.start)-\(token.end)\(token.colocated ? "\tcolocated" : "")")
        }
    }
}
