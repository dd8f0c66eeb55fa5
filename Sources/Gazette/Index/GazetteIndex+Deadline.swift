extension GazetteIndex {
    /// Runs `body` with every SQLite statement it runs on this index stopped
    /// once `seconds` have passed, so one costly query cannot hold a server's
    /// connection for long. A stopped statement surfaces as
    /// `GazetteError.deadlineExceeded`; the index is only read, so nothing is
    /// left half done.
    public func withDeadline<T>(seconds: Double, _ body: () throws(GazetteError) -> T) throws(GazetteError) -> T {
        try database.withStatementDeadline(seconds: seconds, path: path, body)
    }
}
