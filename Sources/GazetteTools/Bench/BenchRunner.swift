import Gazette
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Settings of one `gazette bench` run.
public struct BenchConfiguration: Sendable {
    /// The archive: a directory of article dumps.
    public var root: String
    /// Queries from a file (one per line) instead of the generated mix.
    public var queries: [BenchQuery]?
    /// Builds of each index; the reported figures are medians. Builds alternate order.
    public var repeatCount = 1
    /// Timed passes over the query mix (after one untimed warm-up pass).
    public var rounds = 10
    /// Keep both indexes in this folder (created when missing) instead of a temporary one.
    public var keepDirectory: String?
    /// Queries per category of a generated mix.
    public var perCategory = QueryMix.defaultPerCategory
    /// Time Gazette's queries with query expansion (`search --expand`).
    public var expand = false
    /// Score every match (`SearchOptions.earlyTermination = false`), to measure what early termination gains.
    public var exhaustive = false
    /// The archive's language (ISO 639-1) for Gazette's builds, as `gazette index --lang`
    /// gives it: nil detects each article's, as a plain `gazette index` does.
    public var language: String?

    public init(root: String) {
        self.root = root
    }
}

/// Figures of one engine.
public struct EngineReport: Sendable {
    public var indexSeconds = 0.0
    public var articles = 0
    public var bytes: Int64 = 0
    public var indexBytes: Int64 = 0
    /// Peak resident memory while building.
    public var peakRSSBytes: Int64 = 0
    /// How far resident memory rose above its level at the start of the build.
    public var rssGrowthBytes: Int64 = 0
    public var queriesPerSecond = 0.0
    public var p50Milliseconds = 0.0
    public var p99Milliseconds = 0.0
    /// Per query category: (p50, p99) in milliseconds.
    public var categories: [BenchQuery.Category: (p50: Double, p99: Double)] = [:]

    public var docsPerSecond: Double { indexSeconds > 0 ? Double(articles) / indexSeconds : 0 }
    public var megabytesPerSecond: Double { indexSeconds > 0 ? Double(bytes) / 1_000_000 / indexSeconds : 0 }

    enum CodingKeys: String, CodingKey {
        case indexSeconds = "index_seconds", docsPerSecond = "docs_per_second", megabytesPerSecond = "mb_per_second"
        case indexBytes = "index_bytes", peakRSSBytes = "peak_rss_bytes", queriesPerSecond = "queries_per_second"
        case p50Milliseconds = "p50_ms", p99Milliseconds = "p99_ms"
    }
}

extension EngineReport: Encodable {
    /// One engine's figures in the bench report, rounded as documented.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(BenchReport.round(indexSeconds, 3), forKey: .indexSeconds)
        try container.encode(BenchReport.round(docsPerSecond, 1), forKey: .docsPerSecond)
        try container.encode(BenchReport.round(megabytesPerSecond, 2), forKey: .megabytesPerSecond)
        try container.encode(indexBytes, forKey: .indexBytes)
        try container.encode(peakRSSBytes, forKey: .peakRSSBytes)
        try container.encode(BenchReport.round(queriesPerSecond, 1), forKey: .queriesPerSecond)
        try container.encode(BenchReport.round(p50Milliseconds, 4), forKey: .p50Milliseconds)
        try container.encode(BenchReport.round(p99Milliseconds, 4), forKey: .p99Milliseconds)
    }
}

/// Whether both indexes find something for the same queries.
public struct BenchSanity: Sendable {
    public var queries = 0
    public var bothNonEmpty = 0
    /// Queries only one engine (or neither) answered, as `BenchQuery.description`.
    public var gazetteOnly: [String] = []
    public var baselineOnly: [String] = []
    public var neither: [String] = []

    public var allAgree: Bool { bothNonEmpty == queries }
}

/// What `gazette bench` measured.
public struct BenchReport: Sendable {
    /// Articles in the Gazette index.
    public var articles = 0
    /// Bytes of the archive's `.txt` files.
    public var bytes: Int64 = 0
    public var files = 0
    public var gazette = EngineReport()
    public var baseline = EngineReport()
    public var sanity = BenchSanity()
    /// With `--expand`: Gazette's same queries without expansion, timed in the same rounds.
    public var unexpanded: EngineReport?
    public var queries: [BenchQuery] = []
    /// The evaluation path Gazette took for each query, in `queries` order.
    public var paths: [SearchPath] = []
    /// Whether Gazette's ranking stopped early for each query, in `queries` order.
    public var terminations: [TopKTermination] = []
    public var repeatCount = 1
    public var rounds = 0
    /// The language Gazette's builds were given (`--lang`), nil when they detected it.
    public var language: String?
    public var memoryMethod = MemoryMeter.Method.processPeak
    /// Where the indexes are, when kept.
    public var keptDirectory: String?

    /// Gazette's indexing speed over the baseline's (above 1: Gazette is faster).
    public var indexSpeedRatio: Double { BenchReport.ratio(gazette.docsPerSecond, baseline.docsPerSecond) }
    /// Gazette's query throughput over the baseline's (above 1: Gazette is faster).
    public var querySpeedRatio: Double { BenchReport.ratio(gazette.queriesPerSecond, baseline.queriesPerSecond) }

    /// Categories present in the mix, in the mix's order.
    public var categories: [BenchQuery.Category] {
        var seen = Set<BenchQuery.Category>()
        return queries.map(\.category).filter { seen.insert($0).inserted }
    }

    /// The documented JSON object: `articles`, `bytes`, `gazette`, `baseline`,
    /// `ratios`, then extra detail (`categories`, `sanity`, `memory`, `settings`).
    public func json() -> JSONValue {
        // BenchReport's encode(to:) throws only what GazetteJSON's encoder throws: nothing.
        (try? GazetteJSON.value(self)) ?? .null
    }

    static func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }

    static func round(_ value: Double, _ digits: Int) -> Double {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}

extension BenchReport: Encodable {
    enum CodingKeys: String, CodingKey {
        case articles, bytes, gazette, baseline, ratios, categories, sanity, memory, settings, expansion
    }

    enum ExpansionKeys: String, CodingKey {
        case unexpandedP50 = "unexpanded_p50_ms", unexpandedP99 = "unexpanded_p99_ms"
        case p50Ratio = "p50_ratio", p99Ratio = "p99_ratio"
    }

    enum RatioKeys: String, CodingKey {
        case indexSpeed = "index_speed", querySpeed = "query_speed", indexSize = "index_size", peakRSS = "peak_rss"
    }

    enum CategoryKeys: String, CodingKey {
        case queries, paths, termination, texts
        case gazetteP50 = "gazette_p50_ms", baselineP50 = "baseline_p50_ms"
        case gazetteP99 = "gazette_p99_ms", baselineP99 = "baseline_p99_ms"
    }

    enum SanityKeys: String, CodingKey {
        case queries, neither
        case bothNonEmpty = "both_non_empty", gazetteOnly = "gazette_only", baselineOnly = "baseline_only"
    }

    enum MemoryKeys: String, CodingKey {
        case method, gazetteGrowth = "gazette_rss_growth_bytes", baselineGrowth = "baseline_rss_growth_bytes"
    }

    enum SettingsKeys: String, CodingKey {
        case files, rounds, queries
        case baselineArticles = "baseline_articles", repeatCount = "repeat", language = "lang"
    }

    /// Keys named at run time: query categories and evaluation paths.
    struct NameKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The documented order: `articles`, `bytes`, `gazette`, `baseline`, `ratios`,
    /// then `categories` (in the mix's order, paths only when taken, then the queries' `texts`),
    /// `sanity`, `memory`, `settings`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(articles, forKey: .articles)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(gazette, forKey: .gazette)
        try container.encode(baseline, forKey: .baseline)

        var ratios = container.nestedContainer(keyedBy: RatioKeys.self, forKey: .ratios)
        try ratios.encode(BenchReport.round(indexSpeedRatio, 3), forKey: .indexSpeed)
        try ratios.encode(BenchReport.round(querySpeedRatio, 3), forKey: .querySpeed)
        try ratios.encode(BenchReport.round(BenchReport.ratio(Double(gazette.indexBytes), Double(baseline.indexBytes)), 3),
                          forKey: .indexSize)
        try ratios.encode(BenchReport.round(BenchReport.ratio(Double(gazette.peakRSSBytes), Double(baseline.peakRSSBytes)), 3),
                          forKey: .peakRSS)

        var perCategory = container.nestedContainer(keyedBy: NameKey.self, forKey: .categories)
        for category in categories {
            var entry = perCategory.nestedContainer(keyedBy: CategoryKeys.self, forKey: NameKey(stringValue: category.rawValue))
            try entry.encode(queries.filter { $0.category == category }.count, forKey: .queries)
            try entry.encode(BenchReport.round(gazette.categories[category]?.p50 ?? 0, 4), forKey: .gazetteP50)
            try entry.encode(BenchReport.round(baseline.categories[category]?.p50 ?? 0, 4), forKey: .baselineP50)
            try entry.encode(BenchReport.round(gazette.categories[category]?.p99 ?? 0, 4), forKey: .gazetteP99)
            try entry.encode(BenchReport.round(baseline.categories[category]?.p99 ?? 0, 4), forKey: .baselineP99)
            var taken = entry.nestedContainer(keyedBy: NameKey.self, forKey: .paths)
            for path in SearchPath.allCases {
                let count = zip(queries, paths).filter { $0.0.category == category && $0.1 == path }.count
                if count > 0 { try taken.encode(count, forKey: NameKey(stringValue: path.rawValue)) }
            }
            var stopped = entry.nestedContainer(keyedBy: NameKey.self, forKey: .termination)
            for termination in TopKTermination.allCases {
                let count = zip(queries, terminations).filter { $0.0.category == category && $0.1 == termination }.count
                if count > 0 { try stopped.encode(count, forKey: NameKey(stringValue: termination.rawValue)) }
            }
            // The queries themselves, so that a category's figures can be reproduced with `search`.
            try entry.encode(queries.filter { $0.category == category }.map(\.text), forKey: .texts)
        }

        var sanityEntry = container.nestedContainer(keyedBy: SanityKeys.self, forKey: .sanity)
        try sanityEntry.encode(sanity.queries, forKey: .queries)
        try sanityEntry.encode(sanity.bothNonEmpty, forKey: .bothNonEmpty)
        try sanityEntry.encode(sanity.gazetteOnly, forKey: .gazetteOnly)
        try sanityEntry.encode(sanity.baselineOnly, forKey: .baselineOnly)
        try sanityEntry.encode(sanity.neither, forKey: .neither)

        var memory = container.nestedContainer(keyedBy: MemoryKeys.self, forKey: .memory)
        try memory.encode(memoryMethod.rawValue, forKey: .method)
        try memory.encode(gazette.rssGrowthBytes, forKey: .gazetteGrowth)
        try memory.encode(baseline.rssGrowthBytes, forKey: .baselineGrowth)

        var settings = container.nestedContainer(keyedBy: SettingsKeys.self, forKey: .settings)
        try settings.encode(files, forKey: .files)
        try settings.encode(baseline.articles, forKey: .baselineArticles)
        try settings.encode(repeatCount, forKey: .repeatCount)
        try settings.encode(rounds, forKey: .rounds)
        try settings.encode(queries.count, forKey: .queries)
        if let language { try settings.encode(language, forKey: .language) } else { try settings.encodeNil(forKey: .language) }

        if let unexpanded {
            // `gazette` holds the expanded timings; the ratios are expanded over unexpanded.
            var expansion = container.nestedContainer(keyedBy: ExpansionKeys.self, forKey: .expansion)
            try expansion.encode(BenchReport.round(unexpanded.p50Milliseconds, 4), forKey: .unexpandedP50)
            try expansion.encode(BenchReport.round(unexpanded.p99Milliseconds, 4), forKey: .unexpandedP99)
            try expansion.encode(BenchReport.round(BenchReport.ratio(gazette.p50Milliseconds, unexpanded.p50Milliseconds), 3),
                                 forKey: .p50Ratio)
            try expansion.encode(BenchReport.round(BenchReport.ratio(gazette.p99Milliseconds, unexpanded.p99Milliseconds), 3),
                                 forKey: .p99Ratio)
        }
    }
}

/// Runs `gazette bench`: builds a Gazette index (the full `Indexer` pipeline)
/// and a `BaselineIndex` of the same archive, one after the other in the same
/// process with the same warm file cache, then times the same queries on both.
public final class BenchRunner {
    public let configuration: BenchConfiguration
    /// Called with a short line before each step (for a status line).
    public var progress: ((String) -> Void)?

    public init(configuration: BenchConfiguration) {
        self.configuration = configuration
    }

    /// Counts and reads the archive (warming the file cache for both
    /// engines) and picks the queries when none were given.
    private func prepare(_ report: inout BenchReport, root: String) throws(GazetteError) {
        let files: [SourceFile]
        do {
            files = try FileWalker.walk(root: root).files
        } catch {
            throw GazetteError.input(path: configuration.root, detail: error.description)
        }
        guard !files.isEmpty else {
            throw GazetteError.input(path: configuration.root, detail: "no .txt files below it")
        }
        report.files = files.count
        report.bytes = BenchRunner.warmFileCache(files)

        progress?("choosing queries")
        report.queries = configuration.queries
            ?? QueryMix.generate(from: QueryMix.sample(files), perCategory: configuration.perCategory)
        guard !report.queries.isEmpty else {
            throw GazetteError.usage("no queries to run")
        }
    }

    public func run() throws(GazetteError) -> BenchReport {
        var report = BenchReport()
        report.repeatCount = max(1, configuration.repeatCount)
        report.rounds = max(1, configuration.rounds)
        report.language = configuration.language
        let root = PathText.trimmingTrailingSlashes(configuration.root)

        progress?("reading the archive")
        // The list of files is only needed to warm the cache and pick queries:
        // dropped before the builds, so their memory readings do not include it.
        try prepare(&report, root: root)

        let folder = try workFolder()
        defer { if configuration.keepDirectory == nil { BenchRunner.removeTree(folder) } }
        let gazettePath = folder + "/gazette.db"
        let baselinePath = folder + "/baseline.db"

        var gazetteRuns: [EngineReport] = []
        var baselineRuns: [EngineReport] = []
        for run in 0..<report.repeatCount {
            let gazetteFirst = run % 2 == 0
            for engine in gazetteFirst ? [true, false] : [false, true] {
                let label = report.repeatCount > 1 ? " (\(run + 1)/\(report.repeatCount))" : ""
                if engine {
                    progress?("building the Gazette index" + label)
                    let (figures, method) = try buildGazette(at: gazettePath, root: root)
                    gazetteRuns.append(figures)
                    report.memoryMethod = method
                } else {
                    progress?("building the baseline index" + label)
                    baselineRuns.append(try buildBaseline(at: baselinePath, root: root).0)
                }
            }
        }
        report.gazette = BenchRunner.median(gazetteRuns)
        report.baseline = BenchRunner.median(baselineRuns)
        report.articles = report.gazette.articles

        progress?("running \(report.queries.count) queries × \(report.rounds) rounds")
        let gazetteIndex = try GazetteIndex(path: gazettePath, access: .read)
        let baselineIndex = try BaselineIndex(path: baselinePath)
        try timeQueries(report.queries, gazette: Searcher(index: gazetteIndex), baseline: baselineIndex, into: &report)
        if configuration.keepDirectory != nil { report.keptDirectory = folder }
        return report
    }

    // MARK: Building

    private func buildGazette(at path: String, root: String) throws(GazetteError) -> (EngineReport, MemoryMeter.Method) {
        try measureBuild(at: path) { () throws(GazetteError) in
            let index = try GazetteIndex(path: path, access: .write)
            var options = IndexOptions()
            options.language = configuration.language
            let summary = try Indexer(index: index, options: options).run(roots: [root])
            return (index.database, summary.indexed + summary.updated, summary.bytes)
        }
    }

    private func buildBaseline(at path: String, root: String) throws(GazetteError) -> (EngineReport, MemoryMeter.Method) {
        try measureBuild(at: path) { () throws(GazetteError) in
            let index = try BaselineIndex(path: path)
            // The baseline walks the archive itself, as Gazette's indexer does.
            let summary = try index.build(roots: [root])
            return (index.database, summary.articles, summary.bytes)
        }
    }

    /// Times one index build from an empty file, with its peak memory and
    /// its size on disk once the write-ahead log is folded in.
    private func measureBuild(
        at path: String,
        _ build: () throws(GazetteError) -> (database: Database, articles: Int, bytes: Int64)
    ) throws(GazetteError) -> (EngineReport, MemoryMeter.Method) {
        BenchRunner.removeDatabase(path)
        let meter = MemoryMeter()
        meter.start()
        let clock = Stopwatch()
        let built: (database: Database, articles: Int, bytes: Int64)
        do {
            built = try build()
        } catch {
            _ = meter.stop()
            throw error
        }
        var figures = EngineReport()
        figures.indexSeconds = clock.elapsed
        let memory = meter.stop()
        figures.peakRSSBytes = memory.peakBytes
        figures.rssGrowthBytes = memory.growthBytes
        figures.articles = built.articles
        figures.bytes = built.bytes
        try? built.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        figures.indexBytes = BenchRunner.databaseBytes(path)
        return (figures, memory.method)
    }

    // MARK: Queries

    private func timeQueries(_ queries: [BenchQuery], gazette: Searcher, baseline: BaselineIndex,
                             into report: inout BenchReport) throws(GazetteError) {
        var gazetteOptions = queries.map { query -> SearchOptions in
            var options = query.options
            options.earlyTermination = !configuration.exhaustive
            return options
        }
        // Warm-up pass, untimed: fills the page cache and the statement caches, and checks the answers.
        var sanity = BenchSanity()
        report.paths = []
        report.terminations = []
        for (index, query) in queries.enumerated() {
            let result = try gazette.search(query.text, options: gazetteOptions[index])
            report.paths.append(result.path)
            report.terminations.append(result.termination)
            let found = try BenchRunner.runGazette(query, gazette, options: gazetteOptions[index], expand: configuration.expand)
            let baselineFound = try BenchRunner.runBaseline(query, baseline)
            sanity.queries += 1
            switch (found > 0, baselineFound > 0) {
            case (true, true): sanity.bothNonEmpty += 1
            case (true, false): sanity.gazetteOnly.append(query.description)
            case (false, true): sanity.baselineOnly.append(query.description)
            case (false, false): sanity.neither.append(query.description)
            }
        }
        report.sanity = sanity

        var gazetteSamples = [[Double]](repeating: [], count: queries.count)
        var baselineSamples = [[Double]](repeating: [], count: queries.count)
        var unexpandedSamples = [[Double]](repeating: [], count: queries.count)
        for round in 0..<report.rounds {
            for (index, query) in queries.enumerated() {
                if configuration.expand {
                    // The same query without expansion, next to the expanded one, for their ratio.
                    unexpandedSamples[index].append(try BenchRunner.time { () throws(GazetteError) in
                        _ = try BenchRunner.runGazette(query, gazette, options: gazetteOptions[index]) })
                }
                // Alternate which engine goes first, so neither always inherits the other's cache state.
                if (round + index) % 2 == 0 {
                    gazetteSamples[index].append(try BenchRunner.time { () throws(GazetteError) in
                        _ = try BenchRunner.runGazette(query, gazette, options: gazetteOptions[index], expand: configuration.expand) })
                    baselineSamples[index].append(try BenchRunner.time { () throws(GazetteError) in
                        _ = try BenchRunner.runBaseline(query, baseline) })
                } else {
                    baselineSamples[index].append(try BenchRunner.time { () throws(GazetteError) in
                        _ = try BenchRunner.runBaseline(query, baseline) })
                    gazetteSamples[index].append(try BenchRunner.time { () throws(GazetteError) in
                        _ = try BenchRunner.runGazette(query, gazette, options: gazetteOptions[index], expand: configuration.expand) })
                }
            }
        }
        gazetteOptions.removeAll()
        BenchRunner.summarize(gazetteSamples, queries, into: &report.gazette)
        BenchRunner.summarize(baselineSamples, queries, into: &report.baseline)
        if configuration.expand {
            var unexpanded = EngineReport()
            BenchRunner.summarize(unexpandedSamples, queries, into: &unexpanded)
            report.unexpanded = unexpanded
        }
    }

    /// Runs a query on Gazette; returns the hits (or facet rows) found.
    static func runGazette(_ query: BenchQuery, _ searcher: Searcher, options: SearchOptions,
                           expand: Bool = false) throws(GazetteError) -> Int {
        let result = expand ? try searcher.searchExpanded(query.text, options: options).result
                            : try searcher.search(query.text, options: options)
        return query.facets ? (result.facets?.sources.count ?? 0) : result.hits.count
    }

    /// Runs a query on the baseline; returns the hits (or facet rows) found.
    static func runBaseline(_ query: BenchQuery, _ index: BaselineIndex) throws(GazetteError) -> Int {
        query.facets ? try index.sourceFacet(query.baseline).count : try index.search(query.baseline).count
    }

    /// Milliseconds `body` takes.
    static func time(_ body: () throws(GazetteError) -> Void) throws(GazetteError) -> Double {
        let clock = Stopwatch()
        try body()
        return clock.elapsed * 1000
    }

    static func summarize(_ samples: [[Double]], _ queries: [BenchQuery], into figures: inout EngineReport) {
        let all = samples.flatMap { $0 }
        let total = all.reduce(0, +)
        figures.queriesPerSecond = total > 0 ? Double(all.count) / (total / 1000) : 0
        figures.p50Milliseconds = percentile(all, 0.50)
        figures.p99Milliseconds = percentile(all, 0.99)
        var byCategory: [BenchQuery.Category: [Double]] = [:]
        for (index, query) in queries.enumerated() { byCategory[query.category, default: []] += samples[index] }
        for (category, values) in byCategory {
            figures.categories[category] = (percentile(values, 0.50), percentile(values, 0.99))
        }
    }

    /// Nearest-rank percentile.
    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    /// Figure by figure, the median of several runs.
    static func median(_ runs: [EngineReport]) -> EngineReport {
        guard var result = runs.first else { return EngineReport() }
        guard runs.count > 1 else { return result }
        func mid<T: Comparable>(_ values: [T]) -> T { values.sorted()[(values.count - 1) / 2] }
        result.indexSeconds = mid(runs.map(\.indexSeconds))
        result.indexBytes = mid(runs.map(\.indexBytes))
        result.peakRSSBytes = mid(runs.map(\.peakRSSBytes))
        result.rssGrowthBytes = mid(runs.map(\.rssGrowthBytes))
        return result
    }

    // MARK: Files

    /// Reads every file once so both builds start from the same warm page cache; returns the bytes read.
    static func warmFileCache(_ files: [SourceFile]) -> Int64 {
        var total: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        for file in files {
            let fd = open(file.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            guard fd >= 0 else { continue }
            while true {
                let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if got <= 0 { break }
                total += Int64(got)
            }
            close(fd)
        }
        return total
    }

    private func workFolder() throws(GazetteError) -> String {
        if let keep = configuration.keepDirectory {
            do {
                try CorpusGenerator.makeDirectories(keep)
            } catch {
                throw GazetteError.output(path: error.path, detail: error.reason)
            }
            return keep
        }
        var base = "/tmp"
        if let tmp = getenv("TMPDIR"), tmp.pointee != 0 { base = PathText.trimmingTrailingSlashes(String(cString: tmp)) }
        var template = Array((base + "/gazette-bench.XXXXXX").utf8CString)
        let made: String? = template.withUnsafeMutableBufferPointer { buffer in
            mkdtemp(buffer.baseAddress!).map { String(cString: $0) }
        }
        guard let made else {
            throw GazetteError.output(path: base, detail: "cannot create a temporary folder: \(ArticleParser.describe(errno))")
        }
        return made
    }

    static func databaseBytes(_ path: String) -> Int64 {
        [path, path + "-wal"].reduce(Int64(0)) { total, file in
            var info = stat()
            return total + (stat(file, &info) == 0 ? Int64(info.st_size) : 0)
        }
    }

    static func removeDatabase(_ path: String) {
        for file in [path, path + "-wal", path + "-shm", path + "-journal"] { unlink(file) }
    }

    /// Removes the bench's own temporary folder (it holds only the two databases and their side files).
    static func removeTree(_ folder: String) {
        for name in ["gazette.db", "baseline.db"] { removeDatabase(folder + "/" + name) }
        rmdir(folder)
    }
}
