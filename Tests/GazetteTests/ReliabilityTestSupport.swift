import Foundation
import Testing
@testable import Gazette

/// Helpers for the crash-safety, fault and concurrency tests: background
/// `gazette` processes, article fingerprints, and scratch file systems.

/// A `gazette` process running in the background; output goes to files so a
/// full pipe can never stall it.
final class BackgroundGazette {
    let process = Process()
    let arguments: [String]
    private let outURL: URL
    private let errURL: URL

    init(_ arguments: [String], in directory: URL, shellPrefix: String? = nil) throws {
        self.arguments = arguments
        let tag = UUID().uuidString
        outURL = directory.appendingPathComponent("bg-\(tag).out")
        errURL = directory.appendingPathComponent("bg-\(tag).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        if let shellPrefix {
            // `exec` keeps the pid the binary's, so a kill reaches gazette itself.
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            let quoted = ([cliExecutable.path] + arguments).map(shellQuote).joined(separator: " ")
            process.arguments = ["-c", "\(shellPrefix); exec \(quoted)"]
        } else {
            process.executableURL = cliExecutable
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "GAZETTE_DB")
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
    }

    /// Sends SIGKILL: the process gets no chance to roll back or clean up.
    func killHard() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Waits for the process to end and returns what it did.
    func finish() -> CLIRun {
        process.waitUntilExit()
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        let err = (try? Data(contentsOf: errURL)) ?? Data()
        return CLIRun(arguments: arguments, status: process.terminationStatus, stdout: out, stderr: err, timedOut: false)
    }
}

func shellQuote(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// What an index holds, as "url<TAB>content hash" lines: two indexes hold the
/// same articles exactly when their fingerprints are equal.
func articleFingerprint(_ db: String) throws -> Set<String> {
    let index = try GazetteIndex(path: db, access: .read)
    let statement = try index.database.prepare("SELECT url, hash FROM articles")
    var rows = Set<String>()
    while try statement.step() { rows.insert(statement.string(0) + "\t" + String(statement.int64(1))) }
    return rows
}

/// The number of committed articles, or nil while the index cannot be opened yet.
func committedArticles(_ db: String) -> Int? {
    guard let index = try? GazetteIndex(path: db, access: .read) else { return nil }
    return try? index.database.scalarInt("SELECT count(*) FROM articles")
}

/// Writes a deterministic synthetic corpus with `gazette generate`.
func generateCorpus(articles: Int, seed: Int, in temp: CLITempDirectory, name: String = "corpus") throws -> URL {
    let folder = temp.path(name)
    let run = try temp.run(["generate", "--articles", String(articles), "--seed", String(seed), "--out", folder.path])
    #expect(run.status == 0, "\(run)")
    return folder
}

/// Runs `gazette verify --json` and returns the run and its decoded report.
func verifyIndex(_ temp: CLITempDirectory, db: String? = nil) throws -> (run: CLIRun, ok: Bool, problems: [String: [String]]) {
    let run = try temp.run(["verify", "--db", db ?? temp.db, "--json"])
    let json = run.json
    var problems: [String: [String]] = [:]
    for check in json?["checks"] as? [[String: Any]] ?? [] {
        if let name = check["name"] as? String { problems[name] = check["problems"] as? [String] ?? [] }
    }
    return (run, (json?["ok"] as? Bool) == true && run.status == 0, problems)
}

/// True when this process may mount file systems (root on Linux, with `mount` allowed).
let canMountTmpfs: Bool = {
    guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
    guard let probe = try? TmpfsMount(megabytes: 1) else { return false }
    probe.unmount()
    return true
}()

/// A small tmpfs mounted on a fresh folder, unmounted when released: a real
/// full disk, or a read-only file system, without touching the machine's disks.
final class TmpfsMount {
    let url: URL
    private var mounted = false

    init(megabytes: Int) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-tmpfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        guard Self.mount(["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", url.path]) else {
            try? FileManager.default.removeItem(at: url)
            throw CocoaError(.fileWriteNoPermission)
        }
        mounted = true
    }

    /// Makes the file system read-only (files stay readable).
    func remountReadOnly() -> Bool { Self.mount(["-o", "remount,ro", url.path]) }

    /// Makes the file system writable again, with a new size.
    func remountReadWrite(size megabytes: Int) -> Bool {
        Self.mount(["-o", "remount,rw,size=\(megabytes)m", url.path])
    }

    func unmount() {
        guard mounted else { return }
        mounted = !Self.run("/bin/umount", [url.path])
        if !mounted { try? FileManager.default.removeItem(at: url) }
    }

    deinit { unmount() }

    private static func mount(_ arguments: [String]) -> Bool { run("/bin/mount", arguments) }

    private static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

/// Waits (polling, without any time assertion) until `condition` holds or the process ends.
func waitUntil(_ process: BackgroundGazette, _ condition: () -> Bool) {
    while process.process.isRunning && !condition() { usleep(5_000) }
}
