import ArgumentParser
import Gazette
import GazetteTools

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that an index is intact and consistent.",
        discussion: """
            Runs SQLite's integrity check, FTS5's integrity check (the full-text index against the \
            articles) and Gazette's own checks (every article in the full-text index and back, sources, \
            file records, ids and dates). It only reads, so it is safe while an index run is writing.
            Exit codes: 0 every check passed, 3 a check failed (each problem is named) or the index \
            cannot be opened.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Print one JSON object on stdout: {ok, checks: [{name, ok, problems}], articles}.")
    var json = false

    func run() throws {
        let index = try GazetteIndex(path: database.path, access: .read)
        let report = index.verify()
        if json {
            Terminal.out(try GazetteJSON.encode(ResultJSON.Verification(report: report, path: database.path)))
        } else {
            for check in report.checks {
                Terminal.out("\(check.ok ? "ok    " : "FAILED") \(check.name)")
                for problem in check.problems { Terminal.out("       \(problem)") }
            }
            Terminal.out("\(database.path): \(report.articles) articles, "
                         + (report.ok ? "all checks passed" : "\(report.checks.filter { !$0.ok }.count) checks failed"))
        }
        if !report.ok {
            if !json { Terminal.error("\(database.path): the index failed verification") }
            throw ExitCode(3)
        }
    }
}
