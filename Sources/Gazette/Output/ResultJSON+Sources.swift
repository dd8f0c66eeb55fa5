extension ResultJSON {
    /// `gazette sources --json`.
    public static func sources(_ report: SourceCoverageReport) -> JSONValue {
        (try? GazetteJSON.value(report)) ?? .null
    }
}

extension SourceCoverageReport: Encodable {
    enum CodingKeys: String, CodingKey { case by, sources }

    /// `{"by", "sources": [...]}`, each source as `SourceCoverage` encodes it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(granularity.rawValue, forKey: .by)
        try container.encode(sources, forKey: .sources)
    }
}

extension SourceCoverage: Encodable {
    enum CodingKeys: String, CodingKey {
        case source, articles, periods, gaps, rejected
        case firstDate = "first_date", lastDate = "last_date", implausibleDates = "implausible_dates"
    }

    enum PeriodKeys: String, CodingKey { case period, count }

    /// One source of `gazette sources --json`: dates are `YYYY-MM-DD` or null,
    /// `implausible_dates` a share of `articles` (0 to 1).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(articles, forKey: .articles)
        for (day, key) in [(firstDate, CodingKeys.firstDate), (lastDate, .lastDate)] {
            if let day { try container.encode(day.description, forKey: key) } else { try container.encodeNil(forKey: key) }
        }
        var periodList = container.nestedUnkeyedContainer(forKey: .periods)
        for period in periods {
            var entry = periodList.nestedContainer(keyedBy: PeriodKeys.self)
            try entry.encode(period.value, forKey: .period)
            try entry.encode(period.count, forKey: .count)
        }
        try container.encode(gaps, forKey: .gaps)
        try container.encode(implausibleDates, forKey: .implausibleDates)
        try container.encode(rejected, forKey: .rejected)
    }
}

extension CoverageGap: Encodable {
    enum CodingKeys: String, CodingKey { case from, to, periods }

    /// `{"from", "to", "periods"}`: the first and last empty period and how many there are.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(periods, forKey: .periods)
    }
}
