import ArgumentParser
import Gazette
import GazetteTools
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `gazette` command: a thin layer of argument parsing over the Gazette library.
struct GazetteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette",
        abstract: "Full-text search for news archives.",
        discussion: """
            Index a directory of article dumps, then search, count and inspect it.

            Exit codes:
              0  success (for search: at least one hit)
              1  search found nothing
              2  usage, query or cursor error
              3  any other failure (unreadable input, database problem; index --strict
                 with rejected files; verify found a problem)
            """,
        version: "0.1.0",
        subcommands: [IndexCommand.self, SearchCommand.self, StatsCommand.self, VerifyCommand.self, AnalyzeCommand.self, GenerateCommand.self, CountCommand.self, BenchCommand.self,
                      CopiesCommand.self, EvaluateCopiesCommand.self, EvaluateCommand.self, SimilarCommand.self, TermsCommand.self,
                      ServeCommand.self, ExportCommand.self, SourcesCommand.self]
    )
}

@main
enum GazetteMain {
    static func main() {
        do {
            var command = try GazetteCommand.parseAsRoot()
            try command.run()
        } catch let error as GazetteError {
            Terminal.error(error.description)
            exit(error.exitCode)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let code = GazetteCommand.exitCode(for: error)
            if code == .success {
                print(GazetteCommand.fullMessage(for: error))
                exit(0)
            }
            // Argument errors are usage errors: documented as exit code 2.
            Terminal.error(GazetteCommand.fullMessage(for: error))
            exit(2)
        }
    }
}

/// `--db`, shared by every command that opens an index.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Index file.", discussion: "Default: $GAZETTE_DB, else gazette.db in the current directory.", valueName: "path"))
    var db: String?

    var path: String {
        if let db { return db }
        if let environment = getenv("GAZETTE_DB"), environment.pointee != 0 { return String(cString: environment) }
        return "gazette.db"
    }
}
