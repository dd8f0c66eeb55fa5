/// Why a query cannot be searched, and where.
///
/// The parser is lenient, so errors are reserved for queries that cannot mean
/// anything (no words, only exclusions), that use a filter where it cannot
/// apply, or that exceed a hard limit.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A sentence naming the problem, suitable for showing to the user.
    public let message: String
    /// The 1-based column (in characters, i.e. grapheme clusters) where the problem starts.
    public let column: Int

    public init(_ message: String, column: Int) {
        self.message = message
        self.column = max(1, column)
    }

    /// `column 7: <message>`.
    public var description: String { "column \(column): \(message)" }
}
