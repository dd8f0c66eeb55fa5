import Gazette
import GazetteTools
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `gazette search --batch`: one query per line, one JSON object per line,
/// all in one process.
struct BatchSearch {
    let searcher: Searcher
    let options: SearchOptions
    /// Each query with query expansion (`search --batch F --expand`).
    var expand = false

    func run(file: String) throws {
        let handle: UnsafeMutablePointer<FILE>?
        if file == "-" {
            handle = fdopen(STDIN_FILENO, "r")
        } else {
            handle = fopen(file, "r")
        }
        guard let handle else {
            throw GazetteError.input(path: file, detail: String(cString: strerror(errno)))
        }
        defer { if file != "-" { fclose(handle) } }
        var lineNumber = 0
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, handle) >= 0, let line {
            lineNumber += 1
            var text = String(cString: line)
            // Scalars, not Characters: "\r\n" is one Character and would never match "\n".
            while let last = text.unicodeScalars.last, last == "\n" || last == "\r" { text.unicodeScalars.removeLast() }
            if text.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            var id = String(lineNumber)
            if let tab = text.firstIndex(of: "\t") {
                id = String(text[..<tab])
                text = String(text[text.index(after: tab)...])
            }
            let result: SearchResult
            let took: Double
            do {
                let clock = Stopwatch()
                result = expand ? try searcher.searchExpanded(text, options: options).result
                                : try searcher.search(text, options: options)
                took = clock.elapsed
            } catch {
                guard let queryError = error.queryError else { throw error }
                Terminal.out(try GazetteJSON.encode(ResultJSON.BatchFailure(id: id, query: text, error: queryError)))
                continue
            }
            // Time spent in the search itself, for measuring throughput without process start-up.
            Terminal.out(try GazetteJSON.encode(ResultJSON.BatchLine(id: id, result: result, tookSeconds: took)))
        }
    }
}
