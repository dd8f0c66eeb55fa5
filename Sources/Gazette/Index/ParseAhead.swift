import Foundation

/// A file read and parsed, ready for the writer.
struct ParsedFile: Sendable {
    /// The file, its `path` canonical (the identity used in the index).
    let file: SourceFile
    /// The path as the user gave it, shown in results.
    let shownPath: String
    /// The canonical root the file was found under.
    let root: String
    let result: Result<ParsedArticle, ArticleRejection>
    /// The body as stored (paragraphs joined), built once here.
    let body: String
    /// Content hash of title and body (computed here, off the writer's thread).
    let hash: Int64
    /// Title and body tokens, when an analyzer was at hand.
    let tokens: [PreTokenized]

    /// Copy-detection signature and wire credit (also computed here).
    let copy: CopyAnalysis?
    /// The tokens' instances of the frequent terms, when the writer had chosen them.
    let termCounts: FrequentTermCounts?

    /// Reads and parses the file; with an `analyzer`, also tokenizes it (and
    /// counts the tokens against the writer's frequent terms, when given), so
    /// all per-article CPU work but SQLite's happens on the calling thread.
    /// An article whose header states no language is taken to be in
    /// `language` when given, and its language is detected otherwise.
    init(_ item: WorkItem, analyzer: Analyzer? = nil, detectCopies: Bool = true, language: String? = nil,
         terms: SharedFrequentTerms? = nil, counter: FrequentTermCounter? = nil) {
        self.file = item.file
        self.shownPath = item.shownPath
        self.root = item.root
        var result = ArticleParser.parseFile(atPath: item.file.path)
        if case .success(var article) = result {
            let body = article.body
            self.body = body
            // A language the header states wins over detection.
            if article.language.isEmpty {
                article.language = language ?? LanguageDetector.detect(title: article.title, body: body)
            }
            result = .success(article)
            hash = contentHash(title: article.title, body: body)
            tokens = analyzer.map {
                [PreTokenized(text: article.title, language: article.language, analyzer: $0),
                 PreTokenized(text: body, language: article.language, analyzer: $0)]
            } ?? []
            copy = CopyAnalysis(paragraphs: article.paragraphs, detect: detectCopies)
            let entries = tokens.isEmpty ? [] : counter?.counts(of: tokens, in: terms?.set)
            termCounts = tokens.isEmpty ? nil : terms.map { FrequentTermCounts(terms: $0, entries: entries ?? []) }
        } else {
            body = ""
            hash = 0
            tokens = []
            copy = nil
            termCounts = nil
        }
        self.result = result
    }

    /// Bytes this item holds, for the writer's batch budget.
    var heldBytes: Int64 { file.size + Int64(tokens.reduce(0) { $0 + $1.byteCount }) }
}

/// A file to read: canonical identity, shown path, canonical root.
struct WorkItem: Sendable {
    let file: SourceFile
    let shownPath: String
    let root: String
}

/// Reads and parses files on worker threads (one per core besides the
/// writer's) while the writer thread feeds SQLite, and hands them to the
/// writer in batches sorted into write order. Workers run ahead of the writer
/// by at most `batchesAhead` batches' worth of bytes, so memory stays bounded whatever
/// the corpus size.
///
/// Order matters: article ids within a day follow write order, and batches
/// are cut by position in the file list, so the same corpus always gets the
/// same ids.
final class ParseAhead: @unchecked Sendable {
    // All mutable state below is guarded by `condition`.
    private let condition = NSCondition()
    private var parsed: [Int: ParsedFile] = [:]
    private var nextToClaim = 0
    private var nextToHand = 0
    private var heldBytes: Int64 = 0
    private var cancelled = false
    private var started = false
    private var runningWorkers = 0
    private var producerStopped = false
    /// Batches the writer has written, for a worker to release.
    private var written: [[ParsedFile]] = []
    /// Files listed so far, in list order; `next` hands out each one's work
    /// item when it is claimed, and is only called under `condition`.
    private var count: Int
    /// Whether `count` is final: the walk that lists the files has ended.
    private var listingFinished: Bool
    private let next: () -> WorkItem?
    private let detectCopies: Bool
    /// The language of articles whose header states none (nil: detected).
    private let language: String?
    private let batchSize: Int
    private let batchBytes: Int64
    private let workers: Int
    /// The primary sort key of a file in its batch; ties go by canonical path.
    private let rank: (ParsedFile) -> Int
    /// The writer's frequent terms, which workers count each article's tokens against.
    private var frequentTerms: SharedFrequentTerms?
    /// Files the writer's thread parsed itself while it waited for the workers.
    private(set) var parsedByWriter = 0
    /// The writer thread's own analysis tools (`nextBatch` only runs there).
    private lazy var writerAnalyzer = Analyzer(stemCacheOnHugePages: true)
    private lazy var writerCounter = FrequentTermCounter(tally: tallyShare.map { FrequentTermTally(share: $0) })
    /// With a share, each parsing thread tallies the articles holding the
    /// terms that are not chosen (`FrequentTermTally`).
    private let tallyShare: Double?
    /// The tallies of the workers that have stopped.
    private var workerTallies: [FrequentTermTally] = []

    /// How many batches' worth of bytes the workers may parse ahead of the writer. The
    /// writer takes batches unevenly (each commit stops it for a while), and a worker
    /// that stopped at two batches left the writer parsing the files it then lacked:
    /// on 100,000 generated articles, two batches left the worker idle 2.3 s and the writer
    /// parsing 1.3 s; six left the worker never idle and the writer parsing 0.4 s, for
    /// about 5% less wall time (four alternating runs each) at the same peak memory (about 335 MB).
    static let batchesAhead: Int64 = 6

    /// One worker per core but the writer's: the writer is the pipeline's
    /// critical path, and a worker sharing its core slows it down. On 100,000
    /// generated articles and 2 cores, one worker built the index 3.5% faster
    /// than two, and kept up with the writer (about 6.5 s of its 10 s busy).
    static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount - 1) }

    /// `count` files are listed; with `listingFinished` false, more will be
    /// (`listed(_:)`, `finishListing(_:)`), and workers started meanwhile
    /// parse the ones listed so far.
    init(count: Int, listingFinished: Bool = true, next: @escaping () -> WorkItem?, batchSize: Int, batchBytes: Int64,
         detectCopies: Bool = true, language: String? = nil, workers: Int = ParseAhead.defaultWorkers,
         tallyShare: Double? = nil, rank: @escaping @Sendable (ParsedFile) -> Int) {
        self.count = count
        self.listingFinished = listingFinished
        self.tallyShare = tallyShare
        self.next = next
        self.detectCopies = detectCopies
        self.language = language
        self.batchSize = max(1, batchSize)
        self.batchBytes = max(1, batchBytes)
        self.workers = max(0, min(workers, 8))
        self.rank = rank
    }

    /// Files claimed from now on are counted against `terms` (nil: not counted).
    func countFrequentTerms(against terms: SharedFrequentTerms?) {
        condition.lock()
        frequentTerms = terms
        condition.unlock()
    }

    /// `total` files are listed so far.
    func listed(_ total: Int) {
        condition.lock()
        count = max(count, total)
        condition.broadcast()
        condition.unlock()
    }

    /// The listing ended with `total` files.
    func finishListing(_ total: Int) {
        condition.lock()
        count = max(count, total)
        listingFinished = true
        condition.broadcast()
        condition.unlock()
    }

    func start() {
        condition.lock()
        started = true
        runningWorkers = workers
        // Without workers the writer parses every file itself in `nextBatch`.
        producerStopped = workers == 0
        condition.unlock()
        for number in 0..<workers {
            let thread = Thread { [self] in produce() }
            thread.name = "gazette-parse-\(number)"
            thread.start()
        }
    }

    private func produce() {
        // The writer thread is the pipeline's critical path: when other work
        // shares the machine, a lower priority keeps workers from taking its core.
        ThreadPriority.lower(by: 5)
        // Its stem cache is read for every word of the corpus: on huge pages those reads never
        // miss the TLB (on 100,000 generated articles, a fifth less time in the cache; see StemCache).
        let analyzer = Analyzer(stemCacheOnHugePages: true)
        let counter = FrequentTermCounter(tally: tallyShare.map { FrequentTermTally(share: $0) })
        defer {
            condition.lock()
            if let tally = counter.tally { workerTallies.append(tally) }
            runningWorkers -= 1
            if runningWorkers == 0 { producerStopped = true }
            condition.broadcast()
            condition.unlock()
        }
        while true {
            condition.lock()
            // Claim in order; pause while `batchesAhead` batches' worth waits for the writer.
            while heldBytes >= Self.batchesAhead * batchBytes && written.isEmpty && !cancelled { condition.wait() }
            if !written.isEmpty {
                let done = written
                written = []
                condition.unlock()
                ParseAhead.release(done)
                continue
            }
            if nextToClaim >= count && !listingFinished && !cancelled {
                // The walk is still listing files: wait for more.
                condition.wait()
                condition.unlock()
                continue
            }
            guard !cancelled, nextToClaim < count, let item = next() else {
                condition.unlock()
                return
            }
            parseClaimed(item, analyzer: analyzer, counter: counter)
            condition.unlock()
        }
    }

    /// Whether the workers have parsed every file and stopped: what is left
    /// waits in batches for the writer.
    var workersFinished: Bool {
        condition.lock()
        defer { condition.unlock() }
        return started && workers > 0 && producerStopped && listingFinished
    }

    /// The next batch, sorted into write order, or nil when all are done.
    /// A batch is the next files in list order, up to the count and byte limits.
    func nextBatch() -> [ParsedFile]? {
        condition.lock()
        var batch: [ParsedFile] = []
        var bytes: Int64 = 0
        while batch.count < batchSize && bytes < batchBytes {
            if nextToHand >= count {
                guard !listingFinished && !cancelled else { break }
                condition.wait()
                continue
            }
            while parsed[nextToHand] == nil && !cancelled {
                // Rather than wait for the workers, the writer parses the next unclaimed file:
                // when parsing is the slower side, both cores parse.
                if heldBytes < Self.batchesAhead * batchBytes && nextToClaim < count, let item = next() {
                    parseClaimed(item, analyzer: writerAnalyzer, counter: writerCounter)
                    parsedByWriter += 1
                    continue
                }
                if producerStopped { break }
                condition.wait()
            }
            guard let file = parsed.removeValue(forKey: nextToHand) else { break }
            nextToHand += 1
            bytes += file.heldBytes
            heldBytes -= file.heldBytes
            batch.append(file)
            condition.broadcast()
        }
        condition.unlock()
        guard !batch.isEmpty else { return nil }
        return sortedForWriting(consume batch)
    }

    /// Takes back a batch the writer has written, for a worker to release.
    /// Freeing a batch's texts, token streams and paragraphs cost the writer
    /// about 5% of its time on 100,000 generated articles, and the writer is
    /// the pipeline's critical path; memory is also best freed by the thread
    /// that allocated it. Once the workers are done, the caller releases it.
    func recycle(_ batch: consuming [ParsedFile]) {
        condition.lock()
        guard !producerStopped, !cancelled else {
            condition.unlock()
            return
        }
        written.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// Where a worker drops written batches: outside the lock, after the call.
    @inline(never)
    private static func release(_ batches: [[ParsedFile]]) {}

    /// Claims `item`, the next file in list order, and parses it with
    /// `analyzer` outside the lock; called and returns with `condition` locked.
    private func parseClaimed(_ item: WorkItem, analyzer: Analyzer, counter: FrequentTermCounter) {
        let index = nextToClaim
        nextToClaim += 1
        let terms = frequentTerms
        condition.unlock()
        let file = ParsedFile(item, analyzer: analyzer, detectCopies: detectCopies, language: language,
                              terms: terms, counter: counter)
        condition.lock()
        parsed[index] = file
        heldBytes += file.heldBytes
        condition.broadcast()
    }

    /// The batch by rank, then canonical path. Sorting small keys and moving
    /// each file in place (swaps move a file without retaining its contents)
    /// costs far less on the writer's thread than sorting or copying the files.
    private func sortedForWriting(_ batch: consuming [ParsedFile]) -> [ParsedFile] {
        let ranks = batch.indices.map { rank(batch[$0]) }
        let order = batch.indices.sorted { a, b in
            ranks[a] != ranks[b] ? ranks[a] < ranks[b] : utf8Less(batch[a].file.path, batch[b].file.path)
        }
        // Position i takes the file at order[i]: each cycle of the permutation is a run of swaps.
        var placed = [Bool](repeating: false, count: order.count)
        for start in order.indices where !placed[start] {
            var current = start
            while true {
                placed[current] = true
                let source = order[current]
                if source == start { break }
                batch.swapAt(current, source)
                current = source
            }
        }
        return batch
    }

    /// Every parsing thread's tally, once all files were handed to the
    /// writer (nil without a `tallyShare`, or before); waits for the workers'
    /// threads to return.
    func tallies() -> [FrequentTermTally]? {
        condition.lock()
        defer { condition.unlock() }
        while started && !producerStopped && !cancelled { condition.wait() }
        guard tallyShare != nil, producerStopped, nextToHand == count, let writerTally = writerCounter.tally else {
            return nil
        }
        return workerTallies + [writerTally]
    }

    /// The producer thread has returned: no file is being read any more.
    var hasStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return producerStopped
    }

    /// Stops the producer (the writer failed); pending items are dropped.
    /// Returns once the producer thread has finished the file it was reading,
    /// so a failed run leaves no thread behind still reading input.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while started && !producerStopped { condition.wait() }
        condition.unlock()
    }
}
