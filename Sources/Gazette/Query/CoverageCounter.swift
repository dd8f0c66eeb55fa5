/// One period of a coverage series: matches per query and their share of
/// all articles the index holds for that period.
public struct CoveragePeriod: Sendable, Equatable {
    public let period: String
    public let counts: [Int]
    /// counts[i] / articles in the period (0 when the period has no articles).
    public let shares: [Double]
    /// All articles in the index for the period.
    public let articles: Int
}

/// "Attention over time": how many articles match each query per period.
public struct CoverageSeries: Sendable {
    public let granularity: DateGranularity
    public let queries: [CompiledQuery]
    public let periods: [CoveragePeriod]
    /// Periods in which a source that has articles before and after has none:
    /// possible gaps in the collection rather than in attention (`sourceCoverage`).
    public var gaps: [PeriodGaps] = []
}

extension Searcher {
    /// Counts matches per period for each query, over the index's date span
    /// (narrowed by the date options), with empty periods filled with zero.
    /// `distinct` counts copy clusters instead of articles, shares included.
    public func coverage(_ texts: [String], granularity: DateGranularity?,
                         options: CompileOptions = CompileOptions(),
                         distinct: Bool = false) throws(GazetteError) -> CoverageSeries {
        var compiled: [CompiledQuery] = []
        for text in texts {
            do {
                compiled.append(try QueryCompiler.compile(text, options: options))
            } catch {
                throw GazetteError.query(error, query: text)
            }
        }
        return try index.wrap {
            try index.stemQueries(for: QueryFilters([], options).languages)
            // Every article the date and source options allow: the denominator of the shares.
            let everything = CompiledQuery(text: "", tree: nil, match: nil, filters: QueryFilters([], options))
            var plan: [String] = []
            let totals = distinct ? try perDayDistinct(everything, plan: &plan) : try perDay(everything)
            var perQuery: [[Day: Int]] = []
            for typed in compiled {
                let query = try withSurfaceChecks(typed, plan: &plan)
                let counts = distinct ? try perDayDistinct(query, plan: &plan) : try perDay(query)
                perQuery.append(Dictionary(counts, uniquingKeysWith: +))
            }
            guard let first = totals.first?.0, let last = totals.last?.0 else {
                return CoverageSeries(granularity: granularity ?? .month, queries: compiled, periods: [])
            }
            let unit = granularity ?? DateGranularity.suited(first: first, last: last)
            let totalBuckets = Histogram.buckets(totals, granularity: unit, first: first, last: last)
            let queryBuckets = perQuery.map { counts in
                Histogram.buckets(counts.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }, granularity: unit,
                                  first: first, last: last)
            }
            let periods = totalBuckets.enumerated().map { offset, total in
                let counts = queryBuckets.map { $0[offset].count }
                let shares = counts.map { total.count > 0 ? Double($0) / Double(total.count) : 0 }
                return CoveragePeriod(period: total.value, counts: counts, shares: shares, articles: total.count)
            }
            var series = CoverageSeries(granularity: unit, queries: compiled, periods: periods)
            series.gaps = try collectionGaps(periods: periods.map(\.period), granularity: unit, options: options)
            return series
        }
    }

    /// Matches per day, in date order.
    func perDay(_ query: CompiledQuery) throws -> [(Day, Int)] {
        let scope = MatchScope(query: query, joinArticles: false)
        return try dayCounts(
            "SELECT \(ArticleID.daySQL(of: scope.rowid)) AS k, count(*) FROM \(scope.from)\(scope.whereClause) GROUP BY k ORDER BY k",
            scope.values)
    }

    /// Runs a query whose rows are (day key, count), in date order.
    func dayCounts(_ sql: String, _ values: [SQLValue]) throws -> [(Day, Int)] {
        let statement = try index.database.cached(sql)
        defer { statement.reset() }
        statement.bind(values)
        var result: [(Day, Int)] = []
        while try statement.step() {
            result.append((ArticleID.day(of: statement.int64(0) << Int64(ArticleID.sequenceBits)), statement.int(1)))
        }
        return result
    }
}
