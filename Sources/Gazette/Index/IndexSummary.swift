/// A file that was not indexed, and why.
public struct RejectedFile: Sendable, Hashable, Codable {
    public let path: String
    public let reason: String
}

/// A file whose URL is held by another file's article.
public struct DuplicateFile: Sendable, Hashable, Codable {
    public let path: String
    /// The file whose version of the article was kept.
    public let keptPath: String
    public let url: String
}

/// What one `gazette index` run did.
public struct IndexSummary: Sendable {
    /// `.txt` files found under the roots.
    public var scanned = 0
    /// New articles added.
    public var indexed = 0
    /// Articles whose file changed and were replaced.
    public var updated = 0
    /// Files skipped because they had not changed since the last run.
    public var unchanged = 0
    /// Articles removed because their file disappeared.
    public var removed = 0
    /// Hidden files and files not ending in `.txt`.
    public var skipped = 0
    public var rejected: [RejectedFile] = []
    public var duplicates: [DuplicateFile] = []
    public var seconds = 0.0
    /// Bytes of the files read and parsed in this run.
    public var bytes: Int64 = 0
    /// Peak resident memory of the process, when the platform tells it.
    public var peakResidentBytes: Int64 = 0

    public init() {}

    public var docsPerSecond: Double { seconds > 0 ? Double(indexed + updated) / seconds : 0 }
    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }
}

/// Progress of a running index, reported to the terminal's progress bar.
public struct IndexProgress: Sendable {
    public var filesDone: Int
    public var filesTotal: Int
    public var bytesDone: Int64
    public var bytesTotal: Int64
    public var articles: Int
    public var elapsed: Double
}

/// Options of an index run.
public struct IndexOptions: Sendable {
    /// Keep articles whose files have disappeared.
    public var keepMissing = false
    /// Articles per transaction: each commit is a point a killed run resumes from.
    public var commitInterval = 10_000
    /// Merge the full-text index into one segment at the end of the run.
    public var optimize = false
    /// Parsed files held and sorted by date before writing (bounded by count
    /// and bytes). Up to seven batches' worth are held at once: the one being
    /// written and up to `ParseAhead.batchesAhead` parsed ahead of it.
    public var batchSize = 10_000
    public var batchBytes: Int64 = 16 << 20
    /// Group near-duplicate bodies into copy clusters as articles are added.
    public var detectCopies = true
    /// The language (ISO 639-1) of articles whose header states none; nil
    /// detects each one's (`LanguageDetector`). Detection takes 8% of an index
    /// run's time on generated English articles, so a single-language archive
    /// is indexed faster when it says so.
    public var language: String?
    /// Jaccard similarity of word shingles at or above which two bodies are
    /// copies (see `CopySignature`).
    public var copyThreshold = CopySignature.defaultThreshold
    /// Bytes of the run's list of files to read kept in memory; the rest
    /// waits in a scratch file beside the index (see `WorkQueue`).
    var workMemoryLimit = 4 << 20
    /// Band keys copy detection holds in memory before spilling them to its
    /// scratch file (`BandStore`); tests make it tiny to exercise spilling.
    var copyBandMemoryKeys = BandStore.defaultMemoryKeys
    /// Threads that parse files for the writer; with none, the writer parses
    /// them all itself (tests compare the two).
    var parseWorkers = ParseAhead.defaultWorkers
    /// Term counts the writer holds before writing the frequent terms' lists
    /// ahead of a commit; tests make it tiny to flush between batches.
    var termDocsFlushEntries = TermDocsWriter.defaultFlushEntries
    /// Which terms get document lists beside FTS5 (see `TermDocs`).
    public var frequentTerms = FrequentTermPolicy()
    /// A run that writes a whole index tallies its terms while parsing and
    /// chooses its frequent terms from the tallies (`FrequentTermTally`);
    /// tests turn it off to compare with the vocabulary walk.
    var tallyFrequentTerms = true
    /// Such a run keeps its frequent terms' lists in a scratch file until its
    /// last transaction (`TermDocsSpill`); tests turn it off to compare.
    var spillFrequentTermLists = true
    /// The spill's flushes run on a thread of their own (`TermDocsWriter.flush`);
    /// tests turn it off to compare.
    var flushSpillInBackground = true
    /// Commits are copied from the WAL into the database file on a thread of
    /// their own (`BackgroundCheckpointer`); tests turn it off to compare.
    var checkpointInBackground = true
    /// The WAL size at which the writer waits for the copy, so the WAL starts over.
    var walRestartBytes = BackgroundCheckpointer.defaultRestartBytes

    public init() {}
}
