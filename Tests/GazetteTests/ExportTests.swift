import Foundation
import Testing
@testable import Gazette
@testable import GazetteTools

/// `gazette export`: every match, in `search`'s order, as strict CSV or JSON Lines.
@Suite struct ExportTests {
    /// A generated archive with syndicated copies, and a word that many of its articles hold.
    final class Archive {
        let folder: TemporaryFolder
        let dumps: URL
        let index: GazetteIndex
        let word: String

        init(articles: Int = 400, seed: UInt64 = 11) throws {
            folder = try TemporaryFolder(prefix: "gazette-export")
            dumps = try folder.folder("dumps")
            let generator = CorpusGenerator(seed: seed, articleCount: articles, duplicateRate: 0.05)
            for article in generator.articles() { try RankingEquivalenceTests.Archive.write(article, into: dumps) }
            index = try GazetteIndex(path: folder.url.appendingPathComponent("index.db").path, access: .write)
            let summary = try Indexer(index: index).run(roots: [dumps.path])
            #expect(summary.rejected.isEmpty)
            // The word of the first articles' headlines that matches most articles, short of all of them.
            let searcher = Searcher(index: index)
            var best = ("", 0)
            for number in 0..<8 {
                for word in generator.article(at: number).title.split(separator: " ") {
                    let plain = word.lowercased().filter(\.isLetter)
                    guard plain.count >= 3 else { continue }
                    let total = try searcher.search(plain, options: SearchOptions()).total
                    if total > best.1 && total < articles / 2 { best = (plain, total) }
                }
            }
            word = best.0
            #expect(best.1 >= articles / 10, "the archive needs a word with many matches; best was \(best)")
        }
    }

    static func exported(_ searcher: Searcher, _ query: String, _ options: SearchOptions,
                         fields: [ExportField] = ExportField.defaults) throws -> [ExportRow] {
        var rows: [ExportRow] = []
        try searcher.export(query, options: options, fields: fields) { row in rows.append(row) }
        return rows
    }

    /// Every page of `search` by offset, then by cursor: both lists of ids in order.
    static func pages(_ searcher: Searcher, _ query: String, _ options: SearchOptions,
                      size: Int) throws -> (byOffset: [Int64], byCursor: [Int64]) {
        var byOffset: [Int64] = []
        var page = options
        page.limit = size
        while true {
            let hits = try searcher.search(query, options: page).hits
            byOffset += hits.map(\.id)
            if hits.count < size { break }
            page.offset += size
        }
        var byCursor: [Int64] = []
        page = options
        page.limit = size
        while true {
            let result = try searcher.search(query, options: page)
            byCursor += result.hits.map(\.id)
            guard let next = result.next else { break }
            page.after = try SearchCursor(encoded: next)
        }
        return (byOffset, byCursor)
    }

    @Test(arguments: [Gazette.SortOrder.relevance, .newest, .oldest])
    func exportIsEveryPageOfSearchInOrder(sort: Gazette.SortOrder) throws {
        let archive = try Archive()
        let searcher = Searcher(index: archive.index)
        for query in [archive.word, "\(archive.word) after:2018 before:2023", "after:2020-06 before:2021"] {
            for collapse in [false, true] {
                var options = SearchOptions()
                options.sort = sort
                options.collapseCopies = collapse
                let exported = try Self.exported(searcher, query, options).map(\.id)
                let (byOffset, byCursor) = try Self.pages(searcher, query, options, size: 17)
                #expect(!exported.isEmpty, "\(query)")
                #expect(exported == byOffset, "\(query) \(sort) collapse \(collapse): export against --offset pages")
                #expect(exported == byCursor, "\(query) \(sort) collapse \(collapse): export against cursor pages")
                #expect(Set(exported).count == exported.count)
                let first = try searcher.search(query, options: options)
                #expect(exported.count == (collapse ? first.totalDistinct : first.total))
            }
        }
    }

    @Test func exportedFieldsAreTheSearchHitsFields() throws {
        let archive = try Archive()
        let searcher = Searcher(index: archive.index)
        var options = SearchOptions()
        options.limit = 10_000
        options.collapseCopies = false
        let hits = try searcher.search(archive.word, options: options).hits
        let rows = try Self.exported(searcher, archive.word, options, fields: ExportField.allCases)
        #expect(rows.count == hits.count)
        for (row, hit) in zip(rows, hits) {
            #expect(row.id == hit.id && row.url == hit.url && row.title == hit.title && row.path == hit.path)
            #expect(row.source == hit.source && row.date == hit.date && row.wire == hit.wire && row.cluster == hit.cluster)
            #expect(row.score == hit.score)
            #expect(row.snippet == hit.snippet.text)
            #expect(row.body?.contains("\n") == true || row.body?.isEmpty == false)
        }
        // Copies: the other members of the article's cluster.
        for row in rows where row.cluster != row.id || row.copies > 0 {
            let size = try archive.index.database.scalarInt("SELECT size FROM copy_clusters WHERE id = ?1", [.integer(Int(row.cluster))])
            #expect(row.copies == (size ?? 1) - 1)
        }
        // Languages as the index recorded them ("" for not known reads as nil).
        for row in rows.prefix(50) {
            let select = try archive.index.database.cached("SELECT lang FROM articles WHERE id = ?1")
            select.bind(row.id, at: 1)
            #expect(try select.step())
            let stored = select.string(0)
            select.reset()
            #expect(row.lang == (stored.isEmpty ? nil : stored))
        }
    }

    /// RFC 4180, strictly: records end with CRLF, a field is either bare (no comma,
    /// quote, CR or LF) or quoted with inner quotes doubled and followed by a comma or
    /// the record's end. Anything else is an error, not a guess.
    static func parseCSV(_ text: String) throws -> [[String]] {
        struct Malformed: Error { let at: Int; let why: String }
        let scalars = Array(text.unicodeScalars)
        var records: [[String]] = []
        var record: [String] = []
        var index = 0
        while index < scalars.count {
            var field = String.UnicodeScalarView()
            if scalars[index] == "\"" {
                index += 1
                while true {
                    guard index < scalars.count else { throw Malformed(at: index, why: "unclosed quote") }
                    if scalars[index] == "\"" {
                        if index + 1 < scalars.count && scalars[index + 1] == "\"" {
                            field.append("\"")
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    field.append(scalars[index])
                    index += 1
                }
            } else {
                while index < scalars.count && scalars[index] != "," && scalars[index] != "\r" {
                    guard scalars[index] != "\"" && scalars[index] != "\n" else {
                        throw Malformed(at: index, why: "quote or bare LF in an unquoted field")
                    }
                    field.append(scalars[index])
                    index += 1
                }
            }
            record.append(String(field))
            guard index < scalars.count else { throw Malformed(at: index, why: "record without CRLF") }
            if scalars[index] == "," {
                index += 1
                continue
            }
            guard scalars[index] == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" else {
                throw Malformed(at: index, why: "expected a comma or CRLF after a field")
            }
            index += 2
            records.append(record)
            record = []
        }
        return records
    }

    @Test func csvRoundTripsThroughAStrictParser() throws {
        let titles = ["Floods, fires and \"relief\": a year", "\"Quoted\" headline", " leading space, trailing ",
                      "Plain flood headline", "Comma, only", "Ends with a quote\""]
        let corpus = try makeIndex(titles.enumerated().map { number, title in
            TestArticle("https://csv\(number % 2).example/\(number)", "2024-01-0\(number + 1)", title,
                        "First flood paragraph \(number), with a comma.\nSecond \"quoted\" paragraph\nThird line")
        })
        var options = SearchOptions()
        options.sort = .oldest
        options.collapseCopies = false
        let fields: [ExportField] = ExportField.defaults + [.body, .snippet, .score]
        let rows = try Self.exported(corpus.searcher, "flood", options, fields: fields)
        #expect(rows.count == titles.count)
        let encoder = ExportEncoder(format: .csv, fields: fields)
        let text = (encoder.header ?? "") + rows.map(encoder.record).joined()
        let records = try Self.parseCSV(text)
        #expect(records.first == fields.map(\.rawValue))
        #expect(records.count == rows.count + 1)
        for (record, row) in zip(records.dropFirst(), rows) {
            #expect(record.count == fields.count)
            #expect(record[0] == String(row.id))
            #expect(record[4] == row.title)
            #expect(record[9] == row.body)
            #expect(record[9].contains("\n"), "bodies keep their paragraph breaks")
        }
        #expect(Set(records.dropFirst().map { $0[4] }) == Set(titles.map { $0.trimmingCharacters(in: .whitespaces) }))

        // A title with a line break (possible through the library, not through a dump file).
        var row = try #require(rows.first)
        row.title = "Line one\r\nline two, \"three\"\nfour"
        let single = try Self.parseCSV(encoder.record(row))
        #expect(single.first?[4] == row.title)
    }

    @Test func jsonLinesHoldOneObjectPerArticleInFieldOrder() throws {
        let archive = try Archive(articles: 120, seed: 3)
        var options = SearchOptions()
        options.sort = .newest
        let fields: [ExportField] = [.id, .title, .wire, .score]
        let rows = try Self.exported(Searcher(index: archive.index), archive.word, options, fields: fields)
        let encoder = ExportEncoder(format: .jsonl, fields: fields)
        #expect(encoder.header == nil)
        for row in rows {
            let line = encoder.record(row)
            #expect(line.hasSuffix("\n") && !line.dropLast().contains("\n"))
            #expect(line.hasPrefix("{\"id\":\(row.id),\"title\":"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object.keys.sorted() == ["id", "score", "title", "wire"])
        }
    }

    @Test func cliExportWritesEveryMatchAndRefusesBadFields() throws {
        let directory = try CLITempDirectory()
        try directory.index(try directory.copyFixtures("articles"))
        let csv = try directory.run(["export", "flood", "--db", directory.db, "--sort", "newest"])
        #expect(csv.status == 0, "\(csv)")
        let records = try Self.parseCSV(csv.out)
        #expect(records.first == ExportField.defaults.map(\.rawValue))
        let pages = try directory.search(["flood", "--sort", "newest", "--all-copies", "--limit", "100"])
        #expect(records.dropFirst().map { $0[0] } == cliHits(pages.json).compactMap { cliInt($0, "id") }.map(String.init))
        #expect(csv.err.isEmpty, "no progress line when stderr is not a terminal: \(csv.err)")

        let jsonl = try directory.run(["export", "flood", "--db", directory.db, "--format", "jsonl", "--fields", "+score,+body", "--distinct"])
        #expect(jsonl.status == 0 && jsonl.jsonLines.count == cliInt(pages.json, "total_distinct"), "\(jsonl)")
        #expect(jsonl.jsonLines.allSatisfy { $0["body"] is String && cliIsNumber($0["score"]) })

        let nothing = try directory.run(["export", "zzzqqq", "--db", directory.db])
        #expect(nothing.status == 1 && nothing.out == "id,date,source,url,title,wire,cluster,copies,path\r\n", "\(nothing)")
        for bad in [["--fields", "id,bogus"], ["--fields", "+body,id"], ["--fields", ""], ["--format", "xml"], ["--sort", "random"]] {
            let run = try directory.run(["export", "flood", "--db", directory.db] + bad)
            #expect(run.status == 2 && run.out.isEmpty, "\(run)")
        }
        let lang = try directory.run(["export", "flood", "--db", directory.db, "--fields", "id,lang", "--format", "jsonl"])
        #expect(lang.status == 0 && lang.jsonLines.count == cliInt(pages.json, "total"), "\(lang)")
        #expect(lang.jsonLines.allSatisfy { $0["lang"] as? String == "en" || $0["lang"] is NSNull }, "\(lang.out.prefix(300))")
        let filtersOnly = try directory.run(["export", "source:valleytribune.org", "--db", directory.db, "--format", "jsonl"])
        #expect(filtersOnly.status == 0 && filtersOnly.jsonLines.allSatisfy { $0["source"] as? String == "valleytribune.org" })
        #expect(filtersOnly.jsonLines.count == 6)
    }
}
