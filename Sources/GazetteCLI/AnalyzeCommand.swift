import ArgumentParser
import Gazette
import GazetteTools

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show the tokens the index stores for a text.",
        discussion: """
            Prints each token with its UTF-8 byte range in the input and whether it is colocated \
            (shares the position of the token before it, like the joined form of a hyphenated word).
            Reads standard input when TEXT is omitted. Use it to see why a search did or did not match.
            """
    )

    @Argument(help: ArgumentHelp("The text to analyze (default: standard input).", valueName: "text"))
    var text: [String] = []

    @Flag(name: .long, help: "Print {\"tokens\": [{\"token\", \"start\", \"end\", \"colocated\"}], \"lang\", \"stemmer\"} on stdout.")
    var json = false

    @Flag(name: .long, help: "Analyze as a query term (no joined compounds) instead of as a document.")
    var query = false

    @Option(name: .long, help: ArgumentHelp("Analyze as text in language CODE (ISO 639-1), stemmed by its Snowball stemmer; prints each token's surface form too.", valueName: "code"))
    var lang: LanguageCode?

    func validate() throws {
        try lang?.validate("--lang")
    }

    func run() throws {
        let input: String
        if text.isEmpty {
            var bytes: [UInt8] = []
            while let line = readLine(strippingNewline: false) { bytes.append(contentsOf: line.utf8) }
            input = String(decoding: bytes, as: UTF8.self)
        } else {
            input = text.joined(separator: " ")
        }
        let analyzer = Analyzer()
        let code = lang?.code ?? ""
        if !code.isEmpty { analyzer.setLanguage(code) }
        let tokens = analyzer.tokens(of: input, purpose: query ? .query : .document)
        if json {
            Terminal.out(try GazetteJSON.encode(ResultJSON.Tokens(tokens: tokens, language: code)))
            return
        }
        let bytes = Array(input.utf8)
        for token in tokens {
            // The surface form: the words of the input the token stands for.
            let surface = lang == nil || token.end > bytes.count || token.start > token.end ? ""
                : "\t" + String(decoding: bytes[token.start..<token.end], as: UTF8.self)
            Terminal.out("\(Terminal.bold(token.token))\t\(token.start)-\(token.end)\(token.colocated ? "\tcolocated" : "")\(surface)")
        }
    }
}
