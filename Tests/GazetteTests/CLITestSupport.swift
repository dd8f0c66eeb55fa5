import Foundation
import Testing

/// Helpers for the end-to-end tests that run the built `gazette` executable.

/// The result of one `gazette` run.
struct CLIRun: CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let stdout: Data
    let stderr: Data
    let timedOut: Bool

    var out: String { String(decoding: stdout, as: UTF8.self) }
    var err: String { String(decoding: stderr, as: UTF8.self) }

    /// stdout parsed as one JSON object (nil when it is not one).
    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: stdout, options: [])) as? [String: Any]
    }

    /// stdout parsed as one JSON object per non-empty line.
    var jsonLines: [[String: Any]] {
        out.split(separator: "\n", omittingEmptySubsequences: true).compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [])) as? [String: Any]
        }
    }

    var description: String {
        "gazette \(arguments.joined(separator: " ")) -> exit \(status)\(timedOut ? " (timed out)" : "")\n"
            + "stdout: \(out.prefix(2000))\nstderr: \(err.prefix(2000))"
    }
}

/// The repository root, found from this file's path (Tests/GazetteTests/CLITestSupport.swift).
let cliRepositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let cliFixtures: URL = cliRepositoryRoot.appendingPathComponent("Fixtures")

/// The `gazette` executable built next to the test bundle, else `.build/debug/gazette`.
let cliExecutable: URL = {
    let fileManager = FileManager.default
    var candidates: [URL] = []
    if let environment = ProcessInfo.processInfo.environment["GAZETTE_BINARY"], !environment.isEmpty {
        candidates.append(URL(fileURLWithPath: environment))
    }
    // The test bundle (GazettePackageTests.xctest, a file on Linux, a bundle on macOS)
    // sits in the same products folder as the executable.
    var bundleFolder = Bundle.main.bundleURL
    if bundleFolder.pathExtension == "xctest" { bundleFolder.deleteLastPathComponent() }
    candidates.append(bundleFolder.appendingPathComponent("gazette"))
    for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
        candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("gazette"))
    }
    if let first = CommandLine.arguments.first {
        var folder = URL(fileURLWithPath: first).deletingLastPathComponent()
        // macOS: .../debug/GazettePackageTests.xctest/Contents/MacOS/GazettePackageTests
        while folder.path.contains(".xctest") { folder.deleteLastPathComponent() }
        candidates.append(folder.appendingPathComponent("gazette"))
    }
    candidates.append(cliRepositoryRoot.appendingPathComponent(".build/debug/gazette"))
    for candidate in candidates where fileManager.isExecutableFile(atPath: candidate.path) {
        return candidate.standardizedFileURL
    }
    return candidates.last!
}()

/// Runs `gazette` with `arguments` in `directory` and waits at most `timeout` seconds.
///
/// The environment is the test's minus `GAZETTE_DB` and `NO_COLOR`, plus `environment`.
/// stdin, stdout and stderr are files, so the binary never sees a terminal. Not pipes: a
/// pipe's descriptors are inherited by any child another test thread spawns meanwhile
/// (Foundation opens them without close-on-exec), and a read to the pipe's end, or the
/// binary's read of its stdin, then waits for that other child to exit.
@discardableResult
func runGazette(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
                stdin: Data? = nil, timeout: TimeInterval = 20) throws -> CLIRun {
    let process = Process()
    process.executableURL = cliExecutable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "GAZETTE_DB")
    env.removeValue(forKey: "NO_COLOR")
    for (key, value) in environment { env[key] = value }
    process.environment = env

    let files = try CLITempDirectory()
    // Removed on release; kept until the output has been read back below.
    defer { withExtendedLifetime(files) {} }
    let inURL = files.path("stdin")
    let outURL = files.path("stdout")
    let errURL = files.path("stderr")
    try (stdin ?? Data()).write(to: inURL)
    try Data().write(to: outURL)
    try Data().write(to: errURL)
    let input = try FileHandle(forReadingFrom: inURL)
    let output = try FileHandle(forWritingTo: outURL)
    let errors = try FileHandle(forWritingTo: errURL)
    defer {
        try? input.close()
        try? output.close()
        try? errors.close()
    }
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors

    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    var timedOut = false
    while process.isRunning {
        if Date() > deadline {
            timedOut = true
            process.terminate()
            break
        }
        usleep(2_000)
    }
    process.waitUntilExit()
    return CLIRun(arguments: arguments, status: process.terminationStatus,
                  stdout: try Data(contentsOf: outURL), stderr: try Data(contentsOf: errURL), timedOut: timedOut)
}

/// A fresh temporary directory, removed when the value is released at the end of a test.
final class CLITempDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("gazette-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// `--db` path inside the directory.
    var db: String { url.appendingPathComponent("index.db").path }

    func path(_ component: String) -> URL { url.appendingPathComponent(component) }

    /// Copies a folder of `Fixtures/` (e.g. "articles") into this directory and returns the copy.
    func copyFixtures(_ name: String) throws -> URL {
        let destination = url.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.copyItem(at: cliFixtures.appendingPathComponent(name), to: destination)
        return destination
    }

    /// Runs `gazette` here.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil) throws -> CLIRun {
        try runGazette(arguments, in: url, environment: environment, stdin: stdin)
    }

    /// Indexes `directory` into `db` with `--json`, failing the test unless it exits 0.
    @discardableResult
    func index(_ directory: URL, _ extra: [String] = []) throws -> [String: Any] {
        let result = try run(["index", directory.path, "--db", db, "--json"] + extra)
        #expect(result.status == 0, "\(result)")
        return try #require(result.json, "index --json did not print one JSON object: \(result)")
    }

    /// `gazette search --db <db> --json ARGS`.
    func search(_ arguments: [String]) throws -> CLIRun {
        try run(["search", "--db", db, "--json"] + arguments)
    }
}

/// Reads an integer member of a JSON object (JSONSerialization gives NSNumber).
func cliInt(_ object: [String: Any]?, _ key: String) -> Int? {
    guard let value = object?[key] else { return nil }
    guard cliIsInteger(value), let number = value as? NSNumber else { return nil }
    return number.intValue
}

/// True when a JSON value decoded by JSONSerialization is a boolean rather than a number
/// (`__NSCFBoolean` on both Darwin and Linux Foundation; `0 is Bool` is true on Linux, so no `is` test).
func cliIsBool(_ value: Any?) -> Bool {
    guard let value else { return false }
    return String(describing: type(of: value)).contains("Boolean")
}

/// True when `value` is a JSON number (not a boolean).
func cliIsNumber(_ value: Any?) -> Bool {
    guard let value, !cliIsBool(value) else { return false }
    return value is NSNumber
}

/// True when `value` is a JSON integer (no fraction, not a boolean).
func cliIsInteger(_ value: Any?) -> Bool {
    guard cliIsNumber(value), let number = value as? NSNumber else { return false }
    let type = String(cString: number.objCType)
    return type != "d" && type != "f"
}

/// True when `value` is a JSON string.
func cliIsString(_ value: Any?) -> Bool {
    guard let value else { return false }
    return value is String && !(value is NSNumber)
}

/// The hits of a search JSON object.
func cliHits(_ object: [String: Any]?) -> [[String: Any]] {
    object?["hits"] as? [[String: Any]] ?? []
}
