import ArgumentParser
import Foundation
import Gazette
import GazetteTools

/// `gazette evaluate`: ranking effectiveness on judged test collections (hidden; for developers).
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score rankings (MAP, nDCG@10, P@10, recall@100) on judged test collections.",
        discussion: """
            --collection DIR reads DIR/docs.tsv, queries.tsv and qrels.tsv (see Fixtures/collections), \
            indexes them with Gazette and with raw FTS5 porter in a temporary folder and scores \
            fts5-porter, gazette-bm25 and gazette-expand. --sweep also scores BM25 k1, b and title weights.
            """,
        shouldDisplay: false
    )

    @Option(name: .long, help: ArgumentHelp("A collection folder (repeatable).", valueName: "dir"))
    var collection: [String] = []

    @Flag(name: .long, help: "Also sweep k1, b and the title weight of Gazette's BM25.")
    var sweep = false

    @Option(name: .long, help: ArgumentHelp("Feedback articles for expansion.", valueName: "n"))
    var fbDocs = ExpansionSettings().feedbackDocuments

    @Option(name: .long, help: ArgumentHelp("Terms added by expansion.", valueName: "n"))
    var fbTerms = ExpansionSettings().terms

    @Option(name: .long, help: ArgumentHelp("Weight of the added terms together against the original ones.", valueName: "w"))
    var fbWeight = ExpansionSettings().weight

    @Option(name: .long, help: ArgumentHelp("Added terms must be in at most this share of articles.", valueName: "s"))
    var fbMaxShare = ExpansionSettings().maxDocumentShare

    @Option(name: .long, help: ArgumentHelp("Added terms must be in at least this many feedback articles.", valueName: "n"))
    var fbMinDocs = ExpansionSettings().minimumFeedbackDocuments

    @Option(name: .long, help: ArgumentHelp("Rank added terms by p(t|R)·idf (true) or p(t|R) (false).", valueName: "bool"))
    var fbIdf = ExpansionSettings().idfWeighting

    @Option(name: .long, help: ArgumentHelp("Damp short feedback documents: p(t|d) = tf / (|d| + s · mean length).", valueName: "s"))
    var fbSmoothing = ExpansionSettings().lengthSmoothing

    @Option(name: .long, help: ArgumentHelp("Extra weight of typed words by their feedback likelihood (RM3's re-weighting).", valueName: "w"))
    var fbOriginal = ExpansionSettings().originalWeight

    @Option(name: .long, help: ArgumentHelp("BM25 k1 of expanded searches.", valueName: "k1"))
    var fbK1 = ExpansionSettings().k1

    @Option(name: .long, help: ArgumentHelp("BM25 b of expanded searches.", valueName: "b"))
    var fbB = ExpansionSettings().b

    @Flag(name: .long, help: "Score only gazette-expand (for tuning expansion).")
    var expandOnly = false

    @Flag(name: .long, help: "Print one JSON object on stdout.")
    var json = false

    func validate() throws {
        if collection.isEmpty { throw ValidationError("give at least one --collection DIR") }
        guard fbDocs > 0, fbTerms >= 0, fbWeight >= 0, fbMaxShare > 0 else { throw ValidationError("expansion settings must be positive") }
    }

    var settings: ExpansionSettings {
        var settings = ExpansionSettings()
        settings.feedbackDocuments = fbDocs
        settings.terms = fbTerms
        settings.weight = fbWeight
        settings.maxDocumentShare = fbMaxShare
        settings.minimumFeedbackDocuments = fbMinDocs
        settings.idfWeighting = fbIdf
        settings.lengthSmoothing = fbSmoothing
        settings.originalWeight = fbOriginal
        settings.k1 = fbK1
        settings.b = fbB
        return settings
    }

    func run() throws {
        var reports: [JSONValue] = []
        for directory in collection {
            let judged = try JudgedCollection.load(directory: directory)
            let folder = try CollectionEvaluator.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let evaluator = try CollectionEvaluator(collection: judged, folder: folder)
            var rows: [SystemEvaluation] = []
            for system in RankingSystem.allCases where !expandOnly || system == .expanded {
                rows.append(try evaluator.evaluate(system, expansion: settings))
            }
            if sweep {
                for k1 in [0.6, 0.9, 1.2, 1.5, 2.0] {
                    for b in [0.3, 0.5, 0.75, 0.9] {
                        rows.append(try evaluator.evaluate(.gazette, parameters: BM25Parameters(k1: k1, b: b)))
                    }
                }
                for title in [1.0, 1.5, 2.0, 4.0, 6.0] {
                    rows.append(try evaluator.evaluate(.gazette, parameters: BM25Parameters(titleWeight: title)))
                }
            }
            let queries = rows.first?.queries ?? 0
            if !json {
                print("\(judged.name): \(judged.documents.count) documents, \(queries) judged queries")
                print("  system           parameters                       MAP     nDCG@10  P@10    R@100   ms/query")
                for row in rows {
                    var parameters = row.system == .porter ? "bm25() title=1 body=1" : row.parameters.description
                    if row.system == .expanded { parameters = "k1=\(settings.k1) b=\(settings.b) title=\(row.parameters.titleWeight)" }
                    print("  " + pad(row.system.rawValue, 16) + " " + pad(parameters, 32)
                          + " " + fixed(row.mean.averagePrecision) + "  " + fixed(row.mean.ndcg10)
                          + "  " + fixed(row.mean.precision10) + "  " + fixed(row.mean.recall100)
                          + "  " + String(format: "%.2f", row.milliseconds))
                }
            }
            reports.append(EvaluationJSON.collection(name: judged.name, documents: judged.documents.count,
                                                     queries: queries, rows: rows))
        }
        if json { print(JSONValue.object([("collections", .array(reports))]).serialized()) }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func fixed(_ value: Double) -> String { String(format: "%.4f", value) }
}
