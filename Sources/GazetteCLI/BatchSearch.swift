import Gazette
import GazetteTools
import Glibc

/// `gazette search --batch`: one query per line, one JSON object per line,
/// all in one process.
struct BatchSearch {
    let searcher: Searcher
    let options: SearchOptions

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
            do {
                let clock = Stopwatch()
                let result = try searcher.search(text, options: options)
                let took = clock.elapsed
                guard case .object(var members) = ResultJSON.search(result, id: id) else { continue }
                // Time spent in the search itself, for measuring throughput without process start-up.
                members.append(("took_ms", .double((took * 1_000_000).rounded() / 1000)))
                Terminal.out(JSONValue.object(members).serialized())
            } catch {
                if case .query(let queryError, _) = error {
                    Terminal.out(ResultJSON.queryError(id: id, query: text, error: queryError).serialized())
                } else {
                    throw error
                }
            }
        }
    }
}
