/// comparison.csv: one row per case, machine-readable (ns, fractions, full precision).
/// Columns: id, verdict, fails, base_median_ns, current_median_ns, relative_change,
/// ratio_ci_low, ratio_ci_high, p_value, test, basis, base_samples, current_samples,
/// failed_checks (`;`-separated messages), note, base_invocations, current_invocations.
public struct ComparisonCSVRenderer: ComparisonRenderer {
    public let fileName = "comparison.csv"

    public static let header = [
        "id", "verdict", "fails", "base_median_ns", "current_median_ns", "relative_change",
        "ratio_ci_low", "ratio_ci_high", "p_value", "test", "basis", "base_samples",
        "current_samples", "failed_checks", "note", "base_invocations", "current_invocations"
    ]

    public init() {}

    public func render(_ comparison: Comparison) throws -> String {
        let rows = comparison.casesByAttention.map { c -> [String] in
            let t = c.timing
            return [
                c.id, c.verdict.rawValue, c.fails(timingGated: comparison.timingGated) ? "true" : "false",
                CSVColumns.format(t?.baseMedianNs), CSVColumns.format(t?.currentMedianNs),
                CSVColumns.format(t?.relativeChange), CSVColumns.format(t?.ratioLow), CSVColumns.format(t?.ratioHigh),
                CSVColumns.format(t?.pValue), t?.test?.rawValue ?? "", t?.basis.rawValue ?? "",
                CSVColumns.format(t?.baseCount), CSVColumns.format(t?.currentCount),
                c.failedChecks.map(\.message).joined(separator: "; "), c.note ?? "",
                CSVColumns.format(t?.baseInvocations), CSVColumns.format(t?.currentInvocations)
            ]
        }
        return CSVWriter.table(header: Self.header, rows: rows)
    }
}
