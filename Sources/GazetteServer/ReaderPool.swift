import Dispatch
import Foundation
import Gazette

/// One read-only connection to the index and its searcher.
///
/// Neither `GazetteIndex` nor `Searcher` may be used by two threads at once;
/// the pool hands a reader to one job at a time, which is what makes the
/// `@unchecked Sendable` sound.
public final class Reader: @unchecked Sendable {
    public let index: GazetteIndex
    public let searcher: Searcher
    /// The reader's jobs run here, off Swift's cooperative threads: SQLite
    /// calls block, and a blocked cooperative thread stalls every request.
    let queue: DispatchQueue

    init(path: String, number: Int) throws(GazetteError) {
        index = try GazetteIndex(path: path, access: .read)
        searcher = Searcher(index: index)
        queue = DispatchQueue(label: "gazette.reader.\(number)")
    }
}

/// A small pool of read connections, opened as needed up to `size`.
///
/// Each job gets a connection of its own, and each of the library's reads
/// runs in one transaction, so concurrent requests read their own WAL
/// snapshots while `gazette index` commits; a request started after a commit
/// sees its articles.
public final class ReaderPool: @unchecked Sendable {
    public let path: String
    public let size: Int
    /// How long one request's index work may run before it is stopped.
    public let deadline: Double
    private let lock = NSLock()
    private var idle: [Reader] = []
    private var opened = 0
    private var waiters: [CheckedContinuation<Reader, Never>] = []

    /// Opens the first connection at once, so a missing or foreign index is
    /// reported when the server starts rather than on the first request.
    public init(path: String, size: Int, deadline: Double) throws(GazetteError) {
        self.path = path
        self.size = max(1, size)
        self.deadline = deadline
        idle = [try Reader(path: path, number: 0)]
        opened = 1
    }

    /// Runs `body` on a reader of its own, under the per-request deadline.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Reader) throws(GazetteError) -> T) async throws(GazetteError) -> T {
        let reader = try await acquire()
        let deadline = self.deadline
        let outcome: Result<T, GazetteError> = await withCheckedContinuation { continuation in
            reader.queue.async {
                continuation.resume(returning: Result { () throws(GazetteError) -> T in
                    try reader.index.withDeadline(seconds: deadline) { () throws(GazetteError) -> T in try body(reader) }
                })
            }
        }
        release(reader)
        return try outcome.get()
    }

    private enum Claim {
        case reader(Reader)
        case open(Int)
        case wait
    }

    private func acquire() async throws(GazetteError) -> Reader {
        let claim: Claim = lock.withLock {
            if let reader = idle.popLast() { return .reader(reader) }
            if opened < size {
                opened += 1
                return .open(opened - 1)
            }
            return .wait
        }
        switch claim {
        case .reader(let reader):
            return reader
        case .open(let number):
            do {
                return try Reader(path: path, number: number)
            } catch {
                lock.withLock { opened -= 1 }
                throw error
            }
        case .wait:
            return await withCheckedContinuation { continuation in
                let ready: Reader? = lock.withLock {
                    if let reader = idle.popLast() { return reader }
                    waiters.append(continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }

    private func release(_ reader: Reader) {
        let waiter: CheckedContinuation<Reader, Never>? = lock.withLock {
            if !waiters.isEmpty { return waiters.removeFirst() }
            idle.append(reader)
            return nil
        }
        waiter?.resume(returning: reader)
    }
}
