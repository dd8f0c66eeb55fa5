import Foundation

extension TermDocsWriter {
    /// One flush of spilled lists running on a thread of its own, so the
    /// writer's thread, the indexer's critical path, goes on writing articles.
    ///
    /// `@unchecked Sendable`: the flush thread reaches `writer` only through
    /// `apply`, which while the lists are spilled reads and writes only the
    /// spill, the kept last chunks, the grouping storage and the flush
    /// statistics (never the database). `TermDocsWriter` touches none of those
    /// until `wait` or `settle` has returned, and meanwhile only records new
    /// changes into arrays of its own. Everything else here is guarded by `condition`.
    final class BackgroundFlush: @unchecked Sendable {
        /// Let go by the thread before it signals the end: the thread's closure
        /// keeps this object alive until the thread exits, and should it hold the
        /// last reference to the writer (and so to its connection), the connection
        /// would close on that thread, racing the process's exit.
        private var writer: TermDocsWriter?
        private var articles: [PendingArticle]
        private var entries: [FrequentTermCounts.Entry]
        private let terms: FrequentTermSet
        private let condition = NSCondition()
        private var finished = false
        private var failure: (any Error)?

        init(writer: TermDocsWriter, articles: [PendingArticle], entries: [FrequentTermCounts.Entry],
             terms: FrequentTermSet) {
            self.writer = writer
            self.articles = articles
            self.entries = entries
            self.terms = terms
        }

        func start() {
            let thread = Thread { [self] in run() }
            thread.name = "gazette-lists"
            thread.start()
        }

        private func run() {
            var error: (any Error)?
            do {
                try writer?.apply(articles: articles, entries: entries, terms: terms)
            } catch let caught {
                error = caught
            }
            articles.removeAll(keepingCapacity: true)
            entries.removeAll(keepingCapacity: true)
            condition.lock()
            writer = nil
            failure = error
            finished = true
            condition.broadcast()
            condition.unlock()
        }

        /// Waits for the flush; throws its error, once.
        func wait() throws {
            condition.lock()
            while !finished { condition.wait() }
            let error = failure
            failure = nil
            condition.unlock()
            if let error { throw error }
        }

        /// Waits for the flush without throwing: its error stays for `wait`.
        func settle() {
            condition.lock()
            while !finished { condition.wait() }
            condition.unlock()
        }

        /// The flushed arrays, emptied with their capacity kept, once the flush is done.
        func emptiedArrays() -> (articles: [PendingArticle], entries: [FrequentTermCounts.Entry]) {
            settle()
            return (articles, entries)
        }
    }
}
