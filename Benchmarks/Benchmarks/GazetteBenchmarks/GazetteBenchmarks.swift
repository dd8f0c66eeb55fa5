// Gazette's benchmarks, run with `cd Benchmarks && swift package benchmark`.
//
// All data is generated in setup, never timed:
// - Tokenizer: 1 MB (1,000,000 bytes) of generated article text per iteration, so
//   `throughput` reads as MB/s; the `tokens/s` custom metric gives the token rate.
// - Stemmer: one scaled iteration is one word (scaling factor mega), so
//   `throughput` reads as millions of words/s.
// - Indexing: a 5,000-article generated corpus (seed 42, about 17 MB) per iteration,
//   Gazette (the full `Indexer` pipeline) and the raw-FTS5 baseline side by side;
//   `docs/s` and `MB/s` custom metrics, peak resident memory from package-benchmark.
//   5,000 rather than 20,000 keeps `swift package benchmark` to a few minutes;
//   `gazette bench` is the place for the 20,000-article (or your own archive's) figures.
// - Queries: both indexes of that corpus, built in setup; one iteration runs every
//   query of one category of the deterministic mix (`QueryMix`, 5 queries each).
//
// The corpus is written once to /dev/shm (else $TMPDIR or /tmp) under
// `gazette-benchmarks/` and reused by later runs; indexes are rebuilt every run.
import Benchmark
import Foundation
import Gazette
import GazetteTools

let corpusArticles = 5_000
let corpusSeed: UInt64 = 42

enum Metrics {
    static let tokensPerSecond = BenchmarkMetric.custom("tokens/s", polarity: .prefersLarger, useScalingFactor: false)
    static let docsPerSecond = BenchmarkMetric.custom("docs/s", polarity: .prefersLarger, useScalingFactor: false)
    static let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
}

/// Where generated data lives between runs.
enum Workspace {
    static var folder: String {
        var base = "/tmp"
        if FileManager.default.fileExists(atPath: "/dev/shm") {
            base = "/dev/shm"
        } else if let tmp = ProcessInfo.processInfo.environment["TMPDIR"], !tmp.isEmpty {
            base = tmp
        }
        let folder = base + "/gazette-benchmarks"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The generated corpus, written on first use; a marker file records that it is complete.
    static func corpus() throws -> (root: String, files: [SourceFile], bytes: Int64) {
        let root = folder + "/corpus-\(corpusArticles)-seed\(corpusSeed)"
        let marker = root + ".complete"
        if !FileManager.default.fileExists(atPath: marker) {
            try? FileManager.default.removeItem(atPath: root)
            try CorpusGenerator(seed: corpusSeed, articleCount: corpusArticles).write(to: root)
            // Without the marker the next run only generates the corpus again.
            _ = FileManager.default.createFile(atPath: marker, contents: Data())
        }
        let files = try FileWalker.walk(root: root).files
        return (root, files, files.reduce(0) { $0 + $1.size })
    }

    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// A per-process database path, so concurrent runs do not collide.
    static func databasePath(_ name: String) -> String {
        folder + "/\(name)-\(ProcessInfo.processInfo.processIdentifier).db"
    }
}

/// 1,000,000 bytes of generated article text, cut at a space.
func tokenizerText() -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(1_010_000)
    for article in CorpusGenerator(seed: 7, articleCount: 1_000).articles() {
        bytes += Array(article.title.utf8) + [0x0A]
        for paragraph in article.paragraphs { bytes += Array(paragraph.utf8) + [0x0A] }
        if bytes.count >= 1_000_000 { break }
    }
    bytes.removeLast(bytes.count - 1_000_000)
    return bytes
}

/// Lower-case ASCII words of generated text, for the stemmer.
func stemmerWords() -> [[UInt8]] {
    var words: [[UInt8]] = []
    for article in CorpusGenerator(seed: 9, articleCount: 400).articles() {
        for paragraph in article.paragraphs {
            for word in paragraph.lowercased().split(separator: " ") {
                let bytes = Array(word.utf8).filter { $0 >= 0x61 && $0 <= 0x7A }
                if !bytes.isEmpty { words.append(bytes) }
            }
        }
    }
    return words
}

/// The query mix of the benchmark corpus, grouped by category.
func queryMix(_ files: [SourceFile]) -> [BenchQuery.Category: [BenchQuery]] {
    Dictionary(grouping: QueryMix.generate(from: QueryMix.sample(files)), by: \.category)
}

let queryCategories: [BenchQuery.Category] = [.rare, .common, .twoWords, .threeWords, .phrase,
                                              .dateFiltered, .sourceFiltered, .facet, .newest]

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1,
        maxDuration: .seconds(3),
        maxIterations: 1_000,
        thresholds: [.wallClock: .relaxed, .throughput: .relaxed]
    )

    // MARK: Text analysis

    Benchmark(
        "Tokenizer 1 MB",
        configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal, Metrics.tokensPerSecond])
    ) { benchmark, text in
        let analyzer = Analyzer()
        var tokens = 0
        let clock = Stopwatch()
        text.withUnsafeBytes { raw in
            _ = analyzer.tokenize(raw, purpose: .document) { _, _, _, _ in
                tokens += 1
                return 0
            }
        }
        let seconds = clock.elapsed
        blackHole(tokens)
        if seconds > 0 { benchmark.measurement(Metrics.tokensPerSecond, Int(Double(tokens) / seconds)) }
    } setup: {
        tokenizerText()
    }

    Benchmark(
        "Stemmer words",
        configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .mega)
    ) { benchmark, words in
        let stemmer = EnglishStemmer()
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64)
        defer { buffer.deallocate() }
        var total = 0
        for index in benchmark.scaledIterations {
            let word = words[index % words.count]
            let count = min(word.count, buffer.count)
            _ = buffer.initialize(from: word.prefix(count))
            total &+= stemmer.stem(buffer, count: count)
        }
        blackHole(total)
    } setup: {
        stemmerWords()
    }

    // MARK: Indexing (5,000 articles per iteration)

    let indexing = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .throughput, .peakMemoryResident, .peakMemoryResidentDelta,
                  .mallocCountTotal, Metrics.docsPerSecond, Metrics.megabytesPerSecond],
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 3
    )

    Benchmark("Index 5k articles: Gazette", configuration: indexing) { benchmark, corpus in
        measureIndexing(benchmark, corpus, name: "index-gazette") { path in
            let index = try GazetteIndex(path: path, access: .write)
            blackHole(try Indexer(index: index).run(roots: [corpus.root]))
        }
    } setup: {
        try Workspace.corpus()
    }

    Benchmark("Index 5k articles: baseline", configuration: indexing) { benchmark, corpus in
        measureIndexing(benchmark, corpus, name: "index-baseline") { path in
            blackHole(try BaselineIndex(path: path).build(roots: [corpus.root]))
        }
    } setup: {
        try Workspace.corpus()
    }

    // MARK: Queries (indexes of the 5,000-article corpus, built in setup)

    let querying = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 3,
        maxDuration: .seconds(1),
        maxIterations: 10_000
    )

    for category in queryCategories {
        let name = category.rawValue.replacingOccurrences(of: "_", with: " ")

        Benchmark("Query \(name): Gazette", configuration: querying) { (_, state: GazetteQueryState) in
            for (query, options) in state.queries {
                do {
                    blackHole(try state.searcher.search(query.text, options: options))
                } catch {
                    fatalError("Gazette query \(query) failed: \(error)")
                }
            }
        } setup: {
            let corpus = try Workspace.corpus()
            let path: String = Workspace.databasePath("query-gazette-\(category.rawValue)")
            Workspace.removeDatabase(path)
            _ = try Indexer(index: GazetteIndex(path: path, access: .write)).run(roots: [corpus.root])
            let queries = (queryMix(corpus.files)[category] ?? []).map { query in (query, query.options) }
            return GazetteQueryState(searcher: Searcher(index: try GazetteIndex(path: path, access: .read)),
                                     queries: queries, path: path)
        } teardown: {
            Workspace.removeDatabase(Workspace.databasePath("query-gazette-\(category.rawValue)"))
        }

        Benchmark("Query \(name): baseline", configuration: querying) { (_, state: BaselineQueryState) in
            for query in state.queries {
                do {
                    if query.facets {
                        blackHole(try state.index.sourceFacet(query.baseline))
                    } else {
                        blackHole(try state.index.search(query.baseline))
                    }
                } catch {
                    fatalError("baseline query \(query) failed: \(error)")
                }
            }
        } setup: {
            let corpus = try Workspace.corpus()
            let path = Workspace.databasePath("query-baseline-\(category.rawValue)")
            Workspace.removeDatabase(path)
            let index = try BaselineIndex(path: path)
            _ = try index.build(roots: [corpus.root])
            return BaselineQueryState(index: index, queries: queryMix(corpus.files)[category] ?? [])
        } teardown: {
            Workspace.removeDatabase(Workspace.databasePath("query-baseline-\(category.rawValue)"))
        }
    }
}

final class GazetteQueryState {
    let searcher: Searcher
    let queries: [(BenchQuery, SearchOptions)]
    let path: String

    init(searcher: Searcher, queries: [(BenchQuery, SearchOptions)], path: String) {
        self.searcher = searcher
        self.queries = queries
        self.path = path
    }
}

final class BaselineQueryState {
    let index: BaselineIndex
    let queries: [BenchQuery]

    init(index: BaselineIndex, queries: [BenchQuery]) {
        self.index = index
        self.queries = queries
    }
}

/// Builds an index from an empty file inside the measurement and records
/// docs/s and MB/s beside the wall clock.
private func measureIndexing(_ benchmark: Benchmark, _ corpus: (root: String, files: [SourceFile], bytes: Int64), name: String,
                             _ build: (String) throws -> Void) {
    let path = Workspace.databasePath(name)
    Workspace.removeDatabase(path)
    defer { Workspace.removeDatabase(path) }
    benchmark.startMeasurement()
    let clock = Stopwatch()
    do {
        try build(path)
    } catch {
        fatalError("\(name) failed: \(error)")
    }
    let seconds = clock.elapsed
    benchmark.stopMeasurement()
    benchmark.measurement(Metrics.docsPerSecond, Int(Double(corpus.files.count) / seconds))
    benchmark.measurement(Metrics.megabytesPerSecond, Int(Double(corpus.bytes) / 1_000_000 / seconds))
}
