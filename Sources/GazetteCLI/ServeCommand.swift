import ArgumentParser
import Dispatch
import Foundation
import Gazette
import GazetteServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a search page and a JSON API over an index (read-only).",
        discussion: """
            Pages: / (search), /coverage (counts over time), /articles/ID. API: /api/search, /api/count, \
            /api/stats, /api/copies, /api/articles/ID (JSON; the shapes of the commands' --json).
            Binds to 127.0.0.1 unless --host names another address. Stop with Ctrl-C.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Address to listen on (default: loopback only).", valueName: "address"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("Port (0: any free port, printed on start).", valueName: "port"))
    var port = 8080

    @Option(name: .long, help: ArgumentHelp("Seconds a request's index work may take before it is stopped.", valueName: "seconds"))
    var deadline = 10.0

    @Option(name: .long, help: ArgumentHelp("Read connections: requests answered at once.", valueName: "n"))
    var readers = 4

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port \(port): expected 0 to 65535") }
        guard deadline > 0, deadline <= 3_600 else { throw ValidationError("--deadline must be from 0 to 3600 seconds") }
        guard (1...64).contains(readers) else { throw ValidationError("--readers must be from 1 to 64") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
    }

    func run() throws {
        var settings = GazetteServer.Configuration(databasePath: database.path)
        settings.host = host
        settings.port = port
        settings.deadline = deadline
        settings.readers = readers
        let path = database.path
        let host = self.host
        let server = try GazetteServer.server(settings) { port in
            Terminal.note("gazette: serving \(path) at http://\(host.contains(":") ? "[\(host)]" : host):\(port)/")
        }
        // The command line is synchronous; the server runs until SIGINT or
        // SIGTERM, which Hummingbird's service group turns into a clean stop.
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do { try await server.run() } catch { failure.set("\(error)") }
            done.signal()
        }
        done.wait()
        if let message = failure.message {
            throw GazetteError.output(path: "\(host):\(port)", detail: "cannot serve there: \(message)")
        }
    }
}

/// Carries the server's failure from its task to the waiting command.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String?
    var message: String? { lock.withLock { stored } }
    func set(_ text: String) { lock.withLock { stored = text } }
}
