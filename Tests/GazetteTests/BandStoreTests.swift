import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// The band store against the obvious model: a map of every live key to the
/// articles holding it.
private struct BandModel {
    var holders: [UInt32: Set<Int64>] = [:]

    mutating func insert(_ keys: [Int], id: Int64) {
        for key in keys { holders[UInt32(key), default: []].insert(id) }
    }

    mutating func remove(_ keys: [Int], id: Int64) {
        for key in keys { holders[UInt32(key)]?.remove(id) }
    }

    func candidates(_ keys: [Int]) -> Set<Int64> {
        keys.reduce(into: []) { $0.formUnion(holders[UInt32($1)] ?? []) }
    }
}

/// Random articles for the store: half draw their keys from a small shared
/// pool, so most probes hit many articles across runs; the rest have keys of
/// their own, so most of their probes hit nothing.
private struct BandWorkload {
    var rng: SplitMix64
    let pool: [Int]
    /// Runs left by the loaded articles, all unmerged.
    var loadedRuns = 0

    init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
        var poolRNG = SplitMix64(seed: seed ^ 0xB00B)
        pool = (0..<600).map { _ in Int(poolRNG.next() & 0x7FFF_FFFF) }
    }

    mutating func keys() -> [Int] {
        let shared = rng.below(2) == 0
        return (0..<CopySignature.bands).map { _ in
            shared ? pool[rng.below(pool.count)] : Int(rng.next() & 0x7FFF_FFFF)
        }
    }

    /// First `loaded` articles inserted as `CopyDetector.loadBands` does,
    /// without merging; then inserts, removals and reinsertions of removed
    /// ids under new keys, checking a probe against the model after each.
    mutating func run(_ store: BandStore, loaded: Int = 0, steps: Int,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        var model = BandModel()
        var live: [Int64: [Int]] = [:]
        var removed: [Int64] = []
        var nextID: Int64 = 1
        var mismatches = 0
        for _ in 0..<loaded {
            let keys = keys()
            try store.insert(keys, id: nextID, merging: false)
            model.insert(keys, id: nextID)
            live[nextID] = keys
            nextID += 1
        }
        loadedRuns = store.runs.count
        for _ in 0..<steps {
            switch rng.below(10) {
            case 0 where !live.isEmpty:
                let id = live.keys.sorted()[rng.below(live.count)]
                let keys = live.removeValue(forKey: id) ?? []
                store.remove(keys, id: id)
                model.remove(keys, id: id)
                removed.append(id)
            case 1 where !removed.isEmpty:
                // An id reused after a removal, as a replaced article's may be.
                let id = removed.remove(at: rng.below(removed.count))
                let keys = keys()
                try store.insert(keys, id: id)
                model.insert(keys, id: id)
                live[id] = keys
            default:
                let keys = keys()
                try store.insert(keys, id: nextID)
                model.insert(keys, id: nextID)
                live[nextID] = keys
                nextID += 1
            }
            // Probe with a live article's keys, a removed one's, or fresh ones.
            let probe = rng.below(3) == 0 || live.isEmpty ? keys() : live[live.keys.sorted()[rng.below(live.count)]] ?? []
            let found = try store.candidates(probe)
            if Set(found) != model.candidates(probe) || Set(found).count != found.count { mismatches += 1 }
        }
        #expect(mismatches == 0, "probes that differ from the model", sourceLocation: sourceLocation)
    }
}

@Suite("Band store")
struct BandStoreTests {
    @Test func tinyTableAcrossSpillsAndMergesFindsExactlyWhatTheModelFinds() throws {
        let folder = try TemporaryFolder(prefix: "gazette-bands")
        let store = BandStore(memoryKeys: 64, expectedKeys: 0, scratchFolders: [folder.url.path])
        var workload = BandWorkload(seed: 1)
        try workload.run(store, loaded: 1_000, steps: 3_000)
        #expect(workload.loadedRuns > BandStore.mergeWidth, "a load spills without merging")
        #expect(store.scratchFolder == folder.url.path)
        #expect(!store.memoryOnly)
        #expect(store.runs.contains { $0.level >= 3 }, "runs were merged, and merged runs merged again")
        #expect(store.runs.count < 4 * 3 + 2, "at most three runs a level: \(store.runs.map(\.level))")
    }

    @Test func scratchFileHasNoNameEvenWhileInUse() throws {
        let folder = try TemporaryFolder(prefix: "gazette-bands")
        let store = BandStore(memoryKeys: 64, expectedKeys: 0, scratchFolders: [folder.url.path])
        for article in 0..<100 { try store.insert(BandIndexTests.keys(article), id: Int64(article)) }
        #expect(!store.runs.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
        #expect(try store.candidates(BandIndexTests.keys(42)) == [42])
    }

    @Test func unusableScratchFoldersFallBackToTheNextAndThenToMemory() throws {
        let folder = try TemporaryFolder(prefix: "gazette-bands")
        let missing = folder.url.appendingPathComponent("no/such/folder").path
        let fallback = BandStore(memoryKeys: 64, expectedKeys: 0, scratchFolders: [missing, folder.url.path])
        for article in 0..<100 { try fallback.insert(BandIndexTests.keys(article), id: Int64(article)) }
        #expect(fallback.scratchFolder == folder.url.path)

        let memory = BandStore(memoryKeys: 64, expectedKeys: 0, scratchFolders: [missing])
        var workload = BandWorkload(seed: 2)
        try workload.run(memory, steps: 1_000)
        #expect(memory.memoryOnly && memory.runs.isEmpty && memory.scratchFolder == nil)
    }

    @Test func bloomFilterNeverMissesAKeyItHoldsEvenOverfull() {
        var rng = SplitMix64(seed: 3)
        let keys = (0..<40_000).map { _ in UInt32(truncatingIfNeeded: rng.next() & 0x7FFF_FFFF) }
        var sized = BandBloom(expectedKeys: keys.count)
        var overfull = BandBloom(expectedKeys: 1_000)
        for key in keys {
            sized.insert(key)
            overfull.insert(key)
        }
        #expect(keys.allSatisfy { sized.mayContain($0) && overfull.mayContain($0) })
        let absent = (0..<100_000).map { _ in UInt32(truncatingIfNeeded: rng.next() & 0x7FFF_FFFF) }
        let passed = absent.count { sized.mayContain($0) }
        // About 1% at ten bits a key; a filter that spreads keys badly passes far more.
        #expect(passed < 2_500, "\(passed) of 100,000 absent keys passed")
    }

    @Test func runBlocksCoverEveryEntryOfAKeyThatCrossesABlockBoundary() throws {
        let folder = try TemporaryFolder(prefix: "gazette-bands")
        let store = BandStore(memoryKeys: 2_000, expectedKeys: 0, scratchFolders: [folder.url.path])
        // 1,500 articles share one key: its entries fill several blocks of a run.
        for id in 0..<1_500 { try store.insert([7, 1_000 + id], id: Int64(id)) }
        try store.insert([7], id: 9_999)
        #expect(!store.runs.isEmpty)
        #expect(try Set(store.candidates([7])) == Set((0..<1_500).map(Int64.init) + [9_999]))
        #expect(try store.candidates([1_000 + 1_234]) == [1_234])
        #expect(try store.candidates([6, 8, 0x7FFF_FFFF]).isEmpty)
    }

    @Test func tinyTableIndexesAGeneratedCorpusExactlyAsTheDefaultTable() throws {
        let corpus = try TemporaryFolder(prefix: "gazette-bands-corpus")
        let generator = CorpusGenerator(seed: 21, articleCount: 2_000, duplicateRate: 0.12)
        try generator.write(to: corpus.url.path)
        var tiny = IndexOptions()
        tiny.copyBandMemoryKeys = 64
        let reference = try CopyTestIndex()
        let spilled = try CopyTestIndex()
        for (index, options) in [(reference, IndexOptions()), (spilled, tiny)] {
            _ = try Indexer(index: index.index, options: options).run(roots: [corpus.url.path])
        }
        #expect(try copyRows(reference) == copyRows(spilled))
        #expect(try reference.index.database.scalarInt("SELECT count(*) FROM copy_clusters") ?? 0 > 50)

        // A second run loads the stored keys (spilling them), replaces and removes articles.
        let files = try FileManager.default.subpathsOfDirectory(atPath: corpus.url.path)
            .filter { $0.hasSuffix(".txt") }.sorted()
        for (number, file) in files.enumerated() where number % 17 == 0 {
            let url = corpus.url.appendingPathComponent(file)
            if number % 34 == 0 {
                try FileManager.default.removeItem(at: url)
            } else {
                let corrected = try String(contentsOf: url, encoding: .utf8) + "A late correction to this story.\n"
                try corrected.write(to: url, atomically: true, encoding: .utf8)
            }
        }
        for (index, options) in [(reference, IndexOptions()), (spilled, tiny)] {
            let summary = try Indexer(index: index.index, options: options).run(roots: [corpus.url.path])
            #expect(summary.updated > 0 && summary.removed > 0)
        }
        #expect(try copyRows(reference) == copyRows(spilled))
    }

    private func copyRows(_ index: CopyTestIndex) throws -> [String] {
        var rows: [String] = []
        let members = try index.index.database.prepare("SELECT id, cluster, wire FROM copy_members ORDER BY id")
        while try members.step() {
            let cluster = members.isNull(1) ? "-" : String(members.int64(1))
            rows.append("m \(members.int64(0)) \(cluster) \(members.isNull(2) ? "-" : members.string(2))")
        }
        let clusters = try index.index.database.prepare("SELECT id, size, sources FROM copy_clusters ORDER BY id")
        while try clusters.step() { rows.append("c \(clusters.int64(0)) \(clusters.int64(1)) \(clusters.int64(2))") }
        return rows
    }
}
