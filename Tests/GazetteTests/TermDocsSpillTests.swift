import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// A run that writes a whole new index keeps its frequent words' chunks in a
/// scratch file, and writes them into the table only in its last transaction:
/// what it finds, and what it writes, must be what the table would hold.
@Suite struct TermDocsSpillTests {
    /// Random writes (new last chunks, chunks before the last, rewrites) and
    /// deletions against a plain dictionary: every lookup finds the chunk the
    /// table's queries would find, and `writeAll` writes exactly the live chunks.
    @Test func chunksFoundAndWrittenAreTheOnesATableWouldHold() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-spill-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let terms: [[UInt8]] = ["storm", "harbor", "levee", "ab", "a"].map { Array($0.utf8) }
        let spill = try #require(TermDocsSpill(termCount: terms.count, chosenAtRows: 77, folders: [folder]))
        var model = Array(repeating: [Int64: [UInt8]](), count: terms.count)
        var random = SplitMix64(seed: 5)
        for step in 0..<3_000 {
            let term = Int(random.next() % UInt64(terms.count))
            // Mostly increasing keys, as an index run writes them, with rewrites and inserts before the last.
            let first = Int64(random.next() % 40) * 10 + Int64(step / 100) * 400
            if random.next() % 5 == 0, let existing = model[term].keys.randomElement(using: &random) {
                spill.delete(term: Int32(term), first: existing)
                model[term][existing] = nil
            } else {
                let bytes = (0..<Int(random.next() % 40 + 1)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                try spill.write(term: Int32(term), first: first, bytes: bytes)
                model[term][first] = bytes
            }
            let probe = Int64(random.next() % UInt64(step / 100 * 400 + 500)) - 20
            let keys = model[term].keys.sorted()
            let found = try spill.chunk(holding: probe, of: Int32(term))
            if keys.isEmpty {
                #expect(found == nil)
            } else {
                let at = keys.lastIndex { $0 <= probe } ?? 0
                #expect(found?.first == keys[at], "step \(step)")
                #expect(found?.bytes == model[term][keys[at]], "step \(step)")
                #expect(found?.nextFirst == (at + 1 < keys.count ? keys[at + 1] : Int64.max), "step \(step)")
            }
        }
        for term in terms.indices { spill.docs[term] = term * 3 }

        let index = try GazetteIndex(path: folder + "/g.db", access: .write)
        try index.database.transaction { () throws in try spill.writeAll(into: index.database, terms: terms) }
        let rows = try index.database.prepare("SELECT term, first, data FROM term_docs")
        var written: [String] = []
        while try rows.step() { written.append("\(rows.string(0)) \(rows.int64(1)) \(rows.blob(2))") }
        var expected: [String] = []
        for term in terms.indices.sorted(by: { terms[$0].lexicographicallyPrecedes(terms[$1]) }) {
            for first in model[term].keys.sorted() {
                expected.append("\(String(decoding: terms[term], as: UTF8.self)) \(first) \(model[term][first] ?? [])")
            }
        }
        #expect(written == expected)
        let chosen = try index.database.prepare("SELECT term, docs FROM frequent_terms ORDER BY term")
        var counts: [String: Int] = [:]
        while try chosen.step() { counts[chosen.string(0)] = chosen.int(1) }
        #expect(counts == Dictionary(uniqueKeysWithValues: terms.indices.map { (String(decoding: terms[$0], as: UTF8.self), $0 * 3) }))
        #expect(try index.database.scalarString("SELECT value FROM meta WHERE key = ?1", [.text(TermDocs.selectedAtKey)]) == "77")
    }
}
