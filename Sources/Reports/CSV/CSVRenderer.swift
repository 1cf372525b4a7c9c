import Harness

/// results.csv: one row per case with the columns of `CSVColumns`, for spreadsheets,
/// pandas and scripts. Values are machine-readable (full precision, ns, bytes).
public struct CSVRenderer: ReportRenderer {
    public let fileName = "results.csv"

    public init() {}

    public func render(_ run: RunRecord) throws -> String {
        let columns = CSVColumns.all(for: run)
        let rows = run.cases.map { record in columns.map { $0.value(record) } }
        return CSVWriter.table(header: columns.map(\.name), rows: rows)
    }
}
