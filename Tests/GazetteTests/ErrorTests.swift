import Foundation
import Testing
@testable import Gazette

/// Errors keep what a program needs (a code, the path or query, the cause)
/// and print what a person reads, unchanged.
@Suite("Errors")
struct ErrorTests {
    @Test func translatedSQLiteErrorKeepsCodePathAndCause() throws {
        let sqlite = SQLiteError(code: .full, message: "database or disk is full")
        let error = GazetteError.from(sqlite, path: "/data/news.db")
        #expect(error.code == .database)
        #expect(error.path == "/data/news.db")
        #expect((error.underlying as? SQLiteError)?.code == .full)
        #expect(error.description.hasPrefix("/data/news.db: the disk is full (or over quota): free some space;"))
        #expect(error.exitCode == 3)

        let damaged = GazetteError.from(SQLiteError(code: .notADatabase, message: "file is not a database"), path: "x.db")
        #expect(damaged.code == .notAnIndex)
        #expect(damaged.description == "x.db is not a Gazette index (the file is damaged or not an SQLite database)")
        #expect((damaged.underlying as? SQLiteError)?.isCorrupt == true)
    }

    @Test func queryErrorsMatchByCodeAndKeepTheirQuery() {
        let error = GazetteError.query(QueryError("query has no words to search", column: 1), query: "(")
        #expect(error.description == "query error in \"(\": column 1: query has no words to search")
        #expect(error.exitCode == 2)
        #expect(error.query == "(" && error.queryError?.column == 1)
        guard case .query = error else {
            Issue.record("a query error matches .query")
            return
        }
        #expect(GazetteError.usage("--limit must not be negative").description == "--limit must not be negative")
        #expect(GazetteError.indexNotFound(path: "a.db").description
                == "no index at a.db: run `gazette index DIR --db a.db` first")
    }

    @Test func resultCodesAreATypeWithTheirPrimaryCode() {
        // SQLITE_IOERR_READ: SQLITE_IOERR (10) | 1 << 8.
        let read = SQLiteResultCode(rawValue: 10 | 1 << 8)
        #expect(read.primary == .ioError)
        #expect(SQLiteError(code: read, message: "disk I/O error").isIOError)
        #expect(SQLiteError(code: .locked, message: "locked").isBusy)
        #expect("\(SQLiteError(code: .busy, message: "database is locked"))" == "SQLite error 5: database is locked")
    }

    @Test func aFullDaySaysWhichDay() throws {
        let day = try #require(Day(year: 2024, month: 3, day: 9))
        let error = DayFullError(day: day)
        #expect(error.description.hasPrefix("more than 1048576 articles dated 2024-03-09"))
        // Through the index's translation it names the index and keeps the cause.
        let translated = GazetteError.translatingForTest(path: "i.db", error)
        #expect(translated.code == .database && translated.underlying is DayFullError)
        #expect(translated.description.hasPrefix("i.db: more than 1048576 articles dated 2024-03-09"))
    }
}

extension GazetteError {
    static func translatingForTest(path: String, _ error: any Error) -> GazetteError {
        do {
            return try GazetteError.translating(path: path) { () throws -> GazetteError in throw error }
        } catch {
            return error
        }
    }
}
