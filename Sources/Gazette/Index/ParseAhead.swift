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

    /// Reads and parses the file; with an `analyzer`, also tokenizes it, so
    /// all per-article CPU work but SQLite's happens on the calling thread.
    init(_ item: WorkItem, analyzer: Analyzer? = nil, detectCopies: Bool = true) {
        self.file = item.file
        self.shownPath = item.shownPath
        self.root = item.root
        result = ArticleParser.parseFile(atPath: item.file.path)
        if case .success(let article) = result {
            let body = article.body
            self.body = body
            hash = contentHash(title: article.title, body: body)
            tokens = analyzer.map { [PreTokenized(text: article.title, analyzer: $0), PreTokenized(text: body, analyzer: $0)] } ?? []
            copy = CopyAnalysis(paragraphs: article.paragraphs, detect: detectCopies)
        } else {
            body = ""
            hash = 0
            tokens = []
            copy = nil
        }
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

/// Reads and parses files on a second thread while the writer thread feeds
/// SQLite. The parse thread also assembles the writer's batches, sorted into
/// write order, so the writer writes batch N while batch N+1 is being read:
/// the two threads overlap, and at most three batches are held at once.
///
/// Order matters: article ids within a day follow write order, so the same
/// corpus always gets the same ids.
final class ParseAhead: @unchecked Sendable {
    // All mutable state below is guarded by `condition`.
    private let condition = NSCondition()
    private var ready: [[ParsedFile]] = []
    private var finished = false
    private var cancelled = false
    private var started = false
    private var producerStopped = false
    private let work: [WorkItem]
    private let detectCopies: Bool
    private let batchSize: Int
    private let batchBytes: Int64
    private let order: (ParsedFile, ParsedFile) -> Bool

    init(work: [WorkItem], batchSize: Int, batchBytes: Int64, detectCopies: Bool = true,
         order: @escaping @Sendable (ParsedFile, ParsedFile) -> Bool) {
        self.work = work
        self.detectCopies = detectCopies
        self.batchSize = max(1, batchSize)
        self.batchBytes = max(1, batchBytes)
        self.order = order
    }

    func start() {
        condition.lock()
        started = true
        condition.unlock()
        let thread = Thread { [self] in produce() }
        thread.name = "gazette-parse"
        thread.start()
    }

    private func produce() {
        let analyzer = Analyzer()
        defer {
            condition.lock()
            producerStopped = true
            condition.broadcast()
            condition.unlock()
        }
        var batch: [ParsedFile] = []
        var bytes: Int64 = 0
        for item in work {
            let parsed = ParsedFile(item, analyzer: analyzer, detectCopies: detectCopies)
            batch.append(parsed)
            bytes += parsed.heldBytes
            if batch.count >= batchSize || bytes >= batchBytes {
                guard hand(batch) else { return }
                batch = []
                bytes = 0
            }
        }
        if !batch.isEmpty, !hand(batch) { return }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Sorts a batch into write order and queues it, waiting while one is
    /// already queued. Returns false when the run was cancelled.
    private func hand(_ batch: [ParsedFile]) -> Bool {
        let sorted = batch.sorted(by: order)
        condition.lock()
        defer { condition.unlock() }
        while !ready.isEmpty && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        ready.append(sorted)
        condition.broadcast()
        return true
    }

    /// The next batch in write order, or nil when all are done.
    func nextBatch() -> [ParsedFile]? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished && !producerStopped { condition.wait() }
        guard !ready.isEmpty else { return nil }
        let batch = ready.removeFirst()
        condition.broadcast()
        return batch
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
