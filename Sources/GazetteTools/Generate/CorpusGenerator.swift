import Gazette
/// One generated news article, as it would appear in a dump file.
public struct GeneratedArticle: Sendable {
    /// 0-based position in the corpus.
    public let index: Int
    /// Canonical URL; unique within a corpus.
    public let url: String
    /// Host without `www.`.
    public let source: String
    public let date: Day
    /// The headline (dump line 2).
    public let title: String
    /// Body paragraphs, one dump line each.
    public let paragraphs: [String]
    /// Index of the original article when this is a syndicated copy.
    public let copyOf: Int?
    /// Position in `GeneratorWordLists.hosts`; copies need it to pick a different site.
    let sourceIndex: Int
    /// Large corpora add a day level so no folder holds more than ~1000 files.
    let dayFolders: Bool

    /// The dump file's text in the real format: ` date YYYY-MM-DD URL`, the
    /// headline, then one paragraph per line, ending with a newline.
    public func dumpText() -> String {
        var buffer: [UInt8] = []
        appendDump(to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    func appendDump(to buffer: inout [UInt8]) {
        buffer.append(contentsOf: " date ".utf8)
        buffer.append(contentsOf: date.description.utf8)
        buffer.append(UInt8(ascii: " "))
        buffer.append(contentsOf: url.utf8)
        buffer.append(UInt8(ascii: "\n"))
        buffer.append(contentsOf: title.utf8)
        buffer.append(UInt8(ascii: "\n"))
        for paragraph in paragraphs {
            buffer.append(contentsOf: paragraph.utf8)
            buffer.append(UInt8(ascii: "\n"))
        }
    }

    /// Relative path of the dump file, e.g. `2019/04/riverside-courier.com/000123.txt`
    /// (`2019/04/17/…` for corpora over 300,000 articles).
    public var relativePath: String {
        let month = Day.pad(date.year, 4) + "/" + Day.pad(date.month, 2)
        let folder = dayFolders ? month + "/" + Day.pad(date.day, 2) : month
        return folder + "/" + source + "/" + Day.pad(index, 6) + ".txt"
    }
}

/// Deterministic generator of realistic news dumps for tests, benchmarks and
/// `gazette generate`.
///
/// Every article is a pure function of (seed, index): it draws from its own
/// PRNG stream, so any article can be generated alone, iteration is streaming,
/// and the corpus is never held in memory. About `duplicateRate` of articles
/// are syndicated copies of an earlier article, regenerated from the original's
/// stream and lightly edited; `duplicateGroundTruth()` lists them.
public struct CorpusGenerator: Sendable {
    public let seed: UInt64
    public let articleCount: Int
    public let duplicateRate: Double

    /// Days that generated articles fall on: 2016-01-01 through 2025-12-31.
    public static let dateRange: ClosedRange<Day> = Day(daysSinceEpoch: 16_801)...Day(daysSinceEpoch: 20_453)

    /// Hosts without `www.`, in descending order of expected frequency.
    public static var sources: [String] { sourceNames }

    static let sourceNames = GeneratorWordLists.hosts.map { $0.hasPrefix("www.") ? String($0.dropFirst(4)) : $0 }
    /// Site sizes follow a Zipf law, like real news archives.
    static let sourceSampler = GeneratorAliasTable(zipfCount: GeneratorWordLists.hosts.count, offset: 1.5)

    private static let planSalt: UInt64 = 0x706C_616E
    static let contentSalt: UInt64 = 0x626F_6479
    static let copySalt: UInt64 = 0x636F_7079

    /// - Parameters:
    ///   - seed: Same seed, same corpus, byte for byte.
    ///   - articleCount: Number of articles (negative counts as 0).
    ///   - duplicateRate: Fraction of articles that are syndicated copies (clamped to 0...0.5).
    public init(seed: UInt64 = 42, articleCount: Int, duplicateRate: Double = 0.01) {
        self.seed = seed
        self.articleCount = max(0, articleCount)
        self.duplicateRate = duplicateRate.isNaN ? 0 : min(0.5, max(0, duplicateRate))
    }

    /// Article `index` (0-based), generated independently of all others.
    public func article(at index: Int) -> GeneratedArticle {
        precondition(index >= 0, "article index must be non-negative")
        guard let original = originalIndex(of: index) else { return makeOriginal(index) }
        return makeCopy(index, of: makeOriginal(original))
    }

    /// All articles in index order, generated lazily one at a time.
    public func articles() -> GeneratedArticles { GeneratedArticles(generator: self) }

    /// Ground truth: `(copy, original)` for every planted syndicated copy, by copy index.
    /// Cheap: it evaluates only the copy plan, not the articles.
    public func duplicateGroundTruth() -> [(copy: Int, original: Int)] {
        (0..<articleCount).compactMap { i in originalIndex(of: i).map { (copy: i, original: $0) } }
    }

    // MARK: - Planning

    private func isCopyCandidate(_ index: Int) -> Bool {
        var rng = SplitMix64(seed: SplitMix64.derive(seed, index: index, salt: Self.planSalt))
        return index > 0 && rng.unit() < duplicateRate
    }

    /// The original that article `index` copies, or nil for an original.
    /// Originals are never copies themselves, so ground truth has no chains.
    func originalIndex(of index: Int) -> Int? {
        guard index > 0 else { return nil }
        var rng = SplitMix64(seed: SplitMix64.derive(seed, index: index, salt: Self.planSalt))
        guard rng.unit() < duplicateRate else { return nil }
        // Wire stories get picked up soon after publication, so copy from a recent window.
        let window = min(index, 2_000)
        for _ in 0..<16 {
            let candidate = index - 1 - rng.below(window)
            if !isCopyCandidate(candidate) { return candidate }
        }
        return nil
    }

    /// Source and date of article `index` without generating its text.
    func placement(of index: Int) -> (source: Int, day: Day) {
        if let original = originalIndex(of: index) {
            var rng = SplitMix64(seed: SplitMix64.derive(seed, index: index, salt: Self.copySalt))
            return Self.copyPlacement(&rng, original: placement(of: original))
        }
        var rng = SplitMix64(seed: SplitMix64.derive(seed, index: index, salt: Self.contentSalt))
        return Self.originalPlacement(&rng)
    }

    /// Must be the first draws of an original's stream (see `placement(of:)`).
    static func originalPlacement(_ rng: inout SplitMix64) -> (source: Int, day: Day) {
        let source = sourceSampler.sample(&rng)
        let first = dateRange.lowerBound.daysSinceEpoch
        let span = dateRange.upperBound.daysSinceEpoch - first + 1
        // Density rising linearly by 60% over the decade (archives grow);
        // inverse CDF of f(x) ∝ 1 + a·x. `squareRoot` is exactly rounded, so this is portable.
        let a = 0.6
        let x = ((1 + 2 * a * rng.unit() * (1 + a / 2)).squareRoot() - 1) / a
        return (source, Day(daysSinceEpoch: first + min(span - 1, max(0, Int(x * Double(span))))))
    }

    /// Must be the first draws of a copy's stream.
    static func copyPlacement(_ rng: inout SplitMix64, original: (source: Int, day: Day)) -> (source: Int, day: Day) {
        var source = sourceSampler.sample(&rng)
        if source == original.source { source = (source + 1 + rng.below(sourceNames.count - 1)) % sourceNames.count }
        let days = min(original.day.daysSinceEpoch + rng.within(0...3), dateRange.upperBound.daysSinceEpoch)
        return (source, Day(daysSinceEpoch: days))
    }

    var usesDayFolders: Bool { articleCount > 300_000 }

    func makeURL(source: Int, day: Day, title: String, index: Int) -> String {
        var slugWords: [Substring] = []
        for word in title.lowercased().split(separator: " ") where slugWords.count < 7 {
            let clean = word.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
            if !clean.isEmpty { slugWords.append(Substring(clean)) }
        }
        let slug = slugWords.joined(separator: "-") + "-" + String(index + 1_000)
        let y = Day.pad(day.year, 4), m = Day.pad(day.month, 2), d = Day.pad(day.day, 2)
        let host = "https://" + GeneratorWordLists.hosts[source]
        // A few URL layouts, as different CMSs produce.
        switch source % 4 {
        case 2: return host + "/news/" + y + "/" + m + "/" + d + "/" + slug
        case 3: return host + "/" + y + "-" + m + "-" + d + "/" + slug
        default: return host + "/" + y + "/" + m + "/" + d + "/" + slug
        }
    }
}

/// The articles of a `CorpusGenerator`, produced lazily in index order.
public struct GeneratedArticles: Sequence, Sendable {
    let generator: CorpusGenerator

    public struct Iterator: IteratorProtocol {
        let generator: CorpusGenerator
        var nextIndex = 0

        public mutating func next() -> GeneratedArticle? {
            guard nextIndex < generator.articleCount else { return nil }
            defer { nextIndex += 1 }
            return generator.article(at: nextIndex)
        }
    }

    public func makeIterator() -> Iterator { Iterator(generator: generator) }
    public var underestimatedCount: Int { generator.articleCount }
}
