import Gazette

/// `gazette evaluate --json`: one object per collection with each system's figures.
public enum EvaluationJSON {
    public static func collection(name: String, documents: Int, queries: Int, rows: [SystemEvaluation]) -> JSONValue {
        .object([
            ("collection", .string(name)),
            ("documents", .int(documents)),
            ("queries", .int(queries)),
            ("systems", .array(rows.map(system))),
        ])
    }

    static func system(_ row: SystemEvaluation) -> JSONValue {
        .object([
            ("system", .string(row.system.rawValue)),
            ("k1", .double(row.parameters.k1)),
            ("b", .double(row.parameters.b)),
            ("title_weight", .double(row.system == .porter ? 1 : row.parameters.titleWeight)),
            ("map", .double(row.mean.averagePrecision)),
            ("ndcg10", .double(row.mean.ndcg10)),
            ("p10", .double(row.mean.precision10)),
            ("recall100", .double(row.mean.recall100)),
            ("ms_per_query", .double(row.milliseconds)),
        ])
    }
}
