import Foundation
import Testing

/// `--help` is read on terminals of any width, so a command's description must
/// be written as paragraphs that the argument parser wraps, not as lines broken
/// by hand: those come out ragged ("a long line / two words / a long line").
@Suite("Help text")
struct HelpTextTests {
    static let commands = ["", "index", "search", "count", "sources", "export", "stats", "verify", "analyze",
                           "copies", "similar", "terms", "generate", "bench", "serve", "evaluate"]

    /// Lines of the description (before `USAGE:`) that end early: the next line's
    /// first word would have fitted, and the line does not end a sentence or a label.
    static func raggedBreaks(in help: String, width: Int) -> [String] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let description = lines.prefix { !$0.hasPrefix("USAGE:") }
        var ragged: [String] = []
        for (line, next) in zip(description, description.dropFirst()) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // Blank lines end paragraphs; indented lines are lists laid out by hand.
            guard !trimmed.isEmpty, let first = next.split(separator: " ").first, !next.hasPrefix(" ") else { continue }
            if let last = trimmed.last, ".:;".contains(last) { continue }
            if line.count + 1 + first.count < width { ragged.append(line + " ⏎ " + first) }
        }
        return ragged
    }

    @Test(arguments: [80, 120])
    func descriptionsWrapAsParagraphsAtAnyWidth(width: Int) throws {
        let temp = try CLITempDirectory()
        for command in Self.commands {
            let arguments = (command.isEmpty ? [] : [command]) + ["--help"]
            let run = try runGazette(arguments, in: temp.url, environment: ["COLUMNS": String(width)])
            #expect(run.status == 0, "\(arguments): \(run)")
            #expect(run.out.contains("USAGE:"), "\(arguments): \(run)")
            #expect(Self.raggedBreaks(in: run.out, width: width).isEmpty,
                    "gazette \(command) --help at \(width) columns breaks lines early: \(Self.raggedBreaks(in: run.out, width: width))")
        }
    }

    @Test func raggedBreaksAreFound() {
        let ragged = """
            OVERVIEW: Something.

            Builds an index of every file below the folder and then times the very same
            queries on both,
            and reports the ratios.
            Exit codes: 0 done.

            USAGE: gazette thing
            """
        #expect(Self.raggedBreaks(in: ragged, width: 80) == ["queries on both, ⏎ and"])
        let wrapped = """
            OVERVIEW: Something.

            Builds an index of every file below the folder and then times the very same
            queries on both, and reports the ratios.
            Exit codes: 0 done.

            USAGE: gazette thing
            """
        #expect(Self.raggedBreaks(in: wrapped, width: 80).isEmpty)
    }
}
